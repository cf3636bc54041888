import Foundation
import Hummingbird
import Mustache

/// Renders the server-side pages from the Mustache templates shipped in `Templates/`.
public final class PageRenderer: Sendable {
    let library: MustacheLibrary

    init(library: MustacheLibrary) {
        self.library = library
    }

    /// Loads every template once at startup: the kernel's, then each module's folder.
    static func load(modules: [any AgoraModule] = []) async throws -> PageRenderer {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw ConfigurationError.invalid(name: "templates", value: "Templates", expected: "the Kernel's template resources next to the executable")
        }
        var library = try await MustacheLibrary(directory: folder.path)
        for module in modules {
            guard let directory = module.templatesDirectory else { continue }
            let root = directory.standardizedFileURL.path
            guard let files = FileManager.default.enumerator(atPath: root) else { continue }
            for case let file as String in files where file.hasSuffix(".mustache") {
                let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            }
        }
        return PageRenderer(library: library)
    }

    /// The HTML of `template` for `data`; values are HTML-escaped by `{{…}}`.
    public func render(_ template: String, _ data: [String: Any]) -> String {
        // Mustache shows a `{{#name}}` section for an Optional that is nil once it sits in an
        // `Any`, and prints `Optional("…")` for one that is not: unwrap them, leaving nils out,
        // so `"next": nextPageOrNil` behaves as it reads.
        let present = data.compactMapValues(Self.unwrapped)
        return library.render(present, withTemplate: template) ?? "<!doctype html><p>Missing template \(template)</p>"
    }

    /// `value` itself, the value inside it when it is an Optional, nil for an empty Optional.
    static func unwrapped(_ value: Any) -> Any? {
        if case Optional<Any>.some(let wrapped) = value { return wrapped }
        return nil
    }
}

/// An HTML response.
struct HTML: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    let body: String
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "text/html; charset=utf-8"
        // Pages are per user and carry CSRF tokens: never cache them, never frame them.
        headers[.cacheControl] = "no-store"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Content-Security-Policy")!] = "default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
