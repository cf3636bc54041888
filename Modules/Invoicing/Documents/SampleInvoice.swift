import Commerce
import Documents
import Foundation

/// A realistic issued invoice held in memory, priced by the module's own rules: a
/// Luxembourg farm shop invoicing a Luxembourg restaurant (both with VAT numbers) for 20 lines
/// at two rates (3 % food, 17 % the rest; the drinks with their reference), payable by transfer
/// to the seller's IBAN.
///
/// It is what `agora bench invoice-pdf` renders (and what the WeasyPrint side of
/// `scripts/bench/invoice-pdf.sh` is given as JSON), so both draw the same one-page invoice.
public struct SampleInvoice: Sendable {
    public let invoice: Invoice
    public let lines: [InvoiceLine]
    public let breakdown: [VATBreakdown]

    /// The 20-line, one-page invoice `F-002026`, issued on 2026-11-20.
    public static func twentyLines() throws -> SampleInvoice {
        let issuedAt = Date(timeIntervalSince1970: 1_795_161_600)  // 2026-11-20T08:00:00Z
        let specs = products.map { product in
            InvoicePricingStep.LineSpec(description: product.name, sku: product.sku, quantityMilli: product.quantityMilli,
                                        unitPrice: UnitPrice(tenThousandths: product.unitPrice), rateClass: product.rateClass)
        }
        var invoice = Invoice(
            id: UUID(uuidString: "0193a1b2-0000-7000-8000-000000002026")!, kind: .invoice, status: .issued, series: "F-", sequenceNumber: 2026,
            number: "F-002026", orderId: nil, customerId: nil, creditedInvoiceId: nil, creditedNumber: nil, creditedIssueDate: nil, currency: "EUR",
            language: .fr, issueDate: "2026-11-20", supplyDate: "2026-11-18", dueDate: "2026-12-20", paymentTermsDays: 30,
            sellerName: "Ferme Schmit SARL", sellerAddress: "12, rue du Marché\nL-1234 Luxembourg\nLU", sellerCountry: "LU",
            sellerVatNumber: "LU26375245", sellerIban: "LU280019400644750000", sellerBic: "BCEELULL",
            footer: "Ferme Schmit SARL · RCS Luxembourg B123456 · contact@ferme-schmit.lu",
            buyerName: "Brasserie du Théâtre SàRL", buyerEmail: "compta@brasserie-theatre.lu",
            buyerAddress: "7, place du Théâtre\nL-2613 Luxembourg", buyerCountry: "LU", buyerVatNumber: "LU15027442", buyerIsBusiness: true,
            regime: .domestic, regimeExplanation: "", exemptionCode: nil, exemptionText: nil, legalMention: nil, pricesIncludeVat: false,
            netTotalMinor: 0, taxTotalMinor: 0, grossTotalMinor: 0, roundingMinor: 0, payableMinor: 0, distanceSaleEurCents: 0, paidMinor: 0,
            creditedMinor: 0, note: "Merci pour votre commande ! Livraison du mercredi, tournée de Luxembourg-Ville.", createdBy: "bench",
            issuedAt: issuedAt, paidAt: nil, cancelledAt: nil, createdAt: issuedAt, updatedAt: issuedAt)
        let sale = VATSale(sellerCountry: invoice.sellerCountry, buyerCountry: invoice.buyerCountry, buyerVATNumber: invoice.buyerVatNumber,
                           isBusinessBuyer: true, amountEURCents: 0, date: VATDay.parse(invoice.supplyDate!)!)
        let pricing = try InvoicePricing.price(specs.map { InvoicePricing.Line(quantityMilli: $0.quantityMilli, unitPrice: $0.unitPrice, rateClass: $0.rateClass) },
                                               sale: sale, currency: invoice.currency, pricesIncludeVAT: false, rates: .seed)
        let (lines, breakdown) = InvoicePricingStep.apply(pricing, specs: specs, to: &invoice)
        return SampleInvoice(invoice: invoice, lines: lines, breakdown: breakdown)
    }

    /// The invoice's PDF, exactly as a vendor downloads it.
    public func pdf() throws -> [UInt8] {
        try InvoicePDF.render(invoice, lines: lines, breakdown: breakdown)
    }

    /// The laid-out document the PDF is drawn from (its blocks carry every printed string).
    public var document: Document {
        InvoicePDF.document(invoice, lines: lines, breakdown: breakdown)
    }

    private struct Product {
        var name: String
        var sku: String?
        var quantityMilli: Int
        /// Net, in 1/10,000 EUR.
        var unitPrice: Int
        var rateClass: VATRateClass
    }

    /// Food at Luxembourg's super-reduced 3 %, the rest (wine, cider, tableware, delivery) at 17 %.
    private static let products: [Product] = [
        Product(name: "Pommes de terre Bintje, sac de 10 kg", sku: nil, quantityMilli: 6000, unitPrice: 12_5000, rateClass: .superReduced),
        Product(name: "Carottes de sable bio, au kilo", sku: nil, quantityMilli: 12_500, unitPrice: 2_4500, rateClass: .superReduced),
        Product(name: "Poireaux d'hiver, botte de 3", sku: nil, quantityMilli: 15_000, unitPrice: 3_2000, rateClass: .superReduced),
        Product(name: "Œufs de plein air, plateau de 30", sku: nil, quantityMilli: 8000, unitPrice: 9_9000, rateClass: .superReduced),
        Product(name: "Fromage blanc fermier 1 kg", sku: nil, quantityMilli: 10_000, unitPrice: 6_7500, rateClass: .superReduced),
        Product(name: "Beurre de baratte doux 250 g", sku: nil, quantityMilli: 24_000, unitPrice: 3_1000, rateClass: .superReduced),
        Product(name: "Miel de fleurs des Ardennes 500 g", sku: nil, quantityMilli: 6000, unitPrice: 8_5000, rateClass: .superReduced),
        Product(name: "Jambon d'Ardenne fumé, au kilo", sku: nil, quantityMilli: 3_250, unitPrice: 28_9000, rateClass: .superReduced),
        Product(name: "Judd mat Gaardebounen (portion)", sku: nil, quantityMilli: 20_000, unitPrice: 4_2500, rateClass: .superReduced),
        Product(name: "Farine de seigle T1150, 5 kg", sku: nil, quantityMilli: 4000, unitPrice: 11_2000, rateClass: .superReduced),
        Product(name: "Quetsches au sirop, bocal 720 ml", sku: nil, quantityMilli: 12_000, unitPrice: 5_6000, rateClass: .superReduced),
        Product(name: "Pain de campagne au levain 1 kg", sku: nil, quantityMilli: 18_000, unitPrice: 5_2000, rateClass: .superReduced),
        Product(name: "Crémant de Luxembourg brut, 75 cl", sku: "CRE-75", quantityMilli: 24_000, unitPrice: 11_9000, rateClass: .standard),
        Product(name: "Riesling Grand Premier Cru 2024, 75 cl", sku: "RIE-24", quantityMilli: 18_000, unitPrice: 14_5000, rateClass: .standard),
        Product(name: "Cidre fermier Viez, 1 l", sku: "VIEZ-1", quantityMilli: 30_000, unitPrice: 3_9500, rateClass: .standard),
        Product(name: "Eau-de-vie de mirabelle 50 cl", sku: "MIR-50", quantityMilli: 4000, unitPrice: 32_0000, rateClass: .standard),
        Product(name: "Caisse en bois consignée", sku: nil, quantityMilli: 10_000, unitPrice: 4_0000, rateClass: .standard),
        Product(name: "Torchons en lin brodés, lot de 3", sku: nil, quantityMilli: 5000, unitPrice: 18_7500, rateClass: .standard),
        Product(name: "Bougies à la cire d'abeille", sku: nil, quantityMilli: 36_000, unitPrice: 2_3333, rateClass: .standard),
        Product(name: "Livraison réfrigérée, tournée du mercredi", sku: nil, quantityMilli: 1000, unitPrice: 25_0000, rateClass: .standard),
    ]
}
