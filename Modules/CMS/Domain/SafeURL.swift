/// The allow-list for URLs in vendor-written Markdown.
///
/// A link may go to `http://`, `https://` or `mailto:`, to a path on the same site starting
/// with one `/`, or to a fragment (`#shipping`). An image may come from `http(s)://` or a
/// `/` path only. Everything else is refused: `javascript:`, `vbscript:`, `data:`, `file:`,
/// protocol-relative `//host` and `/\host` (browsers read `\` as `/`), bare relative paths
/// (`about`, `../x`: where they land depends on the page's address, so they are refused rather
/// than guessed), and any URL with a control character in it.
///
/// Matching is on the literal text, case-insensitively for the scheme. Entities are *not*
/// decoded: the caller writes the URL back with `&` escaped (`HTMLText.escape`), so the browser
/// follows exactly the text that passed this check, and `jav&#x61;script:` stays a harmless
/// non-scheme that fails the allow-list instead of turning into `javascript:`.
public enum SafeURL {
    /// Where the URL is used.
    public enum Use: Sendable {
        case link, image
    }

    /// The URL to emit, or nil when it must be dropped. Surrounding whitespace and CommonMark's
    /// `<…>` wrapper are removed, and a title after the URL (`/x "Title"`) is ignored.
    public static func sanitized(_ raw: String, for use: Use) -> String? {
        var text = Substring(raw.trimmingCharacters(in: .whitespacesAndNewlines))
        if text.hasPrefix("<"), text.hasSuffix(">"), text.count >= 2 {
            text = text.dropFirst().dropLast()
        }
        // Browsers drop tabs and line breaks anywhere in a URL; cutting at the first
        // whitespace instead means `java\tscript:` can never be glued back together.
        let url = String(text.prefix { !$0.isWhitespace })
        guard !url.isEmpty else { return nil }
        guard !url.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return nil }
        let lower = url.lowercased()
        let isWeb = lower.hasPrefix("http://") || lower.hasPrefix("https://")
        let isSitePath = url.hasPrefix("/") && !url.hasPrefix("//") && !url.hasPrefix("/\\")
        switch use {
        case .link:
            return isWeb || isSitePath || lower.hasPrefix("mailto:") || url.hasPrefix("#") ? url : nil
        case .image:
            return isWeb || isSitePath ? url : nil
        }
    }
}

/// Escaping for text and attribute values in generated HTML.
public enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as entities: safe in element content and in quoted attributes.
    public static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
