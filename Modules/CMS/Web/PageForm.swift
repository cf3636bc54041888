import Foundation
import Kernel

/// The page form as the editing pages read and show it. Field names are the JSON API's
/// (`slug`, `body_markdown`, `published_at`…), so the API's field errors land next to the
/// field they name.
enum PageForm {
    /// The fields the form sends; `is_platform_page` only on the platform admin's form.
    static let fields = ["slug", "locale", "title", "body_markdown", "seo_title", "seo_description", "is_published", "published_at",
                         "is_platform_page"]

    /// What was submitted, as typed (browsers send textareas with CRLF line endings; the page
    /// is stored with LF, as an API client would send it).
    static func values(_ call: PageCall) -> [String: String] {
        var values: [String: String] = [:]
        for field in fields {
            guard let value = call.fields[field] else { continue }
            values[field] = value.replacingOccurrences(of: "\r\n", with: "\n")
        }
        return values
    }

    /// A stored page's content as form values. Publishing is not among them: the page shows its
    /// state, and the publish field starts empty ("now") rather than repeating a past time.
    static func values(_ page: ContentPage) -> [String: String] {
        ["slug": page.slug, "locale": page.locale, "title": page.title, "body_markdown": page.bodyMarkdown,
         "seo_title": page.seoTitle ?? "", "seo_description": page.seoDescription ?? "",
         "is_platform_page": page.isPlatformPage ? "true" : "false"]
    }

    /// The content the form changes: slug, locale, title, body and SEO fields. Absent fields
    /// stay absent, so the API's rules decide what is required.
    static func content(_ values: [String: String]) -> PageInput {
        PageInput(slug: values["slug"], locale: values["locale"], title: values["title"], bodyMarkdown: values["body_markdown"],
                  seoTitle: values["seo_title"], seoDescription: values["seo_description"])
    }

    /// The input to create a page from the form: its content, whether to publish it and when.
    /// A publish time that is not a date and time is a 422 naming it, with every other field's
    /// complaint from the API's rules alongside.
    static func creation(_ values: [String: String]) throws -> PageInput {
        var input = content(values)
        input.isPublished = values["is_published"] != nil
        input.publishedAt = try publishTime(values, otherwise: input)
        return input
    }

    /// The publish time typed in `published_at`; nil when the field is empty. A malformed time
    /// is refused together with whatever else `alongside` gets wrong, so one submission shows
    /// every complaint.
    static func publishTime(_ values: [String: String], otherwise alongside: PageInput? = nil) throws -> Date? {
        let typed = values["published_at"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !typed.isEmpty else { return nil }
        if let date = PageTime.parse(typed) { return date }
        var validation = Validation()
        if let alongside {
            var scratch = ContentPage(platformId: UUID(), slug: "", locale: "", title: "", updatedAt: Date())
            PageRules.apply(alongside, to: &scratch, creating: true, validation: &validation)
        }
        validation.check(false, "published_at", "invalid", "must be a date and time (UTC) such as 2026-12-01T09:00")
        try validation.throwIfInvalid()
        return nil
    }

    /// Whether a refusal belongs next to the form (what was typed is shown again with it): invalid
    /// fields, a feature the tier lacks, a full limit. Anything else is the kernel's error page.
    static func showsOnForm(_ problem: Problem) -> Bool {
        !problem.fieldErrors.isEmpty || ["feature_not_available", "limit_reached"].contains(problem.code)
    }

    /// The template data of a refusal: one message per field (shown at the field) and, for a
    /// refusal that is not about one field, its explanation above the form.
    static func refusal(_ problem: Problem?, slug: String?) -> [String: Any] {
        guard let problem else { return [:] }
        var messages: [String: String] = [:]
        for error in problem.fieldErrors {
            messages[error.field] = [messages[error.field], error.message].compactMap { $0 }.joined(separator: "; ")
        }
        var data: [String: Any] = ["errors": messages, "hasErrors": true]
        if problem.fieldErrors.isEmpty {
            var explanation = ["title": problem.title, "detail": problem.detail ?? problem.title]
            if problem.code == "feature_not_available", let slug, !slug.isEmpty {
                explanation["hint"] = "“\(slug)” is not one of the platform's default pages, so it would be a custom page of your own."
            } else if problem.code == "limit_reached" {
                explanation["hint"] = "Delete a custom page you no longer need, or choose one of the platform's default pages to customise."
            }
            data["refusal"] = explanation
        }
        return data
    }
}

/// Publish times on the pages: shown and typed in UTC, as the database stores them.
enum PageTime {
    private static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    /// `2026-12-01 09:00 UTC`.
    static func display(_ date: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// `2026-12-01T09:00`, the value of a `datetime-local` input.
    static func input(_ date: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// A typed time: `2026-12-01T09:00` (what a `datetime-local` input sends), with seconds or a
    /// space instead of the `T`, all in UTC; or a full ISO 8601 time with its offset. Nil for
    /// anything else, including days that do not exist (`2026-02-30`).
    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        guard let match = text.wholeMatch(of: #/(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/#) else { return nil }
        let components = DateComponents(calendar: utc, timeZone: utc.timeZone, year: Int(match.1), month: Int(match.2), day: Int(match.3),
                                        hour: Int(match.4), minute: Int(match.5), second: match.6.flatMap { Int($0) } ?? 0)
        guard components.isValidDate, let date = components.date else { return nil }
        return date
    }
}
