import Foundation
import NIOConcurrencyHelpers

/// A type that states its own JSON Schema instead of having it derived from `Decodable`.
public protocol OpenAPIDescribed {
    /// The schema, as JSON.
    static var openAPISchema: JSONValue { get }
    /// A value to stand in while deriving schemas of types that contain this one.
    static var openAPIExample: Self { get }
}

/// String enums list their cases in the schema.
public protocol OpenAPIEnumeration: CaseIterable, RawRepresentable, Decodable where RawValue == String {}

extension JSONValue: OpenAPIDescribed {
    public static var openAPISchema: JSONValue { .object([:]) }
    public static var openAPIExample: JSONValue { .null }
}

extension Role: OpenAPIEnumeration {}
extension MembershipScope: OpenAPIEnumeration {}
extension SubscriptionStatus: OpenAPIEnumeration {}
extension FeatureDecision: OpenAPIEnumeration {}
extension LimitDeclaration.Period: OpenAPIEnumeration {}

/// Collects component schemas while deriving them from `Decodable` types: a `Decoder` that
/// records every key a type asks for, with its type and whether it is optional.
public final class SchemaRegistry: Sendable {
    private let components = NIOLockedValueBox<[String: JSONValue]>([:])

    public init() {}

    /// Every named schema derived so far.
    public var all: [String: JSONValue] { components.withLockedValue { $0 } }

    /// The schema of `type`: inline for scalars, a `$ref` to a component for objects.
    public func schema(for type: any Decodable.Type) -> JSONValue {
        (try? describe(type).schema) ?? .object([:])
    }

    /// The schema of `type` and a placeholder value of it.
    func describe<T: Decodable>(_ type: T.Type) throws -> (schema: JSONValue, value: T) {
        if let standIn = type as? any DocumentedAs.Type {
            let (schema, value) = try standIn.documented(self)
            return (schema, value as! T)
        }
        if let described = type as? any OpenAPIDescribed.Type {
            return (described.openAPISchema, described.openAPIExample as! T)
        }
        if let enumeration = type as? any OpenAPIEnumeration.Type {
            return (enumSchema(enumeration), firstCase(enumeration) as! T)
        }
        switch type {
        case is String.Type: return (.object(["type": .string("string")]), "" as! T)
        case is Int.Type: return (.object(["type": .string("integer")]), 0 as! T)
        case is Int64.Type: return (.object(["type": .string("integer")]), Int64(0) as! T)
        case is Double.Type: return (.object(["type": .string("number")]), 0.0 as! T)
        case is Bool.Type: return (.object(["type": .string("boolean")]), false as! T)
        case is UUID.Type: return (.object(["type": .string("string"), "format": .string("uuid")]), UUID() as! T)
        case is Date.Type: return (.object(["type": .string("string"), "format": .string("date-time")]), Date() as! T)
        default: break
        }
        if let optional = type as? any OptionalSchema.Type {
            let inner = try optional.wrappedSchema(self)
            return (.object(["anyOf": .array([inner, .object(["type": .string("null")])])]), optional.nothing as! T)
        }
        if let array = type as? any ArraySchema.Type {
            return (.object(["type": .string("array"), "items": try array.elementSchema(self)]), array.empty as! T)
        }
        if let dictionary = type as? any DictionarySchema.Type {
            return (.object(["type": .string("object"), "additionalProperties": try dictionary.valueSchema(self)]), dictionary.empty as! T)
        }
        let name = Self.componentName(type)
        let object = ObjectShape()
        let value = try T(from: ShapeDecoder(shape: object, registry: self))
        let schema: JSONValue = object.isObject
            ? .object(["type": .string("object"), "properties": .object(object.properties), "required": .array(object.required.map { .string($0) })])
            : (object.single ?? .object([:]))
        components.withLockedValue { $0[name] = schema }
        return (.object(["$ref": .string("#/components/schemas/\(name)")]), value)
    }

    private func enumSchema(_ type: any OpenAPIEnumeration.Type) -> JSONValue {
        func cases<E: OpenAPIEnumeration>(_ type: E.Type) -> [JSONValue] { E.allCases.map { .string($0.rawValue) } }
        return .object(["type": .string("string"), "enum": .array(cases(type))])
    }

    private func firstCase(_ type: any OpenAPIEnumeration.Type) -> Any {
        func first<E: OpenAPIEnumeration>(_ type: E.Type) -> Any { E.allCases.first! }
        return first(type)
    }

    /// `Page<Vendor>` → `PageVendor`: component names must be plain.
    static func componentName(_ type: Any.Type) -> String {
        // `String(describing:)` leaves out module and enclosing names; generic arguments stay.
        // A page of rows written as JSON is named as a page of its model (`Page<RowJSON<Order>>`
        // → `PageOrder`), which it is, byte for byte.
        String(describing: type).replacingOccurrences(of: "RowJSON<", with: "<").filter { $0.isLetter || $0.isNumber }
    }

    /// The snake_case JSON key of a Swift property name, as the API's encoder writes it.
    static func jsonKey(_ name: String) -> String { RequestBodyDecoding.snakeCase(name) }
}

/// A type documented as another: ``RowJSON`` is its model's JSON.
protocol DocumentedAs {
    static func documented(_ registry: SchemaRegistry) throws -> (schema: JSONValue, value: Self)
}

protocol OptionalSchema {
    static func wrappedSchema(_ registry: SchemaRegistry) throws -> JSONValue
    static var nothing: Self { get }
}

extension Optional: OptionalSchema where Wrapped: Decodable {
    static func wrappedSchema(_ registry: SchemaRegistry) throws -> JSONValue { try registry.describe(Wrapped.self).schema }
    static var nothing: Self { nil }
}

protocol ArraySchema {
    static func elementSchema(_ registry: SchemaRegistry) throws -> JSONValue
    static var empty: Self { get }
}

extension Array: ArraySchema where Element: Decodable {
    static func elementSchema(_ registry: SchemaRegistry) throws -> JSONValue { try registry.describe(Element.self).schema }
    static var empty: Self { [] }
}

protocol DictionarySchema {
    static func valueSchema(_ registry: SchemaRegistry) throws -> JSONValue
    static var empty: Self { get }
}

extension Dictionary: DictionarySchema where Key == String, Value: Decodable {
    static func valueSchema(_ registry: SchemaRegistry) throws -> JSONValue { try registry.describe(Value.self).schema }
    static var empty: Self { [:] }
}
