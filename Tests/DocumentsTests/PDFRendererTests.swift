import AgoraTesting
import Documents
import Foundation
import Testing

@Suite("PDF documents")
struct PDFRendererTests {
    static let date = Date(timeIntervalSince1970: 1_772_357_400) // 2026-03-01T09:30:00Z
    /// A 4 × 2 pixel RGB PNG.
    static let logo = try! PNGImage(data: Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAADwyuo0AAAAEElEQVR4nGNQSDgARwzIHAB9GgoB1xLYhgAAAABJRU5ErkJggg==")!))

    static func document(rows: Int, date: Date = date, watermark: Watermark? = nil) -> Document {
        let table = Table(columns: [Table.Column("Article", weight: 4), Table.Column("Qty", alignment: .trailing), Table.Column("Amount", weight: 1.5, alignment: .trailing)],
                          rows: (1...max(1, rows)).map { ["Item number \($0)", "\($0)", "\($0),00 €"] })
        return Document(
            metadata: PDFMetadata(title: "Test", author: "Agora tests", date: date),
            body: [
                .image(logo, width: 40),
                .columns([Block.Column([.text("Ελένη Παπαδοπούλου\nŁukasz Żółć", TextStyle(size: 11, bold: true))]),
                          Block.Column([.text("ÄÖÜ äöü ß — 1 234,56 €", TextStyle().aligned(.trailing))])]),
                .rule(),
                .space(8),
                .table(table),
            ],
            watermark: watermark,
            footer: { number in [.text("Page \(number.text)", TextStyle(size: 7).aligned(.center))] })
    }

    @Test func unicodeTextSurvives() throws {
        let pdf = try PDFRenderer.render(Self.document(rows: 3))
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        let text = try PDFText.extract(pdf)
        for expected in ["Ελένη Παπαδοπούλου", "Łukasz Żółć", "ÄÖÜ äöü ß", "1 234,56 €", "Item number 3", "Page 1 / 1"] {
            #expect(text.contains(expected), "\(expected) in \(text)")
        }
    }

    @Test func tablesFlowOverPagesWithTheirHeaderAndPageNumbers() throws {
        let pdf = try PDFRenderer.render(Self.document(rows: 300))
        let pages = PDFText.pages(try PDFText.extract(pdf))
        #expect(pages.count >= 4)
        for (index, page) in pages.enumerated() {
            #expect(page.contains("Article") && page.contains("Qty") && page.contains("Amount"), "header on page \(index + 1)")
            #expect(page.contains("Page \(index + 1) / \(pages.count)"))
        }
        // Every row once, in order.
        let all = pages.joined()
        var cursor = all.startIndex
        for n in 1...300 {
            guard let found = all.range(of: "Item number \(n) ", range: cursor..<all.endIndex) else {
                Issue.record("row \(n) missing or out of order")
                return
            }
            cursor = found.upperBound
        }
    }

    @Test func theSameDocumentGivesTheSameBytes() throws {
        let first = try PDFRenderer.render(Self.document(rows: 120, watermark: Watermark("DRAFT")))
        let second = try PDFRenderer.render(Self.document(rows: 120, watermark: Watermark("DRAFT")))
        #expect(first == second)
        // The metadata dates are the document's, not the clock's.
        let info = try PDFText.info(first)
        #expect(info["CreationDate"] == "2026-03-01T09:30:00Z", "\(info)")
        #expect(info["ModDate"] == "2026-03-01T09:30:00Z")
        #expect(info["Title"] == "Test" && info["Author"] == "Agora tests")
        let later = try PDFRenderer.render(Self.document(rows: 120, date: Self.date.addingTimeInterval(86_400), watermark: Watermark("DRAFT")))
        #expect(later != first)
        #expect(try PDFText.info(later)["CreationDate"] == "2026-03-02T09:30:00Z")
    }

    @Test func documentsRenderConcurrentlyAndIdentically() async throws {
        let reference = try PDFRenderer.render(Self.document(rows: 60))
        let results = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<8 { group.addTask { try PDFRenderer.render(Self.document(rows: 60)) } }
            return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == reference })
    }

    @Test func logosAreEmbeddedAndOtherBytesRefused() throws {
        #expect(Self.logo.pixelWidth == 4 && Self.logo.pixelHeight == 2)
        let pdf = try PDFRenderer.render(Self.document(rows: 1))
        #expect(String(decoding: pdf, as: UTF8.self).contains("/Subtype /Image"))
        #expect(throws: DocumentError.invalidPNG) { try PNGImage(data: Array("GIF89a not a png at all".utf8)) }
        // A PNG header over broken data: Cairo cannot decode it, rendering says so instead of crashing.
        var broken = Self.logo.data
        broken.replaceSubrange(33..<broken.count - 12, with: [UInt8](repeating: 0, count: broken.count - 45))
        let bad = try PNGImage(data: broken)
        #expect(throws: DocumentError.self) {
            try PDFRenderer.render(Document(metadata: PDFMetadata(title: "x", date: Self.date), body: [.image(bad, width: 20)]))
        }
    }

    @Test func textWrapsAndControlCharactersAreDropped() throws {
        let words = Array(repeating: "wrapping", count: 40).joined(separator: " ")
        let pdf = try PDFRenderer.render(Document(
            metadata: PDFMetadata(title: "wrap", date: Self.date),
            body: [.columns([Block.Column(weight: 1, [.text(words, TextStyle())]), Block.Column(weight: 3, [.text("a\u{0}b\u{7}c", TextStyle())])])]))
        let text = try PDFText.extract(pdf)
        let lines = text.split(separator: "\n").filter { $0.contains("wrapping") }
        #expect(lines.count >= 5)
        #expect(text.contains("abc"))
    }
}
