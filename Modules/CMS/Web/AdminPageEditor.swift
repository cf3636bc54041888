import Foundation
import Kernel

/// The platform admin's page editor (`/admin/platforms/{id}/pages…`): the platform's marketing
/// pages and its default pages for vendors, with the same form, preview, publishing and delete
/// confirmation as the vendor's editor. Every change calls the function the JSON API calls
/// (`AdminPageRoutes.create`, `.update`, `.delete`), so it is validated and audited the same.
/// Another platform's pages answer 404, as the API does.
enum AdminPageEditor {
    static let root = "/admin/platforms/:platformId/pages"

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.page(.get, root, summary: "A platform's marketing pages and default pages for vendors", access: .platformAdmin) { call in
            try await list(call, kernel: kernel)
        }

        routes.page(.get, root + "/new", summary: "A new platform page; ?kind=marketing for a marketing page", access: .platformAdmin) { call in
            let platform = try await scopedPlatform(call, kernel: kernel)
            let values = ["locale": platform.defaultLocale, "is_platform_page": call.query("kind") == "marketing" ? "true" : "false"]
            return try await editor(call, kernel: kernel).form(call, page: nil, values: values, now: kernel.now())
        }

        routes.page(.post, root, summary: "Create a platform page from the form", access: .platformAdmin) { call in
            let platformId = try AdminPageRoutes.scopedPlatform(call.context)
            let values = PageForm.values(call)
            do {
                var input = try PageForm.creation(values)
                input.isPlatformPage = values["is_platform_page"] == "true"
                let page = try await AdminPageRoutes.create(input, platform: platformId, context: call.context, kernel: kernel)
                return .redirect(call.base + path(platformId, page.id) + "?saved=1")
            } catch {
                return try await editor(call, kernel: kernel).refused(error, call, page: nil, values: values, now: kernel.now())
            }
        }

        routes.page(.post, root + "/preview", summary: "Preview a new platform page without saving it", access: .platformAdmin) { call in
            let platformId = try AdminPageRoutes.scopedPlatform(call.context)
            let values = PageForm.values(call)
            let blank = ContentPage(platformId: platformId, slug: "", locale: "", title: "", updatedAt: kernel.now())
            return try await editor(call, kernel: kernel).form(call, page: nil, values: values, preview: PageEditor.preview(values, over: blank), now: kernel.now())
        }

        routes.page(.get, root + "/:pageId", summary: "A platform page: the form, its preview and publishing", access: .platformAdmin) { call in
            let page = try await platformPage(call, kernel: kernel)
            return try await editor(call, kernel: kernel).form(call, page: page, values: PageForm.values(page), preview: page,
                                               saved: call.query("saved") != nil, now: kernel.now())
        }

        routes.page(.post, root + "/:pageId", summary: "Save a platform page from the form", access: .platformAdmin) { call in
            let values = PageForm.values(call)
            return try await editor(call, kernel: kernel).change(call, page: try await platformPage(call, kernel: kernel), values: values,
                                                                 now: kernel.now()) {
                var input = PageForm.content(values)
                input.isPlatformPage = values["is_platform_page"].map { $0 == "true" }
                return input
            }
        }

        routes.page(.post, root + "/:pageId/preview", summary: "Preview changes to a platform page without saving them",
                    access: .platformAdmin) { call in
            let page = try await platformPage(call, kernel: kernel)
            let values = PageForm.values(call)
            return try await editor(call, kernel: kernel).form(call, page: page, values: values, preview: PageEditor.preview(values, over: page),
                                                               now: kernel.now())
        }

        routes.page(.post, root + "/:pageId/publish", summary: "Publish a platform page now or at a time given", access: .platformAdmin) { call in
            try await editor(call, kernel: kernel).publish(call, page: try await platformPage(call, kernel: kernel), now: kernel.now())
        }

        routes.page(.post, root + "/:pageId/unpublish", summary: "Take a platform page offline (it stays as a draft)", access: .platformAdmin) { call in
            try await editor(call, kernel: kernel).unpublish(call, page: try await platformPage(call, kernel: kernel), now: kernel.now())
        }

        routes.page(.get, root + "/:pageId/delete", summary: "Confirm deleting a platform page", access: .platformAdmin) { call in
            try await editor(call, kernel: kernel).confirmDelete(call, page: try await platformPage(call, kernel: kernel), now: kernel.now())
        }

        routes.page(.post, root + "/:pageId/delete", summary: "Delete a platform page", access: .platformAdmin) { call in
            let platformId = try AdminPageRoutes.scopedPlatform(call.context)
            try await AdminPageRoutes.delete(try call.context.id("pageId", of: "Page"), platform: platformId, context: call.context, kernel: kernel)
            return .redirect(call.base + path(platformId) + "?deleted=1")
        }
    }

    /// The platform's pages, marketing pages first, then the default pages for vendors.
    static func list(_ call: PageCall, kernel: KernelServices) async throws -> PageResult {
        let platform = try await scopedPlatform(call, kernel: kernel)
        let pages = try await AdminPageRoutes.pages(of: platform.id, kernel: kernel)
        let editor = try editor(call, kernel: kernel)
        let now = kernel.now()
        return .page(template: "cms/admin-list", title: "Pages of \(platform.name)", data: [
            "root": editor.root, "platformId": platform.id.uuidString, "platformName": platform.name, "deleted": call.query("deleted") != nil,
            "marketing": pages.filter(\.isPlatformPage).map { editor.row($0, now: now) },
            "defaults": pages.filter { !$0.isPlatformPage }.map { editor.row($0, now: now) },
        ])
    }

    /// The editor of the platform in the path, in the admin layout as it is.
    static func editor(_ call: PageCall, kernel: KernelServices) throws -> PageEditor {
        let platformId = try AdminPageRoutes.scopedPlatform(call.context)
        return PageEditor(root: path(platformId), isAdmin: true, canEdit: true, layout: { result, _ in result }, update: { id, input, call in
            _ = try await AdminPageRoutes.update(id, input, platform: platformId, context: call.context, kernel: kernel)
        })
    }

    /// `/admin/platforms/{id}/pages`, or one page's path below it.
    static func path(_ platformId: UUID, _ pageId: UUID? = nil) -> String {
        "/admin/platforms/\(platformId)/pages" + (pageId.map { "/\($0)" } ?? "")
    }

    /// The platform in the path if the caller administers it and it exists; a 404 otherwise.
    static func scopedPlatform(_ call: PageCall, kernel: KernelServices) async throws -> Platform {
        let platformId = try AdminPageRoutes.scopedPlatform(call.context)
        guard let platform = try await kernel.database.read({ try await TenancyStore.platform(platformId, on: $0) }) else {
            throw Problem.notFound("Platform")
        }
        return platform
    }

    /// The platform's page in the path; a 404 for another platform's page or a vendor's.
    static func platformPage(_ call: PageCall, kernel: KernelServices) async throws -> ContentPage {
        try await AdminPageRoutes.page(try call.context.id("pageId", of: "Page"), platform: try AdminPageRoutes.scopedPlatform(call.context), kernel: kernel)
    }
}
