/// One piece of a document's flow, laid out below the previous one.
///
/// Text, rules, spaces, images and columns are kept together: one that does not fit on the
/// rest of a page starts the next page. A table is split between rows, and its header row is
/// repeated at the top of every page it continues on. A single block taller than a whole page
/// (a text of several pages) is drawn from the top of a fresh page and cut at the bottom
/// margin; split long texts into paragraphs.
public indirect enum Block: Sendable {
    /// Text wrapped to the available width (at word boundaries, or within a word too long for
    /// a line); `\n` starts a new line.
    case text(String, TextStyle)
    /// A horizontal line across the available width.
    case rule(thickness: Double = 0.5, color: Color = .rule)
    /// Vertical space, in points.
    case space(Double)
    /// A PNG image `width` points wide (height from its aspect ratio), placed by `alignment`.
    case image(PNGImage, width: Double, alignment: TextAlignment = .leading)
    /// Blocks side by side; each column gets a share of the width proportional to its weight,
    /// less `gap` points between columns. The row is as tall as its tallest column.
    case columns([Column], gap: Double = 12)
    /// A table that flows over pages.
    case table(Table)

    /// One column of ``Block/columns(_:gap:)``.
    public struct Column: Sendable {
        public var weight: Double
        public var blocks: [Block]

        public init(weight: Double = 1, _ blocks: [Block]) {
            self.weight = weight
            self.blocks = blocks
        }
    }
}

/// Rows of text cells under an optional header row.
public struct Table: Sendable {
    /// One column: its header text, its share of the table's width and how its cells align.
    public struct Column: Sendable {
        public var title: String
        public var weight: Double
        public var alignment: TextAlignment

        public init(_ title: String, weight: Double = 1, alignment: TextAlignment = .leading) {
            self.title = title
            self.weight = weight
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    /// Each row has one string per column (missing cells are empty, extra ones ignored).
    public var rows: [[String]]
    /// Whether the column titles are drawn as a shaded header row, on every page the table is on.
    public var showsHeader: Bool
    public var headerStyle: TextStyle
    public var bodyStyle: TextStyle
    /// Rows drawn in ``bodyStyle`` made bold (totals).
    public var boldRows: Set<Int>
    /// Space around each cell's text, in points.
    public var padding: Double
    public var headerFill: Color
    /// The thin line under every row; nil for none.
    public var ruleColor: Color?

    public init(columns: [Column], rows: [[String]], showsHeader: Bool = true,
                headerStyle: TextStyle = TextStyle(size: 7.5, bold: true, color: .muted), bodyStyle: TextStyle = TextStyle(size: 8.5),
                boldRows: Set<Int> = [], padding: Double = 3.5, headerFill: Color = .shade, ruleColor: Color? = .rule) {
        self.columns = columns
        self.rows = rows
        self.showsHeader = showsHeader
        self.headerStyle = headerStyle
        self.bodyStyle = bodyStyle
        self.boldRows = boldRows
        self.padding = padding
        self.headerFill = headerFill
        self.ruleColor = ruleColor
    }
}

/// A PNG image held in memory; its pixels are decoded by Cairo when the document is drawn.
public struct PNGImage: Sendable, Equatable {
    public let data: [UInt8]
    /// In pixels, from the PNG header.
    public let pixelWidth: Int
    public let pixelHeight: Int

    /// Reads the size from the PNG header; throws ``DocumentError/invalidPNG`` when `data` is not a PNG.
    public init(data: [UInt8]) throws {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        // Signature, then the IHDR chunk: length (4), "IHDR" (4), width (4), height (4).
        guard data.count >= 24, Array(data[0..<8]) == signature, Array(data[12..<16]) == Array("IHDR".utf8) else {
            throw DocumentError.invalidPNG
        }
        func uint32(at offset: Int) -> Int {
            data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        let width = uint32(at: 16)
        let height = uint32(at: 20)
        guard width > 0, height > 0 else { throw DocumentError.invalidPNG }
        self.data = data
        self.pixelWidth = width
        self.pixelHeight = height
    }
}

/// Why a document could not be drawn.
public enum DocumentError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not a PNG image Cairo can read.
    case invalidPNG
    /// Cairo reported an error (its status text).
    case cairo(String)

    public var description: String {
        switch self {
        case .invalidPNG: "the image is not a readable PNG"
        case .cairo(let status): "Cairo failed: \(status)"
        }
    }
}
