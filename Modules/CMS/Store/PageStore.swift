import Foundation
import Kernel
import SQLKit

/// SQL for content pages. Callers pick the transaction: vendor-scoped for a vendor's pages
/// (row-level security then shows its rows and the platform's), unscoped for admins and visitors.
enum PageStore {
    static let columns: SQLQueryString = """
        id, platform_id, vendor_id, slug, locale, title, body_markdown, seo_title, seo_description,
        is_published, published_at, is_platform_page, updated_at
        """

    /// The page `id` of `platformId` owned by `vendor` (nil: one of the platform's own pages).
    static func page(_ id: UUID, platform platformId: UUID, vendor: UUID?, on db: DatabaseSession) async throws -> ContentPage? {
        if let vendor {
            return try await db.sql.raw("""
                SELECT \(columns) FROM cms_pages WHERE id = \(bind: id) AND platform_id = \(bind: platformId) AND vendor_id = \(bind: vendor)
                """).row(ContentPage.self)
        }
        return try await db.sql.raw("""
            SELECT \(columns) FROM cms_pages WHERE id = \(bind: id) AND platform_id = \(bind: platformId) AND vendor_id IS NULL
            """).row(ContentPage.self)
    }

    /// A vendor's pages on a platform, by slug then locale.
    static func pages(vendor: UUID, platform platformId: UUID, on db: DatabaseSession) async throws -> [ContentPage] {
        try await db.sql.raw("""
            SELECT \(columns) FROM cms_pages WHERE platform_id = \(bind: platformId) AND vendor_id = \(bind: vendor) ORDER BY slug, locale
            """).rows(ContentPage.self)
    }

    /// The platform's own pages (marketing pages and default pages for vendors), by slug then locale.
    static func platformPages(_ platformId: UUID, on db: DatabaseSession) async throws -> [ContentPage] {
        try await db.sql.raw("""
            SELECT \(columns) FROM cms_pages WHERE platform_id = \(bind: platformId) AND vendor_id IS NULL
            ORDER BY is_platform_page, slug, locale
            """).rows(ContentPage.self)
    }

    /// The slugs of the platform's default pages for vendors, in any locale, published or not.
    static func vendorDefaultSlugs(platform platformId: UUID, on db: DatabaseSession) async throws -> Set<String> {
        struct Row: Decodable { let slug: String }
        let rows = try await db.sql.raw("""
            SELECT DISTINCT slug FROM cms_pages WHERE platform_id = \(bind: platformId) AND vendor_id IS NULL AND is_platform_page = \(bind: false)
            """).rows(Row.self)
        return Set(rows.map(\.slug))
    }

    /// The pages a storefront may show: the vendor's own and the platform's default pages for
    /// vendors, every slug and locale (`PageResolution` picks per slug).
    static func storefrontPages(platform platformId: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [ContentPage] {
        try await db.sql.raw("""
            SELECT \(columns) FROM cms_pages
            WHERE platform_id = \(bind: platformId) AND (vendor_id = \(bind: vendor) OR (vendor_id IS NULL AND is_platform_page = \(bind: false)))
            """).rows(ContentPage.self)
    }

    /// Every page that could answer `slug` on a platform for `vendor` (or for no vendor):
    /// the vendor's, the defaults and the marketing pages; `PageResolution` picks one.
    static func candidates(platform platformId: UUID, vendor: UUID?, slug: String, on db: DatabaseSession) async throws -> [ContentPage] {
        if let vendor {
            return try await db.sql.raw("""
                SELECT \(columns) FROM cms_pages
                WHERE platform_id = \(bind: platformId) AND slug = \(bind: slug) AND (vendor_id IS NULL OR vendor_id = \(bind: vendor))
                """).rows(ContentPage.self)
        }
        return try await db.sql.raw("""
            SELECT \(columns) FROM cms_pages WHERE platform_id = \(bind: platformId) AND slug = \(bind: slug) AND vendor_id IS NULL
            """).rows(ContentPage.self)
    }

    /// Stores a new page; a second page for the same slug, locale and owner is a 422 `taken`.
    /// `countsAsCustom`: the page took a place under the vendor's custom-page limit.
    static func insert(_ p: ContentPage, countsAsCustom: Bool = false, now: Date, on db: DatabaseSession) async throws {
        try await unique {
            try await db.sql.raw("""
                INSERT INTO cms_pages (id, platform_id, vendor_id, slug, locale, title, body_markdown, seo_title, seo_description,
                    is_published, published_at, is_platform_page, counts_as_custom, created_at, updated_at)
                VALUES (\(bind: p.id), \(bind: p.platformId), \(bind: p.vendorId), \(bind: p.slug), \(bind: p.locale), \(bind: p.title),
                    \(bind: p.bodyMarkdown), \(bind: p.seoTitle), \(bind: p.seoDescription), \(bind: p.isPublished), \(bind: p.publishedAt),
                    \(bind: p.isPlatformPage), \(bind: countsAsCustom), \(bind: now), \(bind: p.updatedAt))
                """).run()
        }
    }

    /// Writes every editable field of an existing page.
    static func update(_ p: ContentPage, countsAsCustom: Bool = false, on db: DatabaseSession) async throws {
        try await unique {
            try await db.sql.raw("""
                UPDATE cms_pages SET slug = \(bind: p.slug), locale = \(bind: p.locale), title = \(bind: p.title),
                    body_markdown = \(bind: p.bodyMarkdown), seo_title = \(bind: p.seoTitle), seo_description = \(bind: p.seoDescription),
                    is_published = \(bind: p.isPublished), published_at = \(bind: p.publishedAt), is_platform_page = \(bind: p.isPlatformPage),
                    counts_as_custom = \(bind: countsAsCustom), updated_at = \(bind: p.updatedAt)
                WHERE id = \(bind: p.id)
                """).run()
        }
    }

    /// Whether the page took a place under its vendor's custom-page limit.
    static func countsAsCustom(_ id: UUID, on db: DatabaseSession) async throws -> Bool {
        struct Row: Decodable { let countsAsCustom: Bool }
        return try await db.sql.raw("SELECT counts_as_custom FROM cms_pages WHERE id = \(bind: id)").row(Row.self)?.countsAsCustom ?? false
    }

    static func delete(_ id: UUID, on db: DatabaseSession) async throws {
        try await db.sql.raw("DELETE FROM cms_pages WHERE id = \(bind: id)").run()
    }

    private static func unique(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch where DatabaseErrors.isUniqueViolation(error) {
            throw Problem.invalid([FieldError(field: "slug", code: "taken", message: "a page with this slug and locale already exists")])
        }
    }
}
