import Foundation
import Hummingbird

/// An RFC 9457 problem: every error Agora returns, as `application/problem+json` with a
/// stable machine-readable `code`.
///
/// Modules throw `Problem` directly or their own error type conforming to
/// ``ProblemConvertible``; ``ProblemResponses`` turns anything thrown into a response.
public struct Problem: Error, Sendable, CustomStringConvertible {
    /// HTTP status.
    public var status: HTTPResponse.Status
    /// Stable code clients can switch on (`not_found`, `invalid_body`, `limit_reached`, …).
    public var code: String
    /// Short human summary; the same for every occurrence of `code`.
    public var title: String
    /// What happened this time.
    public var detail: String?
    /// Per-field complaints for invalid input.
    public var fieldErrors: [FieldError]
    /// Extra members (`limit`, `used`, `allowed_methods`, …).
    public var extensions: [String: JSONValue]
    /// Extra response headers (`Allow`, `Retry-After`).
    public var headers: HTTPFields

    /// A problem with every part spelled out.
    public init(
        status: HTTPResponse.Status, code: String, title: String, detail: String? = nil,
        fieldErrors: [FieldError] = [], extensions: [String: JSONValue] = [:], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.fieldErrors = fieldErrors
        self.extensions = extensions
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(detail ?? title)" }

    /// 404 for a record that does not exist or belongs to someone else (the two must look alike).
    public static func notFound(_ what: String) -> Problem {
        Problem(status: .notFound, code: "not_found", title: "Not found", detail: "\(what) was not found.")
    }

    /// 422 with one entry per invalid field.
    public static func invalid(_ errors: [FieldError]) -> Problem {
        Problem(status: .unprocessableContent, code: "invalid_body", title: "The request body is invalid",
                detail: errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "), fieldErrors: errors)
    }

    /// 400 for a query parameter that cannot be used.
    public static func invalidParameter(_ name: String, _ message: String) -> Problem {
        Problem(status: .badRequest, code: "invalid_parameter", title: "A query parameter is invalid",
                detail: "\(name): \(message)", fieldErrors: [FieldError(field: name, code: "invalid", message: message)])
    }

    /// 409 when the write would break a uniqueness rule or a state rule.
    public static func conflict(_ code: String, _ detail: String) -> Problem {
        Problem(status: .conflict, code: code, title: "The request conflicts with the current state", detail: detail)
    }

    /// 401: no valid session or token.
    public static let authenticationRequired = Problem(
        status: .unauthorized, code: "authentication_required", title: "Sign in first",
        detail: "This endpoint needs a session cookie or an API token.")

    /// 403: signed in, but the role does not allow this.
    public static func forbidden(_ detail: String) -> Problem {
        Problem(status: .forbidden, code: "forbidden", title: "Not allowed", detail: detail)
    }
}

/// One invalid input field.
public struct FieldError: Sendable, Codable, Equatable {
    /// Path of the field (`email`, `domains[0].host`).
    public var field: String
    /// Stable reason code (`required`, `invalid`, `too_long`, `wrong_type`, `taken`).
    public var code: String
    /// Human explanation.
    public var message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}

/// An error type that knows which problem it is; one per module keeps error handling in one place.
public protocol ProblemConvertible: Error {
    /// The problem to return for this error.
    var problem: Problem { get }
}

extension Problem: ProblemConvertible {
    public var problem: Problem { self }
}

/// Collects field errors while validating input, then throws them all at once.
public struct Validation: Sendable {
    /// The errors found so far.
    public private(set) var errors: [FieldError] = []

    public init() {}

    /// Records `message` for `field` unless `condition` holds.
    public mutating func check(_ condition: Bool, _ field: String, _ code: String = "invalid", _ message: String) {
        if !condition { errors.append(FieldError(field: field, code: code, message: message)) }
    }

    /// Records an error for an empty or over-long required text.
    public mutating func requireText(_ value: String?, _ field: String, maxLength: Int = 200) {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            errors.append(FieldError(field: field, code: "required", message: "is required"))
            return
        }
        check(value.count <= maxLength, field, "too_long", "must be at most \(maxLength) characters")
    }

    /// Throws ``Problem/invalid(_:)`` when any error was recorded.
    public func throwIfInvalid() throws {
        if !errors.isEmpty { throw Problem.invalid(errors) }
    }
}
