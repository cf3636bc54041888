import Foundation
import Hummingbird

/// What a page handler answers: a page to render or a place to go.
///
/// `@unchecked Sendable` because template data is `[String: Any]`, which Swift cannot check;
/// it is built per request from value types only (strings, numbers, booleans, arrays and
/// dictionaries of them) and handed over once, never shared or mutated concurrently.
public enum PageResult: @unchecked Sendable {
    case page(template: String, title: String, data: [String: Any])
    /// A page answered with a refusal's status: a form shown again with why it was refused
    /// next to it (422 for invalid fields, 403 for a feature or a limit), so the browser keeps
    /// what was typed while clients and tests still see the 4xx.
    case refused(status: HTTPResponse.Status, template: String, title: String, data: [String: Any])
    case redirect(String)
    /// Sets a session cookie, then redirects.
    case session(cookie: Cookie, then: String)

    /// This page answered with `status` (a refusal) instead of 200; redirects stay as they are.
    public func refused(_ status: HTTPResponse.Status) -> PageResult {
        switch self {
        case .page(let template, let title, let data), .refused(_, let template, let title, let data):
            return .refused(status: status, template: template, title: title, data: data)
        case .redirect, .session:
            return self
        }
    }
}

/// One call of a page handler: the request, its context and the submitted form.
public struct PageCall: Sendable {
    public let request: Request
    public let context: AgoraRequestContext
    /// The URL-encoded body of a POST.
    public let form: String

    /// The form decoded into `T` (field names are the Swift property names).
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: form)
        } catch let error as DecodingError {
            throw RequestBodyDecoding.problem(for: error)
        } catch {
            throw Problem(status: .badRequest, code: "malformed_form", title: "The form could not be read")
        }
    }

    /// The path prefix of the platform, for links.
    public var base: String { context.platform?.pathPrefix ?? "" }

    /// The submitted form as name → value (the last value wins), for forms whose field names
    /// are built from ids (one quantity per purchase-order line).
    public var fields: [String: String] { Self.fields(of: form) }

    /// A URL-encoded form as name → value (`+` is a space; the last value wins).
    static func fields(of form: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in form.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String { text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text) }
            fields[decoded(parts[0])] = parts.count == 2 ? decoded(parts[1]) : ""
        }
        return fields
    }

    /// A submitted field, trimmed; nil when absent or empty.
    public func field(_ name: String) -> String? {
        fields[name].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A query parameter of the page's URL, nil when absent or empty.
    public func query(_ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Cross-site request forgery protection for pages: a random token in an HttpOnly, SameSite
/// cookie that every form repeats in a hidden `_csrf` field (double submit). A forged form
/// from another site cannot read the cookie, so it cannot repeat it.
enum CSRF {
    static let cookie = "agora_csrf"

    static func field(in form: String) -> String? {
        PageCall.fields(of: form)["_csrf"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Constant-time comparison, so response timing does not leak the token.
    static func matches(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Who a server-rendered page is for, which decides what a refusal looks like.
public enum PageSurface: Sendable {
    /// Staff pages (`/admin`, `/vendor`): a caller who is not signed in goes to the staff sign-in
    /// page, someone working for several vendors picks one first, other refusals render the
    /// kernel's error page.
    case staff
    /// Public pages (the platform's site, storefronts): nobody is sent to the staff sign-in;
    /// every refusal renders `errorTemplate` (in the site's own layout) with its status.
    case site(errorTemplate: String)
}

extension RouteBuilder {
    /// Registers a server-rendered page in the kernel's layout (templates come from the kernel
    /// and from each module's ``AgoraModule/templatesDirectory``). POSTs must carry the CSRF
    /// token; a caller who is not signed in is sent to the sign-in page; with `feature`, the
    /// page needs that feature like an API route; every other refusal renders as an error page.
    public func page(_ method: HTTPRequest.Method, _ path: String, summary: String, access: Access, feature: String? = nil,
                     surface: PageSurface = .staff, handler: @escaping @Sendable (PageCall) async throws -> PageResult) {
        var descriptor = RouteDescriptor(method: method, path: path, summary: summary, module: module, access: access, feature: feature)
        descriptor.isPage = true
        guard record(descriptor) else { return }
        let kernel = self.kernel
        router.on(RouterPath(path), method: method) { request, context -> HTML in
            var context = context
            let existing = request.cookies[CSRF.cookie]?.value
            let token = existing ?? SecretToken.generate(bytes: 24)
            let base = context.platform?.pathPrefix ?? ""
            var result: PageResult
            var status: HTTPResponse.Status = .ok
            do {
                try await AccessCheck.enforce(access, request: request, context: &context, kernel: kernel)
                if let feature {
                    try await kernel.features.require(feature, platform: try context.requirePlatform(), vendor: context.vendor)
                }
                var form = ""
                if method == .post {
                    form = String(buffer: try await request.body.collect(upTo: context.maxUploadSize))
                    guard let existing, let sent = CSRF.field(in: form), CSRF.matches(existing, sent) else {
                        throw Problem(status: .forbidden, code: "csrf_failed", title: "The form expired",
                                      detail: "Reload the page and submit the form again.")
                    }
                }
                result = try await handler(PageCall(request: request, context: context, form: form))
            } catch {
                let problem = ProblemResponses.problem(for: error, logger: context.logger)
                var errorTemplate = "admin/error"
                if case .site(let template) = surface { errorTemplate = template }
                if case .staff = surface, problem.code == "authentication_required" || problem.code == "invalid_token" {
                    result = .redirect(base + "/admin/login")
                } else if case .staff = surface, problem.code == "vendor_required" && path != "/vendor/choose" {
                    // Someone working for several vendors picks one first.
                    result = .redirect(base + "/vendor/choose")
                } else {
                    status = problem.status
                    result = .page(template: errorTemplate, title: problem.title, data: [
                        "detail": problem.detail ?? problem.title,
                        "fields": problem.fieldErrors.map { ["field": $0.field, "message": $0.message] },
                    ])
                }
            }
            var headers = HTTPFields()
            if existing == nil {
                let cookie = Cookie(name: CSRF.cookie, value: token, path: base.isEmpty ? "/" : base,
                                    secure: context.isSecure || kernel.configuration.environment == .production, httpOnly: true, sameSite: .strict)
                headers[.setCookie] = cookie.description
            }
            // A form shown again with its refusal keeps the refusal's status.
            if case .refused(let refusal, _, _, _) = result { status = refusal }
            switch result {
            case .redirect(let location):
                headers[.location] = location
                return HTML(status: .seeOther, body: "", headers: headers)
            case .session(let cookie, let location):
                headers[.location] = location
                headers[values: .setCookie] = headers[values: .setCookie] + [cookie.description]
                return HTML(status: .seeOther, body: "", headers: headers)
            case .page(let template, let title, var data), .refused(_, let template, let title, var data):
                data["title"] = title
                data["csrf"] = token
                data["base"] = base
                if let platform = context.platform {
                    data["platform"] = platform.templateData
                }
                if let principal = context.principal { data["user"] = ["email": principal.email] }
                return HTML(status: status, body: kernel.pages.render(template, data), headers: headers)
            }
        }
    }
}
