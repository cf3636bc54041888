import SQLKit

/// Rows decode into `Codable` structs whose camelCase properties match snake_case columns
/// (`platformId` ← `platform_id`), the same convention the JSON API uses.
extension SQLQueryFetcher {
    /// All rows as `T`.
    public func rows<T: Decodable>(_ type: T.Type) async throws -> [T] {
        try await all(decoding: T.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// The first row as `T`, or nil.
    public func row<T: Decodable>(_ type: T.Type) async throws -> T? {
        try await first(decoding: T.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
