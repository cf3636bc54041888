import Hummingbird
import NIOConcurrencyHelpers

/// How modules mount routes: every route names its summary and who may call it, so access
/// checks live in one place and every route is known to the route table.
public struct RouteBuilder {
    let router: Router<AgoraRequestContext>
    let table: RouteTable
    /// The module registering; recorded on each route.
    public let module: String
    let errors: ErrorCollector

    /// A handler: request and context in, something encodable out.
    public typealias Handler<Output: ResponseGenerator> = @Sendable (Request, AgoraRequestContext) async throws -> Output

    let kernel: KernelServices

    /// Registers `handler` for `method` and `path` (`/api/v1/admin/platforms/:id`). With
    /// `feature`, the route answers only where that feature is available (404 where the
    /// platform does not offer the module, 403 `feature_not_available` otherwise).
    public func on<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: String, summary: String, access: Access, feature: String? = nil,
        query: [QueryParameter] = [], handler: @escaping Handler<Output>
    ) {
        register(method, path, summary: summary, access: access, feature: feature, query: query, requestSchema: nil, handler: handler)
    }

    /// Registers a route that takes a JSON body of type `Input`: the body is decoded (with
    /// problem+json for every way it can be wrong) after the access and feature checks, and
    /// its schema goes into OpenAPI.
    public func on<Input: Decodable, Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: String, summary: String, access: Access, feature: String? = nil,
        query: [QueryParameter] = [], body: Input.Type, handler: @escaping @Sendable (Input, Request, AgoraRequestContext) async throws -> Output
    ) {
        register(method, path, summary: summary, access: access, feature: feature, query: query,
                 requestSchema: kernel.schemas.schema(for: Input.self), requestBodyOptional: Input.self is any OptionalRequestBody.Type) { request, context in
            let input = try await request.decode(as: Input.self, context: context)
            return try await handler(input, request, context)
        }
    }

    private func register<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: String, summary: String, access: Access, feature: String?,
        query: [QueryParameter], requestSchema: JSONValue?, requestBodyOptional: Bool = false, handler: @escaping Handler<Output>
    ) {
        var descriptor = RouteDescriptor(method: method, path: path, summary: summary, module: module, access: access, feature: feature)
        descriptor.requestSchema = requestSchema
        descriptor.requestBodyOptional = requestBodyOptional
        descriptor.responseSchema = OpenAPIDocument.responseSchema(Output.self, registry: kernel.schemas)
        descriptor.responseMediaType = (Output.self as? any BinaryResponse.Type)?.mediaType
        descriptor.query = query + (Output.self is any PaginatedResponse.Type ? QueryParameter.pagination : [])
        guard record(descriptor) else { return }
        let kernel = self.kernel
        router.on(RouterPath(path), method: method) { request, context in
            var context = context
            try await AccessCheck.admit(feature: feature, access: access, request: request, context: &context, kernel: kernel)
            return try await handler(request, context)
        }
    }

    /// Adds `descriptor` to the route table; false (with the error kept for boot to report)
    /// when the route is already there.
    func record(_ descriptor: RouteDescriptor) -> Bool {
        do {
            try table.add(descriptor)
            return true
        } catch {
            errors.record(error)
            return false
        }
    }

    public func get<Output: ResponseGenerator>(_ path: String, summary: String, access: Access, feature: String? = nil,
                                               query: [QueryParameter] = [], handler: @escaping Handler<Output>) {
        on(.get, path, summary: summary, access: access, feature: feature, query: query, handler: handler)
    }

    public func post<Output: ResponseGenerator>(_ path: String, summary: String, access: Access, feature: String? = nil, handler: @escaping Handler<Output>) {
        on(.post, path, summary: summary, access: access, feature: feature, handler: handler)
    }

    public func put<Output: ResponseGenerator>(_ path: String, summary: String, access: Access, feature: String? = nil, handler: @escaping Handler<Output>) {
        on(.put, path, summary: summary, access: access, feature: feature, handler: handler)
    }

    public func patch<Output: ResponseGenerator>(_ path: String, summary: String, access: Access, feature: String? = nil, handler: @escaping Handler<Output>) {
        on(.patch, path, summary: summary, access: access, feature: feature, handler: handler)
    }

    public func delete<Output: ResponseGenerator>(_ path: String, summary: String, access: Access, feature: String? = nil, handler: @escaping Handler<Output>) {
        on(.delete, path, summary: summary, access: access, feature: feature, handler: handler)
    }

    public func post<Input: Decodable, Output: ResponseGenerator>(
        _ path: String, summary: String, access: Access, feature: String? = nil, query: [QueryParameter] = [], body: Input.Type,
        handler: @escaping @Sendable (Input, Request, AgoraRequestContext) async throws -> Output
    ) {
        on(.post, path, summary: summary, access: access, feature: feature, query: query, body: body, handler: handler)
    }

    public func put<Input: Decodable, Output: ResponseGenerator>(
        _ path: String, summary: String, access: Access, feature: String? = nil, body: Input.Type,
        handler: @escaping @Sendable (Input, Request, AgoraRequestContext) async throws -> Output
    ) {
        on(.put, path, summary: summary, access: access, feature: feature, body: body, handler: handler)
    }

    public func patch<Input: Decodable, Output: ResponseGenerator>(
        _ path: String, summary: String, access: Access, feature: String? = nil, body: Input.Type,
        handler: @escaping @Sendable (Input, Request, AgoraRequestContext) async throws -> Output
    ) {
        on(.patch, path, summary: summary, access: access, feature: feature, body: body, handler: handler)
    }
}

/// Gathers registration errors so boot can report the first one after all modules registered.
final class ErrorCollector: Sendable {
    private let storage = NIOLockedValueBox<[any Error]>([])

    func record(_ error: any Error) { storage.withLockedValue { $0.append(error) } }

    var first: (any Error)? { storage.withLockedValue { $0.first } }
}

/// The single place a route's ``Access`` is compared with the caller.
enum AccessCheck {
    /// Everything a route checks before its handler: the platform offers the feature's module
    /// (a 404 otherwise, whoever asks), the caller has the access, and the feature is available.
    static func admit(feature: String?, access: Access, request: Request, context: inout AgoraRequestContext, kernel: KernelServices) async throws {
        if let feature, let platform = context.platform, !platform.modules.contains(FeatureRules.module(of: feature)) {
            throw Problem(status: .notFound, code: "route_not_found", title: "No such endpoint",
                          detail: "This platform does not offer the \(FeatureRules.module(of: feature)) module.")
        }
        try await enforce(access, request: request, context: &context, kernel: kernel)
        if let feature {
            try await kernel.features.require(feature, platform: try context.requirePlatform(), vendor: context.vendor)
        }
    }

    static func enforce(_ access: Access, request: Request, context: inout AgoraRequestContext, kernel: KernelServices) async throws {
        switch access {
        case .anyone:
            return
        case .signedIn:
            _ = try context.requirePrincipal()
        case .superAdmin:
            guard try context.requirePrincipal().isSuperAdmin else {
                throw Problem.forbidden("Only super admins may do this.")
            }
        case .platformAdmin:
            let principal = try context.requirePrincipal()
            guard principal.isSuperAdmin || !principal.administeredPlatformIDs.isEmpty else {
                throw Problem.forbidden("Only platform admins may do this.")
            }
        case .vendor(let minimum):
            context.vendor = try await VendorScopeResolver.resolve(request, context: context, minimum: minimum, database: kernel.database, features: kernel.features)
        case .shop:
            context.vendor = try await VendorScopeResolver.shop(context: context, vendors: kernel.vendors, features: kernel.features)
        }
    }
}
