import Foundation
import SQLKit

/// One limit as a vendor sees it: how much is used, of how much, until when.
public struct LimitUsage: Codable, Sendable, Equatable {
    public let key: String
    public let name: String
    public let period: LimitDeclaration.Period
    public let used: Int
    /// nil: unlimited.
    public let limit: Int?
    /// When a monthly count starts again; nil for holdings.
    public let periodEnd: Date?
}

/// Counts usage against tier limits (plus add-ons), consuming and releasing atomically: one
/// conditional `UPDATE` per attempt, so concurrent requests can never pass a limit.
public struct UsageMeter: Sendable {
    let registry: ModuleRegistry

    /// The counter period `now` falls in: `all` for holdings, `YYYY-MM` (UTC) for monthly limits.
    public static func period(_ period: LimitDeclaration.Period, at now: Date) -> (key: String, end: Date?) {
        switch period {
        case .none:
            return ("all", nil)
        case .month:
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let parts = calendar.dateComponents([.year, .month], from: now)
            let start = calendar.date(from: parts)!
            let end = calendar.date(byAdding: .month, value: 1, to: start)!
            return (String(format: "%04d-%02d", parts.year!, parts.month!), end)
        }
    }

    func declaration(_ key: String) throws -> LimitDeclaration {
        guard let declaration = registry.limits.first(where: { $0.key == key }) else {
            throw Problem(status: .internalServerError, code: "unknown_limit", title: "Unknown limit",
                          detail: "No module declares the limit \(key).")
        }
        return declaration
    }

    private struct Value: Decodable { let value: Int? }
    private struct Used: Decodable { let used: Int }

    /// The vendor's limit for `key`: the tier's value plus add-ons; nil when unlimited (the
    /// tier sets it to null or does not mention it).
    public func limit(_ key: String, for vendor: VendorScope, on db: DatabaseSession) async throws -> Int? {
        try await db.sql.raw("SELECT CAST(\(limitExpression(key, for: vendor)) AS BIGINT) AS value").row(Value.self)?.value
    }

    /// Uses `amount` of `key` inside the caller's transaction, or throws 403 `limit_reached`
    /// (with limit, used and period end) and changes nothing.
    public func consume(_ key: String, amount: Int = 1, for vendor: VendorScope, at now: Date, on tx: DatabaseSession) async throws {
        let declaration = try declaration(key)
        let period = Self.period(declaration.period, at: now)
        // The limit is worked out inside the counter's UPDATE (NULL: unlimited), so a consume
        // that passes is one statement; the limit is only read on its own for the refusal.
        func increment() async throws -> Bool {
            !(try await tx.sql.raw("""
                UPDATE usage_counters SET used = used + \(bind: amount), updated_at = \(bind: now)
                WHERE vendor_id = \(bind: vendor.vendorId) AND platform_id = \(bind: vendor.platformId) AND limit_key = \(bind: key)
                  AND period_key = \(bind: period.key) AND used + \(bind: amount) <= COALESCE(\(limitExpression(key, for: vendor)), used + \(bind: amount))
                RETURNING used
                """).rows(Used.self)).isEmpty
        }
        // The counter row usually exists: one statement. Otherwise (the period's first use, or
        // the limit is reached) make sure it exists and try once more.
        if try await increment() { return }
        try await tx.sql.raw("""
            INSERT INTO usage_counters (vendor_id, platform_id, limit_key, period_key, used, updated_at)
            VALUES (\(bind: vendor.vendorId), \(bind: vendor.platformId), \(bind: key), \(bind: period.key), 0, \(bind: now))
            ON CONFLICT (vendor_id, platform_id, limit_key, period_key) DO NOTHING
            """).run()
        if try await increment() { return }
        guard let limit = try await limit(key, for: vendor, on: tx) else { return }
        let used = try await used(key, periodKey: period.key, for: vendor, on: tx)
        var extensions: [String: JSONValue] = ["limit_key": .string(key), "limit": .int(limit), "used": .int(used)]
        extensions["period_end"] = period.end.map { .string(ISO8601Seconds.string($0)) } ?? .null
        throw Problem(status: .forbidden, code: "limit_reached", title: "Limit reached",
                      detail: "\(declaration.name): \(used) of \(limit) used" + (period.end.map { " until \(ISO8601Seconds.string($0))" } ?? "") + ".",
                      extensions: extensions)
    }

    /// The vendor's limit for `key` as one SQL expression, NULL when unlimited: the tier's
    /// value plus the vendor's add-ons. ``limit(_:for:on:)`` selects it; consuming checks it
    /// inside the counter's `UPDATE`.
    private func limitExpression(_ key: String, for vendor: VendorScope) -> SQLQueryString {
        """
        (SELECT l.value + (SELECT COALESCE(SUM(a.amount * va.quantity), 0) FROM vendor_addons va JOIN tier_addons a ON a.id = va.addon_id
                           WHERE va.platform_id = \(bind: vendor.platformId) AND va.vendor_id = \(bind: vendor.vendorId) AND a.limit_key = \(bind: key))
         FROM tier_limits l JOIN tiers t ON t.id = l.tier_id
         WHERE t.platform_id = \(bind: vendor.platformId) AND t.code = \(bind: vendor.subscription.tierCode) AND l.limit_key = \(bind: key))
        """
    }

    /// Gives back `amount` of `key` (a deleted product, a cancelled import); never below zero.
    public func release(_ key: String, amount: Int = 1, for vendor: VendorScope, at now: Date, on tx: DatabaseSession) async throws {
        let period = Self.period(try declaration(key).period, at: now)
        try await tx.sql.raw("""
            UPDATE usage_counters SET used = CASE WHEN used >= \(bind: amount) THEN used - \(bind: amount) ELSE 0 END, updated_at = \(bind: now)
            WHERE vendor_id = \(bind: vendor.vendorId) AND platform_id = \(bind: vendor.platformId) AND limit_key = \(bind: key)
              AND period_key = \(bind: period.key)
            """).run()
    }

    func used(_ key: String, periodKey: String, for vendor: VendorScope, on db: DatabaseSession) async throws -> Int {
        try await db.sql.raw("""
            SELECT used FROM usage_counters WHERE vendor_id = \(bind: vendor.vendorId) AND platform_id = \(bind: vendor.platformId)
              AND limit_key = \(bind: key) AND period_key = \(bind: periodKey)
            """).row(Used.self)?.used ?? 0
    }

    /// Every declared limit with the vendor's current use.
    public func usage(for vendor: VendorScope, at now: Date, on db: DatabaseSession) async throws -> [LimitUsage] {
        var result: [LimitUsage] = []
        for declaration in registry.limits.sorted(by: { $0.key < $1.key }) {
            let period = Self.period(declaration.period, at: now)
            result.append(LimitUsage(
                key: declaration.key, name: declaration.name, period: declaration.period,
                used: try await used(declaration.key, periodKey: period.key, for: vendor, on: db),
                limit: try await limit(declaration.key, for: vendor, on: db), periodEnd: period.end))
        }
        return result
    }
}
