import Foundation
import Hummingbird

/// Admin API for platforms, their domains and tiers. Super admins see every platform;
/// platform admins see and change only their own, and another platform looks like a 404.
enum AdminPlatformRoutes {
    struct PlatformInput: Decodable {
        var code: String?
        var name: String?
        var tagline: String?
        var primaryColor: String?
        var accentColor: String?
        var logoPath: String?
        var defaultLocale: String?
        var defaultCurrency: String?
        var supportEmail: String?
        var isActive: Bool?
        var modules: [String]?
    }

    struct PlatformDetail: ResponseCodable, Sendable {
        let platform: Platform
        let modules: [String]
        let domains: [PlatformDomain]
    }

    struct DomainInput: Decodable {
        let host: String
        let pathPrefix: String?
        let vendorId: UUID?
        let isPrimary: Bool?
    }


    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database

        routes.get("/api/v1/admin/platforms", summary: "List the platforms you administer", access: .platformAdmin) { request, context in
            let scope = AdminScope(try context.requirePrincipal())
            let page = try PageRequest(from: request)
            return page.page(try await db.read { try await TenancyStore.platforms(in: scope, page: page, on: $0) }, id: \.id)
        }

        routes.post("/api/v1/admin/platforms", summary: "Create a platform", access: .superAdmin, body: PlatformInput.self) { input, request, context in
            var validation = Validation()
            validation.check(input.code.map(TenancyRules.isSlug) ?? false, "code", "invalid", "must be 2–64 lower-case letters, digits and dashes")
            validation.requireText(input.name, "name")
            let now = kernel.now()
            var platform = Platform(
                id: UUID.v7(now: now), code: input.code ?? "", name: input.name ?? "", tagline: "", primaryColor: "#1f2937",
                accentColor: "#2563eb", logoPath: nil, defaultLocale: "en", defaultCurrency: "EUR", supportEmail: nil,
                isActive: true, createdAt: now, updatedAt: now)
            apply(input, to: &platform, validation: &validation, canToggleActive: true)
            try validation.throwIfInvalid()
            let detail = try await db.transaction { tx in
                guard try await TenancyStore.platform(code: platform.code, on: tx) == nil else {
                    throw Problem.invalid([FieldError(field: "code", code: "taken", message: "is already used by another platform")])
                }
                try await TenancyStore.insert(platform, on: tx)
                try await TenancyStore.setModules(input.modules ?? [], of: platform.id, on: tx)
                try await AuditLog.append(AuditEntry(context, action: "platform.created", targetType: "platform", targetId: platform.id,
                                                      platformId: platform.id, summary: "Created platform \(platform.code)"), at: now, on: tx)
                return PlatformDetail(platform: platform, modules: Set(input.modules ?? []).sorted(), domains: [])
            }
            await kernel.platforms.invalidate()
            return StatusResponse(.created, detail)
        }

        routes.get("/api/v1/admin/platforms/:platformId", summary: "A platform with its modules and domains", access: .platformAdmin) { _, context in
            let platformId = try scopedPlatform(context)
            return try await db.read { tx in
                guard let platform = try await TenancyStore.platform(platformId, on: tx) else { throw Problem.notFound("Platform") }
                return PlatformDetail(platform: platform, modules: try await TenancyStore.modules(of: platformId, on: tx),
                                      domains: try await TenancyStore.domains(of: platformId, on: tx))
            }
        }

        routes.patch("/api/v1/admin/platforms/:platformId", summary: "Change a platform's name, branding, defaults or modules", access: .platformAdmin, body: PlatformInput.self, handler: updatePlatform(kernel: kernel))

        routes.get("/api/v1/admin/platforms/:platformId/domains", summary: "List a platform's domains", access: .platformAdmin) { _, context in
            let platformId = try scopedPlatform(context)
            return ItemList(items: try await db.read { try await TenancyStore.domains(of: platformId, on: $0) })
        }

        routes.post("/api/v1/admin/platforms/:platformId/domains", summary: "Add a domain (or a vendor's custom domain) to a platform", access: .platformAdmin, body: DomainInput.self, handler: addDomain(kernel: kernel))

        routes.delete("/api/v1/admin/platforms/:platformId/domains/:domainId", summary: "Remove a domain from a platform", access: .platformAdmin, handler: removeDomain(kernel: kernel))

        routes.get("/api/v1/admin/platforms/:platformId/tiers", summary: "A platform's subscription tiers with prices, limits and features", access: .platformAdmin) { _, context in
            let platformId = try scopedPlatform(context)
            return ItemList(items: try await db.read { try await TenancyStore.tiers(of: platformId, on: $0) })
        }
    }

    /// The `:platformId` of the path, if the caller administers it; otherwise a 404.
    static func scopedPlatform(_ context: AgoraRequestContext) throws -> UUID {
        let platformId = try context.id("platformId", of: "Platform")
        guard try context.requirePrincipal().canAdminister(platform: platformId) else { throw Problem.notFound("Platform") }
        return platformId
    }

    static func apply(_ input: PlatformInput, to platform: inout Platform, validation: inout Validation, canToggleActive: Bool) {
        if let name = input.name { platform.name = name.trimmingCharacters(in: .whitespaces) }
        if let tagline = input.tagline {
            validation.check(tagline.count <= 200, "tagline", "too_long", "must be at most 200 characters")
            platform.tagline = tagline
        }
        if let color = input.primaryColor {
            validation.check(TenancyRules.isColor(color), "primary_color", "invalid", "must be #rrggbb")
            platform.primaryColor = color
        }
        if let color = input.accentColor {
            validation.check(TenancyRules.isColor(color), "accent_color", "invalid", "must be #rrggbb")
            platform.accentColor = color
        }
        if let logo = input.logoPath { platform.logoPath = logo.isEmpty ? nil : logo }
        if let locale = input.defaultLocale {
            validation.check(TenancyRules.isLocale(locale), "default_locale", "invalid", "must be a locale such as fr-LU")
            platform.defaultLocale = locale
        }
        if let currency = input.defaultCurrency {
            validation.check(TenancyRules.isCurrencyCode(currency), "default_currency", "invalid", "must be an ISO 4217 code such as EUR")
            platform.defaultCurrency = currency
        }
        if let email = input.supportEmail {
            validation.check(email.isEmpty || TenancyRules.isEmail(email), "support_email", "invalid", "must be an e-mail address")
            platform.supportEmail = email.isEmpty ? nil : email
        }
        if let active = input.isActive {
            validation.check(canToggleActive, "is_active", "forbidden", "only super admins switch platforms on and off")
            platform.isActive = active
        }
    }

    /// Letters, digits, dashes and dots, with at least one dot or `localhost`.
    static func isHostName(_ host: String) -> Bool {
        guard (1...253).contains(host.count), host == "localhost" || host.contains(".") else { return false }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.count) && label.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
                && !label.hasPrefix("-") && !label.hasSuffix("-")
        }
    }

    /// The handler of `/api/v1/admin/platforms/:platformId`, shared with the admin pages.
    static func updatePlatform(kernel: KernelServices) -> @Sendable (PlatformInput, Request, AgoraRequestContext) async throws -> PlatformDetail {
        let db = kernel.database
        return { input, request, context in
            let platformId = try scopedPlatform(context)
            let principal = try context.requirePrincipal()
            let detail = try await db.transaction { tx in
                guard var platform = try await TenancyStore.platform(platformId, on: tx) else { throw Problem.notFound("Platform") }
                let before = platform
                var validation = Validation()
                validation.check(input.code == nil || input.code == platform.code, "code", "immutable", "cannot be changed")
                if let name = input.name { validation.requireText(name, "name") }
                // Switching a whole platform off or changing what it offers is a super admin's call.
                validation.check(input.modules == nil || principal.isSuperAdmin, "modules", "forbidden", "only super admins change the modules a platform offers")
                apply(input, to: &platform, validation: &validation, canToggleActive: principal.isSuperAdmin)
                try validation.throwIfInvalid()
                platform.updatedAt = kernel.now()
                try await TenancyStore.update(platform, on: tx)
                if let modules = input.modules { try await TenancyStore.setModules(modules, of: platformId, on: tx) }
                try await AuditLog.append(AuditEntry(context, action: "platform.updated", targetType: "platform", targetId: platformId, platformId: platformId,
                                                      summary: AuditSummary.changes(before: before, after: platform, modules: input.modules)), at: platform.updatedAt, on: tx)
                return PlatformDetail(platform: platform, modules: try await TenancyStore.modules(of: platformId, on: tx),
                                      domains: try await TenancyStore.domains(of: platformId, on: tx))
            }
            await kernel.platforms.invalidate()
            return detail
        }
    }

    /// The handler of `/api/v1/admin/platforms/:platformId/domains`, shared with the admin pages.
    static func addDomain(kernel: KernelServices) -> @Sendable (DomainInput, Request, AgoraRequestContext) async throws -> StatusResponse<PlatformDomain> {
        let db = kernel.database
        return { input, request, context in
            let platformId = try scopedPlatform(context)
            let host = PlatformResolver.normalize(host: input.host)
            let prefix = PlatformResolver.normalize(prefix: input.pathPrefix ?? "")
            var validation = Validation()
            validation.check(isHostName(host), "host", "invalid", "must be a host name such as shop.example.lu")
            validation.check(prefix.isEmpty || prefix.dropFirst().split(separator: "/").allSatisfy { TenancyRules.isSlug(String($0)) },
                             "path_prefix", "invalid", "must be empty or like /oms")
            try validation.throwIfInvalid()
            let now = kernel.now()
            let domain = PlatformDomain(id: UUID.v7(now: now), platformId: platformId, host: host, pathPrefix: prefix,
                                        vendorId: input.vendorId, isPrimary: input.isPrimary ?? false, createdAt: now)
            try await db.transaction { tx in
                if let vendorId = input.vendorId, try await TenancyStore.subscription(vendor: vendorId, platform: platformId, on: tx) == nil {
                    throw Problem.invalid([FieldError(field: "vendor_id", code: "invalid", message: "is not a vendor on this platform")])
                }
                if try await TenancyStore.domain(host: host, pathPrefix: prefix, on: tx) != nil {
                    throw Problem.conflict("domain_taken", "\(host)\(prefix) is already in use.")
                }
                try await TenancyStore.insert(domain, on: tx)
                try await AuditLog.append(AuditEntry(context, action: "domain.added", targetType: "platform_domain", targetId: domain.id, platformId: platformId,
                                                      vendorId: domain.vendorId, summary: "Added domain \(host)\(prefix)"), at: now, on: tx)
            }
            await kernel.platforms.invalidate()
            return StatusResponse(.created, domain)
        }
    }

    /// The handler of `/api/v1/admin/platforms/:platformId/domains/:domainId`, shared with the admin pages.
    static func removeDomain(kernel: KernelServices) -> @Sendable (Request, AgoraRequestContext) async throws -> Response {
        let db = kernel.database
        return { _, context in
            let platformId = try scopedPlatform(context)
            let domainId = try context.id("domainId", of: "Domain")
            let deleted = try await db.transaction { tx in
                guard try await TenancyStore.deleteDomain(domainId, of: platformId, on: tx) else { return false }
                try await AuditLog.append(AuditEntry(context, action: "domain.removed", targetType: "platform_domain", targetId: domainId, platformId: platformId,
                                                      summary: "Removed a domain"), at: kernel.now(), on: tx)
                return true
            }
            guard deleted else { throw Problem.notFound("Domain") }
            await kernel.platforms.invalidate()
            return Response(status: .noContent)
        }
    }
}
