import Foundation
@testable import Kernel
import Testing

@Suite("Public documents: HTTP dates and conditional requests")
struct PublicDocumentTests {
    @Test(arguments: [
        (0.0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777.0, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (1_795_219_200.0, "Sat, 21 Nov 2026 00:00:00 GMT"),
        (951_782_400.0, "Tue, 29 Feb 2000 00:00:00 GMT"),
    ])
    func datesRoundTrip(seconds: Double, text: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(HTTPDate.format(date) == text)
        #expect(HTTPDate.parse(text) == date)
    }

    @Test(arguments: ["", "yesterday", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 CET", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT"])
    func otherDateFormatsAreIgnored(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test func validatorsDecideAsRFC9110Says() {
        let document = PublicDocument(html: "<p>hello</p>", renderedAt: Date(timeIntervalSince1970: 784_111_777.9))
        let tag = document.etag
        let at = "Sun, 06 Nov 1994 08:49:37 GMT"
        // (If-None-Match, If-Modified-Since, not modified)
        let cases: [(String?, String?, Bool)] = [
            (nil, nil, false),
            (tag, nil, true),
            ("W/" + tag, nil, true),
            (#""other", "# + tag, nil, true),
            ("*", nil, true),
            (#""other""#, nil, false),
            (nil, at, true),
            (nil, "Sun, 06 Nov 1994 08:49:36 GMT", false),
            (nil, "Mon, 07 Nov 1994 08:49:37 GMT", true),
            (#""other""#, at, false),
            (nil, "garbage", false),
        ]
        for (ifNoneMatch, ifModifiedSince, expected) in cases {
            #expect(document.isNotModified(ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince) == expected, "\(String(describing: ifNoneMatch)) \(String(describing: ifModifiedSince))")
        }
        let missing = PublicDocument(html: "gone", renderedAt: Date(), status: .notFound)
        #expect(!missing.isNotModified(ifNoneMatch: missing.etag, ifModifiedSince: nil))
    }

    @Test(arguments: [
        ("/", true), ("/products", true), ("/pages/about", true), ("/account/orders", true),
        ("/api/v1/pages/about", false), ("/admin", false), ("/admin/login", false), ("/vendor/orders", false),
        ("/pos", false), ("/openapi.json", false), ("/healthz", false), ("/shop/other/pages/x", false),
        ("/administrator", true), ("/vendors-we-like", true),
    ])
    func whatAVendorsDomainTreatsAsItsStorefront(path: String, storefront: Bool) {
        #expect(AgoraResponder.isStorefrontPath(path) == storefront)
    }
}

@Suite("Secret tokens")
struct SecretTokenTests {
    @Test func base64URLMatchesFoundationsEncodingForEveryLength() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...40 {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
                let reference = Data(bytes).base64EncodedString()
                    .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
                #expect(SecretToken.base64URL(bytes) == reference)
            }
        }
        #expect(SecretToken.generate(bytes: 12).count == 16)
        #expect(SecretToken.generate().count == 43)
    }
}
