import AgoraTesting
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

/// A vendor on a platform, created straight through the stores.
func makeVendor(_ slug: String, platform: Platform, tier: String, kernel: KernelServices, trialEndsAt: Date? = nil) async throws -> Vendor {
    try await kernel.database.transaction { tx in
        let now = Date()
        let company = Company(id: UUID.v7(), name: slug, legalName: nil, addressLine1: nil, addressLine2: nil, postalCode: nil, city: nil,
                              country: "LU", vatNumber: nil, email: nil, homePlatformId: platform.id, createdAt: now, updatedAt: now)
        try await TenancyStore.save(company, isNew: true, on: tx)
        let vendor = Vendor(id: UUID.v7(), companyId: company.id, slug: slug, name: slug, country: "LU", currency: "EUR", locale: "fr-LU",
                            isActive: true, createdAt: now, updatedAt: now)
        try await TenancyStore.save(vendor, isNew: true, on: tx)
        var subscription = try await AdminTenantRoutes.join(vendor: vendor.id, platform: platform.id, tierCode: tier, now: now, on: tx)
        if let trialEndsAt {
            subscription.trialEndsAt = trialEndsAt
            try await TenancyStore.save(subscription, isNew: false, on: tx)
        }
        return vendor
    }
}

@Suite("Feature gating and limits")
struct FeatureGatingTests {
    struct ProblemBody: Decodable {
        struct TierRef: Decodable { let code: String; let name: String; let monthlyPriceMinor: Int? }
        let code: String
        let reason: String?
        let cheapestTier: TierRef?
        let limit: Int?
        let used: Int?
        let periodEnd: String?
    }

    @Test func gatesFollowModuleSwitchTierAndOverrides() async throws {
        try await TestKernel.withClient(modules: [GreetingModule()]) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let vendor = try await makeVendor("roastery", platform: oms, tier: "essential", kernel: kernel)
            try await Fixtures.user("staff@roastery.test", membership: Membership(id: UUID.v7(), role: .vendorStaff, vendorId: vendor.id), kernel: kernel)
            let staff = try await Fixtures.login(client, email: "staff@roastery.test", password: Fixtures.password)
            let admin = try await Fixtures.loginAsSuperAdmin(client)
            func greet() async throws -> TestResponse {
                try await client.execute(uri: "/oms/api/v1/vendor/greetings", method: .post, headers: Fixtures.headers(staff))
            }
            func problem(_ response: TestResponse) throws -> ProblemBody { try Fixtures.decode(ProblemBody.self, from: response) }

            // The platform does not offer the module: the route does not exist here.
            #expect(try await greet().status == .notFound)
            #expect(try await client.execute(uri: "/oms/api/v1/vendor/greetings", method: .post).status == .notFound)  // not even a 401: the route does not exist here

            var modules = try await kernel.database.read { try await TenancyStore.modules(of: oms.id, on: $0) }
            modules.append("greeting")
            let offer = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(oms.id)", method: .patch, headers: Fixtures.headers(admin),
                                                 body: Fixtures.json(["modules": modules]))
            #expect(offer.status == .ok)
            let notInAnyTier = try await greet()
            #expect(notInAnyTier.status == .forbidden)
            #expect(try problem(notInAnyTier).code == "feature_not_available")
            #expect(try problem(notInAnyTier).cheapestTier == nil)

            // Professional gets the feature: the refusal now names it as the cheapest tier.
            let tiers = try await kernel.database.read { try await TenancyStore.tiers(of: oms.id, on: $0) }
            let professional = try #require(tiers.first { $0.code == "professional" })
            let edit = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(oms.id)/tiers/professional", method: .patch, headers: Fixtures.headers(admin),
                                                body: Fixtures.json(["features": professional.features + ["greeting.hello"]]))
            #expect(edit.status == .ok)
            let upsell = try problem(try await greet())
            #expect(upsell.reason == "not_in_tier")
            #expect(upsell.cheapestTier?.code == "professional")
            #expect(upsell.cheapestTier?.monthlyPriceMinor == 9900)

            // A grant for this vendor opens it; a platform-wide switch closes it again.
            let overrideURI = "/oms/api/v1/admin/platforms/\(oms.id)/vendors/\(vendor.id)/features/greeting.hello"
            #expect(try await client.execute(uri: overrideURI, method: .put, headers: Fixtures.headers(admin), body: Fixtures.json(["mode": "grant"])).status == .ok)
            #expect(try await greet().status == .ok)
            let switchURI = "/oms/api/v1/admin/platforms/\(oms.id)/features/greeting.hello"
            #expect(try await client.execute(uri: switchURI, method: .put, headers: Fixtures.headers(admin), body: Fixtures.json(#"{"enabled": false}"#)).status == .ok)
            #expect(try problem(try await greet()).reason == "switched_off")
            #expect(try await client.execute(uri: switchURI, method: .put, headers: Fixtures.headers(admin), body: Fixtures.json(#"{"enabled": true}"#)).status == .ok)
            #expect(try await greet().status == .ok)

            // Revoke beats the tier; inherit returns to the tier.
            #expect(try await client.execute(uri: overrideURI, method: .put, headers: Fixtures.headers(admin), body: Fixtures.json(["mode": "revoke"])).status == .ok)
            #expect(try problem(try await greet()).reason == "revoked")
            #expect(try await client.execute(uri: overrideURI, method: .put, headers: Fixtures.headers(admin), body: Fixtures.json(["mode": "inherit"])).status == .ok)
            #expect(try problem(try await greet()).reason == "not_in_tier")
            #expect(try await client.execute(uri: overrideURI, method: .put, headers: Fixtures.headers(admin), body: Fixtures.json(["mode": "sometimes"])).status == .unprocessableContent)

            // Upgrading the subscription brings the feature.
            let upgrade = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(oms.id)/subscriptions/\(vendor.id)", method: .patch,
                                                   headers: Fixtures.headers(admin), body: Fixtures.json(#"{"tier_code": "professional", "status": "active"}"#))
            #expect(upgrade.status == .ok)
            #expect(try await greet().status == .ok)

            // Every switch was audited.
            let actions = try await kernel.database.read { try await AuditLog.events(in: .everything, afterSeq: 0, limit: 100, on: $0) }.map(\.action)
            #expect(actions.contains("feature.switched_off"))
            #expect(actions.contains("feature.granted"))
            #expect(actions.contains("feature.revoked"))
            #expect(actions.contains("tier.updated"))
            #expect(actions.contains("subscription.tier_changed"))
        }
    }

    @Test func anotherVendorsStaffCannotActForIt() async throws {
        try await TestKernel.withClient(modules: [GreetingModule()]) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let mine = try await makeVendor("mine", platform: oms, tier: "essential", kernel: kernel)
            let theirs = try await makeVendor("theirs", platform: oms, tier: "essential", kernel: kernel)
            try await Fixtures.user("me@mine.test", membership: Membership(id: UUID.v7(), role: .vendorOwner, vendorId: mine.id), kernel: kernel)
            let me = try await Fixtures.login(client, email: "me@mine.test", password: Fixtures.password)
            var headers = Fixtures.headers(me)
            headers[.init("X-Agora-Vendor")!] = "theirs"
            #expect(try await client.execute(uri: "/oms/api/v1/vendor/usage", method: .get, headers: headers).status == .notFound)
            headers[.init("X-Agora-Vendor")!] = theirs.id.uuidString
            #expect(try await client.execute(uri: "/oms/api/v1/vendor/usage", method: .get, headers: headers).status == .notFound)
            // Own vendor, chosen implicitly.
            #expect(try await client.execute(uri: "/oms/api/v1/vendor/usage", method: .get, headers: Fixtures.headers(me)).status == .ok)
            // Not on the loyalty platform at all.
            let elsewhere = try await client.execute(uri: "/loyalty/api/v1/vendor/usage", method: .get, headers: Fixtures.headers(me))
            #expect(elsewhere.status == .badRequest)
            #expect(String(buffer: elsewhere.body).contains("vendor_required"))
        }
    }

    @Test func limitReachedSaysLimitUsedAndPeriodEnd() async throws {
        try await TestKernel.withClient(modules: [GreetingModule()]) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let vendor = try await makeVendor("limited", platform: oms, tier: "essential", kernel: kernel)
            try await Fixtures.user("owner@limited.test", membership: Membership(id: UUID.v7(), role: .vendorOwner, vendorId: vendor.id), kernel: kernel)
            let owner = try await Fixtures.login(client, email: "owner@limited.test", password: Fixtures.password)
            try await kernel.database.transaction { tx in
                try await TenancyStore.setModules(try await TenancyStore.modules(of: oms.id, on: tx) + ["greeting"], of: oms.id, on: tx)
                var essential = try await TenancyStore.tiers(of: oms.id, on: tx).first { $0.code == "essential" }!
                essential.features.append("greeting.hello")
                essential.limits["greeting.hellos_per_month"] = 2
                try await TenancyStore.upsert(essential, on: tx)
            }
            await kernel.changes.announce(.features)
            await kernel.platforms.invalidate()
            for _ in 0..<2 {
                #expect(try await client.execute(uri: "/oms/api/v1/vendor/greetings", method: .post, headers: Fixtures.headers(owner)).status == .ok)
            }
            let refused = try await client.execute(uri: "/oms/api/v1/vendor/greetings", method: .post, headers: Fixtures.headers(owner))
            #expect(refused.status == .forbidden)
            let body = try Fixtures.decode(ProblemBody.self, from: refused)
            #expect(body.code == "limit_reached")
            #expect(body.limit == 2)
            #expect(body.used == 2)
            #expect(body.periodEnd?.hasSuffix("-01T00:00:00Z") == true)

            struct Usage: Decodable { let items: [LimitUsage] }
            let usage = try Fixtures.decode(Usage.self, from: try await client.execute(uri: "/oms/api/v1/vendor/usage", method: .get, headers: Fixtures.headers(owner)))
            let hellos = try #require(usage.items.first { $0.key == "greeting.hellos_per_month" })
            #expect(hellos.used == 2)
            #expect(hellos.limit == 2)
            let team = try #require(usage.items.first { $0.key == "kernel.team_members" })
            #expect(team.limit == 1)

            // An add-on raises the limit.
            let admin = try await Fixtures.loginAsSuperAdmin(client)
            let addon = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(oms.id)/addons", method: .post, headers: Fixtures.headers(admin),
                                                 body: Fixtures.json(#"{"code": "more-hellos", "name": "More hellos", "monthly_price_minor": 500, "limit_key": "greeting.hellos_per_month", "amount": 1}"#))
            #expect(addon.status == .created)
            #expect(try await client.execute(uri: "/oms/api/v1/admin/platforms/\(oms.id)/vendors/\(vendor.id)/addons/more-hellos", method: .put,
                                             headers: Fixtures.headers(admin), body: Fixtures.json(#"{"quantity": 1}"#)).status == .noContent)
            #expect(try await client.execute(uri: "/oms/api/v1/vendor/greetings", method: .post, headers: Fixtures.headers(owner)).status == .ok)
            #expect(try await client.execute(uri: "/oms/api/v1/vendor/greetings", method: .post, headers: Fixtures.headers(owner)).status == .forbidden)
        }
    }

    @Test func twoHundredConcurrentAttemptsAgainstALimitOfOneHundredYieldExactlyOneHundred() async throws {
        try await TestKernel.with(modules: [GreetingModule()]) { kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let vendor = try await makeVendor("busy", platform: oms, tier: "essential", kernel: kernel)
            try await kernel.database.transaction { tx in
                var essential = try await TenancyStore.tiers(of: oms.id, on: tx).first { $0.code == "essential" }!
                essential.limits["greeting.hellos_per_month"] = 100
                try await TenancyStore.upsert(essential, on: tx)
            }
            let subscription = try await kernel.database.read { try await TenancyStore.subscription(vendor: vendor.id, platform: oms.id, on: $0)! }
            let scope = VendorScope(vendorId: vendor.id, platformId: oms.id, role: .vendorOwner, subscription: subscription)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        do {
                            try await kernel.database.transaction { tx in
                                try await kernel.usage.consume("greeting.hellos_per_month", for: scope, at: Date(), on: tx)
                            }
                            return true
                        } catch let problem as Problem where problem.code == "limit_reached" {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 100)
            #expect(outcomes.filter { !$0 }.count == 100)
            let usage = try await kernel.database.read { try await kernel.usage.usage(for: scope, at: Date(), on: $0) }
            #expect(usage.first { $0.key == "greeting.hellos_per_month" }?.used == 100)
            // Releasing one makes room for exactly one more.
            try await kernel.database.transaction { try await kernel.usage.release("greeting.hellos_per_month", for: scope, at: Date(), on: $0) }
            try await kernel.database.transaction { try await kernel.usage.consume("greeting.hellos_per_month", for: scope, at: Date(), on: $0) }
            await #expect(throws: Problem.self) {
                try await kernel.database.transaction { try await kernel.usage.consume("greeting.hellos_per_month", for: scope, at: Date(), on: $0) }
            }
        }
    }

    @Test func expiredTrialsBecomePastDueAndPeriodsRoll() async throws {
        try await TestKernel.with { kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let now = Date()
            let trial = try await makeVendor("trial", platform: oms, tier: "essential", kernel: kernel, trialEndsAt: now.addingTimeInterval(-60))
            let fresh = try await makeVendor("fresh", platform: oms, tier: "essential", kernel: kernel)
            let paying = try await makeVendor("paying", platform: oms, tier: "essential", kernel: kernel)
            try await kernel.database.transaction { tx in
                var subscription = try await TenancyStore.subscription(vendor: paying.id, platform: oms.id, on: tx)!
                subscription.status = .active
                subscription.currentPeriodStart = now.addingTimeInterval(-86400 * 40)
                subscription.currentPeriodEnd = now.addingTimeInterval(-86400 * 10)
                try await TenancyStore.save(subscription, isNew: false, on: tx)
            }
            let scheduler = SubscriptionScheduler(kernel: kernel, interval: .seconds(60))
            #expect(try await scheduler.runOnce(now: now) == SubscriptionScheduler.Outcome(trialsExpired: 1, periodsRolled: 1))
            #expect(try await scheduler.runOnce(now: now) == SubscriptionScheduler.Outcome())  // idempotent
            let states = try await kernel.database.read { db in
                (try await TenancyStore.subscription(vendor: trial.id, platform: oms.id, on: db)!,
                 try await TenancyStore.subscription(vendor: fresh.id, platform: oms.id, on: db)!,
                 try await TenancyStore.subscription(vendor: paying.id, platform: oms.id, on: db)!)
            }
            #expect(states.0.status == .pastDue)
            #expect(states.1.status == .trialing)
            #expect(states.2.currentPeriodStart <= now)
            #expect(states.2.currentPeriodEnd > now)
            let actions = try await kernel.database.read { try await AuditLog.events(in: .everything, afterSeq: 0, limit: 10, on: $0) }.map(\.action)
            #expect(actions == ["subscription.trial_expired"])
        }
    }

    @Test(.enabled(if: TestDatabases.kind == .postgres, "two instances share a database only on PostgreSQL"))
    func aChangeReachesAnotherInstanceOnItsNextRequest() async throws {
        try await TestKernel.with { kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let vendor = try await makeVendor("shared", platform: oms, tier: "essential", kernel: kernel)
            let other = try await AgoraApplication.open(configuration: kernel.configuration, logger: kernel.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await ChangeNotifier.Listener(notifier: other.changes).run() }
                // Warm the other instance's cache.
                #expect(try await other.features.decide("kernel", platform: oms.id, vendor: vendor.id) == .notInTier)
                try await Task.sleep(for: .milliseconds(300))  // the listener connects
                try await kernel.database.transaction { tx in
                    try await FeatureStore.setOverride(platform: oms.id, vendor: vendor.id, code: "kernel", mode: "grant", now: Date(), on: tx)
                }
                await kernel.changes.announce(.features)
                var seen = false
                for _ in 0..<50 where !seen {
                    seen = try await other.features.decide("kernel", platform: oms.id, vendor: vendor.id) == .available
                    if !seen { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(seen, "the other instance still served the cached decision")
                group.cancelAll()
            }
            await other.database.close()
        }
    }
}
