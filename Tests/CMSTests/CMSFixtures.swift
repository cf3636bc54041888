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

extension PageBrowser {
    /// The pages as `user` sees them, on its platform.
    init(_ user: CMSClient) {
        self.init(client: user.client, platform: user.platform, credential: user.credential)
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
