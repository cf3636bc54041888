import Commerce
import Foundation
import Kernel
import NIOConcurrencyHelpers
import SQLKit

/// One row of `invoicing_vat_rates` as the API shows it.
public struct VATRateRow: Codable, Sendable, Equatable {
    public var country: String
    public var rateClass: VATRateClass
    public var basisPoints: Int
    /// `YYYY-MM-DD`, first day in force.
    public var effectiveFrom: String
    /// `YYYY-MM-DD`, first day no longer in force; nil while in force.
    public var effectiveUntil: String?

    init(_ rate: VATRate) {
        country = rate.country
        rateClass = rate.rateClass
        basisPoints = rate.basisPoints
        effectiveFrom = VATDay.format(rate.effectiveFrom)
        effectiveUntil = rate.effectiveUntil.map(VATDay.format)
    }

    /// The domain value; nil when a stored day is not a day.
    var rate: VATRate? {
        guard let from = VATDay.parse(effectiveFrom) else { return nil }
        let until = effectiveUntil.flatMap(VATDay.parse)
        return VATRate(country: country, rateClass: rateClass, basisPoints: basisPoints, effectiveFrom: from, effectiveUntil: until)
    }
}

/// SQL for the VAT rate table, shared by every vendor (no tenant scope).
public enum VATRateStore {
    /// Every stored rate.
    public static func all(on db: DatabaseSession) async throws -> [VATRateRow] {
        try await db.sql.raw("""
            SELECT country, rate_class, basis_points, effective_from, effective_until FROM invoicing_vat_rates
            ORDER BY country, rate_class, effective_from
            """).rows(VATRateRow.self)
    }

    /// Inserts the bundled ``VATRateTable/seed`` rows that are missing (by country, class and
    /// first day); returns how many were added. Safe to repeat and to run concurrently.
    @discardableResult
    public static func seed(_ table: VATRateTable = .seed, now: Date, on db: DatabaseSession) async throws -> Int {
        var added = 0
        for rate in table.rates {
            let row = VATRateRow(rate)
            added += try await db.sql.raw("""
                INSERT INTO invoicing_vat_rates (id, country, rate_class, basis_points, effective_from, effective_until, created_at)
                VALUES (\(bind: UUID.v7(now: now)), \(bind: row.country), \(bind: row.rateClass.rawValue), \(bind: row.basisPoints),
                    \(bind: row.effectiveFrom), \(bind: row.effectiveUntil), \(bind: now))
                ON CONFLICT (country, rate_class, effective_from) DO NOTHING RETURNING id
                """).all().count
        }
        return added
    }

    /// The stored table; the seed is written first when the table is empty.
    public static func table(now: Date, on db: DatabaseSession) async throws -> VATRateTable {
        var rows = try await all(on: db)
        if rows.isEmpty {
            try await seed(now: now, on: db)
            rows = try await all(on: db)
        }
        return VATRateTable(rates: rows.compactMap(\.rate))
    }

    /// Adds `rate`, closing the open row of its country and class that started earlier
    /// (``VATRateTable/adding(_:)``). A rate starting the same day as an existing one is refused.
    public static func add(_ rate: VATRate, now: Date, on tx: DatabaseSession) async throws -> [VATRateRow] {
        let current = try await table(now: now, on: tx)
        guard !current.rates.contains(where: { $0.country == rate.country && $0.rateClass == rate.rateClass && $0.effectiveFrom == rate.effectiveFrom }) else {
            throw Problem.conflict("vat_rate_exists", "A \(rate.rateClass.rawValue) rate for \(rate.country) already starts on \(VATDay.format(rate.effectiveFrom)).")
        }
        let updated = current.adding(rate)
        for row in updated.rates where row.country == rate.country && row.rateClass == rate.rateClass && row != rate {
            let stored = VATRateRow(row)
            try await tx.sql.raw("""
                UPDATE invoicing_vat_rates SET effective_until = \(bind: stored.effectiveUntil)
                WHERE country = \(bind: stored.country) AND rate_class = \(bind: stored.rateClass.rawValue) AND effective_from = \(bind: stored.effectiveFrom)
                """).run()
        }
        let row = VATRateRow(rate)
        try await tx.sql.raw("""
            INSERT INTO invoicing_vat_rates (id, country, rate_class, basis_points, effective_from, effective_until, created_at)
            VALUES (\(bind: UUID.v7(now: now)), \(bind: row.country), \(bind: row.rateClass.rawValue), \(bind: row.basisPoints),
                \(bind: row.effectiveFrom), \(bind: row.effectiveUntil), \(bind: now))
            """).run()
        return updated.rates.filter { $0.country == rate.country && $0.rateClass == rate.rateClass }
            .sorted { $0.effectiveFrom < $1.effectiveFrom }.map(VATRateRow.init)
    }
}

/// The VAT rate table in memory: loaded from the database on first use, rebuilt after a change
/// on this instance at once and after the kernel's cache time-to-live for changes made
/// elsewhere (another instance, the CLI).
public final class VATRates: Sendable {
    private struct Entry: Sendable {
        let table: VATRateTable
        let generation: Int
        let builtAt: ContinuousClock.Instant
    }

    private let state = NIOLockedValueBox<(entry: Entry?, generation: Int)>((nil, 0))
    let kernel: KernelServices

    public init(kernel: KernelServices) {
        self.kernel = kernel
    }

    /// The table as stored.
    public func table() async throws -> VATRateTable {
        let (entry, generation) = state.withLockedValue { ($0.entry, $0.generation) }
        if let entry, entry.generation == generation, ContinuousClock.now - entry.builtAt < kernel.configuration.cacheTimeToLive {
            return entry.table
        }
        let now = kernel.now()
        let table = try await kernel.database.transaction { try await VATRateStore.table(now: now, on: $0) }
        state.withLockedValue { state in
            if state.generation == generation { state.entry = Entry(table: table, generation: generation, builtAt: .now) }
        }
        return table
    }

    /// Forgets the table; call after the transaction that changed it committed.
    public func invalidate() {
        state.withLockedValue { $0.generation += 1; $0.entry = nil }
    }
}
