import Hummingbird

/// `/healthz` (the process answers) and `/readyz` (database reachable, migrations applied).
enum HealthRoutes {
    struct Health: ResponseCodable, Sendable {
        let status: String
        let database: String?
        let pendingMigrations: Int?
        let platform: String?
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.get("/healthz", summary: "Liveness: the process answers", access: .anyone) { _, context in
            Health(status: "ok", database: nil, pendingMigrations: nil, platform: context.platform?.code)
        }
        routes.get("/readyz", summary: "Readiness: database reachable and migrations applied", access: .anyone) { _, context in
            let reachable = await kernel.database.isReachable()
            var pending: Int?
            if reachable { pending = try? await kernel.migrator.pending().count }
            let ready = reachable && pending == 0
            let body = Health(status: ready ? "ready" : "not_ready", database: reachable ? kernel.database.kind.rawValue : "unreachable",
                              pendingMigrations: pending, platform: context.platform?.code)
            return StatusResponse(ready ? .ok : .serviceUnavailable, body)
        }
    }
}
