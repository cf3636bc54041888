import Commerce
import Foundation
import Kernel

/// The vendor's page editor (`/vendor/pages…`) in Commerce's vendor layout: the vendor's pages
/// and the platform's default pages it may customise, a form with a server-rendered preview,
/// publishing now or later, unpublishing and deleting after a confirmation. Staff look; managers
/// and owners change. Every change calls the function the JSON API calls
/// (`VendorPageRoutes.create`, `.update`, `.delete`), so tier gating and the custom-page limit
/// are the same; their refusals show next to the form with what was typed.
enum VendorPageEditor {
    static let root = "/vendor/pages"

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let feature = VendorPageRoutes.feature

        routes.page(.get, root, summary: "Your pages and the platform's default pages you may customise", access: .vendor(.vendorStaff),
                    feature: feature) { call in
            try await list(call, kernel: kernel)
        }

        routes.page(.get, root + "/new", summary: "A new page; ?from= a default page to customise", access: .vendor(.vendorManager),
                    feature: feature) { call in
            let vendor = try call.context.requireVendor()
            var values = ["locale": try await kernel.vendors.vendor(vendor.vendorId)?.locale ?? ""]
            if let from = call.query("from") {
                // Customise: the default page's content, as a start for the vendor's own version.
                guard let id = UUID(uuidString: from), let template = try await kernel.database.read(for: vendor, {
                    try await PageStore.page(id, platform: vendor.platformId, vendor: nil, on: $0)
                }), !template.isPlatformPage else { throw Problem.notFound("Page") }
                values = PageForm.values(template)
            }
            return try await editor(call, kernel: kernel).form(call, page: nil, values: values, now: kernel.now())
        }

        routes.page(.post, root, summary: "Create a page from the form", access: .vendor(.vendorManager), feature: feature) { call in
            let values = PageForm.values(call)
            do {
                let page = try await VendorPageRoutes.create(try PageForm.creation(values), vendor: try call.context.requireVendor(),
                                                             platform: try call.context.requirePlatform(), kernel: kernel)
                return .redirect(call.base + "\(root)/\(page.id)?saved=1")
            } catch {
                return try await editor(call, kernel: kernel).refused(error, call, page: nil, values: values, now: kernel.now())
            }
        }

        routes.page(.post, root + "/preview", summary: "Preview a new page without saving it", access: .vendor(.vendorManager),
                    feature: feature) { call in
            let vendor = try call.context.requireVendor()
            let values = PageForm.values(call)
            let draft = PageEditor.preview(values, over: ContentPage(platformId: vendor.platformId, vendorId: vendor.vendorId, slug: "", locale: "",
                                                          title: "", updatedAt: kernel.now()))
            return try await editor(call, kernel: kernel).form(call, page: nil, values: values, preview: draft, now: kernel.now())
        }

        routes.page(.get, root + "/:pageId", summary: "One of your pages: the form, its preview and publishing", access: .vendor(.vendorStaff),
                    feature: feature) { call in
            let page = try await own(call, kernel: kernel)
            return try await editor(call, kernel: kernel).form(call, page: page, values: PageForm.values(page), preview: page,
                                               saved: call.query("saved") != nil, now: kernel.now())
        }

        routes.page(.post, root + "/:pageId", summary: "Save one of your pages from the form", access: .vendor(.vendorManager),
                    feature: feature) { call in
            let values = PageForm.values(call)
            return try await editor(call, kernel: kernel).change(call, page: try await own(call, kernel: kernel), values: values, now: kernel.now()) {
                PageForm.content(values)
            }
        }

        routes.page(.post, root + "/:pageId/preview", summary: "Preview changes to one of your pages without saving them",
                    access: .vendor(.vendorManager), feature: feature) { call in
            let page = try await own(call, kernel: kernel)
            let values = PageForm.values(call)
            return try await editor(call, kernel: kernel).form(call, page: page, values: values, preview: PageEditor.preview(values, over: page),
                                                               now: kernel.now())
        }

        routes.page(.post, root + "/:pageId/publish", summary: "Publish one of your pages now or at a time given",
                    access: .vendor(.vendorManager), feature: feature) { call in
            try await editor(call, kernel: kernel).publish(call, page: try await own(call, kernel: kernel), now: kernel.now())
        }

        routes.page(.post, root + "/:pageId/unpublish", summary: "Take one of your pages offline (it stays as a draft)",
                    access: .vendor(.vendorManager), feature: feature) { call in
            try await editor(call, kernel: kernel).unpublish(call, page: try await own(call, kernel: kernel), now: kernel.now())
        }

        routes.page(.get, root + "/:pageId/delete", summary: "Confirm deleting one of your pages", access: .vendor(.vendorManager),
                    feature: feature) { call in
            try await editor(call, kernel: kernel).confirmDelete(call, page: try await own(call, kernel: kernel), now: kernel.now())
        }

        routes.page(.post, root + "/:pageId/delete", summary: "Delete one of your pages", access: .vendor(.vendorManager),
                    feature: feature) { call in
            try await VendorPageRoutes.delete(try call.context.id("pageId", of: "Page"), vendor: try call.context.requireVendor(), kernel: kernel)
            return .redirect(call.base + root + "?deleted=1")
        }
    }

    /// The editor for the caller: staff look, managers and owners change.
    static func editor(_ call: PageCall, kernel: KernelServices) throws -> PageEditor {
        let vendor = try call.context.requireVendor()
        return PageEditor(root: root, isAdmin: false, canEdit: vendor.role.vendorRank >= Role.vendorManager.vendorRank, layout: { result, call in
            guard case .page(let template, let title, let data) = result else { return result }
            return try await CommerceVendorPages.render(template, title: title, data, call: call, kernel: kernel)
        }, update: { id, input, call in
            _ = try await VendorPageRoutes.update(id, input, vendor: try call.context.requireVendor(), platform: try call.context.requirePlatform(),
                                                  kernel: kernel)
        })
    }

    /// The list: the vendor's pages (override or custom), the platform's default pages with
    /// "Customise" (or the vendor's own version), and the custom pages used of the tier's limit.
    static func list(_ call: PageCall, kernel: KernelServices) async throws -> PageResult {
        let vendor = try call.context.requireVendor()
        let platform = try call.context.requirePlatform()
        let now = kernel.now()
        let (pages, platformPages, usage) = try await kernel.database.read(for: vendor) { tx in
            (try await PageStore.pages(vendor: vendor.vendorId, platform: vendor.platformId, on: tx),
             try await PageStore.platformPages(vendor.platformId, on: tx),
             try await kernel.usage.usage(for: vendor, at: now, on: tx).first { $0.key == CMSTiers.customPagesLimit })
        }
        let defaults = platformPages.filter { !$0.isPlatformPage }
        let defaultSlugs = Set(defaults.map(\.slug))
        let editor = try editor(call, kernel: kernel)
        let customPages = try await kernel.features.decide(CMSTiers.customPagesFeature, platform: platform.id, vendor: vendor.vendorId) == .available
        return try await editor.layout(.page(template: "cms/edit-list", title: "Pages", data: [
            "root": root, "canEdit": editor.canEdit, "deleted": call.query("deleted") != nil,
            "pages": pages.map { page in
                editor.row(page, now: now).merging(["custom": CustomPageRule.isCustom(slug: page.slug, vendorDefaults: defaultSlugs)]) { $1 }
            },
            "defaults": defaults.map { template -> [String: Any] in
                var row: [String: Any] = ["id": template.id.uuidString, "slug": template.slug, "locale": template.locale, "title": template.title]
                if let yours = pages.first(where: { $0.slug == template.slug && $0.locale == template.locale }) { row["yours"] = "\(root)/\(yours.id)" }
                return row
            },
            "customPages": customPages,
            "customUsage": usage.map { "\($0.used) of \($0.limit.map(String.init) ?? "unlimited")" } ?? "",
        ]), call)
    }

    /// The page in the path if it is the vendor's; a 404 otherwise.
    static func own(_ call: PageCall, kernel: KernelServices) async throws -> ContentPage {
        try await VendorPageRoutes.own(try call.context.id("pageId", of: "Page"), vendor: try call.context.requireVendor(), kernel: kernel)
    }
}
