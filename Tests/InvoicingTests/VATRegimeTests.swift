import Commerce
import Foundation
@testable import Invoicing
import Testing

@Suite("VAT regime")
struct VATRegimeTests {
    /// One sale by a Luxembourg seller unless `seller` says otherwise, and what it must give.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var sale: VATSale
        var regime: VATRegime
        var rateCountry: String?
        var basisPoints: Int
        var category: VATCategory
        var exemptionCode: String?
        var testDescription: String { name }

        init(_ name: String, seller: String = "LU", buyer: String, number: String? = nil, business: Bool = false,
             thisYear: Int = 0, lastYear: Int = 0, amount: Int = 10_000, optIn: Bool = false,
             rateClass: VATRateClass = .standard, date: String = "2026-11-21",
             _ regime: VATRegime, _ rateCountry: String?, _ basisPoints: Int, _ category: VATCategory, _ exemptionCode: String? = nil) {
            self.name = name
            self.sale = VATSale(sellerCountry: seller, buyerCountry: buyer, buyerVATNumber: number, isBusinessBuyer: business,
                                distanceSalesThisYearEURCents: thisYear, distanceSalesLastYearEURCents: lastYear,
                                amountEURCents: amount, ossOptIn: optIn, rateClass: rateClass, date: VATDay.parse(date)!)
            self.regime = regime
            self.rateCountry = rateCountry
            self.basisPoints = basisPoints
            self.category = category
            self.exemptionCode = exemptionCode
        }
    }

    static let cases: [Case] = [
        Case("domestic consumer", buyer: "LU", .domestic, "LU", 1700, .standard),
        Case("domestic business with a LU number", buyer: "LU", number: "LU15027442", business: true, .domestic, "LU", 1700, .standard),
        Case("domestic, seller and buyer in Greece by ISO code", seller: "GR", buyer: "GR", .domestic, "EL", 2400, .standard),
        Case("domestic zero-rated", buyer: "LU", rateClass: .zero, .domestic, "LU", 0, .zeroRated),
        Case("domestic super-reduced", buyer: "LU", rateClass: .superReduced, .domestic, "LU", 300, .standard),
        Case("intra-Community B2B", buyer: "DE", number: "DE136695976", business: true, .intraCommunityExempt, nil, 0, .intraCommunity, "VATEX-EU-IC"),
        Case("intra-Community B2B, number typed without prefix", buyer: "DE", number: "136 695 976", business: true,
             .intraCommunityExempt, nil, 0, .intraCommunity, "VATEX-EU-IC"),
        Case("intra-Community B2B above the threshold is still exempt", buyer: "FR", number: "FR40303265045", business: true,
             thisYear: 5_000_000, lastYear: 5_000_000, .intraCommunityExempt, nil, 0, .intraCommunity, "VATEX-EU-IC"),
        Case("Northern Ireland business with an XI number", buyer: "XI", number: "XI980780684", business: true,
             .intraCommunityExempt, nil, 0, .intraCommunity, "VATEX-EU-IC"),
        Case("invalid number: B2C, origin", buyer: "DE", number: "DE136695978", business: true, .distanceSaleOrigin, "LU", 1700, .standard),
        Case("business without a number: B2C", buyer: "DE", business: true, .distanceSaleOrigin, "LU", 1700, .standard),
        Case("a number but not a business buyer: B2C", buyer: "DE", number: "DE136695976", .distanceSaleOrigin, "LU", 1700, .standard),
        Case("OSS number does not make a trader", buyer: "DE", number: "EU372022452", business: true, .distanceSaleOrigin, "LU", 1700, .standard),
        Case("business with the seller's own country's number, goods to DE", buyer: "DE", number: "LU15027442", business: true,
             .domestic, "LU", 1700, .standard),
        Case("distance sale under the threshold", buyer: "FR", thisYear: 200_000, lastYear: 800_000, .distanceSaleOrigin, "LU", 1700, .standard),
        Case("this year reaches exactly EUR 10,000.00: origin", buyer: "FR", thisYear: 990_000, amount: 10_000,
             .distanceSaleOrigin, "LU", 1700, .standard),
        Case("this year reaches EUR 10,000.01: destination", buyer: "FR", thisYear: 990_000, amount: 10_001,
             .distanceSaleDestinationOSS, "FR", 2000, .standard),
        Case("already above this year: destination", buyer: "FR", thisYear: 1_000_001, amount: 1, .distanceSaleDestinationOSS, "FR", 2000, .standard),
        Case("last year exactly EUR 10,000.00: origin", buyer: "FR", lastYear: 1_000_000, .distanceSaleOrigin, "LU", 1700, .standard),
        Case("last year EUR 10,000.01: destination", buyer: "FR", lastYear: 1_000_001, .distanceSaleDestinationOSS, "FR", 2000, .standard),
        Case("opted in under the threshold: destination", buyer: "FR", optIn: true, .distanceSaleDestinationOSS, "FR", 2000, .standard),
        Case("destination reduced rate", buyer: "FR", optIn: true, rateClass: .reduced, .distanceSaleDestinationOSS, "FR", 550, .standard),
        Case("destination zero-rated", buyer: "FR", optIn: true, rateClass: .zero, .distanceSaleDestinationOSS, "FR", 0, .zeroRated),
        Case("destination Greece by ISO code", buyer: "GR", optIn: true, .distanceSaleDestinationOSS, "EL", 2400, .standard),
        Case("destination Finland the day before its change", buyer: "FI", optIn: true, date: "2024-08-31",
             .distanceSaleDestinationOSS, "FI", 2400, .standard),
        Case("destination Finland on its change", buyer: "FI", optIn: true, date: "2024-09-01", .distanceSaleDestinationOSS, "FI", 2550, .standard),
        Case("origin uses the seller's rate of the day", buyer: "FR", date: "2023-12-31", .distanceSaleOrigin, "LU", 1600, .standard),
        Case("Northern Ireland consumer above the threshold", buyer: "XI", lastYear: 2_000_000, .distanceSaleDestinationOSS, "XI", 2000, .standard),
        Case("Northern Ireland consumer below the threshold", buyer: "XI", .distanceSaleOrigin, "LU", 1700, .standard),
        Case("Great Britain is export", buyer: "GB", .export, nil, 0, .export, "VATEX-EU-G"),
        Case("non-EU business is export", buyer: "US", number: "DE136695976", business: true, .export, nil, 0, .export, "VATEX-EU-G"),
        Case("Switzerland consumer is export", buyer: "CH", thisYear: 5_000_000, .export, nil, 0, .export, "VATEX-EU-G"),
        Case("export of a zero-rated product is still G", buyer: "NO", rateClass: .zero, .export, nil, 0, .export, "VATEX-EU-G"),
    ]

    @Test("regimes", arguments: cases)
    func regime(_ testCase: Case) throws {
        let result = try VATRegime.determine(testCase.sale, rates: .seed)
        #expect(result.regime == testCase.regime)
        #expect(result.rateCountry == testCase.rateCountry)
        #expect(result.basisPoints == testCase.basisPoints)
        #expect(result.category == testCase.category)
        #expect(result.exemption?.code == testCase.exemptionCode)
        #expect(!result.explanation.isEmpty)
    }

    @Test func intraCommunitySupplyCarriesTheNumberAndTheMention() throws {
        let sale = VATSale(sellerCountry: "LU", buyerCountry: "DE", buyerVATNumber: "de 136.695.976", isBusinessBuyer: true,
                           amountEURCents: 50_000, date: VATDay.parse("2026-11-21")!)
        let result = try VATRegime.determine(sale, rates: .seed)
        #expect(result.buyerVATNumber?.normalized == "DE136695976")
        #expect(result.exemption?.text == "Intra-Community supply")
        #expect(result.exemption?.mention.english == "Exempt intra-Community supply — Art. 138 Directive 2006/112/EC")
        #expect(result.exemption?.mention.text(language: "fr-LU") == "Exonération de TVA, livraison intracommunautaire — article 138 de la directive 2006/112/CE")
        #expect(result.exemption?.mention.text(language: "de") == "Steuerfreie innergemeinschaftliche Lieferung — Art. 138 Richtlinie 2006/112/EG")
        #expect(result.exemption?.mention.text(language: "lb") == result.exemption?.mention.english)
    }

    @Test func exportCarriesItsMention() throws {
        let result = try VATRegime.determine(VATSale(sellerCountry: "LU", buyerCountry: "CH", amountEURCents: 100, date: VATDay.parse("2026-11-21")!), rates: .seed)
        #expect(result.exemption?.text == "Export outside the EU")
        #expect(result.exemption?.mention.english == "Exempt export outside the EU — Art. 146 Directive 2006/112/EC")
        #expect(result.exemption?.mention.german == "Steuerfreie Ausfuhrlieferung — Art. 146 Richtlinie 2006/112/EG")
    }

    @Test func aRejectedNumberSaysWhy() throws {
        let sale = VATSale(sellerCountry: "LU", buyerCountry: "DE", buyerVATNumber: "DE136695978", isBusinessBuyer: true,
                           amountEURCents: 100, date: VATDay.parse("2026-11-21")!)
        let result = try VATRegime.determine(sale, rates: .seed)
        #expect(result.buyerVATNumberProblem == "check digit mismatch")
        #expect(result.buyerVATNumber == nil)
    }

    @Test func thresholdExplanationShowsTheTotal() throws {
        let sale = VATSale(sellerCountry: "LU", buyerCountry: "FR", distanceSalesThisYearEURCents: 990_000, amountEURCents: 10_001,
                           date: VATDay.parse("2026-11-21")!)
        let result = try VATRegime.determine(sale, rates: .seed)
        #expect(result.explanation.contains("EUR 10,000.01"))
    }

    @Test func sellerOutsideTheEUIsRefused() {
        let sale = VATSale(sellerCountry: "US", buyerCountry: "DE", amountEURCents: 100, date: VATDay.parse("2026-11-21")!)
        #expect(throws: VATRegimeError.sellerOutsideEU(country: "US")) { try VATRegime.determine(sale, rates: .seed) }
    }

    @Test func aMissingRateIsRefusedNotGuessed() {
        let date = VATDay.parse("2026-11-21")!
        let sale = VATSale(sellerCountry: "LU", buyerCountry: "DK", amountEURCents: 100, ossOptIn: true, rateClass: .reduced, date: date)
        #expect(throws: VATRegimeError.noRate(country: "DK", rateClass: .reduced, date: date)) { try VATRegime.determine(sale, rates: .seed) }
        #expect(VATRegimeError.noRate(country: "DK", rateClass: .reduced, date: date).description == "no reduced VAT rate for DK on 2026-11-21")
    }
}
