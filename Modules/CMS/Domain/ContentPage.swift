import Foundation

/// One content page in one locale: a vendor's page, a platform's default page for vendors, or a
/// platform's marketing page (see `ContentPageTier`).
public struct ContentPage: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    /// The platform the page belongs to; pages never cross platforms.
    public var platformId: UUID
    /// The vendor that wrote the page; nil for the platform's own pages.
    public var vendorId: UUID?
    /// The path segment the page answers on (`about`, `shipping`), compared case-insensitively.
    public var slug: String
    /// BCP 47 tag of the page's language (`fr`, `fr-LU`, `de`, `en`).
    public var locale: String
    public var title: String
    /// The body as Markdown, rendered through `SafeMarkdown`.
    public var bodyMarkdown: String
    /// `<title>` for search engines; the page title when nil.
    public var seoTitle: String?
    /// `<meta name="description">`; none when nil.
    public var seoDescription: String?
    /// Whether the author has published the page; drafts never resolve.
    public var isPublished: Bool
    /// When a published page goes live; nil means as soon as it is published.
    public var publishedAt: Date?
    /// A platform marketing page (home, about, legal) rather than a default page for vendors.
    public var isPlatformPage: Bool
    public var updatedAt: Date

    public init(id: UUID = UUID(), platformId: UUID, vendorId: UUID? = nil, slug: String, locale: String,
                title: String, bodyMarkdown: String = "", seoTitle: String? = nil, seoDescription: String? = nil,
                isPublished: Bool = true, publishedAt: Date? = nil, isPlatformPage: Bool = false, updatedAt: Date) {
        self.id = id
        self.platformId = platformId
        self.vendorId = vendorId
        self.slug = slug
        self.locale = locale
        self.title = title
        self.bodyMarkdown = bodyMarkdown
        self.seoTitle = seoTitle
        self.seoDescription = seoDescription
        self.isPublished = isPublished
        self.publishedAt = publishedAt
        self.isPlatformPage = isPlatformPage
        self.updatedAt = updatedAt
    }

    /// Which tier the page sits in; nil for a row that claims a vendor and is a platform page,
    /// which is neither and therefore never resolves.
    public var tier: ContentPageTier? {
        switch (vendorId, isPlatformPage) {
        case (.some, false): .vendorOverride
        case (nil, false): .vendorDefault
        case (nil, true): .platformMarketing
        case (.some, true): nil
        }
    }

    /// Whether visitors may see the page at `now`: published, and its publish time has come.
    public func isLive(at now: Date) -> Bool {
        guard isPublished else { return false }
        guard let publishedAt else { return true }
        return publishedAt <= now
    }

    /// The slug as pages are matched: trimmed of spaces and slashes, lowercased.
    public static func normalizedSlug(_ slug: String) -> String {
        slug.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "/"))).lowercased()
    }
}

/// The three tiers of content, in the order a vendor storefront request tries them.
public enum ContentPageTier: String, Sendable, Codable, CaseIterable, Comparable {
    /// The vendor's own page: an override of a default page, or a custom page of its own.
    case vendorOverride = "vendor_override"
    /// The platform's default page for every vendor (no vendor, not a platform page).
    case vendorDefault = "vendor_default"
    /// The platform's marketing page (`is_platform_page`).
    case platformMarketing = "platform_marketing"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
