import Commerce
import Foundation

/// The VAT rates of every country over time; an invoice uses the rate in force on its date.
public struct VATRateTable: Sendable, Equatable {
    /// Every row, in no particular order.
    public private(set) var rates: [VATRate]

    public init(rates: [VATRate]) {
        self.rates = rates
    }

    /// The rate of `rateClass` in `country` (ISO code or VAT prefix) in force on `date`, or nil
    /// when the country has no such rate then (Denmark has no reduced rate). When rows overlap,
    /// the one that started last wins, so a newly added rate takes over without editing the old.
    public func rate(country: String, class rateClass: VATRateClass, on date: Date) -> VATRate? {
        let prefix = VATCountry.vatPrefix(forCountry: country)
        return rates
            .filter { $0.country == prefix && $0.rateClass == rateClass && $0.isInForce(on: date) }
            .max { $0.effectiveFrom < $1.effectiveFrom }
    }

    /// The table with `rate` added, closing the open row it succeeds (same country and class,
    /// started earlier, no end) on the day `rate` starts.
    public func adding(_ rate: VATRate) -> VATRateTable {
        var rates = self.rates.map { row in
            var row = row
            if row.country == rate.country, row.rateClass == rate.rateClass, row.effectiveUntil == nil,
               row.effectiveFrom < rate.effectiveFrom {
                row.effectiveUntil = rate.effectiveFrom
            }
            return row
        }
        rates.append(rate)
        return VATRateTable(rates: rates)
    }
}

/// Why the rates CSV could not be read.
public struct VATRateTableError: Error, Equatable, CustomStringConvertible {
    /// The CSV line, from 1; 0 when the file disagrees with the built-in rate history.
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}
