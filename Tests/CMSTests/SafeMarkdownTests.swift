@testable import CMS
import Foundation
import Testing

/// Hostile Markdown renders inert; ordinary Markdown renders as a seller expects.
@Suite("Safe Markdown")
struct SafeMarkdownTests {
    /// What vendors could type to run script on a storefront, or to break out of an attribute.
    static let hostile: [String] = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "Hello <script>alert(1)</script> world",
        "<img src=x onerror=alert(1)>",
        "Hello <img src=x onerror=alert(1)> world",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=# onclick=alert(1)>click</a>",
        "<div onmouseover=\"alert(1)\">**bold** [x](javascript:alert(1))</div>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<!-- <script>alert(1)</script> -->",
        "<svg/onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<style>body{display:none}</style>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
        "<b>unclosed, and later [x](javascript:alert(1))\n\n# Heading",
        "[x](javascript:alert(1))",
        "[x]( JaVaScRiPt:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](jav&#x61;script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](\u{1}javascript:alert(1))",
        "[x](\u{0}javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](file:///etc/passwd)",
        "[x](//evil.example)",
        "[x](/\\evil.example)",
        "[x](https://ok.example\" onmouseover=\"alert(1))",
        "[x](https://ok.example\"onmouseover=\"alert(1))",
        "![x](data:text/html,<script>alert(1)</script>)",
        "![x](javascript:alert(1))",
        "![x\" onerror=\"alert(1)](/logo.png)",
        "![x' onerror='alert(1)](/logo.png)",
        "![*x*\" onerror=alert(1)//](/logo.png)",
        "[<img src=x onerror=alert(1)>](https://ok.example)",
        "[x][evil]\n\n[evil]: javascript:alert(1)",
        "[x][Evil]\n\n[evil]: data:text/html,<script>alert(1)</script>",
        "```js\" onclick=\"alert(1)\nlet x = 1\n```",
        "```<script>\nx\n```",
        "&<script>alert(1)</script>;",
        "*<script>alert(1)</script>*",
        "`</code><script>alert(1)</script>`",
        "<javascript:alert(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "<https://ok.example/\" onmouseover=\"alert(1)>",
        "| <script>alert(1)</script> | b |\n| --- | --- |\n| [a](javascript:alert(1)) | <img src=x onerror=alert(1)> |",
        "> <script>alert(1)</script>\n> [x](javascript:alert(1))",
        "- <script>alert(1)</script>\n- [x](vbscript:x)",
        "\u{E000}script>alert(1)\u{E000}/script>",
    ]

    @Test("hostile input renders inert", arguments: hostile)
    func inert(_ markdown: String) {
        let html = SafeMarkdown.render(markdown)
        #expect(Self.problems(in: html) == [], "\(html)")
    }

    @Test("raw HTML shows as the text the vendor typed", arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("Hello <img src=x onerror=alert(1)> world", "Hello &lt;img src=x onerror=alert(1)&gt; world"),
        ("<!-- note -->", "&lt;!-- note --&gt;"),
        ("a < b and c > d", "a &lt; b and c &gt; d"),
    ])
    func rawHTMLEscaped(_ markdown: String, _ fragment: String) {
        let html = SafeMarkdown.render(markdown)
        #expect(html.contains(fragment), "\(html)")
    }

    @Test("a refused link keeps its text, a refused image its alt text", arguments: [
        ("[click me](javascript:alert(1))", "<p>click me</p>"),
        ("[x]( JaVaScRiPt:alert(1))", "<p>x</p>"),
        ("[x](jav&#x61;script:alert(1))", "<p>x</p>"),
        ("[x](//evil.example)", "<p>x</p>"),
        // Ink does not wrap an image that starts a block in <p>; its alt text stands alone.
        ("![a cat](data:image/png;base64,AAAA)", "a cat"),
        ("See ![a cat](data:image/png;base64,AAAA) here", "<p>See a cat here</p>"),
        ("![logo](mailto:x@example.com)", "logo"),
        ("[x][evil]\n\n[evil]: javascript:alert(1)", "<p>x</p>"),
        ("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>"),
    ])
    func refused(_ markdown: String, _ expected: String) {
        #expect(SafeMarkdown.render(markdown) == expected)
    }

    @Test("attribute values stay inside their quotes", arguments: [
        ("[x](https://ok.example\" onmouseover=\"alert(1))", "<p><a href=\"https://ok.example&quot;\">x</a></p>"),
        ("![x\" onerror=\"alert(1)](/logo.png)", "<img src=\"/logo.png\" alt=\"x&quot; onerror=&quot;alert(1)\"/>"),
        ("A ![x' onerror='alert(1)](/logo.png)", "<p>A <img src=\"/logo.png\" alt=\"x&#39; onerror=&#39;alert(1)\"/></p>"),
        ("[q](https://ok.example/?a=1&b='2')", "<p><a href=\"https://ok.example/?a=1&amp;b=&#39;2&#39;\">q</a></p>"),
        ("```js\" onclick=\"alert(1)\nlet x = 1\n```", "<pre><code>let x = 1\n</code></pre>"),
    ])
    func attributesEscaped(_ markdown: String, _ expected: String) {
        #expect(SafeMarkdown.render(markdown) == expected)
    }

    @Test("ordinary Markdown renders as expected", arguments: [
        ("# Our shop", "<h1>Our shop</h1>"),
        ("## Opening hours\n\nMonday *to* **Friday**", "<h2>Opening hours</h2><p>Monday <em>to</em> <strong>Friday</strong></p>"),
        ("- bread\n- cheese\n- wine", "<ul><li>bread</li><li>cheese</li><li>wine</li></ul>"),
        ("1. order\n2. pay", "<ol><li>order</li><li>pay</li></ol>"),
        ("> Best bakery in town", "<blockquote><p>Best bakery in town</p></blockquote>"),
        ("```swift\nif a < b && c > d {}\n```", "<pre><code class=\"language-swift\">if a &lt; b &amp;&amp; c &gt; d {}\n</code></pre>"),
        ("```\n<p>shown, not rendered</p>\n```", "<pre><code>&lt;p&gt;shown, not rendered&lt;/p&gt;\n</code></pre>"),
        ("Use `<br>` for a break", "<p>Use <code>&lt;br&gt;</code> for a break</p>"),
        ("[Shop](https://example.com/shop?a=1&b=2)", "<p><a href=\"https://example.com/shop?a=1&amp;b=2\">Shop</a></p>"),
        ("[Delivery](/shop/bakery/pages/delivery)", "<p><a href=\"/shop/bakery/pages/delivery\">Delivery</a></p>"),
        ("[Top](#top)", "<p><a href=\"#top\">Top</a></p>"),
        ("[Write to us](mailto:hello@example.com)", "<p><a href=\"mailto:hello@example.com\">Write to us</a></p>"),
        ("[Wiki](https://en.wikipedia.org/wiki/Bread_(disambiguation))",
         "<p><a href=\"https://en.wikipedia.org/wiki/Bread_(disambiguation)\">Wiki</a></p>"),
        ("[Site](https://example.com \"Our site\")", "<p><a href=\"https://example.com\">Site</a></p>"),
        ("See [our terms][terms].\n\n[terms]: /pages/terms", "<p>See <a href=\"/pages/terms\">our terms</a>.</p>"),
        ("![Our *new* shop](/media/shop.jpg)", "<img src=\"/media/shop.jpg\" alt=\"Our new shop\"/>"),
        ("Logo: ![](https://cdn.example.com/a.png)", "<p>Logo: <img src=\"https://cdn.example.com/a.png\" alt=\"\"/></p>"),
        ("<https://example.com/a_b>", "<p><a href=\"https://example.com/a_b\">https://example.com/a_b</a></p>"),
        ("Mail <hello@example.com>", "<p>Mail <a href=\"mailto:hello@example.com\">hello@example.com</a></p>"),
        ("We <3 bread\n\n## Still a heading", "<p>We &lt;3 bread</p><h2>Still a heading</h2>"),
        ("Fish &amp; chips", "<p>Fish &amp; chips</p>"),
        ("Line<br>break\n\n*still Markdown*", "<p>Line&lt;br&gt;break</p><p><em>still Markdown</em></p>"),
    ])
    func ordinary(_ markdown: String, _ expected: String) {
        #expect(SafeMarkdown.render(markdown) == expected)
    }

    @Test("URL allow-list for links and images", arguments: [
        ("https://example.com", SafeURL.Use.link, "https://example.com"),
        ("HTTP://EXAMPLE.COM/X", .link, "HTTP://EXAMPLE.COM/X"),
        ("  https://example.com/a  ", .link, "https://example.com/a"),
        ("<https://example.com/a>", .link, "https://example.com/a"),
        ("/pages/about", .link, "/pages/about"),
        ("/", .link, "/"),
        ("#faq", .link, "#faq"),
        ("mailto:a@example.com", .link, "mailto:a@example.com"),
        ("https://example.com/a.png", .image, "https://example.com/a.png"),
        ("/media/a.png", .image, "/media/a.png"),
    ])
    func allowed(_ raw: String, _ use: SafeURL.Use, _ expected: String) {
        #expect(SafeURL.sanitized(raw, for: use) == expected)
    }

    @Test("URLs refused for links", arguments: [
        "javascript:alert(1)", " JaVaScRiPt:alert(1)", "vbscript:x", "data:text/html,x", "file:///etc/passwd",
        "jav&#x61;script:alert(1)", "&#106;avascript:alert(1)", "java\tscript:alert(1)", "\u{1}javascript:alert(1)",
        "//evil.example", "/\\evil.example", "about", "../up", "?q=1", "", "   ", "/\u{7F}x", "https:evil.example",
        "tel:+352123", "ftp://example.com",
    ])
    func refusedLink(_ raw: String) {
        #expect(SafeURL.sanitized(raw, for: .link) == nil)
    }

    @Test("URLs refused for images", arguments: ["mailto:a@example.com", "#x", "data:image/png;base64,AAAA", "javascript:x", "//cdn.example"])
    func refusedImage(_ raw: String) {
        #expect(SafeURL.sanitized(raw, for: .image) == nil)
    }

    // MARK: The inertness check

    static let allowedTags: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "s", "a", "img", "code",
                                           "pre", "ul", "ol", "li", "blockquote", "hr", "br", "table", "thead", "tbody",
                                           "tr", "th", "td"]
    static let allowedAttributes: Set<String> = ["href", "src", "alt", "class", "start", "align"]

    /// Everything in `html` that could run script: any tag or attribute outside Ink's own
    /// vocabulary, an event handler, a URL outside the allow-list, a `<` that is not a tag.
    static func problems(in html: String) -> [String] {
        var problems: [String] = []
        if html.lowercased().contains("<script") { problems.append("<script") }
        let tag = #/<(/?)([a-zA-Z0-9]+)((?:\s+[a-zA-Z-]+="[^"<>]*")*)\s*/?>/#
        let attribute = #/([a-zA-Z-]+)="([^"]*)"/#
        if html.replacing(tag, with: "").contains("<") { problems.append("a '<' that is not an allowed tag") }
        for match in html.matches(of: #/<[^>]*>/#) {
            let text = String(match.output)
            guard let parsed = text.wholeMatch(of: tag) else { problems.append("malformed tag \(text)"); continue }
            if !allowedTags.contains(String(parsed.output.2).lowercased()) { problems.append("tag \(text)") }
            // The grammar above leaves no room for anything but name="value" pairs, so the
            // attribute names are exactly what a browser sees; `onerror=` inside an escaped
            // value (`alt="x&quot; onerror=&quot;…"`) is text, not a handler.
            for attr in String(parsed.output.3).matches(of: attribute) {
                let (name, value) = (String(attr.output.1).lowercased(), String(attr.output.2))
                if name.hasPrefix("on") { problems.append("event handler in \(text)") }
                if !allowedAttributes.contains(name) { problems.append("attribute \(name) in \(text)") }
                if name == "href" || name == "src" {
                    let url = value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                        .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                        .replacingOccurrences(of: "&amp;", with: "&")
                    let lowerURL = url.lowercased()
                    for scheme in ["javascript:", "vbscript:", "data:"] where lowerURL.contains(scheme) {
                        problems.append("\(scheme) in \(text)")
                    }
                    let ok = lowerURL.hasPrefix("https://") || lowerURL.hasPrefix("http://")
                        || (name == "href" && (lowerURL.hasPrefix("mailto:") || url.hasPrefix("#")))
                        || (url.hasPrefix("/") && !url.hasPrefix("//") && !url.hasPrefix("/\\"))
                    if !ok { problems.append("URL \(value) in \(text)") }
                }
            }
        }
        return problems
    }

    @Test("the inertness check itself catches what it must", arguments: [
        "<script>x</script>", "<p onclick=\"x\">a</p>", "<a href=\"javascript:x\">a</a>", "<iframe src=\"/x\"></iframe>",
        "<img src=\"data:x\"/>", "<a href=\"//evil\">a</a>", "<p style=\"x\">a</p>", "<img src=x onerror=alert(1)>", "a <b",
        "<img src=\"/x\" onerror=\"y\"/>", "<img src=\"/x\" alt=\"a\" onerror=y/>", "<a href=\"https://ok/JavaScript:x\">a</a>",
        "<a href=\"JAVASCRIPT:x\">a</a>", "<a href=\"&#106;avascript:x\">a</a>",
    ])
    func checkerCatches(_ html: String) {
        #expect(!Self.problems(in: html).isEmpty)
    }
}
