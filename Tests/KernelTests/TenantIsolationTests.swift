import AgoraTesting
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("Tenant isolation")
struct TenantIsolationTests {
    /// Every id a route can name, belonging to tenant B (the loyalty platform and its vendor).
    struct TenantB {
        var values: [String: String] = [:]
    }

    @Test func everyRouteAnswers404ForAnotherTenantsIds() async throws {
        try await TestKernel.withClient(modules: [GreetingModule()]) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let loyalty = try await Fixtures.platform("loyalty", kernel: kernel)
            let vendorA = try await makeVendor("tenant-a", platform: oms, tier: "essential", kernel: kernel)
            let vendorB = try await makeVendor("tenant-b", platform: loyalty, tier: "starter", kernel: kernel)

            // Tenant A's people: its platform admin and its vendor owner.
            try await Fixtures.user("admin@a.test", membership: Membership(id: UUID.v7(), role: .platformAdmin, platformId: oms.id), kernel: kernel)
            try await Fixtures.user("owner@a.test", membership: Membership(id: UUID.v7(), role: .vendorOwner, vendorId: vendorA.id), kernel: kernel)
            let adminA = try await Fixtures.login(client, email: "admin@a.test", password: Fixtures.password)
            let ownerA = try await Fixtures.login(client, email: "owner@a.test", password: Fixtures.password)

            // Tenant B's records of every kind.
            let userB = try await Fixtures.user("owner@b.test", membership: Membership(id: UUID.v7(), role: .vendorOwner, vendorId: vendorB.id), kernel: kernel)
            let membershipB = try await kernel.database.read { try await AccountStore.memberships(of: userB.id, on: $0) }[0]
            let companyB = try await kernel.database.read { try await TenancyStore.vendor(vendorB.id, on: $0)! }.companyId
            let superAdmin = try await Fixtures.loginAsSuperAdmin(client)
            let domain = try Fixtures.decode(PlatformDomain.self, from: try await client.execute(
                uri: "/loyalty/api/v1/admin/platforms/\(loyalty.id)/domains", method: .post, headers: Fixtures.headers(superAdmin),
                body: Fixtures.json(#"{"host": "shop.tenant-b.lu", "vendor_id": "\#(vendorB.id)"}"#)))
            let ownerB = try await Fixtures.login(client, platform: "loyalty", email: "owner@b.test", password: Fixtures.password)
            struct Created: Decodable { let record: AccountStore.TokenRecord }
            let tokenB = try Fixtures.decode(Created.self, from: try await client.execute(
                uri: "/loyalty/api/v1/auth/tokens", method: .post, headers: Fixtures.headers(ownerB),
                body: Fixtures.json(#"{"name": "b", "vendor_id": "\#(vendorB.id)"}"#))).record
            let eventB = try await kernel.database.transaction {
                try await EventBus.publish(EchoSent(text: "b"), platformId: loyalty.id, vendorId: vendorB.id, at: Date(), on: $0)
            }
            let addon = try await client.execute(uri: "/loyalty/api/v1/admin/platforms/\(loyalty.id)/addons", method: .post, headers: Fixtures.headers(superAdmin),
                                                 body: Fixtures.json(#"{"code": "b-extra", "name": "B", "monthly_price_minor": 100, "limit_key": "kernel.team_members", "amount": 1}"#))
            #expect(addon.status == .created)

            let ids: [String: String] = [
                "platformId": loyalty.id.uuidString, "vendorId": vendorB.id.uuidString, "companyId": companyB.uuidString,
                "userId": userB.id.uuidString, "membershipId": membershipB.id.uuidString, "domainId": domain.id.uuidString,
                "tokenId": tokenB.id.uuidString, "eventId": eventB.uuidString, "tierCode": "starter",
                "featureCode": "kernel", "addonCode": "b-extra", "name": "b",
            ]
            // One body that satisfies every input type (unknown keys are ignored), so refusals
            // come from the ids, not from validation.
            let body = Fixtures.json("""
                {"enabled": true, "mode": "grant", "quantity": 1, "role": "vendor_staff", "vendor_id": "\(vendorB.id)",
                 "host": "walk.example.com", "name": "Walk", "display_name": "Walk", "email": "walk@example.com",
                 "country": "LU", "slug": "walk-shop", "company_id": "\(companyB)", "platform_id": "\(loyalty.id)",
                 "tier_code": "starter", "status": "active", "code": "walk", "limits": {}, "features": [],
                 "monthly_price_minor": 100, "limit_key": "kernel.team_members", "amount": 1, "is_active": true}
                """)

            var walked = 0
            // Pages are walked by GET; their forms also need a CSRF token, refused before any id is read.
            for route in kernel.routes.routes where route.path.contains(":") && !(route.isPage && route.method == .post) {
                let parameters = route.path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
                var path = route.path
                for parameter in parameters {
                    let value = try #require(ids[parameter], "no tenant-B value for :\(parameter) of \(route.method) \(route.path); add one")
                    path = path.replacingOccurrences(of: ":" + parameter, with: value)
                }
                if route.path == "/api/v1/greeting/:name" { continue }  // public, names nothing tenant-owned
                let actor: Fixtures.Credential
                switch route.access {
                case .vendor: actor = ownerA
                case .platformAdmin, .superAdmin: actor = adminA
                case .signedIn, .anyone, .shop: actor = ownerA
                }
                var headers = Fixtures.headers(actor)
                headers[.init("X-Agora-Vendor")!] = vendorB.id.uuidString
                let response = try await client.execute(uri: "/oms" + path, method: route.method, headers: headers,
                                                        body: [.get, .delete].contains(route.method) ? nil : body)
                if route.access == .superAdmin {
                    #expect(response.status == .forbidden, "\(route.method) \(route.path) as A's platform admin")
                } else {
                    #expect(response.status == .notFound, "\(route.method) \(route.path) gave \(response.status.code): \(String(buffer: response.body))")
                }
                walked += 1
            }
            #expect(walked >= 25)

            // Nothing of B's changed.
            let after = try await kernel.database.read { try await TenancyStore.vendor(vendorB.id, on: $0)! }
            #expect(after.name == "tenant-b")
            let token = try await kernel.database.read { try await AccountStore.tokens(of: userB.id, on: $0) }[0]
            #expect(token.revokedAt == nil)
        }
    }

    @Test(.enabled(if: TestDatabases.kind == .postgres, "row-level security is a PostgreSQL feature"))
    func rowLevelSecurityHidesOtherVendorsRowsEvenFromAnUnfilteredQuery() async throws {
        try await TestKernel.with { kernel in
            struct Flag: Decodable { let rolsuper: Bool }
            let superuser = try await kernel.database.read { try await $0.sql.raw("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").row(Flag.self) }
            #expect(superuser?.rolsuper == false, "tests must connect as an ordinary role, or row-level security is bypassed")

            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let a = try await makeVendor("rls-a", platform: oms, tier: "essential", kernel: kernel)
            let b = try await makeVendor("rls-b", platform: oms, tier: "essential", kernel: kernel)
            func scope(_ vendor: Vendor) async throws -> VendorScope {
                let subscription = try await kernel.database.read { try await TenancyStore.subscription(vendor: vendor.id, platform: oms.id, on: $0)! }
                return VendorScope(vendorId: vendor.id, platformId: oms.id, role: .vendorOwner, subscription: subscription)
            }
            let scopeA = try await scope(a)
            let scopeB = try await scope(b)
            try await kernel.database.transaction(for: scopeA) { try await kernel.usage.consume("kernel.team_members", for: scopeA, at: Date(), on: $0) }
            try await kernel.database.transaction(for: scopeB) { try await kernel.usage.consume("kernel.team_members", for: scopeB, at: Date(), on: $0) }

            struct Row: Decodable { let vendorId: UUID }
            // A query with no vendor condition at all, as a careless module might write it.
            let seenByA = try await kernel.database.read(for: scopeA) { try await $0.sql.raw("SELECT vendor_id FROM usage_counters").rows(Row.self) }
            #expect(seenByA.map(\.vendorId) == [a.id])
            let seenUnscoped = try await kernel.database.read { try await $0.sql.raw("SELECT vendor_id FROM usage_counters").rows(Row.self) }
            #expect(Set(seenUnscoped.map(\.vendorId)) == [a.id, b.id])
            // Writing a row for B from A's transaction is refused by the policy.
            await #expect(throws: (any Error).self) {
                try await kernel.database.transaction(for: scopeA) { tx in
                    try await tx.sql.raw("""
                        INSERT INTO usage_counters (vendor_id, platform_id, limit_key, period_key, used, updated_at)
                        VALUES (\(bind: b.id), \(bind: oms.id), 'sneaky', 'all', 1, \(bind: Date()))
                        """).run()
                }
            }
            let updated = try await kernel.database.transaction(for: scopeA) { tx in
                try await tx.sql.raw("UPDATE usage_counters SET used = 99 RETURNING vendor_id").rows(Row.self)
            }
            #expect(updated.map(\.vendorId) == [a.id])
        }
    }
}
