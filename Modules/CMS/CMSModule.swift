import Foundation
import Kernel
import ServiceLifecycle

/// CMS: content pages in three tiers (a vendor's own page, the platform's default page for
/// vendors, the platform's marketing page) with locale fallback and inert Markdown; the vendor
/// and platform-admin editing APIs and pages, the public page resolution, and vendors' storefronts.
public struct CMSModule: AgoraModule {
    public init() {}

    public var id: String { "cms" }

    /// The storefront sells through Commerce's catalog, cart, checkout and shop accounts.
    public var dependencies: [String] { ["commerce"] }

    public var templatesDirectory: URL? { Bundle.module.url(forResource: "Templates", withExtension: nil) }

    public var features: [FeatureDeclaration] {
        [FeatureDeclaration(code: "cms", name: "Content pages", summary: "Pages for the platform's site and vendors' storefronts")]
            + CMSTiers.features
    }

    public var limits: [LimitDeclaration] { CMSTiers.limits }

    public func registerRoutes(on routes: RouteBuilder, kernel: KernelServices) {
        VendorPageRoutes.register(on: routes, kernel: kernel)
        AdminPageRoutes.register(on: routes, kernel: kernel)
        PublicPageRoutes.register(on: routes, kernel: kernel)
        VendorPageEditor.register(on: routes, kernel: kernel)
        AdminPageEditor.register(on: routes, kernel: kernel)
        PageEditorLinks.register(kernel: kernel)
        let cache = RenderedPages(changes: kernel.changes, timeToLive: kernel.configuration.cacheTimeToLive)
        MarketingHome.register(on: routes, kernel: kernel, cache: cache)
        ContentPageRoutes.register(on: routes, kernel: kernel, cache: cache)
        StorefrontPages.register(on: routes, kernel: kernel)
    }

    public func backgroundServices(kernel: KernelServices) -> [any Service] {
        [SitePageSeeding(kernel: kernel)]
    }
}
