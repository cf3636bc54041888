import Foundation
import Hummingbird
import Kernel

/// The page a visitor asked for, resolved through the three tiers and the locale fallback.
enum PublicPageRoutes {
    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.get("/api/v1/pages/:slug", summary: "A published page of this platform or, on a vendor's domain or with ?shop=, of that vendor's storefront",
                   access: .anyone, feature: "cms",
                   query: [QueryParameter(name: "locale", description: "The visitor's language (fr, fr-LU, de…); falls back to the shop's, then the platform's.",
                                          schema: .object(["type": .string("string")])),
                           QueryParameter(name: "shop", description: "A vendor's slug: resolve for its storefront.", schema: .object(["type": .string("string")]))]) { request, context in
            let platform = try context.requirePlatform()
            let query = request.uri.queryParameters
            let slug = ContentPage.normalizedSlug(context.parameters.get("slug") ?? "")
            var locale: String?
            if let raw = query["locale"], !raw.isEmpty {
                guard let parsed = ContentLocale(String(raw)) else { throw Problem.invalidParameter("locale", "must be a language tag such as fr-LU") }
                locale = parsed.tag
            }
            let vendor = try await storefrontVendor(platform: platform, shop: query["shop"].map { String($0) }, kernel: kernel)
            guard PageRules.isValidSlug(slug) else { throw Problem.notFound("Page") }
            let candidates = try await kernel.database.read {
                try await PageStore.candidates(platform: platform.id, vendor: vendor?.id, slug: slug, on: $0)
            }
            let pageRequest = PageRequest(platformId: platform.id, vendorId: vendor?.id, slug: slug, locale: locale)
            guard let match = PageResolution.match(request: pageRequest, vendorDefaultLocale: vendor?.locale,
                                                   platformDefaultLocale: platform.defaultLocale, candidates: candidates, now: kernel.now())
            else { throw Problem.notFound("Page") }
            return RenderedPage(match.page, tier: match.tier)
        }
    }

    /// The vendor whose storefront the request is for: the custom domain's, or the active vendor
    /// on this platform named by `?shop=`; nil on the platform's own site. Anything else is a 404.
    static func storefrontVendor(platform: ResolvedPlatform, shop: String?, kernel: KernelServices) async throws -> Vendor? {
        var vendor: Vendor?
        if let shop, !shop.isEmpty {
            vendor = try await kernel.vendors.vendor(slug: shop)
            guard platform.vendorId == nil || vendor?.id == platform.vendorId else { throw Problem.notFound("Shop") }
        } else if let domainVendor = platform.vendorId {
            vendor = try await kernel.vendors.vendor(domainVendor)
        } else {
            return nil
        }
        guard let vendor, vendor.isActive, try await kernel.features.subscription(platform: platform.id, vendor: vendor.id) != nil
        else { throw Problem.notFound("Shop") }
        return vendor
    }
}
