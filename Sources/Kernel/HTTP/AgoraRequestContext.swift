import Foundation
import Hummingbird
import Logging
import NIOCore

/// What Agora knows about a request beyond the request itself: its id, the platform it was
/// addressed to, who is asking, and from where.
public struct AgoraRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The id echoed in `X-Request-Id` and every log line and problem of this request.
    public var requestID: String
    /// The platform (and, on a vendor's custom domain, the vendor) the request was addressed to.
    public var platform: ResolvedPlatform?
    /// The signed-in user or API token; nil for anonymous requests.
    public var principal: Principal?
    /// The vendor a vendor-area route acts for (set by `Access.vendor`).
    public var vendor: VendorScope?
    /// The client's address: the socket peer, or what a trusted proxy reported.
    public var clientAddress: String?
    /// The socket peer's address.
    public let peerAddress: String?
    /// Whether the client reached us over HTTPS (directly or through a trusted proxy).
    public var isSecure: Bool
    /// Largest body the JSON decoder accepts; set from configuration for each request.
    public var maxUploadSize: Int

    public var requestDecoder: RequestBodyDecoding { RequestBodyDecoding() }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = ""
        self.platform = nil
        self.principal = nil
        self.vendor = nil
        self.peerAddress = source.channel.remoteAddress?.ipAddress
        self.clientAddress = self.peerAddress
        self.isSecure = false
        self.maxUploadSize = 1 << 20
    }

    /// The signed-in principal, or a 401.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw Problem.authenticationRequired }
        return principal
    }

    /// The vendor scope of a route declared with `Access.vendor`.
    public func requireVendor() throws -> VendorScope {
        guard let vendor else { throw Problem(status: .badRequest, code: "vendor_required", title: "Which vendor?") }
        return vendor
    }

    /// The resolved platform, or a 404 (operational paths run without one).
    public func requirePlatform() throws -> ResolvedPlatform {
        guard let platform else {
            throw Problem(status: .notFound, code: "unknown_platform", title: "No platform here",
                          detail: "This address does not belong to any platform.")
        }
        return platform
    }
}

extension AgoraRequestContext {
    /// Responses use the API's JSON conventions (``AgoraJSON``), written by ``ResponseJSON``.
    public var responseEncoder: AgoraResponseEncoder { AgoraResponseEncoder() }
}

extension AgoraRequestContext {
    /// The UUID path parameter `name`; a malformed id is a 404 like an unknown one.
    public func id(_ name: String, of what: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw Problem.notFound(what) }
        return id
    }
}

/// A response with a status other than 200 (201 Created, 204 No Content).
public struct StatusResponse<Body: ResponseEncodable & Sendable>: ResponseGenerator, Sendable {
    public let status: HTTPResponse.Status
    public let body: Body
    /// Extra headers (`Set-Cookie`, `Idempotent-Replayed`).
    public let headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ body: Body, headers: HTTPFields = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try body.response(from: request, context: context)
        response.status = status
        for field in headers { response.headers.append(field) }
        return response
    }
}
