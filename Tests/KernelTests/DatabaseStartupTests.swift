import AgoraTesting
import Foundation
import Kernel
import Logging
import Testing

@Suite("Database startup")
struct DatabaseStartupTests {
    @Test func anUnreachablePostgresNamesTheMaskedURLAndTheReason() async throws {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let url = try DatabaseURL(parsing: "postgres://agora:topsecret@127.0.0.1:1/agora")
        do {
            _ = try await Database.open(url, logger: Logger(label: "test"))
            Issue.record("expected the open to fail")
        } catch let error as DatabaseStartupError {
            #expect(error.description.contains("postgres://agora:***@127.0.0.1:1/agora"))
            #expect(!error.description.contains("topsecret"))
            #expect(error.reason.lowercased().contains("refused") || error.reason.lowercased().contains("connect"))
        }
    }

    @Test func anUncreatableSQLiteFolderNamesThePath() async throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("agora-file-\(UUID().uuidString)")
        try Data("x".utf8).write(to: blocker)  // a file where a folder should be
        let url = DatabaseURL.sqlite(path: blocker.path + "/sub/agora.sqlite")
        do {
            _ = try await Database.open(url, logger: Logger(label: "test"))
            Issue.record("expected the open to fail")
        } catch let error as DatabaseStartupError {
            #expect(error.description.contains(blocker.path))
        }
    }

    @Test func twoInstancesStartingTogetherOnAnEmptyDatabaseBothStartWithOneSetOfPlatformsAndOneAdmin() async throws {
        let (url, dispose) = try await TestDatabases.fresh()
        let configuration = TestKernel.configuration(url)
        let logger = { var logger = Logger(label: "test"); logger.logLevel = .warning; return logger }()
        for round in 0..<3 {
            // Booted side by side: the platform sync and the first super admin race each other.
            let kernels = try await withThrowingTaskGroup(of: KernelServices.self) { group in
                for _ in 0..<2 { group.addTask { try await AgoraApplication.boot(configuration: configuration, logger: logger) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let outcomes = try await withThrowingTaskGroup(of: AdminBootstrap.Outcome.self) { group in
                for kernel in kernels { group.addTask { try await AdminBootstrap.ensureSuperAdmin(kernel: kernel) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            struct Count: Decodable { let count: Int }
            let platforms = try await kernels[0].database.read { try await $0.sql.raw("SELECT COUNT(*) AS count FROM platforms").row(Count.self) }
            let manifests = try PlatformManifest.loadAll(from: configuration.root.appendingPathComponent("Platforms"))
            #expect(platforms?.count == manifests.count, "round \(round)")
            #expect(outcomes.filter { $0 != AdminBootstrap.Outcome.existingUsers }.count == (round == 0 ? 1 : 0), "round \(round)")
            for kernel in kernels { await kernel.database.close() }
        }
        await dispose()
    }

    @Test func transactionsRollBackOnThrowAndNestedCallsJoin() async throws {
        let (url, dispose) = try await TestDatabases.fresh()
        let database = try await Database.open(url, logger: Logger(label: "test"))
        struct Boom: Error {}
        struct Count: Decodable { let count: Int }
        let now = Date()
        do {
            try await database.transaction { tx in
                try await tx.sql.raw("INSERT INTO companies (id, name, country, created_at, updated_at) VALUES (\(bind: UUID.v7()), 'A', 'LU', \(bind: now), \(bind: now))").run()
                // A nested transaction joins the outer one instead of waiting for the writer.
                try await database.transaction { inner in
                    try await inner.sql.raw("INSERT INTO companies (id, name, country, created_at, updated_at) VALUES (\(bind: UUID.v7()), 'B', 'LU', \(bind: now), \(bind: now))").run()
                }
                let seen = try await database.read { try await $0.sql.raw("SELECT COUNT(*) AS count FROM companies").row(Count.self) }
                #expect(seen?.count == 2)  // reads inside see the transaction's own writes
                throw Boom()
            }
        } catch is Boom {}
        let count = try await database.read { try await $0.sql.raw("SELECT COUNT(*) AS count FROM companies").row(Count.self) }
        #expect(count?.count == 0)
        await database.close()
        await dispose()
    }
}
