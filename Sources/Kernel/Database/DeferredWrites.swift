import NIOConcurrencyHelpers
import SQLKit

/// Writes a PostgreSQL transaction holds back so that several go to the server as one
/// statement (see ``DatabaseSession/deferWrite(_:)``).
///
/// Each statement is a round trip: about 60 µs of the server's CPU and 40 µs of PostgreSQL's
/// even for `SELECT 1`, and while the transaction holds a contended row (a shop's order counter)
/// every other checkout of the shop waits through each of them. Writes whose result nobody
/// reads — a ledger entry, an outbox event, an order line — are queued here and sent together,
/// as data-modifying `WITH` parts of one statement, just before the session's next statement
/// or its `COMMIT`, so every later statement still sees them.
///
/// All parts of one PostgreSQL statement see the same snapshot and none sees another's rows.
/// So a batch may hold any number of inserts into a table, but a table that is updated or
/// deleted from appears in the batch only once: a second write to such a table, or an insert
/// into it, first sends the batch so far. (Two updates of one row in one statement would
/// leave only one of them; an update would not find a row inserted beside it.)
final class DeferredWrites: Sendable {
    /// How a combined statement begins, so ``PreparedStatements`` knows its parameter count
    /// follows from the batch's shape, not from its input, and prepares it however long it is.
    static let batchPrefix = "WITH agora_deferred_1 AS ("

    struct Write: Sendable {
        let sql: SQLQueryString
        /// The table written, lowercased.
        let table: String
        /// An `UPDATE` or `DELETE`, as opposed to an `INSERT`.
        let changesRows: Bool
    }

    private let queue = NIOLockedValueBox<[Write]>([])

    /// Whether `write` can join the writes already queued (see the type's rule).
    func canJoin(_ write: Write) -> Bool {
        queue.withLockedValue { queued in
            !queued.contains { $0.table == write.table && ($0.changesRows || write.changesRows) }
        }
    }

    func append(_ write: Write) { queue.withLockedValue { $0.append(write) } }

    /// The queued writes, leaving none.
    func take() -> [Write] {
        queue.withLockedValue { queued in
            defer { queued = [] }
            return queued
        }
    }

    /// Sends the queued writes, if any, on `database` as one statement, leaving none queued.
    func send(on database: any SQLDatabase) async throws {
        let writes = take()
        guard !writes.isEmpty else { return }
        try await database.execute(sql: Batch(writes: writes.map(\.sql))) { _ in }
    }

    /// Drops the queued writes: the transaction is rolling back.
    func discard() { queue.withLockedValue { $0 = [] } }

    /// The table and kind of a plain `INSERT INTO`, `UPDATE` or `DELETE FROM` statement, or nil
    /// for anything else (which is then run at once rather than deferred). Reads the bytes
    /// once without copying: it runs for every deferred write.
    static func target(of sql: String) -> (table: String, changesRows: Bool)? {
        var words: [String] = []
        var word: [UInt8] = []
        var matched = 0  // how much of "returning" the bytes just read spell
        let returning = Array("returning".utf8)
        for byte in sql.utf8 {
            let lower = byte >= 65 && byte <= 90 ? byte | 0x20 : byte
            // A result nobody reads would be thrown away; a statement that asks for one is not deferrable.
            matched = lower == returning[matched] ? matched + 1 : (lower == returning[0] ? 1 : 0)
            if matched == returning.count { return nil }
            guard words.count < 3 else { continue }
            if lower == 32 || lower == 10 || lower == 9 || lower == 13 || lower == 40 || lower == 34 {  // space, newline, tab, CR, "(", quote
                if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)); word.removeAll(keepingCapacity: true) }
            } else {
                word.append(lower)
            }
        }
        if words.count < 3, !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        guard words.count == 3 else { return nil }
        switch (words[0], words[1]) {
        case ("insert", "into"): return (words[2], false)
        case ("delete", "from"): return (words[2], true)
        case ("update", _): return (words[1], true)
        default: return nil
        }
    }

    /// The writes as one statement: `WITH agora_deferred_1 AS (first), … last`.
    struct Batch: SQLExpression {
        let writes: [SQLQueryString]

        func serialize(to serializer: inout SQLSerializer) {
            guard writes.count > 1 else { return writes.first?.serialize(to: &serializer) ?? () }
            for (index, write) in writes.dropLast().enumerated() {
                serializer.write(index == 0 ? "WITH " : ", ")
                serializer.write("agora_deferred_\(index + 1) AS (")
                write.serialize(to: &serializer)
                serializer.write(")")
            }
            serializer.write(" ")
            writes[writes.count - 1].serialize(to: &serializer)
        }
    }
}
