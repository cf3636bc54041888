import Foundation
import SQLKit

/// SQL for feature switches, per-vendor overrides and the inputs of feature resolution.
public enum FeatureStore {
    private struct Code: Decodable { let featureCode: String }
    private struct Override: Decodable { let featureCode: String; let mode: String }

    /// Everything `FeatureRules.decide` needs for `vendorId` on `platformId`.
    static func inputs(platform platformId: UUID, vendor vendorId: UUID?, on db: DatabaseSession) async throws -> FeatureInputs {
        let modules = Set(try await TenancyStore.modules(of: platformId, on: db))
        let off = Set(try await db.sql.raw("""
            SELECT feature_code FROM platform_feature_switches WHERE platform_id = \(bind: platformId) AND enabled = \(bind: false)
            """).rows(Code.self).map(\.featureCode))
        guard let vendorId, let subscription = try await TenancyStore.subscription(vendor: vendorId, platform: platformId, on: db) else {
            return FeatureInputs(offeredModules: modules, switchedOff: off, subscriptionActive: false)
        }
        let tier = Set(try await db.sql.raw("""
            SELECT f.feature_code FROM tier_features f JOIN tiers t ON t.id = f.tier_id
            WHERE t.platform_id = \(bind: platformId) AND t.code = \(bind: subscription.tierCode)
            """).rows(Code.self).map(\.featureCode))
        let overrides = try await db.sql.raw("""
            SELECT feature_code, mode FROM vendor_feature_overrides WHERE platform_id = \(bind: platformId) AND vendor_id = \(bind: vendorId)
            """).rows(Override.self)
        var inputs = FeatureInputs(
            offeredModules: modules, switchedOff: off, tierFeatures: tier,
            grants: Set(overrides.filter { $0.mode == "grant" }.map(\.featureCode)),
            revokes: Set(overrides.filter { $0.mode == "revoke" }.map(\.featureCode)),
            subscriptionActive: subscription.status != .cancelled)
        inputs.subscription = subscription
        return inputs
    }

    /// Switches `code` on or off for a whole platform.
    static func setSwitch(platform platformId: UUID, code: String, enabled: Bool, now: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO platform_feature_switches (platform_id, feature_code, enabled, updated_at)
            VALUES (\(bind: platformId), \(bind: code), \(bind: enabled), \(bind: now))
            ON CONFLICT (platform_id, feature_code) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at
            """).run()
    }

    /// Features switched off on `platformId`.
    static func switchedOff(platform platformId: UUID, on db: DatabaseSession) async throws -> Set<String> {
        Set(try await db.sql.raw("""
            SELECT feature_code FROM platform_feature_switches WHERE platform_id = \(bind: platformId) AND enabled = \(bind: false)
            """).rows(Code.self).map(\.featureCode))
    }

    /// Sets a vendor's override: `grant`, `revoke`, or nil to follow the tier again.
    static func setOverride(platform platformId: UUID, vendor vendorId: UUID, code: String, mode: String?, now: Date, on db: DatabaseSession) async throws {
        guard let mode else {
            try await db.sql.raw("""
                DELETE FROM vendor_feature_overrides WHERE platform_id = \(bind: platformId) AND vendor_id = \(bind: vendorId) AND feature_code = \(bind: code)
                """).run()
            return
        }
        try await db.sql.raw("""
            INSERT INTO vendor_feature_overrides (platform_id, vendor_id, feature_code, mode, updated_at)
            VALUES (\(bind: platformId), \(bind: vendorId), \(bind: code), \(bind: mode), \(bind: now))
            ON CONFLICT (platform_id, vendor_id, feature_code) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at
            """).run()
    }
}
