import AgoraTesting
import Foundation
@testable import Kernel
import SQLKit
import Testing

/// The PostgreSQL connection's session state: the vendor setting row-level security reads,
/// which now outlives a single transaction, and the statements prepared on it.
@Suite("PostgreSQL sessions")
struct PostgresSessionTests {
    struct Row: Decodable, Equatable { let vendorId: UUID }

    /// Two vendors on the OMS platform with one usage counter each, and their scopes.
    func twoVendors(_ kernel: KernelServices) async throws -> (VendorScope, VendorScope) {
        let oms = try await Fixtures.platform("oms", kernel: kernel)
        var scopes: [VendorScope] = []
        for slug in ["session-a", "session-b"] {
            let vendor = try await makeVendor(slug, platform: oms, tier: "essential", kernel: kernel)
            let subscription = try await kernel.database.read { try await TenancyStore.subscription(vendor: vendor.id, platform: oms.id, on: $0)! }
            let scope = VendorScope(vendorId: vendor.id, platformId: oms.id, role: .vendorOwner, subscription: subscription)
            try await kernel.database.transaction(for: scope) { try await kernel.usage.consume("kernel.team_members", for: scope, at: Date(), on: $0) }
            scopes.append(scope)
        }
        return (scopes[0], scopes[1])
    }

    /// Every counter the session can see, with no vendor condition in the query.
    func visible(on session: DatabaseSession) async throws -> Set<UUID> {
        Set(try await session.sql.raw("SELECT vendor_id FROM usage_counters").rows(Row.self).map(\.vendorId))
    }

    @Test(.enabled(if: TestDatabases.kind == .postgres, "row-level security is a PostgreSQL feature"))
    func everyLendingSeesOnlyItsOwnVendorHoweverTheConnectionsWereUsedBefore() async throws {
        try await TestKernel.with { kernel in
            let (a, b) = try await twoVendors(kernel)
            let db = kernel.database
            // Far more lendings than the pool has connections, interleaved, so connections pass
            // from one vendor to another, to unscoped work and back, reads and transactions.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for round in 0..<300 {
                    group.addTask {
                        let seen: Set<UUID>, expected: Set<UUID>
                        switch round % 5 {
                        case 0: (seen, expected) = (try await db.read(for: a) { try await visible(on: $0) }, [a.vendorId])
                        case 1: (seen, expected) = (try await db.read(for: b) { try await visible(on: $0) }, [b.vendorId])
                        case 2: (seen, expected) = (try await db.read { try await visible(on: $0) }, [a.vendorId, b.vendorId])
                        case 3: (seen, expected) = (try await db.transaction(for: b) { try await visible(on: $0) }, [b.vendorId])
                        default: (seen, expected) = (try await db.transaction { try await visible(on: $0) }, [a.vendorId, b.vendorId])
                        }
                        #expect(seen == expected, "round \(round)")
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test(.enabled(if: TestDatabases.kind == .postgres, "row-level security is a PostgreSQL feature"))
    func nestedScopesSeeTheirOwnVendorAndLeaveTheOuterOneIntact() async throws {
        try await TestKernel.with { kernel in
            let (a, b) = try await twoVendors(kernel)
            let db = kernel.database
            try await db.read(for: a) { outer in
                // Another vendor inside a vendor's read gets a connection of its own.
                let other = try await db.read(for: b) { try await visible(on: $0) }
                #expect(other == [b.vendorId])
                // The same vendor, or unscoped work, joins the read (it always joined the transaction).
                let same = try await db.read(for: a) { try await visible(on: $0) }
                #expect(same == [a.vendorId])
                let outerSees = try await visible(on: outer)
                #expect(outerSees == [a.vendorId])
            }
            // Inside an unscoped transaction a vendor scope is transaction-local and ends with it.
            try await db.transaction { tx in
                let all = try await visible(on: tx)
                #expect(all == [a.vendorId, b.vendorId])
                let scoped = try await db.read(for: b) { try await visible(on: $0) }
                #expect(scoped == [b.vendorId])
            }
            for _ in 0..<25 {
                let all = try await db.read { try await visible(on: $0) }
                #expect(all == [a.vendorId, b.vendorId])
            }
        }
    }

    @Test(.enabled(if: TestDatabases.kind == .postgres, "prepared statements are PostgreSQL's"))
    func aStatementRunTwiceIsPreparedAndAnswersTheSame() async throws {
        try await TestKernel.with { kernel in
            let (a, _) = try await twoVendors(kernel)
            guard case .postgres(let backend) = kernel.database.backend else { Issue.record("not PostgreSQL"); return }
            struct Counter: Decodable, Equatable { let vendorId: UUID; let used: Int; let updatedAt: Date }
            func query(_ vendor: UUID?) -> SQLQueryString {
                """
                SELECT vendor_id, used, updated_at FROM usage_counters
                WHERE (CAST(\(bind: vendor) AS uuid) IS NULL OR vendor_id = \(bind: vendor)) /* prepared-statement test */
                ORDER BY vendor_id
                """
            }
            func counters(_ vendor: UUID?) async throws -> [Counter] {
                try await kernel.database.read { try await $0.sql.raw(query(vendor)).rows(Counter.self) }
            }
            let sql = try await kernel.database.read { $0.sql.serialize(query(a.vendorId)).sql }
            let key = PreparedStatements.Key(sql: sql, types: [.uuid, .uuid])
            let unnamed = try await counters(a.vendorId)
            #expect(backend.statements.name(of: key, on: 0) == nil, "sent unnamed the first time")
            let second = try await counters(a.vendorId)
            #expect(backend.statements.name(of: key, on: 0) != nil, "prepared from its second run on")
            // Every connection prepares it on first use; the answers never change.
            for _ in 0..<30 { #expect(try await counters(a.vendorId) == unnamed) }
            #expect(second == unnamed && unnamed.count == 1)
            // The same text with a NULL parameter is another statement (its type is the server's to infer).
            #expect(try await counters(nil).count == 2)
            #expect(try await counters(nil).count == 2)
            #expect(try await counters(nil).count == 2)
            #expect(try await counters(a.vendorId) == unnamed)
        }
    }

    @Test(.enabled(if: TestDatabases.kind == .postgres, "plans are PostgreSQL's"))
    func aListStatementWithItsLimitWrittenInKeepsOnePlan() async throws {
        try await TestKernel.with { kernel in
            let (a, _) = try await twoVendors(kernel)
            struct Plans: Decodable { let genericPlans: Int; let customPlans: Int }
            let query: SQLQueryString = """
                SELECT vendor_id, used FROM usage_counters WHERE vendor_id = \(bind: a.vendorId) /* limit-plan test */
                ORDER BY vendor_id \(limit: 50)
                """
            // One read holds one connection, so its prepared statements can be looked at.
            let plans = try await kernel.database.read { session in
                for _ in 0..<12 { #expect(try await session.sql.raw(query).all().count == 1) }
                return try await session.sql.raw("""
                    SELECT CAST(generic_plans AS BIGINT) AS generic_plans, CAST(custom_plans AS BIGINT) AS custom_plans
                    FROM pg_prepared_statements WHERE statement LIKE '%limit-plan test%'
                    """).row(Plans.self)
            }
            // Prepared from its second run; five plans for its values, then PostgreSQL keeps one.
            let used = try #require(plans)
            #expect(used.customPlans == 5)
            #expect(used.genericPlans == 5)
        }
    }

    @Test(.enabled(if: TestDatabases.kind == .postgres, "prepared statements are PostgreSQL's"))
    func aPreparedStatementSentIntoAFailedTransactionLeavesNoBrokenConnectionBehind() async throws {
        try await TestKernel.with { kernel in
            struct One: Decodable { let one: Int }
            let query: SQLQueryString = "SELECT 1 AS one WHERE \(bind: 1) = 1 /* failed-transaction test */"
            for _ in 0..<2 { _ = try await kernel.database.read { try await $0.sql.raw(query).row(One.self) } }
            for _ in 0..<10 {
                await #expect(throws: (any Error).self) {
                    try await kernel.database.transaction { tx in
                        _ = try? await tx.sql.raw("SELECT 1 / 0 AS one").row(One.self)
                        // The transaction has failed: this is refused, whether or not the statement
                        // was prepared on this connection before.
                        _ = try await tx.sql.raw(query).row(One.self)
                    }
                }
            }
            // No connection answers the old failure for the statement afterwards.
            for _ in 0..<40 {
                #expect(try await kernel.database.read { try await $0.sql.raw(query).row(One.self) }?.one == 1)
            }
        }
    }
}

@Suite("Prepared statements")
struct PreparedStatementRulesTests {
    @Test(arguments: [
        ("SELECT 1", true), ("  select * FROM t", true), ("\nINSERT INTO t VALUES ($1)", true), ("UPDATE t SET a = 1", true),
        ("DELETE FROM t", true), ("WITH x AS (SELECT 1) SELECT * FROM x", true), ("(SELECT 1)", true), ("\tselect 1", true),
        ("BEGIN", false), ("COMMIT", false), ("ROLLBACK", false), ("SET LOCAL x = 1", false), ("ANALYZE", false),
        ("CREATE TABLE t (a int)", false), ("", false), ("SELECTED", false),
    ])
    func onlyPlannableStatementsArePrepared(sql: String, plannable: Bool) {
        #expect(PreparedStatements.isPlannable(sql) == plannable)
    }

    @Test(arguments: [(50, "LIMIT 50"), (0, "LIMIT 0"), (-3, "LIMIT 0")])
    func aLimitIsWrittenIntoTheTextNotBound(count: Int, text: String) async throws {
        try await TestKernel.with { kernel in
            let query: SQLQueryString = "SELECT * FROM t WHERE a = \(bind: 1) ORDER BY a \(limit: count)"
            let serialized = try await kernel.database.read { $0.sql.serialize(query) }
            #expect(serialized.sql.hasSuffix("ORDER BY a \(text)"))
            #expect(serialized.binds.count == 1)
        }
    }

    @Test func aStatementIsNamedOnItsSecondSuccessAndNeverPastTheCapacity() throws {
        let statements = PreparedStatements()
        let key = PreparedStatements.Key(sql: "SELECT $1", types: [.int8])
        statements.succeeded(key)
        #expect(statements.name(of: key, on: 0) == nil)
        statements.succeeded(key)
        #expect(statements.name(of: key, on: 0) != nil)
        // A name refused on one connection stays in use on the others.
        let name = try #require(statements.name(of: key, on: 7))
        statements.refuse(name, on: 7)
        #expect(statements.name(of: key, on: 7) == nil)
        #expect(statements.name(of: key, on: 8) == name)
        // The same text with other parameter types is another statement.
        #expect(statements.name(of: .init(sql: "SELECT $1", types: [.text]), on: 0) == nil)
        // Too many parameters (a long list of ids) stays unnamed.
        let wide = PreparedStatements.Key(sql: "SELECT wide", types: Array(repeating: .uuid, count: PreparedStatements.maximumParameters + 1))
        statements.succeeded(wide); statements.succeeded(wide)
        #expect(statements.name(of: wide, on: 0) == nil)
        for index in 0..<(PreparedStatements.capacity + 10) {
            let other = PreparedStatements.Key(sql: "SELECT \(index)", types: [])
            statements.succeeded(other); statements.succeeded(other)
        }
        #expect(statements.preparedCount == PreparedStatements.capacity)
    }
}
