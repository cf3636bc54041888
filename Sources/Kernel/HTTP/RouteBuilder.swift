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

    /// Registers `handler` for `method` and `path` (`/api/v1/admin/platforms/:id`).
    public func on<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: String, summary: String, access: Access, handler: @escaping Handler<Output>
    ) {
        do {
            try table.add(RouteDescriptor(method: method, path: path, summary: summary, module: module, access: access))
        } catch {
            errors.record(error)
            return
        }
        router.on(RouterPath(path), method: method) { request, context in
            try AccessCheck.enforce(access, context: context)
            return try await handler(request, context)
        }
    }

    public func get<Output: ResponseGenerator>(_ path: String, summary: String, access: Access, handler: @escaping Handler<Output>) {
        on(.get, path, summary: summary, access: access, handler: handler)
    }

    public func post<Output: ResponseGenerator>(_ path: String, summary: String, access: Access, handler: @escaping Handler<Output>) {
        on(.post, path, summary: summary, access: access, handler: handler)
    }

    public func patch<Output: ResponseGenerator>(_ path: String, summary: String, access: Access, handler: @escaping Handler<Output>) {
        on(.patch, path, summary: summary, access: access, handler: handler)
    }

    public func delete<Output: ResponseGenerator>(_ path: String, summary: String, access: Access, handler: @escaping Handler<Output>) {
        on(.delete, path, summary: summary, access: access, handler: handler)
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
    static func enforce(_ access: Access, context: AgoraRequestContext) throws {
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
        }
    }
}
