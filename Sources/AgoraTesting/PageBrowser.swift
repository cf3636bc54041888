import Foundation
import Hummingbird
import HummingbirdTesting

/// Server-rendered pages as a browser uses them, on one platform: the caller's session (or
/// none) plus a CSRF cookie that every form repeats (double submit), or leaves out with
/// `csrf: nil` to test the refusal.
public struct PageBrowser: Sendable {
    public let client: any TestClientProtocol
    /// The platform's code, its path prefix on localhost.
    public let platform: String
    public let credential: Fixtures.Credential?
    /// The token of the CSRF cookie every request carries.
    public static let csrf = "test-csrf-token"

    public init(client: any TestClientProtocol, platform: String = "oms", credential: Fixtures.Credential?) {
        self.client = client
        self.platform = platform
        self.credential = credential
    }

    /// The session cookie (if any) and the CSRF cookie.
    public var cookies: String {
        guard case .cookie(let session) = credential else { return "agora_csrf=\(Self.csrf)" }
        return "\(session); agora_csrf=\(Self.csrf)"
    }

    public func get(_ path: String) async throws -> TestResponse {
        try await client.execute(uri: "/\(platform)" + path, method: .get, headers: [.cookie: cookies])
    }

    /// The body of `get(path)`.
    public func text(_ path: String) async throws -> String { String(buffer: try await get(path).body) }

    /// POSTs `form`, already URL-encoded, with the CSRF token unless `csrf` is nil.
    public func post(_ path: String, _ form: String = "", csrf: String? = PageBrowser.csrf) async throws -> TestResponse {
        let body = [csrf.map { "_csrf=\($0)" }, form.isEmpty ? nil : form].compactMap { $0 }.joined(separator: "&")
        return try await client.execute(uri: "/\(platform)" + path, method: .post,
                                        headers: [.cookie: cookies, .contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
    }

    /// POSTs `fields`, URL-encoded, with the CSRF token unless `csrf` is nil.
    public func post(_ path: String, _ fields: [String: String], csrf: String? = PageBrowser.csrf) async throws -> TestResponse {
        let encoded = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await post(path, encoded, csrf: csrf)
    }

    /// The id at the end of a redirect's path (`…/pages/{id}?saved=1`).
    public static func redirectId(_ response: TestResponse) -> UUID? {
        guard let location = response.headers[.location], let path = location.split(separator: "?").first else { return nil }
        return UUID(uuidString: String(path.split(separator: "/").last ?? ""))
    }

    /// A form value percent-encoded (everything but letters and digits).
    public static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }
}
