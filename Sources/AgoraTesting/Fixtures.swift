import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel

/// Shortcuts tests use to build tenants and sign in.
public enum Fixtures {
    /// Password of the super admin the test kernel creates (`admin@agora.test`).
    public static let adminPassword = "super-secret-admin"
    /// Password given to every user the fixtures create.
    public static let password = "fixture-password-1"

    /// JSON body from an encodable value (snake_case keys).
    public static func json(_ value: some Encodable) -> ByteBuffer {
        ByteBuffer(data: try! AgoraJSON.encoder().encode(value))
    }

    /// JSON body from a literal string.
    public static func json(_ text: String) -> ByteBuffer {
        ByteBuffer(string: text)
    }

    /// Headers for a JSON request, with the session cookie or token if given.
    public static func headers(_ credential: Credential? = nil) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json"]
        switch credential {
        case .cookie(let cookie)?: headers[.cookie] = cookie
        case .token(let token)?: headers[.authorization] = "Bearer \(token)"
        case nil: break
        }
        return headers
    }

    /// How a test request proves who it is.
    public enum Credential: Sendable {
        case cookie(String)
        case token(String)
    }

    /// Signs in through the API and returns the session cookie.
    public static func login(_ client: some TestClientProtocol, platform: String = "oms", email: String, password: String) async throws -> Credential {
        let response = try await client.execute(uri: "/\(platform)/api/v1/auth/login", method: .post, headers: headers(),
                                                body: json(["email": email, "password": password]))
        guard response.status == .ok, let setCookie = response.headers[.setCookie],
              let pair = setCookie.split(separator: ";").first
        else { throw FixtureError("login of \(email) failed: \(response.status) \(String(buffer: response.body))") }
        return .cookie(String(pair))
    }

    /// Signs in as the super admin.
    public static func loginAsSuperAdmin(_ client: some TestClientProtocol) async throws -> Credential {
        try await login(client, email: "admin@agora.test", password: adminPassword)
    }

    /// Decodes a JSON response body (snake_case keys).
    public static func decode<T: Decodable>(_ type: T.Type, from response: TestResponse) throws -> T {
        try AgoraJSON.decoder().decode(T.self, from: Data(buffer: response.body))
    }

    /// The platform with `code`.
    public static func platform(_ code: String, kernel: KernelServices) async throws -> Platform {
        guard let platform = try await kernel.database.read({ try await TenancyStore.platform(code: code, on: $0) }) else {
            throw FixtureError("no platform \(code)")
        }
        return platform
    }

    /// A new company and vendor (slug as its name, in Luxembourg, EUR), created directly (no
    /// HTTP); joined to `platform` on `tier` when one is given. Returns the vendor's id.
    public static func vendor(_ slug: String, platform: UUID, tier: String? = nil, currency: String = "EUR", locale: String = "fr-LU",
                              kernel: KernelServices) async throws -> UUID {
        try await kernel.database.transaction { tx -> UUID in
            let now = Date()
            let company = Company(id: UUID.v7(), name: slug, legalName: nil, addressLine1: nil, addressLine2: nil, postalCode: nil, city: nil,
                                  country: "LU", vatNumber: nil, email: nil, homePlatformId: platform, createdAt: now, updatedAt: now)
            try await TenancyStore.save(company, isNew: true, on: tx)
            let vendor = Vendor(id: UUID.v7(), companyId: company.id, slug: slug, name: slug, country: "LU", currency: currency,
                                locale: locale, isActive: true, createdAt: now, updatedAt: now)
            try await TenancyStore.save(vendor, isNew: true, on: tx)
            if let tier { _ = try await AdminTenantRoutes.join(vendor: vendor.id, platform: platform, tierCode: tier, now: now, on: tx) }
            return vendor.id
        }
    }

    /// `vendor(…)` with its owner (`owner@SLUG.test`) signed in on the platform `code`.
    public static func vendorWithOwner(_ slug: String, tier: String, platform code: String = "oms", locale: String = "fr-LU",
                                       client: some TestClientProtocol, kernel: KernelServices) async throws -> (vendorId: UUID, owner: Credential) {
        let platform = try await Fixtures.platform(code, kernel: kernel)
        let vendor = try await Fixtures.vendor(slug, platform: platform.id, tier: tier, locale: locale, kernel: kernel)
        try await Fixtures.user("owner@\(slug).test", membership: Membership(id: UUID.v7(), role: .vendorOwner, vendorId: vendor), kernel: kernel)
        return (vendor, try await Fixtures.login(client, platform: code, email: "owner@\(slug).test", password: Fixtures.password))
    }

    /// A user with one membership, created directly (no HTTP).
    @discardableResult
    public static func user(_ email: String, membership: Membership?, kernel: KernelServices) async throws -> User {
        try await AdminBootstrap.createUser(kernel: kernel, email: email, displayName: email, password: password, membership: membership)
    }
}

/// A fixture step that could not be completed.
public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
