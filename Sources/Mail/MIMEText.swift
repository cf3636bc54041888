import Foundation

/// The encodings a MIME message is written in: RFC 2047 encoded words for headers that are
/// not ASCII, quoted-printable for the text body, base64 at 76 columns for attachments,
/// header folding, all with CRLF line ends.
public enum MIMEText {
    static let crlf = "\r\n"

    /// Whether `text` holds a CR or LF (a header value must not: it would start a new header).
    public static func hasLineBreak(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\r" || $0 == "\n" }
    }

    /// An unstructured header value (`Subject`): as it is when it is printable ASCII,
    /// otherwise RFC 2047 `=?UTF-8?B?…?=` words of at most 75 characters, never splitting a
    /// character, separated by folding white space.
    public static func unstructured(_ text: String) -> [String] {
        if isPlainASCII(text) && !text.contains("=?") {
            return text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        }
        return encodedWords(text)
    }

    /// A display name: an atom run as it is, other ASCII as a quoted string, anything else as
    /// encoded words.
    static func phrase(_ name: String) -> String {
        guard isPlainASCII(name), !name.contains("=?") else { return encodedWords(name).joined(separator: " ") }
        let atext = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "!#$%&'*+-/=?^_`{|}~ "))
        if name.unicodeScalars.allSatisfy({ atext.contains($0) }) && !name.hasPrefix(" ") && !name.hasSuffix(" ") { return name }
        return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `=?UTF-8?B?…?=` words, each at most 75 characters, split between characters.
    static func encodedWords(_ text: String) -> [String] {
        // 39 bytes of UTF-8 are 52 base64 characters, a word of 64: after "Subject: " the first
        // line still ends within 76 columns (a word may have at most 75).
        let maxBytes = 39
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxBytes, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words
    }

    /// `Name: value` folded before a word that would pass 76 columns; each line ends in CRLF.
    static func header(_ name: String, words: [String]) -> String {
        var result = name + ":"
        var lineLength = result.count
        for word in words {
            if lineLength + 1 + word.count > 76 && lineLength > name.count + 1 {
                result += crlf
                lineLength = 0
            }
            result += " " + word
            lineLength += 1 + word.count
        }
        return result + crlf
    }

    /// A header with a structured value that is never folded (addresses, dates, ids).
    static func header(_ name: String, _ value: String) -> String {
        name + ": " + value + crlf
    }

    /// `text` as quoted-printable (RFC 2045 §6.7): lines of at most 76 characters with soft
    /// breaks, `=` and bytes outside printable ASCII as `=XX`, white space before a line end
    /// encoded, line ends as CRLF.
    public static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let hex = Array("0123456789ABCDEF")
        var output = ""
        for (index, line) in normalized.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { output += crlf }
            let bytes = Array(line.utf8)
            var current = ""
            for (position, byte) in bytes.enumerated() {
                let isLast = position == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast)
                let token = literal ? String(UnicodeScalar(byte)) : "=" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
                // A soft break is "=" at the end of a line of at most 76 characters.
                if current.count + token.count > 75 {
                    output += current + "=" + crlf
                    current = ""
                }
                current += token
            }
            output += current
        }
        return output
    }

    /// `bytes` in base64, lines of 76 characters ending in CRLF.
    public static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        var output = ""
        output.reserveCapacity(encoded.count + encoded.count / 76 * 2 + 2)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            output += encoded[index..<end] + crlf
            index = end
        }
        return output
    }

    /// A `filename` parameter: quoted when ASCII, RFC 2231 `filename*=UTF-8''…` otherwise.
    static func filenameParameter(_ filename: String) -> String {
        if isPlainASCII(filename) {
            return "filename=\"" + filename.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        let escaped = filename.utf8.map { unreserved.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
        return "filename*=UTF-8''" + escaped
    }

    /// Printable ASCII and spaces only.
    static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 32 && $0 < 127 }
    }
}
