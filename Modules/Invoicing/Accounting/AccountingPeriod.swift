import Foundation
import Kernel

/// The days an accounting export covers, by issue date, both ends included (`YYYY-MM-DD`).
struct AccountingPeriod: Sendable, Equatable {
    let from: String
    let to: String

    /// From the query's `from` and `to`; 400 naming a missing or malformed one, or a
    /// period that ends before it starts.
    static func days(from: String?, to: String?) throws -> AccountingPeriod {
        guard let from, !from.isEmpty else { throw Problem.invalidParameter("from", "is required: the first issue date, such as 2026-07-01") }
        guard let to, !to.isEmpty else { throw Problem.invalidParameter("to", "is required: the last issue date, such as 2026-09-30") }
        guard VATDay.parse(from) != nil else { throw Problem.invalidParameter("from", "must be a date such as 2026-07-01") }
        guard VATDay.parse(to) != nil else { throw Problem.invalidParameter("to", "must be a date such as 2026-09-30") }
        guard from <= to else { throw Problem.invalidParameter("to", "must not be before from") }
        return AccountingPeriod(from: from, to: to)
    }

    /// A calendar quarter, as OSS returns are filed: `2026-Q3` → 2026-07-01 to 2026-09-30.
    /// Nil when the text is not such a quarter.
    static func quarter(_ text: String) -> AccountingPeriod? {
        let parts = text.uppercased().split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), (2000...2999).contains(year),
              parts[1].count == 2, parts[1].first == "Q", let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { return nil }
        let lastDay = [31, 30, 30, 31][q - 1]
        return AccountingPeriod(from: String(format: "%04d-%02d-01", year, q * 3 - 2), to: String(format: "%04d-%02d-%02d", year, q * 3, lastDay))
    }

    /// The quarter a day falls in: `2026-08-14` → `2026-Q3`.
    static func quarterName(of day: String) -> String {
        let month = Int(day.dropFirst(5).prefix(2)) ?? 1
        return "\(day.prefix(4))-Q\((month - 1) / 3 + 1)"
    }

    /// `filename` part: `2026-07-01_2026-09-30`.
    var slug: String { "\(from)_\(to)" }
}
