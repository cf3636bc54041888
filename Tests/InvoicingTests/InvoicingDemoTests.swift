import AgoraTesting
import Commerce
import Foundation
@testable import Invoicing
@testable import Kernel
import Testing

@Suite("Demo invoices")
struct InvoicingDemoTests {
    @Test func theDemoHasIssuedDocumentsInEveryRegimeAndIsIdempotent() async throws {
        try await TestKernel.with(modules: [CommerceModule(), InvoicingModule()]) { kernel in
            let logins = try await InvoicingDemo.seed(kernel: kernel, password: "demo-password-1")
            #expect(try await InvoicingDemo.seed(kernel: kernel, password: "demo-password-1") == logins)
            #expect(logins == ["Lux Delicatessen (invoices in every VAT regime): owner@lux-delicatessen.demo / demo-password-1"])
            let vendor = try #require(try await InvoiceExport.vendor(slug: "lux-delicatessen", kernel: kernel))
            let all = try await kernel.database.read(for: vendor) {
                try await InvoiceStore.list(vendor: vendor.vendorId, filter: InvoiceFilter(), page: PageRequest(limit: 100), on: $0)
            }
            #expect(all.count == 10)  // 7 invoices issued, 2 credit notes, 1 draft
            let issued = all.filter { $0.status != .draft }
            #expect(Set(issued.map(\.regime)) == Set(VATRegime.allCases))
            #expect(issued.filter { $0.kind == .creditNote }.count == 2)
            #expect(Set(all.map(\.status)) == [.draft, .issued, .partiallyPaid, .paid, .cancelled])
            #expect(all.filter { $0.status == .draft }.count == 1)
            let multiRate = try await kernel.database.read(for: vendor) { tx in
                try await InvoiceStore.breakdowns(of: issued.map(\.id), vendor: vendor.vendorId, on: tx).values.filter { $0.count >= 3 }.count
            }
            #expect(multiRate >= 1)
            // Numbers are gapless in their own series.
            #expect(issued.filter { $0.kind == .invoice }.compactMap(\.number).sorted() == (1...7).map { String(format: "LD-%06d", $0) })
            #expect(issued.filter { $0.kind == .creditNote }.compactMap(\.number).sorted() == ["LDA-000001", "LDA-000002"])
        }
    }

    @Test func theExportWritesOnePDFPerDocumentAndTheCSV() async throws {
        try await TestKernel.with(modules: [CommerceModule(), InvoicingModule()]) { kernel in
            _ = try await InvoicingDemo.seed(kernel: kernel, password: "demo-password-1")
            let vendor = try #require(try await InvoiceExport.vendor(slug: "lux-delicatessen", kernel: kernel))
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID())")
            defer { try? FileManager.default.removeItem(at: dir) }
            let today = VATDay.format(kernel.now())
            #expect(try await InvoiceExport.count(vendor: vendor, from: "2000-01-01", to: today, kernel: kernel) == 9)
            var seen: [Int] = []
            let pdfs = try await InvoiceExport.run(vendor: vendor, from: "2000-01-01", to: today, format: .pdf, directory: dir, kernel: kernel) { seen.append($0) }
            #expect(pdfs.documents == 9 && pdfs.files == 9 && seen == Array(1...9))
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            #expect(names == (1...7).map { String(format: "LD-%06d.pdf", $0) } + ["LDA-000001.pdf", "LDA-000002.pdf"])
            let text = try PDFText.extract(Array(try Data(contentsOf: dir.appendingPathComponent("LD-000001.pdf"))))
            #expect(text.contains("Anna Weber") && text.contains("LD-000001"))

            for format in [InvoiceExport.Format.ubl, .cii] {
                let xml = try await InvoiceExport.run(vendor: vendor, from: "2000-01-01", to: today, format: format, directory: dir, kernel: kernel) { _ in }
                #expect(xml.documents == 9 && xml.files == 9 && xml.skipped == 0)
            }
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("LDA-000002.cii.xml").path))
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("LD-000007.ubl.xml").path))

            let csv = try await InvoiceExport.run(vendor: vendor, from: "2000-01-01", to: today, format: .csv, directory: dir, kernel: kernel) { _ in }
            #expect(csv.documents == 9 && csv.files == 1)
            let rows = try String(contentsOf: dir.appendingPathComponent("invoices-2000-01-01_\(today).csv"), encoding: .utf8)
                .components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(rows.filter { $0.hasPrefix("document,") }.count == 9)
            // An empty period writes an empty CSV; a bad date is refused before anything is written.
            await #expect(throws: Problem.self) {
                try await InvoiceExport.run(vendor: vendor, from: "2026-02-30", to: today, format: .csv, directory: dir, kernel: kernel) { _ in }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".partial") }.isEmpty)
        }
    }
}
