import AgoraTesting
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("HTTP conventions")
struct HTTPConventionsTests {
    struct ProblemBody: Decodable {
        let type: String
        let status: Int
        let code: String
        let title: String
        let detail: String?
        let requestId: String
        let errors: [FieldError]?
    }

    func problem(_ response: TestResponse) throws -> ProblemBody {
        #expect(response.headers[.contentType] == "application/problem+json")
        return try Fixtures.decode(ProblemBody.self, from: response)
    }

    @Test func healthAndReadinessPerPlatform() async throws {
        try await TestKernel.withClient { client, _ in
            for platform in ["oms", "loyalty"] {
                let health = try await client.execute(uri: "/\(platform)/healthz", method: .get)
                #expect(health.status == .ok)
                #expect(String(buffer: health.body).contains("\"platform\":\"\(platform)\""))
                let ready = try await client.execute(uri: "/\(platform)/readyz", method: .get)
                #expect(ready.status == .ok)
                #expect(String(buffer: ready.body).contains("\"pending_migrations\":0"))
            }
            // Load balancers probe without a platform prefix.
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test func unknownPlatformAndRouteAreProblems() async throws {
        try await TestKernel.withClient { client, _ in
            let noPlatform = try await client.execute(uri: "/nowhere/healthz", method: .get)
            #expect(noPlatform.status == .notFound)
            #expect(try problem(noPlatform).code == "unknown_platform")

            let noRoute = try await client.execute(uri: "/oms/api/v1/no/such/thing", method: .get)
            #expect(noRoute.status == .notFound)
            let body = try problem(noRoute)
            #expect(body.code == "route_not_found")
            #expect(body.type == "urn:agora:problem:route_not_found")
            #expect(noRoute.headers[.init("X-Request-Id")!] == body.requestId)
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await TestKernel.withClient { client, _ in
            let response = try await client.execute(uri: "/oms/api/v1/auth/login", method: .get)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "POST")
            #expect(try problem(response).code == "method_not_allowed")
        }
    }

    @Test func malformedBodiesAreClear4xx() async throws {
        try await TestKernel.withClient { client, _ in
            let uri = "/oms/api/v1/auth/login"
            let cases: [(String, HTTPResponse.Status, String, String?)] = [
                ("{not json", .badRequest, "malformed_json", nil),
                ("", .badRequest, "malformed_json", nil),
                ("[1,2]", .badRequest, "malformed_json", nil),
                (#"{"email": 42, "password": "x"}"#, .unprocessableContent, "invalid_body", "email"),
                (#"{"email": "a@b.lu"}"#, .unprocessableContent, "invalid_body", "password"),
                (#"{"email": null, "password": "x"}"#, .unprocessableContent, "invalid_body", "email"),
            ]
            for (body, status, code, field) in cases {
                let response = try await client.execute(uri: uri, method: .post, headers: Fixtures.headers(), body: Fixtures.json(body))
                #expect(response.status == status, "body \(body)")
                let decoded = try problem(response)
                #expect(decoded.code == code, "body \(body)")
                if let field { #expect(decoded.errors?.first?.field == field, "body \(body)") }
            }
            let xml = try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/xml"], body: ByteBuffer(string: "<a/>"))
            #expect(xml.status == .unsupportedMediaType)
        }
    }

    @Test func oversizedBodiesAre413() async throws {
        try await TestKernel.withClient(configure: { $0.maxBodyBytes = 2048 }) { client, _ in
            let huge = #"{"email": "a@b.lu", "password": ""# + String(repeating: "x", count: 5000) + #""}"#
            let response = try await client.execute(uri: "/oms/api/v1/auth/login", method: .post, headers: Fixtures.headers(), body: Fixtures.json(huge))
            #expect(response.status == .contentTooLarge)
            #expect(try problem(response).code == "body_too_large")
        }
    }

    @Test func requestIDIsEchoedOrCreated() async throws {
        try await TestKernel.withClient { client, _ in
            let given = try await client.execute(uri: "/oms/healthz", method: .get, headers: [.init("X-Request-Id")!: "abc-123"])
            #expect(given.headers[.init("X-Request-Id")!] == "abc-123")
            let hostile = try await client.execute(uri: "/oms/healthz", method: .get, headers: [.init("X-Request-Id")!: "<script>"])
            #expect(hostile.headers[.init("X-Request-Id")!] != "<script>")
        }
    }

    @Test func malformedIdsAndCursorsAreNot500() async throws {
        try await TestKernel.withClient { client, _ in
            let admin = try await Fixtures.loginAsSuperAdmin(client)
            let badID = try await client.execute(uri: "/oms/api/v1/admin/vendors/not-a-uuid", method: .get, headers: Fixtures.headers(admin))
            #expect(badID.status == .notFound)
            let badCursor = try await client.execute(uri: "/oms/api/v1/admin/vendors?cursor=%%%", method: .get, headers: Fixtures.headers(admin))
            #expect(badCursor.status == .badRequest)
            #expect(try problem(badCursor).code == "invalid_parameter")
            let badLimit = try await client.execute(uri: "/oms/api/v1/admin/vendors?limit=500", method: .get, headers: Fixtures.headers(admin))
            #expect(badLimit.status == .badRequest)
        }
    }

    @Test func forwardedHeadersAreBelievedOnlyFromTrustedProxies() throws {
        let head = HTTPRequest(method: .get, scheme: "http", authority: "internal:8080", path: "/", headerFields: [
            .init("X-Forwarded-Host")!: "Shop.Example.LU", .init("X-Forwarded-Proto")!: "https",
            .init("X-Forwarded-For")!: "203.0.113.9, 10.0.0.2",
        ])
        let request = Request(head: head, body: .init(buffer: ByteBuffer()))
        let trusted = [IPAddressRange("10.0.0.0/8")!]
        let believed = ForwardedHeaders(request: request, peer: "10.0.0.1", trusted: trusted)
        #expect(believed.host == "Shop.Example.LU")
        #expect(believed.isSecure)
        #expect(believed.clientAddress == "203.0.113.9")
        let ignored = ForwardedHeaders(request: request, peer: "198.51.100.7", trusted: trusted)
        #expect(ignored.host == nil)
        #expect(!ignored.isSecure)
        #expect(ignored.clientAddress == nil)
    }
}
