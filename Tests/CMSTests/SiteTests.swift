import AgoraTesting
@testable import CMS
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("The public site: marketing home, content pages, caching and validators")
struct SiteTests {
    static let modules: [any AgoraModule] = [CommerceModule(), CMSModule()]

    /// A GET of a site page (`/oms/…`), with optional request headers.
    static func get(_ client: any TestClientProtocol, _ path: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: headers)
    }

    @Test func theHomeShowsTheTiersAndAddonsAsTheDatabaseHasThemNow() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            try await SitePages.seed(kernel: kernel)
            let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)

            let home = try await Self.get(client, "/oms/")
            #expect(home.status == .ok)
            #expect(home.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: home.body)
            #expect(html.contains(#"id="tier-essential""#))
            #expect(html.contains(#"id="tier-enterprise""#))
            // Prices in the page's language (the platform's French here).
            #expect(html.contains("49,00\u{A0}€"))
            #expect(html.contains("Price on request"))
            #expect(html.contains("Agora OMS"))
            // The shipped home page, in the platform's language (fr-LU → fr).
            #expect(html.contains("Tout ce dont un petit vendeur a besoin"))
            #expect(!html.contains(#"id="addons""#))

            // An admin's price change and a new add-on show on the next visit.
            let patched = try await admin.call(.patch, "/admin/platforms/\(oms.id)/tiers/essential", #"{"monthly_price_minor": 5900}"#)
            #expect(patched.status == .ok, "\(String(buffer: patched.body))")
            let addon = try await admin.call(.post, "/admin/platforms/\(oms.id)/addons",
                                             #"{"code": "more-products", "name": "500 more products", "monthly_price_minor": 900, "limit_key": "commerce.products", "amount": 500}"#)
            #expect(addon.status == .created)
            let after = String(buffer: try await Self.get(client, "/oms/").body)
            #expect(after.contains("59,00\u{A0}€"))
            #expect(!after.contains("49,00\u{A0}€"))
            #expect(after.contains(#"id="addon-more-products""#))
            #expect(after.contains("500 more products"))

            // The visitor's language picks the shipped page in that language.
            let english = String(buffer: try await Self.get(client, "/oms/", headers: [.acceptLanguage: "en-GB,en;q=0.8,fr;q=0.5"]).body)
            #expect(english.contains("Everything a small seller runs on"))
            #expect(english.contains(#"<html lang="en">"#))
            #expect(english.contains("€59.00"))
        }
    }

    @Test func theTwoPlatformsLookDifferent() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            try await SitePages.seed(kernel: kernel)
            let oms = String(buffer: try await Self.get(client, "/oms/").body)
            let loyalty = String(buffer: try await Self.get(client, "/loyalty/").body)
            #expect(oms.contains(#"class="platform-oms""#) && loyalty.contains(#"class="platform-loyalty""#))
            #expect(oms.contains("#1e3a5f") && loyalty.contains("#6b2d5c"))
            #expect(oms.contains("calm, business-like") && !oms.contains("warm and rounded"))
            #expect(loyalty.contains("warm and rounded"))
            #expect(loyalty.contains("Agora Loyalty") && loyalty.contains(#"id="tier-starter""#))
            #expect(!loyalty.contains(#"id="tier-essential""#))
        }
    }

    @Test func shippedPagesLoadOnceAndAnAdminsDeletionStands() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let first = try await SitePages.seed(kernel: kernel)
            #expect(first >= 10)
            #expect(try await SitePages.seed(kernel: kernel) == 0)
            let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            let pages = try await kernel.database.read { try await PageStore.platformPages(oms.id, on: $0) }
            let imprint = try #require(pages.first { $0.slug == "imprint" })
            #expect(imprint.isPlatformPage && imprint.isPublished)
            #expect(try await admin.call(.delete, "/admin/platforms/\(oms.id)/pages/\(imprint.id)").status == .noContent)
            #expect(try await SitePages.seed(kernel: kernel) == 0)
            #expect(try await Self.get(client, "/oms/pages/imprint").status == .notFound)
        }
    }

    @Test func contentPagesAreCachedAndAChangeShowsAtOnce() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            let page = try await admin.create(CMSClient.page("about", "fr", title: "Qui sommes-nous", extra: #", "is_platform_page": true"#), adminPlatform: oms.id)

            let first = try await Self.get(client, "/oms/pages/about")
            #expect(first.status == .ok)
            #expect(String(buffer: first.body).contains("Qui sommes-nous"))
            let etag = try #require(first.headers[.eTag])
            let modified = try #require(first.headers[.lastModified])
            #expect(first.headers[.cacheControl] == "no-cache")
            #expect(first.headers[.vary] == "Accept-Language")
            #expect(first.headers[.setCookie] == nil)

            // The validators: a current copy costs a 304 without a body.
            let same = try await Self.get(client, "/oms/pages/about", headers: [.ifNoneMatch: etag])
            #expect(same.status == .notModified)
            #expect(same.body.readableBytes == 0)
            #expect(same.headers[.eTag] == etag)
            #expect(try await Self.get(client, "/oms/pages/about", headers: [.ifModifiedSince: modified]).status == .notModified)
            #expect(try await Self.get(client, "/oms/pages/about", headers: [.ifNoneMatch: #""stale""#]).status == .ok)
            // If-None-Match decides when both are sent.
            #expect(try await Self.get(client, "/oms/pages/about", headers: [.ifNoneMatch: #""stale""#, .ifModifiedSince: modified]).status == .ok)

            let updated = try await admin.call(.put, "/admin/platforms/\(oms.id)/pages/\(page.id)",
                                               CMSClient.page("about", "fr", title: "Notre histoire", extra: #", "is_platform_page": true"#))
            #expect(updated.status == .ok, "\(String(buffer: updated.body))")
            let changed = try await Self.get(client, "/oms/pages/about", headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok)
            #expect(String(buffer: changed.body).contains("Notre histoire"))
            #expect(changed.headers[.eTag] != etag)
        }
    }

    @Test func aStorefrontPageResolvesThroughTheTiersAndStaysInert() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            _ = try await admin.create(CMSClient.page("shipping", "fr", title: "Livraison (défaut)"), adminPlatform: oms.id)
            let ferme = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            _ = try await CMSClient.vendor("kaffi", tier: "essential", client: client, kernel: kernel)
            let hostile = #"<script>window.__pwned=1</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"#
            _ = try await ferme.create(CMSClient.page("shipping", "fr", title: "Livraison à la ferme", body: hostile.replacingOccurrences(of: "\"", with: "\\\"")))

            let own = try await Self.get(client, "/oms/shop/ferme/pages/shipping")
            #expect(own.status == .ok)
            let html = String(buffer: own.body)
            #expect(html.contains("Livraison à la ferme"))
            #expect(!html.contains("<script>window"))
            #expect(html.contains("&lt;script&gt;"))
            #expect(!html.contains("javascript:"))
            #expect(!html.contains("<img src=x"))
            #expect(own.headers[.init("Content-Security-Policy")!]?.contains("script-src 'none'") == true)
            // The shop's header links to its own storefront.
            #expect(html.contains(#"href="/oms/shop/ferme/products""#))
            #expect(String(buffer: try await Self.get(client, "/oms/shop/kaffi/pages/shipping").body).contains("Livraison (défaut)"))
        }
    }

    @Test func refusalsArePagesInTheSitesLayout() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            _ = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            _ = try await admin.create(#"{"slug": "draft", "locale": "fr", "title": "Brouillon", "body_markdown": "x", "is_published": false, "is_platform_page": true}"#,
                                       adminPlatform: oms.id)
            let cases: [(String, HTTPResponse.Status)] = [
                ("/oms/pages/nothing-here", .notFound),
                ("/oms/pages/draft", .notFound),
                ("/oms/pages/bad%20slug!", .notFound),
                ("/oms/shop/no-such-shop/pages/about", .notFound),
                ("/oms/shop/ferme/pages/nothing-here", .notFound),
                ("/oms/pages/about?locale=%%%", .badRequest),
                // A shop of the OMS platform does not exist on the loyalty platform.
                ("/loyalty/shop/ferme/pages/about", .notFound),
            ]
            for (path, status) in cases {
                let response = try await Self.get(client, path)
                #expect(response.status == status, "\(path)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                #expect(response.headers[.cacheControl] == "no-store", "\(path)")
                #expect(String(buffer: response.body).contains(#"id="problem""#), "\(path)")
            }
            // A platform admin switching the CMS off takes the site down with a clear page.
            let off = try await admin.call(.put, "/admin/platforms/\(oms.id)/features/cms", #"{"enabled": false}"#)
            #expect(off.status == .ok)
            let refused = try await Self.get(client, "/oms/")
            #expect(refused.status == .forbidden)
            #expect(String(buffer: refused.body).contains(#"id="problem""#))
        }
    }

    @Test func aVendorsOwnDomainServesItsStorefrontAtTheRoot() async throws {
        // One responder serves both the test client and the requests for the vendor's host.
        try await TestKernel.with(modules: Self.modules) { kernel in
          let responder = try AgoraApplication.responder(kernel: kernel)
          try await Application(responder: responder, logger: kernel.logger).test(.router) { client in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            let ferme = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            _ = try await CMSClient.vendor("kaffi", tier: "professional", client: client, kernel: kernel)
            _ = try await ferme.create(CMSClient.page("about", "fr", title: "La ferme Schmit"))
            let added = try await admin.call(.post, "/admin/platforms/\(oms.id)/domains", #"{"host": "shop.ferme.lu", "vendor_id": "\#(ferme.vendorId!)"}"#)
            #expect(added.status == .created)

            let page = try await HostRequest.get("/pages/about", host: "shop.ferme.lu", responder: responder)
            #expect(page.status == .ok)
            #expect(page.body.contains("La ferme Schmit"))
            // Links stay on the vendor's domain.
            #expect(page.body.contains(#"href="/products""#))
            #expect(page.body.contains(#"class="brand" href="/""#))
            // Another shop's pages are not reachable through this domain; the API keeps its paths.
            #expect(try await HostRequest.get("/shop/kaffi/pages/about", host: "shop.ferme.lu", responder: responder).status == .notFound)
            #expect(try await HostRequest.get("/api/v1/pages/about", host: "shop.ferme.lu", responder: responder).status == .ok)
          }
        }
    }

    @Test(.enabled(if: TestDatabases.kind == .postgres, "two instances share a database only on PostgreSQL"))
    func aChangeDropsTheRenditionOnAnotherInstance() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            let page = try await admin.create(CMSClient.page("about", "fr", title: "Version une", extra: #", "is_platform_page": true"#), adminPlatform: oms.id)
            let other = try await AgoraApplication.open(configuration: kernel.configuration, modules: Self.modules, logger: kernel.logger)
            let otherResponder = try AgoraApplication.responder(kernel: other)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await ChangeNotifier.Listener(notifier: other.changes).run() }
                let before = try await HostRequest.get("/oms/pages/about", host: "localhost", responder: otherResponder)
                #expect(before.body.contains("Version une"))
                try await Task.sleep(for: .milliseconds(300))  // the listener connects
                let updated = try await admin.call(.put, "/admin/platforms/\(oms.id)/pages/\(page.id)",
                                                   CMSClient.page("about", "fr", title: "Version deux", extra: #", "is_platform_page": true"#))
                #expect(updated.status == .ok)
                var seen = false
                for _ in 0..<50 where !seen {
                    seen = try await HostRequest.get("/oms/pages/about", host: "localhost", responder: otherResponder).body.contains("Version deux")
                    if !seen { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(seen, "the other instance still served the old rendition")
                group.cancelAll()
            }
            await other.database.close()
        }
    }
}

@Suite("Rendered-page cache")
struct RenderedPagesTests {
    final class Builds: @unchecked Sendable {
        var count = 0
    }

    static func document(_ text: String, status: HTTPResponse.Status = .ok) -> PublicDocument {
        PublicDocument(html: text, renderedAt: Date(timeIntervalSince1970: 1_700_000_000), status: status)
    }

    @Test func keepsFoundPagesUntilAChangeAScheduledTimeOrTheTimeToLive() async throws {
        try await TestKernel.with { kernel in
            let cache = RenderedPages(changes: kernel.changes, timeToLive: .seconds(60))
            let key = RenderedPages.Key(platform: UUID(), vendor: nil, slug: "about", locale: "fr")
            let builds = Builds()
            let now = Date(timeIntervalSince1970: 1_700_000_000)
            func get(at time: Date, changesAt: Date? = nil) async throws -> PublicDocument {
                try await cache.document(key, now: time) {
                    builds.count += 1
                    return RenderedPages.Rendition(document: Self.document("v\(builds.count)"), changesAt: changesAt)
                }
            }
            _ = try await get(at: now, changesAt: now.addingTimeInterval(30))
            _ = try await get(at: now.addingTimeInterval(10))
            #expect(builds.count == 1)
            // A scheduled page went live: render again.
            _ = try await get(at: now.addingTimeInterval(31))
            #expect(builds.count == 2)
            _ = try await get(at: now.addingTimeInterval(32))
            #expect(builds.count == 2)
            for topic in [ChangeNotifier.Topic.content, .platforms, .features] {
                await kernel.changes.announce(topic)
                _ = try await get(at: now.addingTimeInterval(33))
                _ = try await get(at: now.addingTimeInterval(33))
            }
            #expect(builds.count == 5)
            // Accounts do not change pages.
            await kernel.changes.announce(.accounts)
            _ = try await get(at: now.addingTimeInterval(34))
            #expect(builds.count == 5)
        }
    }

    @Test func visitorsWhoMissTogetherShareOneBuild() async throws {
        try await TestKernel.with { kernel in
            let cache = RenderedPages(changes: kernel.changes, timeToLive: .seconds(60))
            let key = RenderedPages.Key(platform: UUID(), vendor: nil, slug: "about", locale: nil)
            let builds = Builds()
            let lock = NSLock()
            let now = Date()
            let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let document = try await cache.document(key, now: now) {
                            lock.withLock { builds.count += 1 }
                            try await Task.sleep(for: .milliseconds(100))
                            return RenderedPages.Rendition(document: Self.document("shared"), changesAt: nil)
                        }
                        return String(buffer: document.body)
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(bodies.count == 20 && bodies.allSatisfy { $0 == "shared" })
            #expect(builds.count == 1)
            // A failed build is not kept and does not stick: the next visitor builds again.
            let missing = RenderedPages.Key(platform: UUID(), vendor: nil, slug: "gone", locale: nil)
            await #expect(throws: Kernel.Problem.self) { _ = try await cache.document(missing, now: now) { throw Kernel.Problem.notFound("Page") } }
            let retried = try await cache.document(missing, now: now) { RenderedPages.Rendition(document: Self.document("back"), changesAt: nil) }
            #expect(String(buffer: retried.body) == "back")
        }
    }

    @Test func refusalsAreNeverKeptAndTheStoreIsBounded() async throws {
        try await TestKernel.with { kernel in
            let cache = RenderedPages(changes: kernel.changes, timeToLive: .seconds(60), capacity: 3)
            let now = Date()
            let missing = RenderedPages.Key(platform: UUID(), vendor: nil, slug: "x", locale: nil)
            _ = try await cache.document(missing, now: now) { RenderedPages.Rendition(document: Self.document("no", status: .notFound), changesAt: nil) }
            #expect(cache.count == 0)
            for slug in ["a", "b", "c", "d"] {
                _ = try await cache.document(RenderedPages.Key(platform: UUID(), vendor: nil, slug: slug, locale: nil), now: now) {
                    RenderedPages.Rendition(document: Self.document(slug), changesAt: nil)
                }
            }
            #expect(cache.count <= 3)
        }
    }
}

@Suite("Visitor locale and shipped page files")
struct SiteInputsTests {
    @Test(arguments: [
        (nil, nil, nil),
        ("fr-lu", "de", "fr-LU"),
        (nil, "de-LU,de;q=0.9,en;q=0.8", "de-LU"),
        (nil, "en;q=0.5, fr;q=0.9", "fr"),
        (nil, "*", nil),
        (nil, "de;q=0, en;q=0.1", "en"),
        (nil, "not a language!!, pt-BR", "pt-BR"),
        (nil, "", nil),
        ("", "lb", "lb"),
    ] as [(String?, String?, String?)])
    func theVisitorsLanguage(query: String?, header: String?, expected: String?) throws {
        #expect(try VisitorLocale.requested(query: query, acceptLanguage: header) == expected)
    }

    @Test func aMalformedLocaleParameterIsRefused() {
        #expect(throws: VisitorLocale.Invalid.self) { try VisitorLocale.requested(query: "%%%", acceptLanguage: nil) }
    }

    @Test func pageFilesAreReadOrRefusedWithAReason() throws {
        let good = SitePageFile.parse(fileName: "about.fr.md", text: "---\ntitle: À propos\nseo_description: Qui nous sommes\n---\n\nBonjour.\n")
        #expect(try good.get() == SitePageFile(slug: "about", locale: "fr", title: "À propos", seoTitle: nil, seoDescription: "Qui nous sommes", body: "Bonjour."))
        let refused: [(String, String)] = [
            ("about.md", "---\ntitle: x\n---\nbody"),
            ("About Us.fr.md", "---\ntitle: x\n---\nbody"),
            ("about.zzzzzzzzz.md", "---\ntitle: x\n---\nbody"),
            ("about.fr.md", "title: x\nbody"),
            ("about.fr.md", "---\nseo_title: x\n---\nbody"),
        ]
        for (name, text) in refused {
            guard case .failure = SitePageFile.parse(fileName: name, text: text) else {
                Issue.record("\(name) was accepted")
                continue
            }
        }
    }

    @Test func everyShippedPageFileReads() throws {
        let root = TestDatabases.root.appendingPathComponent("Platforms")
        var count = 0
        for platform in try FileManager.default.contentsOfDirectory(atPath: root.path) {
            let folder = root.appendingPathComponent(platform).appendingPathComponent("pages")
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                if case .failure(let error) = SitePageFile.parse(fileName: name, text: text) { Issue.record("\(error)") }
                count += 1
            }
        }
        #expect(count >= 15)
    }
}

@Suite("Slugs")
struct SlugTests {
    @Test(arguments: [
        ("about", true), ("shipping-and-returns", true), ("a", true), ("2024", true), ("faq-2", true),
        ("", false), ("-about", false), ("about-", false), ("a--b", false), ("About", false), ("a_b", false),
        ("a b", false), ("a/b", false), ("café", false), (String(repeating: "a", count: 80), true), (String(repeating: "a", count: 81), false),
    ])
    func slugShape(slug: String, valid: Bool) {
        #expect(PageRules.isValidSlug(slug) == valid)
    }
}
