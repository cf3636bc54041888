import AgoraTesting
import Foundation
import Logging
@testable import Kernel
import PostgresNIO
import SQLKit
import Testing

/// Writes held back in a transaction (``DatabaseSession/deferWrite(_:)``) must behave exactly
/// as if they had run on the spot: seen by every later statement, gone with a rollback, and a
/// broken constraint still fails the transaction, on both databases.
@Suite("Deferred writes")
struct DeferredWritesTests {
    struct Probe: Decodable, Equatable { let id: Int; let n: Int }

    /// A kernel with a probe table: `id` is the key, `n` a counter.
    func withProbeTable(_ body: @escaping @Sendable (KernelServices) async throws -> Void) async throws {
        try await TestKernel.with { kernel in
            try await kernel.database.transaction { tx in
                try await tx.sql.raw("CREATE TABLE deferred_probes (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)").run()
            }
            try await body(kernel)
        }
    }

    func probes(_ db: DatabaseSession) async throws -> [Probe] {
        try await db.sql.raw("SELECT id, n FROM deferred_probes ORDER BY id").rows(Probe.self)
    }

    @Test(arguments: [
        ("INSERT INTO outbox_events (id) VALUES ($1)", "outbox_events", false),
        ("\n  insert into Commerce_Orders(id) values ($1)", "commerce_orders", false),
        ("UPDATE commerce_carts SET order_id = $1 WHERE id = $2", "commerce_carts", true),
        ("DELETE FROM sessions WHERE id = $1", "sessions", true),
        ("UPDATE \"quoted\" SET a = 1", "quoted", true),
    ])
    func aPlainWriteIsRecognisedWithItsTable(sql: String, table: String, changesRows: Bool) {
        let target = DeferredWrites.target(of: sql)
        #expect(target?.table == table)
        #expect(target?.changesRows == changesRows)
    }

    @Test(arguments: [
        "INSERT INTO t (id) VALUES ($1) RETURNING id",
        "UPDATE t SET n = n + 1 WHERE id = $1 returning n",
        "INSERT INTO t (id) VALUES ($1)RETURNING id",
        "INSERT INTO t (id) VALUES ($1) ON CONFLICT (id) DO NOTHING",
        "INSERT INTO t (id) SELECT id FROM u",
        "UPDATE t SET n = u.n FROM u WHERE u.id = t.id",
        "UPDATE t SET n = (SELECT max(n) FROM u)",
        "DELETE FROM t USING u WHERE u.id = t.id",
        "SELECT 1",
        "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
        "INSERT t VALUES (1)",
        "",
    ])
    func anythingElseRunsAtOnce(sql: String) {
        #expect(DeferredWrites.target(of: sql) == nil)
    }

    @Test func aTableThatIsUpdatedAppearsInABatchOnlyOnce() {
        let writes = DeferredWrites()
        func write(_ table: String, _ changesRows: Bool) -> DeferredWrites.Write {
            DeferredWrites.Write(sql: "", table: table, changesRows: changesRows)
        }
        writes.append(DeferredWrites.Write(sql: "", table: "lines", changesRows: false, parameters: 10))
        #expect(writes.canJoin(write("lines", false)), "inserts into one table travel together")
        #expect(writes.canJoin(write("orders", true)), "an update of another table joins")
        #expect(!writes.canJoin(write("lines", true)), "an update would not see the rows inserted beside it")
        writes.append(write("orders", true))
        #expect(!writes.canJoin(write("orders", true)), "two updates of one row in one statement keep only one")
        #expect(!writes.canJoin(write("orders", false)))
        #expect(!writes.canJoin(DeferredWrites.Write(sql: "", table: "events", changesRows: false, parameters: DeferredWrites.parameterBudget)),
                "a batch stays within PostgreSQL's parameters per statement")
        #expect(writes.take().count == 2)
        #expect(writes.canJoin(write("orders", true)), "a sent batch leaves nothing to conflict with")
    }

    @Test func aCheckoutSizedBatchIsPreparedButNotAnOrderOfHundredsOfLines() {
        let statements = PreparedStatements()
        func key(_ sql: String, _ parameters: Int) -> PreparedStatements.Key {
            PreparedStatements.Key(sql: sql, types: [PostgresDataType](repeating: .uuid, count: parameters))
        }
        let checkout = key(DeferredWrites.batchPrefix + "INSERT INTO a VALUES ($1)) INSERT INTO b VALUES ($2)", 60)
        let hundredsOfLines = key(DeferredWrites.batchPrefix + "INSERT INTO a VALUES ($1)) INSERT INTO c VALUES ($2)", 5_000)
        let bulk = key("INSERT INTO a VALUES ($1), ($2)", 60)
        for _ in 0..<2 {
            for statement in [checkout, hundredsOfLines, bulk] { statements.succeeded(statement) }
        }
        #expect(statements.preparedCount == 1, "a bulk insert's length follows its input, and a plan for 5,000 parameters would be used once")
    }

    @Test func laterStatementsSeeDeferredWritesAndTheCommitKeepsThem() async throws {
        try await withProbeTable { kernel in
            let seen = try await kernel.database.transaction { tx in
                try await tx.sql.raw("INSERT INTO deferred_probes (id, n) VALUES (1, 0)").run()
                try await tx.deferWrite("INSERT INTO deferred_probes (id, n) VALUES (\(bind: 2), \(bind: 20))")
                try await tx.deferWrite("INSERT INTO deferred_probes (id, n) VALUES (\(bind: 3), \(bind: 30))")
                // Updates of one row, and an update of a row inserted just before, all take effect.
                try await tx.deferWrite("UPDATE deferred_probes SET n = n + 1 WHERE id = \(bind: 1)")
                try await tx.deferWrite("UPDATE deferred_probes SET n = n + 1 WHERE id = \(bind: 1)")
                try await tx.deferWrite("INSERT INTO deferred_probes (id, n) VALUES (\(bind: 4), \(bind: 40))")
                try await tx.deferWrite("UPDATE deferred_probes SET n = n + 1 WHERE id = \(bind: 4)")
                return try await probes(tx)
            }
            let expected = [Probe(id: 1, n: 2), Probe(id: 2, n: 20), Probe(id: 3, n: 30), Probe(id: 4, n: 41)]
            #expect(seen == expected)
            // Held back until the commit: the last writes had no statement after them.
            try await kernel.database.transaction { tx in
                try await tx.deferWrite("INSERT INTO deferred_probes (id, n) VALUES (\(bind: 5), \(bind: 50))")
                try await tx.deferWrite("DELETE FROM deferred_probes WHERE id = \(bind: 2)")
            }
            let committed = try await kernel.database.read { try await probes($0) }
            #expect(committed == [Probe(id: 1, n: 2), Probe(id: 3, n: 30), Probe(id: 4, n: 41), Probe(id: 5, n: 50)])
        }
    }

    struct Refused: Error {}

    @Test func aRollbackDropsDeferredWritesWithEverythingElse() async throws {
        try await withProbeTable { kernel in
            await #expect(throws: Refused.self) {
                try await kernel.database.transaction { tx in
                    try await tx.sql.raw("INSERT INTO deferred_probes (id, n) VALUES (1, 0)").run()
                    try await tx.deferWrite("INSERT INTO deferred_probes (id, n) VALUES (\(bind: 2), \(bind: 20))")
                    throw Refused()
                }
            }
            let left = try await kernel.database.read { try await probes($0) }
            #expect(left.isEmpty)
        }
    }

    @Test func aDeferredWriteThatBreaksAConstraintFailsTheWholeTransaction() async throws {
        try await withProbeTable { kernel in
            let error = await #expect(throws: (any Error).self) {
                try await kernel.database.transaction { tx in
                    try await tx.sql.raw("INSERT INTO deferred_probes (id, n) VALUES (1, 0)").run()
                    try await tx.deferWrite("INSERT INTO deferred_probes (id, n) VALUES (\(bind: 2), \(bind: 20))")
                    try await tx.deferWrite("INSERT INTO deferred_probes (id, n) VALUES (\(bind: 1), \(bind: 10))")
                }
            }
            // The route answers 409 for it, as it would have had the write run on the spot; on
            // PostgreSQL it is marked as a deferred write's, so a `catch` meant for another
            // statement's own constraint does not take it for its own.
            let underlying = (error as? DeferredWrites.Failed)?.underlying ?? error
            #expect(underlying.map { DatabaseErrors.isUniqueViolation($0) } == true)
            #expect((error is DeferredWrites.Failed) == (TestDatabases.kind == .postgres))
            let problem = error.map { ProblemResponses.problem(for: $0, logger: Logger(label: "test")) }
            #expect(problem?.status == .conflict)
            #expect(problem?.code == "already_exists")
            let left = try await kernel.database.read { try await probes($0) }
            #expect(left.isEmpty, "nothing of the transaction is left")
        }
    }

    @Test(.enabled(if: TestDatabases.kind == .postgres, "SQLite runs each write at once"))
    func writesHeldBackTravelAsOneStatement() async throws {
        try await withProbeTable { kernel in
            try await kernel.database.transaction { tx in
                let batch = DeferredWrites.Batch(writes: [
                    "INSERT INTO deferred_probes (id, n) VALUES (\(bind: 1), \(bind: 10))",
                    "INSERT INTO deferred_probes (id, n) VALUES (\(bind: 2), \(bind: 20))",
                    "UPDATE deferred_probes SET n = \(bind: 5) WHERE id = \(bind: 9)",
                ])
                let sql = tx.sql.serialize(batch).sql
                #expect(sql == """
                    WITH agora_deferred_1 AS (INSERT INTO deferred_probes (id, n) VALUES ($1, $2)), \
                    agora_deferred_2 AS (INSERT INTO deferred_probes (id, n) VALUES ($3, $4)) \
                    UPDATE deferred_probes SET n = $5 WHERE id = $6
                    """)
                #expect(sql.hasPrefix(DeferredWrites.batchPrefix))
                // Nothing is sent until a statement or the commit needs it.
                try await tx.deferWrite("INSERT INTO deferred_probes (id, n) VALUES (\(bind: 1), \(bind: 10))")
                #expect(tx.deferred?.canJoin(DeferredWrites.Write(sql: "", table: "deferred_probes", changesRows: true)) == false)
                #expect(try await probes(tx) == [Probe(id: 1, n: 10)])
                #expect(tx.deferred?.take().isEmpty == true)
            }
        }
    }
}
