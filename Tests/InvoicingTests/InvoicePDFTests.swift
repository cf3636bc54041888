import AgoraTesting
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Invoicing
@testable import Kernel
import Testing

@Suite("Invoice PDFs")
struct InvoicePDFTests {
    static let modules: [any AgoraModule] = [CommerceModule(), InvoicingModule()]

    static func bytes(_ response: TestResponse) -> [UInt8] { Array(buffer: response.body) }

    /// The PDF of `id` as the vendor downloads it, checked as a PDF download, and its text.
    static func pdf(_ shop: InvoicingClient, _ id: UUID, filename: String? = nil) async throws -> (bytes: [UInt8], text: String) {
        let response = try await shop.call(.get, "/vendor/invoices/\(id)/pdf")
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        #expect(response.headers[.contentType] == "application/pdf")
        if let filename { #expect(response.headers[.contentDisposition] == #"attachment; filename="\#(filename)""#) }
        let bytes = Self.bytes(response)
        #expect(bytes.starts(with: Array("%PDF-".utf8)))
        return (bytes, try PDFText.extract(bytes))
    }

    static func issue(_ shop: InvoicingClient, _ draft: TestResponse) async throws -> InvoicingClient.Detail {
        #expect(draft.status == .created, "\(String(buffer: draft.body))")
        let id = try shop.detail(draft).invoice.id
        let issued = try await shop.call(.post, "/vendor/invoices/\(id)/issue", "{}")
        #expect(issued.status == .ok, "\(String(buffer: issued.body))")
        return try shop.detail(issued)
    }

    /// `text` contains `expected`, said with the text around it when it does not.
    static func expectText(_ text: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let squeezed = PDFText.squeezed(text)
        for string in expected {
            #expect(squeezed.contains(PDFText.squeezed(string)), "“\(string)” not in:\n\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func aFrenchDomesticInvoiceCarriesEveryMention() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let detail = try await Self.issue(shop, try await shop.draft(
                buyer: #"{"name": "Ελένη Παπαδοπούλου", "address": "1, rue Haute\nL-9999 Wiltz\nLU", "country": "LU"}"#,
                lines: #"""
                    [{"description": "Miel de fleurs 500 g", "sku": "MIEL", "quantity_milli": 2000, "unit_price_minor": 650, "vat_rate_class": "super_reduced"},
                     {"description": "Äpfel – Öko, Über", "quantity_milli": 1500, "unit_price_ten_thousandths": 123456, "vat_rate_class": "standard"}]
                    """#, extra: #", "supply_date": "2026-01-15", "note": "Merci, Łukasz!""#))
            let invoice = detail.invoice
            #expect(invoice.number == "F-000001")
            let (_, text) = try await Self.pdf(shop, invoice.id, filename: "F-000001.pdf")
            let labels = InvoicePDFLabels.french
            let eur = { (minor: Int) in Money.format(minor, currency: "EUR", locale: "fr") }
            let issueDate = try #require(invoice.issueDate)
            let dueDate = try #require(invoice.dueDate)
            Self.expectText(text, [
                "FACTURE", "N°", "F-000001", "Date d'émission", labels.date(issueDate), "Date de livraison", "15/01/2026",
                "Échéance", labels.date(dueDate),
                "Ferme Schmit SARL", "12, rue du Marché", "L-1234 Luxembourg", "N° TVA LU26375245",
                "Ελένη Παπαδοπούλου", "L-9999 Wiltz",
                "Désignation", "Qté", "Prix unitaire HT", "Montant HT", "Miel de fleurs 500 g", "Réf. MIEL", "Äpfel – Öko, Über",
                "1,5", "12,3456", "3\u{00A0}%", "17\u{00A0}%",
                "Récapitulatif TVA", "Base HT", "Total HT", eur(invoice.netTotalMinor), "Total TVA", eur(invoice.taxTotalMinor),
                "Total TTC", "Net à payer", eur(invoice.payableMinor),
                "Payable à 30 jours", "IBAN LU28 0019 4006 4475 0000 · BIC BCEELULL", "Merci, Łukasz!", "Page 1 / 1",
            ])
            for group in detail.vatBreakdown {
                Self.expectText(text, [eur(group.taxableMinor), eur(group.taxMinor)])
            }
            #expect(!text.contains("BROUILLON"))
        }
    }

    @Test func aGermanIntraCommunitySupplyShowsBothVATNumbersAndTheExemption() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            try await shop.saveSettings()
            let detail = try await Self.issue(shop, try await shop.draft(
                buyer: #"{"name": "Müller Ölhandel GmbH", "address": "Hauptstraße 5\n10115 Berlin", "country": "DE", "vat_number": "DE136695976", "is_business": true}"#,
                lines: #"[{"description": "Honig 500 g", "quantity_milli": 10000, "unit_price_minor": 650, "vat_rate_class": "super_reduced"}]"#,
                extra: #", "language": "de""#))
            let invoice = detail.invoice
            #expect(invoice.regime == .intraCommunityExempt)
            let (_, text) = try await Self.pdf(shop, invoice.id)
            let labels = InvoicePDFLabels.german
            let issueDate = try #require(invoice.issueDate)
            Self.expectText(text, [
                "RECHNUNG", "Nr.", "F-000001", "Rechnungsdatum", labels.date(issueDate), "Fällig am",
                "Ferme Schmit SARL", "USt-IdNr. LU26375245", "Müller Ölhandel GmbH", "Hauptstraße 5", "10115 Berlin", "DE", "USt-IdNr. DE136695976",
                "Beschreibung", "Menge", "Einzelpreis netto", "Honig 500 g", "0\u{00A0}% (K)",
                "Summe netto", "Gesamtbetrag brutto", "Zahlbetrag", Money.format(invoice.payableMinor, currency: "EUR", locale: "de"),
                "Steuerfreie innergemeinschaftliche Lieferung", "Art. 138 Richtlinie 2006/112/EG",
                "Zahlbar innerhalb von 30 Tagen", "Bankverbindung", "Seite 1 / 1",
            ])
        }
    }

    @Test func anEnglishCreditNoteReferencesTheInvoiceItCorrects() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let invoice = try await Self.issue(shop, try await shop.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine,
                                                                          extra: #", "language": "en""#)).invoice
            let credited = try await shop.call(.post, "/vendor/invoices/\(invoice.id)/credit-notes", #"{"reason": "returned"}"#)
            #expect(credited.status == .created, "\(String(buffer: credited.body))")
            let note = try shop.detail(credited).invoice
            #expect(note.kind == .creditNote && note.number == "AV-000001")
            let (_, text) = try await Self.pdf(shop, note.id, filename: "AV-000001.pdf")
            let labels = InvoicePDFLabels.english
            let noteDate = try #require(note.issueDate)
            let invoiceDate = try #require(invoice.issueDate)
            Self.expectText(text, [
                "CREDIT NOTE", "AV-000001", "Issue date", labels.date(noteDate),
                "Credit note for invoice F-000001 of \(labels.date(invoiceDate))",
                "Anna Muller", "VAT number LU26375245", "Honey 500 g", "VAT breakdown", "Total excl. VAT", "Total incl. VAT",
                "Amount credited", Money.format(note.payableMinor, currency: "EUR", locale: "en"), "Page 1 / 1",
            ])
            #expect(!text.contains("Amount due") && !text.contains("Payable within"))
        }
    }

    @Test func a300LineInvoiceSpansPagesWithItsHeaderAndRendersIdentically() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let lines = (1...300).map { #"{"description": "Article \#($0) — Gläser ÄÖÜ", "quantity_milli": 1000, "unit_price_minor": \#(100 + $0), "vat_rate_class": "standard"}"# }
            let invoice = try await Self.issue(shop, try await shop.draft(buyer: InvoicingClient.luConsumer, lines: "[" + lines.joined(separator: ",") + "]")).invoice
            let first = try await Self.pdf(shop, invoice.id)
            let pages = PDFText.pages(first.text)
            #expect(pages.count >= 4)
            for (index, page) in pages.enumerated() {
                Self.expectText(page, ["Désignation", "Prix unitaire HT", "Montant HT", "Page \(index + 1) / \(pages.count)", "Facture F-000001"])
            }
            for n in [1, 150, 300] { #expect(first.text.contains("Article \(n) — Gläser ÄÖÜ")) }
            #expect(pages.last?.contains("Net à payer") == true)
            // Rendered again on demand: the same bytes.
            let second = try await Self.pdf(shop, invoice.id)
            #expect(first.bytes == second.bytes)
        }
    }

    @Test func draftsArePreviewsMarkedAsSuchForTheVendorOnly() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let draft = try shop.detail(try await shop.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice
            let (_, text) = try await Self.pdf(shop, draft.id, filename: "draft-\(draft.id.uuidString.lowercased()).pdf")
            Self.expectText(text, ["BROUILLON", "Brouillon — ne vaut pas facture", "Facture (BROUILLON)", "Anna Muller"])
            #expect(!text.contains("F-000001"))
        }
    }

    @Test func unknownAndForeignDocumentsAreNotFound() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let ferme = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            let other = try await InvoicingClient.vendor("other", tier: "essential", client: client, kernel: kernel)
            try await ferme.saveSettings()
            try await other.saveSettings()
            let foreign = try await Self.issue(other, try await other.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id
            for id in [foreign, UUID()] {
                let response = try await ferme.call(.get, "/vendor/invoices/\(id)/pdf")
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(String(buffer: response.body).contains(#""code":"not_found""#), "\(String(buffer: response.body))")
            }
            #expect(try await ferme.call(.get, "/vendor/invoices/not-a-uuid/pdf").status.code < 500)
        }
    }

    @Test func theShopCustomerDownloadsTheirOwnIssuedDocumentsOnly() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let orderId = try await InvoicePagesTests.order(shop)
            let secondOrder = try await InvoicePagesTests.order(shop)
            func register(_ email: String) async throws -> InvoicingClient.ShopCustomer {
                try await InvoicingClient.registerShopCustomer(email, shop: "ferme", client: client)
            }
            let anna = try await register("anna@example.lu")
            let stranger = try await register("someone@example.lu")
            try await kernel.database.transaction { tx in
                try await tx.sql.raw("UPDATE commerce_orders SET account_id = \(bind: anna.customer.id) WHERE id IN (\(bind: orderId), \(bind: secondOrder))").run()
            }
            let invoice = try shop.detail(try await shop.call(.post, "/vendor/orders/\(orderId)/invoice", "{}")).invoice.id
            func download(_ token: String?, order: UUID = orderId, invoice id: UUID = invoice) async throws -> TestResponse {
                var headers = Fixtures.headers()
                if let token { headers[HTTPFields.Element.Name("X-Customer-Token")!] = token }
                return try await client.execute(uri: "/oms/api/v1/shops/ferme/account/orders/\(order)/invoices/\(id)/pdf", method: .get, headers: headers)
            }
            // A draft is the vendor's alone.
            #expect(try await download(anna.token).status == .notFound)
            let issued = try await shop.call(.post, "/vendor/invoices/\(invoice)/issue", "{}")
            #expect(issued.status == .ok)
            let response = try await download(anna.token)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/pdf")
            #expect(response.headers[.contentDisposition] == #"attachment; filename="F-000001.pdf""#)
            let vendorCopy = try await Self.pdf(shop, invoice)
            #expect(Self.bytes(response) == vendorCopy.bytes)
            Self.expectText(try PDFText.extract(Self.bytes(response)), ["F-000001", "Anna Muller", "Ferme Schmit SARL"])
            // Someone else, no one, another order of hers, an unknown id: not found / sign in.
            #expect(try await download(stranger.token).status == .notFound)
            #expect(try await download(nil).status == .unauthorized)
            #expect(try await download(anna.token, order: secondOrder).status == .notFound)
            let unknown = try await download(anna.token, invoice: UUID())
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func thePDFRoutesAreDocumentedAsPDFAndLinkedFromTheInvoicePage() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let response = try await client.execute(uri: "/oms/openapi.json", method: .get, headers: Fixtures.headers())
            let document = try #require(try JSONSerialization.jsonObject(with: Data(Array(buffer: response.body))) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: Any])
            for path in ["/api/v1/vendor/invoices/{invoiceId}/pdf", "/api/v1/shops/{shop}/account/orders/{orderId}/invoices/{invoiceId}/pdf"] {
                let get = try #require((paths[path] as? [String: Any])?["get"] as? [String: Any], "\(path)")
                let responses = try #require(get["responses"] as? [String: Any])
                let content = try #require((responses["200"] as? [String: Any])?["content"] as? [String: Any])
                #expect(Array(content.keys) == ["application/pdf"])
                #expect(responses["404"] != nil)
            }

            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let draft = try shop.detail(try await shop.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id
            let page = try await PageBrowser(shop).text("/vendor/invoices/\(draft)")
            #expect(page.contains(#"href="/oms/api/v1/vendor/invoices/\#(draft)/pdf""#))
            #expect(page.contains("Download PDF"))
        }
    }

    @Test func unitPricesQuantitiesAndDatesFollowTheLanguage() {
        #expect(InvoicePDF.unitPrice(123456, currency: "EUR", labels: .french) == "12,3456\u{00A0}€")
        #expect(InvoicePDF.unitPrice(123450, currency: "EUR", labels: .english) == "€12.345")
        #expect(InvoicePDF.unitPrice(650_000, currency: "EUR", labels: .german) == Money.format(6500, currency: "EUR", locale: "de"))
        #expect(InvoicePDFLabels.french.quantity(1500) == "1,5")
        #expect(InvoicePDFLabels.english.quantity(2000) == "2")
        #expect(InvoicePDFLabels.german.rate(550) == "5,5\u{00A0}%")
        #expect(InvoicePDFLabels.english.rate(1700) == "17%")
        #expect(InvoicePDFLabels.french.date("2026-03-01") == "01/03/2026")
        #expect(InvoicePDFLabels.german.date("2026-03-01") == "01.03.2026")
        #expect(InvoicePDFLabels.english.date("2026-03-01") == "1 March 2026")
        #expect(InvoicePDF.grouped("LU280019400644750000") == "LU28 0019 4006 4475 0000")
        #expect(PDFDownload(bytes: [], filename: "F/2026/1.pdf").filename == "F-2026-1.pdf")
    }

    @Test func theBenchmarkSampleIsAOnePageInvoicePricedByTheModule() throws {
        let sample = try SampleInvoice.twentyLines()
        #expect(sample.lines.count == 20)
        #expect(Set(sample.lines.map(\.basisPoints)) == [300, 1700])
        #expect(sample.breakdown.map(\.basisPoints) == [1700, 300])
        #expect(sample.invoice.netTotalMinor == sample.lines.reduce(0) { $0 + $1.netMinor })
        #expect(sample.invoice.taxTotalMinor == sample.breakdown.reduce(0) { $0 + $1.taxMinor })
        let text = try PDFText.extract(try sample.pdf())
        #expect(PDFText.pages(text).count == 1)
        let eur = { (minor: Int) in Money.format(minor, currency: "EUR", locale: "fr") }
        Self.expectText(text, ["F-002026", "Ferme Schmit SARL", "N° TVA LU26375245", "Brasserie du Théâtre SàRL", "N° TVA LU15027442",
                               "Livraison réfrigérée", "Réf. RIE-24", eur(sample.invoice.payableMinor), "IBAN LU28 0019 4006 4475 0000", "Page 1 / 1"])
    }

    /// Renders on several OS threads at once (each with its own Pango font map) give the bytes
    /// of a render alone: what a batch export on every core relies on.
    @Test func invoicesRenderedOnManyThreadsAtOnceAreIdenticalToOneRenderedAlone() throws {
        let sample = try SampleInvoice.twentyLines()
        let reference = try sample.pdf()
        let results = RenderResults()
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            for _ in 0..<5 { results.append(try? sample.pdf()) }
        }
        let renders = results.all
        #expect(renders.count == 30)
        #expect(renders.allSatisfy { $0 == reference })
    }
}

/// PDFs rendered from several threads.
private final class RenderResults: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var renders: [[UInt8]?] = []

    func append(_ render: [UInt8]?) { lock.withLock { renders.append(render) } }
    var all: [[UInt8]?] { lock.withLock { renders } }
}
