import Foundation
import Hummingbird
import Logging
import Mail
import ServiceLifecycle

/// Builds the running app from configuration and modules; `main` and the tests share it.
public enum AgoraApplication {
    /// The modules every deployment has.
    public static let coreModules: [any AgoraModule] = [KernelModule()]

    /// Opens the database, validates the module graph, migrates, syncs platform manifests and
    /// mounts every module's routes.
    public static func boot(
        configuration: AgoraConfiguration, modules: [any AgoraModule] = [], logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }, migrate: Bool = true, mailer: Mailer? = nil
    ) async throws -> KernelServices {
        let kernel = try await open(configuration: configuration, modules: modules, logger: logger, now: now, mailer: mailer)
        let database = kernel.database
        do {
            if migrate {
                let applied = try await kernel.migrator.migrate(now: now())
                if !applied.isEmpty { logger.info("Applied \(applied.count) migration(s)", metadata: ["migrations": .string(applied.map(\.label).joined(separator: ", "))]) }
            }
            let manifests = try PlatformManifest.loadAll(from: configuration.root.appendingPathComponent("Platforms"))
            let report = try await PlatformSync(database: database, directory: kernel.platforms).sync(manifests, mode: .createMissing, now: now())
            if !report.created.isEmpty { logger.info("Created platforms from manifests", metadata: ["platforms": .string(report.created.joined(separator: ", "))]) }
        } catch {
            await database.close()
            throw error
        }
        return kernel
    }

    /// Validates the module graph and opens the database, without migrating (for `agora migrate`).
    public static func open(
        configuration: AgoraConfiguration, modules: [any AgoraModule] = [], logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }, mailer: Mailer? = nil
    ) async throws -> KernelServices {
        let registry = try ModuleRegistry(coreModules + modules)
        let pages = try await PageRenderer.load(modules: registry.modules)
        let database = try await Database.open(configuration.databaseURL, poolSize: configuration.databasePoolSize,
                                               keepingConnections: configuration.databaseKeepsConnections, logger: logger)
        return KernelServices(configuration: configuration, database: database, logger: logger, registry: registry, pages: pages, now: now, mailer: mailer)
    }

    /// The responder for `kernel`: every module's routes behind platform resolution.
    public static func responder(kernel: KernelServices) throws -> AgoraResponder {
        let router = Router(context: AgoraRequestContext.self)
        router.add(middleware: ProblemMiddleware(routes: kernel.routes))
        let errors = ErrorCollector()
        for module in kernel.registry.modules {
            module.registerRoutes(on: RouteBuilder(router: router, table: kernel.routes, module: module.id, errors: errors, kernel: kernel), kernel: kernel)
        }
        if let error = errors.first { throw error }
        return AgoraResponder(router: router.buildResponder(), kernel: kernel)
    }

    /// The HTTP application: responder, bind address and every module's background services.
    public static func application(kernel: KernelServices) throws -> some ApplicationProtocol {
        let services = kernel.registry.modules.flatMap { $0.backgroundServices(kernel: kernel) }
        return Application(
            responder: try responder(kernel: kernel),
            configuration: .init(address: .hostname(kernel.configuration.host, port: kernel.configuration.port), serverName: "agora"),
            services: services,
            logger: kernel.logger)
    }
}
