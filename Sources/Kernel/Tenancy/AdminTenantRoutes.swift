import Foundation
import Hummingbird

/// Admin API for companies, vendors and vendors' subscriptions on platforms.
enum AdminTenantRoutes {
    struct CompanyInput: Decodable {
        var name: String?
        var legalName: String?
        var addressLine1: String?
        var addressLine2: String?
        var postalCode: String?
        var city: String?
        var country: String?
        var vatNumber: String?
        var email: String?
        var homePlatformId: UUID?
    }

    struct VendorInput: Decodable {
        var companyId: UUID?
        var slug: String?
        var name: String?
        var country: String?
        var currency: String?
        var locale: String?
        var isActive: Bool?
        /// On creation: the platform to join (required for platform admins) and its tier.
        var platformId: UUID?
        var tierCode: String?
    }

    struct SubscriptionInput: Decodable {
        var vendorId: UUID?
        var tierCode: String?
        var status: SubscriptionStatus?
        var trialEndsAt: Date?
        var currentPeriodEnd: Date?
    }

    struct VendorDetail: ResponseCodable, Sendable {
        let vendor: Vendor
        let subscriptions: [Subscription]
    }

    /// New vendors start with a trial of this length.
    static let trialDays = 30

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database

        // MARK: Companies

        routes.get("/api/v1/admin/companies", summary: "List companies you can see", access: .platformAdmin) { request, context in
            let scope = AdminScope(try context.requirePrincipal())
            let page = try PageRequest(from: request)
            return page.page(try await db.read { try await TenancyStore.companies(in: scope, page: page, on: $0) }, id: \.id)
        }

        routes.post("/api/v1/admin/companies", summary: "Create a company", access: .platformAdmin, body: CompanyInput.self) { input, request, context in
            let principal = try context.requirePrincipal()
            let now = kernel.now()
            var company = Company(id: UUID.v7(now: now), name: "", legalName: nil, addressLine1: nil, addressLine2: nil, postalCode: nil,
                                  city: nil, country: "", vatNumber: nil, email: nil, homePlatformId: nil, createdAt: now, updatedAt: now)
            var validation = Validation()
            validation.requireText(input.name, "name")
            validation.check(input.country != nil, "country", "required", "is required")
            // A platform admin's company belongs to their platform until it has vendors elsewhere.
            let home = input.homePlatformId ?? (principal.administeredPlatformIDs.count == 1 ? principal.administeredPlatformIDs.first : nil)
            validation.check(principal.isSuperAdmin || home.map(principal.canAdminister(platform:)) == true,
                             "home_platform_id", "required", "must be a platform you administer")
            company.homePlatformId = home
            apply(input, to: &company, validation: &validation)
            try validation.throwIfInvalid()
            try await db.transaction { tx in
                try await TenancyStore.save(company, isNew: true, on: tx)
                try await AuditLog.append(AuditEntry(context, action: "company.created", targetType: "company", targetId: company.id,
                                                      platformId: company.homePlatformId, summary: "Created company \(company.name)"), at: now, on: tx)
            }
            return StatusResponse(.created, company)
        }

        routes.get("/api/v1/admin/companies/:companyId", summary: "A company", access: .platformAdmin) { _, context in
            let scope = AdminScope(try context.requirePrincipal())
            let id = try context.id("companyId", of: "Company")
            guard let company = try await db.read({ try await TenancyStore.company(id, in: scope, on: $0) }) else { throw Problem.notFound("Company") }
            return company
        }

        routes.patch("/api/v1/admin/companies/:companyId", summary: "Change a company's legal details", access: .platformAdmin, body: CompanyInput.self) { input, request, context in
            let scope = AdminScope(try context.requirePrincipal())
            let id = try context.id("companyId", of: "Company")
            return try await db.transaction { tx in
                guard var company = try await TenancyStore.company(id, in: scope, on: tx) else { throw Problem.notFound("Company") }
                var validation = Validation()
                if let name = input.name { validation.requireText(name, "name") }
                apply(input, to: &company, validation: &validation)
                try validation.throwIfInvalid()
                company.updatedAt = kernel.now()
                try await TenancyStore.save(company, isNew: false, on: tx)
                try await AuditLog.append(AuditEntry(context, action: "company.updated", targetType: "company", targetId: company.id,
                                                      platformId: company.homePlatformId, summary: "Updated company \(company.name)"), at: company.updatedAt, on: tx)
                return company
            }
        }

        // MARK: Vendors

        routes.get("/api/v1/admin/vendors", summary: "List vendors on your platforms", access: .platformAdmin) { request, context in
            let scope = AdminScope(try context.requirePrincipal())
            let page = try PageRequest(from: request)
            return page.page(try await db.read { try await TenancyStore.vendors(in: scope, page: page, on: $0) }, id: \.id)
        }

        routes.post("/api/v1/admin/vendors", summary: "Create a vendor and join it to a platform on a trial", access: .platformAdmin, body: VendorInput.self) { input, request, context in
            let principal = try context.requirePrincipal()
            let scope = AdminScope(principal)
            var validation = Validation()
            validation.check(input.companyId != nil, "company_id", "required", "is required")
            validation.check(input.slug.map(TenancyRules.isSlug) ?? false, "slug", "invalid", "must be 2–64 lower-case letters, digits and dashes")
            validation.requireText(input.name, "name")
            validation.check(input.country.map(TenancyRules.isCountryCode) ?? false, "country", "invalid", "must be an ISO 3166 code such as LU")
            validation.check(input.currency.map(TenancyRules.isCurrencyCode) ?? true, "currency", "invalid", "must be an ISO 4217 code such as EUR")
            validation.check(input.locale.map(TenancyRules.isLocale) ?? true, "locale", "invalid", "must be a locale such as fr-LU")
            validation.check(principal.isSuperAdmin || input.platformId.map(principal.canAdminister(platform:)) == true,
                             "platform_id", "required", "must be a platform you administer")
            try validation.throwIfInvalid()
            let now = kernel.now()
            let vendor = Vendor(id: UUID.v7(now: now), companyId: input.companyId!, slug: input.slug!, name: input.name!.trimmingCharacters(in: .whitespaces),
                                country: input.country!, currency: input.currency ?? "EUR", locale: input.locale ?? "en",
                                isActive: true, createdAt: now, updatedAt: now)
            let detail = try await db.transaction { tx in
                guard try await TenancyStore.company(vendor.companyId, in: scope, on: tx) != nil else {
                    throw Problem.invalid([FieldError(field: "company_id", code: "invalid", message: "is not a company you can see")])
                }
                do {
                    try await TenancyStore.save(vendor, isNew: true, on: tx)
                } catch where DatabaseErrors.isUniqueViolation(error) {
                    throw Problem.invalid([FieldError(field: "slug", code: "taken", message: "is already used by another vendor")])
                }
                var subscriptions: [Subscription] = []
                if let platformId = input.platformId {
                    subscriptions.append(try await join(vendor: vendor.id, platform: platformId, tierCode: input.tierCode, now: now, on: tx))
                }
                try await AuditLog.append(AuditEntry(context, action: "vendor.created", targetType: "vendor", targetId: vendor.id, platformId: input.platformId,
                                                      vendorId: vendor.id, summary: "Created vendor \(vendor.slug)" + (subscriptions.first.map { " on tier \($0.tierCode)" } ?? "")), at: now, on: tx)
                return VendorDetail(vendor: vendor, subscriptions: subscriptions)
            }
            await kernel.changes.announce(.features)
            return StatusResponse(.created, detail)
        }

        routes.get("/api/v1/admin/vendors/:vendorId", summary: "A vendor with its subscriptions", access: .platformAdmin) { _, context in
            let scope = AdminScope(try context.requirePrincipal())
            let id = try context.id("vendorId", of: "Vendor")
            return try await db.read { tx in
                guard let vendor = try await TenancyStore.vendor(id, in: scope, on: tx) else { throw Problem.notFound("Vendor") }
                let subscriptions = try await TenancyStore.subscriptions(ofVendor: id, on: tx).filter { scope.covers(platform: $0.platformId) }
                return VendorDetail(vendor: vendor, subscriptions: subscriptions)
            }
        }

        routes.patch("/api/v1/admin/vendors/:vendorId", summary: "Change a vendor's name, country, currency, locale or active flag", access: .platformAdmin, body: VendorInput.self) { input, request, context in
            let scope = AdminScope(try context.requirePrincipal())
            let id = try context.id("vendorId", of: "Vendor")
            let detail = try await db.transaction { tx in
                guard var vendor = try await TenancyStore.vendor(id, in: scope, on: tx) else { throw Problem.notFound("Vendor") }
                var validation = Validation()
                validation.check(input.slug == nil || input.slug == vendor.slug, "slug", "immutable", "cannot be changed")
                validation.check(input.companyId == nil || input.companyId == vendor.companyId, "company_id", "immutable", "cannot be changed")
                if let name = input.name { validation.requireText(name, "name"); vendor.name = name.trimmingCharacters(in: .whitespaces) }
                if let country = input.country {
                    validation.check(TenancyRules.isCountryCode(country), "country", "invalid", "must be an ISO 3166 code such as LU")
                    vendor.country = country
                }
                if let currency = input.currency {
                    validation.check(TenancyRules.isCurrencyCode(currency), "currency", "invalid", "must be an ISO 4217 code such as EUR")
                    vendor.currency = currency
                }
                if let locale = input.locale {
                    validation.check(TenancyRules.isLocale(locale), "locale", "invalid", "must be a locale such as fr-LU")
                    vendor.locale = locale
                }
                if let active = input.isActive { vendor.isActive = active }
                try validation.throwIfInvalid()
                vendor.updatedAt = kernel.now()
                try await TenancyStore.save(vendor, isNew: false, on: tx)
                try await AuditLog.append(AuditEntry(context, action: "vendor.updated", targetType: "vendor", targetId: vendor.id, vendorId: vendor.id,
                                                      summary: "Updated vendor \(vendor.slug)"), at: vendor.updatedAt, on: tx)
                return VendorDetail(vendor: vendor, subscriptions: try await TenancyStore.subscriptions(ofVendor: id, on: tx).filter { scope.covers(platform: $0.platformId) })
            }
            // Slug, currency and the active flag are cached for shop requests.
            await kernel.changes.announce(.features)
            return detail
        }

        // MARK: Subscriptions

        routes.get("/api/v1/admin/platforms/:platformId/subscriptions", summary: "Vendors on a platform and their subscriptions", access: .platformAdmin) { request, context in
            let platformId = try AdminPlatformRoutes.scopedPlatform(context)
            let page = try PageRequest(from: request)
            return page.page(try await db.read { try await TenancyStore.subscriptions(of: platformId, page: page, on: $0) }, id: \.vendorId)
        }

        routes.post("/api/v1/admin/platforms/:platformId/subscriptions", summary: "Join an existing vendor to a platform on a trial", access: .platformAdmin, body: SubscriptionInput.self) { input, request, context in
            let principal = try context.requirePrincipal()
            let platformId = try AdminPlatformRoutes.scopedPlatform(context)
            guard let vendorId = input.vendorId else {
                throw Problem.invalid([FieldError(field: "vendor_id", code: "required", message: "is required")])
            }
            let subscription = try await db.transaction { tx in
                // A platform admin may bring in vendors of companies they onboarded or of vendors already theirs.
                guard let vendor = try await TenancyStore.vendor(vendorId, on: tx) else { throw Problem.notFound("Vendor") }
                if !principal.isSuperAdmin, try await TenancyStore.company(vendor.companyId, in: AdminScope(principal), on: tx) == nil {
                    throw Problem.notFound("Vendor")
                }
                if try await TenancyStore.subscription(vendor: vendorId, platform: platformId, on: tx) != nil {
                    throw Problem.conflict("already_subscribed", "The vendor is already on this platform.")
                }
                let subscription = try await join(vendor: vendorId, platform: platformId, tierCode: input.tierCode, now: kernel.now(), on: tx)
                try await AuditLog.append(AuditEntry(context, action: "subscription.created", targetType: "vendor", targetId: vendorId, platformId: platformId,
                                                      vendorId: vendorId, summary: "Joined the platform on tier \(subscription.tierCode)"), at: subscription.joinedAt, on: tx)
                return subscription
            }
            await kernel.changes.announce(.features)
            return StatusResponse(.created, subscription)
        }

        routes.patch("/api/v1/admin/platforms/:platformId/subscriptions/:vendorId", summary: "Change a vendor's tier, status or period", access: .platformAdmin, body: SubscriptionInput.self, handler: updateSubscription(kernel: kernel))
    }

    /// Joins a vendor to a platform on a trial of `tierCode` (default: the cheapest tier).
    static func join(vendor vendorId: UUID, platform platformId: UUID, tierCode: String?, now: Date, on tx: DatabaseSession) async throws -> Subscription {
        let tiers = try await TenancyStore.tiers(of: platformId, on: tx)
        guard let tier = tierCode.map({ code in tiers.first { $0.code == code } }) ?? tiers.first else {
            throw Problem.invalid([FieldError(field: "tier_code", code: "invalid", message: "is not a tier of this platform")])
        }
        let trialEnd = Calendar(identifier: .gregorian).date(byAdding: .day, value: trialDays, to: now)!
        let subscription = Subscription(vendorId: vendorId, platformId: platformId, tierCode: tier.code, status: .trialing,
                                        trialEndsAt: trialEnd, currentPeriodStart: now, currentPeriodEnd: trialEnd, joinedAt: now, updatedAt: now)
        try await TenancyStore.save(subscription, isNew: true, on: tx)
        return subscription
    }

    static func apply(_ input: CompanyInput, to company: inout Company, validation: inout Validation) {
        if let name = input.name { company.name = name.trimmingCharacters(in: .whitespaces) }
        if let country = input.country {
            validation.check(TenancyRules.isCountryCode(country), "country", "invalid", "must be an ISO 3166 code such as LU")
            company.country = country
        }
        if let email = input.email {
            validation.check(email.isEmpty || TenancyRules.isEmail(email), "email", "invalid", "must be an e-mail address")
            company.email = email.isEmpty ? nil : email
        }
        func text(_ value: String?, _ field: String, _ keyPath: WritableKeyPath<Company, String?>) {
            guard let value else { return }
            validation.check(value.count <= 200, field, "too_long", "must be at most 200 characters")
            company[keyPath: keyPath] = value.isEmpty ? nil : value
        }
        text(input.legalName, "legal_name", \.legalName)
        text(input.addressLine1, "address_line1", \.addressLine1)
        text(input.addressLine2, "address_line2", \.addressLine2)
        text(input.postalCode, "postal_code", \.postalCode)
        text(input.city, "city", \.city)
        text(input.vatNumber.map { $0.uppercased().filter { $0.isLetter || $0.isNumber } }, "vat_number", \.vatNumber)
    }

    /// The handler of `/api/v1/admin/platforms/:platformId/subscriptions/:vendorId`, shared with the admin pages.
    static func updateSubscription(kernel: KernelServices) -> @Sendable (SubscriptionInput, Request, AgoraRequestContext) async throws -> Subscription {
        let db = kernel.database
        return { input, request, context in
            let platformId = try AdminPlatformRoutes.scopedPlatform(context)
            let vendorId = try context.id("vendorId", of: "Subscription")
            let updated = try await db.transaction { tx in
                guard var subscription = try await TenancyStore.subscription(vendor: vendorId, platform: platformId, on: tx) else {
                    throw Problem.notFound("Subscription")
                }
                let before = subscription
                if let tierCode = input.tierCode {
                    guard try await TenancyStore.tiers(of: platformId, on: tx).contains(where: { $0.code == tierCode }) else {
                        throw Problem.invalid([FieldError(field: "tier_code", code: "invalid", message: "is not a tier of this platform")])
                    }
                    subscription.tierCode = tierCode
                }
                if let status = input.status { subscription.status = status }
                if let trialEnd = input.trialEndsAt { subscription.trialEndsAt = trialEnd }
                if let periodEnd = input.currentPeriodEnd {
                    guard periodEnd > subscription.currentPeriodStart else {
                        throw Problem.invalid([FieldError(field: "current_period_end", code: "invalid", message: "must be after the period start")])
                    }
                    subscription.currentPeriodEnd = periodEnd
                }
                subscription.updatedAt = kernel.now()
                try await TenancyStore.save(subscription, isNew: false, on: tx)
                try await AuditLog.append(AuditEntry(context, action: before.tierCode == subscription.tierCode ? "subscription.updated" : "subscription.tier_changed",
                                                      targetType: "vendor", targetId: vendorId, platformId: platformId, vendorId: vendorId,
                                                      summary: AuditSummary.changes(before: before, after: subscription)), at: subscription.updatedAt, on: tx)
                return subscription
            }
            await kernel.changes.announce(.features)
            return updated
        }
    }
}
