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
/// leave only one of them; an update would not find a row inserted beside it.) Only writes that
/// read no other rows are deferrable: no `SELECT` (subqueries, `INSERT … SELECT`), no `FROM` or
/// `USING` after the table, no `ON CONFLICT` (two upserts of one key in one statement fail).
///
/// A batch that fails is reported as ``Failed``, whichever statement it travelled ahead of, so
/// a `catch` meant for that statement's own constraint does not take it for its own; the
/// problem responses look inside it (a broken unique key is still a 409).
final class DeferredWrites: Sendable {
    /// How a combined statement begins, so ``PreparedStatements`` can tell batches apart: their
    /// parameter count follows from their shape (so many lines, so many writes), and the usual
    /// batches are worth preparing even beyond a single statement's parameter limit.
    static let batchPrefix = "WITH agora_deferred_1 AS ("
    /// The most parameters a batch collects before it is sent (PostgreSQL takes 65,535 per statement).
    static let parameterBudget = 30_000

    /// A batch of held-back writes failed; `underlying` is the database's error.
    struct Failed: Error, CustomStringConvertible {
        let underlying: any Error
        var description: String { "A deferred write failed: \(DatabaseErrors.describe(underlying))" }
    }

    struct Write: Sendable {
        let sql: SQLQueryString
        /// The table written, lowercased.
        let table: String
        /// An `UPDATE` or `DELETE`, as opposed to an `INSERT`.
        let changesRows: Bool
        /// How many parameters it binds.
        var parameters = 0
    }

    private struct Queue {
        var writes: [Write] = []
        var parameters = 0
    }

    private let queue = NIOLockedValueBox(Queue())

    /// Whether `write` can join the writes already queued (see the type's rule and ``parameterBudget``).
    func canJoin(_ write: Write) -> Bool {
        queue.withLockedValue { queued in
            queued.parameters + write.parameters <= Self.parameterBudget
                && !queued.writes.contains { $0.table == write.table && ($0.changesRows || write.changesRows) }
        }
    }

    func append(_ write: Write) {
        queue.withLockedValue { queued in
            queued.writes.append(write)
            queued.parameters += write.parameters
        }
    }

    /// The queued writes, leaving none.
    func take() -> [Write] {
        queue.withLockedValue { queued in
            defer { queued = Queue() }
            return queued.writes
        }
    }

    /// Sends the queued writes, if any, on `database` as one statement, leaving none queued.
    func send(on database: any SQLDatabase) async throws {
        let writes = take()
        guard !writes.isEmpty else { return }
        do {
            try await database.execute(sql: Batch(writes: writes.map(\.sql))) { _ in }
        } catch {
            throw Failed(underlying: error)
        }
    }

    /// Drops the queued writes: the transaction is rolling back.
    func discard() { queue.withLockedValue { $0 = Queue() } }

    /// The table and kind of a plain `INSERT INTO`, `UPDATE` or `DELETE FROM` statement, or nil
    /// for anything else, which is then run at once (see the type's rule). Reads the bytes once,
    /// word by word: it runs for every deferred write.
    static func target(of sql: String) -> (table: String, changesRows: Bool)? {
        var first: [[UInt8]] = []  // the first three words
        var word: [UInt8] = []
        var index = 0
        // A result nobody would read, rows read from elsewhere, or an upsert: not deferrable.
        func refuses(_ word: [UInt8], at index: Int) -> Bool {
            switch word {
            case Words.returning, Words.select, Words.conflict, Words.using: true
            case Words.from: index >= 2  // DELETE FROM's own FROM is the second word
            default: false
            }
        }
        for byte in sql.utf8 {
            switch byte {
            case 32, 10, 9, 13, 40, 41, 44, 34, 59:  // space, newline, tab, CR, ( ) , " ;
                if !word.isEmpty {
                    if refuses(word, at: index) { return nil }
                    if index < 3 { first.append(word) }
                    index += 1
                    word.removeAll(keepingCapacity: true)
                }
            default:
                word.append(byte >= 65 && byte <= 90 ? byte | 0x20 : byte)
            }
        }
        if !word.isEmpty {
            if refuses(word, at: index) { return nil }
            if index < 3 { first.append(word) }
        }
        guard first.count == 3 else { return nil }
        switch (first[0], first[1]) {
        case (Words.insert, Words.into): return (String(decoding: first[2], as: UTF8.self), false)
        case (Words.delete, Words.from): return (String(decoding: first[2], as: UTF8.self), true)
        case (Words.update, _): return (String(decoding: first[1], as: UTF8.self), true)
        default: return nil
        }
    }

    /// The keywords ``target(of:)`` looks for, as lowercase bytes.
    private enum Words {
        static let insert = Array("insert".utf8), into = Array("into".utf8), update = Array("update".utf8)
        static let delete = Array("delete".utf8), from = Array("from".utf8), returning = Array("returning".utf8)
        static let select = Array("select".utf8), conflict = Array("conflict".utf8), using = Array("using".utf8)
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
