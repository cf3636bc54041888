import Foundation
import Hummingbird
import Kernel

/// A platform's own pages, for its admins: marketing pages (`is_platform_page`) and the default
/// pages every vendor's storefront shows until the vendor overrides them. Every change is audited.
///
/// The JSON API and the admin editing pages (`AdminPageEditor`) change pages through the same
/// functions here, so validation, the audit log and the announcement that rendered pages
/// changed are one code path.
enum AdminPageRoutes {
    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.get("/api/v1/admin/platforms/:platformId/pages", summary: "A platform's marketing pages and default pages for vendors",
                   access: .platformAdmin) { _, context in
            ItemList(items: try await pages(of: try scopedPlatform(context), kernel: kernel))
        }

        routes.post("/api/v1/admin/platforms/:platformId/pages", summary: "Create a marketing page (is_platform_page) or a default page for vendors",
                    access: .platformAdmin, body: PageInput.self) { input, _, context in
            let page = try await create(input, platform: try scopedPlatform(context), context: context, kernel: kernel)
            return StatusResponse(.created, PageBody(page: page, tier: page.tier))
        }

        routes.put("/api/v1/admin/platforms/:platformId/pages/:pageId", summary: "Change a platform page; only the fields given change",
                   access: .platformAdmin, body: PageInput.self) { input, _, context in
            let page = try await update(try context.id("pageId", of: "Page"), input, platform: try scopedPlatform(context), context: context, kernel: kernel)
            return PageBody(page: page, tier: page.tier)
        }

        routes.delete("/api/v1/admin/platforms/:platformId/pages/:pageId", summary: "Delete a platform page",
                      access: .platformAdmin) { _, context -> Response in
            try await delete(try context.id("pageId", of: "Page"), platform: try scopedPlatform(context), context: context, kernel: kernel)
            return Response(status: .noContent)
        }
    }

    /// The platform's marketing pages and default pages for vendors.
    static func pages(of platformId: UUID, kernel: KernelServices) async throws -> [ContentPage] {
        try await kernel.database.read { try await PageStore.platformPages(platformId, on: $0) }
    }

    /// One of the platform's own pages; 404 for a vendor's page or another platform's.
    static func page(_ id: UUID, platform platformId: UUID, kernel: KernelServices) async throws -> ContentPage {
        guard let page = try await kernel.database.read({ try await PageStore.page(id, platform: platformId, vendor: nil, on: $0) }) else {
            throw Problem.notFound("Page")
        }
        return page
    }

    /// Creates a marketing page (`is_platform_page` true) or a default page for vendors; 422
    /// naming every invalid field. Audited as `cms.page.created`.
    static func create(_ input: PageInput, platform platformId: UUID, context: AgoraRequestContext, kernel: KernelServices) async throws -> ContentPage {
        let now = kernel.now()
        var page = ContentPage(id: UUID.v7(now: now), platformId: platformId, slug: "", locale: "", title: "",
                               isPublished: false, isPlatformPage: input.isPlatformPage ?? false, updatedAt: now)
        var validation = Validation()
        PageRules.apply(input, to: &page, creating: true, validation: &validation)
        try validation.throwIfInvalid()
        try await kernel.database.transaction { tx in
            guard try await TenancyStore.platform(platformId, on: tx) != nil else { throw Problem.notFound("Platform") }
            try await PageStore.insert(page, now: now, on: tx)
            try await AuditLog.append(AuditEntry(context, action: "cms.page.created", targetType: "cms_page", targetId: page.id, platformId: platformId,
                                                 summary: "Created \(describe(page))"), at: now, on: tx)
        }
        // Rendered pages on every instance show the change from the next request.
        await kernel.changes.announce(.content)
        return page
    }

    /// Changes the fields `input` gives of the platform's page `id`. Audited as `cms.page.updated`.
    static func update(_ id: UUID, _ input: PageInput, platform platformId: UUID, context: AgoraRequestContext,
                       kernel: KernelServices) async throws -> ContentPage {
        let now = kernel.now()
        let page = try await kernel.database.transaction { tx -> ContentPage in
            guard var page = try await PageStore.page(id, platform: platformId, vendor: nil, on: tx) else { throw Problem.notFound("Page") }
            var validation = Validation()
            PageRules.apply(input, to: &page, creating: false, validation: &validation)
            try validation.throwIfInvalid()
            if let isPlatformPage = input.isPlatformPage { page.isPlatformPage = isPlatformPage }
            page.updatedAt = now
            try await PageStore.update(page, on: tx)
            try await AuditLog.append(AuditEntry(context, action: "cms.page.updated", targetType: "cms_page", targetId: page.id, platformId: platformId,
                                                 summary: "Changed \(describe(page))"), at: now, on: tx)
            return page
        }
        // Rendered pages on every instance show the change from the next request.
        await kernel.changes.announce(.content)
        return page
    }

    /// Deletes the platform's page `id`. Audited as `cms.page.deleted`.
    static func delete(_ id: UUID, platform platformId: UUID, context: AgoraRequestContext, kernel: KernelServices) async throws {
        let now = kernel.now()
        try await kernel.database.transaction { tx in
            guard let page = try await PageStore.page(id, platform: platformId, vendor: nil, on: tx) else { throw Problem.notFound("Page") }
            try await PageStore.delete(page.id, on: tx)
            try await AuditLog.append(AuditEntry(context, action: "cms.page.deleted", targetType: "cms_page", targetId: page.id, platformId: platformId,
                                                 summary: "Deleted \(describe(page))"), at: now, on: tx)
        }
        // Rendered pages on every instance show the change from the next request.
        await kernel.changes.announce(.content)
    }

    /// The `:platformId` of the path if the caller administers it; otherwise a 404, as the
    /// kernel's admin platform routes answer.
    static func scopedPlatform(_ context: AgoraRequestContext) throws -> UUID {
        let platformId = try context.id("platformId", of: "Platform")
        guard try context.requirePrincipal().canAdminister(platform: platformId) else { throw Problem.notFound("Platform") }
        return platformId
    }

    static func describe(_ page: ContentPage) -> String {
        "\(page.isPlatformPage ? "marketing page" : "default page") \(page.slug) (\(page.locale))"
    }
}
