import Foundation
import Hummingbird

/// A request body whose every field is optional, so the body itself may be left out: an
/// empty body is ``init()`` (and OpenAPI marks the body as not required).
public protocol OptionalRequestBody: Decodable {
    /// The body as if `{}` had been sent.
    init()
}

/// Decodes JSON request bodies and turns every way they can be wrong into a clear 4xx:
/// not JSON (415), too large (413), unparseable (400 `malformed_json`), wrong shape or types
/// (422 `invalid_body` naming each field).
public struct RequestBodyDecoding: RequestDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        if let contentType = request.headers[.contentType], !contentType.lowercased().contains("json") {
            throw Problem(status: .unsupportedMediaType, code: "unsupported_media_type", title: "Send JSON",
                          detail: "The body must be application/json, not \(contentType).")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw Problem(status: .contentTooLarge, code: "body_too_large", title: "The request body is too large",
                          detail: "Bodies are limited to \(context.maxUploadSize) bytes.",
                          extensions: ["max_bytes": .int(context.maxUploadSize)])
        }
        guard buffer.readableBytes > 0 else {
            if let optional = T.self as? any OptionalRequestBody.Type, let empty = optional.init() as? T { return empty }
            throw Problem(status: .badRequest, code: "malformed_json", title: "The request body is not valid JSON",
                          detail: "The body is empty; send a JSON object.")
        }
        let decoder = AgoraJSON.decoder()
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw Self.problem(for: error)
        }
    }

    /// The problem for a decoding failure, with the failing field's path.
    static func problem(for error: DecodingError) -> Problem {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            var text = ""
            for component in codingPath + (key.map { [$0] } ?? []) {
                if let index = component.intValue {
                    text += "[\(index)]"
                } else {
                    let name = Self.snakeCase(component.stringValue)
                    text += text.isEmpty ? name : ".\(name)"
                }
            }
            return text.isEmpty ? "$" : text
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return Problem(status: .badRequest, code: "malformed_json", title: "The request body is not valid JSON",
                           detail: "The body could not be parsed as JSON.")
        case .dataCorrupted(let context):
            return .invalid([FieldError(field: path(context.codingPath), code: "invalid", message: context.debugDescription)])
        case .keyNotFound(let key, let context):
            return .invalid([FieldError(field: path(context.codingPath, key), code: "required", message: "is required")])
        case .valueNotFound(_, let context):
            return .invalid([FieldError(field: path(context.codingPath), code: "required", message: "must not be null")])
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            if field == "$" {
                return Problem(status: .badRequest, code: "malformed_json", title: "The request body is not valid JSON",
                               detail: "The body must be a JSON \(type is [Any].Type ? "array" : "object").")
            }
            return .invalid([FieldError(field: field, code: "wrong_type", message: "must be \(Self.describe(type))")])
        @unknown default:
            return Problem(status: .badRequest, code: "malformed_json", title: "The request body is not valid JSON")
        }
    }

    /// Field paths name the JSON keys the client sent, which are snake_case.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase, !result.isEmpty, !result.hasSuffix("_") {
                result += "_"
            }
            result += character.lowercased()
        }
        return result
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default: return "of type \(type)"
        }
    }
}
