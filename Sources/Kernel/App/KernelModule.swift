import ServiceLifecycle

/// The kernel's own routes and tables, registered like any module so the migrator, the route
/// table and OpenAPI treat it the same way.
public struct KernelModule: AgoraModule {
    public init() {}

    public var id: String { "kernel" }

    public var limits: [LimitDeclaration] {
        [LimitDeclaration(key: "kernel.team_members", name: "Team members", period: .none)]
    }

    public func registerRoutes(on routes: RouteBuilder, kernel: KernelServices) {
        HealthRoutes.register(on: routes, kernel: kernel)
        AuthRoutes.register(on: routes, kernel: kernel)
        AdminPlatformRoutes.register(on: routes, kernel: kernel)
        AdminTenantRoutes.register(on: routes, kernel: kernel)
        AdminUserRoutes.register(on: routes, kernel: kernel)
        AuditRoutes.register(on: routes, kernel: kernel)
        AdminFeatureRoutes.register(on: routes, kernel: kernel)
        EventRoutes.register(on: routes, kernel: kernel)
        MetricsRoute.register(on: routes, kernel: kernel)
        OpenAPIRoute.register(on: routes, kernel: kernel)
        AdminPages.register(on: routes, kernel: kernel)
    }

    public func backgroundServices(kernel: KernelServices) -> [any Service] {
        [ChangeNotifier.Listener(notifier: kernel.changes),
         SubscriptionScheduler(kernel: kernel, interval: kernel.configuration.schedulerInterval),
         EventDispatcher(kernel: kernel)]
    }
}
