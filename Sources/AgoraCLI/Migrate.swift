import ArgumentParser
import Kernel

/// `agora migrate`: apply pending migrations, or list them with `--dry-run`.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @Flag(help: "List what would be applied without changing the database.")
    var dryRun = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingFailures {
            let configuration = try database.configuration()
            let kernel = try await AgoraApplication.open(configuration: configuration, modules: InstalledModules.all, logger: Logs.logger(configuration))
            defer { Task { await kernel.database.close() } }
            let migrations = try await kernel.migrator.migrate(dryRun: dryRun)
            if migrations.isEmpty {
                print("Database \(configuration.databaseURL) is up to date.")
            } else {
                print(dryRun ? "Would apply \(migrations.count) migration(s) to \(configuration.databaseURL):" : "Applied \(migrations.count) migration(s) to \(configuration.databaseURL):")
                for migration in migrations { print("  \(migration.label)") }
            }
            await kernel.database.close()
        }
    }
}
