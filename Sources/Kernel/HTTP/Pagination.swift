import Foundation
import Hummingbird

/// A cursor-paginated list request: `?limit=1..200&cursor=…`.
///
/// Lists are ordered by id, which is time-ordered (``UUID/v7(now:)``), so the cursor is simply
/// the last id seen, encoded so clients treat it as opaque.
public struct PageRequest: Sendable {
    /// Largest page a client can ask for.
    public static let maximumLimit = 200
    /// Page size when the client does not say.
    public static let defaultLimit = 50

    /// How many items to return.
    public let limit: Int
    /// Return items with ids after this one.
    public let after: UUID?

    public init(limit: Int = PageRequest.defaultLimit, after: UUID? = nil) {
        self.limit = limit
        self.after = after
    }

    /// Reads `limit` and `cursor` from the query string; malformed values are a 400.
    public init(from request: Request) throws {
        let query = request.uri.queryParameters
        var limit = PageRequest.defaultLimit
        if let raw = query["limit"] {
            guard let value = Int(String(raw)), (1...PageRequest.maximumLimit).contains(value) else {
                throw Problem.invalidParameter("limit", "must be a whole number from 1 to \(PageRequest.maximumLimit)")
            }
            limit = value
        }
        var after: UUID?
        if let raw = query["cursor"], !raw.isEmpty {
            guard let id = PageRequest.decodeCursor(String(raw)) else {
                throw Problem.invalidParameter("cursor", "is not a cursor this API returned")
            }
            after = id
        }
        self.init(limit: limit, after: after)
    }

    /// The `next_cursor` for a page whose last item has `id`.
    public static func encodeCursor(_ id: UUID) -> String {
        Data(id.uuidString.utf8).base64EncodedString()
    }

    static func decodeCursor(_ text: String) -> UUID? {
        guard let data = Data(base64Encoded: text), let string = String(data: data, encoding: .utf8) else { return nil }
        return UUID(uuidString: string)
    }

    /// Cuts `fetched` (queried with `limit + 1`) to a page, with a cursor when more remain.
    public func page<Item: Codable & Sendable>(_ fetched: [Item], id: (Item) -> UUID) -> Page<Item> {
        let items = Array(fetched.prefix(limit))
        let next = fetched.count > limit ? items.last.map { PageRequest.encodeCursor(id($0)) } : nil
        return Page(items: items, nextCursor: next)
    }
}

/// One page of a list.
public struct Page<Item: Codable & Sendable>: ResponseCodable, Sendable, PaginatedResponse {
    /// The items, oldest first.
    public let items: [Item]
    /// Pass as `cursor` to get the next page; absent on the last page.
    public let nextCursor: String?
}

/// A whole (unpaginated) list.
public struct ItemList<Item: Codable & Sendable>: ResponseCodable, Sendable {
    public let items: [Item]

    public init(items: [Item]) {
        self.items = items
    }
}

/// Marks list responses that take `limit` and `cursor`.
public protocol PaginatedResponse {}

/// The `LIKE` pattern for a case-insensitive "contains" search: the text lower-cased, its own
/// wildcards removed (so a search for "50%" cannot match everything), wrapped in `%`.
/// Compare it with `LOWER(column)`; SQLite and PostgreSQL then behave the same.
public func containsPattern(_ text: String) -> String {
    "%" + text.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
}

extension Request {
    /// The id in query parameter `name`, nil when absent; a 400 naming the parameter when it is
    /// not an id (`what` says of what: "a customer").
    public func idParameter(_ name: String, of what: String) throws -> UUID? {
        guard let raw = uri.queryParameters[Substring(name)] else { return nil }
        guard let id = UUID(uuidString: String(raw)) else { throw Problem.invalidParameter(name, "must be the id of \(what)") }
        return id
    }
}
