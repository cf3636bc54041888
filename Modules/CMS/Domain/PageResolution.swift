import Foundation

/// What a visitor asked for: a slug in a locale, on a platform, on a vendor's storefront or not.
public struct PageRequest: Sendable, Equatable {
    public var platformId: UUID
    /// The storefront's vendor; nil on the platform's own marketing site.
    public var vendorId: UUID?
    public var slug: String
    /// The visitor's locale (from the URL or `Accept-Language`); nil when none was given.
    public var locale: String?

    public init(platformId: UUID, vendorId: UUID? = nil, slug: String, locale: String?) {
        self.platformId = platformId
        self.vendorId = vendorId
        self.slug = slug
        self.locale = locale
    }
}

/// Which page answers a request, from the three tiers and the locale fallback.
///
/// **Tiers before locales.** The tiers are tried in order (the vendor's own page, the
/// platform's default page for vendors, the platform's marketing page) and, within a tier,
/// the locales of `LocaleStep.fallbackChain` (requested, then the vendor's, then the
/// platform's default language). A tier that has the page in *any* locale of the chain
/// wins over a lower tier that has it in the exact requested locale. That is what a seller
/// expects from "override": a Luxembourg shop that rewrote its `about` page in French shows
/// its own French page to a German-speaking visitor, not the platform's generic German
/// placeholder, which would hide the seller's words the moment the visitor's language differs.
/// A page in a locale outside the chain (an Italian-only override when visitor, shop and
/// platform speak none) is not served; the next tier is tried.
///
/// **No vendor, no vendor tiers.** A request without a vendor (the platform's marketing
/// site) only looks at marketing pages: default pages for vendors are templates for
/// storefronts, not the platform's own `about`.
///
/// **Defensive filtering.** Whatever the caller passes, a page of another platform, of
/// another vendor, unpublished, scheduled after `now`, or claiming both a vendor and
/// `is_platform_page` never resolves.
public enum PageResolution {
    /// A resolved page with how it was found (for caching keys, logs and tests).
    public struct Match: Sendable, Equatable {
        public var page: ContentPage
        public var tier: ContentPageTier
        public var step: LocaleStep
    }

    /// The page that answers `request`, or nil when no tier has it in any fallback locale.
    public static func resolve(request: PageRequest, vendorDefaultLocale: String?, platformDefaultLocale: String,
                               candidates: [ContentPage], now: Date) -> ContentPage? {
        match(request: request, vendorDefaultLocale: vendorDefaultLocale, platformDefaultLocale: platformDefaultLocale,
              candidates: candidates, now: now)?.page
    }

    /// `resolve`, also saying which tier and which locale step matched.
    public static func match(request: PageRequest, vendorDefaultLocale: String?, platformDefaultLocale: String,
                             candidates: [ContentPage], now: Date) -> Match? {
        let slug = ContentPage.normalizedSlug(request.slug)
        guard !slug.isEmpty else { return nil }
        let chain = LocaleStep.fallbackChain(
            requested: request.locale,
            vendor: request.vendorId == nil ? nil : vendorDefaultLocale,
            platform: platformDefaultLocale)
        let eligible = candidates.filter {
            $0.platformId == request.platformId && $0.isLive(at: now) && ContentPage.normalizedSlug($0.slug) == slug
        }
        for tier in tiers(for: request) {
            let pool = eligible.filter { page in
                guard page.tier == tier else { return false }
                return tier != .vendorOverride || page.vendorId == request.vendorId
            }
            guard !pool.isEmpty else { continue }
            for step in chain {
                if let page = pool.filter({ step.matches($0.locale) }).min(by: preferred) {
                    return Match(page: page, tier: tier, step: step)
                }
            }
        }
        return nil
    }

    /// The tiers a request may be answered from, in order.
    public static func tiers(for request: PageRequest) -> [ContentPageTier] {
        request.vendorId == nil ? [.platformMarketing] : ContentPageTier.allCases
    }

    /// Tie-break among pages matching the same step, so the answer never depends on row order:
    /// the alphabetically first locale (for `fr-*` steps), then the most recently updated,
    /// then the smallest id.
    private static func preferred(_ a: ContentPage, _ b: ContentPage) -> Bool {
        let (la, lb) = (ContentLocale(a.locale)?.tag ?? a.locale, ContentLocale(b.locale)?.tag ?? b.locale)
        if la != lb { return la < lb }
        if a.updatedAt != b.updatedAt { return a.updatedAt > b.updatedAt }
        return a.id.uuidString < b.id.uuidString
    }
}
