import Foundation
import Ink

/// Vendor-written Markdown to HTML that cannot carry script into a storefront.
///
/// Ink (0.6) is a fast CommonMark-ish renderer but is not a sanitiser: it passes raw HTML
/// through, writes link and image URLs, image alt text and code-block languages into
/// attributes unescaped, and lets `&<script>…;` through as an "entity". So the output is
/// built in three steps, each an allow-list rather than a deny-list:
///
/// 1. **Before Ink**, every `<` in the source becomes a private-use placeholder, so Ink never
///    sees a tag (or half of one) and cannot swallow the rest of a page after an unclosed
///    `<b>` or an `I <3 you`. A CommonMark autolink (`<https://…>`, `<name@example.com>`) whose
///    URL passes `SafeURL` becomes an ordinary Markdown link first.
/// 2. **Inside Ink**, modifiers rebuild every element that carries an attribute: links and
///    images keep their URL only when `SafeURL` allows it (written back escaped; a refused
///    link renders as its text, a refused image as its alt text), alt text is reduced to plain
///    text, and a code block's language is kept only when it is a plain word (`swift`, `c++`).
///    Raw HTML fragments, should Ink ever produce one, are escaped whole.
/// 3. **After Ink**, the placeholder becomes `&lt;`, so raw HTML shows as the text the vendor
///    typed (`<script>` is visible, inert text) and `<` inside code blocks displays as `<`.
///
/// Markdown inside raw HTML (`<div>**hi**</div>`) therefore still renders as Markdown between
/// the escaped tags.
public enum SafeMarkdown {
    /// The HTML for `markdown`: only Ink's own elements, with allow-listed URLs.
    public static func render(_ markdown: String) -> String {
        let source = prepare(markdown)
        let declarations = referenceDeclarations(in: source)
        let parser = MarkdownParser(modifiers: [
            Modifier(target: .html) { HTMLText.escape($0.markdown) },
            Modifier(target: .links) { link($0, declarations: declarations) },
            Modifier(target: .images) { image($0, declarations: declarations) },
            Modifier(target: .codeBlocks) { codeBlock($0) },
        ])
        return parser.html(from: source).replacingOccurrences(of: String(placeholder), with: "&lt;")
    }

    /// Stands for `<` while Ink runs; a private-use scalar that no text legitimately needs.
    static let placeholder: Character = "\u{E000}"

    // MARK: Before Ink

    /// The source with line endings unified, `<` replaced and safe autolinks made Markdown links.
    static func prepare(_ markdown: String) -> String {
        let cleaned = markdown
            .replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: String(placeholder), with: "\u{FFFD}")
            .replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
        var out = ""
        out.reserveCapacity(cleaned.utf8.count)
        var inFence = false
        for (number, line) in cleaned.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if number > 0 { out += "\n" }
            let isFence = line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("```")
            if isFence { inFence.toggle() }
            out += isFence || inFence ? line.replacingOccurrences(of: "<", with: String(placeholder)) : prepareText(line)
        }
        return out
    }

    /// One line outside a fenced block: autolinks outside inline code, every other `<` replaced.
    private static func prepareText(_ line: Substring) -> String {
        var out = ""
        var inCode = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "`" { inCode.toggle() }
            if character == "<" {
                if !inCode, let (markdown, end) = autolink(in: line, at: index) {
                    out += markdown
                    index = end
                    continue
                }
                out.append(placeholder)
            } else {
                out.append(character)
            }
            index = line.index(after: index)
        }
        return out
    }

    /// `<https://…>` or `<name@example.com>` at `start` as a Markdown link, and the index after
    /// its `>`; nil when it is not an autolink or its URL is refused (it then stays text).
    private static func autolink(in line: Substring, at start: Substring.Index) -> (String, Substring.Index)? {
        let afterOpen = line.index(after: start)
        guard let close = line[afterOpen...].firstIndex(of: ">") else { return nil }
        let content = line[afterOpen..<close]
        guard !content.isEmpty, !content.contains(where: { $0.isWhitespace || "<()[]\\`".contains($0) }) else { return nil }
        let url: String
        if content.contains(":") {
            guard let allowed = SafeURL.sanitized(String(content), for: .link), !allowed.hasPrefix("/"), !allowed.hasPrefix("#") else { return nil }
            url = allowed
        } else if content.wholeMatch(of: #/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/#) != nil {
            url = "mailto:" + content
        } else {
            return nil
        }
        let text = content.map { "\\*_~".contains($0) ? "\\\($0)" : String($0) }.joined()
        return ("[\(text)](\(url))", line.index(after: close))
    }

    /// `[name]: url` lines, as Ink collects them (names lowercased, the last one wins).
    static func referenceDeclarations(in source: String) -> [String: Substring] {
        var declarations: [String: Substring] = [:]
        for line in source.split(separator: "\n") {
            let text = line.drop(while: \.isWhitespace)
            guard text.first == "[", let close = text.firstIndex(of: "]") else { continue }
            let name = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.first == ":", let gap = rest.dropFirst().first, gap == " " || gap == "\t" else { continue }
            declarations[name.lowercased()] = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
        }
        return declarations
    }

    // MARK: Inside Ink

    /// A link rebuilt with an allowed URL, or its text alone.
    private static func link(_ input: Modifier.Input, declarations: [String: Substring]) -> String {
        guard let target = rawTarget(ofLink: input.markdown, declarations: declarations),
              let text = between(input.html, prefix: "<a href=\"\(target)\">", suffix: "</a>")
        else { return HTMLText.escape(input.markdown) }
        guard let url = SafeURL.sanitized(restoringAngles(target), for: .link) else { return text }
        return "<a href=\"\(HTMLText.escape(url))\">\(text)</a>"
    }

    /// An image rebuilt with an allowed source and plain alt text, or its alt text alone.
    private static func image(_ input: Modifier.Input, declarations: [String: Substring]) -> String {
        guard let target = rawTarget(ofLink: input.markdown.dropFirst(), declarations: declarations),
              let tail = between(input.html, prefix: "<img src=\"\(target)\"", suffix: "/>")
        else { return HTMLText.escape(input.markdown) }
        guard let altHTML = tail.isEmpty ? "" : between(tail, prefix: " alt=\"", suffix: "\"") else {
            return HTMLText.escape(input.markdown)
        }
        // Ink's alt is HTML (entities escaped, tags of nested emphasis or links): keep the text.
        let alt = altHTML.replacing(#/<[^>]*>/#, with: "")
        guard let url = SafeURL.sanitized(restoringAngles(target), for: .image) else { return alt }
        let altAttribute = alt.replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return "<img src=\"\(HTMLText.escape(url))\" alt=\"\(altAttribute)\"/>"
    }

    /// A fenced code block whose language class is kept only when it is a plain word.
    private static func codeBlock(_ input: Modifier.Input) -> String {
        guard let inner = between(input.html, prefix: "<pre><code", suffix: "</code></pre>"),
              let openEnd = inner.utf8.lastIndex(of: UInt8(ascii: ">"))
        else { return "<pre><code>\(HTMLText.escape(input.markdown))</code></pre>" }
        let code = String(decoding: inner.utf8[inner.utf8.index(after: openEnd)...], as: UTF8.self)
        let language = input.markdown.drop(while: { $0 == "`" }).prefix(while: { !$0.isNewline })
            .trimmingCharacters(in: .whitespaces)
        let isPlainWord = !language.isEmpty && language.count <= 32
            && language.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-_.#".contains($0)) }
        return isPlainWord ? "<pre><code class=\"language-\(language)\">\(code)</code></pre>" : "<pre><code>\(code)</code></pre>"
    }

    /// The URL text Ink used for a link's raw Markdown: what is inside the final balanced
    /// `(…)` of `[text](url)`, or the declaration (else the name itself) for `[text][name]`.
    static func rawTarget(ofLink markdown: Substring, declarations: [String: Substring]) -> Substring? {
        guard markdown.first == "[", let last = markdown.last else { return nil }
        let end = markdown.index(before: markdown.endIndex)
        switch last {
        case ")":
            var depth = 0
            var index = end
            while index > markdown.startIndex {
                index = markdown.index(before: index)
                switch markdown[index] {
                case ")": depth += 1
                case "(" where depth > 0: depth -= 1
                case "(":
                    guard index > markdown.startIndex, markdown[markdown.index(before: index)] == "]" else { return nil }
                    return markdown[markdown.index(after: index)..<end]
                default: break
                }
            }
            return nil
        case "]":
            guard let open = markdown[..<end].lastIndex(of: "[") else { return nil }
            let name = markdown[markdown.index(after: open)..<end]
            return declarations[name.lowercased()] ?? name
        default:
            return nil
        }
    }

    /// The bytes of `html` between an exact prefix and suffix, or nil when they do not frame it.
    /// Compared as UTF-8, not as Characters, so a combining mark cannot blur the boundary.
    private static func between(_ html: String, prefix: String, suffix: String) -> String? {
        let bytes = Array(html.utf8), head = Array(prefix.utf8), tail = Array(suffix.utf8)
        guard bytes.count >= head.count + tail.count, bytes.starts(with: head),
              bytes[(bytes.count - tail.count)...].elementsEqual(tail) else { return nil }
        return String(decoding: bytes[head.count..<(bytes.count - tail.count)], as: UTF8.self)
    }

    private static func restoringAngles(_ text: some StringProtocol) -> String {
        String(text).replacingOccurrences(of: String(placeholder), with: "<")
    }
}
