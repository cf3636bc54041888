import Foundation
import Hummingbird
import Kernel

/// One page as the editing APIs answer it.
struct PageBody: ResponseCodable, Sendable {
    let page: ContentPage
    /// `vendor_override`, `vendor_default` or `platform_marketing`.
    let tier: ContentPageTier?
}

/// A vendor's pages and the platform's default slugs it may override with `cms.basic` alone.
struct VendorPageList: ResponseCodable, Sendable {
    let items: [ContentPage]
    /// Slugs of the platform's default pages for vendors; any other slug is a custom page.
    let defaultSlugs: [String]
}

/// A page rendered for display: the visitor's answer, or the editor's preview of a draft.
struct RenderedPage: ResponseCodable, Sendable {
    let id: UUID
    let slug: String
    let locale: String
    let title: String
    /// The page title when no SEO title was set.
    let seoTitle: String
    let seoDescription: String?
    let tier: ContentPageTier?
    /// The body through `SafeMarkdown`: raw HTML escaped, only http(s), mailto and site links.
    let html: String
    let updatedAt: Date

    init(_ page: ContentPage, tier: ContentPageTier?) {
        id = page.id
        slug = page.slug
        locale = page.locale
        title = page.title
        seoTitle = page.seoTitle ?? page.title
        seoDescription = page.seoDescription
        self.tier = tier
        html = SafeMarkdown.render(page.bodyMarkdown)
        updatedAt = page.updatedAt
    }
}
