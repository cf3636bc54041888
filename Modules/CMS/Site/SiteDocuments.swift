import Foundation
import Hummingbird
import Kernel

/// Renders public pages that are the same for every visitor (content pages, the marketing
/// home) into ``Kernel/PublicDocument``s, in the site's layout with the platform's theme.
struct SiteDocuments: Sendable {
    let kernel: KernelServices

    /// `template` with the site's shared data (platform, theme, language, footer) added.
    func render(_ template: String, title: String, _ data: [String: Any], platform: ResolvedPlatform, locale: String,
                linkBase: String, status: HTTPResponse.Status = .ok) -> PublicDocument {
        var data = data
        data["title"] = title
        data["base"] = platform.pathPrefix
        data["platform"] = platform.templateData
        SiteChrome.decorate(&data, platform: platform, locale: locale, linkBase: linkBase, kernel: kernel)
        return PublicDocument(html: kernel.pages.render(template, data), renderedAt: kernel.now(), status: status)
    }

    /// A refusal (an unknown page or shop, a module the platform does not offer) as a page in
    /// the site's layout, with its status; nothing is cached.
    func refusal(_ problem: Problem, context: AgoraRequestContext) -> PublicDocument {
        let data: [String: Any] = [
            "detail": problem.detail ?? problem.title,
            "fields": problem.fieldErrors.map { ["field": $0.field, "message": $0.message] },
        ]
        guard let platform = context.platform else {
            return PublicDocument(html: "<!doctype html><title>\(problem.title)</title><p>\(problem.title)</p>", renderedAt: kernel.now(), status: problem.status)
        }
        return render("cms/site-error", title: problem.title, data, platform: platform, locale: platform.defaultLocale,
                      linkBase: platform.pathPrefix, status: problem.status)
    }
}
