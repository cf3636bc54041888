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

    init(connection: PostgresConnection) {
        self.connection = connection
        self.general = connection.sql()
    }

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var dialect: any SQLDialect { general.dialect }
    var queryLogLevel: Logger.Level? { general.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        general.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        guard let bindings = Self.bindings(binds) else {
            return try await general.execute(sql: query, onRow)
        }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: connection.logger)
        for try await row in rows {
            onRow(PostgresSQLRow(row: row))
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    /// The binds encoded by PostgresNIO itself, or nil when one of them needs PostgresKit's
    /// general encoding (a `Codable` value stored as JSON).
    static func bindings(_ binds: [any Encodable & Sendable]) -> PostgresBindings? {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            var value: Any = bind
            if let optional = bind as? any OptionalBind {
                guard let wrapped = optional.wrappedBind else {
                    bindings.appendNull()
                    continue
                }
                value = wrapped
            }
            guard let encodable = value as? any PostgresEncodable else { return nil }
            do {
                try bindings.append(encodable, context: .default)
            } catch {
                return nil
            }
        }
        return bindings
    }
}

/// An optional bind, so a nil can be sent as NULL and a value as itself.
private protocol OptionalBind {
    var wrappedBind: Any? { get }
}

extension Optional: OptionalBind {
    var wrappedBind: Any? { self.map { $0 as Any } }
}

/// A PostgreSQL row for SQLKit that decodes PostgresNIO's own types without a detour.
struct PostgresSQLRow: SQLRow {
    let row: PostgresRow
    let cells: PostgresRandomAccessRow

    init(row: PostgresRow) {
        self.row = row
        self.cells = row.makeRandomAccess()
    }

    var allColumns: [String] { cells.map(\.columnName) }

    func contains(column: String) -> Bool { cells.contains(column) }

    func decodeNil(column: String) throws -> Bool {
        !cells.contains(column) || cells[column].bytes == nil
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard cells.contains(column) else { return try row.sql().decode(column: column, as: D.self) }
        let cell = cells[column]
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

    private static func decode<T: PostgresDecodable>(_ cell: PostgresCell, as type: T.Type) throws -> T {
        try cell.decode(T.self, context: .default)
    }
}
