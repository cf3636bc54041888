import CCairoPango
import Foundation

/// Turns a ``Document`` into PDF bytes.
public enum PDFRenderer {
    /// Lays `document` out on pages and draws it into a PDF in memory.
    ///
    /// Two passes over one Cairo context: the first lays the flow out with Pango (so the page
    /// count is known), the second draws every page with its footer ("1 / 3"). Everything
    /// happens synchronously inside this call; no Cairo or Pango object outlives it.
    public static func render(_ document: Document) throws -> [UInt8] {
        let sink = ByteSink()
        let retained = Unmanaged.passRetained(sink)
        defer { retained.release() }
        guard let surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, retained.toOpaque(), document.page.width, document.page.height) else {
            throw DocumentError.cairo("no PDF surface")
        }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface))
        let metadata = document.metadata
        let date = metadata.cairoDate
        for (key, value) in [(CAIRO_PDF_METADATA_TITLE, metadata.title), (CAIRO_PDF_METADATA_AUTHOR, metadata.author),
                             (CAIRO_PDF_METADATA_SUBJECT, metadata.subject), (CAIRO_PDF_METADATA_CREATOR, metadata.creator),
                             (CAIRO_PDF_METADATA_CREATE_DATE, date), (CAIRO_PDF_METADATA_MOD_DATE, date)] where !value.isEmpty {
            cairo_pdf_surface_set_metadata(surface, key, Canvas.clean(value))
        }
        guard let cr = cairo_create(surface) else { throw DocumentError.cairo("no context") }
        defer { cairo_destroy(cr) }
        try check(cairo_status(cr))

        let canvas = try Canvas(cr: cr, page: document.page)
        let pages = try canvas.layOut(document)
        for (index, items) in pages.enumerated() {
            if let watermark = document.watermark { canvas.drawWatermark(watermark) }
            try canvas.draw(items)
            let footer = try canvas.stack(document.footer(PageNumber(page: index + 1, count: pages.count)), width: document.page.contentWidth)
            // The footer sits in the bottom margin, a little below the content's last line.
            try canvas.draw(Canvas.offset(footer.items, x: document.page.left, y: document.page.height - document.page.bottom + 12))
            cairo_show_page(cr)
            try check(cairo_status(cr))
        }
        cairo_surface_finish(surface)
        try check(cairo_surface_status(surface))
        return sink.bytes
    }

    static func check(_ status: cairo_status_t) throws {
        guard status == CAIRO_STATUS_SUCCESS else { throw DocumentError.cairo(String(cString: cairo_status_to_string(status))) }
    }
}

/// Where Cairo's PDF stream writes.
private final class ByteSink {
    var bytes: [UInt8] = []
}

/// Where Cairo reads a PNG from.
private final class ByteSource {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// A Pango layout (text shaped for a width), freed with its owner.
final class TextRun {
    let layout: OpaquePointer
    let color: Color
    let height: Double

    init(layout: OpaquePointer, color: Color) {
        self.layout = layout
        self.color = color
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        self.height = Double(logical.y + logical.height) / Double(PANGO_SCALE)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }
}

/// Something positioned on a page, in points from the page's top left corner.
enum Item {
    case text(TextRun, x: Double, y: Double)
    case line(x1: Double, y1: Double, x2: Double, y2: Double, width: Double, color: Color)
    case fill(x: Double, y: Double, width: Double, height: Double, color: Color)
    case image(PNGImage, x: Double, y: Double, width: Double, height: Double)

    func moved(x dx: Double, y dy: Double) -> Item {
        switch self {
        case .text(let run, let x, let y): .text(run, x: x + dx, y: y + dy)
        case .line(let x1, let y1, let x2, let y2, let width, let color): .line(x1: x1 + dx, y1: y1 + dy, x2: x2 + dx, y2: y2 + dy, width: width, color: color)
        case .fill(let x, let y, let w, let h, let color): .fill(x: x + dx, y: y + dy, width: w, height: h, color: color)
        case .image(let png, let x, let y, let w, let h): .image(png, x: x + dx, y: y + dy, width: w, height: h)
        }
    }
}

/// One document's Cairo context and Pango context: lays blocks out and draws them.
final class Canvas {
    let cr: OpaquePointer
    let pango: OpaquePointer
    let page: PageGeometry

    init(cr: OpaquePointer, page: PageGeometry) throws {
        guard let pango = pango_cairo_create_context(cr) else { throw DocumentError.cairo("no Pango context") }
        // Unhinted outlines and metrics: glyph positions are the font's own, not snapped to a
        // screen's pixel grid, so the layout is the same whatever the surface.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        pango_cairo_context_set_font_options(pango, options)
        cairo_font_options_destroy(options)
        self.cr = cr
        self.pango = pango
        self.page = page
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(pango)) }

    // MARK: Layout

    /// The body on pages: each page's items.
    func layOut(_ document: Document) throws -> [[Item]] {
        var pages: [[Item]] = [[]]
        let top = page.top
        let limit = page.height - page.bottom
        let width = page.contentWidth
        var y = top
        func place(_ items: [Item], height: Double) {
            pages[pages.count - 1] += Canvas.offset(items, x: page.left, y: y)
            y += height
        }
        func newPage() {
            pages.append([])
            y = top
        }
        for block in document.body {
            switch block {
            case .table(let table):
                let widths = Canvas.widths(table.columns.map(\.weight), total: width, gap: 0)
                let header = try table.showsHeader ? row(table.columns.map(\.title), table: table, widths: widths, style: table.headerStyle, fill: table.headerFill) : nil
                let headerHeight = header?.height ?? 0
                if table.rows.isEmpty, let header {
                    if y + headerHeight > limit && y > top { newPage() }
                    place(header.items, height: header.height)
                }
                for (index, cells) in table.rows.enumerated() {
                    let style = table.boldRows.contains(index) ? table.bodyStyle.bold() : table.bodyStyle
                    let body = try row(cells, table: table, widths: widths, style: style, fill: nil)
                    if index == 0 {
                        // The header never stays alone at the bottom of a page.
                        if y + headerHeight + body.height > limit && y > top { newPage() }
                        if let header { place(header.items, height: header.height) }
                    } else if y + body.height > limit {
                        newPage()
                        if let header { place(header.items, height: header.height) }
                    }
                    place(body.items, height: body.height)
                }
            case .space(let height):
                // Space never starts a page.
                if y + height > limit { newPage() } else { y += height }
            default:
                let laid = try stack([block], width: width)
                if y + laid.height > limit && y > top { newPage() }
                place(laid.items, height: laid.height)
            }
        }
        return pages
    }

    /// `blocks` one below the other, `width` wide, from (0, 0), without page breaks.
    func stack(_ blocks: [Block], width: Double) throws -> (items: [Item], height: Double) {
        var items: [Item] = []
        var y = 0.0
        for block in blocks {
            switch block {
            case .text(let text, let style):
                let run = try self.text(text, style: style, width: width)
                items.append(.text(run, x: 0, y: y))
                y += run.height
            case .rule(let thickness, let color):
                items.append(.line(x1: 0, y1: y + thickness / 2, x2: width, y2: y + thickness / 2, width: thickness, color: color))
                y += thickness
            case .space(let height):
                y += height
            case .image(let png, let imageWidth, let alignment):
                let w = min(imageWidth, width)
                let h = w * Double(png.pixelHeight) / Double(png.pixelWidth)
                let x = switch alignment {
                case .leading: 0.0
                case .center: (width - w) / 2
                case .trailing: width - w
                }
                items.append(.image(png, x: x, y: y, width: w, height: h))
                y += h
            case .columns(let columns, let gap):
                let widths = Canvas.widths(columns.map(\.weight), total: width, gap: gap)
                var x = 0.0
                var tallest = 0.0
                for (column, columnWidth) in zip(columns, widths) {
                    let laid = try stack(column.blocks, width: columnWidth)
                    items += Canvas.offset(laid.items, x: x, y: y)
                    tallest = max(tallest, laid.height)
                    x += columnWidth + gap
                }
                y += tallest
            case .table(let table):
                let widths = Canvas.widths(table.columns.map(\.weight), total: width, gap: 0)
                var rows: [(items: [Item], height: Double)] = []
                if table.showsHeader {
                    rows.append(try row(table.columns.map(\.title), table: table, widths: widths, style: table.headerStyle, fill: table.headerFill))
                }
                for (index, cells) in table.rows.enumerated() {
                    let style = table.boldRows.contains(index) ? table.bodyStyle.bold() : table.bodyStyle
                    rows.append(try row(cells, table: table, widths: widths, style: style, fill: nil))
                }
                for laid in rows {
                    items += Canvas.offset(laid.items, x: 0, y: y)
                    y += laid.height
                }
            }
        }
        return (items, y)
    }

    /// One table row: its cells' text, an optional background and the rule under it.
    func row(_ cells: [String], table: Table, widths: [Double], style: TextStyle, fill: Color?) throws -> (items: [Item], height: Double) {
        let padding = table.padding
        var runs: [(TextRun, Double)] = []
        var x = 0.0
        var tallest = 0.0
        for (index, column) in table.columns.enumerated() {
            let cell = index < cells.count ? cells[index] : ""
            let run = try text(cell, style: style.aligned(column.alignment), width: max(1, widths[index] - 2 * padding))
            runs.append((run, x + padding))
            tallest = max(tallest, run.height)
            x += widths[index]
        }
        let height = tallest + 2 * padding
        let total = widths.reduce(0, +)
        var items: [Item] = []
        if let fill { items.append(.fill(x: 0, y: 0, width: total, height: height, color: fill)) }
        items += runs.map { .text($0.0, x: $0.1, y: padding) }
        if let rule = table.ruleColor { items.append(.line(x1: 0, y1: height, x2: total, y2: height, width: 0.4, color: rule)) }
        return (items, height)
    }

    /// `text` shaped by Pango in `style`, wrapped to `width`.
    func text(_ text: String, style: TextStyle, width: Double) throws -> TextRun {
        guard let layout = pango_layout_new(pango) else { throw DocumentError.cairo("no Pango layout") }
        Canvas.configure(layout, text: text, style: style)
        pango_layout_set_width(layout, Int32((width * Double(PANGO_SCALE)).rounded(.down)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        let alignment = switch style.alignment {
        case .leading: PANGO_ALIGN_LEFT
        case .center: PANGO_ALIGN_CENTER
        case .trailing: PANGO_ALIGN_RIGHT
        }
        pango_layout_set_alignment(layout, alignment)
        return TextRun(layout: layout, color: style.color)
    }

    static func configure(_ layout: OpaquePointer, text: String, style: TextStyle) {
        let font = pango_font_description_new()
        pango_font_description_set_family(font, style.family)
        // Absolute size: points are the PDF's user units, whatever resolution Pango assumes.
        pango_font_description_set_absolute_size(font, style.size * Double(PANGO_SCALE))
        pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        pango_layout_set_font_description(layout, font)
        pango_font_description_free(font)
        let cleaned = clean(text)
        pango_layout_set_text(layout, cleaned, Int32(cleaned.utf8.count))
    }

    /// The text without control characters other than line breaks and tabs (a NUL would end
    /// the C string early).
    static func clean(_ text: String) -> String {
        // Unicode's control characters (category Cc) are exactly U+0000–U+001F and
        // U+007F–U+009F, a set Unicode never changes: compared by value, not looked up per
        // scalar, and the text is returned as it is when it has none (nearly always).
        func dropped(_ scalar: Unicode.Scalar) -> Bool {
            (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)) && scalar != "\n" && scalar != "\t"
        }
        guard text.unicodeScalars.contains(where: dropped) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !dropped(scalar) {
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Shares of `total` (less the gaps) proportional to `weights`.
    static func widths(_ weights: [Double], total: Double, gap: Double) -> [Double] {
        let sum = weights.reduce(0) { $0 + max(0, $1) }
        let available = total - gap * Double(max(0, weights.count - 1))
        guard sum > 0 else { return weights.map { _ in available / Double(max(1, weights.count)) } }
        return weights.map { available * max(0, $0) / sum }
    }

    static func offset(_ items: [Item], x: Double, y: Double) -> [Item] {
        items.map { $0.moved(x: x, y: y) }
    }

    // MARK: Drawing

    func draw(_ items: [Item]) throws {
        for item in items {
            switch item {
            case .text(let run, let x, let y):
                cairo_set_source_rgb(cr, run.color.red, run.color.green, run.color.blue)
                cairo_move_to(cr, x, y)
                pango_cairo_show_layout(cr, run.layout)
            case .line(let x1, let y1, let x2, let y2, let width, let color):
                cairo_set_source_rgb(cr, color.red, color.green, color.blue)
                cairo_set_line_width(cr, width)
                cairo_move_to(cr, x1, y1)
                cairo_line_to(cr, x2, y2)
                cairo_stroke(cr)
            case .fill(let x, let y, let width, let height, let color):
                cairo_set_source_rgb(cr, color.red, color.green, color.blue)
                cairo_rectangle(cr, x, y, width, height)
                cairo_fill(cr)
            case .image(let png, let x, let y, let width, let height):
                try drawImage(png, x: x, y: y, width: width, height: height)
            }
        }
    }

    func drawImage(_ png: PNGImage, x: Double, y: Double, width: Double, height: Double) throws {
        let source = ByteSource(png.data)
        let retained = Unmanaged.passRetained(source)
        defer { retained.release() }
        guard let image = cairo_image_surface_create_from_png_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
            let source = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
            let count = Int(length)
            guard source.offset + count <= source.bytes.count else { return CAIRO_STATUS_READ_ERROR }
            source.bytes.withUnsafeBufferPointer { buffer in
                data.update(from: buffer.baseAddress! + source.offset, count: count)
            }
            source.offset += count
            return CAIRO_STATUS_SUCCESS
        }, retained.toOpaque()) else { throw DocumentError.invalidPNG }
        defer { cairo_surface_destroy(image) }
        guard cairo_surface_status(image) == CAIRO_STATUS_SUCCESS else { throw DocumentError.invalidPNG }
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_scale(cr, width / Double(cairo_image_surface_get_width(image)), height / Double(cairo_image_surface_get_height(image)))
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    /// `watermark` across the page's diagonal, centred.
    func drawWatermark(_ watermark: Watermark) {
        cairo_save(cr)
        cairo_translate(cr, page.width / 2, page.height / 2)
        cairo_rotate(cr, -atan2(page.height, page.width))
        // A layout of its own, made in the rotated space.
        if let layout = pango_cairo_create_layout(cr) {
            Canvas.configure(layout, text: watermark.text, style: watermark.style)
            var logical = PangoRectangle()
            pango_layout_get_extents(layout, nil, &logical)
            let scale = Double(PANGO_SCALE)
            cairo_set_source_rgb(cr, watermark.style.color.red, watermark.style.color.green, watermark.style.color.blue)
            cairo_move_to(cr, -Double(logical.width) / scale / 2, -Double(logical.height) / scale / 2)
            pango_cairo_show_layout(cr, layout)
            g_object_unref(UnsafeMutableRawPointer(layout))
        }
        cairo_restore(cr)
    }
}
