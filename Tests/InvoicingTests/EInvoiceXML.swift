import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An e-invoice read back with Foundation's XML parser, for the tests to ask what a receiving
/// system would read: element texts by path of qualified names below the root.
struct EInvoiceXML {
    let root: XMLElement
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        let document = try XMLDocument(data: Data(bytes), options: [])
        guard let root = document.rootElement() else { throw CocoaError(.fileReadCorruptFile) }
        self.root = root
    }

    /// The root element's qualified name (`Invoice`, `CreditNote`, `rsm:CrossIndustryInvoice`).
    var rootName: String { root.name ?? "" }

    /// Every element at `path` (`cac:TaxTotal/cac:TaxSubtotal`) below `from` (the root).
    func elements(_ path: String, from start: XMLElement? = nil) -> [XMLElement] {
        var current = [start ?? root]
        for name in path.split(separator: "/").map(String.init) {
            current = current.flatMap { $0.elements(forName: name) }
        }
        return current
    }

    /// The texts of every element at `path`.
    func texts(_ path: String, from start: XMLElement? = nil) -> [String] {
        elements(path, from: start).map { $0.stringValue ?? "" }
    }

    /// The text of the first element at `path`; nil when there is none.
    func text(_ path: String, from start: XMLElement? = nil) -> String? { texts(path, from: start).first }

    /// Attribute `name` of the first element at `path`.
    func attribute(_ name: String, of path: String, from start: XMLElement? = nil) -> String? {
        // By walking the attributes: FoundationXML's attribute(forName:) misses them on Linux.
        elements(path, from: start).first?.attributes?.first { $0.name == name }?.stringValue
    }
}
