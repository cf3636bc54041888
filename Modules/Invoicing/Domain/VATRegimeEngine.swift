import Commerce
import Foundation
import Kernel

extension VATRegime {
    /// Art. 59c threshold on EU-wide cross-border B2C distance sales: EUR 10,000, in cents.
    public static let distanceSaleThresholdEURCents = 1_000_000

    /// Decides the VAT of a sale of goods (VAT.md "Which regime applies"):
    /// 1. delivered outside the EU VAT territory → export, exempt (Art. 146);
    /// 2. delivered in the seller's country → domestic;
    /// 3. a business buyer with a valid number of another member state (or XI) → exempt
    ///    intra-Community supply (Art. 138). A missing or invalid number means B2C;
    /// 4. otherwise a distance sale: the seller's rate while last year's and this year's
    ///    distance sales, this sale included, stay at or below EUR 10,000 and the seller has not
    ///    opted in; the destination's rate (OSS) from the sale that crosses it.
    public static func determine(_ sale: VATSale, rates: VATRateTable) throws(VATRegimeError) -> VATDetermination {
        let seller = VATCountry.vatPrefix(forCountry: sale.sellerCountry)
        let buyer = VATCountry.vatPrefix(forCountry: sale.buyerCountry)
        guard VATCountry.isInEUVATAreaForGoods(seller) else { throw .sellerOutsideEU(country: seller) }

        if !VATCountry.isInEUVATAreaForGoods(buyer) {
            return exempt(.export, .export, number: nil, explanation: "Goods leave the EU VAT territory for \(buyer).")
        }

        var number: VATNumber?
        var numberProblem: String?
        if sale.isBusinessBuyer, let raw = sale.buyerVATNumber, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            let check = VATNumber.check(raw, country: buyer)
            if let valid = check.number, valid.identifiesTraderForGoods {
                number = valid
            } else {
                numberProblem = check.reason ?? "\(check.normalized) is a One-Stop-Shop number, not a trader's VAT number"
            }
        } else if sale.isBusinessBuyer {
            numberProblem = "no VAT number given"
        }

        func taxed(_ regime: VATRegime, in country: String, _ explanation: String) throws(VATRegimeError) -> VATDetermination {
            guard let rate = rates.rate(country: country, class: sale.rateClass, on: sale.date) else {
                throw .noRate(country: country, rateClass: sale.rateClass, date: sale.date)
            }
            return VATDetermination(regime: regime, rateCountry: country, rate: rate,
                                    category: rate.basisPoints == 0 ? .zeroRated : .standard, exemption: nil,
                                    buyerVATNumber: number, buyerVATNumberProblem: numberProblem, explanation: explanation)
        }

        if buyer == seller {
            return try taxed(.domestic, in: seller, "Delivered in \(seller), the seller's country.")
        }
        if let number {
            if number.prefix != seller {
                var result = exempt(.intraCommunityExempt, .intraCommunitySupply, number: number,
                                    explanation: "Business buyer identified for VAT in \(number.prefix) (\(number)); goods go from \(seller) to \(buyer).")
                result.buyerVATNumberProblem = nil
                return result
            }
            // Art. 138 needs a number of a member state other than the one the goods leave, so
            // this supply stays taxed in the seller's country, as at home.
            return try taxed(.domestic, in: seller, "The buyer's VAT number is from \(seller), the seller's own country: no exempt intra-Community supply.")
        }

        let threshold = distanceSaleThresholdEURCents
        let thisYear = sale.distanceSalesThisYearEURCents + sale.amountEURCents
        if sale.ossOptIn {
            return try taxed(.distanceSaleDestinationOSS, in: buyer, "Distance sale to a consumer in \(buyer); the seller opted in to destination taxation (OSS).")
        }
        if sale.distanceSalesLastYearEURCents > threshold {
            return try taxed(.distanceSaleDestinationOSS, in: buyer,
                             "Distance sale to a consumer in \(buyer); last year's EU distance sales (EUR \(euros(sale.distanceSalesLastYearEURCents))) exceeded EUR 10,000 (Art. 59c).")
        }
        if thisYear > threshold {
            return try taxed(.distanceSaleDestinationOSS, in: buyer,
                             "Distance sale to a consumer in \(buyer); this year's EU distance sales reach EUR \(euros(thisYear)) with this sale, above EUR 10,000 (Art. 59c).")
        }
        return try taxed(.distanceSaleOrigin, in: seller,
                         "Distance sale to a consumer in \(buyer); EU distance sales stay at or below EUR 10,000 (EUR \(euros(thisYear)) this year with this sale), so \(seller) VAT applies (Art. 59c).")
    }

    private static func exempt(_ regime: VATRegime, _ exemption: VATExemption, number: VATNumber?, explanation: String) -> VATDetermination {
        VATDetermination(regime: regime, rateCountry: nil, rate: nil, category: regime == .export ? .export : .intraCommunity,
                         exemption: exemption, buyerVATNumber: number, buyerVATNumberProblem: nil, explanation: explanation)
    }

    /// `1000001` → `10,000.01`.
    private static func euros(_ cents: Int) -> String {
        Money.number(cents, currency: "EUR", locale: "en")
    }
}
