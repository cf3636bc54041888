import Commerce
import Foundation

/// One VAT rate of a country and rate class, in force from a day until another.
///
/// Rate classes are the catalogue's `VATRateClass`: `standard`; `reduced` (a country's first
/// reduced rate); `intermediate` (the "parking" rate where a country has one, else its second
/// reduced rate: LU 14 %, AT 13 %, FI 13.5 %); `superReduced` (below 5 %: FR 2.1 %, LU 3 %);
/// `zero`. The catalogue only has these five, so a third reduced rate (MT 12 %) has no class.
public struct VATRate: Sendable, Equatable, Codable {
    /// VAT prefix of the country (`EL` for Greece, `XI` for Northern Ireland).
    public var country: String
    public var rateClass: VATRateClass
    /// The rate in basis points: 1700 = 17 %, 2550 = 25.5 %.
    public var basisPoints: Int
    /// First day in force (midnight UTC).
    public var effectiveFrom: Date
    /// First day no longer in force (midnight UTC, exclusive), nil while in force: the next
    /// rate's `effectiveFrom`, so consecutive rates leave no gap and never overlap.
    public var effectiveUntil: Date?

    public init(country: String, rateClass: VATRateClass, basisPoints: Int, effectiveFrom: Date, effectiveUntil: Date? = nil) {
        self.country = VATCountry.vatPrefix(forCountry: country)
        self.rateClass = rateClass
        self.basisPoints = basisPoints
        self.effectiveFrom = effectiveFrom
        self.effectiveUntil = effectiveUntil
    }

    /// Whether the rate applies to a supply on `date`.
    public func isInForce(on date: Date) -> Bool {
        effectiveFrom <= date && effectiveUntil.map { date < $0 } ?? true
    }

    /// `2550` → `"25.5"`, `1700` → `"17"`, `210` → `"2.1"`: the rate as a percentage for
    /// people and for EN 16931 (BT-119 takes up to two decimals).
    public var percent: String {
        let whole = basisPoints / 100, fraction = basisPoints % 100
        if fraction == 0 { return "\(whole)" }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)" : "\(whole).\(String(format: "%02d", fraction))"
    }
}

/// Calendar days as the rate table uses them: midnight UTC.
public enum VATDay {
    /// `"2024-01-01"` → midnight UTC that day; nil when the text is not a real day.
    public static func parse(_ text: some StringProtocol) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              CheckDigits.isCalendarDay(year: year, month: month, day: day) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch(year: year, month: month, day: day) * 86_400))
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
