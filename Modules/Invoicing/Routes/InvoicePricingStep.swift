import Commerce
import Foundation
import Kernel

/// Prices a draft or an invoice being issued: the VAT regime from the parties and the seller's
/// distance sales, each line's rate, the EN 16931 totals; writes them into the invoice.
enum InvoicePricingStep {
    /// A line as entered or taken from an order.
    struct LineSpec: Sendable {
        var description: String
        var sku: String?
        var quantityMilli: Int
        var unitPrice: UnitPrice
        var rateClass: VATRateClass
    }

    /// The seller's EU distance sales (net EUR cents) in the calendar year of `day` before it,
    /// and in the whole previous year, from issued invoices minus credit notes.
    static func distanceSales(vendor: UUID, day: String, on tx: DatabaseSession) async throws -> (thisYear: Int, lastYear: Int) {
        let year = Int(day.prefix(4)) ?? 1970
        let thisYear = try await InvoiceStore.distanceSales(vendor: vendor, from: "\(year)-01-01", to: "\(year + 1)-01-01", on: tx)
        let lastYear = try await InvoiceStore.distanceSales(vendor: vendor, from: "\(year - 1)-01-01", to: "\(year)-01-01", on: tx)
        return (thisYear, lastYear)
    }

    /// Prices `specs` into `invoice` (regime, mention, totals) and returns its lines and VAT
    /// breakdown; 422 `vat_not_determinable` when no rate or regime fits.
    static func price(_ invoice: inout Invoice, specs: [LineSpec], ossOptIn: Bool, rates: VATRateTable, today: String,
                      vendor: UUID, on tx: DatabaseSession) async throws -> (lines: [InvoiceLine], breakdown: [VATBreakdown]) {
        let day = invoice.supplyDate ?? invoice.issueDate ?? today
        let sales = try await distanceSales(vendor: vendor, day: day, on: tx)
        let sale = VATSale(sellerCountry: invoice.sellerCountry, buyerCountry: invoice.buyerCountry, buyerVATNumber: invoice.buyerVatNumber,
                           isBusinessBuyer: invoice.buyerIsBusiness, distanceSalesThisYearEURCents: sales.thisYear,
                           distanceSalesLastYearEURCents: sales.lastYear, amountEURCents: 0, ossOptIn: ossOptIn, date: VATDay.parse(day)!)
        let pricing: InvoicePricing
        do {
            pricing = try InvoicePricing.price(specs.map { InvoicePricing.Line(quantityMilli: $0.quantityMilli, unitPrice: $0.unitPrice, rateClass: $0.rateClass) },
                                               sale: sale, currency: invoice.currency, pricesIncludeVAT: invoice.pricesIncludeVat, rates: rates)
        } catch {
            throw Problem(status: .unprocessableContent, code: "vat_not_determinable", title: "The VAT of this invoice cannot be determined",
                          detail: error.description + ".")
        }
        return apply(pricing, specs: specs, to: &invoice)
    }

    /// Writes `pricing` of `specs` into `invoice` (regime, mention, totals) and returns its
    /// lines and VAT breakdown.
    static func apply(_ pricing: InvoicePricing, specs: [LineSpec], to invoice: inout Invoice) -> (lines: [InvoiceLine], breakdown: [VATBreakdown]) {
        let determination = pricing.determination
        invoice.regime = determination.regime
        invoice.regimeExplanation = determination.explanation + (determination.buyerVATNumberProblem.map { " Buyer VAT number not used: \($0)." } ?? "")
        invoice.exemptionCode = determination.exemption?.code
        invoice.exemptionText = determination.exemption?.text
        invoice.legalMention = determination.exemption?.mention.text(language: invoice.language.rawValue)
        if let number = determination.buyerVATNumber { invoice.buyerVatNumber = number.normalized }
        let totals = pricing.totals
        invoice.netTotalMinor = totals.netTotalCents
        invoice.taxTotalMinor = totals.taxTotalCents
        invoice.grossTotalMinor = totals.grossTotalCents
        invoice.roundingMinor = totals.roundingCents
        invoice.payableMinor = totals.payableCents
        invoice.distanceSaleEurCents = pricing.distanceSaleEURCents
        let lines = specs.enumerated().map { index, spec in
            let amount = totals.lines[index], tax = pricing.lineTaxes[index]
            return InvoiceLine(id: UUID.v7(), position: index, description: spec.description, sku: spec.sku, quantityMilli: spec.quantityMilli,
                               unitPriceTenThousandths: spec.unitPrice.tenThousandths, netUnitPriceTenThousandths: amount.netUnitPrice.tenThousandths,
                               vatRateClass: spec.rateClass, category: tax.category, basisPoints: tax.basisPoints, rateCountry: tax.rateCountry,
                               netMinor: amount.netCents, grossMinor: amount.grossCents, creditedLineId: nil)
        }
        return (lines, breakdown(totals, exemption: determination.exemption))
    }

    /// BG-23 rows from the totals; exempt groups carry the exemption code and text.
    static func breakdown(_ totals: InvoiceTotals, exemption: VATExemption?) -> [VATBreakdown] {
        totals.vatGroups.map { group in
            let exempt = group.category == .intraCommunity || group.category == .export
            return VATBreakdown(category: group.category, basisPoints: group.basisPoints, taxableMinor: group.taxableCents, taxMinor: group.taxCents,
                                exemptionCode: exempt ? exemption?.code : nil, exemptionText: exempt ? exemption?.text : nil)
        }
    }
}
