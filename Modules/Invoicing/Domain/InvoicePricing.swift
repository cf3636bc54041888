import Commerce
import Foundation

/// Prices an invoice: one VAT determination for the sale (the regime is the same for every
/// line; the rate follows each line's class) and the EN 16931 totals.
public struct InvoicePricing: Sendable, Equatable {
    /// A line to price.
    public struct Line: Sendable, Equatable {
        public var quantityMilli: Int
        public var unitPrice: UnitPrice
        public var rateClass: VATRateClass

        public init(quantityMilli: Int, unitPrice: UnitPrice, rateClass: VATRateClass) {
            self.quantityMilli = quantityMilli
            self.unitPrice = unitPrice
            self.rateClass = rateClass
        }
    }

    /// The decision for the sale (from the first line's class; the others differ only in rate).
    public var determination: VATDetermination
    /// Per line: category, rate and the country whose rate applies.
    public var lineTaxes: [LineTax]
    public var totals: InvoiceTotals
    /// What this sale adds to the seller's EU distance sales (net, EUR cents): the net total for
    /// a B2C sale to another member state in EUR, else 0.
    public var distanceSaleEURCents: Int

    /// A line's VAT: category, rate and the country whose rate applies (nil when exempt).
    public struct LineTax: Sendable, Equatable {
        public var category: VATCategory
        public var basisPoints: Int
        public var rateCountry: String?
    }

    /// Why an invoice cannot be priced.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case regime(VATRegimeError)
        case totals(InvoiceTotalsError)
        case noLines

        public var description: String {
            switch self {
            case .regime(let error): error.description
            case .totals(let error): error.description
            case .noLines: "an invoice needs at least one line"
            }
        }
    }

    /// Prices `lines` for `sale` (its `amountEURCents` and `rateClass` are ignored: the amount is
    /// this invoice's net total, the class each line's). The sale is priced once with the
    /// regime it would have without this amount, and again if counting its net total switches
    /// it (the sale that crosses the distance-sale threshold is taxed at destination).
    public static func price(_ lines: [Line], sale: VATSale, currency: String, pricesIncludeVAT: Bool,
                             rates: VATRateTable) throws(Failure) -> InvoicePricing {
        guard !lines.isEmpty else { throw .noLines }
        var first = try price(lines, sale: sale, amount: 0, pricesIncludeVAT: pricesIncludeVAT, rates: rates)
        let isDistanceSale = [.distanceSaleOrigin, .distanceSaleDestinationOSS].contains(first.determination.regime)
        let amount = isDistanceSale && currency == "EUR" ? first.totals.netTotalCents : 0
        if amount != 0 {
            let second = try price(lines, sale: sale, amount: amount, pricesIncludeVAT: pricesIncludeVAT, rates: rates)
            if second.determination.regime != first.determination.regime { first = second } else { first.determination = second.determination }
            first.distanceSaleEURCents = first.totals.netTotalCents
        }
        return first
    }

    private static func price(_ lines: [Line], sale: VATSale, amount: Int, pricesIncludeVAT: Bool,
                              rates: VATRateTable) throws(Failure) -> InvoicePricing {
        var determinations: [VATRateClass: VATDetermination] = [:]
        var taxes: [LineTax] = []
        for line in lines {
            let determination: VATDetermination
            if let known = determinations[line.rateClass] {
                determination = known
            } else {
                var facts = sale
                facts.amountEURCents = amount
                facts.rateClass = line.rateClass
                do { determination = try VATRegime.determine(facts, rates: rates) } catch { throw .regime(error) }
                determinations[line.rateClass] = determination
            }
            taxes.append(LineTax(category: determination.category, basisPoints: determination.basisPoints, rateCountry: determination.rateCountry))
        }
        let totalsLines = zip(lines, taxes).map { line, tax in
            InvoiceTotals.Line(quantityMilli: line.quantityMilli, unitPrice: line.unitPrice, category: tax.category, basisPoints: tax.basisPoints)
        }
        let totals: InvoiceTotals
        do { totals = try InvoiceTotals(lines: totalsLines, pricesIncludeVAT: pricesIncludeVAT) } catch { throw .totals(error) }
        return InvoicePricing(determination: determinations[lines[0].rateClass]!, lineTaxes: taxes, totals: totals, distanceSaleEURCents: 0)
    }
}
