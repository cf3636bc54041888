import Foundation
import Hummingbird
import Kernel

/// Content pages as visitors see them, rendered in the site's layout and served from
/// ``RenderedPages``: the platform's marketing pages at `/pages/:slug` and a storefront's pages
/// (its own, the platform's defaults, then the marketing pages) at `/shop/:shop/pages/:slug` —
/// on a vendor's own domain that is `/pages/:slug`.
enum ContentPageRoutes {
    static func register(on routes: RouteBuilder, kernel: KernelServices, cache: RenderedPages) {
        let site = SiteDocuments(kernel: kernel)
        let refusal: @Sendable (Problem, Request, AgoraRequestContext) async -> PublicDocument = { problem, _, context in
            site.refusal(problem, context: context)
        }

        routes.document("/pages/:slug", summary: "A marketing page of the platform (about, contact, legal pages)",
                        access: .anyone, feature: "cms", refusal: refusal) { request, context in
            let platform = try context.requirePlatform()
            return try await page(request, context, platform: platform, vendor: nil, kernel: kernel, cache: cache, site: site)
        }

        routes.document("/shop/:shop/pages/:slug", summary: "A page of a vendor's storefront (its own, or the platform's default)",
                        access: .shop, feature: "cms", refusal: refusal) { request, context in
            let platform = try context.requirePlatform()
            guard let vendor = try await kernel.vendors.vendor(try context.requireVendor().vendorId) else { throw Problem.notFound("Shop") }
            return try await page(request, context, platform: platform, vendor: vendor, kernel: kernel, cache: cache, site: site)
        }
    }

    /// The page for the request's slug and language, from the cache or rendered now.
    static func page(_ request: Request, _ context: AgoraRequestContext, platform: ResolvedPlatform, vendor: Vendor?,
                     kernel: KernelServices, cache: RenderedPages, site: SiteDocuments) async throws -> PublicDocument {
        let slug = ContentPage.normalizedSlug(context.parameters.get("slug") ?? "")
        guard PageRules.isValidSlug(slug) else { throw Problem.notFound("Page") }
        let locale = try requestedLocale(request)
        let now = kernel.now()
        let key = RenderedPages.Key(platform: platform.id, vendor: vendor?.id, slug: slug, locale: locale)
        return try await cache.document(key, now: now) {
            let candidates = try await kernel.database.read {
                try await PageStore.candidates(platform: platform.id, vendor: vendor?.id, slug: slug, on: $0)
            }
            let pageRequest = PageRequest(platformId: platform.id, vendorId: vendor?.id, slug: slug, locale: locale)
            guard let match = PageResolution.match(request: pageRequest, vendorDefaultLocale: vendor?.locale,
                                                   platformDefaultLocale: platform.defaultLocale, candidates: candidates, now: now)
            else { throw Problem.notFound("Page") }
            let rendered = RenderedPage(match.page, tier: match.tier)
            var data: [String: Any] = [
                "seoDescription": rendered.seoDescription ?? "",
                "html": rendered.html,
                "pageTitle": rendered.title,
                "updated": rendered.updatedAt.formatted(.iso8601.year().month().day()),
            ]
            var linkBase = platform.pathPrefix
            if let vendor {
                linkBase = platform.storefrontBase(shopSlug: vendor.slug)
                // On a vendor's own domain the storefront's home is the domain's root.
                data["shop"] = ["name": vendor.name, "base": linkBase, "home": linkBase.isEmpty ? "/" : linkBase]
            }
            let document = site.render("cms/content-page", title: rendered.seoTitle, data, platform: platform, locale: match.page.locale, linkBase: linkBase)
            return RenderedPages.Rendition(document: document, changesAt: nextScheduled(candidates, after: now))
        }
    }

    /// The visitor's language (`?locale=`, else `Accept-Language`); a malformed `?locale=` is a 400.
    static func requestedLocale(_ request: Request) throws -> String? {
        do {
            return try VisitorLocale.requested(query: request.uri.queryParameters["locale"].map(String.init),
                                               acceptLanguage: request.headers[.acceptLanguage])
        } catch {
            throw Problem.invalidParameter("locale", "must be a language tag such as fr-LU")
        }
    }

    /// The earliest publish time after `now` among published candidates: the answer may change then.
    static func nextScheduled(_ candidates: [ContentPage], after now: Date) -> Date? {
        candidates.filter { $0.isPublished }.compactMap(\.publishedAt).filter { $0 > now }.min()
    }
}
