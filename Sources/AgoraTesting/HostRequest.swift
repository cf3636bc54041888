import Foundation
import Hummingbird
import Kernel
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded

/// A request sent to the app's responder as if it arrived for `host` — the in-process test client
/// always says `localhost`, and a vendor's custom domain is a different host.
public enum HostRequest {
    public struct Answer: Sendable {
        public let status: HTTPResponse.Status
        public let headers: HTTPFields
        public let body: String
    }

    /// A GET of `path` on `host` through `responder`, with `headers`.
    public static func get(_ path: String, host: String, headers: HTTPFields = [:], responder: AgoraResponder) async throws -> Answer {
        try await send(.get, path, host: host, headers: headers, responder: responder)
    }

    /// `method` on `path` at `host` through `responder`, with `headers` and `body`.
    public static func send(_ method: HTTPRequest.Method, _ path: String, host: String, headers: HTTPFields = [:], body: String = "",
                            responder: AgoraResponder) async throws -> Answer {
        var headers = headers
        if !body.isEmpty { headers[.contentLength] = String(body.utf8.count) }
        let request = Request(head: HTTPRequest(method: method, scheme: "http", authority: host, path: path, headerFields: headers),
                              body: RequestBody(buffer: ByteBuffer(string: body)))
        let context = AgoraRequestContext(source: ApplicationRequestContextSource(channel: EmbeddedChannel(), logger: TestDatabases.logger))
        let response = try await responder.respond(to: request, context: context)
        let collector = Collector()
        try await response.body.write(collector)
        return Answer(status: response.status, headers: response.headers, body: String(buffer: collector.buffer.withLockedValue { $0 }))
    }

    private final class Collector: ResponseBodyWriter, Sendable {
        let buffer = NIOLockedValueBox(ByteBuffer())
        func write(_ part: ByteBuffer) async throws {
            buffer.withLockedValue { var part = part; $0.writeBuffer(&part) }
        }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
