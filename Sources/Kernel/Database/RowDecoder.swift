import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Decodes one row into a `Decodable` struct whose camelCase properties name snake_case
/// columns (``ColumnNames``).
///
/// It does what SQLKit's `SQLRowDecoder` does for Agora's rows, with less in between: the
/// column name of a key comes from a cache, and values go straight to the row's
/// `decode(column:as:)` with no coding-path bookkeeping. Nested `Decodable` values (a
/// `RawRepresentable` enum, say) decode through a single-value container over the same column.
struct RowDecoder: Decoder {
    let row: any SQLRow
    /// The column a single-value container reads; nil at the top of the row.
    let column: String?

    init(row: any SQLRow, column: String? = nil) {
        self.row = row
        self.column = column
    }

    var codingPath: [any CodingKey] { column.map { [SomeCodingKey(stringValue: $0)] } ?? [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard column == nil else {
            throw DecodingError.typeMismatch(Key.self, .init(codingPath: codingPath, debugDescription: "A column holds one value, not a keyed container."))
        }
        return KeyedDecodingContainer(Keyed<Key>(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "Rows have no unkeyed containers."))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        guard let column else {
            throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "A row is a keyed container."))
        }
        return SingleValue(row: row, column: column)
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: any SQLRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.allColumns.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { row.contains(column: ColumnNames.column(for: key.stringValue)) }

        func decodeNil(forKey key: Key) throws -> Bool { try row.decodeNil(column: ColumnNames.column(for: key.stringValue)) }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try RowDecoder.value(T.self, column: ColumnNames.column(for: key.stringValue), in: row)
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            let column = ColumnNames.column(for: key.stringValue)
            guard try !row.decodeNil(column: column) else { return nil }
            return try RowDecoder.value(T.self, column: column, in: row)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch(NestedKey.self, .init(codingPath: [key], debugDescription: "Rows have no nested containers."))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "Rows have no nested containers."))
        }

        func superDecoder() throws -> any Decoder { RowDecoder(row: row) }
        func superDecoder(forKey key: Key) throws -> any Decoder { RowDecoder(row: row, column: ColumnNames.column(for: key.stringValue)) }
    }

    struct SingleValue: SingleValueDecodingContainer {
        let row: any SQLRow
        let column: String
        var codingPath: [any CodingKey] { [SomeCodingKey(stringValue: column)] }

        func decodeNil() -> Bool { (try? row.decodeNil(column: column)) ?? true }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try row.decode(column: column, as: T.self) }
    }

    /// A column's value: the row decodes what it knows (text, numbers, UUIDs, dates, arrays,
    /// JSON); a type made of such a value (an enum with a raw value) decodes from it.
    static func value<T: Decodable>(_ type: T.Type, column: String, in row: any SQLRow) throws -> T {
        if T.self != String.self, T.self != Int.self, T.self != UUID.self, T.self != Date.self, RawValued.shared.contains(T.self) {
            return try T(from: RowDecoder(row: row, column: column))
        }
        return try row.decode(column: column, as: T.self)
    }
}

/// Which types are `RawRepresentable`, worked out once per type (a conformance lookup per
/// value showed in profiles).
final class RawValued: Sendable {
    static let shared = RawValued()
    private let known = NIOLockedValueBox<[ObjectIdentifier: Bool]>([:])

    func contains(_ type: Any.Type) -> Bool {
        let key = ObjectIdentifier(type)
        if let answer = known.withLockedValue({ $0[key] }) { return answer }
        let answer = type is any RawRepresentable.Type
        known.withLockedValue { $0[key] = answer }
        return answer
    }
}
