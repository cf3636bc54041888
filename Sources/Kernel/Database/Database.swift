import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLKit

/// Agora's one way to reach its data, on SQLite or PostgreSQL through the same code path.
///
/// Work happens inside `transaction` (writes; committed when the closure returns, rolled back
/// when it throws) or `read` (reads outside a transaction). Both hand the closure a
/// ``DatabaseSession`` whose `sql` is an SQLKit database, so queries are written once with
/// `\(bind:)` placeholders and run on either backend.
public final class Database: Sendable {
    /// Which server is behind this database.
    public enum Kind: String, Sendable {
        case sqlite, postgres
    }

    /// The backend in use.
    public let kind: Kind
    /// The URL this database was opened from (password masked when printed).
    public let url: DatabaseURL
    let backend: Backend
    let logger: Logger

    enum Backend: Sendable {
        case sqlite(SQLiteBackend)
        case postgres(PostgresBackend)
    }

    /// The transaction the current task is running in, so a nested `transaction` or `read` joins
    /// it instead of waiting for a second connection (which, with SQLite's single writer, would
    /// wait forever).
    @TaskLocal static var current: DatabaseSession?
    /// The read (outside a transaction) the current task is running in, so a nested read joins
    /// it; a nested transaction does not, it takes a connection of its own.
    @TaskLocal static var currentRead: DatabaseSession?

    init(url: DatabaseURL, backend: Backend, logger: Logger) {
        self.url = url
        self.backend = backend
        self.logger = logger
        switch backend {
        case .sqlite: self.kind = .sqlite
        case .postgres: self.kind = .postgres
        }
    }

    /// PostgreSQL connections per process unless configured (`AGORA_DATABASE_POOL_SIZE`).
    public static let defaultPoolSize = 20

    /// Opens the database at `url` and checks that it answers.
    ///
    /// Throws ``DatabaseStartupError`` naming the URL (password masked) and the reason when the
    /// database cannot be reached. `poolSize` is the most PostgreSQL connections this process
    /// opens (SQLite has its own fixed set). With `keepingConnections`, all of them are opened at
    /// start and kept open (a server's fixed-size pool); otherwise they are opened on demand and
    /// closed after a minute unused (``AgoraConfiguration/databaseKeepsConnections``).
    public static func open(_ url: DatabaseURL, poolSize: Int = Database.defaultPoolSize, keepingConnections: Bool = false,
                            logger: Logger) async throws -> Database {
        switch url {
        case .sqlite(let path):
            let backend = try await SQLiteBackend.open(path: path, logger: logger)
            return Database(url: url, backend: .sqlite(backend), logger: logger)
        case .postgres(let location):
            let backend = try await PostgresBackend.open(location, url: url, poolSize: poolSize, keepingConnections: keepingConnections, logger: logger)
            return Database(url: url, backend: .postgres(backend), logger: logger)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    ///
    /// Called inside another transaction, it joins that one.
    @discardableResult
    public func transaction<T: Sendable>(_ body: (DatabaseSession) async throws -> T) async throws -> T {
        if let session = Database.current, session.owner == ObjectIdentifier(self) { return try await body(session) }
        return try await newTransaction(vendor: nil, body)
    }

    /// A transaction on a connection of its own; on PostgreSQL with the session's vendor
    /// setting (see ``PostgresBackend/withConnection(vendor:_:)``) made before `BEGIN`.
    func newTransaction<T: Sendable>(vendor: UUID?, _ body: (DatabaseSession) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let sqlite):
            return try await sqlite.writer.withConnection { connection in
                try await Self.runTransaction(DatabaseSession(sql: connection.sql(), kind: .sqlite, owner: ObjectIdentifier(self), hooks: CommitHooks()), begin: "BEGIN IMMEDIATE", body)
            }
        case .postgres(let postgres):
            return try await postgres.withConnection(vendor: Self.setting(vendor)) { connection in
                let deferred = DeferredWrites()
                let session = DatabaseSession(sql: PostgresSQL(connection: connection, statements: postgres.statements, deferred: deferred), kind: .postgres,
                                              owner: ObjectIdentifier(self), hooks: CommitHooks(), vendor: vendor, deferred: deferred)
                return try await Self.runTransaction(session, begin: "BEGIN", body)
            }
        }
    }

    /// Work outside a transaction on a connection of its own (see ``newTransaction(vendor:_:)``).
    func newRead<T: Sendable>(vendor: UUID?, _ body: (DatabaseSession) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let sqlite):
            return try await sqlite.readers.withConnection { connection in
                let session = DatabaseSession(sql: connection.sql(), kind: .sqlite, owner: ObjectIdentifier(self), vendor: vendor)
                return try await Database.$currentRead.withValue(session) { try await body(session) }
            }
        case .postgres(let postgres):
            return try await postgres.withConnection(vendor: Self.setting(vendor)) { connection in
                let session = DatabaseSession(sql: PostgresSQL(connection: connection, statements: postgres.statements), kind: .postgres,
                                              owner: ObjectIdentifier(self), vendor: vendor)
                return try await Database.$currentRead.withValue(session) { try await body(session) }
            }
        }
    }

    /// The value of `agora.vendor_id` for a vendor, or none.
    static func setting(_ vendor: UUID?) -> String { vendor?.uuidString.lowercased() ?? "" }

    private static func runTransaction<T: Sendable>(
        _ session: DatabaseSession, begin: String, _ body: (DatabaseSession) async throws -> T
    ) async throws -> T {
        try await session.sql.raw(SQLQueryString(begin)).run()
        do {
            let result = try await Database.$current.withValue(session) { try await body(session) }
            try await session.sql.raw("COMMIT").run()
            session.hooks?.run()
            return result
        } catch {
            // Writes still held back are dropped, not sent ahead of the rollback.
            session.deferred?.discard()
            // The rollback can itself fail when the connection broke; the original error matters more.
            try? await session.sql.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Runs read-only `body` outside a transaction (inside the current one, if any).
    public func read<T: Sendable>(_ body: (DatabaseSession) async throws -> T) async throws -> T {
        if let session = Database.current, session.owner == ObjectIdentifier(self) { return try await body(session) }
        // A vendor's read may ask for unscoped data too (it always could, inside its transaction).
        if let session = Database.currentRead, session.owner == ObjectIdentifier(self) { return try await body(session) }
        return try await newRead(vendor: nil, body)
    }

    /// Runs `body` on one connection without opening a transaction, for work that manages its
    /// own transactions (the migrator holds a PostgreSQL advisory lock across several).
    func withSingleConnection<T: Sendable>(_ body: (DatabaseSession) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let sqlite):
            return try await sqlite.writer.withConnection { try await body(DatabaseSession(sql: $0.sql(), kind: .sqlite, owner: ObjectIdentifier(self))) }
        case .postgres(let postgres):
            return try await postgres.withConnection(vendor: "") {
                try await body(DatabaseSession(sql: PostgresSQL(connection: $0, statements: postgres.statements), kind: .postgres, owner: ObjectIdentifier(self)))
            }
        }
    }

    /// Whether the database answers a trivial query.
    public func isReachable() async -> Bool {
        do {
            return try await read { session in
                try await session.sql.raw("SELECT 1 AS ok").first() != nil
            }
        } catch {
            return false
        }
    }

    /// Closes every connection.
    public func close() async {
        switch backend {
        case .sqlite(let sqlite): await sqlite.close()
        case .postgres(let postgres): await postgres.close()
        }
    }
}

/// A connection lent to one unit of work, inside or outside a transaction.
public struct DatabaseSession: Sendable {
    /// The SQLKit database to run queries on.
    public let sql: any SQLDatabase
    /// Which backend the session talks to, for the rare statement only one dialect has.
    public let kind: Database.Kind
    /// The database the session belongs to, so a nested call joins only its own database's transaction.
    let owner: ObjectIdentifier
    /// Work to do once the transaction committed; nil outside a transaction.
    var hooks: CommitHooks? = nil
    /// The vendor row-level security currently limits this session to on PostgreSQL (nil: none).
    var vendor: UUID? = nil
    /// Writes held back to go out together; only in a PostgreSQL transaction (see ``deferWrite(_:)``).
    var deferred: DeferredWrites? = nil

    /// Runs `body` with its statements planned for their values on every run, where a
    /// prepared statement's one plan would be wrong for some values: PostgreSQL reuses a
    /// generic plan once it looks no worse, but a window of dates looks the same to it however
    /// wide it is, and the index it picks for a narrow one reads thousands of rows for a wide one.
    public func planningEachRun<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await PreparedStatements.$planEachRun.withValue(true) { try await body() }
    }

    /// Runs `write` — a plain `INSERT INTO`, `UPDATE` or `DELETE FROM` without `RETURNING` —
    /// no later than the session's next statement or its commit.
    ///
    /// In a PostgreSQL transaction the write is held back and sent together with the other
    /// writes held back since the last statement, as one statement (see ``DeferredWrites``):
    /// one round trip instead of several. Everywhere else (SQLite, which has no round trips,
    /// and reads) it runs at once. Every later statement of the session sees it either way.
    ///
    /// Use it for writes whose failure nobody handles on the spot: a constraint the write
    /// breaks is reported by the statement it travels ahead of, or by `COMMIT`, as
    /// ``DeferredWrites/Failed``, and the whole transaction rolls back as it would have (the
    /// route still answers 409 for a broken unique or foreign key). A write that reads other
    /// rows (`SELECT`, `FROM`, `USING`, `ON CONFLICT`) or returns any runs at once.
    public func deferWrite(_ write: SQLQueryString) async throws {
        if let deferred {
            let (text, binds) = sql.serialize(write)
            if let (table, changesRows) = DeferredWrites.target(of: text) {
                let queued = DeferredWrites.Write(sql: write, table: table, changesRows: changesRows, parameters: binds.count)
                if !deferred.canJoin(queued) { try await deferred.send(on: sql) }
                deferred.append(queued)
                return
            }
        }
        try await sql.raw(write).run()
    }

    /// Runs `action` after the current transaction commits (never if it rolls back); at once
    /// outside a transaction.
    public func afterCommit(_ action: @escaping @Sendable () -> Void) {
        if let hooks { hooks.add(action) } else { action() }
    }
}

/// Actions waiting for a transaction to commit.
final class CommitHooks: Sendable {
    private let actions = NIOLockedValueBox<[@Sendable () -> Void]>([])

    func add(_ action: @escaping @Sendable () -> Void) { actions.withLockedValue { $0.append(action) } }

    func run() {
        for action in actions.withLockedValue({ actions in defer { actions = [] }; return actions }) { action() }
    }
}

/// Why the database could not be opened at startup.
public struct DatabaseStartupError: Error, CustomStringConvertible {
    /// The URL, password masked.
    public let url: DatabaseURL
    /// What went wrong, in words.
    public let reason: String

    public var description: String {
        "Cannot open the database at \(url): \(reason)"
    }
}
