import Foundation
import NIOCore
import PostgresNIO
import SQLKit

/// How a model's JSON is written straight from its table's rows, for list pages of many rows.
///
/// Reading 50 orders into `Order` values and writing them out again was more than half of an
/// order-list request's CPU: every cell became a Swift value (a `String` allocated for each
/// text) only to be turned back into bytes. Written from the row, a PostgreSQL text cell's
/// bytes go into the JSON as they are (escaped), and integers, booleans and ids are read from
/// their wire form. Each key is the column of the same name; keys are listed in the order the
/// API sorts them, and a NULL column is left out, as a nil property is. The model's own
/// `Codable` form stays the reference: a test must show both give the same bytes.
public struct JSONColumns: Sendable {
    /// What a column holds, and so how its value is written.
    public enum Kind: Sendable {
        case string, integer, boolean, uuid, date
    }

    // Kept apart rather than as one array of structs: walking keys and kinds then copies no
    // `String` (a retain and a release per cell); names are only needed to decode a cell.
    let keys: [StaticString]
    let kinds: [Kind]
    let names: [String]

    /// `columns`: JSON key (the column's name) and kind, keys in sorted order.
    public init(_ columns: KeyValuePairs<StaticString, Kind>) {
        keys = columns.map(\.key)
        kinds = columns.map(\.value)
        names = columns.map { $0.key.description }
        assert(zip(names, names.dropFirst()).allSatisfy { $0.utf8.lexicographicallyPrecedes($1.utf8) },
               "JSONColumns keys must be sorted as the API sorts them")
    }

    /// One row as a JSON object.
    func object(_ row: any SQLRow, positions: [Int?]?) throws -> [UInt8] {
        var writer = JSONObjectWriter(into: [])
        writer.bytes.reserveCapacity(640)
        writer.bytes.append(UInt8(ascii: "{"))
        if let postgres = row as? PostgresSQLRow, let positions {
            for column in keys.indices { try write(column, from: postgres, at: positions[column], into: &writer) }
        } else {
            let reader = RowReader(row: row)
            for column in keys.indices { try writeDecoded(column, from: reader, into: &writer) }
        }
        writer.bytes.append(UInt8(ascii: "}"))
        return writer.bytes
    }

    /// Where each column is in a PostgreSQL result (nil: not in it, which decoding reports).
    func positions(in index: ColumnIndex) -> [Int?] { names.map { index.position(of: $0) } }

    /// The PostgreSQL cell's wire bytes when they are the value's plain binary form; anything
    /// else (another type, text format, a missing column) is decoded as the model would be.
    private func write(_ column: Int, from row: PostgresSQLRow, at position: Int?, into writer: inout JSONObjectWriter) throws {
        guard let position else { return try writeDecoded(column, from: RowReader(row: row), into: &writer) }
        let cell = row.cells[position]
        guard let bytes = cell.bytes else { return }
        guard cell.format == .binary else { return try writeDecoded(column, from: RowReader(row: row), into: &writer) }
        let key = keys[column]
        switch (kinds[column], cell.dataType) {
        case (.string, .text), (.string, .varchar), (.string, .bpchar), (.string, .name):
            bytes.withUnsafeReadableBytes { raw in
                writer.field(key, utf8: UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
            }
        case (.integer, .int8) where bytes.readableBytes == 8:
            writer.field(key, Int(bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: Int64.self)!))
        case (.integer, .int4) where bytes.readableBytes == 4:
            writer.field(key, Int(bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: Int32.self)!))
        case (.integer, .int2) where bytes.readableBytes == 2:
            writer.field(key, Int(bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: Int16.self)!))
        case (.boolean, .bool) where bytes.readableBytes == 1:
            writer.field(key, bytes.getInteger(at: bytes.readerIndex, as: UInt8.self)! != 0)
        case (.uuid, .uuid) where bytes.readableBytes == 16:
            var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            bytes.withUnsafeReadableBytes { raw in withUnsafeMutableBytes(of: &uuid) { $0.copyMemory(from: raw) } }
            writer.field(key, UUID(uuid: uuid))
        case (.date, .timestamptz) where bytes.readableBytes == 8, (.date, .timestamp) where bytes.readableBytes == 8:
            // Microseconds since 2000-01-01 UTC, turned into a Date by PostgresNIO's arithmetic,
            // so the written second is the one the decoded value would give.
            let microseconds = bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: Int64.self)!
            writer.field(key, Date(timeInterval: Double(microseconds) / 1_000_000, since: Self.postgresEpoch))
        default:
            try writeDecoded(column, from: RowReader(row: row), into: &writer)
        }
    }

    private static let postgresEpoch = Date(timeIntervalSince1970: 946_684_800)

    /// The column decoded to its Swift type and written as the model writes it.
    private func writeDecoded(_ column: Int, from row: RowReader, into writer: inout JSONObjectWriter) throws {
        let key = keys[column], name = names[column]
        switch kinds[column] {
        case .string: writer.field(key, try row.optionalString(name))
        case .integer: writer.field(key, try row.optionalInt(name))
        case .boolean: writer.field(key, try row.optionalBool(name))
        case .uuid: writer.field(key, try row.optionalUUID(name))
        case .date: writer.field(key, try row.optionalDate(name))
        }
    }
}

/// One list item written as JSON straight from its row (``JSONColumns``). The API's encoder
/// copies its bytes; it is documented in `/openapi.json`, and decoded, as its `Model`.
public struct RowJSON<Model: Codable & Sendable & Identifiable>: Codable, Sendable, PreEncodedJSON where Model.ID == UUID {
    /// The row's id, for the page's cursor.
    public let id: UUID
    let jsonBytes: [UInt8]

    init(id: UUID, jsonBytes: [UInt8]) {
        self.id = id
        self.jsonBytes = jsonBytes
    }

    public init(from decoder: any Decoder) throws {
        let model = try Model(from: decoder)
        self.init(id: model.id, jsonBytes: try ResponseJSON.encode(model))
    }

    /// Encoders other than the API's get the model's own encoding.
    public func encode(to encoder: any Encoder) throws {
        try AgoraJSON.decoder().decode(Model.self, from: Data(jsonBytes)).encode(to: encoder)
    }
}

extension RowJSON: DocumentedAs {
    static func documented(_ registry: SchemaRegistry) throws -> (schema: JSONValue, value: RowJSON<Model>) {
        let (schema, model) = try registry.describe(Model.self)
        return (schema, RowJSON(id: model.id, jsonBytes: []))
    }
}

extension SQLQueryFetcher {
    /// The rows as JSON objects written by `columns`, each with its `id` column.
    public func jsonRows<Model>(_ columns: JSONColumns, as model: Model.Type) async throws -> [RowJSON<Model>] {
        // Column positions are worked out once per result (its rows share one ColumnIndex).
        var index: ColumnIndex?
        var positions: [Int?]?
        return try await all().map { row in
            if let postgres = row as? PostgresSQLRow, postgres.columns !== index {
                index = postgres.columns
                positions = columns.positions(in: postgres.columns)
            }
            return RowJSON(id: try RowReader(row: row).uuid("id"), jsonBytes: try columns.object(row, positions: positions))
        }
    }
}
