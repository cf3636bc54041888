/// One XML element of an e-invoice, written by hand: Agora depends on no XML library, and a
/// document written from a tree of values is the same bytes every time.
///
/// Elements are built in the order the schema's sequences ask; optional ones are left out by
/// building them with ``optional(_:_:attributes:)`` (nil for a nil or empty text), and
/// children lists drop nils.
struct XMLTag: Sendable, Equatable {
    /// The qualified name (`cbc:ID`).
    let name: String
    /// Attributes in the order written.
    let attributes: [(name: String, value: String)]
    let content: Content

    /// What an element holds: text, or child elements.
    enum Content: Sendable, Equatable {
        case text(String)
        case children([XMLTag])
    }

    /// A text element.
    init(_ name: String, _ text: String, attributes: [(String, String)] = []) {
        self.name = name
        self.attributes = attributes.map { (name: $0.0, value: $0.1) }
        self.content = .text(text)
    }

    /// A text element, or nil when there is no text (an optional field left out).
    static func optional(_ name: String, _ text: String?, attributes: [(String, String)] = []) -> XMLTag? {
        guard let text, !text.isEmpty else { return nil }
        return XMLTag(name, text, attributes: attributes)
    }

    /// An element of child elements; nil children are left out.
    init(_ name: String, attributes: [(String, String)] = [], _ children: [XMLTag?]) {
        self.name = name
        self.attributes = attributes.map { (name: $0.0, value: $0.1) }
        self.content = .children(children.compactMap { $0 })
    }

    static func == (lhs: XMLTag, rhs: XMLTag) -> Bool {
        lhs.name == rhs.name && lhs.content == rhs.content
            && lhs.attributes.map(\.name) == rhs.attributes.map(\.name) && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
    }

    /// The whole document: an XML declaration (UTF-8), then this element indented by two
    /// spaces, one element per line, ending with a newline.
    func document() -> [UInt8] {
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        write(into: &out, depth: 0)
        return Array(out.utf8)
    }

    private func write(into out: inout String, depth: Int) {
        out += String(repeating: "  ", count: depth) + "<" + name
        for attribute in attributes {
            out += " " + attribute.name + "=\"" + Self.escaped(attribute.value, inAttribute: true) + "\""
        }
        switch content {
        case .text(let text):
            out += ">" + Self.escaped(text, inAttribute: false) + "</" + name + ">\n"
        case .children(let children) where children.isEmpty:
            out += "/>\n"
        case .children(let children):
            out += ">\n"
            for child in children { child.write(into: &out, depth: depth + 1) }
            out += String(repeating: "  ", count: depth) + "</" + name + ">\n"
        }
    }

    /// `text` as XML 1.0 character data: `&`, `<`, `>` escaped (and `"` in attributes);
    /// carriage returns, and tabs and line feeds in attributes, as character references so a
    /// parser's normalisation gives them back; characters XML 1.0 cannot carry at all (other
    /// C0 controls, lone surrogates cannot occur in a Swift string, U+FFFE/U+FFFF) dropped.
    static func escaped(_ text: String, inAttribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where inAttribute: out += "&quot;"
            case "\r": out += "&#13;"
            case "\n" where inAttribute: out += "&#10;"
            case "\t" where inAttribute: out += "&#9;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
