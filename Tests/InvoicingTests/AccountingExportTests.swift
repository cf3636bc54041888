import AgoraTesting
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Invoicing
@testable import Kernel
import Testing

@Suite("Accounting export")
struct AccountingExportTests {
    static let modules: [any AgoraModule] = [CommerceModule(), InvoicingModule()]

    @Test("Quarters and periods", arguments: [
        ("2026-Q1", "2026-01-01", "2026-03-31"), ("2026-q2", "2026-04-01", "2026-06-30"), ("2026-Q3", "2026-07-01", "2026-09-30"),
        ("2026-Q4", "2026-10-01", "2026-12-31"),
    ])
    func quarters(_ text: String, _ from: String, _ to: String) {
        #expect(AccountingPeriod.quarter(text) == AccountingPeriod(from: from, to: to))
        #expect(AccountingPeriod.quarterName(of: from) == text.uppercased())
        #expect(AccountingPeriod.quarterName(of: to) == text.uppercased())
    }

    @Test("Malformed quarters are refused", arguments: ["2026-Q5", "2026-Q0", "2026Q1", "26-Q1", "2026-Q", "", "2026-01", "2026-Q1-x"])
    func badQuarters(_ text: String) {
        #expect(AccountingPeriod.quarter(text) == nil)
    }

    static func invoice(kind: InvoiceKind, regime: VATRegime = .domestic, country: String = "LU", currency: String = "EUR") -> Invoice {
        Invoice(id: UUID.v7(), kind: kind, status: kind == .invoice ? .partiallyPaid : .issued, series: "F-", sequenceNumber: 7,
                number: kind == .invoice ? "F-000007" : "AV-000002", orderId: nil, customerId: nil, creditedInvoiceId: nil,
                creditedNumber: kind == .creditNote ? "F-000007" : nil, creditedIssueDate: nil, currency: currency, language: .fr,
                issueDate: "2026-08-14", supplyDate: nil, dueDate: "2026-09-13", paymentTermsDays: 30, sellerName: "S", sellerAddress: "A",
                sellerCountry: "LU", sellerVatNumber: "LU26375245", sellerIban: nil, sellerBic: nil, footer: nil, buyerName: "=Evil, Corp",
                buyerEmail: nil, buyerAddress: nil, buyerCountry: country, buyerVatNumber: nil, buyerIsBusiness: false, regime: regime,
                regimeExplanation: "", exemptionCode: nil, exemptionText: nil, legalMention: nil, pricesIncludeVat: false, netTotalMinor: 10_000,
                taxTotalMinor: 1_370, grossTotalMinor: 11_370, roundingMinor: 0, payableMinor: 11_370, distanceSaleEurCents: 0, paidMinor: 5_000,
                creditedMinor: 0, note: nil, createdBy: "t", issuedAt: Date(), paidAt: nil, cancelledAt: nil, createdAt: Date(), updatedAt: Date())
    }

    static let twoRates = [
        VATBreakdown(category: .standard, basisPoints: 1700, taxableMinor: 6_000, taxMinor: 1_020, exemptionCode: nil, exemptionText: nil),
        VATBreakdown(category: .standard, basisPoints: 300, taxableMinor: 4_000, taxMinor: 120, exemptionCode: nil, exemptionText: nil),
    ]

    @Test func csvRowsGiveADocumentThenItsRatesAndCreditNotesNegative() {
        let invoice = Self.invoice(kind: .invoice)
        let rows = AccountingCSV.rows(invoice, breakdown: Self.twoRates)
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0.count == AccountingCSV.columns.count })
        func cell(_ row: [String], _ column: String) -> String { row[AccountingCSV.columns.firstIndex(of: column)!] }
        #expect(cell(rows[0], "record") == "document" && cell(rows[0], "net") == "100.00" && cell(rows[0], "vat") == "13.70")
        #expect(cell(rows[0], "paid") == "50.00" && cell(rows[0], "status") == "partially_paid" && cell(rows[0], "number") == "F-000007")
        #expect(cell(rows[1], "record") == "vat" && cell(rows[1], "vat_rate") == "17.00" && cell(rows[1], "net") == "60.00" && cell(rows[1], "gross") == "70.20")
        #expect(cell(rows[2], "vat_rate") == "3.00" && cell(rows[2], "vat") == "1.20" && cell(rows[2], "vat_category") == "S")

        let note = AccountingCSV.rows(Self.invoice(kind: .creditNote), breakdown: Self.twoRates)
        #expect(cell(note[0], "net") == "-100.00" && cell(note[0], "payable") == "-113.70" && cell(note[0], "paid") == "")
        #expect(cell(note[0], "corrects_number") == "F-000007" && cell(note[1], "vat") == "-10.20")
        // A buyer name that would be a formula is defused; numbers stay numbers.
        #expect(CSV.line(note[0]).contains(",\"'=Evil, Corp\",") && CSV.line(note[0]).contains(",-100.00,"))
    }

    @Test func theOSSReportSumsByCountryAndRateAndSubtractsCreditNotes() {
        let period = AccountingPeriod.quarter("2026-Q3")!
        let fr = Self.invoice(kind: .invoice, regime: .distanceSaleDestinationOSS, country: "FR")
        let frRates = [VATBreakdown(category: .standard, basisPoints: 2000, taxableMinor: 10_000, taxMinor: 2_000, exemptionCode: nil, exemptionText: nil),
                       VATBreakdown(category: .standard, basisPoints: 550, taxableMinor: 2_000, taxMinor: 110, exemptionCode: nil, exemptionText: nil)]
        let frNote = Self.invoice(kind: .creditNote, regime: .distanceSaleDestinationOSS, country: "FR")
        let frNoteRates = [VATBreakdown(category: .standard, basisPoints: 2000, taxableMinor: 2_500, taxMinor: 500, exemptionCode: nil, exemptionText: nil)]
        let de = Self.invoice(kind: .invoice, regime: .distanceSaleDestinationOSS, country: "DE")
        let deRates = [VATBreakdown(category: .standard, basisPoints: 1900, taxableMinor: 1_000, taxMinor: 190, exemptionCode: nil, exemptionText: nil)]
        let domestic = Self.invoice(kind: .invoice)
        let chf = Self.invoice(kind: .invoice, regime: .distanceSaleDestinationOSS, country: "FR", currency: "CHF")
        let report = OSSReport.build(quarter: "2026-Q3", period: period, documents: [
            (fr, frRates), (frNote, frNoteRates), (de, deRates), (domestic, Self.twoRates), (chf, frRates),
        ])
        #expect(report.rows.map { "\($0.country) \($0.rate) \($0.taxableMinor) \($0.vatMinor) \($0.documents)" } == [
            "DE 19.00 1000 190 1", "FR 20.00 7500 1500 2", "FR 5.50 2000 110 1",
        ])
        #expect(report.taxableMinor == 10_500 && report.vatMinor == 1_800 && report.skippedDocuments == 1)
        #expect(report.csv == "quarter,country,vat_rate,taxable,vat,documents\r\n2026-Q3,DE,19.00,10.00,1.90,1\r\n2026-Q3,FR,20.00,75.00,15.00,2\r\n2026-Q3,FR,5.50,20.00,1.10,1\r\n")
    }

    /// A Business vendor with settings that opt into the OSS, so sales to consumers elsewhere
    /// in the EU are taxed at destination.
    static func businessShop(_ slug: String, client: any TestClientProtocol, kernel: KernelServices) async throws -> InvoicingClient {
        let shop = try await InvoicingClient.vendor(slug, tier: "business", client: client, kernel: kernel)
        let settings = InvoicingClient.settings.replacingOccurrences(of: #""oss_registered": true"#, with: #""oss_registered": true, "oss_opt_in": true"#)
        let saved = try await shop.call(.put, "/vendor/invoicing/settings", settings)
        #expect(saved.status == .ok, "\(String(buffer: saved.body))")
        return shop
    }

    static func issue(_ shop: InvoicingClient, buyer: String, lines: String) async throws -> InvoicingClient.Detail {
        try await InvoicePDFTests.issue(shop, try await shop.draft(buyer: buyer, lines: lines))
    }

    static let frConsumer = #"{"name": "Claire Dubois", "address": "3 rue Nationale\n59000 Lille", "country": "FR"}"#
    static let frLines = #"""
        [{"description": "Coffret miel", "quantity_milli": 2000, "unit_price_minor": 1000, "vat_rate_class": "standard"},
         {"description": "Confiture", "quantity_milli": 1000, "unit_price_minor": 400, "vat_rate_class": "reduced"}]
        """#

    @Test func theCSVAndTheOSSReportComeFromTheVendorsIssuedDocuments() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await Self.businessShop("ferme", client: client, kernel: kernel)
            let domestic = try await Self.issue(shop, buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine).invoice
            let oss = try await Self.issue(shop, buyer: Self.frConsumer, lines: Self.frLines)
            #expect(oss.invoice.regime == .distanceSaleDestinationOSS)
            let credited = try await shop.call(.post, "/vendor/invoices/\(oss.invoice.id)/credit-notes",
                                               #"{"lines": [{"line_id": "\#(oss.lines[0].id)", "quantity_milli": 1000}], "reason": "broken jar"}"#)
            #expect(credited.status == .created, "\(String(buffer: credited.body))")
            let note = try shop.detail(credited)
            // A draft is never exported.
            _ = try await shop.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)
            // Another vendor's invoices never show.
            let other = try await Self.businessShop("autre", client: client, kernel: kernel)
            _ = try await Self.issue(other, buyer: Self.frConsumer, lines: Self.frLines)

            let today = try #require(domestic.issueDate)
            let response = try await shop.call(.get, "/vendor/accounting/invoices.csv?from=\(today)&to=\(today)")
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition] == "attachment; filename=\"invoices-\(today)_\(today).csv\"")
            let lines = String(buffer: response.body).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == AccountingCSV.columns.joined(separator: ","))
            let documents = lines.filter { $0.hasPrefix("document,") }
            #expect(documents.count == 3)
            #expect(documents.map { $0.split(separator: ",")[2] } == ["F-000001", "F-000002", "AV-000001"])
            // One VAT row per rate: one for the domestic invoice, two for the OSS one, one for the credit note.
            #expect(lines.filter { $0.hasPrefix("vat,") }.count == 4)
            let noteRow = try #require(documents.last)
            #expect(noteRow.contains(",-" + Money.decimal(note.invoice.payableMinor, currency: "EUR") + ","))

            let ossQuarter = AccountingPeriod.quarterName(of: today)
            let report = try await shop.call(.get, "/vendor/accounting/oss?quarter=\(ossQuarter.lowercased())")
            #expect(report.status == .ok, "\(String(buffer: report.body))")
            let body = try Fixtures.decode(OSSReport.self, from: report)
            #expect(body.quarter == ossQuarter && body.skippedDocuments == 0)
            let expected = oss.vatBreakdown.map { group -> String in
                let credit = note.vatBreakdown.first { $0.basisPoints == group.basisPoints }
                return "FR \(group.basisPoints) \(group.taxableMinor - (credit?.taxableMinor ?? 0)) \(group.taxMinor - (credit?.taxMinor ?? 0))"
            }
            #expect(body.rows.map { "\($0.country) \($0.rateBasisPoints) \($0.taxableMinor) \($0.vatMinor)" } == expected)
            let csv = try await shop.call(.get, "/vendor/accounting/oss.csv?quarter=\(ossQuarter)")
            #expect(csv.status == .ok && String(buffer: csv.body).hasPrefix("quarter,country,vat_rate,taxable,vat,documents\r\n\(ossQuarter),FR,20.00,"))

            // The same documents as e-invoices in a zip, UBL by default and CII on request.
            for (query, suffix) in [("", "ubl"), ("&format=cii", "cii")] {
                let zip = try await shop.call(.get, "/vendor/accounting/invoices.zip?from=\(today)&to=\(today)\(query)")
                #expect(zip.status == .ok, "\(String(buffer: zip.body))")
                #expect(zip.headers[.contentType] == "application/zip")
                #expect(zip.headers[.contentDisposition] == "attachment; filename=\"invoices-\(today)_\(today)-\(suffix).zip\"")
                let entries = Self.zipEntries(Array(buffer: zip.body))
                #expect(entries.map(\.name) == ["F-000001", "F-000002", "AV-000001"].map { "\($0).\(suffix).xml" })
                for entry in entries { #expect(String(decoding: entry.bytes, as: UTF8.self).hasPrefix("<?xml")) }
                let single = try await shop.call(.get, "/vendor/invoices/\(oss.invoice.id)/\(suffix)")
                #expect(entries[1].bytes == Array(buffer: single.body))
            }
            let badFormat = try await shop.call(.get, "/vendor/accounting/invoices.zip?from=\(today)&to=\(today)&format=pdf")
            #expect(badFormat.status == .badRequest && String(buffer: badFormat.body).contains("format"))

            // A period before anything was issued is empty, not an error.
            let empty = try await shop.call(.get, "/vendor/accounting/invoices.csv?from=2020-01-01&to=2020-12-31")
            #expect(empty.status == .ok && String(buffer: empty.body) == CSV.line(AccountingCSV.columns))
        }
    }

    /// The stored entries of a zip, read from their local headers.
    static func zipEntries(_ bytes: [UInt8]) -> [(name: String, bytes: [UInt8])] {
        func le(_ at: Int, _ count: Int) -> Int { (0..<count).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        var entries: [(name: String, bytes: [UInt8])] = []
        var at = 0
        while at + 30 <= bytes.count, le(at, 4) == 0x0403_4B50 {
            let size = le(at + 18, 4), nameLength = le(at + 26, 2), extra = le(at + 28, 2)
            let name = String(decoding: bytes[(at + 30)..<(at + 30 + nameLength)], as: UTF8.self)
            let start = at + 30 + nameLength + extra
            entries.append((name, Array(bytes[start..<(start + size)])))
            at = start + size
        }
        return entries
    }

    @Test("Bad periods get a 400 naming the parameter", arguments: [
        ("invoices.csv", "", "from"), ("invoices.csv", "?from=2026-01-01", "to"), ("invoices.csv", "?from=2026-13-01&to=2026-12-31", "from"),
        ("invoices.csv", "?from=2026-02-01&to=2026-01-31", "to"), ("invoices.csv", "?from=2026-01-01&to=yesterday", "to"),
        ("oss", "", "quarter"), ("oss", "?quarter=2026-Q7", "quarter"), ("oss.csv", "?quarter=Q3-2026", "quarter"),
        ("invoices.zip", "?to=2026-01-01", "from"), ("invoices.zip", "?from=2026-01-01&to=2026-01-31&format=xml", "format"),
    ])
    func badPeriods(_ path: String, _ query: String, _ parameter: String) async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await Self.businessShop("ferme", client: client, kernel: kernel)
            let response = try await shop.call(.get, "/vendor/accounting/\(path)\(query)")
            #expect(response.status == .badRequest, "\(String(buffer: response.body))")
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(String(buffer: response.body).contains(parameter))
        }
    }

    @Test("Below Business the export is refused", arguments: ["essential", "professional"])
    func tierGate(_ tier: String) async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: tier, client: client, kernel: kernel)
            for path in ["invoices.csv?from=2026-01-01&to=2026-12-31", "invoices.zip?from=2026-01-01&to=2026-12-31", "oss?quarter=2026-Q1",
                         "oss.csv?quarter=2026-Q1"] {
                let response = try await shop.call(.get, "/vendor/accounting/\(path)")
                #expect(response.status == .forbidden, "\(path): \(String(buffer: response.body))")
                #expect(String(buffer: response.body).contains("invoicing.accounting_export"))
            }
        }
    }
}

@Suite("Accounting export page")
struct AccountingPageTests {
    @Test func thePageLinksThePeriodsDownloadsAndShowsTheQuarterOSSReport() async throws {
        try await TestKernel.withClient(modules: AccountingExportTests.modules) { client, kernel in
            let shop = try await AccountingExportTests.businessShop("ferme", client: client, kernel: kernel)
            let oss = try await AccountingExportTests.issue(shop, buyer: AccountingExportTests.frConsumer, lines: AccountingExportTests.frLines)
            let today = try #require(oss.invoice.issueDate)
            let quarter = AccountingPeriod.quarterName(of: today)
            let browser = PageBrowser(shop)
            #expect(try await browser.text("/vendor/invoices").contains("id=\"accounting-link\""))
            let response = try await browser.get("/vendor/invoicing/accounting")
            let html = String(buffer: response.body)
            #expect(response.status == .ok, "\(html)")
            let from = AccountingPeriod.quarter(quarter)!.from
            for expected in ["1 documents issued from \(from) to \(today)", "/oms/api/v1/vendor/accounting/invoices.csv?from=\(from)&amp;to=\(today)",
                             "invoices.zip?from=\(from)&amp;to=\(today)&amp;format=cii", "oss.csv?quarter=\(quarter)", "id=\"oss-FR-20.00\""] {
                #expect(html.contains(expected), "\(expected) not in the page")
            }
            // An earlier quarter has no OSS sales; a malformed one is a 400 page.
            let earlier = AccountingPages.recentQuarters(from: quarter)[4]
            #expect(try await browser.text("/vendor/invoicing/accounting?quarter=\(earlier)").contains("No distance sales through the OSS in \(earlier)."))
            #expect(try await browser.get("/vendor/invoicing/accounting?quarter=2026-Q9").status == .badRequest)
            #expect(try await browser.get("/vendor/invoicing/accounting?from=2026-05-01&to=2026-04-01").status == .badRequest)
        }
    }

    @Test func belowBusinessThereIsNoLinkAndThePageIsRefused() async throws {
        try await TestKernel.withClient(modules: AccountingExportTests.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            let browser = PageBrowser(shop)
            #expect(try await !browser.text("/vendor/invoices").contains("accounting-link"))
            #expect(try await browser.get("/vendor/invoicing/accounting").status == .forbidden)
        }
    }

    @Test("Recent quarters go back over the year's start")
    func recentQuarters() {
        #expect(AccountingPages.recentQuarters(from: "2026-Q2") == ["2026-Q2", "2026-Q1", "2025-Q4", "2025-Q3", "2025-Q2", "2025-Q1", "2024-Q4", "2024-Q3"])
    }
}
