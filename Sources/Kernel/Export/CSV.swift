import Foundation

/// CSV for spreadsheets and accounting tools: RFC 4180 quoting, CRLF line ends, and cells that
/// a spreadsheet would run as a formula (starting with = + - @, a tab or a CR) prefixed with an
/// apostrophe. A plain number (`-12.40`) is left alone: it cannot be a formula, and accounting
/// columns need their negative amounts as numbers.
public enum CSV {
    /// One line, with its CRLF.
    public static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first), !isPlainNumber(text) { text = "'" + text }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    /// `-12.40`, `3`, `-0.5`: an optional minus, digits, and at most one point between digits.
    static func isPlainNumber(_ text: String) -> Bool {
        var digits = text.utf8[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        let parts = digits.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }
    }
}
