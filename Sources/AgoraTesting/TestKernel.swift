import Foundation
import Hummingbird
import HummingbirdTesting
import Kernel
import Logging
import Mail

/// Builds the app the way `agora serve` does, on a fresh database, for one test.
public enum TestKernel {
    /// Configuration for tests: the test environment (platforms under `/<code>` on localhost),
    /// cheap bcrypt, the repository's migrations and platforms.
    public static func configuration(_ url: DatabaseURL) -> AgoraConfiguration {
        AgoraConfiguration(
            databaseURL: url, databaseKeepsConnections: false, environment: .test, adminEmail: "admin@agora.test", adminPassword: Fixtures.adminPassword,
            bcryptCost: 4, root: TestDatabases.root, logLevel: .warning)
    }

    /// Runs `body` with a booted kernel (migrated, platforms synced, super admin created) on a
    /// fresh database, then closes and drops the database.
    @discardableResult
    public static func with<T: Sendable>(
        modules: [any AgoraModule] = [],
        configure: (inout AgoraConfiguration) -> Void = { _ in },
        now: @escaping @Sendable () -> Date = { Date() },
        mailer: Mailer? = nil,
        _ body: (KernelServices) async throws -> T
    ) async throws -> T {
        let owners = try ModuleRegistry(AgoraApplication.coreModules + modules).migrationOwners
        let (url, dispose) = try await TestDatabases.fresh(owners: owners)
        var configuration = configuration(url)
        configure(&configuration)
        let kernel: KernelServices
        do {
            kernel = try await AgoraApplication.boot(configuration: configuration, modules: modules, logger: TestDatabases.logger, now: now, mailer: mailer)
        } catch {
            await dispose()
            throw error
        }
        do {
            _ = try await AdminBootstrap.ensureSuperAdmin(kernel: kernel)
            let result = try await body(kernel)
            await kernel.database.close()
            await dispose()
            return result
        } catch {
            await kernel.database.close()
            await dispose()
            throw error
        }
    }

    /// Runs `body` with an in-process HTTP client for a booted kernel (no sockets).
    @discardableResult
    public static func withClient<T: Sendable>(
        modules: [any AgoraModule] = [],
        configure: (inout AgoraConfiguration) -> Void = { _ in },
        mailer: Mailer? = nil,
        _ body: @escaping @Sendable (any TestClientProtocol, KernelServices) async throws -> T
    ) async throws -> T {
        try await with(modules: modules, configure: configure, mailer: mailer) { kernel in
            let app = Application(responder: try AgoraApplication.responder(kernel: kernel), logger: TestDatabases.logger)
            return try await app.test(.router) { client in try await body(client, kernel) }
        }
    }
}
