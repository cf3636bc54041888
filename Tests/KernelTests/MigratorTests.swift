import AgoraTesting
import Foundation
import Kernel
import SQLKit
import Testing

@Suite("Migrator")
struct MigratorTests {
    /// A scratch `migrations/` folder with one owner, `alpha`.
    struct Folder {
        let root: URL
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("alpha"), withIntermediateDirectories: true)
        }
        func write(_ name: String, _ sql: String) throws {
            try sql.write(to: root.appendingPathComponent("alpha").appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        func remove(_ name: String) throws {
            try FileManager.default.removeItem(at: root.appendingPathComponent("alpha").appendingPathComponent(name))
        }
    }

    func withDatabase(_ body: (Database) async throws -> Void) async throws {
        let (url, dispose) = try await TestDatabases.fresh()
        let database = try await Database.open(url, logger: .init(label: "test"))
        do { try await body(database) } catch {
            await database.close(); await dispose(); throw error
        }
        await database.close()
        await dispose()
    }

    struct Name: Decodable { let name: String }

    func tables(_ database: Database) async throws -> Set<String> {
        let sql: SQLQueryString = database.kind == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"
        return Set(try await database.read { try await $0.sql.raw(sql).rows(Name.self) }.map(\.name))
    }

    @Test func appliesInOrderOnceAndDryRunChangesNothing() async throws {
        let folder = try Folder()
        try folder.write("0001_first.sql", "CREATE TABLE alpha_one (id TEXT PRIMARY KEY);")
        try folder.write("0002_second.sql", "CREATE TABLE alpha_two (id TEXT PRIMARY KEY); INSERT INTO alpha_two (id) VALUES ('x;y');")
        try await withDatabase { database in
            let migrator = Migrator(database: database, folder: folder.root, owners: ["alpha"])
            let planned = try await migrator.migrate(dryRun: true)
            #expect(planned.map(\.label) == ["alpha/0001_first", "alpha/0002_second"])
            #expect(!(try await tables(database)).contains("alpha_one"))
            #expect(try await migrator.migrate().count == 2)
            #expect(try await tables(database).isSuperset(of: ["alpha_one", "alpha_two", "schema_migrations"]))
            #expect(try await migrator.migrate().isEmpty)
            #expect(try await migrator.pending().isEmpty)
        }
    }

    @Test func editedAppliedMigrationStopsStartup() async throws {
        let folder = try Folder()
        try folder.write("0001_first.sql", "CREATE TABLE alpha_one (id TEXT PRIMARY KEY);")
        try await withDatabase { database in
            let migrator = Migrator(database: database, folder: folder.root, owners: ["alpha"])
            try await migrator.migrate()
            try folder.write("0001_first.sql", "CREATE TABLE alpha_one (id TEXT PRIMARY KEY, extra TEXT);")
            await #expect(throws: MigrationError.self) { try await migrator.migrate() }
            do {
                try await migrator.migrate()
            } catch let error as MigrationError {
                #expect(error.description.contains("alpha/0001_first was edited after it was applied"))
            }
        }
    }

    @Test func gapsAndMissingFilesAreRefused() async throws {
        let folder = try Folder()
        try folder.write("0001_first.sql", "CREATE TABLE alpha_one (id TEXT PRIMARY KEY);")
        try folder.write("0003_third.sql", "CREATE TABLE alpha_three (id TEXT PRIMARY KEY);")
        try await withDatabase { database in
            let migrator = Migrator(database: database, folder: folder.root, owners: ["alpha"])
            await #expect(throws: MigrationError.gap(owner: "alpha", missing: 2)) { try await migrator.migrate() }
            try folder.remove("0003_third.sql")
            try folder.write("0002_second.sql", "CREATE TABLE alpha_two (id TEXT PRIMARY KEY);")
            try await migrator.migrate()
            try folder.remove("0002_second.sql")
            await #expect(throws: MigrationError.appliedButMissing(owner: "alpha", version: 2, name: "second")) { try await migrator.migrate() }
        }
    }

    @Test func badNamesAreRefused() async throws {
        let folder = try Folder()
        try folder.write("1_first.sql", "SELECT 1;")
        try await withDatabase { database in
            await #expect(throws: MigrationError.badFileName("alpha/1_first.sql")) {
                try await Migrator(database: database, folder: folder.root, owners: ["alpha"]).migrate()
            }
        }
    }

    @Test func usesTheDialectSibling() async throws {
        let folder = try Folder()
        try folder.write("0001_first.sql", "CREATE TABLE alpha_one (id TEXT PRIMARY KEY);")
        try folder.write("0001_first.sqlite.sql", "CREATE TABLE alpha_sqlite_only (id TEXT);")
        try folder.write("0001_first.postgres.sql", "CREATE TABLE alpha_postgres_only (id TEXT);")
        try await withDatabase { database in
            try await Migrator(database: database, folder: folder.root, owners: ["alpha"]).migrate()
            let names = try await tables(database)
            #expect(names.contains("alpha_one"))
            #expect(names.contains(database.kind == .sqlite ? "alpha_sqlite_only" : "alpha_postgres_only"))
            #expect(!names.contains(database.kind == .sqlite ? "alpha_postgres_only" : "alpha_sqlite_only"))
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        let folder = try Folder()
        try folder.write("0001_first.sql", "CREATE TABLE alpha_one (id TEXT PRIMARY KEY);\nCREATE TABLE alpha_broken (id NOT_A_TYPE_AT_ALL(;")
        try await withDatabase { database in
            let migrator = Migrator(database: database, folder: folder.root, owners: ["alpha"])
            do {
                try await migrator.migrate()
                Issue.record("expected failure")
            } catch let error as MigrationError {
                #expect(error.description.contains("alpha/0001_first failed"))
            }
            #expect(!(try await tables(database)).contains("alpha_one"))
            #expect(try await migrator.pending().count == 1)
        }
    }
}
