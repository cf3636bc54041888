import AgoraTesting
@testable import CMS
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("CMS pages over HTTP: editing, tier gating, public resolution")
struct CMSAPITests {
    static let modules: [any AgoraModule] = [CommerceModule(), CMSModule()]

    /// The platform's pages every test starts from: a marketing `about` and `imprint` (fr), and
    /// default pages for vendors `about` and `shipping` (fr).
    static func seed(_ admin: CMSClient, platform: UUID) async throws {
        _ = try await admin.create(CMSClient.page("about", "fr", title: "About the platform", extra: #", "is_platform_page": true"#), adminPlatform: platform)
        _ = try await admin.create(CMSClient.page("imprint", "fr", title: "Imprint", extra: #", "is_platform_page": true"#), adminPlatform: platform)
        _ = try await admin.create(CMSClient.page("about", "fr", title: "À propos de la boutique"), adminPlatform: platform)
        _ = try await admin.create(CMSClient.page("shipping", "fr", title: "Livraison (défaut)"), adminPlatform: platform)
    }

    struct Resolved: Decodable { let title: String; let tier: String; let locale: String; let html: String; let seoTitle: String }

    @Test func everyTierResolvesThroughThePublicRoute() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            try await Self.seed(admin, platform: oms.id)
            let ferme = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            _ = try await CMSClient.vendor("kaffi", tier: "essential", locale: "de-LU", client: client, kernel: kernel)
            _ = try await ferme.create(CMSClient.page("shipping", "fr-LU", title: "Livraison Ferme Schmit", extra: #", "seo_title": "Livraison | Ferme""#))
            let visitor = CMSClient.visitor(client)

            // (request, expected tier, expected title)
            let cases: [(String, String, String)] = [
                ("/pages/about", "platform_marketing", "About the platform"),
                ("/pages/imprint?locale=de", "platform_marketing", "Imprint"),
                ("/pages/shipping?shop=ferme", "vendor_override", "Livraison Ferme Schmit"),
                // Tiers before locales: a German visitor still gets the shop's French page.
                ("/pages/shipping?shop=ferme&locale=de", "vendor_override", "Livraison Ferme Schmit"),
                ("/pages/SHIPPING?shop=ferme", "vendor_override", "Livraison Ferme Schmit"),
                ("/pages/shipping?shop=kaffi", "vendor_default", "Livraison (défaut)"),
                ("/pages/about?shop=ferme", "vendor_default", "À propos de la boutique"),
                ("/pages/imprint?shop=kaffi", "platform_marketing", "Imprint"),
            ]
            for (path, tier, title) in cases {
                let response = try await visitor.call(.get, path)
                #expect(response.status == .ok, "\(path): \(String(buffer: response.body))")
                guard response.status == .ok else { continue }
                let page = try Fixtures.decode(Resolved.self, from: response)
                #expect(page.tier == tier, "\(path)")
                #expect(page.title == title, "\(path)")
            }
            let seo = try Fixtures.decode(Resolved.self, from: try await visitor.call(.get, "/pages/shipping?shop=ferme"))
            #expect(seo.seoTitle == "Livraison | Ferme")
            #expect(seo.locale == "fr-LU")
            #expect(seo.html.contains("<p>Hello</p>"))
            // Default pages are storefront templates, not the platform's own site; unknown slugs and shops are 404s.
            #expect(try await visitor.call(.get, "/pages/shipping").status == .notFound)
            #expect(try await visitor.call(.get, "/pages/nothing-here?shop=ferme").status == .notFound)
            #expect(try await visitor.call(.get, "/pages/about?shop=no-such-shop").status == .notFound)
            #expect(CMSClient.problemCode(try await visitor.call(.get, "/pages/nothing-here")) == "not_found")
        }
    }

    @Test func aVendorsCustomDomainIsItsStorefront() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            let ferme = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            _ = try await CMSClient.vendor("kaffi", tier: "professional", client: client, kernel: kernel)
            let added = try await admin.call(.post, "/admin/platforms/\(oms.id)/domains", #"{"host": "shop.ferme.lu", "vendor_id": "\#(ferme.vendorId!)"}"#)
            #expect(added.status == .created)
            let onDomain = try #require(try await kernel.platforms.resolve(host: "shop.ferme.lu", path: "/api/v1/pages/about")).platform
            #expect(try await PublicPageRoutes.storefrontVendor(platform: onDomain, shop: nil, kernel: kernel)?.id == ferme.vendorId)
            #expect(try await PublicPageRoutes.storefrontVendor(platform: onDomain, shop: "ferme", kernel: kernel)?.id == ferme.vendorId)
            // On a vendor's own domain, another shop's slug finds nothing.
            await #expect(throws: Kernel.Problem.self) { try await PublicPageRoutes.storefrontVendor(platform: onDomain, shop: "kaffi", kernel: kernel) }
            let platformSite = try #require(try await kernel.platforms.resolve(host: "localhost", path: "/oms/api/v1/pages/about")).platform
            #expect(try await PublicPageRoutes.storefrontVendor(platform: platformSite, shop: nil, kernel: kernel) == nil)
        }
    }

    @Test func draftsAndFuturePagesDoNotResolveButPreview() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let ferme = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            let visitor = CMSClient.visitor(client)
            let draft = try await ferme.create(#"{"slug": "news", "locale": "fr", "title": "Nouveautés", "body_markdown": "**Bientôt**"}"#)
            let future = Date().addingTimeInterval(86_400).ISO8601Format()
            let scheduled = try await ferme.create(CMSClient.page("harvest", "fr", extra: #", "published_at": "\#(future)""#))
            #expect(try await visitor.call(.get, "/pages/news?shop=ferme").status == .notFound)
            #expect(try await visitor.call(.get, "/pages/harvest?shop=ferme").status == .notFound)

            let preview = try await ferme.call(.get, "/vendor/pages/\(draft.id)/preview")
            #expect(preview.status == .ok)
            #expect(try Fixtures.decode(Resolved.self, from: preview).html.contains("<strong>Bientôt</strong>"))

            // Publishing makes it visible; moving the publish time into the past does too.
            #expect(try await ferme.call(.put, "/vendor/pages/\(draft.id)", #"{"is_published": true}"#).status == .ok)
            #expect(try await visitor.call(.get, "/pages/news?shop=ferme").status == .ok)
            #expect(try await ferme.call(.put, "/vendor/pages/\(scheduled.id)", #"{"published_at": "2020-01-01T00:00:00Z"}"#).status == .ok)
            #expect(try await visitor.call(.get, "/pages/harvest?shop=ferme").status == .ok)
            // Deleted: gone.
            #expect(try await ferme.call(.delete, "/vendor/pages/\(draft.id)").status == .noContent)
            #expect(try await visitor.call(.get, "/pages/news?shop=ferme").status == .notFound)
        }
    }

    @Test func anotherPlatformsPagesNeverLeak() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let loyalty = try await Fixtures.platform("loyalty", kernel: kernel)
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let loyaltyAdmin = try await CMSClient.platformAdmin(of: "loyalty", client: client, kernel: kernel)
            let omsAdmin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            _ = try await loyaltyAdmin.create(CMSClient.page("rewards", "fr", extra: #", "is_platform_page": true"#), adminPlatform: loyalty.id)
            let shippingDefault = try await loyaltyAdmin.create(CMSClient.page("shipping", "fr"), adminPlatform: loyalty.id)
            _ = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            _ = try await CMSClient.vendor("club", tier: "growth", platform: "loyalty", client: client, kernel: kernel)

            #expect(try await CMSClient.visitor(client, platform: "loyalty").call(.get, "/pages/rewards").status == .ok)
            #expect(try await CMSClient.visitor(client, platform: "loyalty").call(.get, "/pages/shipping?shop=club").status == .ok)
            #expect(try await CMSClient.visitor(client).call(.get, "/pages/rewards").status == .notFound)
            #expect(try await CMSClient.visitor(client).call(.get, "/pages/shipping?shop=ferme").status == .notFound)
            // A vendor of another platform is no shop here.
            #expect(try await CMSClient.visitor(client).call(.get, "/pages/rewards?shop=club").status == .notFound)

            // The OMS admin cannot see or touch the loyalty platform's pages.
            #expect(try await omsAdmin.call(.get, "/admin/platforms/\(loyalty.id)/pages").status == .notFound)
            #expect(try await omsAdmin.call(.post, "/admin/platforms/\(loyalty.id)/pages", CMSClient.page("x", "fr")).status == .notFound)
            #expect(try await omsAdmin.call(.put, "/admin/platforms/\(loyalty.id)/pages/\(shippingDefault.id)", #"{"title": "Mine"}"#).status == .notFound)
            #expect(try await omsAdmin.call(.put, "/admin/platforms/\(oms.id)/pages/\(shippingDefault.id)", #"{"title": "Mine"}"#).status == .notFound)
            #expect(try await omsAdmin.call(.delete, "/admin/platforms/\(oms.id)/pages/\(shippingDefault.id)").status == .notFound)
            let list = try Fixtures.decode(ItemList<ContentPage>.self, from: try await omsAdmin.call(.get, "/admin/platforms/\(oms.id)/pages"))
            #expect(list.items.isEmpty)

            // Admin changes are audited.
            struct Action: Decodable { let action: String }
            let actions = try await kernel.database.read {
                try await $0.sql.raw("SELECT action FROM audit_events WHERE action LIKE 'cms.%' ORDER BY seq").rows(Action.self)
            }
            #expect(actions.map(\.action) == ["cms.page.created", "cms.page.created"])
            #expect(try await loyaltyAdmin.call(.put, "/admin/platforms/\(loyalty.id)/pages/\(shippingDefault.id)", #"{"title": "Versand"}"#).status == .ok)
            #expect(try await loyaltyAdmin.call(.delete, "/admin/platforms/\(loyalty.id)/pages/\(shippingDefault.id)").status == .noContent)
            let after = try await kernel.database.read {
                try await $0.sql.raw("SELECT action FROM audit_events WHERE action LIKE 'cms.%' ORDER BY seq").rows(Action.self)
            }
            #expect(after.map(\.action).suffix(2) == ["cms.page.updated", "cms.page.deleted"])
        }
    }

    @Test func overridesOnEveryTierCustomPagesFromProfessionalUpToTheLimit() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            try await Self.seed(admin, platform: oms.id)
            let essential = try await CMSClient.vendor("stall", tier: "essential", client: client, kernel: kernel)
            let custom = try await essential.call(.post, "/vendor/pages", CMSClient.page("recipes", "fr"))
            #expect(custom.status == .forbidden)
            #expect(CMSClient.problemCode(custom) == "feature_not_available")
            // An override of a default slug, in any spelling and locale, needs only cms.basic.
            let override = try await essential.call(.post, "/vendor/pages", CMSClient.page("Shipping", "de"))
            #expect(override.status == .created)
            let list = try Fixtures.decode(VendorPageList.self, from: try await essential.call(.get, "/vendor/pages"))
            #expect(list.items.map(\.slug) == ["shipping"])
            #expect(list.defaultSlugs == ["about", "shipping"])
            // Renaming an override to a new slug makes it custom: refused on Essential.
            let renamed = try await essential.call(.put, "/vendor/pages/\(list.items[0].id)", #"{"slug": "recipes"}"#)
            #expect(CMSClient.problemCode(renamed) == "feature_not_available")

            let pro = try await CMSClient.vendor("roaster", tier: "professional", client: client, kernel: kernel)
            var ids: [UUID] = []
            for n in 1...10 { ids.append(try await pro.create(CMSClient.page("custom-\(n)", "fr")).id) }
            _ = try await pro.create(CMSClient.page("about", "fr"))   // overrides never count
            let eleventh = try await pro.call(.post, "/vendor/pages", CMSClient.page("custom-11", "fr"))
            #expect(eleventh.status == .forbidden)
            #expect(CMSClient.problemCode(eleventh) == "limit_reached")
            #expect(try await pro.call(.delete, "/vendor/pages/\(ids[0])").status == .noContent)
            #expect(try await pro.call(.post, "/vendor/pages", CMSClient.page("custom-11", "fr")).status == .created)
            // A custom page gives back its place even after the platform made its slug a default.
            let usage = { () async throws -> Int? in
                let items = try Fixtures.decode(ItemList<LimitUsage>.self, from: try await pro.call(.get, "/vendor/usage")).items
                return items.first { $0.key == CMSTiers.customPagesLimit }?.used
            }
            #expect(try await usage() == 10)
            _ = try await admin.create(CMSClient.page("custom-2", "fr"), adminPlatform: oms.id)
            #expect(try await pro.call(.put, "/vendor/pages/\(ids[1])", #"{"title": "Still counted"}"#).status == .ok)
            #expect(try await usage() == 10)
            #expect(try await pro.call(.delete, "/vendor/pages/\(ids[1])").status == .noContent)
            #expect(try await usage() == 9)
            // Two pages for one slug and locale: the second is refused.
            let twice = try await pro.call(.post, "/vendor/pages", CMSClient.page("about", "fr"))
            #expect(twice.status == .unprocessableContent)
        }
    }

    @Test func anotherVendorsPagesAreNotFound() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let ferme = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            let kaffi = try await CMSClient.vendor("kaffi", tier: "professional", client: client, kernel: kernel)
            let page = try await ferme.create(CMSClient.page("story", "fr"))
            #expect(try await kaffi.call(.get, "/vendor/pages/\(page.id)").status == .notFound)
            #expect(try await kaffi.call(.get, "/vendor/pages/\(page.id)/preview").status == .notFound)
            #expect(try await kaffi.call(.put, "/vendor/pages/\(page.id)", #"{"title": "Mine"}"#).status == .notFound)
            #expect(try await kaffi.call(.delete, "/vendor/pages/\(page.id)").status == .notFound)
            let list = try Fixtures.decode(VendorPageList.self, from: try await kaffi.call(.get, "/vendor/pages"))
            #expect(list.items.isEmpty)
            #expect(try await ferme.call(.get, "/vendor/pages/\(page.id)").status == .ok)
            // A vendor cannot edit the platform's pages through its own API either.
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            let platformPage = try await admin.create(CMSClient.page("about", "fr"), adminPlatform: oms.id)
            #expect(try await ferme.call(.put, "/vendor/pages/\(platformPage.id)", #"{"title": "Mine"}"#).status == .notFound)
            #expect(try await ferme.call(.get, "/admin/platforms/\(oms.id)/pages").status == .forbidden)
        }
    }

    @Test func malformedInputIsRefusedPerField() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let ferme = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            struct Problem: Decodable { let code: String; let errors: [FieldError]? }
            let huge = String(repeating: "a", count: PageRules.maxBodyBytes + 1)
            let bad = try await ferme.call(.post, "/vendor/pages", #"""
                {"slug": "no spaces/allowed!", "locale": "123", "title": "  ", "body_markdown": "\#(huge)", "seo_title": "\#(String(repeating: "t", count: 201))"}
                """#)
            #expect(bad.status == .unprocessableContent)
            let fields = Set(try Fixtures.decode(Problem.self, from: bad).errors?.map(\.field) ?? [])
            #expect(fields == ["slug", "locale", "title", "body_markdown", "seo_title"])
            let missing = try await ferme.call(.post, "/vendor/pages", "{}")
            #expect(Set(try Fixtures.decode(Problem.self, from: missing).errors?.map(\.field) ?? []) == ["slug", "locale", "title"])
            let platformPage = try await ferme.call(.post, "/vendor/pages", CMSClient.page("x", "fr", extra: #", "is_platform_page": true"#))
            #expect(platformPage.status == .unprocessableContent)
            #expect(try await ferme.call(.post, "/vendor/pages", "{not json").status == .badRequest)
            #expect(try await ferme.call(.post, "/vendor/pages", #"{"slug": 12}"#).status == .unprocessableContent)
            #expect(try await ferme.call(.get, "/vendor/pages/not-a-uuid").status == .notFound)
            #expect(try await CMSClient.visitor(client).call(.get, "/pages/about?locale=1!").status == .badRequest)
            #expect(try await CMSClient.visitor(client).call(.get, "/pages/about?shop=ferme").status == .notFound)
        }
    }

    @Test func hostileMarkdownComesBackInert() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let ferme = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            let hostile = #"<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)> ![i](data:text/html,x) [ok](https://example.com)"#
            let page = try await ferme.create(CMSClient.page("story", "fr", body: hostile))
            for response in [try await CMSClient.visitor(client).call(.get, "/pages/story?shop=ferme"),
                             try await ferme.call(.get, "/vendor/pages/\(page.id)/preview")] {
                #expect(response.status == .ok)
                let html = try Fixtures.decode(Resolved.self, from: response).html
                #expect(!html.contains("<script"))
                #expect(!html.contains("<img src=\"x\""))
                #expect(!html.contains("javascript:"))
                #expect(!html.contains("data:"))
                #expect(html.contains("&lt;script&gt;"))
                #expect(html.contains(#"<a href="https://example.com">ok</a>"#))
            }
        }
    }

    @Test func everyCMSRouteIsDocumented() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let response = try await client.execute(uri: "/oms/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            // Public HTML pages are not API operations.
            let cms = kernel.routes.routes.filter { $0.module == "cms" && !$0.isPage }
            #expect(cms.count == 11)
            for route in cms {
                #expect(paths[OpenAPIDocument.openAPIPath(route.path)]?[route.method.rawValue.lowercased()] != nil, "\(route.method) \(route.path)")
            }
        }
    }
}
