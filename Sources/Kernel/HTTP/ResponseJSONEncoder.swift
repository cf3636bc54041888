import Foundation
import Hummingbird
import NIOConcurrencyHelpers

/// Encodes API responses to exactly the bytes ``AgoraJSON/encoder()`` writes (snake_case keys,
/// ISO 8601 dates, sorted keys, escaped slashes), in a fraction of the time.
///
/// Foundation's encoder converts every key of every object to snake_case again (a Unicode
/// property lookup per character) and boxes every value; on a page of 50 orders that was a
/// quarter of the request's CPU. Here each key is converted once per process (by Foundation's
/// own conversion, so the names cannot drift) and ranked once for sorting, and values are
/// written straight into a byte buffer. Doubles, which are rare in the API, are written by
/// Foundation itself for the same reason. A test compares both encoders on every kind of value.
public enum ResponseJSON {
    /// `value` as JSON bytes.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var writer = JSONByteWriter()
        try writer.write(value)
        return writer.bytes
    }
}

/// Hummingbird's response encoder for Agora's JSON.
public struct AgoraResponseEncoder: ResponseEncoder {
    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let bytes = try ResponseJSON.encode(value)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(bytes.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// A JSON value being built: scalars are already serialized; containers keep their children
/// until they are written (objects sort theirs first).
enum JSONPiece {
    case scalar([UInt8])
    case object(JSONObjectBuilder)
    case array(JSONArrayBuilder)
}

final class JSONObjectBuilder {
    var entries: [(key: JSONKeyName, value: JSONPiece)] = []
}

final class JSONArrayBuilder {
    var items: [JSONPiece] = []
}

struct JSONByteWriter {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(4096) }

    mutating func write<T: Encodable>(_ value: T) throws {
        append(try JSONPieceEncoder.piece(for: value, codingPath: []))
    }

    private mutating func append(_ piece: JSONPiece) {
        switch piece {
        case .scalar(let scalar):
            bytes.append(contentsOf: scalar)
        case .array(let array):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in array.items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                append(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            // Sorted keys compare the converted names' bytes, as Foundation does (tested); the
            // sort is stable, and of two properties with the same name Foundation keeps the last.
            var entries = object.entries
            entries.sort { $0.key.bytes.lexicographicallyPrecedes($1.key.bytes) }
            for (index, entry) in entries.enumerated() {
                if index + 1 < entries.count, entries[index + 1].key.bytes == entry.key.bytes { continue }
                if bytes.last != UInt8(ascii: "{") { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: entry.key.quoted)
                bytes.append(UInt8(ascii: ":"))
                append(entry.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}

/// A key's JSON name: its bytes (for sorting) and its quoted, escaped form.
struct JSONKeyName: Sendable {
    let bytes: [UInt8]
    let quoted: [UInt8]

    init(_ name: String) {
        bytes = Array(name.utf8)
        quoted = JSONStrings.quoted(name)
    }
}

/// The snake_case names of the keys the API writes, converted once. Property names are a
/// small, fixed vocabulary; dictionary keys are data, so past a bound they are converted
/// each time instead of growing the table.
final class JSONKeys: Sendable {
    static let shared = JSONKeys()
    private static let bound = 10_000
    private let names = NIOLockedValueBox<[String: JSONKeyName]>([:])

    func name(of key: String) -> JSONKeyName {
        if let name = names.withLockedValue({ $0[key] }) { return name }
        let name = JSONKeyName(Self.snakeCase(key))
        names.withLockedValue { names in if names.count < Self.bound { names[key] = name } }
        return name
    }

    /// Foundation's own snake_case conversion of `key`, read back from an encoded probe.
    static func snakeCase(_ key: String) -> String {
        struct Probe: Encodable {
            let key: String
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: AnyKey.self)
                try container.encodeNil(forKey: AnyKey(stringValue: key))
            }
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(Probe(key: key)),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let name = object.keys.first
        else { return key }
        return name
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

enum JSONStrings {
    private static let hex = Array("0123456789abcdef".utf8)

    /// `string` as a JSON string literal, escaped as Foundation escapes it.
    static func quoted(_ string: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count + 2)
        append(string, to: &out)
        return out
    }

    static func append(_ string: String, to out: inout [UInt8]) {
        let copied: Void? = string.utf8.withContiguousStorageIfAvailable { append(utf8: $0, to: &out) }
        if copied != nil { return }
        var contiguous = string
        contiguous.withUTF8 { append(utf8: $0, to: &out) }
    }

    /// Valid UTF-8 text (a String's bytes, or a text cell's straight from PostgreSQL) as a
    /// JSON string literal, escaped as Foundation escapes it.
    static func append(utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escaping are copied in one go (most strings are one run;
        // an address is a few lines).
        var runStart = utf8.startIndex
        for index in utf8.indices {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/") else { continue }
            if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
            default:
                out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "u")); out.append(UInt8(ascii: "0")); out.append(UInt8(ascii: "0"))
                out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0xF)])
            }
        }
        if runStart < utf8.endIndex { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        out.append(UInt8(ascii: "\""))
    }
}

/// How a type is written, worked out once per type.
final class TypeKinds: Sendable {
    enum Kind: Sendable { case plain, integer, foundation, url, stringKeyedDictionary, writable, preEncoded }
    static let shared = TypeKinds()
    private let kinds = NIOLockedValueBox<[ObjectIdentifier: Kind]>([:])

    func kind(of type: Any.Type) -> Kind {
        let key = ObjectIdentifier(type)
        if let kind = kinds.withLockedValue({ $0[key] }) { return kind }
        let kind: Kind
        switch type {
        case is any BinaryInteger.Type: kind = .integer
        case is Double.Type, is Float.Type, is Decimal.Type, is Data.Type: kind = .foundation
        case is URL.Type: kind = .url
        case is any StringKeyedDictionary.Type: kind = .stringKeyedDictionary
        case is any JSONWritable.Type: kind = .writable
        case is any PreEncodedJSON.Type: kind = .preEncoded
        default: kind = .plain
        }
        kinds.withLockedValue { $0[key] = kind }
        return kind
    }
}

/// A dictionary with `String` keys: Foundation writes its keys as they are, without the
/// snake_case conversion (they are data, not property names).
protocol StringKeyedDictionary {
    func objectBuilder(codingPath: [any CodingKey]) throws -> JSONObjectBuilder
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Encodable {
    func objectBuilder(codingPath: [any CodingKey]) throws -> JSONObjectBuilder {
        let object = JSONObjectBuilder()
        object.entries.reserveCapacity(count)
        for (key, value) in self {
            object.entries.append((JSONKeyName(key), try JSONPieceEncoder.piece(for: value, codingPath: codingPath)))
        }
        return object
    }
}

/// The `Encoder` that turns one value into a ``JSONPiece``.
///
/// Coding paths are not extended per key: building one array per value cost more than the
/// rest of the encoding, and only request decoding reads them (for field errors).
final class JSONPieceEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var piece: JSONPiece?

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    static func piece<T: Encodable>(for value: T, codingPath: [any CodingKey]) throws -> JSONPiece {
        if let special = try specialPiece(value) { return special }
        let encoder = JSONPieceEncoder(codingPath: codingPath)
        try value.encode(to: encoder)
        // A value that encodes nothing is an empty object, as in Foundation.
        return encoder.piece ?? .object(JSONObjectBuilder())
    }

    /// Types Foundation's encoder writes its own way rather than through `encode(to:)`.
    ///
    /// The common types are recognised by comparing metatypes, which costs next to nothing;
    /// casting every value through `as?` (a runtime lookup, protocol conformances included)
    /// was a third of the encoder's time. Other types are classified once per type.
    static func specialPiece<T: Encodable>(_ value: T) throws -> JSONPiece? {
        if T.self == String.self { return .scalar(JSONStrings.quoted(unsafeBitCast(value, to: String.self))) }
        if T.self == Int.self { return .scalar(Array(String(unsafeBitCast(value, to: Int.self)).utf8)) }
        if T.self == Bool.self { return .scalar(Array((unsafeBitCast(value, to: Bool.self) ? "true" : "false").utf8)) }
        if T.self == UUID.self { return .scalar(JSONStrings.quoted(unsafeBitCast(value, to: UUID.self).uuidString)) }
        if T.self == Date.self { return try datePiece(unsafeBitCast(value, to: Date.self)) }
        switch TypeKinds.shared.kind(of: T.self) {
        case .plain: return nil
        case .integer: return .scalar(Array("\(value)".utf8))
        case .foundation: return .scalar(Array(try foundation(value)))
        case .url: return .scalar(JSONStrings.quoted((value as! URL).absoluteString))
        case .stringKeyedDictionary: return .object(try (value as! any StringKeyedDictionary).objectBuilder(codingPath: []))
        case .writable: return .scalar((value as! any JSONWritable).jsonBytes())
        case .preEncoded: return .scalar((value as! any PreEncodedJSON).jsonBytes)
        }
    }

    static func datePiece(_ date: Date) throws -> JSONPiece {
        // Before 1900 Foundation's calendar and gmtime part ways (Julian dates); let it write those.
        guard date.timeIntervalSince1970 >= -2_208_988_800 else { return .scalar(Array(try foundation(date))) }
        return .scalar(JSONStrings.quoted(ISO8601Seconds.string(date)))
    }

    /// A scalar as Foundation writes it (number formatting, base64).
    static func foundation<T: Encodable>(_ value: T) throws -> Data {
        try AgoraJSON.encoder().encode(value)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: JSONObjectBuilder
        if case .object(let existing) = piece { object = existing } else { object = JSONObjectBuilder(); piece = .object(object) }
        return KeyedEncodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: JSONArrayBuilder
        if case .array(let existing) = piece { array = existing } else { array = JSONArrayBuilder(); piece = .array(array) }
        return UnkeyedContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueContainer(encoder: self) }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let object: JSONObjectBuilder
        let codingPath: [any CodingKey]

        private func put(_ piece: JSONPiece, _ key: Key) {
            object.entries.append((JSONKeys.shared.name(of: key.stringValue), piece))
        }

        mutating func encodeNil(forKey key: Key) throws { put(.scalar(Array("null".utf8)), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { put(.scalar(JSONStrings.quoted(value)), key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { put(.scalar(Array(String(value).utf8)), key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { put(.scalar(Array((value ? "true" : "false").utf8)), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            put(try JSONPieceEncoder.piece(for: value, codingPath: codingPath), key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = JSONObjectBuilder()
            put(.object(nested), key)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = JSONArrayBuilder()
            put(.array(nested), key)
            return UnkeyedContainer(array: nested, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            // Rare; the nested encoder's result is attached once it has one.
            let encoder = JSONPieceEncoder(codingPath: codingPath)
            let object = JSONObjectBuilder()
            encoder.piece = .object(object)
            put(.object(object), key)
            return encoder
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let array: JSONArrayBuilder
        let codingPath: [any CodingKey]
        var count: Int { array.items.count }

        mutating func encodeNil() throws { array.items.append(.scalar(Array("null".utf8))) }
        mutating func encode(_ value: String) throws { array.items.append(.scalar(JSONStrings.quoted(value))) }
        mutating func encode(_ value: Int) throws { array.items.append(.scalar(Array(String(value).utf8))) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            array.items.append(try JSONPieceEncoder.piece(for: value, codingPath: codingPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = JSONObjectBuilder()
            array.items.append(.object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = JSONArrayBuilder()
            array.items.append(.array(nested))
            return UnkeyedContainer(array: nested, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder {
            let encoder = JSONPieceEncoder(codingPath: codingPath)
            let object = JSONObjectBuilder()
            encoder.piece = .object(object)
            array.items.append(.object(object))
            return encoder
        }
    }

    struct SingleValueContainer: SingleValueEncodingContainer {
        let encoder: JSONPieceEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }

        func encodeNil() throws { encoder.piece = .scalar(Array("null".utf8)) }
        func encode(_ value: String) throws { encoder.piece = .scalar(JSONStrings.quoted(value)) }
        func encode(_ value: Int) throws { encoder.piece = .scalar(Array(String(value).utf8)) }
        func encode(_ value: Bool) throws { encoder.piece = .scalar(Array((value ? "true" : "false").utf8)) }
        func encode<T: Encodable>(_ value: T) throws {
            encoder.piece = try JSONPieceEncoder.piece(for: value, codingPath: codingPath)
        }
    }
}
