import Foundation
import Hummingbird

/// A response wrapper whose body type is the documented schema (`StatusResponse`).
protocol StatusWrapped {
    static var bodyType: (any Decodable.Type)? { get }
}

extension StatusResponse: StatusWrapped {
    static var bodyType: (any Decodable.Type)? { Body.self as? any Decodable.Type }
}

/// Builds `/openapi.json` (OpenAPI 3.1) from the route table: every registered route, with
/// its parameters, request and response schemas derived from the Swift types, and the
/// problem+json error responses.
public enum OpenAPIDocument {
    /// The statuses every operation may answer with a problem.
    static let problemStatuses = ["400", "401", "403", "404", "405", "409", "413", "415", "422", "429"]

    /// The documented schema of a handler's output type.
    static func responseSchema<Output>(_ type: Output.Type, registry: SchemaRegistry) -> JSONValue? {
        if let wrapped = type as? any StatusWrapped.Type { return wrapped.bodyType.map { registry.schema(for: $0) } }
        if let decodable = type as? any Decodable.Type { return registry.schema(for: decodable) }
        return nil
    }

    /// The document for one platform (its path prefix is the server URL).
    public static func build(routes: [RouteDescriptor], schemas: [String: JSONValue], platform: ResolvedPlatform?) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes where !route.isPage {
            let path = openAPIPath(route.path)
            paths[path, default: [:]][route.method.rawValue.lowercased()] = operation(route)
        }
        var components = schemas
        components["Problem"] = problemSchema
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object([
                "title": .string("Agora API" + (platform.map { " — \($0.name)" } ?? "")),
                "version": .string("1.0.0"),
                "description": .string("Every error is application/problem+json with a stable `code`. Lists are cursor-paginated."),
            ]),
            "servers": .array([.object(["url": .string(platform.map { $0.pathPrefix.isEmpty ? "/" : $0.pathPrefix } ?? "/")])]),
            "paths": .object(paths.mapValues { .object($0) }),
            "components": .object([
                "schemas": .object(components),
                "responses": .object(["Problem": .object([
                    "description": .string("An RFC 9457 problem"),
                    "content": .object(["application/problem+json": .object(["schema": .object(["$ref": .string("#/components/schemas/Problem")])])]),
                ])]),
                "securitySchemes": .object([
                    "session": .object(["type": .string("apiKey"), "in": .string("cookie"), "name": .string(Authenticator.sessionCookie)]),
                    "token": .object(["type": .string("http"), "scheme": .string("bearer")]),
                ]),
            ]),
        ])
    }

    /// `/a/:id` → `/a/{id}`.
    static func openAPIPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    static func operation(_ route: RouteDescriptor) -> JSONValue {
        var parameters: [JSONValue] = route.path.split(separator: "/").filter { $0.hasPrefix(":") }.map { segment in
            let name = String(segment.dropFirst())
            let schema: JSONValue = name.hasSuffix("Id")
                ? .object(["type": .string("string"), "format": .string("uuid")])
                : .object(["type": .string("string")])
            return .object(["name": .string(name), "in": .string("path"), "required": .bool(true), "schema": schema])
        }
        parameters += route.query.map {
            .object(["name": .string($0.name), "in": .string($0.location), "required": .bool($0.required),
                     "description": .string($0.description), "schema": $0.schema])
        }
        var responses: [String: JSONValue] = [:]
        if route.path == "/metrics" {
            responses["200"] = .object(["description": .string("Prometheus text"), "content": .object(["text/plain": .object(["schema": .object(["type": .string("string")])])])])
        } else if let mediaType = route.responseMediaType {
            // A file (a PDF): its bytes, under its own media type.
            responses["200"] = .object(["description": .string("The file"), "content": .object([
                mediaType: .object(["schema": .object(["type": .string("string"), "format": .string("binary")])]),
            ])])
        } else if let schema = route.responseSchema {
            responses["2XX"] = .object(["description": .string("Success"), "content": .object(["application/json": .object(["schema": schema])])])
        } else {
            responses["2XX"] = .object(["description": .string("Success")])
        }
        if route.path == "/readyz" {
            responses["503"] = .object(["description": .string("Not ready"), "content": .object(["application/json": .object(["schema": route.responseSchema ?? .object([:])])])])
        }
        for status in problemStatuses {
            responses[status] = .object(["$ref": .string("#/components/responses/Problem")])
        }
        var operation: [String: JSONValue] = [
            "operationId": .string(operationID(route)),
            "summary": .string(route.summary),
            "tags": .array([.string(route.module)]),
            "parameters": .array(parameters),
            "responses": .object(responses),
        ]
        if let feature = route.feature { operation["x-agora-feature"] = .string(feature) }
        operation["x-agora-access"] = .string(route.access.description)
        if route.access != .anyone && route.access != .shop {
            operation["security"] = .array([.object(["session": .array([])]), .object(["token": .array([])])])
        }
        if let body = route.requestSchema {
            operation["requestBody"] = .object(["required": .bool(!route.requestBodyOptional), "content": .object(["application/json": .object(["schema": body])])])
        }
        return .object(operation)
    }

    /// `GET /api/v1/admin/platforms/:platformId` → `getApiV1AdminPlatformsPlatformId`.
    static func operationID(_ route: RouteDescriptor) -> String {
        let words = route.path.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return route.method.rawValue.lowercased() + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static let problemSchema: JSONValue = .object([
        "type": .string("object"),
        "required": .array(["type", "title", "status", "code", "instance", "request_id"].map { .string($0) }),
        "properties": .object([
            "type": .object(["type": .string("string")]),
            "title": .object(["type": .string("string")]),
            "status": .object(["type": .string("integer")]),
            "code": .object(["type": .string("string")]),
            "detail": .object(["type": .string("string")]),
            "instance": .object(["type": .string("string")]),
            "request_id": .object(["type": .string("string")]),
            "errors": .object(["type": .string("array"), "items": .object([
                "type": .string("object"),
                "properties": .object(["field": .object(["type": .string("string")]), "code": .object(["type": .string("string")]),
                                       "message": .object(["type": .string("string")])]),
            ])]),
        ]),
    ])
}

/// `GET /openapi.json`.
enum OpenAPIRoute {
    struct Document: ResponseGenerator {
        let value: JSONValue
        func response(from request: Request, context: some RequestContext) throws -> Response {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(value)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
        }
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.get("/openapi.json", summary: "This API as an OpenAPI 3.1 document", access: .anyone) { _, context in
            Document(value: OpenAPIDocument.build(routes: kernel.routes.routes, schemas: kernel.schemas.all, platform: context.platform))
        }
    }
}
