import NIOConcurrencyHelpers
import PostgresNIO

/// Which statements PostgreSQL keeps prepared, so it parses and plans them once per
/// connection instead of on every execution.
///
/// SQLKit sends every query as an unnamed statement, which PostgreSQL parses and plans each
/// time: about 45 % of its CPU per statement in the checkout benchmark. A statement is named
/// by its text and the types of its parameters together, so a prepared statement is always
/// executed with the parameter types it was prepared with — exactly what the unnamed
/// statement would have been sent with. A statement is prepared only after it has run once
/// unnamed without error, so a statement that cannot be parsed (or is sent into a transaction
/// that already failed) never leaves a broken name behind on a connection; PostgresNIO then
/// prepares it on each connection on first use and keeps it for the connection's life.
///
/// Only plannable statements (`SELECT`, `INSERT`, `UPDATE`, `DELETE`, `WITH`) with at most
/// ``maximumParameters`` parameters are prepared, and at most ``capacity`` of them: queries
/// whose text grows with their input (a list of ids, a bulk insert) would otherwise fill the
/// server's memory with plans used once.
final class PreparedStatements: Sendable {
    /// How many distinct statements may be prepared; later ones stay unnamed.
    static let capacity = 500
    /// Statements with more parameters than this stay unnamed.
    static let maximumParameters = 32
    /// Batches of deferred writes with more parameters than this stay unnamed (a checkout of a
    /// few lines is under it; an order of hundreds of lines would be a plan used once).
    static let maximumBatchParameters = 128
    /// How many distinct statements are remembered as seen once, waiting for a second run.
    static let candidateCapacity = 5_000

    private struct State {
        var names: [Key: String] = [:]
        var seenOnce: Set<Key> = []
        /// Names that must not be used on a connection any more (see ``refuse(_:on:)``).
        var refused: [PostgresConnection.ID: Set<String>] = [:]
    }

    struct Key: Hashable {
        let sql: String
        let types: [PostgresDataType]
    }

    private let state = NIOLockedValueBox(State())

    /// Set while statements must be planned for their values on every run (see
    /// ``DatabaseSession/planningEachRun(_:)``).
    @TaskLocal static var planEachRun = false

    /// The name `sql` with parameters of `types` is prepared under on connection `connection`,
    /// or nil to send it unnamed there.
    func name(of key: Key, on connection: PostgresConnection.ID) -> String? {
        state.withLockedValue { state in
            guard let name = state.names[key] else { return nil }
            if let refused = state.refused[connection], refused.contains(name) { return nil }
            return name
        }
    }

    /// Stops using `name` on `connection`: its preparation may have failed there (sent into a
    /// transaction that had already failed), and PostgresNIO answers a failed preparation's
    /// error for that name for as long as the connection lives.
    func refuse(_ name: String, on connection: PostgresConnection.ID) {
        state.withLockedValue { state in
            // Closed connections leave entries behind; this only happens after a failed
            // transaction, so the table stays small, and is bounded all the same.
            if state.refused.count >= 1024 { state.refused.removeAll() }
            state.refused[connection, default: []].insert(name)
        }
    }

    /// Records that `key` ran unnamed without error; from its second success on, it gets a name.
    func succeeded(_ key: Key) {
        // A batch of held-back writes (a checkout's order, line, timeline entry, payment…) has
        // more parameters than one statement; the common ones are prepared, long ones are not.
        let limit = key.sql.hasPrefix(DeferredWrites.batchPrefix) ? Self.maximumBatchParameters : Self.maximumParameters
        guard key.types.count <= limit, Self.isPlannable(key.sql) else { return }
        state.withLockedValue { state in
            guard state.names[key] == nil, state.names.count < Self.capacity else { return }
            if state.seenOnce.remove(key) != nil {
                state.names[key] = "agora_\(state.names.count + 1)"
            } else if state.seenOnce.count < Self.candidateCapacity {
                state.seenOnce.insert(key)
            }
        }
    }

    /// How many statements have a name, for tests.
    var preparedCount: Int { state.withLockedValue { $0.names.count } }

    /// Whether PostgreSQL plans `sql` (utility statements such as `BEGIN` gain nothing).
    static func isPlannable(_ sql: String) -> Bool {
        var keyword = ""
        for character in sql.utf8 {
            if character == UInt8(ascii: " ") || character == UInt8(ascii: "\n") || character == UInt8(ascii: "\t")
                || character == UInt8(ascii: "\r") || character == UInt8(ascii: "(") {
                if keyword.isEmpty { continue } else { break }
            }
            keyword.append(Character(Unicode.Scalar(character | 0x20)))
            if keyword.count > 6 { return false }
        }
        return ["select", "insert", "update", "delete", "with"].contains(keyword)
    }
}

/// One prepared statement whose name and text are known only at run time.
///
/// PostgresNIO's public API for named statements reads them from a type's static properties;
/// these read them from ``current``, which ``PostgresSQL`` sets around each execution (in the
/// same task, so the values cannot mix between concurrent queries).
struct RuntimePreparedStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow

    struct Statement: Sendable {
        let name: String
        let sql: String
    }

    @TaskLocal static var current: Statement?

    static var name: String { current?.name ?? "" }
    static var sql: String { current?.sql ?? "" }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
