import Foundation
import Kernel

/// One side of the page editor: a vendor editing its own pages (`/vendor/pages`, in Commerce's
/// vendor layout) or a platform admin editing the platform's (`/admin/platforms/{id}/pages`).
/// Both show the same form, preview, publishing and delete pages (`cms/edit-…` templates).
struct PageEditor: Sendable {
    /// Where the editor's pages live, below the platform's path prefix.
    let root: String
    /// The platform admin's form, where the page's kind (marketing page or default page for
    /// vendors) is a field.
    let isAdmin: Bool
    /// Whether the caller may change pages; vendor staff only look.
    let canEdit: Bool
    /// Puts a page into its layout (the vendor navigation, or the admin layout as it is).
    let layout: @Sendable (PageResult, PageCall) async throws -> PageResult
    /// Changes page `id` through the JSON API's function for this side.
    let update: @Sendable (UUID, PageInput, PageCall) async throws -> Void

    /// The form for a new page (`page` nil) or an existing one, with what `values` hold, the
    /// refusal of the last submission next to its fields, and a preview when `preview` is given.
    func form(_ call: PageCall, page: ContentPage?, values: [String: String], problem: Problem? = nil,
              preview: ContentPage? = nil, saved: Bool = false, now: Date) async throws -> PageResult {
        let action = page.map { "\(root)/\($0.id)" } ?? root
        var data: [String: Any] = [
            "root": root, "action": action, "previewAction": action + "/preview", "isNew": page == nil,
            "values": values, "publishNow": values["is_published"] != nil,
            "canEdit": canEdit, "isAdmin": isAdmin, "saved": saved,
            "kinds": [["value": "false", "label": "Default page for vendors", "selected": values["is_platform_page"] != "true"],
                      ["value": "true", "label": "Marketing page", "selected": values["is_platform_page"] == "true"]],
        ]
        if let page {
            data["page"] = row(page, now: now).merging(["isPublished": page.isPublished]) { $1 }
        }
        if let preview {
            // Ink's HTML through SafeMarkdown's allow-lists: raw HTML is text, unsafe links are gone.
            data["preview"] = ["title": preview.title, "html": SafeMarkdown.render(preview.bodyMarkdown)]
            data["previewUnsaved"] = preview != page
        }
        data.merge(PageForm.refusal(problem, slug: values["slug"].map(ContentPage.normalizedSlug))) { $1 }
        let title = page.map { "Page \($0.slug) (\($0.locale))" } ?? "New page"
        let result = try await layout(.page(template: "cms/edit-page", title: title, data: data), call)
        return problem.map { result.refused($0.status) } ?? result
    }

    /// The form again after a refused submission, or the refusal as the kernel's error page when
    /// it is not about the form (a page that is not yours, a vanished platform).
    func refused(_ error: any Error, _ call: PageCall, page: ContentPage?, values: [String: String], now: Date) async throws -> PageResult {
        guard let problem = error as? Problem, PageForm.showsOnForm(problem) else { throw error }
        return try await form(call, page: page, values: values, problem: problem, now: now)
    }

    /// Saves what `input` builds from the submission, then shows the page again; a refusal shows
    /// the form with `values` (what was typed) and the refusal next to it.
    func change(_ call: PageCall, page: ContentPage, values: [String: String], now: Date,
                input: () throws -> PageInput) async throws -> PageResult {
        do {
            try await update(page.id, try input(), call)
            return .redirect(call.base + "\(root)/\(page.id)?saved=1")
        } catch {
            return try await refused(error, call, page: page, values: values, now: now)
        }
    }

    /// Publishes `page` at the time typed in `published_at` (a later time schedules it), or now.
    func publish(_ call: PageCall, page: ContentPage, now: Date) async throws -> PageResult {
        let typed = PageForm.values(call).filter { $0.key == "published_at" }
        return try await change(call, page: page, values: PageForm.values(page).merging(typed) { $1 }, now: now) {
            PageInput(isPublished: true, publishedAt: try PageForm.publishTime(typed) ?? now)
        }
    }

    /// Takes `page` offline; it stays as a draft.
    func unpublish(_ call: PageCall, page: ContentPage, now: Date) async throws -> PageResult {
        try await change(call, page: page, values: PageForm.values(page), now: now) { PageInput(isPublished: false) }
    }

    /// `page` with the title and body typed into the form, for a preview that saves nothing.
    static func preview(_ values: [String: String], over page: ContentPage) -> ContentPage {
        var draft = page
        var ignored = Validation()
        PageRules.apply(PageForm.content(values), to: &draft, creating: false, validation: &ignored)
        return draft
    }

    /// The confirmation before `page` is deleted.
    func confirmDelete(_ call: PageCall, page: ContentPage, now: Date) async throws -> PageResult {
        try await layout(.page(template: "cms/edit-delete", title: "Delete page \(page.slug) (\(page.locale))",
                               data: ["root": root, "page": row(page, now: now)]), call)
    }

    /// A page as a row of a list: slug, locale, title, its publishing state and when it changed.
    func row(_ page: ContentPage, now: Date) -> [String: Any] {
        var row: [String: Any] = ["id": page.id.uuidString, "slug": page.slug, "locale": page.locale, "title": page.title,
                                  "updated": PageTime.display(page.updatedAt), "href": "\(root)/\(page.id)"]
        if !page.isPublished {
            row["status"] = "draft"
            row["statusLabel"] = "Draft"
        } else if let publishedAt = page.publishedAt, publishedAt > now {
            row["status"] = "scheduled"
            row["statusLabel"] = "Scheduled"
        } else {
            row["status"] = "published"
            row["statusLabel"] = "Published"
        }
        if let publishedAt = page.publishedAt { row["publishedAt"] = PageTime.display(publishedAt) }
        return row
    }
}
