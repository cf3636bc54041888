import Foundation
import Hummingbird
import Kernel

/// A vendor's own pages: overrides of the platform's default pages (`cms.basic`, every tier)
/// and custom pages under new slugs (`cms.custom_pages`, counted against its limit).
///
/// The JSON API and the editing pages (`VendorPageEditor`) change pages through the same
/// functions here, so validation, tier gating, the custom-page limit and the announcement that
/// rendered pages changed are one code path.
enum VendorPageRoutes {
    /// The feature every vendor page route needs, API and editing pages alike.
    static let feature = CMSTiers.basicFeature

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.get("/api/v1/vendor/pages", summary: "Your pages, and the slugs of the platform's default pages you may override",
                   access: .vendor(.vendorStaff), feature: feature) { _, context in
            let vendor = try context.requireVendor()
            return try await kernel.database.read(for: vendor) { tx in
                VendorPageList(items: try await PageStore.pages(vendor: vendor.vendorId, platform: vendor.platformId, on: tx),
                               defaultSlugs: try await PageStore.vendorDefaultSlugs(platform: vendor.platformId, on: tx).sorted())
            }
        }

        routes.post("/api/v1/vendor/pages", summary: "Create a page: an override of a default slug, or a custom page (needs cms.custom_pages; counts against its limit)",
                    access: .vendor(.vendorManager), feature: feature, body: PageInput.self) { input, _, context in
            let page = try await create(input, vendor: try context.requireVendor(), platform: try context.requirePlatform(), kernel: kernel)
            return StatusResponse(.created, PageBody(page: page, tier: page.tier))
        }

        routes.get("/api/v1/vendor/pages/:pageId", summary: "One of your pages", access: .vendor(.vendorStaff), feature: feature) { _, context in
            let page = try await own(try context.id("pageId", of: "Page"), vendor: try context.requireVendor(), kernel: kernel)
            return PageBody(page: page, tier: page.tier)
        }

        routes.get("/api/v1/vendor/pages/:pageId/preview", summary: "One of your pages rendered as visitors will see it, published or not",
                   access: .vendor(.vendorStaff), feature: feature) { _, context in
            let page = try await own(try context.id("pageId", of: "Page"), vendor: try context.requireVendor(), kernel: kernel)
            return RenderedPage(page, tier: page.tier)
        }

        routes.put("/api/v1/vendor/pages/:pageId", summary: "Change one of your pages; only the fields given change",
                   access: .vendor(.vendorManager), feature: feature, body: PageInput.self) { input, _, context in
            let page = try await update(try context.id("pageId", of: "Page"), input, vendor: try context.requireVendor(),
                                        platform: try context.requirePlatform(), kernel: kernel)
            return PageBody(page: page, tier: page.tier)
        }

        routes.delete("/api/v1/vendor/pages/:pageId", summary: "Delete one of your pages (a custom page frees a place under the limit)",
                      access: .vendor(.vendorManager), feature: feature) { _, context -> Response in
            try await delete(try context.id("pageId", of: "Page"), vendor: try context.requireVendor(), kernel: kernel)
            return Response(status: .noContent)
        }
    }

    /// Creates a vendor's page: 422 naming every invalid field; a custom page (a slug that is
    /// not one of the platform's default pages) needs `cms.custom_pages` (403
    /// `feature_not_available`) and takes a place under its limit (403 `limit_reached`).
    static func create(_ input: PageInput, vendor: VendorScope, platform: ResolvedPlatform, kernel: KernelServices) async throws -> ContentPage {
        let now = kernel.now()
        var page = ContentPage(id: UUID.v7(now: now), platformId: vendor.platformId, vendorId: vendor.vendorId, slug: "", locale: "",
                               title: "", isPublished: false, updatedAt: now)
        var validation = Validation()
        validation.check(input.isPlatformPage != true, "is_platform_page", "forbidden", "only platform admins write platform pages")
        PageRules.apply(input, to: &page, creating: true, validation: &validation)
        try validation.throwIfInvalid()
        try await kernel.database.transaction(for: vendor) { tx in
            let defaults = try await PageStore.vendorDefaultSlugs(platform: vendor.platformId, on: tx)
            let isCustom = CustomPageRule.isCustom(slug: page.slug, vendorDefaults: defaults)
            if isCustom {
                try await kernel.features.require(CMSTiers.customPagesFeature, platform: platform, vendor: vendor)
                try await kernel.usage.consume(CMSTiers.customPagesLimit, for: vendor, at: now, on: tx)
            }
            try await PageStore.insert(page, countsAsCustom: isCustom, now: now, on: tx)
        }
        // Rendered pages on every instance show the change from the next request.
        await kernel.changes.announce(.content)
        return page
    }

    /// Changes the fields `input` gives of the vendor's page `id` (404 for anyone else's page).
    /// A new slug can turn an override into a custom page, which is gated and counted like a
    /// new one, or a custom page into an override, which gives its place back.
    static func update(_ id: UUID, _ input: PageInput, vendor: VendorScope, platform: ResolvedPlatform, kernel: KernelServices) async throws -> ContentPage {
        let now = kernel.now()
        let page = try await kernel.database.transaction(for: vendor) { tx -> ContentPage in
            var page = try await own(id, vendor: vendor, on: tx)
            let before = page.slug
            var validation = Validation()
            validation.check(input.isPlatformPage != true, "is_platform_page", "forbidden", "only platform admins write platform pages")
            PageRules.apply(input, to: &page, creating: false, validation: &validation)
            try validation.throwIfInvalid()
            // An unchanged slug keeps what the page took, whatever the defaults became since.
            let wasCustom = try await PageStore.countsAsCustom(page.id, on: tx)
            var isCustom = wasCustom
            if page.slug != before {
                let defaults = try await PageStore.vendorDefaultSlugs(platform: vendor.platformId, on: tx)
                isCustom = CustomPageRule.isCustom(slug: page.slug, vendorDefaults: defaults)
            }
            if isCustom && !wasCustom {
                try await kernel.features.require(CMSTiers.customPagesFeature, platform: platform, vendor: vendor)
                try await kernel.usage.consume(CMSTiers.customPagesLimit, for: vendor, at: now, on: tx)
            } else if wasCustom && !isCustom {
                try await kernel.usage.release(CMSTiers.customPagesLimit, for: vendor, at: now, on: tx)
            }
            page.updatedAt = now
            try await PageStore.update(page, countsAsCustom: isCustom, on: tx)
            return page
        }
        // Rendered pages on every instance show the change from the next request.
        await kernel.changes.announce(.content)
        return page
    }

    /// Deletes the vendor's page `id`; a custom page gives back its place under the limit.
    static func delete(_ id: UUID, vendor: VendorScope, kernel: KernelServices) async throws {
        let now = kernel.now()
        try await kernel.database.transaction(for: vendor) { tx in
            let page = try await own(id, vendor: vendor, on: tx)
            let countedAsCustom = try await PageStore.countsAsCustom(page.id, on: tx)
            try await PageStore.delete(page.id, on: tx)
            if countedAsCustom {
                try await kernel.usage.release(CMSTiers.customPagesLimit, for: vendor, at: now, on: tx)
            }
        }
        // Rendered pages on every instance show the change from the next request.
        await kernel.changes.announce(.content)
    }

    /// The vendor's page `id`, read in its own transaction.
    static func own(_ id: UUID, vendor: VendorScope, kernel: KernelServices) async throws -> ContentPage {
        try await kernel.database.read(for: vendor) { try await own(id, vendor: vendor, on: $0) }
    }

    /// The vendor's page `id` on its platform, or a 404 that looks the same for another vendor's page.
    static func own(_ id: UUID, vendor: VendorScope, on tx: DatabaseSession) async throws -> ContentPage {
        guard let page = try await PageStore.page(id, platform: vendor.platformId, vendor: vendor.vendorId, on: tx) else {
            throw Problem.notFound("Page")
        }
        return page
    }
}
