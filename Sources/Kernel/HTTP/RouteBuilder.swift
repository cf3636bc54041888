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
        handler: @escaping Handler<Output>
    ) {
        do {
            try table.add(RouteDescriptor(method: method, path: path, summary: summary, module: module, access: access, feature: feature))
        } catch {
            errors.record(error)
            return
        }
        let kernel = self.kernel
        router.on(RouterPath(path), method: method) { request, context in
            var context = context
            try await AccessCheck.enforce(access, request: request, context: &context, kernel: kernel)
            if let feature {
                try await kernel.features.require(feature, platform: try context.requirePlatform(), vendor: context.vendor)
            }
            return try await handler(request, context)
        }
    }

    public func get<Output: ResponseGenerator>(_ path: String, summary: String, access: Access, feature: String? = nil, handler: @escaping Handler<Output>) {
        on(.get, path, summary: summary, access: access, feature: feature, handler: handler)
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
}

/// Gathers registration errors so boot can report the first one after all modules registered.
final class ErrorCollector: Sendable {
    private let storage = NIOLockedValueBox<[any Error]>([])

    func record(_ error: any Error) { storage.withLockedValue { $0.append(error) } }

    var first: (any Error)? { storage.withLockedValue { $0.first } }
}

/// The single place a route's ``Access`` is compared with the caller.
enum AccessCheck {
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
            context.vendor = try await VendorScopeResolver.resolve(request, context: context, minimum: minimum, database: kernel.database)
        }
    }
}
