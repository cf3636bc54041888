import Foundation
import Hummingbird
import Kernel

/// A vendor's own pages: overrides of the platform's default pages (`cms.basic`, every tier)
/// and custom pages under new slugs (`cms.custom_pages`, counted against its limit).
enum VendorPageRoutes {
    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database
        let feature = CMSTiers.basicFeature

        routes.get("/api/v1/vendor/pages", summary: "Your pages, and the slugs of the platform's default pages you may override",
                   access: .vendor(.vendorStaff), feature: feature) { _, context in
            let vendor = try context.requireVendor()
            return try await db.read(for: vendor) { tx in
                VendorPageList(items: try await PageStore.pages(vendor: vendor.vendorId, platform: vendor.platformId, on: tx),
                               defaultSlugs: try await PageStore.vendorDefaultSlugs(platform: vendor.platformId, on: tx).sorted())
            }
        }

        routes.post("/api/v1/vendor/pages", summary: "Create a page: an override of a default slug, or a custom page (needs cms.custom_pages; counts against its limit)",
                    access: .vendor(.vendorManager), feature: feature, body: PageInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let platform = try context.requirePlatform()
            let now = kernel.now()
            var page = ContentPage(id: UUID.v7(now: now), platformId: vendor.platformId, vendorId: vendor.vendorId, slug: "", locale: "",
                                   title: "", isPublished: false, updatedAt: now)
            var validation = Validation()
            validation.check(input.isPlatformPage != true, "is_platform_page", "forbidden", "only platform admins write platform pages")
            PageRules.apply(input, to: &page, creating: true, validation: &validation)
            try validation.throwIfInvalid()
            let stored = try await db.transaction(for: vendor) { tx -> ContentPage in
                let defaults = try await PageStore.vendorDefaultSlugs(platform: vendor.platformId, on: tx)
                let isCustom = CustomPageRule.isCustom(slug: page.slug, vendorDefaults: defaults)
                if isCustom {
                    try await kernel.features.require(CMSTiers.customPagesFeature, platform: platform, vendor: vendor)
                    try await kernel.usage.consume(CMSTiers.customPagesLimit, for: vendor, at: now, on: tx)
                }
                try await PageStore.insert(page, countsAsCustom: isCustom, now: now, on: tx)
                return page
            }
            // Rendered pages on every instance show the change from the next request.
            await kernel.changes.announce(.content)
            return StatusResponse(.created, PageBody(page: stored, tier: stored.tier))
        }

        routes.get("/api/v1/vendor/pages/:pageId", summary: "One of your pages", access: .vendor(.vendorStaff), feature: feature) { _, context in
            let vendor = try context.requireVendor()
            let page = try await db.read(for: vendor) { try await own(try context.id("pageId", of: "Page"), vendor: vendor, on: $0) }
            return PageBody(page: page, tier: page.tier)
        }

        routes.get("/api/v1/vendor/pages/:pageId/preview", summary: "One of your pages rendered as visitors will see it, published or not",
                   access: .vendor(.vendorStaff), feature: feature) { _, context in
            let vendor = try context.requireVendor()
            let page = try await db.read(for: vendor) { try await own(try context.id("pageId", of: "Page"), vendor: vendor, on: $0) }
            return RenderedPage(page, tier: page.tier)
        }

        routes.put("/api/v1/vendor/pages/:pageId", summary: "Change one of your pages; only the fields given change",
                   access: .vendor(.vendorManager), feature: feature, body: PageInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let platform = try context.requirePlatform()
            let id = try context.id("pageId", of: "Page")
            let now = kernel.now()
            let page = try await db.transaction(for: vendor) { tx -> ContentPage in
                var page = try await own(id, vendor: vendor, on: tx)
                let before = page.slug
                var validation = Validation()
                validation.check(input.isPlatformPage != true, "is_platform_page", "forbidden", "only platform admins write platform pages")
                PageRules.apply(input, to: &page, creating: false, validation: &validation)
                try validation.throwIfInvalid()
                // A new slug can turn an override into a custom page or back: the limit follows.
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
            return PageBody(page: page, tier: page.tier)
        }

        routes.delete("/api/v1/vendor/pages/:pageId", summary: "Delete one of your pages (a custom page frees a place under the limit)",
                      access: .vendor(.vendorManager), feature: feature) { _, context -> Response in
            let vendor = try context.requireVendor()
            let id = try context.id("pageId", of: "Page")
            let now = kernel.now()
            try await db.transaction(for: vendor) { tx in
                let page = try await own(id, vendor: vendor, on: tx)
                let countedAsCustom = try await PageStore.countsAsCustom(page.id, on: tx)
                try await PageStore.delete(page.id, on: tx)
                if countedAsCustom {
                    try await kernel.usage.release(CMSTiers.customPagesLimit, for: vendor, at: now, on: tx)
                }
            }
            // Rendered pages on every instance show the change from the next request.
            await kernel.changes.announce(.content)
            return Response(status: .noContent)
        }
    }

    /// The vendor's page `id` on its platform, or a 404 that looks the same for another vendor's page.
    static func own(_ id: UUID, vendor: VendorScope, on tx: DatabaseSession) async throws -> ContentPage {
        guard let page = try await PageStore.page(id, platform: vendor.platformId, vendor: vendor.vendorId, on: tx) else {
            throw Problem.notFound("Page")
        }
        return page
    }
}
