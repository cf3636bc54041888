import Foundation
import SQLKit

/// SQL for platforms, domains, tiers, companies, vendors and subscriptions. Each function
/// takes the session it runs in, so handlers compose them inside one transaction.
public enum TenancyStore {
    // MARK: Platforms

    static func platforms(in scope: AdminScope, page: PageRequest, on db: DatabaseSession) async throws -> [Platform] {
        try await db.sql.raw("""
            SELECT * FROM platforms WHERE \(scope.condition("id")) \(after: page) ORDER BY id \(limit: page.limit + 1)
            """).rows(Platform.self)
    }

    /// Every platform of the deployment, by code (there are a handful).
    public static func platforms(on db: DatabaseSession) async throws -> [Platform] {
        try await db.sql.raw("SELECT * FROM platforms ORDER BY code").rows(Platform.self)
    }

    /// The platform with `id`, if any.
    public static func platform(_ id: UUID, on db: DatabaseSession) async throws -> Platform? {
        try await db.sql.raw("SELECT * FROM platforms WHERE id = \(bind: id)").row(Platform.self)
    }

    /// The platform with `code`, if any.
    public static func platform(code: String, on db: DatabaseSession) async throws -> Platform? {
        try await db.sql.raw("SELECT * FROM platforms WHERE code = \(bind: code)").row(Platform.self)
    }

    static func insert(_ p: Platform, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO platforms (id, code, name, tagline, primary_color, accent_color, logo_path, default_locale,
                default_currency, support_email, is_active, created_at, updated_at)
            VALUES (\(bind: p.id), \(bind: p.code), \(bind: p.name), \(bind: p.tagline), \(bind: p.primaryColor),
                \(bind: p.accentColor), \(bind: p.logoPath), \(bind: p.defaultLocale), \(bind: p.defaultCurrency),
                \(bind: p.supportEmail), \(bind: p.isActive), \(bind: p.createdAt), \(bind: p.updatedAt))
            """).run()
    }

    static func update(_ p: Platform, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            UPDATE platforms SET name = \(bind: p.name), tagline = \(bind: p.tagline), primary_color = \(bind: p.primaryColor),
                accent_color = \(bind: p.accentColor), logo_path = \(bind: p.logoPath), default_locale = \(bind: p.defaultLocale),
                default_currency = \(bind: p.defaultCurrency), support_email = \(bind: p.supportEmail),
                is_active = \(bind: p.isActive), updated_at = \(bind: p.updatedAt)
            WHERE id = \(bind: p.id)
            """).run()
    }

    private struct ModuleRow: Decodable { let moduleId: String }

    /// Modules `platformId` offers, sorted.
    public static func modules(of platformId: UUID, on db: DatabaseSession) async throws -> [String] {
        try await db.sql.raw("SELECT module_id FROM platform_modules WHERE platform_id = \(bind: platformId) ORDER BY module_id")
            .rows(ModuleRow.self).map(\.moduleId)
    }

    static func setModules(_ modules: [String], of platformId: UUID, on db: DatabaseSession) async throws {
        try await db.sql.raw("DELETE FROM platform_modules WHERE platform_id = \(bind: platformId)").run()
        for module in Set(modules).sorted() {
            try await db.sql.raw("INSERT INTO platform_modules (platform_id, module_id) VALUES (\(bind: platformId), \(bind: module))").run()
        }
    }

    // MARK: Domains

    static func domains(of platformId: UUID, on db: DatabaseSession) async throws -> [PlatformDomain] {
        try await db.sql.raw("SELECT * FROM platform_domains WHERE platform_id = \(bind: platformId) ORDER BY host, path_prefix")
            .rows(PlatformDomain.self)
    }

    static func domain(host: String, pathPrefix: String, on db: DatabaseSession) async throws -> PlatformDomain? {
        try await db.sql.raw("SELECT * FROM platform_domains WHERE host = \(bind: host) AND path_prefix = \(bind: pathPrefix)")
            .row(PlatformDomain.self)
    }

    static func insert(_ d: PlatformDomain, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO platform_domains (id, platform_id, host, path_prefix, vendor_id, is_primary, created_at)
            VALUES (\(bind: d.id), \(bind: d.platformId), \(bind: d.host), \(bind: d.pathPrefix), \(bind: d.vendorId),
                \(bind: d.isPrimary), \(bind: d.createdAt))
            """).run()
    }

    /// Deletes a domain of `platformId`; false when there was none.
    static func deleteDomain(_ id: UUID, of platformId: UUID, on db: DatabaseSession) async throws -> Bool {
        let rows = try await db.sql.raw("DELETE FROM platform_domains WHERE id = \(bind: id) AND platform_id = \(bind: platformId) RETURNING id")
            .all()
        return !rows.isEmpty
    }

    // MARK: Tiers

    private struct TierRow: Decodable {
        let id: UUID, platformId: UUID, code: String, name: String, description: String
        let monthlyPriceMinor: Int?, yearlyPriceMinor: Int?, currency: String, position: Int, isPublic: Bool
    }

    private struct TierLimitRow: Decodable { let tierId: UUID, limitKey: String, value: Int? }
    private struct TierFeatureRow: Decodable { let tierId: UUID, featureCode: String }

    /// The tiers of `platformId`, cheapest first, with limits and features.
    public static func tiers(of platformId: UUID, on db: DatabaseSession) async throws -> [Tier] {
        let rows = try await db.sql.raw("SELECT * FROM tiers WHERE platform_id = \(bind: platformId) ORDER BY position, code").rows(TierRow.self)
        let limits = try await db.sql.raw("""
            SELECT l.tier_id, l.limit_key, l.value FROM tier_limits l JOIN tiers t ON t.id = l.tier_id WHERE t.platform_id = \(bind: platformId)
            """).rows(TierLimitRow.self)
        let features = try await db.sql.raw("""
            SELECT f.tier_id, f.feature_code FROM tier_features f JOIN tiers t ON t.id = f.tier_id WHERE t.platform_id = \(bind: platformId)
            """).rows(TierFeatureRow.self)
        let limitsByTier = Dictionary(grouping: limits, by: \.tierId)
        let featuresByTier = Dictionary(grouping: features, by: \.tierId)
        return rows.map { row in
            Tier(id: row.id, platformId: row.platformId, code: row.code, name: row.name, description: row.description,
                 monthlyPriceMinor: row.monthlyPriceMinor, yearlyPriceMinor: row.yearlyPriceMinor, currency: row.currency,
                 position: row.position, isPublic: row.isPublic,
                 limits: Dictionary(uniqueKeysWithValues: (limitsByTier[row.id] ?? []).map { ($0.limitKey, $0.value) }),
                 features: (featuresByTier[row.id] ?? []).map(\.featureCode).sorted())
        }
    }

    /// The add-ons `platformId` sells, by code.
    public static func addons(of platformId: UUID, on db: DatabaseSession) async throws -> [TierAddon] {
        try await db.sql.raw("SELECT * FROM tier_addons WHERE platform_id = \(bind: platformId) ORDER BY code").rows(TierAddon.self)
    }

    /// Inserts or replaces a tier (matched by platform and code) with its limits and features.
    static func upsert(_ tier: Tier, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO tiers (id, platform_id, code, name, description, monthly_price_minor, yearly_price_minor, currency, position, is_public)
            VALUES (\(bind: tier.id), \(bind: tier.platformId), \(bind: tier.code), \(bind: tier.name), \(bind: tier.description),
                \(bind: tier.monthlyPriceMinor), \(bind: tier.yearlyPriceMinor), \(bind: tier.currency), \(bind: tier.position), \(bind: tier.isPublic))
            ON CONFLICT (platform_id, code) DO UPDATE SET name = excluded.name, description = excluded.description,
                monthly_price_minor = excluded.monthly_price_minor, yearly_price_minor = excluded.yearly_price_minor,
                currency = excluded.currency, position = excluded.position, is_public = excluded.is_public
            """).run()
        let stored = try await db.sql.raw("SELECT * FROM tiers WHERE platform_id = \(bind: tier.platformId) AND code = \(bind: tier.code)").rows(TierRow.self)
        guard let id = stored.first?.id else { return }
        try await db.sql.raw("DELETE FROM tier_limits WHERE tier_id = \(bind: id)").run()
        try await db.sql.raw("DELETE FROM tier_features WHERE tier_id = \(bind: id)").run()
        for (key, value) in tier.limits.sorted(by: { $0.key < $1.key }) {
            try await db.sql.raw("INSERT INTO tier_limits (tier_id, limit_key, value) VALUES (\(bind: id), \(bind: key), \(bind: value))").run()
        }
        for feature in Set(tier.features).sorted() {
            try await db.sql.raw("INSERT INTO tier_features (tier_id, feature_code) VALUES (\(bind: id), \(bind: feature))").run()
        }
    }

    // MARK: Companies

    static func companies(in scope: AdminScope, page: PageRequest, on db: DatabaseSession) async throws -> [Company] {
        try await db.sql.raw("""
            SELECT * FROM companies c WHERE (\(scope.condition("c.home_platform_id")) OR EXISTS (
                SELECT 1 FROM vendors v JOIN vendor_platforms vp ON vp.vendor_id = v.id
                WHERE v.company_id = c.id AND \(scope.condition("vp.platform_id"))))
            \(after: page, column: "c.id") ORDER BY c.id \(limit: page.limit + 1)
            """).rows(Company.self)
    }

    /// The company with `id` if `scope` may see it.
    static func company(_ id: UUID, in scope: AdminScope, on db: DatabaseSession) async throws -> Company? {
        try await db.sql.raw("""
            SELECT * FROM companies c WHERE c.id = \(bind: id) AND (\(scope.condition("c.home_platform_id")) OR EXISTS (
                SELECT 1 FROM vendors v JOIN vendor_platforms vp ON vp.vendor_id = v.id
                WHERE v.company_id = c.id AND \(scope.condition("vp.platform_id"))))
            """).row(Company.self)
    }

    static func save(_ c: Company, isNew: Bool, on db: DatabaseSession) async throws {
        if isNew {
            try await db.sql.raw("""
                INSERT INTO companies (id, name, legal_name, address_line1, address_line2, postal_code, city, country, vat_number,
                    email, home_platform_id, created_at, updated_at)
                VALUES (\(bind: c.id), \(bind: c.name), \(bind: c.legalName), \(bind: c.addressLine1), \(bind: c.addressLine2),
                    \(bind: c.postalCode), \(bind: c.city), \(bind: c.country), \(bind: c.vatNumber), \(bind: c.email),
                    \(bind: c.homePlatformId), \(bind: c.createdAt), \(bind: c.updatedAt))
                """).run()
        } else {
            try await db.sql.raw("""
                UPDATE companies SET name = \(bind: c.name), legal_name = \(bind: c.legalName), address_line1 = \(bind: c.addressLine1),
                    address_line2 = \(bind: c.addressLine2), postal_code = \(bind: c.postalCode), city = \(bind: c.city),
                    country = \(bind: c.country), vat_number = \(bind: c.vatNumber), email = \(bind: c.email), updated_at = \(bind: c.updatedAt)
                WHERE id = \(bind: c.id)
                """).run()
        }
    }

    // MARK: Vendors

    static func vendors(in scope: AdminScope, page: PageRequest, on db: DatabaseSession) async throws -> [Vendor] {
        try await db.sql.raw("""
            SELECT * FROM vendors v WHERE (\(scope.vendorCondition("v")))
            \(after: page, column: "v.id") ORDER BY v.id \(limit: page.limit + 1)
            """).rows(Vendor.self)
    }

    /// The vendor with `id` if `scope` may see it.
    static func vendor(_ id: UUID, in scope: AdminScope, on db: DatabaseSession) async throws -> Vendor? {
        try await db.sql.raw("""
            SELECT * FROM vendors v WHERE v.id = \(bind: id)
            AND (\(scope.vendorCondition("v")))
            """).row(Vendor.self)
    }

    /// The vendor with `id`, unscoped (for kernel-internal use).
    public static func vendor(_ id: UUID, on db: DatabaseSession) async throws -> Vendor? {
        try await vendor(id, in: .everything, on: db)
    }

    static func save(_ v: Vendor, isNew: Bool, on db: DatabaseSession) async throws {
        if isNew {
            try await db.sql.raw("""
                INSERT INTO vendors (id, company_id, slug, name, country, currency, locale, is_active, created_at, updated_at)
                VALUES (\(bind: v.id), \(bind: v.companyId), \(bind: v.slug), \(bind: v.name), \(bind: v.country), \(bind: v.currency),
                    \(bind: v.locale), \(bind: v.isActive), \(bind: v.createdAt), \(bind: v.updatedAt))
                """).run()
        } else {
            try await db.sql.raw("""
                UPDATE vendors SET name = \(bind: v.name), country = \(bind: v.country), currency = \(bind: v.currency),
                    locale = \(bind: v.locale), is_active = \(bind: v.isActive), updated_at = \(bind: v.updatedAt)
                WHERE id = \(bind: v.id)
                """).run()
        }
    }

    // MARK: Subscriptions

    static func subscriptions(of platformId: UUID, page: PageRequest, on db: DatabaseSession) async throws -> [Subscription] {
        try await db.sql.raw("""
            SELECT * FROM vendor_platforms WHERE platform_id = \(bind: platformId) \(after: page, column: "vendor_id")
            ORDER BY vendor_id \(limit: page.limit + 1)
            """).rows(Subscription.self)
    }

    /// `vendorId`'s subscription on `platformId`, if it has joined.
    public static func subscription(vendor vendorId: UUID, platform platformId: UUID, on db: DatabaseSession) async throws -> Subscription? {
        try await db.sql.raw("SELECT * FROM vendor_platforms WHERE vendor_id = \(bind: vendorId) AND platform_id = \(bind: platformId)")
            .row(Subscription.self)
    }

    /// Every platform subscription of `vendorId`.
    public static func subscriptions(ofVendor vendorId: UUID, on db: DatabaseSession) async throws -> [Subscription] {
        try await db.sql.raw("SELECT * FROM vendor_platforms WHERE vendor_id = \(bind: vendorId) ORDER BY joined_at").rows(Subscription.self)
    }

    static func save(_ s: Subscription, isNew: Bool, on db: DatabaseSession) async throws {
        if isNew {
            try await db.sql.raw("""
                INSERT INTO vendor_platforms (vendor_id, platform_id, tier_code, status, trial_ends_at, current_period_start,
                    current_period_end, joined_at, updated_at)
                VALUES (\(bind: s.vendorId), \(bind: s.platformId), \(bind: s.tierCode), \(bind: s.status.rawValue), \(bind: s.trialEndsAt),
                    \(bind: s.currentPeriodStart), \(bind: s.currentPeriodEnd), \(bind: s.joinedAt), \(bind: s.updatedAt))
                """).run()
        } else {
            try await db.sql.raw("""
                UPDATE vendor_platforms SET tier_code = \(bind: s.tierCode), status = \(bind: s.status.rawValue),
                    trial_ends_at = \(bind: s.trialEndsAt), current_period_start = \(bind: s.currentPeriodStart),
                    current_period_end = \(bind: s.currentPeriodEnd), updated_at = \(bind: s.updatedAt)
                WHERE vendor_id = \(bind: s.vendorId) AND platform_id = \(bind: s.platformId)
                """).run()
        }
    }
}

extension SQLQueryString.StringInterpolation {
    // Public so modules page the same way.
    /// `AND <column> > cursor` when the page starts after a cursor; nothing on the first page.
    public mutating func appendInterpolation(after page: PageRequest, column: String = "id") {
        if let after = page.after {
            appendInterpolation(unsafeRaw: " AND \(column) > ")
            appendInterpolation(bind: after)
        }
    }
}

extension TenancyStore {
    /// The vendor with `slug`, if any.
    public static func vendor(slug: String, on db: DatabaseSession) async throws -> Vendor? {
        try await db.sql.raw("SELECT * FROM vendors WHERE slug = \(bind: slug)").row(Vendor.self)
    }
}
