import Foundation
import Hummingbird
import Logging

/// The outermost responder: request id, platform resolution (with prefix removal, which must
/// happen before the router matches), authentication, problem+json for every failure, and the
/// access log line.
public struct AgoraResponder: HTTPResponder {
    public typealias Context = AgoraRequestContext

    let router: RouterResponder<AgoraRequestContext>
    let kernel: KernelServices

    /// Paths that answer on any host, for load balancers and monitoring.
    static let operationalPaths: Set<String> = ["/healthz", "/readyz", "/metrics"]

    public func respond(to request: Request, context: AgoraRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        var request = request
        context.requestID = Self.requestID(from: request)
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        context.maxUploadSize = kernel.configuration.maxBodyBytes
        let forwarded = ForwardedHeaders(request: request, peer: context.peerAddress, trusted: kernel.configuration.trustedProxies)
        context.clientAddress = forwarded.clientAddress ?? context.peerAddress
        context.isSecure = forwarded.isSecure
        let host = forwarded.host ?? request.head.authority ?? ""
        let originalPath = request.uri.path

        var response: Response
        do {
            if let (platform, remainingPath) = try await kernel.platforms.resolve(host: host, path: originalPath) {
                context.platform = platform
                var path = remainingPath
                if let vendorId = platform.vendorId, Self.isStorefrontPath(path), let vendor = try await kernel.vendors.vendor(vendorId) {
                    // A vendor's own domain is its storefront: `/products` there is
                    // `/shop/<slug>/products` on the platform's domain.
                    path = Self.storefrontPrefix + "/" + vendor.slug + (path == "/" ? "" : path)
                }
                if path != originalPath {
                    var head = request.head
                    head.path = path + (request.uri.query.map { "?" + $0 } ?? "")
                    request = Request(head: head, body: request.body)
                }
            } else if !Self.operationalPaths.contains(originalPath) {
                throw Problem(status: .notFound, code: "unknown_platform", title: "No platform here",
                              detail: "No platform is configured for host '\(PlatformResolver.normalize(host: host))' and this path.")
            }
            context.principal = try await kernel.authenticator.principal(for: request)
            response = try await router.respond(to: request, context: context)
        } catch {
            let problem = ProblemResponses.problem(for: error, logger: context.logger)
            response = ProblemResponses.response(for: problem, path: originalPath, requestID: context.requestID)
        }
        response.headers[.init("X-Request-Id")!] = context.requestID
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // The route pattern, not the path, keeps the series bounded.
        kernel.metrics.record(method: request.method.rawValue, route: context.endpointPath ?? "unmatched",
                              status: response.status.code, seconds: seconds)
        let level: Logger.Level = response.status.code >= 500 ? .error : .info
        context.logger.log(level: level, "request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(originalPath),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .string(String(format: "%.2f", seconds * 1000)),
            "platform": .string(context.platform?.code ?? "-"),
            "client": .string(context.clientAddress ?? "-"),
        ])
        return response
    }

    /// Where storefront pages live on a platform's domain (`/shop/<vendor-slug>/…`).
    public static let storefrontPrefix = "/shop"

    /// Areas that keep their own paths on a vendor's domain: the APIs, the staff pages, the
    /// till and the operational endpoints. Everything else there is the vendor's storefront.
    static let nonStorefrontAreas = ["/api/", "/admin", "/vendor", "/pos", "/openapi.json", "/healthz", "/readyz", "/metrics", storefrontPrefix + "/"]

    static func isStorefrontPath(_ path: String) -> Bool {
        !nonStorefrontAreas.contains { area in
            area.hasSuffix("/") ? path.hasPrefix(area) : (path == area || path.hasPrefix(area + "/"))
        }
    }

    /// The caller's `X-Request-Id` when it is short and printable, else a fresh one.
    static func requestID(from request: Request) -> String {
        if let given = request.headers[.init("X-Request-Id")!], (1...64).contains(given.count),
           given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) {
            return given
        }
        return SecretToken.generate(bytes: 12)
    }
}

/// `X-Forwarded-*` headers, believed only when the socket peer is a trusted proxy.
struct ForwardedHeaders {
    var host: String?
    var clientAddress: String?
    var isSecure = false

    init(request: Request, peer: String?, trusted: [IPAddressRange]) {
        guard let peer, trusted.contains(where: { $0.contains(peer) }) else { return }
        if let forwardedHost = request.headers[.init("X-Forwarded-Host")!] {
            host = forwardedHost.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let proto = request.headers[.init("X-Forwarded-Proto")!] {
            isSecure = proto.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
        }
        if let chain = request.headers[.init("X-Forwarded-For")!] {
            // The client is the right-most address that is not one of our proxies.
            let addresses = chain.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            clientAddress = addresses.last { address in !trusted.contains { $0.contains(address) } } ?? addresses.first
        }
    }
}

/// Router middleware that turns errors into problem+json inside the router, and answers 405
/// (with `Allow`) where the path exists under another method.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AgoraRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            let allowed = routes.allowedMethods(for: request.uri.path)
            guard !allowed.isEmpty else { throw ProblemResponses.problem(for: error) }
            var headers = HTTPFields()
            headers[.allow] = allowed.joined(separator: ", ")
            throw Problem(status: .methodNotAllowed, code: "method_not_allowed", title: "Method not allowed",
                          detail: "\(request.method.rawValue) is not allowed here; use \(allowed.joined(separator: ", ")).",
                          extensions: ["allowed_methods": .array(allowed.map { .string($0) })], headers: headers)
        }
    }
}
