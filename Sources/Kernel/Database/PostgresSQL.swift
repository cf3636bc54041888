import Foundation
import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// SQLKit on one PostgreSQL connection, with PostgresNIO's own fast paths for the values Agora
/// binds and reads (text, integers, booleans, UUIDs, dates, arrays of them).
///
/// PostgresKit's adapter routes every bind and every cell through its general translation,
/// which builds a coding path — a formatted string — per cell; a page of 50 orders spent about
/// a seventh of its CPU there. This adapter binds `PostgresEncodable` values directly and
/// hands rows out as ``PostgresSQLRow``, which decodes `PostgresDecodable` types straight from
/// the cell. Anything else (a `Codable` struct in a JSON column, say) takes PostgresKit's path,
/// so the results are the same either way.
struct PostgresSQL: SQLDatabase {
    let connection: PostgresConnection
    /// PostgresKit's adapter on the same connection, for queries with binds only it can encode.
    let general: any SQLDatabase
    /// The statements this pool prepares (see ``PreparedStatements``).
    let statements: PreparedStatements
    /// The transaction's held-back writes, sent ahead of the next statement (see ``DeferredWrites``).
    let deferred: DeferredWrites?

    init(connection: PostgresConnection, statements: PreparedStatements, deferred: DeferredWrites? = nil) {
        self.connection = connection
        self.general = connection.sql()
        self.statements = statements
        self.deferred = deferred
    }

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var dialect: any SQLDialect { general.dialect }
    var queryLogLevel: Logger.Level? { general.queryLogLevel }

    /// SQLKit's future-based form, run through the async one so held-back writes go first.
    /// Each call is a task of its own: a caller waits for one future before starting the next.
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        // Writes held back go first, so this statement sees them (see ``DeferredWrites``).
        try await deferred?.send(on: self)
        let (sql, binds) = serialize(query)
        guard let (bindings, types) = Self.bindings(binds) else {
            return try await general.execute(sql: query, onRow)
        }
        let key = PreparedStatements.Key(sql: sql, types: types)
        if !PreparedStatements.planEachRun, let name = statements.name(of: key, on: connection.id) {
            do {
                try await RuntimePreparedStatement.$current.withValue(.init(name: name, sql: sql)) {
                    try await Self.forward(try await connection.execute(RuntimePreparedStatement(bindings: bindings), logger: connection.logger), to: onRow)
                }
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "25P02" {
                // Sent into a transaction that had already failed. If this was the statement's
                // first use on the connection, its preparation failed, and PostgresNIO would
                // answer that failure for the name for the rest of the connection's life: the
                // statement goes unnamed on this connection from now on.
                statements.refuse(name, on: connection.id)
                throw error
            }
            return
        }
        try await Self.forward(try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: connection.logger), to: onRow)
        if !PreparedStatements.planEachRun { statements.succeeded(key) }
    }

    /// Hands each row on, with the result's column positions worked out from its first row.
    private static func forward<Rows: AsyncSequence>(_ rows: Rows, to onRow: @Sendable (any SQLRow) -> Void) async throws where Rows.Element == PostgresRow {
        var columns: ColumnIndex?
        for try await row in rows {
            let cells = row.makeRandomAccess()
            if columns == nil { columns = ColumnIndex(cells) }
            onRow(PostgresSQLRow(row: row, cells: cells, columns: columns!))
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    /// The binds encoded by PostgresNIO itself, or nil when one of them needs PostgresKit's
    /// general encoding (a `Codable` value stored as JSON).
    /// The types are the ones PostgresNIO sends with the values (NULL's type is left to the server).
    static func bindings(_ binds: [any Encodable & Sendable]) -> (PostgresBindings, [PostgresDataType])? {
        var bindings = PostgresBindings(capacity: binds.count)
        var types: [PostgresDataType] = []
        types.reserveCapacity(binds.count)
        for bind in binds {
            var value: Any = bind
            if let optional = bind as? any OptionalBind {
                guard let wrapped = optional.wrappedBind else {
                    bindings.appendNull()
                    types.append(.null)
                    continue
                }
                value = wrapped
            }
            guard let encodable = value as? any PostgresEncodable else { return nil }
            do {
                try bindings.append(encodable, context: .default)
                types.append(encodable.psqlType)
            } catch {
                return nil
            }
        }
        return (bindings, types)
    }
}

/// An optional bind, so a nil can be sent as NULL and a value as itself.
private protocol OptionalBind {
    var wrappedBind: Any? { get }
}

extension Optional: OptionalBind {
    var wrappedBind: Any? { self.map { $0 as Any } }
}

/// The position of each column in one result's rows, worked out from its first row and
/// shared by the rest: looking a column up by name in every row hashed the name twice or
/// three times per cell.
final class ColumnIndex: Sendable {
    private let positions: [String: Int]

    init(_ cells: PostgresRandomAccessRow) {
        var positions: [String: Int] = [:]
        for (index, cell) in cells.enumerated() where positions[cell.columnName] == nil { positions[cell.columnName] = index }
        self.positions = positions
    }

    func position(of column: String) -> Int? { positions[column] }
}

/// A PostgreSQL row for SQLKit that decodes PostgresNIO's own types without a detour.
///
/// A class, so handing it around (as `any SQLRow`, in a ``RowReader``) is one reference
/// rather than a copy of its seven.
final class PostgresSQLRow: SQLRow, Sendable {
    let row: PostgresRow
    let cells: PostgresRandomAccessRow
    let columns: ColumnIndex

    init(row: PostgresRow, cells: PostgresRandomAccessRow, columns: ColumnIndex) {
        self.row = row
        self.cells = cells
        self.columns = columns
    }

    var allColumns: [String] { cells.map(\.columnName) }

    func contains(column: String) -> Bool { columns.position(of: column) != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let position = columns.position(of: column) else { return true }
        return cells[position].bytes == nil
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let position = columns.position(of: column) else { return try row.sql().decode(column: column, as: D.self) }
        let cell = cells[position]
        // The common types by metatype comparison, which is cheap; `as?` casts are runtime lookups.
        if D.self == String.self { return unsafeBitCast(try cell.decode(String.self, context: .default), to: D.self) }
        if D.self == Int.self { return unsafeBitCast(try cell.decode(Int.self, context: .default), to: D.self) }
        if D.self == UUID.self { return unsafeBitCast(try cell.decode(UUID.self, context: .default), to: D.self) }
        if D.self == Date.self { return unsafeBitCast(try cell.decode(Date.self, context: .default), to: D.self) }
        if D.self == Bool.self { return unsafeBitCast(try cell.decode(Bool.self, context: .default), to: D.self) }
        if D.self == String?.self { return unsafeBitCast(try cell.decode(String?.self, context: .default), to: D.self) }
        if D.self == Int?.self { return unsafeBitCast(try cell.decode(Int?.self, context: .default), to: D.self) }
        if D.self == UUID?.self { return unsafeBitCast(try cell.decode(UUID?.self, context: .default), to: D.self) }
        // PostgresKit reads a binary numeric as a Double through its legacy path; keep that one there.
        if let direct = D.self as? any PostgresDecodable.Type, !(cell.dataType == .numeric && D.self is Double.Type) {
            return try Self.decode(cell, as: direct) as! D
        }
        return try row.sql().decode(column: column, as: D.self)
    }

    /// One cell by name, specialised for the caller's type (``RowReader``'s fast path); a
    /// missing column is SQLKit's error, as through `decode(column:as:)`.
    @inline(__always)
    func value<T: PostgresDecodable & Decodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let position = columns.position(of: column) else { return try row.sql().decode(column: column, as: T.self) }
        return try cells[position].decode(T.self, context: .default)
    }

    private static func decode<T: PostgresDecodable>(_ cell: PostgresCell, as type: T.Type) throws -> T {
        try cell.decode(T.self, context: .default)
    }
}
