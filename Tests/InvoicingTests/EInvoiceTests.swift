import AgoraTesting
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Invoicing
@testable import Kernel
import Testing

/// EN 16931 e-invoices (UBL and CII) of real invoices created and issued through the API, one
/// test per regime and shape, read back with an XML parser.
///
/// With `AGORA_EINVOICE_SAMPLES=DIR` in the environment each case also writes its two
/// documents to DIR (`domestic.ubl.xml`, `domestic.cii.xml`, …), which
/// `Tests/e2e/einvoices.sh` validates with the CEN schematron.
@Suite("EN 16931 e-invoices")
struct EInvoiceTests {
    static let modules: [any AgoraModule] = [CommerceModule(), InvoicingModule()]

    /// Both documents of `id` as the vendor downloads them, checked as XML downloads, parsed;
    /// written to the samples folder under `sample` when one is set.
    static func documents(_ shop: InvoicingClient, _ id: UUID, number: String, sample: String? = nil,
                          sourceLocation: SourceLocation = #_sourceLocation) async throws -> (ubl: EInvoiceXML, cii: EInvoiceXML) {
        var parsed: [EInvoiceXML] = []
        for syntax in ["ubl", "cii"] {
            let response = try await shop.call(.get, "/vendor/invoices/\(id)/\(syntax)")
            #expect(response.status == .ok, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
            #expect(response.headers[.contentType] == "application/xml", sourceLocation: sourceLocation)
            #expect(response.headers[.contentDisposition] == #"attachment; filename="\#(number).\#(syntax).xml""#, sourceLocation: sourceLocation)
            let bytes = Array(buffer: response.body)
            if let sample, let folder = ProcessInfo.processInfo.environment["AGORA_EINVOICE_SAMPLES"], !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(sample).\(syntax).xml"))
            }
            parsed.append(try EInvoiceXML(bytes))
        }
        return (parsed[0], parsed[1])
    }

    static func issue(_ shop: InvoicingClient, _ draft: TestResponse) async throws -> InvoicingClient.Detail {
        try await InvoicePDFTests.issue(shop, draft)
    }

    /// `12.34` for 1234: amounts written independently of the code under test.
    static func eur(_ minor: Int) -> String { Money.amount(minor) }

    /// The totals every document must carry, in both syntaxes.
    static func expectTotals(_ docs: (ubl: EInvoiceXML, cii: EInvoiceXML), _ invoice: Invoice, lines: [InvoiceLine],
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let lineTotal = Self.eur(lines.reduce(0) { $0 + $1.netMinor })
        let ubl = docs.ubl, cii = docs.cii
        #expect(ubl.text("cbc:DocumentCurrencyCode") == "EUR", sourceLocation: sourceLocation)
        #expect(ubl.text("cac:LegalMonetaryTotal/cbc:LineExtensionAmount") == lineTotal, sourceLocation: sourceLocation)
        #expect(ubl.text("cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount") == eur(invoice.netTotalMinor), sourceLocation: sourceLocation)
        #expect(ubl.text("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount") == eur(invoice.grossTotalMinor), sourceLocation: sourceLocation)
        #expect(ubl.text("cac:LegalMonetaryTotal/cbc:PayableAmount") == eur(invoice.payableMinor), sourceLocation: sourceLocation)
        #expect(ubl.attribute("currencyID", of: "cac:LegalMonetaryTotal/cbc:PayableAmount") == "EUR", sourceLocation: sourceLocation)
        #expect(ubl.text("cac:TaxTotal/cbc:TaxAmount") == eur(invoice.taxTotalMinor), sourceLocation: sourceLocation)
        // Settlement is not the document: no prepaid amount, whatever was paid since.
        #expect(ubl.text("cac:LegalMonetaryTotal/cbc:PrepaidAmount") == nil, sourceLocation: sourceLocation)
        let sums = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
        #expect(cii.text("rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:InvoiceCurrencyCode") == "EUR", sourceLocation: sourceLocation)
        #expect(cii.text("\(sums)/ram:LineTotalAmount") == lineTotal, sourceLocation: sourceLocation)
        #expect(cii.text("\(sums)/ram:TaxBasisTotalAmount") == eur(invoice.netTotalMinor), sourceLocation: sourceLocation)
        #expect(cii.text("\(sums)/ram:TaxTotalAmount") == eur(invoice.taxTotalMinor), sourceLocation: sourceLocation)
        #expect(cii.text("\(sums)/ram:GrandTotalAmount") == eur(invoice.grossTotalMinor), sourceLocation: sourceLocation)
        #expect(cii.text("\(sums)/ram:DuePayableAmount") == eur(invoice.payableMinor), sourceLocation: sourceLocation)
        #expect(cii.text("\(sums)/ram:TotalPrepaidAmount") == nil, sourceLocation: sourceLocation)
    }

    /// The VAT breakdown groups as (category, percent, taxable, tax, exemption code) in both syntaxes.
    static func breakdown(_ docs: (ubl: EInvoiceXML, cii: EInvoiceXML)) -> (ubl: [[String?]], cii: [[String?]]) {
        let ubl = docs.ubl.elements("cac:TaxTotal/cac:TaxSubtotal").map { group in
            [docs.ubl.text("cac:TaxCategory/cbc:ID", from: group), docs.ubl.text("cac:TaxCategory/cbc:Percent", from: group),
             docs.ubl.text("cbc:TaxableAmount", from: group), docs.ubl.text("cbc:TaxAmount", from: group),
             docs.ubl.text("cac:TaxCategory/cbc:TaxExemptionReasonCode", from: group)]
        }
        let cii = docs.cii.elements("rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax").map { group in
            [docs.cii.text("ram:CategoryCode", from: group), docs.cii.text("ram:RateApplicablePercent", from: group),
             docs.cii.text("ram:BasisAmount", from: group), docs.cii.text("ram:CalculatedAmount", from: group),
             docs.cii.text("ram:ExemptionReasonCode", from: group)]
        }
        return (ubl, cii)
    }

    static let party = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
    static let settlement = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"

    @Test func aDomesticInvoiceCarriesPartiesPaymentAndTotals() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let detail = try await Self.issue(shop, try await shop.draft(
                buyer: #"{"name": "Anna <Muller> & Fils", "email": "anna@example.lu", "address": "1, rue Haute\nBâtiment B\nL-9999 Wiltz\nLU", "country": "LU"}"#,
                lines: #"[{"description": "Miel \"toutes fleurs\" 500 g", "sku": "MIEL-500", "quantity_milli": 2000, "unit_price_minor": 650, "vat_rate_class": "super_reduced"}]"#,
                extra: #", "note": "Merci & à bientôt <3""#))
            let invoice = detail.invoice
            let number = try #require(invoice.number)
            let docs = try await Self.documents(shop, invoice.id, number: number, sample: "domestic")
            let ubl = docs.ubl, cii = docs.cii

            #expect(ubl.rootName == "Invoice")
            #expect(ubl.text("cbc:CustomizationID") == "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0")
            #expect(ubl.text("cbc:ProfileID") == "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
            #expect(ubl.text("cbc:ID") == number)
            #expect(ubl.text("cbc:IssueDate") == invoice.issueDate)
            #expect(ubl.text("cbc:DueDate") == invoice.dueDate)
            #expect(ubl.text("cbc:InvoiceTypeCode") == "380")
            #expect(ubl.text("cbc:Note") == "Merci & à bientôt <3")
            let seller = "cac:AccountingSupplierParty/cac:Party"
            #expect(ubl.text("\(seller)/cac:PostalAddress/cbc:StreetName") == "12, rue du Marché")
            #expect(ubl.text("\(seller)/cac:PostalAddress/cbc:PostalZone") == "L-1234")
            #expect(ubl.text("\(seller)/cac:PostalAddress/cbc:CityName") == "Luxembourg")
            #expect(ubl.text("\(seller)/cac:PostalAddress/cac:Country/cbc:IdentificationCode") == "LU")
            #expect(ubl.text("\(seller)/cac:PartyTaxScheme/cbc:CompanyID") == "LU26375245")
            #expect(ubl.text("\(seller)/cac:PartyLegalEntity/cbc:RegistrationName") == "Ferme Schmit SARL")
            let buyer = "cac:AccountingCustomerParty/cac:Party"
            #expect(ubl.text("\(buyer)/cac:PartyLegalEntity/cbc:RegistrationName") == "Anna <Muller> & Fils")
            #expect(ubl.text("\(buyer)/cac:PostalAddress/cbc:StreetName") == "1, rue Haute")
            #expect(ubl.text("\(buyer)/cac:PostalAddress/cbc:AdditionalStreetName") == "Bâtiment B")
            #expect(ubl.text("\(buyer)/cac:PostalAddress/cbc:PostalZone") == "L-9999")
            #expect(ubl.text("\(buyer)/cac:PostalAddress/cbc:CityName") == "Wiltz")
            #expect(ubl.text("\(buyer)/cac:PostalAddress/cac:Country/cbc:IdentificationCode") == "LU")
            #expect(ubl.text("\(buyer)/cac:PartyTaxScheme") == nil)
            #expect(ubl.text("\(buyer)/cac:Contact/cbc:ElectronicMail") == "anna@example.lu")
            #expect(ubl.text("cac:PaymentMeans/cbc:PaymentMeansCode") == "58")
            #expect(ubl.text("cac:PaymentMeans/cbc:PaymentID") == number)
            #expect(ubl.text("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == "LU280019400644750000")
            #expect(ubl.text("cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID") == "BCEELULL")
            #expect(ubl.text("cac:PaymentTerms/cbc:Note") == "Payable à 30 jours")
            #expect(ubl.text("cac:Delivery/cbc:ActualDeliveryDate") == invoice.issueDate)
            let line = "cac:InvoiceLine"
            #expect(ubl.text("\(line)/cbc:ID") == "1")
            #expect(ubl.text("\(line)/cbc:InvoicedQuantity") == "2")
            #expect(ubl.attribute("unitCode", of: "\(line)/cbc:InvoicedQuantity") == "C62")
            #expect(ubl.text("\(line)/cbc:LineExtensionAmount") == "13.00")
            #expect(ubl.text("\(line)/cac:Item/cbc:Name") == #"Miel "toutes fleurs" 500 g"#)
            #expect(ubl.text("\(line)/cac:Item/cac:SellersItemIdentification/cbc:ID") == "MIEL-500")
            #expect(ubl.text("\(line)/cac:Item/cac:ClassifiedTaxCategory/cbc:ID") == "S")
            #expect(ubl.text("\(line)/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent") == "3")
            #expect(ubl.text("\(line)/cac:Price/cbc:PriceAmount") == "6.50")
            Self.expectTotals(docs, invoice, lines: detail.lines)
            let groups = Self.breakdown(docs)
            #expect(groups.ubl == [["S", "3", "13.00", Self.eur(detail.vatBreakdown[0].taxMinor), nil]])
            #expect(groups.cii == groups.ubl)

            #expect(cii.rootName == "rsm:CrossIndustryInvoice")
            #expect(cii.text("rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID") == "urn:cen.eu:en16931:2017")
            #expect(cii.text("rsm:ExchangedDocument/ram:ID") == number)
            #expect(cii.text("rsm:ExchangedDocument/ram:TypeCode") == "380")
            #expect(cii.text("rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString") == invoice.issueDate?.replacingOccurrences(of: "-", with: ""))
            #expect(cii.text("rsm:ExchangedDocument/ram:IncludedNote/ram:Content") == "Merci & à bientôt <3")
            #expect(cii.text("\(Self.party)/ram:SellerTradeParty/ram:Name") == "Ferme Schmit SARL")
            #expect(cii.text("\(Self.party)/ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID") == "LU26375245")
            #expect(cii.attribute("schemeID", of: "\(Self.party)/ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID") == "VA")
            #expect(cii.text("\(Self.party)/ram:BuyerTradeParty/ram:PostalTradeAddress/ram:LineOne") == "1, rue Haute")
            #expect(cii.text("\(Self.party)/ram:BuyerTradeParty/ram:PostalTradeAddress/ram:CityName") == "Wiltz")
            #expect(cii.text("\(Self.settlement)/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID")
                    == "LU280019400644750000")
            #expect(cii.text("\(Self.settlement)/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString")
                    == invoice.dueDate?.replacingOccurrences(of: "-", with: ""))
            let item = "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem"
            #expect(cii.text("\(item)/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity") == "2")
            #expect(cii.text("\(item)/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount") == "6.50")

            // The escaping is in the bytes, not only in what a parser gives back.
            let text = String(decoding: ubl.bytes, as: UTF8.self)
            #expect(text.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"#))
            #expect(text.contains("Anna &lt;Muller&gt; &amp; Fils"))

            // Recorded payments change the account, not the issued document: the same bytes.
            let paid = try await shop.call(.post, "/vendor/invoices/\(invoice.id)/payments", #"{"amount_minor": 500, "method": "bank_transfer"}"#)
            #expect(paid.status.code < 300, "\(String(buffer: paid.body))")
            let again = try await Self.documents(shop, invoice.id, number: number)
            #expect(again.ubl.bytes == ubl.bytes && again.cii.bytes == cii.bytes)
        }
    }

    @Test func anIntraCommunitySupplyIsCategoryKWithBothVATNumbersDeliveryAndExemption() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            try await shop.saveSettings()
            let detail = try await Self.issue(shop, try await shop.draft(
                buyer: #"{"name": "Müller Ölhandel GmbH", "address": "Hauptstraße 5\n10115 Berlin", "country": "DE", "vat_number": "DE 136 695 976", "is_business": true}"#,
                lines: #"[{"description": "Honig 500 g", "quantity_milli": 10000, "unit_price_minor": 650, "vat_rate_class": "super_reduced"}]"#,
                extra: #", "language": "de", "supply_date": "2026-01-15""#))
            let invoice = detail.invoice
            #expect(invoice.regime == .intraCommunityExempt)
            let number = try #require(invoice.number)
            let docs = try await Self.documents(shop, invoice.id, number: number, sample: "intra-eu-b2b")
            let ubl = docs.ubl, cii = docs.cii
            #expect(ubl.text("cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID") == "LU26375245")
            #expect(ubl.text("cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID") == "DE136695976")
            #expect(ubl.text("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:StreetName") == "Hauptstraße 5")
            #expect(ubl.text("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:PostalZone") == "10115")
            #expect(ubl.text("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:CityName") == "Berlin")
            #expect(ubl.text("cac:Delivery/cbc:ActualDeliveryDate") == "2026-01-15")
            #expect(ubl.text("cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode") == "DE")
            #expect(ubl.text("cac:PaymentTerms/cbc:Note") == "Zahlbar innerhalb von 30 Tagen")
            #expect(ubl.text("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason") == "Intra-Community supply")
            #expect(ubl.text("cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID") == "K")
            #expect(ubl.text("cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent") == "0")
            #expect(Self.breakdown(docs).ubl == [["K", "0", "65.00", "0.00", "VATEX-EU-IC"]])
            #expect(Self.breakdown(docs).cii == Self.breakdown(docs).ubl)
            Self.expectTotals(docs, invoice, lines: detail.lines)
            #expect(cii.text("\(Self.party)/ram:BuyerTradeParty/ram:SpecifiedTaxRegistration/ram:ID") == "DE136695976")
            let delivery = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery"
            #expect(cii.text("\(delivery)/ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID") == "DE")
            #expect(cii.text("\(delivery)/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString") == "20260115")
            #expect(cii.text("\(Self.settlement)/ram:ApplicableTradeTax/ram:ExemptionReason") == "Intra-Community supply")

            // Its credit note is an exempt intra-Community supply too, supplied when the invoice said.
            let credited = try await shop.call(.post, "/vendor/invoices/\(invoice.id)/credit-notes", #"{"reason": "Retour"}"#)
            #expect(credited.status == .created, "\(String(buffer: credited.body))")
            let note = try shop.detail(credited)
            let noteDocs = try await Self.documents(shop, note.invoice.id, number: try #require(note.invoice.number), sample: "credit-note-intra-eu")
            #expect(noteDocs.ubl.rootName == "CreditNote")
            #expect(Self.breakdown(noteDocs).ubl == [["K", "0", "65.00", "0.00", "VATEX-EU-IC"]])
            #expect(Self.breakdown(noteDocs).cii == Self.breakdown(noteDocs).ubl)
            #expect(noteDocs.ubl.text("cac:Delivery/cbc:ActualDeliveryDate") == "2026-01-15")
            #expect(noteDocs.ubl.text("cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID") == "DE136695976")
            Self.expectTotals(noteDocs, note.invoice, lines: note.lines)
        }
    }

    @Test func distanceSalesTakeTheDestinationRateUnderOSSAndTheOriginRateBelowTheThreshold() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            try await shop.saveSettings()
            let buyer = #"{"name": "Jeanne Martin", "address": "5 rue de la Paix\n75002 Paris\nFR", "country": "FR"}"#
            let lines = #"[{"description": "Confiture 350 g", "quantity_milli": 3000, "unit_price_minor": 480, "vat_rate_class": "standard"}]"#
            // Below the EUR 10,000 threshold, not opted in: the seller's own rate (origin).
            let origin = try await Self.issue(shop, try await shop.draft(buyer: buyer, lines: lines, extra: #", "language": "en""#))
            #expect(origin.invoice.regime == .distanceSaleOrigin)
            let originDocs = try await Self.documents(shop, origin.invoice.id, number: try #require(origin.invoice.number), sample: "origin")
            #expect(Self.breakdown(originDocs).ubl == [["S", "17", "14.40", "2.45", nil]])
            #expect(Self.breakdown(originDocs).cii == Self.breakdown(originDocs).ubl)
            Self.expectTotals(originDocs, origin.invoice, lines: origin.lines)

            // Opted in to destination taxation: France's rate, declared through the OSS.
            let optIn = InvoicingClient.settings.replacingOccurrences(of: #""oss_registered": true"#, with: #""oss_registered": true, "oss_opt_in": true"#)
            #expect(try await shop.call(.put, "/vendor/invoicing/settings", optIn).status == .ok)
            let oss = try await Self.issue(shop, try await shop.draft(buyer: buyer, lines: lines, extra: #", "language": "en""#))
            #expect(oss.invoice.regime == .distanceSaleDestinationOSS)
            let docs = try await Self.documents(shop, oss.invoice.id, number: try #require(oss.invoice.number), sample: "oss")
            #expect(Self.breakdown(docs).ubl == [["S", "20", "14.40", "2.88", nil]])
            #expect(Self.breakdown(docs).cii == Self.breakdown(docs).ubl)
            #expect(docs.ubl.text("cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent") == "20")
            #expect(docs.ubl.text("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:CityName") == "Paris")
            #expect(docs.ubl.text("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode") == "FR")
            #expect(docs.ubl.text("cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode") == "FR")
            #expect(docs.ubl.text("cac:PaymentTerms/cbc:Note") == "Payable within 30 days")
            Self.expectTotals(docs, oss.invoice, lines: oss.lines)
        }
    }

    @Test func anExportIsCategoryGWithItsExemption() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            try await shop.saveSettings()
            let detail = try await Self.issue(shop, try await shop.draft(
                buyer: #"{"name": "Käserei Zürich AG", "address": "Bahnhofstrasse 1\n8001 Zürich\nCH", "country": "CH", "is_business": true}"#,
                lines: #"[{"description": "Miel 1 kg", "quantity_milli": 1500, "unit_price_ten_thousandths": 123456, "vat_rate_class": "super_reduced"}]"#,
                extra: #", "language": "en""#))
            let invoice = detail.invoice
            #expect(invoice.regime == .export)
            let docs = try await Self.documents(shop, invoice.id, number: try #require(invoice.number), sample: "export")
            #expect(Self.breakdown(docs).ubl == [["G", "0", Self.eur(invoice.netTotalMinor), "0.00", "VATEX-EU-G"]])
            #expect(Self.breakdown(docs).cii == Self.breakdown(docs).ubl)
            #expect(docs.ubl.text("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason") == "Export outside the EU")
            #expect(docs.ubl.text("cac:InvoiceLine/cbc:InvoicedQuantity") == "1.5")
            #expect(docs.ubl.text("cac:InvoiceLine/cac:Price/cbc:PriceAmount") == "12.3456")
            #expect(docs.ubl.text("cac:InvoiceLine/cbc:LineExtensionAmount") == "18.52")
            #expect(docs.ubl.text("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:PostalZone") == "8001")
            #expect(docs.ubl.text("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:CityName") == "Zürich")
            #expect(docs.ubl.text("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode") == "CH")
            #expect(docs.cii.text("rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity") == "1.5")
            Self.expectTotals(docs, invoice, lines: detail.lines)
        }
    }

    /// Three rates and a zero-rated line, prices that include VAT (net amounts derived from them) and a gross sum no
    /// net amount reaches at 17 %, so a cent of rounding (BT-114).
    static let multiRateLines = #"""
        [{"description": "Vin blanc 75 cl", "quantity_milli": 1000, "unit_price_minor": 2990, "vat_rate_class": "standard"},
         {"description": "Miel 500 g", "quantity_milli": 2000, "unit_price_minor": 650, "vat_rate_class": "super_reduced"},
         {"description": "Fleurs coupées", "quantity_milli": 500, "unit_price_ten_thousandths": 123456, "vat_rate_class": "intermediate"},
         {"description": "Journal", "quantity_milli": 1000, "unit_price_minor": 250, "vat_rate_class": "zero"}]
        """#

    @Test func aMultiRateInvoiceWithVATInclusivePricesCarriesEachRateAndTheRounding() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let detail = try await Self.issue(shop, try await shop.draft(buyer: InvoicingClient.luConsumer, lines: Self.multiRateLines,
                                                                         extra: #", "prices_include_vat": true"#))
            let invoice = detail.invoice
            #expect(invoice.pricesIncludeVat && invoice.roundingMinor != 0)
            let docs = try await Self.documents(shop, invoice.id, number: try #require(invoice.number), sample: "multi-rate")
            let groups = Self.breakdown(docs)
            #expect(groups.ubl.map { [$0[0], $0[1]] } == [["S", "17"], ["S", "14"], ["S", "3"], ["Z", "0"]])
            #expect(groups.ubl == detail.vatBreakdown.map {
                [$0.category.rawValue, EInvoiceFormat.percent($0.basisPoints), Self.eur($0.taxableMinor), Self.eur($0.taxMinor), nil]
            })
            #expect(groups.cii == groups.ubl)
            // Net line amounts and net unit prices, never the VAT-inclusive ones.
            #expect(docs.ubl.texts("cac:InvoiceLine/cbc:LineExtensionAmount") == detail.lines.map { Self.eur($0.netMinor) })
            #expect(docs.ubl.texts("cac:InvoiceLine/cac:Price/cbc:PriceAmount")
                    == detail.lines.map { EInvoiceFormat.unitPrice($0.netUnitPriceTenThousandths, currency: "EUR") })
            #expect(!docs.ubl.texts("cac:InvoiceLine/cac:Price/cbc:PriceAmount").contains("29.90"))
            #expect(docs.ubl.text("cac:LegalMonetaryTotal/cbc:PayableRoundingAmount") == Self.eur(invoice.roundingMinor))
            #expect(docs.cii.text("\(Self.settlement)/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:RoundingAmount") == Self.eur(invoice.roundingMinor))
            #expect(docs.ubl.text("cac:LegalMonetaryTotal/cbc:PayableAmount") == Self.eur(2990 + 1300 + 617 + 250))
            Self.expectTotals(docs, invoice, lines: detail.lines)
        }
    }

    @Test func aCreditNoteIsACreditNoteReferencingTheInvoiceItCredits() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let invoice = try await Self.issue(shop, try await shop.draft(buyer: InvoicingClient.luConsumer, lines: Self.multiRateLines))
            let first = try #require(invoice.lines.first), second = try #require(invoice.lines.dropFirst().first)
            let credited = try await shop.call(.post, "/vendor/invoices/\(invoice.invoice.id)/credit-notes", #"""
                {"lines": [{"line_id": "\#(first.id)", "quantity_milli": 1000}, {"line_id": "\#(second.id)", "quantity_milli": 1000}], "reason": "Bouteille cassée"}
                """#)
            #expect(credited.status == .created, "\(String(buffer: credited.body))")
            let detail = try shop.detail(credited)
            let note = detail.invoice
            let number = try #require(note.number)
            let docs = try await Self.documents(shop, note.id, number: number, sample: "credit-note")
            let ubl = docs.ubl, cii = docs.cii
            #expect(ubl.rootName == "CreditNote")
            #expect(ubl.text("cbc:CreditNoteTypeCode") == "381")
            #expect(ubl.text("cbc:ID") == number)
            #expect(ubl.text("cbc:Note") == "Bouteille cassée")
            #expect(ubl.text("cbc:DueDate") == nil && ubl.text("cac:PaymentMeans") == nil)
            #expect(ubl.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == invoice.invoice.number)
            #expect(ubl.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate") == invoice.invoice.issueDate)
            #expect(ubl.texts("cac:CreditNoteLine/cbc:CreditedQuantity") == ["1", "1"])
            #expect(ubl.texts("cac:CreditNoteLine/cbc:LineExtensionAmount") == ["29.90", "6.50"])
            #expect(Self.breakdown(docs).ubl.map { $0[1] } == ["17", "3"])
            #expect(Self.breakdown(docs).cii == Self.breakdown(docs).ubl)
            Self.expectTotals(docs, note, lines: detail.lines)
            #expect(cii.text("rsm:ExchangedDocument/ram:TypeCode") == "381")
            #expect(cii.text("\(Self.settlement)/ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == invoice.invoice.number)
            #expect(cii.text("\(Self.settlement)/ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString")
                    == invoice.invoice.issueDate?.replacingOccurrences(of: "-", with: ""))
            #expect(cii.text("\(Self.settlement)/ram:SpecifiedTradeSettlementPaymentMeans") == nil)
        }
    }
}
