import Foundation
import PostgresNIO
import SQLKit

/// A type that reads itself from a row, for rows read very often (a page of 50 orders):
/// `Decodable` spends most of such a request in its containers. ``SQLQueryFetcher/rows(_:)``
/// uses it when the type has it; a test must show both readings give the same value.
public protocol RowReadable: Decodable {
    init(row: RowReader) throws
}

/// Typed access to one row's columns by name.
public struct RowReader {
    let row: any SQLRow
    /// The same row when it comes from PostgreSQL, read without SQLKit's generic `decode`.
    private let postgres: PostgresSQLRow?

    init(row: any SQLRow) {
        self.row = row
        self.postgres = row as? PostgresSQLRow
    }

    public func string(_ column: String) throws -> String { try read(column) }
    public func optionalString(_ column: String) throws -> String? { try read(column) }
    public func int(_ column: String) throws -> Int { try read(column) }
    public func optionalInt(_ column: String) throws -> Int? { try read(column) }
    public func bool(_ column: String) throws -> Bool { try read(column) }
    public func optionalBool(_ column: String) throws -> Bool? { try read(column) }
    public func uuid(_ column: String) throws -> UUID { try read(column) }
    public func optionalUUID(_ column: String) throws -> UUID? { try read(column) }
    public func date(_ column: String) throws -> Date { try read(column) }
    public func optionalDate(_ column: String) throws -> Date? { try read(column) }

    /// One cell: straight from the PostgreSQL cell when the row is one, else through SQLKit.
    private func read<T: PostgresDecodable & Decodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        if let postgres { return try postgres.value(column) }
        return try row.decode(column: column, as: T.self)
    }

    /// A value stored as its raw string (an enum); a string that is no case is a decoding error.
    @inlinable
    public func value<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws -> Value where Value.RawValue == String {
        let raw = try string(column)
        guard let value = Value(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [SomeCodingKey(stringValue: column)], debugDescription: "'\(raw)' is not a \(Value.self)"))
        }
        return value
    }

    @inlinable
    public func optionalValue<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws -> Value? where Value.RawValue == String {
        guard let raw = try optionalString(column) else { return nil }
        guard let value = Value(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [SomeCodingKey(stringValue: column)], debugDescription: "'\(raw)' is not a \(Value.self)"))
        }
        return value
    }
}
