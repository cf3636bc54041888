import Foundation
import Hummingbird

/// The admin pages (`/admin/…`): sign-in, platforms with branding, domains, tiers and feature
/// switches, vendors with their subscription and per-vendor features, and dead letters. Every
/// change goes through the same handler as the JSON API, so rules, audit and cache
/// announcements are identical.
enum AdminPages {
    struct LoginForm: Decodable {
        let email: String
        let password: String
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.page(.get, "/admin/login", summary: "Sign-in page", access: .anyone) { _ in
            .page(template: "admin/login", title: "Sign in", data: [:])
        }

        routes.page(.post, "/admin/login", summary: "Sign in from the page", access: .anyone) { call in
            let form = try call.decode(LoginForm.self)
            do {
                let session = try await kernel.logins.login(email: form.email, password: form.password,
                                                            address: call.context.clientAddress ?? "unknown", userAgent: call.request.headers[.userAgent])
                return .signedIn(session, call: call, kernel: kernel)
            } catch let problem as Problem {
                return .page(template: "admin/login", title: "Sign in", data: ["error": problem.detail ?? problem.title])
            }
        }

        routes.page(.post, "/admin/logout", summary: "Sign out from the page", access: .signedIn) { call in
            try await kernel.logins.logout(try call.context.requirePrincipal())
            return .redirect(call.base + "/admin/login")
        }

        routes.page(.get, "/admin", summary: "Admin home: the platforms you administer (vendor staff go on to their vendor pages)", access: .signedIn) { call in
            let principal = try call.context.requirePrincipal()
            guard principal.isSuperAdmin || !principal.administeredPlatformIDs.isEmpty else { return .redirect(call.base + "/vendor") }
            let scope = AdminScope(principal)
            let platforms = try await kernel.database.read { try await TenancyStore.platforms(in: scope, page: PageRequest(limit: 200), on: $0) }
            return .page(template: "admin/dashboard", title: "Platforms", data: ["platforms": platforms.map {
                ["id": $0.id.uuidString, "name": $0.name, "code": $0.code, "defaultLocale": $0.defaultLocale, "isActive": $0.isActive] as [String: Any]
            }])
        }

        routes.page(.get, "/admin/platforms/:platformId", summary: "A platform: branding, domains, tiers, features, vendors", access: .platformAdmin) { call in
            let platformId = try AdminPlatformRoutes.scopedPlatform(call.context)
            return try await platformPage(platformId, call: call, kernel: kernel)
        }

        routes.page(.post, "/admin/platforms/:platformId", summary: "Save a platform's branding", access: .platformAdmin) { call in
            try await submit(AdminPlatformRoutes.updatePlatform(kernel: kernel), as: AdminPlatformRoutes.PlatformInput.self, call, then: platformPath(call))
        }

        routes.page(.post, "/admin/platforms/:platformId/domains", summary: "Add a domain", access: .platformAdmin) { call in
            try await submit(AdminPlatformRoutes.addDomain(kernel: kernel), as: AdminPlatformRoutes.DomainInput.self, call, then: platformPath(call))
        }

        routes.page(.post, "/admin/platforms/:platformId/domains/:domainId/delete", summary: "Remove a domain", access: .platformAdmin) { call in
            _ = try await AdminPlatformRoutes.removeDomain(kernel: kernel)(call.request, call.context)
            return .redirect(call.base + "/admin/platforms/" + (call.context.parameters.get("platformId") ?? ""))
        }

        routes.page(.post, "/admin/platforms/:platformId/tiers/:tierCode", summary: "Change a tier's price", access: .platformAdmin) { call in
            try await submit(AdminFeatureRoutes.updateTier(kernel: kernel), as: AdminFeatureRoutes.TierInput.self, call, then: platformPath(call))
        }

        routes.page(.post, "/admin/platforms/:platformId/features/:featureCode", summary: "Switch a feature for the platform", access: .platformAdmin) { call in
            try await submit(AdminFeatureRoutes.setSwitch(kernel: kernel), as: AdminFeatureRoutes.SwitchInput.self, call, then: platformPath(call))
        }

        routes.page(.get, "/admin/platforms/:platformId/vendors/:vendorId", summary: "A vendor's subscription and features", access: .platformAdmin) { call in
            let platformId = try AdminPlatformRoutes.scopedPlatform(call.context)
            let vendorId = try call.context.id("vendorId", of: "Vendor")
            return try await vendorPage(platformId, vendorId, kernel: kernel)
        }

        routes.page(.post, "/admin/platforms/:platformId/vendors/:vendorId/subscription", summary: "Save a vendor's subscription", access: .platformAdmin) { call in
            _ = try await AdminTenantRoutes.updateSubscription(kernel: kernel)(try call.decode(AdminTenantRoutes.SubscriptionInput.self), call.request, call.context)
            return .redirect(call.base + call.request.uri.path.replacingOccurrences(of: "/subscription", with: ""))
        }

        routes.page(.post, "/admin/platforms/:platformId/vendors/:vendorId/features/:featureCode", summary: "Grant, revoke or inherit a feature for a vendor", access: .platformAdmin) { call in
            _ = try await AdminFeatureRoutes.setOverride(kernel: kernel)(try call.decode(AdminFeatureRoutes.OverrideInput.self), call.request, call.context)
            let platformId = call.context.parameters.get("platformId") ?? ""
            return .redirect(call.base + "/admin/platforms/\(platformId)/vendors/" + (call.context.parameters.get("vendorId") ?? ""))
        }

        routes.page(.get, "/vendor/choose", summary: "Choose which of your vendors the pages act for", access: .signedIn) { call in
            let principal = try call.context.requirePrincipal()
            let platform = try call.context.requirePlatform()
            let vendors = try await kernel.database.read { try await VendorScopeResolver.vendors(of: principal, platform: platform.id, on: $0) }
            return .page(template: "admin/choose-vendor", title: "Choose a vendor", data: [
                "vendors": vendors.map { ["id": $0.id.uuidString, "name": $0.name, "slug": $0.slug] },
            ])
        }

        routes.page(.post, "/vendor/choose", summary: "Act for one of your vendors on the pages", access: .signedIn) { call in
            let principal = try call.context.requirePrincipal()
            let platform = try call.context.requirePlatform()
            let vendors = try await kernel.database.read { try await VendorScopeResolver.vendors(of: principal, platform: platform.id, on: $0) }
            guard let chosen = vendors.first(where: { $0.id.uuidString == call.field("vendorId") }) else { throw Problem.notFound("Vendor") }
            let cookie = Cookie(name: VendorScopeResolver.chosenVendorCookie, value: chosen.id.uuidString, path: call.base.isEmpty ? "/" : call.base,
                                secure: call.context.isSecure || kernel.configuration.environment == .production, httpOnly: true, sameSite: .lax)
            return .session(cookie: cookie, then: call.base + "/vendor")
        }

        routes.page(.get, "/admin/events", summary: "Dead-lettered events", access: .platformAdmin) { call in
            let scope = AdminScope(try call.context.requirePrincipal())
            let letters = try await kernel.database.read { try await EventStore.deadLetters(in: scope, page: PageRequest(limit: 200), on: $0) }
            return .page(template: "admin/events", title: "Dead letters", data: ["letters": letters.map {
                ["eventId": $0.eventId.uuidString, "name": $0.name, "subscriber": $0.subscriber, "attempts": $0.attempts, "lastError": $0.lastError ?? ""] as [String: Any]
            }])
        }

        routes.page(.post, "/admin/events/:eventId/replay", summary: "Replay a dead-lettered event", access: .platformAdmin) { call in
            _ = try await EventRoutes.replay(kernel: kernel)(try call.decode(EventRoutes.ReplayInput.self), call.request, call.context)
            return .redirect(call.base + "/admin/events")
        }
    }

    static let dateFormat: Date.FormatStyle = .dateTime.year().month().day()

    /// Runs a JSON API handler with the submitted form as its input, then redirects (PRG).
    static func submit<Input: Decodable, Output>(
        _ handler: @Sendable (Input, Request, AgoraRequestContext) async throws -> Output, as type: Input.Type,
        _ call: PageCall, then location: String
    ) async throws -> PageResult {
        _ = try await handler(try call.decode(Input.self), call.request, call.context)
        return .redirect(location)
    }

    /// The page of the platform in the path.
    static func platformPath(_ call: PageCall) -> String {
        call.base + "/admin/platforms/" + (call.context.parameters.get("platformId") ?? "")
    }

    static func platformPage(_ platformId: UUID, call: PageCall, kernel: KernelServices) async throws -> PageResult {
        let features = try await AdminFeatureRoutes.platformFeatures(kernel, platform: platformId)
        let links = try await kernel.pageExtensions.links(for: AdminPageSlots.platform, call: call, subject: platformId)
        return try await kernel.database.read { db in
            guard let platform = try await TenancyStore.platform(platformId, on: db) else { throw Problem.notFound("Platform") }
            let domains = try await TenancyStore.domains(of: platformId, on: db)
            let tiers = try await TenancyStore.tiers(of: platformId, on: db)
            let subscriptions = try await TenancyStore.subscriptions(of: platformId, page: PageRequest(limit: 200), on: db)
            var vendors: [[String: Any]] = []
            for subscription in subscriptions {
                guard let vendor = try await TenancyStore.vendor(subscription.vendorId, on: db) else { continue }
                vendors.append(["vendorId": vendor.id.uuidString, "platformId": platformId.uuidString, "slug": vendor.slug, "name": vendor.name,
                                "tierCode": subscription.tierCode, "status": subscription.status.rawValue,
                                "periodEnd": subscription.currentPeriodEnd.formatted(dateFormat)])
            }
            let id = platformId.uuidString
            return .page(template: "admin/platform", title: platform.name, data: [
                "detail": ["id": id, "name": platform.name, "tagline": platform.tagline,
                           "primaryColor": platform.primaryColor, "accentColor": platform.accentColor],
                "domains": domains.map { ["id": $0.id.uuidString, "platformId": id, "host": $0.host, "pathPrefix": $0.pathPrefix,
                                          "vendorId": $0.vendorId?.uuidString ?? ""] as [String: Any] },
                "tiers": tiers.map { tier in
                    ["code": tier.code, "name": tier.name, "platformId": id, "monthlyPriceMinor": tier.monthlyPriceMinor.map(String.init) ?? "",
                     "limits": tier.limits.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value.map(String.init) ?? "unlimited"] },
                     "features": tier.features.joined(separator: ", ")] as [String: Any]
                },
                "features": features.map { ["code": $0.code, "tiers": $0.tiers.joined(separator: ", "), "enabled": $0.enabled, "platformId": id] as [String: Any] },
                "vendors": vendors,
                "platformLinks": links.map(\.templateData), "hasPlatformLinks": !links.isEmpty,
            ])
        }
    }

    static func vendorPage(_ platformId: UUID, _ vendorId: UUID, kernel: KernelServices) async throws -> PageResult {
        let features = try await AdminFeatureRoutes.vendorFeatures(kernel, platform: platformId, vendor: vendorId)
        return try await kernel.database.read { db in
            guard let vendor = try await TenancyStore.vendor(vendorId, on: db),
                  let subscription = try await TenancyStore.subscription(vendor: vendorId, platform: platformId, on: db)
            else { throw Problem.notFound("Vendor") }
            let tiers = try await TenancyStore.tiers(of: platformId, on: db)
            return .page(template: "admin/vendor", title: vendor.name, data: [
                "vendor": ["id": vendorId.uuidString, "name": vendor.name, "slug": vendor.slug],
                "platformId": platformId.uuidString,
                "tiers": tiers.map { ["code": $0.code, "name": $0.name, "selected": $0.code == subscription.tierCode] as [String: Any] },
                "statuses": SubscriptionStatus.allCases.map { ["value": $0.rawValue, "selected": $0 == subscription.status] as [String: Any] },
                "trialEnds": subscription.trialEndsAt?.formatted(dateFormat) ?? "—",
                "periodEnd": subscription.currentPeriodEnd.formatted(dateFormat),
                "features": features.map { ["code": $0.code, "decision": $0.decision.rawValue, "vendorId": vendorId.uuidString,
                                            "platformId": platformId.uuidString, "modes": ["grant", "revoke", "inherit"]] as [String: Any] },
            ])
        }
    }
}

/// The places on the kernel's admin pages where modules add links through ``PageExtensions``
/// (the kernel names them and never learns who fills them).
public enum AdminPageSlots {
    /// Under a platform's heading on `/admin/platforms/{id}` ("Content pages"); the subject is
    /// the platform's id.
    public static let platform = "admin.platform"
}

extension PageResult {
    /// After signing in from the page: the session cookie, then the admin home.
    static func signedIn(_ session: LoginService.NewSession, call: PageCall, kernel: KernelServices) -> PageResult {
        .session(cookie: AuthRoutes.sessionCookie(session.cookie, expires: session.expiresAt,
                                                  secure: call.context.isSecure || kernel.configuration.environment == .production,
                                                  context: call.context),
                 then: call.base + "/admin")
    }
}
