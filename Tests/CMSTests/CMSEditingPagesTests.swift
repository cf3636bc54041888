import AgoraTesting
@testable import CMS
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

/// The page editors as a browser uses them: the vendor's `/vendor/pages…` and the platform
/// admin's `/admin/platforms/{id}/pages…`. Every action goes through the JSON API's function,
/// so its rules apply; every refusal is a 4xx page that writes nothing.
@Suite("CMS editing pages")
struct CMSEditingPagesTests {
    static let modules: [any AgoraModule] = [CommerceModule(), CMSModule()]

    /// The platform's pages the tests start from (see `CMSAPITests.seed`): marketing `about` and
    /// `imprint`, default pages `about` and `shipping`, all in French. Returns the shipping default.
    static func seed(_ admin: CMSClient, platform: UUID) async throws -> ContentPage {
        try await CMSAPITests.seed(admin, platform: platform)
        let pages = try Fixtures.decode(ItemList<ContentPage>.self, from: try await admin.call(.get, "/admin/platforms/\(platform)/pages")).items
        return try #require(pages.first { $0.slug == "shipping" && !$0.isPlatformPage })
    }

    static let hostile = "# Notre histoire\n\n<script>window.__pwned = 1</script>\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1)) <iframe src=\"https://evil.example\"></iframe>"

    static func page(_ user: CMSClient, _ id: UUID) async throws -> ContentPage {
        try Fixtures.decode(PageBody.self, from: try await user.call(.get, "/vendor/pages/\(id)")).page
    }

    @Test func aVendorWritesPreviewsPublishesAndDeletesAPage() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let shipping = try await Self.seed(try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel), platform: oms.id)
            let owner = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            let browser = PageBrowser(owner)

            // The list: nothing of its own yet, the platform's defaults to customise, the limit.
            var list = try await browser.text("/vendor/pages")
            #expect(list.contains(#"id="nav-pages""#) && list.contains(#"id="new-page""#))
            #expect(list.contains(#"id="customise-shipping-fr""#) && list.contains(#"id="customise-about-fr""#))
            #expect(list.contains(#"<span id="custom-usage">0 of 10</span>"#))
            #expect(!list.contains("About the platform"), "marketing pages are not offered to vendors")

            // Customise opens the form filled from the default; saving creates the override.
            let customise = try await browser.text("/vendor/pages/new?from=\(shipping.id)")
            #expect(customise.contains(#"value="shipping""#) && customise.contains(#"value="Livraison (défaut)""#))
            let override = try await browser.post("/vendor/pages", ["slug": "shipping", "locale": "fr", "title": "Livraison à la ferme",
                                                                   "body_markdown": "Retrait **le samedi**.\r\n"])
            #expect(override.status == .seeOther)
            let overrideId = try #require(PageBrowser.redirectId(override))
            #expect(try await Self.page(owner, overrideId).bodyMarkdown == "Retrait **le samedi**.\n")

            // Preview renders the hostile Markdown inert and saves nothing.
            let before = try await CMSState.read(kernel)
            let preview = try await browser.post("/vendor/pages/preview", ["slug": "story", "locale": "fr", "title": "Notre histoire",
                                                                          "body_markdown": Self.hostile])
            #expect(preview.status == .ok)
            let previewed = String(buffer: preview.body)
            #expect(previewed.contains(#"id="preview-body""#) && previewed.contains("<h1>Notre histoire</h1>"))
            #expect(previewed.contains("&lt;script&gt;window.__pwned") && !previewed.contains("<script>window"))
            #expect(!previewed.contains("<img src=x") && !previewed.contains("<iframe") && !previewed.contains(#"href="javascript:"#))
            #expect(try await CMSState.read(kernel) == before)

            // A custom page as a draft: counted, listed as custom, not public.
            let created = try await browser.post("/vendor/pages", ["slug": "Story", "locale": "fr_lu", "title": "Notre histoire",
                                                                  "body_markdown": Self.hostile, "seo_title": "Histoire | Ferme"])
            #expect(created.status == .seeOther)
            let id = try #require(PageBrowser.redirectId(created))
            #expect(created.headers[.location] == "/oms/vendor/pages/\(id)?saved=1")
            var page = try await browser.text("/vendor/pages/\(id)?saved=1")
            #expect(page.contains(#"id="saved""#) && page.contains(#"data-status="draft""#) && page.contains(#"value="fr-LU""#))
            #expect(page.contains(#"id="preview-body""#) && !page.contains("<script>window"))
            list = try await browser.text("/vendor/pages")
            #expect(list.contains(#"id="page-story-fr-LU""#) && list.contains("custom page") && list.contains("overrides the default"))
            #expect(list.contains(#"<span id="custom-usage">1 of 10</span>"#))
            let visitor = CMSClient.visitor(client)
            #expect(try await visitor.call(.get, "/pages/story?shop=ferme").status == .notFound)

            // Previewing a change shows it and keeps the saved page.
            let changed = try await browser.post("/vendor/pages/\(id)/preview", ["slug": "story", "locale": "fr-LU", "title": "Histoire",
                                                                                "body_markdown": "*Nouveau*"])
            #expect(String(buffer: changed.body).contains("<em>Nouveau</em>") && String(buffer: changed.body).contains("not saved yet"))
            #expect(try await Self.page(owner, id).title == "Notre histoire")
            // Saving it changes it.
            #expect(try await browser.post("/vendor/pages/\(id)", ["slug": "story", "locale": "fr-LU", "title": "Histoire",
                                                                    "body_markdown": "*Nouveau*", "seo_title": ""]).status == .seeOther)
            var stored = try await Self.page(owner, id)
            #expect(stored.title == "Histoire" && stored.bodyMarkdown == "*Nouveau*" && stored.seoTitle == nil)

            // Publishing later schedules it; publishing without a time makes it live now.
            let tomorrow = Date().addingTimeInterval(86_400)
            #expect(try await browser.post("/vendor/pages/\(id)/publish", ["published_at": PageTime.input(tomorrow)]).status == .seeOther)
            stored = try await Self.page(owner, id)
            #expect(stored.isPublished && abs((stored.publishedAt ?? .distantPast).timeIntervalSince(tomorrow)) < 60)
            #expect(try await browser.text("/vendor/pages").contains(#"data-status="scheduled""#))
            #expect(try await visitor.call(.get, "/pages/story?shop=ferme").status == .notFound)
            #expect(try await browser.post("/vendor/pages/\(id)/publish").status == .seeOther)
            #expect(try await visitor.call(.get, "/pages/story?shop=ferme").status == .ok)
            page = try await browser.text("/vendor/pages/\(id)")
            #expect(page.contains(#"data-status="published""#) && page.contains(#"id="unpublish""#))
            // The storefront's rendered (cached) page follows every change made here at once.
            let storefront = { try await client.execute(uri: "/oms/shop/ferme/pages/story", method: .get) }
            #expect(String(buffer: try await storefront().body).contains("<em>Nouveau</em>"))
            #expect(try await browser.post("/vendor/pages/\(id)", ["slug": "story", "locale": "fr-LU", "title": "Histoire de la ferme",
                                                                    "body_markdown": "*Encore*"]).status == .seeOther)
            #expect(String(buffer: try await storefront().body).contains("<em>Encore</em>"))
            #expect(try await browser.post("/vendor/pages/\(id)/unpublish").status == .seeOther)
            #expect(try await visitor.call(.get, "/pages/story?shop=ferme").status == .notFound)
            #expect(try await storefront().status == .notFound)
            #expect(!(try await Self.page(owner, id).isPublished))

            // Delete asks first, then frees the custom page's place.
            let confirm = try await browser.text("/vendor/pages/\(id)/delete")
            #expect(confirm.contains(#"id="confirm-delete""#) && confirm.contains("cannot be undone"))
            let deleted = try await browser.post("/vendor/pages/\(id)/delete")
            #expect(deleted.headers[.location] == "/oms/vendor/pages?deleted=1")
            #expect(try await owner.call(.get, "/vendor/pages/\(id)").status == .notFound)
            list = try await browser.text("/vendor/pages?deleted=1")
            #expect(list.contains(#"id="deleted""#) && list.contains(#"<span id="custom-usage">0 of 10</span>"#))
        }
    }

    @Test func staffMayLookButNotChange() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let owner = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            let page = try await owner.create(CMSClient.page("story", "fr"))
            try await Fixtures.user("staff@ferme.test", membership: Membership(id: UUID.v7(), role: .vendorStaff, vendorId: owner.vendorId), kernel: kernel)
            let staff = PageBrowser(client: client, credential: try await Fixtures.login(client, email: "staff@ferme.test", password: Fixtures.password))
            let list = try await staff.get("/vendor/pages")
            #expect(list.status == .ok)
            #expect(String(buffer: list.body).contains(#"id="page-story-fr""#) && !String(buffer: list.body).contains(#"id="new-page""#))
            let view = try await staff.text("/vendor/pages/\(page.id)")
            #expect(view.contains(#"id="read-only""#) && view.contains("<fieldset disabled>") && !view.contains(#"id="save""#))
            #expect(!view.contains(#"id="publish""#) && !view.contains(#"id="delete""#))

            let before = try await CMSState.read(kernel)
            let form = ["slug": "story", "locale": "fr", "title": "Mine"]
            for response in [try await staff.get("/vendor/pages/new"), try await staff.get("/vendor/pages/\(page.id)/delete"),
                             try await staff.post("/vendor/pages", ["slug": "news", "locale": "fr", "title": "News"]),
                             try await staff.post("/vendor/pages/preview", form),
                             try await staff.post("/vendor/pages/\(page.id)", form), try await staff.post("/vendor/pages/\(page.id)/preview", form),
                             try await staff.post("/vendor/pages/\(page.id)/publish"), try await staff.post("/vendor/pages/\(page.id)/unpublish"),
                             try await staff.post("/vendor/pages/\(page.id)/delete")] {
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains(#"id="problem""#))
            }
            #expect(try await CMSState.read(kernel) == before)
        }
    }

    @Test func tierRefusalsShowNextToTheFormAndWriteNothing() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            _ = try await Self.seed(try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel), platform: oms.id)
            let essential = PageBrowser(try await CMSClient.vendor("stall", tier: "essential", client: client, kernel: kernel))
            #expect(try await essential.text("/vendor/pages").contains(#"id="no-custom-pages""#))

            // A custom page on Essential: 403, the reason and the tier that has it above the form, what was typed kept.
            var before = try await CMSState.read(kernel)
            let custom = try await essential.post("/vendor/pages", ["slug": "recipes", "locale": "fr", "title": "Mes <b>recettes</b>"])
            #expect(custom.status == .forbidden)
            var body = String(buffer: custom.body)
            #expect(body.contains(#"id="refusal""#) && body.contains("cms.custom_pages") && body.contains("Professional"))
            #expect(body.contains("“recipes” is not one of the platform&#39;s default pages"))
            #expect(body.contains(#"value="Mes &lt;b&gt;recettes&lt;/b&gt;""#) && body.contains(#"id="page-form""#))
            #expect(try await CMSState.read(kernel) == before)

            // An override is free; renaming it to a new slug is the same refusal, on the edit page.
            let override = try await essential.post("/vendor/pages", ["slug": "shipping", "locale": "fr", "title": "Livraison"])
            let id = try #require(PageBrowser.redirectId(override))
            before = try await CMSState.read(kernel)
            let renamed = try await essential.post("/vendor/pages/\(id)", ["slug": "recipes", "locale": "fr", "title": "Livraison"])
            #expect(renamed.status == .forbidden)
            #expect(String(buffer: renamed.body).contains(#"id="refusal""#) && String(buffer: renamed.body).contains(#"value="recipes""#))
            #expect(try await CMSState.read(kernel) == before)

            // The limit: the eleventh custom page on Professional.
            let pro = try await CMSClient.vendor("roaster", tier: "professional", client: client, kernel: kernel)
            for n in 1...10 { _ = try await pro.create(CMSClient.page("custom-\(n)", "fr")) }
            before = try await CMSState.read(kernel)
            let full = try await PageBrowser(pro).post("/vendor/pages", ["slug": "custom-11", "locale": "fr", "title": "One more"])
            #expect(full.status == .forbidden)
            body = String(buffer: full.body)
            #expect(body.contains(#"id="refusal""#) && body.contains("Limit reached") && body.contains("10 of 10 used"))
            #expect(try await CMSState.read(kernel) == before)
        }
    }

    @Test func malformedInputAndForgedOrForeignRequestsAreRefused() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            _ = try await Self.seed(admin, platform: oms.id)
            let marketing = try #require(try Fixtures.decode(ItemList<ContentPage>.self, from: try await admin.call(.get, "/admin/platforms/\(oms.id)/pages"))
                .items.first { $0.isPlatformPage })
            let owner = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            let other = try await CMSClient.vendor("kaffi", tier: "professional", client: client, kernel: kernel)
            let theirs = try await other.create(CMSClient.page("story", "fr"))
            let mine = try await owner.create(CMSClient.page("news", "fr"))
            let browser = PageBrowser(owner)
            let before = try await CMSState.read(kernel)

            // Each complaint next to its field, all at once, what was typed kept.
            let bad = try await browser.post("/vendor/pages", ["slug": "no spaces/here!", "locale": "123", "title": " ", "published_at": "tomorrow"])
            #expect(bad.status == .unprocessableContent)
            let page = String(buffer: bad.body)
            for field in ["slug", "locale", "title", "published_at"] { #expect(page.contains(#"id="error-\#(field)""#), "\(field)") }
            #expect(page.contains(#"id="form-errors""#) && page.contains(#"value="no spaces/here!""#))
            let badEdit = try await browser.post("/vendor/pages/\(mine.id)", ["slug": "News Here", "locale": "xx-", "title": "News"])
            #expect(badEdit.status == .unprocessableContent)
            #expect(String(buffer: badEdit.body).contains(#"id="error-slug""#) && String(buffer: badEdit.body).contains(#"id="error-locale""#))
            let badTime = try await browser.post("/vendor/pages/\(mine.id)/publish", ["published_at": "2026-02-30T09:00"])
            #expect(badTime.status == .unprocessableContent)
            #expect(String(buffer: badTime.body).contains(#"id="error-published_at""#))

            // No CSRF token, or a wrong one: refused before anything runs.
            for csrf in [nil, "forged"] {
                #expect(try await browser.post("/vendor/pages", ["slug": "x", "locale": "fr", "title": "X"], csrf: csrf).status == .forbidden)
                #expect(try await browser.post("/vendor/pages/\(mine.id)", ["title": "X"], csrf: csrf).status == .forbidden)
                #expect(try await browser.post("/vendor/pages/\(mine.id)/publish", csrf: csrf).status == .forbidden)
                #expect(try await browser.post("/vendor/pages/\(mine.id)/delete", csrf: csrf).status == .forbidden)
            }

            // Another vendor's page, a platform page or no page at all: 404 everywhere.
            for target in [theirs.id, marketing.id, UUID()] {
                #expect(try await browser.get("/vendor/pages/\(target)").status == .notFound)
                #expect(try await browser.get("/vendor/pages/\(target)/delete").status == .notFound)
                for action in ["", "/preview", "/publish", "/unpublish", "/delete"] {
                    #expect(try await browser.post("/vendor/pages/\(target)\(action)", ["slug": "story", "locale": "fr", "title": "Mine"]).status == .notFound,
                            "\(action)")
                }
            }
            #expect(try await browser.get("/vendor/pages/not-a-page").status == .notFound)
            // "Customise" takes only the platform's default pages.
            #expect(try await browser.get("/vendor/pages/new?from=\(marketing.id)").status == .notFound)
            #expect(try await browser.get("/vendor/pages/new?from=\(theirs.id)").status == .notFound)
            #expect(try await browser.get("/vendor/pages/new?from=garbage").status == .notFound)
            #expect(try await CMSState.read(kernel) == before)
        }
    }

    @Test func thePagesFollowTheFeature() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let owner = PageBrowser(try await CMSClient.vendor("ferme", tier: "essential", client: client, kernel: kernel))
            #expect(try await owner.text("/vendor/orders").contains(#"id="nav-pages""#))
            let superAdmin = CMSClient(client: client, credential: try await Fixtures.loginAsSuperAdmin(client), platform: "oms", vendorId: nil)
            #expect(try await superAdmin.call(.put, "/admin/platforms/\(oms.id)/features/cms.basic", #"{"enabled": false}"#).status == .ok)
            #expect(!(try await owner.text("/vendor/orders")).contains(#"id="nav-pages""#))
            let refused = try await owner.get("/vendor/pages")
            #expect(refused.status == .forbidden && String(buffer: refused.body).contains("switched it off"))
        }
    }

    @Test func aPlatformAdminEditsMarketingAndDefaultPages() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let admin = PageBrowser(try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel))
            let root = "/admin/platforms/\(oms.id)/pages"
            #expect(try await admin.text("/admin/platforms/\(oms.id)").contains(#"id="platform-pages" href="/oms\#(root)""#))
            #expect(try await admin.text(root).contains("No marketing pages yet."))
            #expect(try await admin.text(root + "/new?kind=marketing").contains(#"<option value="true" selected>"#))

            // A marketing page: created, previewed, changed, published, deleted; each change audited.
            let created = try await admin.post(root, ["is_platform_page": "true", "slug": "imprint", "locale": "fr", "title": "Mentions légales",
                                                      "body_markdown": "Agora S.A.", "is_published": "1"])
            #expect(created.status == .seeOther)
            let id = try #require(PageBrowser.redirectId(created))
            #expect(created.headers[.location] == "/oms\(root)/\(id)?saved=1")
            #expect(try await CMSClient.visitor(client).call(.get, "/pages/imprint").status == .ok)
            let list = try await admin.text(root)
            #expect(list.contains(#"id="marketing-imprint-fr""#) && list.contains("No default pages yet."))

            let preview = try await admin.post(root + "/\(id)/preview", ["is_platform_page": "true", "slug": "imprint", "locale": "fr",
                                                                        "title": "Impressum", "body_markdown": Self.hostile])
            #expect(preview.status == .ok && String(buffer: preview.body).contains("&lt;iframe") && !String(buffer: preview.body).contains("<iframe"))
            // The site's rendered (cached) page follows every change made here at once.
            let site = { try await client.execute(uri: "/oms/pages/imprint?locale=fr", method: .get) }
            #expect(String(buffer: try await site().body).contains("Agora S.A."))
            #expect(try await admin.post(root + "/\(id)", ["is_platform_page": "true", "slug": "imprint", "locale": "fr", "title": "Impressum",
                                                           "body_markdown": "Agora S.A., Luxembourg"]).status == .seeOther)
            #expect(String(buffer: try await site().body).contains("Agora S.A., Luxembourg"))
            #expect(try await admin.post(root + "/\(id)/unpublish").status == .seeOther)
            #expect(try await CMSClient.visitor(client).call(.get, "/pages/imprint").status == .notFound)
            #expect(try await site().status == .notFound)
            #expect(try await admin.post(root + "/\(id)/publish").status == .seeOther)
            #expect(try await admin.text(root + "/\(id)").contains("Agora S.A., Luxembourg"))
            // A default page for vendors from the same form, scheduled for tomorrow at 09:00 UTC.
            let tomorrow = PageTime.input(Date().addingTimeInterval(86_400)).prefix(10) + "T09:00"
            let fallback = try await admin.post(root, ["is_platform_page": "false", "slug": "returns", "locale": "de", "title": "Rückgabe",
                                                       "is_published": "1", "published_at": String(tomorrow)])
            #expect(fallback.status == .seeOther)
            let defaults = try await admin.text(root)
            #expect(defaults.contains(#"id="default-returns-de""#) && defaults.contains(#"data-status="scheduled""#))
            #expect(defaults.contains(tomorrow.prefix(10) + " 09:00 UTC"))
            #expect(try await admin.text(root + "/\(id)/delete").contains(#"id="confirm-delete""#))
            #expect(try await admin.post(root + "/\(id)/delete").headers[.location] == "/oms\(root)?deleted=1")
            struct Action: Decodable { let action: String }
            let actions = try await kernel.database.read {
                try await $0.sql.raw("SELECT action FROM audit_events WHERE action LIKE 'cms.%' ORDER BY seq").rows(Action.self)
            }
            #expect(actions.map(\.action) == ["cms.page.created", "cms.page.updated", "cms.page.updated", "cms.page.updated", "cms.page.created",
                                              "cms.page.deleted"])
        }
    }

    @Test func platformAdminRefusalsWriteNothing() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let loyalty = try await Fixtures.platform("loyalty", kernel: kernel)
            let omsAdminUser = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            let omsAdmin = PageBrowser(omsAdminUser)
            let loyaltyAdmin = try await CMSClient.platformAdmin(of: "loyalty", client: client, kernel: kernel)
            let theirs = try await loyaltyAdmin.create(CMSClient.page("rewards", "fr", extra: #", "is_platform_page": true"#), adminPlatform: loyalty.id)
            let owner = try await CMSClient.vendor("ferme", tier: "professional", client: client, kernel: kernel)
            let vendorPage = try await owner.create(CMSClient.page("story", "fr"))
            let ours = try await omsAdminUser.create(CMSClient.page("about", "fr"), adminPlatform: oms.id)
            let before = try await CMSState.read(kernel)

            // Malformed: each field named, nothing written, nothing audited.
            let bad = try await omsAdmin.post("/admin/platforms/\(oms.id)/pages", ["is_platform_page": "true", "slug": "Über uns", "locale": "!!", "title": ""])
            #expect(bad.status == .unprocessableContent)
            for field in ["slug", "locale", "title"] { #expect(String(buffer: bad.body).contains(#"id="error-\#(field)""#), "\(field)") }
            let badEdit = try await omsAdmin.post("/admin/platforms/\(oms.id)/pages/\(ours.id)", ["slug": "about", "locale": "fr", "title": ""])
            #expect(badEdit.status == .unprocessableContent && String(buffer: badEdit.body).contains(#"id="error-title""#))
            #expect(try await omsAdmin.post("/admin/platforms/\(oms.id)/pages/\(ours.id)/publish", ["published_at": "soon"]).status == .unprocessableContent)
            #expect(try await omsAdmin.post("/admin/platforms/\(oms.id)/pages", ["slug": "x", "locale": "fr", "title": "X"], csrf: nil).status == .forbidden)
            #expect(try await omsAdmin.post("/admin/platforms/\(oms.id)/pages/\(ours.id)/delete", csrf: nil).status == .forbidden)

            // Another platform's pages, through its path or through ours; a vendor's page: 404.
            let loyaltyRoot = "/admin/platforms/\(loyalty.id)/pages"
            for path in [loyaltyRoot, loyaltyRoot + "/new", loyaltyRoot + "/\(theirs.id)", loyaltyRoot + "/\(theirs.id)/delete",
                         "/admin/platforms/\(oms.id)/pages/\(theirs.id)", "/admin/platforms/\(oms.id)/pages/\(vendorPage.id)"] {
                #expect(try await omsAdmin.get(path).status == .notFound, "\(path)")
            }
            for path in [loyaltyRoot, loyaltyRoot + "/preview", loyaltyRoot + "/\(theirs.id)", loyaltyRoot + "/\(theirs.id)/publish",
                         loyaltyRoot + "/\(theirs.id)/unpublish", loyaltyRoot + "/\(theirs.id)/delete",
                         "/admin/platforms/\(oms.id)/pages/\(theirs.id)", "/admin/platforms/\(oms.id)/pages/\(theirs.id)/delete",
                         "/admin/platforms/\(oms.id)/pages/\(vendorPage.id)/unpublish"] {
                #expect(try await omsAdmin.post(path, ["slug": "mine", "locale": "fr", "title": "Mine"]).status == .notFound, "\(path)")
            }
            // A vendor's owner is no platform admin.
            let vendor = PageBrowser(owner)
            #expect(try await vendor.get("/admin/platforms/\(oms.id)/pages").status == .forbidden)
            #expect(try await vendor.post("/admin/platforms/\(oms.id)/pages/\(ours.id)/delete").status == .forbidden)
            #expect(try await CMSState.read(kernel) == before)
        }
    }
}
