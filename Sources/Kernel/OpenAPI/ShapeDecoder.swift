import Foundation

/// What a type asked the decoder for.
final class ObjectShape {
    var isObject = false
    var properties: [String: JSONValue] = [:]
    var required: [String] = []
    var single: JSONValue?

    func add(_ key: any CodingKey, _ schema: JSONValue, required isRequired: Bool) {
        let name = SchemaRegistry.jsonKey(key.stringValue)
        properties[name] = schema
        if isRequired, !required.contains(name) { required.append(name) }
    }
}

/// A `Decoder` that hands out placeholders and records the shape it was asked for.
struct ShapeDecoder: Decoder {
    let shape: ObjectShape
    let registry: SchemaRegistry
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        shape.isObject = true
        return KeyedDecodingContainer(KeyedShapeContainer<Key>(shape: shape, registry: registry))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        shape.single = .object(["type": .string("array")])
        return EmptyUnkeyedContainer()
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleShapeContainer(shape: shape, registry: registry)
    }
}

struct KeyedShapeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let shape: ObjectShape
    let registry: SchemaRegistry
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let described = try registry.describe(type)
        shape.add(key, described.schema, required: true)
        return described.value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try optional(type, key)
    }

    // The standard library's concrete overloads would otherwise fall back to `decode` and
    // mark optional fields as required.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        let described = try registry.describe(type)
        shape.add(key, .object(["anyOf": .array([described.schema, .object(["type": .string("null")])])]), required: false)
        return nil
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = ObjectShape()
        shape.add(key, .object(["type": .string("object")]), required: true)
        return KeyedDecodingContainer(KeyedShapeContainer<NestedKey>(shape: nested, registry: registry))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        shape.add(key, .object(["type": .string("array")]), required: true)
        return EmptyUnkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { ShapeDecoder(shape: shape, registry: registry) }
    func superDecoder(forKey key: Key) throws -> any Decoder { ShapeDecoder(shape: ObjectShape(), registry: registry) }
}

struct SingleShapeContainer: SingleValueDecodingContainer {
    let shape: ObjectShape
    let registry: SchemaRegistry
    var codingPath: [any CodingKey] = []

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let described = try registry.describe(type)
        shape.single = described.schema
        return described.value
    }
}

struct EmptyUnkeyedContainer: UnkeyedDecodingContainer {
    var codingPath: [any CodingKey] = []
    var count: Int? { 0 }
    var isAtEnd: Bool { true }
    var currentIndex: Int { 0 }

    struct Exhausted: Error {}

    mutating func decodeNil() throws -> Bool { throw Exhausted() }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { throw Exhausted() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> { throw Exhausted() }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Exhausted() }
    mutating func superDecoder() throws -> any Decoder { throw Exhausted() }
}
