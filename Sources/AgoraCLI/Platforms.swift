import ArgumentParser
import Kernel

/// `agora platforms …`: manage platforms from their `Platforms/<code>/` folders.
struct Platforms: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage branded platforms.",
        subcommands: [Sync.self])

    /// `agora platforms sync`: apply every manifest; the manifest wins for what it declares.
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load Platforms/*/platform.json into the database (idempotent).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await reportingFailures {
                let configuration = try database.configuration()
                let kernel = try await AgoraApplication.open(configuration: configuration, modules: InstalledModules.all, logger: Logs.logger(configuration))
                try await kernel.migrator.migrate()
                let manifests = try PlatformManifest.loadAll(from: configuration.root.appendingPathComponent("Platforms"))
                let report = try await PlatformSync(database: kernel.database, directory: kernel.platforms).sync(manifests, mode: .apply)
                print("Platforms: \(report.created.count) created \(report.created), \(report.updated.count) updated \(report.updated), \(report.unchanged.count) unchanged \(report.unchanged)")
                await kernel.database.close()
            }
        }
    }
}
