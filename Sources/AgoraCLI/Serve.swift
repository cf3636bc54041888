import ArgumentParser
import Foundation
import Hummingbird
import Kernel

/// `agora serve`: migrate, load platform manifests, create the first admin, and serve HTTP.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the HTTP server (migrates the database first).")

    @Option(help: "Address to bind (default: $AGORA_HOST or 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default: $AGORA_PORT or 8080).")
    var port: Int?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingFailures {
            var configuration = try database.configuration()
            if let host { configuration.host = host }
            if let port { configuration.port = port }
            let logger = Logs.logger(configuration)
            let started = ContinuousClock.now
            let kernel = try await AgoraApplication.boot(configuration: configuration, modules: InstalledModules.all, logger: logger)
            switch try await AdminBootstrap.ensureSuperAdmin(kernel: kernel) {
            case .existingUsers:
                break
            case .created(let email):
                print("Created super admin \(email) with the password from AGORA_ADMIN_PASSWORD.")
            case .createdWithGeneratedPassword(let email, let password):
                print("""
                    Created super admin \(email)
                    One-time password: \(password)
                    (shown once; set AGORA_ADMIN_PASSWORD to choose it instead)
                    """)
            }
            let app = try AgoraApplication.application(kernel: kernel)
            let bootTime = ContinuousClock.now - started
            logger.info("Agora ready", metadata: [
                "address": .string("http://\(configuration.host):\(configuration.port)"),
                "database": .string(configuration.databaseURL.description),
                "environment": .string(configuration.environment.rawValue),
                "mail": .string(configuration.mail?.description ?? "not configured (AGORA_SMTP_URL)"),
                "boot_ms": .stringConvertible(bootTime.components.seconds * 1000 + bootTime.components.attoseconds / 1_000_000_000_000_000),
            ])
            if configuration.environment == .development {
                print("Serving the platforms under http://localhost:\(configuration.port)/<platform code>/ (e.g. /oms/healthz, /loyalty/healthz)")
            }
            do {
                try await app.runService()
            } catch {
                await kernel.database.close()
                throw error
            }
            await kernel.database.close()
        }
    }
}
