import Foundation
import Kernel
import NIOConcurrencyHelpers

/// What every public page (the platform's site and the storefronts) shares around its content:
/// the platform's theme from `Platforms/<code>/theme.css`, the page language and the footer
/// links to the legal pages.
enum SiteChrome {
    /// The platform pages every site links in its footer, in this order.
    static let footerSlugs: [(slug: String, label: String)] = [
        ("about", "About"), ("contact", "Contact"), ("imprint", "Imprint"), ("terms", "Terms"), ("privacy", "Privacy"),
    ]

    private static let themes = NIOLockedValueBox<[String: String]>([:])

    /// The platform's stylesheet additions (`Platforms/<code>/theme.css`), read once per process;
    /// "" when the platform has none. The file ships with the deployment, so it never changes
    /// while the process runs.
    static func theme(platformCode code: String, root: URL) -> String {
        if let cached = themes.withLockedValue({ $0[code] }) { return cached }
        let file = root.appendingPathComponent("Platforms").appendingPathComponent(code).appendingPathComponent("theme.css")
        let css = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        // The stylesheet is inlined in a <style> element: never let it close the element.
        let safe = css.replacingOccurrences(of: "</", with: "<\\/")
        themes.withLockedValue { $0[code] = safe }
        return safe
    }

    /// Adds the theme, the language and the footer links to a public page's template data.
    /// `linkBase` is where the footer's pages live: the site's root or a storefront's.
    static func decorate(_ data: inout [String: Any], platform: ResolvedPlatform, locale: String, linkBase: String, kernel: KernelServices) {
        data["themeCSS"] = theme(platformCode: platform.code, root: kernel.configuration.root)
        data["lang"] = ContentLocale(locale)?.language ?? "en"
        data["footerLinks"] = footerSlugs.map { ["href": linkBase + "/pages/" + $0.slug, "label": $0.label] }
    }
}

/// Where a storefront's pages live: `/<prefix>/shop/<vendor-slug>` on the platform's domain,
/// the domain's root on a vendor's own domain.
enum StorefrontPath {
    /// The storefront's base path for links (no trailing slash).
    static func base(_ call: PageCall, shopSlug: String) -> String {
        call.context.platform?.storefrontBase(shopSlug: shopSlug) ?? AgoraResponder.storefrontPrefix + "/" + shopSlug
    }
}
