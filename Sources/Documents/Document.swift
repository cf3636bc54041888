import Foundation

/// Documents: PDFs drawn with Cairo and laid out with Pango (invoices, receipts, pick lists,
/// certificates).
///
/// A ``Document`` is a value: page geometry, metadata, a flow of ``Block``s (text, rules,
/// spaces, PNG images, side-by-side columns and tables) and a footer made per page with the
/// page number and count ("1 / 3"). ``PDFRenderer/render(_:)`` lays the flow out onto A4
/// pages (a table that does not fit continues on the next page under its header row again)
/// and returns the PDF's bytes, rendered in memory.
///
/// - Units are PostScript points (1/72 inch); A4 is 595.28 × 841.89.
/// - Text is Unicode through Pango: accents, €, Greek, Cyrillic, Polish… The font family is
///   always named (DejaVu Sans by default, from Debian's `fonts-dejavu-core`, found through
///   fontconfig), so the output does not depend on the machine's default font.
/// - The same document gives the same bytes: the PDF's creation and modification dates are
///   ``PDFMetadata/date`` (derived from the document, never the clock), and nothing else in
///   Cairo's output varies between runs of the same Cairo version.
/// - Cairo and Pango objects never leave one ``PDFRenderer/render(_:)`` call, which runs
///   synchronously on the caller's thread: no state is shared between documents, so
///   documents may be rendered concurrently on different tasks. The one Pango object that
///   outlives a call, the font map behind `pango_cairo_create_context`, is Pango's default
///   one, which is per thread (since Pango 1.32.6): each thread finds and loads its fonts
///   once, then reuses them, and never shares them with another thread. Fontconfig and
///   Cairo's font cache, which every thread reads, lock themselves.
public struct Document: Sendable {
    public var page: PageGeometry
    public var metadata: PDFMetadata
    /// The content, laid out top to bottom between the margins, over as many pages as it needs.
    public var body: [Block]
    /// What each page shows in its bottom margin, given its number and the page count.
    public var footer: @Sendable (PageNumber) -> [Block]
    /// A large diagonal word across every page (`DRAFT`), drawn under the content.
    public var watermark: Watermark?

    public init(page: PageGeometry = .a4, metadata: PDFMetadata, body: [Block], watermark: Watermark? = nil,
                footer: @escaping @Sendable (PageNumber) -> [Block] = { _ in [] }) {
        self.page = page
        self.metadata = metadata
        self.body = body
        self.watermark = watermark
        self.footer = footer
    }
}

/// A page's size and margins, in points.
public struct PageGeometry: Sendable, Equatable {
    public var width: Double
    public var height: Double
    public var top: Double
    public var left: Double
    /// The footer is drawn inside the bottom margin.
    public var bottom: Double
    public var right: Double

    public init(width: Double, height: Double, top: Double, left: Double, bottom: Double, right: Double) {
        self.width = width
        self.height = height
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
    }

    /// ISO 216 A4 portrait (210 × 297 mm) with 15 mm side margins, 18 mm top and 22 mm bottom.
    public static let a4 = PageGeometry(width: 595.2756, height: 841.8898, top: millimetres(18), left: millimetres(15),
                                        bottom: millimetres(22), right: millimetres(15))

    /// The width between the side margins.
    public var contentWidth: Double { width - left - right }

    /// `mm` millimetres in points.
    public static func millimetres(_ mm: Double) -> Double { mm * 72 / 25.4 }
}

/// The PDF's document information. Every field is written into the file, so the same
/// metadata gives the same bytes.
public struct PDFMetadata: Sendable, Equatable {
    public var title: String
    public var author: String
    public var subject: String
    public var creator: String
    /// The creation and modification date written into the PDF: a date of the document's own
    /// (an invoice's issue time), never "now", so rendering again gives identical bytes.
    public var date: Date

    public init(title: String, author: String = "", subject: String = "", creator: String = "Agora", date: Date) {
        self.title = title
        self.author = author
        self.subject = subject
        self.creator = creator
        self.date = date
    }

    /// `2026-03-01T09:30:00Z`, the ISO 8601 form `cairo_pdf_surface_set_metadata` takes.
    var cairoDate: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}

/// Which page a footer is drawn on.
public struct PageNumber: Sendable, Equatable {
    /// 1-based.
    public var page: Int
    public var count: Int

    public init(page: Int, count: Int) {
        self.page = page
        self.count = count
    }

    /// `1 / 3`.
    public var text: String { "\(page) / \(count)" }
}

/// A word across each page.
public struct Watermark: Sendable, Equatable {
    public var text: String
    public var style: TextStyle

    public init(_ text: String, style: TextStyle = TextStyle(size: 96, bold: true, color: Color(gray: 0.88))) {
        self.text = text
        self.style = style
    }
}

/// An RGB colour, each component 0…1.
public struct Color: Sendable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public init(gray: Double) { self.init(red: gray, green: gray, blue: gray) }

    public static let black = Color(gray: 0)
    public static let text = Color(gray: 0.13)
    public static let muted = Color(gray: 0.4)
    public static let rule = Color(gray: 0.78)
    public static let shade = Color(gray: 0.94)
}

public enum TextAlignment: Sendable, Hashable {
    case leading, center, trailing
}

/// How a run of text looks.
public struct TextStyle: Sendable, Hashable {
    /// A fontconfig family name, always explicit so output does not depend on the machine's
    /// default font.
    public var family: String
    /// In points.
    public var size: Double
    public var bold: Bool
    public var italic: Bool
    public var color: Color
    public var alignment: TextAlignment

    /// The family Agora's documents use: DejaVu Sans (Debian `fonts-dejavu-core`), which
    /// covers Latin, Greek and Cyrillic and has €.
    public static let defaultFamily = "DejaVu Sans"

    public init(family: String = TextStyle.defaultFamily, size: Double = 9, bold: Bool = false, italic: Bool = false,
                color: Color = .text, alignment: TextAlignment = .leading) {
        self.family = family
        self.size = size
        self.bold = bold
        self.italic = italic
        self.color = color
        self.alignment = alignment
    }

    public func bold(_ on: Bool = true) -> TextStyle { var s = self; s.bold = on; return s }
    public func sized(_ size: Double) -> TextStyle { var s = self; s.size = size; return s }
    public func colored(_ color: Color) -> TextStyle { var s = self; s.color = color; return s }
    public func aligned(_ alignment: TextAlignment) -> TextStyle { var s = self; s.alignment = alignment; return s }
}
