import Foundation
import Hummingbird
import Logging

/// Turns anything a handler throws into a problem+json response: the one place errors are mapped.
public enum ProblemResponses {
    /// The problem an error stands for; unknown errors become a logged 500 that reveals nothing.
    public static func problem(for error: any Error, logger: Logger) -> Problem {
        switch error {
        case let convertible as any ProblemConvertible:
            return convertible.problem
        case let error as HTTPError:
            return problem(for: error)
        case let error as DecodingError:
            return RequestBodyDecoding.problem(for: error)
        case let failed as DeferredWrites.Failed:
            // Reported by whichever statement it travelled ahead of; it is the write's own error.
            return problem(for: failed.underlying, logger: logger)
        default:
            if DatabaseErrors.isUniqueViolation(error) {
                return .conflict("already_exists", "A record with the same unique value already exists.")
            }
            if DatabaseErrors.isForeignKeyViolation(error) {
                return .conflict("referenced_record", "The record refers to, or is referred to by, another record.")
            }
            logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(status: .internalServerError, code: "internal_error", title: "Something went wrong on our side",
                           detail: "The error was logged; quote the request id when reporting it.")
        }
    }

    static func problem(for error: HTTPError) -> Problem {
        switch error.status {
        case .notFound:
            return Problem(status: .notFound, code: "route_not_found", title: "No such endpoint", detail: "No endpoint matches this path.")
        case .contentTooLarge:
            return Problem(status: .contentTooLarge, code: "body_too_large", title: "The request body is too large", detail: error.body)
        case .badRequest:
            return Problem(status: .badRequest, code: "bad_request", title: "The request is malformed", detail: error.body)
        default:
            return Problem(status: error.status, code: error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"),
                           title: error.status.reasonPhrase, detail: error.body)
        }
    }

    /// The response for `problem`, naming the request path and id.
    public static func response(for problem: Problem, path: String, requestID: String) -> Response {
        var body: [String: JSONValue] = problem.extensions
        body["type"] = .string("urn:agora:problem:\(problem.code)")
        body["title"] = .string(problem.title)
        body["status"] = .int(problem.status.code)
        body["code"] = .string(problem.code)
        if let detail = problem.detail { body["detail"] = .string(detail) }
        body["instance"] = .string(path)
        body["request_id"] = .string(requestID)
        if !problem.fieldErrors.isEmpty {
            body["errors"] = .array(problem.fieldErrors.map {
                .object(["field": .string($0.field), "code": .string($0.code), "message": .string($0.message)])
            })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(JSONValue.object(body))) ?? Data("{}".utf8)
        var headers = problem.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: problem.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
