import Foundation
import Hummingbird

/// Admin API for feature switches (per platform and per vendor), tiers and add-ons.
/// Every change is audited and announced so every instance applies it on the next request.
enum AdminFeatureRoutes {
    struct FeatureRow: ResponseCodable, Sendable {
        let code: String
        let name: String
        let module: String
        let enabled: Bool
        let tiers: [String]
    }

    struct VendorFeatureRow: ResponseCodable, Sendable {
        let code: String
        let decision: FeatureDecision
    }


    struct SwitchInput: Decodable { let enabled: Bool }
    struct OverrideInput: Decodable { let mode: String }

    struct TierInput: Decodable {
        var code: String?
        var name: String?
        var description: String?
        var monthlyPriceMinor: Int?
        var yearlyPriceMinor: Int?
        var isPublic: Bool?
        var limits: [String: Int?]?
        var features: [String]?
    }

    struct AddonInput: Decodable {
        let code: String?
        let name: String?
        let monthlyPriceMinor: Int?
        let limitKey: String?
        let amount: Int?
    }

    struct QuantityInput: Decodable { let quantity: Int }

    /// `module` or `module.feature_name`, lower case.
    static func isFeatureCode(_ code: String) -> Bool {
        (1...80).contains(code.count) && code.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
        }
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database

        routes.get("/api/v1/admin/platforms/:platformId/features", summary: "Features of a platform with their switch and the tiers that include them", access: .platformAdmin) { _, context in
            let platformId = try AdminPlatformRoutes.scopedPlatform(context)
            return ItemList(items: try await platformFeatures(kernel, platform: platformId))
        }

        routes.put("/api/v1/admin/platforms/:platformId/features/:featureCode", summary: "Switch a feature on or off for the whole platform", access: .platformAdmin, body: SwitchInput.self, handler: setSwitch(kernel: kernel))

        routes.get("/api/v1/admin/platforms/:platformId/vendors/:vendorId/features", summary: "What a vendor has on a platform, feature by feature, with the reason", access: .platformAdmin) { _, context in
            let platformId = try AdminPlatformRoutes.scopedPlatform(context)
            let vendorId = try context.id("vendorId", of: "Vendor")
            return ItemList(items: try await vendorFeatures(kernel, platform: platformId, vendor: vendorId))
        }

        routes.put("/api/v1/admin/platforms/:platformId/vendors/:vendorId/features/:featureCode", summary: "Grant or revoke a feature for one vendor, or let it follow the tier again", access: .platformAdmin, body: OverrideInput.self, handler: setOverride(kernel: kernel))

        routes.post("/api/v1/admin/platforms/:platformId/tiers", summary: "Add a subscription tier to a platform", access: .platformAdmin, body: TierInput.self) { input, request, context in
            let platformId = try AdminPlatformRoutes.scopedPlatform(context)
            let now = kernel.now()
            let tier = try await db.transaction { tx -> Tier in
                let tiers = try await TenancyStore.tiers(of: platformId, on: tx)
                guard let platform = try await TenancyStore.platform(platformId, on: tx) else { throw Problem.notFound("Platform") }
                var tier = Tier(id: UUID.v7(now: now), platformId: platformId, code: input.code ?? "", name: input.name ?? "", description: "",
                                monthlyPriceMinor: nil, yearlyPriceMinor: nil, currency: platform.defaultCurrency,
                                position: (tiers.map(\.position).max() ?? -1) + 1, isPublic: true, limits: [:], features: [])
                var validation = Validation()
                validation.check(TenancyRules.isSlug(tier.code), "code", "invalid", "must be 2–64 lower-case letters, digits and dashes")
                validation.check(!tiers.contains { $0.code == tier.code }, "code", "taken", "is already a tier of this platform")
                validation.requireText(input.name, "name")
                apply(input, to: &tier, validation: &validation)
                try validation.throwIfInvalid()
                try await TenancyStore.upsert(tier, on: tx)
                try await AuditLog.append(AuditEntry(context, action: "tier.created", targetType: "tier", targetId: tier.id, platformId: platformId,
                                                     summary: "Created tier \(tier.code)"), at: now, on: tx)
                return tier
            }
            await kernel.changes.announce(.features)
            return StatusResponse(.created, tier)
        }

        routes.patch("/api/v1/admin/platforms/:platformId/tiers/:tierCode", summary: "Change a tier's name, prices, limits or features", access: .platformAdmin, body: TierInput.self, handler: updateTier(kernel: kernel))

        routes.get("/api/v1/admin/platforms/:platformId/addons", summary: "Add-ons a platform sells to raise limits", access: .platformAdmin) { _, context in
            let platformId = try AdminPlatformRoutes.scopedPlatform(context)
            return ItemList(items: try await db.read { try await TenancyStore.addons(of: platformId, on: $0) })
        }

        routes.post("/api/v1/admin/platforms/:platformId/addons", summary: "Create an add-on that raises one limit", access: .platformAdmin, body: AddonInput.self) { input, request, context in
            let platformId = try AdminPlatformRoutes.scopedPlatform(context)
            var validation = Validation()
            validation.check(input.code.map(TenancyRules.isSlug) ?? false, "code", "invalid", "must be 2–64 lower-case letters, digits and dashes")
            validation.requireText(input.name, "name")
            validation.check((input.monthlyPriceMinor ?? -1) >= 0, "monthly_price_minor", "invalid", "must be a price in minor units ≥ 0")
            validation.check(input.limitKey.map(isFeatureCode) ?? false, "limit_key", "invalid", "must be a limit key such as commerce.products")
            validation.check((input.amount ?? 0) > 0, "amount", "invalid", "must be a whole number above 0")
            try validation.throwIfInvalid()
            let addon = TierAddon(id: UUID.v7(now: kernel.now()), platformId: platformId, code: input.code!, name: input.name!,
                              monthlyPriceMinor: input.monthlyPriceMinor!, limitKey: input.limitKey!, amount: input.amount!)
            try await db.transaction { tx in
                do {
                    try await tx.sql.raw("""
                        INSERT INTO tier_addons (id, platform_id, code, name, monthly_price_minor, limit_key, amount)
                        VALUES (\(bind: addon.id), \(bind: platformId), \(bind: addon.code), \(bind: addon.name), \(bind: addon.monthlyPriceMinor),
                            \(bind: addon.limitKey), \(bind: addon.amount))
                        """).run()
                } catch where DatabaseErrors.isUniqueViolation(error) {
                    throw Problem.invalid([FieldError(field: "code", code: "taken", message: "is already an add-on of this platform")])
                }
                try await AuditLog.append(AuditEntry(context, action: "addon.created", targetType: "addon", targetId: addon.id, platformId: platformId,
                                                     summary: "Created add-on \(addon.code): +\(addon.amount) \(addon.limitKey)"), at: kernel.now(), on: tx)
            }
            // The platform's pricing page lists the add-ons.
            await kernel.changes.announce(.features)
            return StatusResponse(.created, addon)
        }

        routes.put("/api/v1/admin/platforms/:platformId/vendors/:vendorId/addons/:addonCode", summary: "Set how many units of an add-on a vendor has (0 removes it)", access: .platformAdmin, body: QuantityInput.self) { input, request, context in
            let platformId = try AdminPlatformRoutes.scopedPlatform(context)
            let vendorId = try context.id("vendorId", of: "Vendor")
            let code = context.parameters.get("addonCode") ?? ""
            guard (0...10_000).contains(input.quantity) else {
                throw Problem.invalid([FieldError(field: "quantity", code: "invalid", message: "must be from 0 to 10000")])
            }
            let now = kernel.now()
            try await db.transaction { tx in
                guard try await TenancyStore.subscription(vendor: vendorId, platform: platformId, on: tx) != nil else { throw Problem.notFound("Vendor") }
                guard let addon = try await tx.sql.raw("SELECT * FROM tier_addons WHERE platform_id = \(bind: platformId) AND code = \(bind: code)").row(TierAddon.self) else {
                    throw Problem.notFound("Add-on")
                }
                try await tx.sql.raw("DELETE FROM vendor_addons WHERE platform_id = \(bind: platformId) AND vendor_id = \(bind: vendorId) AND addon_id = \(bind: addon.id)").run()
                if input.quantity > 0 {
                    try await tx.sql.raw("""
                        INSERT INTO vendor_addons (platform_id, vendor_id, addon_id, quantity, updated_at)
                        VALUES (\(bind: platformId), \(bind: vendorId), \(bind: addon.id), \(bind: input.quantity), \(bind: now))
                        """).run()
                }
                try await AuditLog.append(AuditEntry(context, action: "addon.quantity_set", targetType: "vendor", targetId: vendorId, platformId: platformId,
                                                     vendorId: vendorId, summary: "Add-on \(code) set to \(input.quantity)"), at: now, on: tx)
            }
            return Response(status: .noContent)
        }

        // MARK: The vendor's own view

        routes.get("/api/v1/vendor/usage", summary: "Your usage of each limit, with the limit and when the period ends", access: .vendor(.vendorStaff)) { _, context in
            let vendor = try context.requireVendor()
            return ItemList(items: try await db.read(for: vendor) { try await kernel.usage.usage(for: vendor, at: kernel.now(), on: $0) })
        }

        routes.get("/api/v1/vendor/features", summary: "The features you have on this platform", access: .vendor(.vendorStaff)) { _, context in
            let vendor = try context.requireVendor()
            let inputs = try await kernel.features.inputs(platform: vendor.platformId, vendor: vendor.vendorId)
            let codes = Set(kernel.registry.features.map(\.code)).union(inputs.tierFeatures).union(inputs.grants)
            return ItemList(items: codes.sorted().map { VendorFeatureRow(code: $0, decision: FeatureRules.decide($0, inputs)) })
        }
    }

    static func apply(_ input: TierInput, to tier: inout Tier, validation: inout Validation) {
        if let name = input.name { tier.name = name.trimmingCharacters(in: .whitespaces) }
        if let description = input.description { tier.description = description }
        if let price = input.monthlyPriceMinor {
            validation.check(price >= 0, "monthly_price_minor", "invalid", "must not be negative")
            tier.monthlyPriceMinor = price
        }
        if let price = input.yearlyPriceMinor {
            validation.check(price >= 0, "yearly_price_minor", "invalid", "must not be negative")
            tier.yearlyPriceMinor = price
        }
        if let isPublic = input.isPublic { tier.isPublic = isPublic }
        if let limits = input.limits {
            for (key, value) in limits {
                validation.check(isFeatureCode(key), "limits.\(key)", "invalid", "is not a limit key")
                validation.check((value ?? 0) >= 0, "limits.\(key)", "invalid", "must be ≥ 0 or null for unlimited")
            }
            tier.limits = limits
        }
        if let features = input.features {
            for (index, code) in features.enumerated() {
                validation.check(isFeatureCode(code), "features[\(index)]", "invalid", "is not a feature code")
            }
            tier.features = Set(features).sorted()
        }
    }

    /// The handler of `/api/v1/admin/platforms/:platformId/features/:featureCode`, shared with the admin pages.
    static func setSwitch(kernel: KernelServices) -> @Sendable (SwitchInput, Request, AgoraRequestContext) async throws -> FeatureRow {
        let db = kernel.database
        return { input, request, context in
            let platformId = try AdminPlatformRoutes.scopedPlatform(context)
            let code = context.parameters.get("featureCode") ?? ""
            guard isFeatureCode(code) else { throw Problem.notFound("Feature") }
            let now = kernel.now()
            try await db.transaction { tx in
                try await FeatureStore.setSwitch(platform: platformId, code: code, enabled: input.enabled, now: now, on: tx)
                try await AuditLog.append(AuditEntry(context, action: input.enabled ? "feature.switched_on" : "feature.switched_off",
                                                     targetType: "platform", targetId: platformId, platformId: platformId,
                                                     summary: "\(input.enabled ? "Switched on" : "Switched off") \(code) for the platform"), at: now, on: tx)
            }
            await kernel.changes.announce(.features)
            return FeatureRow(code: code, name: code, module: FeatureRules.module(of: code), enabled: input.enabled, tiers: [])
        }
    }

    /// The handler of `/api/v1/admin/platforms/:platformId/vendors/:vendorId/features/:featureCode`, shared with the admin pages.
    static func setOverride(kernel: KernelServices) -> @Sendable (OverrideInput, Request, AgoraRequestContext) async throws -> VendorFeatureRow {
        let db = kernel.database
        return { input, request, context in
            let platformId = try AdminPlatformRoutes.scopedPlatform(context)
            let vendorId = try context.id("vendorId", of: "Vendor")
            let code = context.parameters.get("featureCode") ?? ""
            guard isFeatureCode(code) else { throw Problem.notFound("Feature") }
            guard ["grant", "revoke", "inherit"].contains(input.mode) else {
                throw Problem.invalid([FieldError(field: "mode", code: "invalid", message: "must be grant, revoke or inherit")])
            }
            let now = kernel.now()
            try await db.transaction { tx in
                guard try await TenancyStore.subscription(vendor: vendorId, platform: platformId, on: tx) != nil else { throw Problem.notFound("Vendor") }
                try await FeatureStore.setOverride(platform: platformId, vendor: vendorId, code: code, mode: input.mode == "inherit" ? nil : input.mode, now: now, on: tx)
                try await AuditLog.append(AuditEntry(context, action: "feature.\(input.mode == "inherit" ? "override_removed" : input.mode + (input.mode == "grant" ? "ed" : "d"))",
                                                     targetType: "vendor", targetId: vendorId, platformId: platformId, vendorId: vendorId,
                                                     summary: "\(input.mode.capitalized) \(code) for the vendor"), at: now, on: tx)
            }
            await kernel.changes.announce(.features)
            let decision = try await kernel.features.decide(code, platform: platformId, vendor: vendorId)
            return VendorFeatureRow(code: code, decision: decision)
        }
    }

    /// The handler of `/api/v1/admin/platforms/:platformId/tiers/:tierCode`, shared with the admin pages.
    static func updateTier(kernel: KernelServices) -> @Sendable (TierInput, Request, AgoraRequestContext) async throws -> Tier {
        let db = kernel.database
        return { input, request, context in
            let platformId = try AdminPlatformRoutes.scopedPlatform(context)
            let code = context.parameters.get("tierCode") ?? ""
            let tier = try await db.transaction { tx -> Tier in
                guard var tier = try await TenancyStore.tiers(of: platformId, on: tx).first(where: { $0.code == code }) else { throw Problem.notFound("Tier") }
                let before = tier
                var validation = Validation()
                validation.check(input.code == nil || input.code == code, "code", "immutable", "cannot be changed")
                if let name = input.name { validation.requireText(name, "name") }
                apply(input, to: &tier, validation: &validation)
                try validation.throwIfInvalid()
                try await TenancyStore.upsert(tier, on: tx)
                try await AuditLog.append(AuditEntry(context, action: "tier.updated", targetType: "tier", targetId: tier.id, platformId: platformId,
                                                     summary: "Tier \(code): " + AuditSummary.changes(before: before, after: tier)), at: kernel.now(), on: tx)
                return tier
            }
            await kernel.changes.announce(.features)
            return tier
        }
    }

    /// Every feature a platform knows of (declared by a module or named by a tier), with its switch.
    static func platformFeatures(_ kernel: KernelServices, platform platformId: UUID) async throws -> [FeatureRow] {
        try await kernel.database.read { tx in
            let tiers = try await TenancyStore.tiers(of: platformId, on: tx)
            let off = try await FeatureStore.switchedOff(platform: platformId, on: tx)
            let declared = Dictionary(kernel.registry.features.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            let codes = Set(declared.keys).union(tiers.flatMap(\.features)).union(off)
            return codes.sorted().map { code in
                FeatureRow(code: code, name: declared[code] ?? code, module: FeatureRules.module(of: code), enabled: !off.contains(code),
                           tiers: tiers.filter { $0.features.contains(code) }.map(\.code))
            }
        }
    }

    /// A vendor's decision for every feature that concerns it; 404 when it is not on the platform.
    static func vendorFeatures(_ kernel: KernelServices, platform platformId: UUID, vendor vendorId: UUID) async throws -> [VendorFeatureRow] {
        let inputs = try await kernel.database.read { tx -> FeatureInputs in
            guard try await TenancyStore.subscription(vendor: vendorId, platform: platformId, on: tx) != nil else { throw Problem.notFound("Vendor") }
            return try await FeatureStore.inputs(platform: platformId, vendor: vendorId, on: tx)
        }
        let codes = Set(kernel.registry.features.map(\.code)).union(inputs.tierFeatures).union(inputs.grants).union(inputs.revokes).union(inputs.switchedOff)
        return codes.sorted().map { VendorFeatureRow(code: $0, decision: FeatureRules.decide($0, inputs)) }
    }
}
