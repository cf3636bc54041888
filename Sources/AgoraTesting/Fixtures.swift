import Foundation
import Hummingbird
import HummingbirdTesting
import Kernel

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
