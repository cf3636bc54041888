import Foundation
import Kernel

/// What an editor sends to create or change a page; on a change, only the fields given change.
public struct PageInput: Codable, Sendable {
    public var slug: String?
    public var locale: String?
    public var title: String?
    public var bodyMarkdown: String?
    public var seoTitle: String?
    public var seoDescription: String?
    public var isPublished: Bool?
    /// When a published page goes live; absent or null means as soon as it is published.
    public var publishedAt: Date?
    /// Platform admins only: a marketing page rather than a default page for vendors.
    public var isPlatformPage: Bool?
}

/// The checks every page passes before it is stored, reported per field (422).
public enum PageRules {
    public static let maxSlugLength = 80
    public static let maxTitleLength = 200
    public static let maxSEOTitleLength = 200
    public static let maxSEODescriptionLength = 500
    /// Bytes of Markdown: a long legal page fits many times over.
    public static let maxBodyBytes = 100_000

    /// Whether a normalised slug is one path segment of lowercase letters, digits and single hyphens.
    public static func isValidSlug(_ slug: String) -> Bool {
        // By hand rather than with a Regex literal: every public page request checks its slug,
        // and Swift compiles a Regex literal again on each call.
        let bytes = slug.utf8
        guard !bytes.isEmpty, bytes.count <= maxSlugLength, bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): break
            case UInt8(ascii: "-") where previous != UInt8(ascii: "-"): break
            default: return false
            }
            previous = byte
        }
        return true
    }

    /// Applies `input` to `page`, recording every invalid field in `validation`; slugs are stored
    /// normalised and locales as canonical tags. `creating` makes slug, locale and title required.
    public static func apply(_ input: PageInput, to page: inout ContentPage, creating: Bool, validation: inout Validation) {
        if let slug = input.slug {
            let normalized = ContentPage.normalizedSlug(slug)
            validation.check(isValidSlug(normalized), "slug", "invalid",
                             "must be 1 to \(maxSlugLength) lowercase letters, digits and single hyphens, such as shipping-and-returns")
            page.slug = normalized
        } else if creating {
            validation.check(false, "slug", "required", "is required")
        }
        if let raw = input.locale {
            if let locale = ContentLocale(raw) { page.locale = locale.tag } else {
                validation.check(false, "locale", "invalid", "must be a language tag such as fr, fr-LU or de")
            }
        } else if creating {
            validation.check(false, "locale", "required", "is required")
        }
        if let title = input.title {
            let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
            validation.requireText(trimmed, "title", maxLength: maxTitleLength)
            page.title = trimmed
        } else if creating {
            validation.requireText(nil, "title")
        }
        if let body = input.bodyMarkdown {
            validation.check(body.utf8.count <= maxBodyBytes, "body_markdown", "too_long", "must be at most \(maxBodyBytes) bytes")
            page.bodyMarkdown = body
        }
        if let seoTitle = input.seoTitle {
            validation.check(seoTitle.count <= maxSEOTitleLength, "seo_title", "too_long", "must be at most \(maxSEOTitleLength) characters")
            page.seoTitle = seoTitle.isEmpty ? nil : seoTitle
        }
        if let seoDescription = input.seoDescription {
            validation.check(seoDescription.count <= maxSEODescriptionLength, "seo_description", "too_long",
                             "must be at most \(maxSEODescriptionLength) characters")
            page.seoDescription = seoDescription.isEmpty ? nil : seoDescription
        }
        if let isPublished = input.isPublished { page.isPublished = isPublished }
        if input.publishedAt != nil || creating { page.publishedAt = input.publishedAt }
    }
}
