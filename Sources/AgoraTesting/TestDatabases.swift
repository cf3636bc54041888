import Foundation
import Kernel
import Logging

/// Fresh, migrated databases for tests, on SQLite by default or on the PostgreSQL server
/// named by `AGORA_TEST_DATABASE_URL`.
///
/// Migrating once and copying is much faster than migrating per test: SQLite tests copy a
/// migrated template file; PostgreSQL tests `CREATE DATABASE … TEMPLATE` a migrated template.
public enum TestDatabases {
    /// The server tests run against: `AGORA_TEST_DATABASE_URL`, or nil for SQLite.
    public static let postgresURL: DatabaseURL? = {
        guard let raw = ProcessInfo.processInfo.environment["AGORA_TEST_DATABASE_URL"], !raw.isEmpty else { return nil }
        guard let url = try? DatabaseURL(parsing: raw), case .postgres = url else {
            fatalError("AGORA_TEST_DATABASE_URL must be a postgres:// URL")
        }
        return url
    }()

    /// Which backend this test run uses.
    public static var kind: Database.Kind { postgresURL == nil ? .sqlite : .postgres }

    /// The repository root (holds `migrations/` and `Platforms/`).
    public static let root: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("migrations/kernel").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder
    }()

    static let logger: Logger = {
        var logger = Logger(label: "agora.test")
        logger.logLevel = .warning
        return logger
    }()

    private static let template = TemplateStore()

    /// A new, migrated, empty database for one test, and how to dispose of it.
    public static func fresh(owners: [String] = ["kernel"]) async throws -> (url: DatabaseURL, dispose: @Sendable () async -> Void) {
        let templateURL = try await template.url(owners: owners)
        let name = "agora_t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        switch templateURL {
        case .sqlite(let path):
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sqlite").path
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            return (.sqlite(path: copy), {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
            })
        case .postgres(let location):
            try await admin { db in
                try await db.read { try await $0.sql.raw("CREATE DATABASE \(unsafeRaw: name) TEMPLATE \(unsafeRaw: location.database)").run() }
            }
            var fresh = location
            fresh.database = name
            return (.postgres(fresh), {
                try? await admin { db in
                    try await db.read { try await $0.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
                }
            })
        }
    }

    /// Runs `body` on the maintenance database named by `AGORA_TEST_DATABASE_URL`.
    static func admin(_ body: (Database) async throws -> Void) async throws {
        guard let url = postgresURL else { return }
        let db = try await Database.open(url, logger: logger)
        do { try await body(db) } catch {
            await db.close()
            throw error
        }
        await db.close()
    }

    /// Builds each template once per test process.
    actor TemplateStore {
        /// One build per owner list; concurrent tests await the same task (actors are reentrant).
        private var builds: [String: Task<DatabaseURL, any Error>] = [:]

        func url(owners: [String]) async throws -> DatabaseURL {
            let key = owners.joined(separator: ",")
            if let build = builds[key] { return try await build.value }
            let build = Task { try await Self.build(owners: owners) }
            builds[key] = build
            return try await build.value
        }

        private static func build(owners: [String]) async throws -> DatabaseURL {
            let url: DatabaseURL
            let suffix = owners.joined(separator: "_").replacingOccurrences(of: "-", with: "_")
            if case .postgres(var location) = postgresURL {
                location.database = "agora_template_\(suffix)_\(ProcessInfo.processInfo.processIdentifier)"
                let name = location.database
                try await TestDatabases.admin { db in
                    try await db.read { session in
                        try await session.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
                        try await session.sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
                    }
                }
                url = .postgres(location)
            } else {
                let path = FileManager.default.temporaryDirectory.appendingPathComponent("agora_template_\(suffix)_\(UUID().uuidString).sqlite").path
                url = .sqlite(path: path)
            }
            let database = try await Database.open(url, logger: TestDatabases.logger)
            do {
                try await Migrator(database: database, folder: TestDatabases.root.appendingPathComponent("migrations"), owners: owners).migrate()
            } catch {
                await database.close()
                throw error
            }
            await database.close()
            return url
        }
    }
}
