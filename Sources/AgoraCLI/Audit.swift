import ArgumentParser
import Kernel

/// `agora audit …`: the audit log.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Inspect the audit log.", subcommands: [Verify.self])

    /// `agora audit verify`: recompute the hash chain; exit 1 when it is broken.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that no audit event was edited or deleted (exits 1 if one was).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await reportingFailures {
                let configuration = try database.configuration()
                let kernel = try await AgoraApplication.open(configuration: configuration, modules: InstalledModules.all, logger: Logs.logger(configuration))
                let result = try await kernel.database.read { try await AuditLog.verify(on: $0) }
                await kernel.database.close()
                if let problem = result.problem {
                    printError("audit chain broken after \(result.checked) intact event(s): \(problem)")
                    throw ExitCode.failure
                }
                print("Audit chain intact: \(result.checked) event(s) verified.")
            }
        }
    }
}
