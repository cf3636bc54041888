import Hummingbird
import NIOConcurrencyHelpers

/// Who may call a route. Checked in one place, by ``RouteBuilder``, before the handler runs.
public enum Access: Sendable, Equatable, CustomStringConvertible {
    /// Anyone, signed in or not.
    case anyone
    /// Any signed-in user or valid API token.
    case signedIn
    /// Super admins only.
    case superAdmin
    /// Super admins and platform admins; handlers narrow to the admin's platforms.
    case platformAdmin
    /// People working for a vendor on the request's platform, with at least this role
    /// (platform admins of the platform count as owners); sets `context.vendor`.
    case vendor(Role)
    /// Anyone, signed in or not, shopping at one vendor: the vendor whose custom domain was
    /// used, or the vendor whose slug is the `:shop` path parameter; sets `context.vendor`.
    case shop

    public var description: String {
        switch self {
        case .anyone: return "anyone"
        case .signedIn: return "signed-in"
        case .superAdmin: return "super-admin"
        case .platformAdmin: return "platform-admin"
        case .vendor(let role): return "vendor:\(role.rawValue)"
        case .shop: return "shop"
        }
    }
}

/// What the kernel knows about one registered route, for OpenAPI, 405 answers and the
/// route-walking isolation tests.
public struct RouteDescriptor: Sendable, Equatable {
    /// HTTP method.
    public let method: HTTPRequest.Method
    /// Path pattern with `:name` parameters, as registered (without platform prefix).
    public let path: String
    /// One-line summary.
    public let summary: String
    /// The module that registered it.
    public let module: String
    /// Who may call it.
    public let access: Access
    /// The feature it needs, if gated.
    public let feature: String?
    /// JSON Schema of the request body, for routes that take one.
    public var requestSchema: JSONValue? = nil
    /// Whether the request body may be left out (its type is an ``OptionalRequestBody``).
    public var requestBodyOptional = false
    /// JSON Schema of a successful response body; nil for bodiless answers (204).
    public var responseSchema: JSONValue? = nil
    /// The media type of a successful response that is a file, not JSON (`application/pdf`).
    public var responseMediaType: String? = nil
    /// Query parameters it understands.
    public var query: [QueryParameter] = []
    /// A server-rendered page rather than a JSON endpoint (not in OpenAPI).
    public var isPage = false

    /// Whether `path` (already split into segments) matches this route's pattern.
    func matches(_ segments: [Substring]) -> Bool {
        let pattern = path.split(separator: "/", omittingEmptySubsequences: true)
        guard pattern.count == segments.count else { return false }
        for (part, segment) in zip(pattern, segments) where !part.hasPrefix(":") && part != segment {
            return false
        }
        return true
    }
}

/// Every route of the app, filled while modules register and read by the responder.
public final class RouteTable: Sendable {
    private let storage = NIOLockedValueBox<[RouteDescriptor]>([])

    public init() {}

    /// All routes in registration order.
    public var routes: [RouteDescriptor] { storage.withLockedValue { $0 } }

    /// Records `route`; throws when the same method and pattern is already taken.
    func add(_ route: RouteDescriptor) throws {
        let shape = RouteTable.shape(route.path)
        try storage.withLockedValue { routes in
            if let existing = routes.first(where: { $0.method == route.method && RouteTable.shape($0.path) == shape }) {
                throw ModuleGraphError.duplicateRoute(method: route.method.rawValue, path: route.path, modules: [existing.module, route.module])
            }
            routes.append(route)
        }
    }

    /// Methods registered for a path, for a 405's `Allow` header.
    public func allowedMethods(for path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return routes.filter { $0.matches(segments) }.map(\.method.rawValue)
    }

    /// The pattern with parameter names erased: `/a/:id` and `/a/:key` are the same route.
    static func shape(_ path: String) -> String {
        path.split(separator: "/").map { $0.hasPrefix(":") ? ":" : String($0) }.joined(separator: "/")
    }
}

/// A documented query parameter.
public struct QueryParameter: Sendable, Equatable {
    public let name: String
    public let description: String
    /// JSON Schema of the value.
    public let schema: JSONValue
    /// `query` or `header`.
    public let location: String
    public let required: Bool

    public init(name: String, description: String, schema: JSONValue) {
        self.name = name
        self.description = description
        self.schema = schema
        self.location = "query"
        self.required = false
    }

    /// A request header the route reads (`Idempotency-Key`).
    public init(header name: String, description: String, required: Bool) {
        self.name = name
        self.description = description
        self.schema = .object(["type": .string("string"), "minLength": .int(1), "maxLength": .int(255)])
        self.location = "header"
        self.required = required
    }

    /// `limit` and `cursor` of every paginated list.
    public static let pagination = [
        QueryParameter(name: "limit", description: "Items per page (1–200, default 50).",
                       schema: .object(["type": .string("integer"), "minimum": .int(1), "maximum": .int(PageRequest.maximumLimit)])),
        QueryParameter(name: "cursor", description: "The next_cursor of the previous page.", schema: .object(["type": .string("string")])),
    ]
}
