import Foundation
import NIOCore
import PostgresNIO
import SQLKit

/// How a model's JSON is written straight from its table's rows, for list pages of many rows.
///
/// Reading 50 orders into `Order` values and writing them out again was more than half of an
/// order-list request's CPU: every cell became a Swift value (a `String` allocated for each
/// text) only to be turned back into bytes. Written from the row, a PostgreSQL text value's
/// bytes go into the JSON as they are (escaped), and integers, booleans and ids are read from
/// their wire form. Each key is the column of the same name; keys are listed in the order the
/// API sorts them, and a NULL column is left out, as a nil property is. The model's own
/// `Codable` form stays the reference: a test must show both give the same bytes.
///
/// On PostgreSQL a query selecting ``selectList(on:)`` gets each row as one record of its
/// columns, whose fields are read in place: PostgresNIO's per-column work (a `PostgresCell`
/// per column, the row's random-access copy) was the largest part of what remained per row.
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
    /// Which key is `id`, if any.
    let idColumn: Int?

    /// `columns`: JSON key (the column's name) and kind, keys in sorted order.
    public init(_ columns: KeyValuePairs<StaticString, Kind>) {
        keys = columns.map(\.key)
        kinds = columns.map(\.value)
        names = columns.map { $0.key.description }
        idColumn = names.firstIndex(of: "id")
        assert(zip(names, names.dropFirst()).allSatisfy { $0.utf8.lexicographicallyPrecedes($1.utf8) },
               "JSONColumns keys must be sorted as the API sorts them")
    }

    /// What to select for ``SQLQueryFetcher/jsonRows(_:as:)``: on PostgreSQL the columns as
    /// one anonymous record (`ROW(a, b, …)`, in key order), elsewhere the columns themselves.
    public func selectList(on kind: Database.Kind) -> SQLQueryString {
        let columns = names.joined(separator: ", ")
        return kind == .postgres ? "ROW(\(unsafeRaw: columns)) AS \(unsafeRaw: Self.recordColumn)" : "\(unsafeRaw: columns)"
    }

    private static let recordColumn = "agora_json_record"

    /// One row as a JSON object.
    func object(_ row: any SQLRow, positions: [Int?]?) throws -> [UInt8] {
        try Self.writingObject { writer in
            if let postgres = row as? PostgresSQLRow, let positions {
                for column in keys.indices {
                    guard let position = positions[column] else {
                        // Not in the result: decoding reports the missing column.
                        try writeDecoded(column, from: RowReader(row: postgres), into: &writer)
                        continue
                    }
                    let cell = postgres.cells[position]
                    guard let bytes = cell.bytes else { continue }
                    try bytes.withUnsafeReadableBytes { value in
                        try write(column, type: cell.dataType, binary: cell.format == .binary, value, into: &writer)
                    }
                }
            } else {
                let reader = RowReader(row: row)
                for column in keys.indices { try writeDecoded(column, from: reader, into: &writer) }
            }
        }
    }

    /// The bytes of one JSON object whose fields `body` writes.
    private static func writingObject(_ body: (inout JSONObjectWriter) throws -> Void) rethrows -> [UInt8] {
        var writer = JSONObjectWriter(into: [])
        writer.bytes.reserveCapacity(640)
        writer.bytes.append(UInt8(ascii: "{"))
        try body(&writer)
        writer.bytes.append(UInt8(ascii: "}"))
        return writer.bytes
    }

    /// The row's record (``selectList(on:)``) when it is one: a single binary `record` cell.
    func record(in row: PostgresSQLRow) -> ByteBuffer? {
        guard row.cells.count == 1 else { return nil }
        let cell = row.cells[0]
        guard cell.dataType == .record, cell.format == .binary, cell.columnName == Self.recordColumn else { return nil }
        return cell.bytes
    }

    /// One record of the columns in key order (PostgreSQL's binary form: a field count, then
    /// per field its type, its length or -1 for NULL, and its bytes) as a JSON object, and the
    /// record's `id`.
    func object(record: ByteBuffer) throws -> (id: UUID, json: [UInt8]) {
        var id: UUID?
        let json = try Self.writingObject { writer in
            try record.withUnsafeReadableBytes { raw in
                var offset = 0
                func int32() throws -> Int32 {
                    guard offset + 4 <= raw.count else { throw RecordError.truncated }
                    defer { offset += 4 }
                    return Int32(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))
                }
                guard try int32() == keys.count else { throw RecordError.fieldCount(expected: keys.count) }
                for column in keys.indices {
                    let type = PostgresDataType(UInt32(bitPattern: try int32()))
                    let length = Int(try int32())
                    guard length >= 0 else { continue }
                    guard offset + length <= raw.count else { throw RecordError.truncated }
                    let value = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)])
                    offset += length
                    try write(column, type: type, binary: true, value, into: &writer)
                    if column == idColumn { id = try decode(column, type: type, value, as: UUID.self) }
                }
            }
        }
        guard let id else { throw RecordError.noId }
        return (id, json)
    }

    /// A record that is not the columns' (``object(record:)``).
    enum RecordError: Error {
        case truncated, fieldCount(expected: Int), noId
    }

    /// A PostgreSQL value: its wire bytes when they are the value's plain binary form, else
    /// decoded by PostgresNIO as the model's property would be (another type, text format).
    private func write(_ column: Int, type: PostgresDataType, binary: Bool, _ value: UnsafeRawBufferPointer, into writer: inout JSONObjectWriter) throws {
        let key = keys[column]
        switch (binary, kinds[column], type, value.count) {
        case (true, .string, .text, _), (true, .string, .varchar, _), (true, .string, .bpchar, _), (true, .string, .name, _):
            writer.field(key, utf8: value.assumingMemoryBound(to: UInt8.self))
        case (true, .integer, .int8, 8):
            writer.field(key, Int(Int64(bigEndian: value.loadUnaligned(as: Int64.self))))
        case (true, .integer, .int4, 4):
            writer.field(key, Int(Int32(bigEndian: value.loadUnaligned(as: Int32.self))))
        case (true, .integer, .int2, 2):
            writer.field(key, Int(Int16(bigEndian: value.loadUnaligned(as: Int16.self))))
        case (true, .boolean, .bool, 1):
            writer.field(key, value[0] != 0)
        case (true, .uuid, .uuid, 16):
            writer.field(key, Self.uuid(value))
        case (true, .date, .timestamptz, 8), (true, .date, .timestamp, 8):
            // Microseconds since 2000-01-01 UTC, turned into a Date by PostgresNIO's arithmetic,
            // so the written second is the one the decoded value would give.
            let microseconds = Int64(bigEndian: value.loadUnaligned(as: Int64.self))
            writer.field(key, Date(timeInterval: Double(microseconds) / 1_000_000, since: Self.postgresEpoch))
        default:
            let format: PostgresFormat = binary ? .binary : .text
            switch kinds[column] {
            case .string: writer.field(key, try decode(column, type: type, format: format, value, as: String.self))
            case .integer: writer.field(key, try decode(column, type: type, format: format, value, as: Int.self))
            case .boolean: writer.field(key, try decode(column, type: type, format: format, value, as: Bool.self))
            case .uuid: writer.field(key, try decode(column, type: type, format: format, value, as: UUID.self))
            case .date: writer.field(key, try decode(column, type: type, format: format, value, as: Date.self))
            }
        }
    }

    private static func uuid(_ value: UnsafeRawBufferPointer) -> UUID {
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { $0.copyMemory(from: value) }
        return UUID(uuid: uuid)
    }

    /// A value decoded by PostgresNIO, as a cell of the column would be.
    private func decode<T: PostgresDecodable>(_ column: Int, type: PostgresDataType, format: PostgresFormat = .binary,
                                              _ value: UnsafeRawBufferPointer, as: T.Type) throws -> T {
        if T.self == UUID.self, format == .binary, type == .uuid, value.count == 16 { return Self.uuid(value) as! T }
        let cell = PostgresCell(bytes: ByteBuffer(bytes: value), dataType: type, format: format, columnName: names[column], columnIndex: column)
        return try cell.decode(T.self, context: .default)
    }

    private static let postgresEpoch = Date(timeIntervalSince1970: 946_684_800)

    /// Where each column is in a PostgreSQL result (nil: not in it, which decoding reports).
    func positions(in index: ColumnIndex) -> [Int?] { names.map { index.position(of: $0) } }

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
    /// The rows as JSON objects written by `columns`, each with its `id` column: from the
    /// record of ``JSONColumns/selectList(on:)`` on PostgreSQL, else from the columns by name.
    public func jsonRows<Model>(_ columns: JSONColumns, as model: Model.Type) async throws -> [RowJSON<Model>] {
        // Column positions are worked out once per result (its rows share one ColumnIndex).
        var index: ColumnIndex?
        var positions: [Int?]?
        return try await all().map { row in
            if let postgres = row as? PostgresSQLRow {
                if let record = columns.record(in: postgres) {
                    let (id, json) = try columns.object(record: record)
                    return RowJSON(id: id, jsonBytes: json)
                }
                if postgres.columns !== index {
                    index = postgres.columns
                    positions = columns.positions(in: postgres.columns)
                }
            }
            return RowJSON(id: try RowReader(row: row).uuid("id"), jsonBytes: try columns.object(row, positions: positions))
        }
    }
}
