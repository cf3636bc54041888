import AgoraTesting
@testable import CMS
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel

/// Someone signed in on a platform, and the HTTP calls the CMS tests make as them.
struct CMSClient: Sendable {
    let client: any TestClientProtocol
    let credential: Fixtures.Credential?
    let platform: String
    /// The vendor the caller owns; nil for admins and visitors.
    let vendorId: UUID?

    /// A new company and vendor (`locale`) on `platform` and `tier`, its owner signed in.
    static func vendor(_ slug: String, tier: String, platform code: String = "oms", locale: String = "fr-LU",
                       client: any TestClientProtocol, kernel: KernelServices) async throws -> CMSClient {
        let (vendor, credential) = try await Fixtures.vendorWithOwner(slug, tier: tier, platform: code, locale: locale, client: client, kernel: kernel)
        return CMSClient(client: client, credential: credential, platform: code, vendorId: vendor)
    }

    /// A platform admin of `code`, signed in there.
    static func platformAdmin(of code: String, client: any TestClientProtocol, kernel: KernelServices) async throws -> CMSClient {
        let platform = try await Fixtures.platform(code, kernel: kernel)
        try await Fixtures.user("admin@\(code).test", membership: Membership(id: UUID.v7(), role: .platformAdmin, platformId: platform.id), kernel: kernel)
        let credential = try await Fixtures.login(client, platform: code, email: "admin@\(code).test", password: Fixtures.password)
        return CMSClient(client: client, credential: credential, platform: code, vendorId: nil)
    }

    /// Nobody signed in, on `code`.
    static func visitor(_ client: any TestClientProtocol, platform code: String = "oms") -> CMSClient {
        CMSClient(client: client, credential: nil, platform: code, vendorId: nil)
    }

    /// A call to `/<platform>/api/v1` + `path`.
    func call(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: "/\(platform)/api/v1" + path, method: method, headers: Fixtures.headers(credential), body: body.map(Fixtures.json))
    }

    /// Creates a page through the vendor API (or the admin API with `adminPlatform`) and returns it; fails loudly otherwise.
    func create(_ json: String, adminPlatform: UUID? = nil) async throws -> ContentPage {
        let path = adminPlatform.map { "/admin/platforms/\($0)/pages" } ?? "/vendor/pages"
        let response = try await call(.post, path, json)
        guard response.status == .created else { throw FixtureError("create failed: \(response.status) \(String(buffer: response.body))") }
        return try Fixtures.decode(PageBody.self, from: response).page
    }

    /// A page as JSON, published unless told otherwise.
    static func page(_ slug: String, _ locale: String, title: String? = nil, body: String = "Hello", extra: String = "") -> String {
        #"{"slug": "\#(slug)", "locale": "\#(locale)", "title": "\#(title ?? "\(slug) \(locale)")", "body_markdown": "\#(body)", "is_published": true\#(extra)}"#
    }

    /// The problem `code` of an error response.
    static func problemCode(_ response: TestResponse) -> String? {
        struct Body: Decodable { let code: String }
        return try? Fixtures.decode(Body.self, from: response).code
    }
}

/// The editing pages as a browser uses them: the caller's session plus a CSRF cookie that
/// every form repeats (or, with `csrf: nil`, leaves out).
struct PageBrowser: Sendable {
    let user: CMSClient
    static let csrf = "test-csrf-token"

    var cookies: String {
        guard case .cookie(let session) = user.credential else { return "agora_csrf=\(Self.csrf)" }
        return "\(session); agora_csrf=\(Self.csrf)"
    }

    func get(_ path: String) async throws -> TestResponse {
        try await user.client.execute(uri: "/\(user.platform)" + path, method: .get, headers: [.cookie: cookies])
    }

    func text(_ path: String) async throws -> String { String(buffer: try await get(path).body) }

    /// POSTs `fields` URL-encoded, with the CSRF token unless `csrf` is nil.
    func post(_ path: String, _ fields: [String: String] = [:], csrf: String? = PageBrowser.csrf) async throws -> TestResponse {
        var all = fields
        if let csrf { all["_csrf"] = csrf }
        let body = all.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await user.client.execute(uri: "/\(user.platform)" + path, method: .post,
                                             headers: [.cookie: cookies, .contentType: "application/x-www-form-urlencoded"],
                                             body: ByteBuffer(string: body))
    }

    /// The page id at the end of a redirect to `…/pages/{id}?saved=1`.
    static func pageId(_ response: TestResponse) -> UUID? {
        guard let location = response.headers[.location], let path = location.split(separator: "?").first else { return nil }
        return UUID(uuidString: String(path.split(separator: "/").last ?? ""))
    }

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }
}

/// Everything a refused page submission must leave alone: the pages, the custom-page
/// counters and the audit log.
struct CMSState: Equatable {
    struct Page: Decodable, Equatable { let id: UUID; let slug: String; let locale: String; let title: String; let bodyMarkdown: String
        let isPublished: Bool; let publishedAt: Date?; let isPlatformPage: Bool; let updatedAt: Date }
    struct Counter: Decodable, Equatable { let vendorId: UUID; let used: Int }
    let pages: [Page]
    let counters: [Counter]
    let auditEvents: Int

    static func read(_ kernel: KernelServices) async throws -> CMSState {
        struct Count: Decodable { let n: Int }
        return try await kernel.database.read { db in
            CMSState(
                pages: try await db.sql.raw("""
                    SELECT id, slug, locale, title, body_markdown, is_published, published_at, is_platform_page, updated_at FROM cms_pages ORDER BY id
                    """).rows(Page.self),
                counters: try await db.sql.raw("""
                    SELECT vendor_id, used FROM usage_counters WHERE limit_key = \(bind: CMSTiers.customPagesLimit) ORDER BY vendor_id
                    """).rows(Counter.self),
                auditEvents: try await db.sql.raw("SELECT COUNT(*) AS n FROM audit_events").row(Count.self)?.n ?? 0)
        }
    }
}
