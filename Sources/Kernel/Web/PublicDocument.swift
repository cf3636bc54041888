import Crypto
import Foundation
import Hummingbird

/// A public page that is the same for every visitor (a content page, a platform's marketing
/// home): rendered once, cached by its module, and validated by browsers and proxies with
/// `ETag` and `Last-Modified`, so a repeat visit costs a `304 Not Modified` and no body.
///
/// It carries no per-visitor data (no CSRF token, no signed-in name), which is what makes it
/// shareable; pages with forms use ``RouteBuilder/page(_:_:summary:access:feature:surface:handler:)``.
public struct PublicDocument: Sendable {
    public let status: HTTPResponse.Status
    /// The UTF-8 HTML, shared (not copied) by every response that sends it.
    public let body: ByteBuffer
    /// A strong validator: a quoted hash of the body.
    public let etag: String
    /// When this rendition was made, to the second (HTTP dates have no fractions).
    public let lastModified: Date
    /// Whether clients may keep and revalidate it; error pages are not kept.
    public let cacheable: Bool
    /// The response headers, built once (see ``headers(cacheable:etag:lastModified:)``).
    let headers: HTTPFields

    /// A document of `html` rendered at `renderedAt`.
    public init(html: String, renderedAt: Date, status: HTTPResponse.Status = .ok) {
        self.status = status
        body = ByteBuffer(string: html)
        let digest = SHA256.hash(data: Data(html.utf8))
        etag = "\"" + Hex.string(digest.prefix(12)) + "\""
        lastModified = Date(timeIntervalSince1970: renderedAt.timeIntervalSince1970.rounded(.down))
        cacheable = status == .ok
        // Formatted once: formatting a date costs more than serving the rest of a cached page.
        headers = Self.headers(cacheable: cacheable, etag: etag, lastModified: HTTPDate.format(lastModified))
    }

    /// Whether a request's validators show the client already has this rendition (RFC 9110
    /// §13.1): `If-None-Match` decides when present (a list of tags or `*`, weak comparison);
    /// otherwise `If-Modified-Since` at or after ``lastModified``.
    public func isNotModified(ifNoneMatch: String?, ifModifiedSince: String?) -> Bool {
        guard cacheable else { return false }
        if let ifNoneMatch {
            return ifNoneMatch.split(separator: ",").contains { candidate in
                var tag = candidate.trimmingCharacters(in: .whitespaces)
                if tag == "*" { return true }
                if tag.hasPrefix("W/") { tag.removeFirst(2) }
                return tag == etag
            }
        }
        if let ifModifiedSince, let since = HTTPDate.parse(ifModifiedSince) {
            return lastModified <= since
        }
        return false
    }

    /// The response for a request: 304 with the validators when the client is current,
    /// the page otherwise. `Cache-Control: no-cache` lets browsers and proxies keep the page
    /// but makes them ask every time, so an editor's change shows on the next visit.
    func response(for request: Request) -> Response {
        if cacheable, isNotModified(ifNoneMatch: request.headers[.ifNoneMatch], ifModifiedSince: request.headers[.ifModifiedSince]) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// The headers of every response with this document, built once: checking and copying
    /// header values is a noticeable part of serving a cached page.
    static func headers(cacheable: Bool, etag: String, lastModified: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.init("X-Frame-Options")!] = "DENY"
        // No script at all: a second wall behind the Markdown renderer. Images may come from
        // any https address a page links (the renderer allows only http(s) URLs).
        headers[.init("Content-Security-Policy")!] =
            "default-src 'self'; script-src 'none'; img-src 'self' https: http: data:; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        guard cacheable else {
            headers[.cacheControl] = "no-store"
            return headers
        }
        headers[.cacheControl] = "no-cache"
        headers[.eTag] = etag
        headers[.lastModified] = lastModified
        // Pages follow the visitor's Accept-Language when no ?locale= is given.
        headers[.vary] = "Accept-Language"
        return headers
    }
}

/// IMF-fixdate, the one date format HTTP sends (`Sun, 06 Nov 1994 08:49:37 GMT`).
public enum HTTPDate {
    private static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `date` as an IMF-fixdate in GMT.
    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        // 1970-01-01 was a Thursday.
        let weekday = days[((seconds / 86_400) % 7 + 7) % 7]
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d GMT", weekday, c.day!, months[c.month! - 1], c.year!, c.hour!, c.minute!, c.second!)
    }

    /// The date of an IMF-fixdate, nil for anything else (a client's invalid date is ignored,
    /// as RFC 9110 asks).
    public static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]) else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3, (1...31).contains(day), (0...23).contains(time[0]), (0...59).contains(time[1]), (0...60).contains(time[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month + 1, day: day, hour: time[0], minute: time[1], second: time[2]))
    }
}

extension RouteBuilder {
    /// Registers a public GET page answered with a ``PublicDocument`` (conditional requests get
    /// 304). Access and feature checks run first, like every route; a refusal is handed to
    /// `refusal`, which renders it in the site's own layout.
    public func document(_ path: String, summary: String, access: Access, feature: String? = nil,
                         refusal: @escaping @Sendable (Problem, Request, AgoraRequestContext) async -> PublicDocument,
                         handler: @escaping @Sendable (Request, AgoraRequestContext) async throws -> PublicDocument) {
        var descriptor = RouteDescriptor(method: .get, path: path, summary: summary, module: module, access: access, feature: feature)
        descriptor.isPage = true
        guard record(descriptor) else { return }
        let kernel = self.kernel
        router.on(RouterPath(path), method: .get) { request, context -> Response in
            var context = context
            let document: PublicDocument
            do {
                try await AccessCheck.admit(feature: feature, access: access, request: request, context: &context, kernel: kernel)
                document = try await handler(request, context)
            } catch {
                document = await refusal(ProblemResponses.problem(for: error, logger: context.logger), request, context)
            }
            return document.response(for: request)
        }
    }
}
