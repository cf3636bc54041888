import Foundation
import Kernel
import Testing

@Suite("Platform resolution")
struct PlatformResolverTests {
    static let oms = UUID()
    static let loyalty = UUID()
    static let vendor = UUID()

    static let resolver = PlatformResolver(routes: [
        DomainRoute(host: "oms.agora.lu", pathPrefix: "", platformId: oms, platformCode: "oms"),
        DomainRoute(host: "agora.lu", pathPrefix: "/oms", platformId: oms, platformCode: "oms"),
        DomainRoute(host: "agora.lu", pathPrefix: "/oms/pro", platformId: loyalty, platformCode: "loyalty"),
        DomainRoute(host: "agora.lu", pathPrefix: "/loyalty", platformId: loyalty, platformCode: "loyalty"),
        DomainRoute(host: "localhost", pathPrefix: "/oms", platformId: oms, platformCode: "oms"),
        DomainRoute(host: "localhost", pathPrefix: "/loyalty", platformId: loyalty, platformCode: "loyalty"),
        DomainRoute(host: "Shop.Roastery.LU", pathPrefix: "", platformId: oms, platformCode: "oms", vendorId: vendor),
    ])

    struct Case: Sendable, CustomTestStringConvertible {
        let host: String
        let path: String
        let platform: String?
        let remaining: String?
        var vendor: Bool = false
        var testDescription: String { "\(host)\(path)" }
    }

    @Test("resolves host and path", arguments: [
        Case(host: "oms.agora.lu", path: "/healthz", platform: "oms", remaining: "/healthz"),
        Case(host: "OMS.Agora.LU", path: "/x", platform: "oms", remaining: "/x"),                   // case-insensitive
        Case(host: "oms.agora.lu:8443", path: "/x", platform: "oms", remaining: "/x"),              // port ignored
        Case(host: "oms.agora.lu.", path: "/x", platform: "oms", remaining: "/x"),                  // trailing dot ignored
        Case(host: "oms.agora.lu", path: "", platform: "oms", remaining: "/"),
        Case(host: "agora.lu", path: "/oms/orders", platform: "oms", remaining: "/orders"),         // prefix stripped
        Case(host: "agora.lu", path: "/oms", platform: "oms", remaining: "/"),
        Case(host: "agora.lu", path: "/oms/", platform: "oms", remaining: "/"),
        Case(host: "agora.lu", path: "/oms/pro/x", platform: "loyalty", remaining: "/x"),            // longest prefix wins
        Case(host: "agora.lu", path: "/oms/pro", platform: "loyalty", remaining: "/"),
        Case(host: "agora.lu", path: "/oms/profile", platform: "oms", remaining: "/profile"),       // whole segments only
        Case(host: "agora.lu", path: "/omsx", platform: nil, remaining: nil),
        Case(host: "agora.lu", path: "/", platform: nil, remaining: nil),                           // no entry covers the root
        Case(host: "agora.lu", path: "/loyalty/healthz", platform: "loyalty", remaining: "/healthz"),
        Case(host: "localhost:8080", path: "/oms/healthz", platform: "oms", remaining: "/healthz"),
        Case(host: "localhost", path: "/loyalty/healthz", platform: "loyalty", remaining: "/healthz"),
        Case(host: "shop.roastery.lu", path: "/", platform: "oms", remaining: "/", vendor: true),    // custom domain → vendor
        Case(host: "SHOP.ROASTERY.LU:443", path: "/p/1", platform: "oms", remaining: "/p/1", vendor: true),
        Case(host: "unknown.example", path: "/healthz", platform: nil, remaining: nil),             // unknown host
        Case(host: "", path: "/", platform: nil, remaining: nil),
    ])
    func resolves(_ c: Case) {
        let match = Self.resolver.resolve(host: c.host, path: c.path)
        #expect(match?.route.platformCode == c.platform)
        #expect(match?.remainingPath == c.remaining)
        #expect((match?.route.vendorId != nil) == c.vendor)
    }

    @Test("normalises hosts", arguments: [
        ("Example.COM", "example.com"), ("example.com:80", "example.com"), ("example.com.", "example.com"),
        ("[::1]:8080", "::1"), ("::1", "::1"), (" localhost ", "localhost"), ("shop.example.lu:8443", "shop.example.lu"),
        ("127.0.0.1:18092", "127.0.0.1"), ("a-b.example..", "a-b.example"), ("example.com.:80", "example.com"), ("", ""),
        ("Shop.Example.LU.:443", "shop.example.lu"), ("fe80::1", "fe80::1"), ("bücher.lu", "bücher.lu"),
    ])
    func normalisesHosts(_ input: String, _ expected: String) {
        #expect(PlatformResolver.normalize(host: input) == expected)
    }

    @Test("normalises prefixes", arguments: [("/oms/", "/oms"), ("oms", "/oms"), ("/", ""), ("", ""), ("/a/b", "/a/b")])
    func normalisesPrefixes(_ input: String, _ expected: String) {
        #expect(PlatformResolver.normalize(prefix: input) == expected)
    }
}
