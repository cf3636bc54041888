import NIOConcurrencyHelpers
import SQLKit

/// Rows decode into `Codable` structs whose camelCase properties match snake_case columns
/// (`platformId` ← `platform_id`), the same convention the JSON API uses.
extension SQLQueryFetcher {
    /// All rows as `T`.
    public func rows<T: Decodable>(_ type: T.Type) async throws -> [T] {
        if let readable = T.self as? any RowReadable.Type {
            return try await all().map { try readable.init(row: RowReader(row: $0)) as! T }
        }
        return try await all().map { try T(from: RowDecoder(row: $0)) }
    }

    /// The first row as `T`, or nil.
    public func row<T: Decodable>(_ type: T.Type) async throws -> T? {
        if let readable = T.self as? any RowReadable.Type {
            return try await first().map { try readable.init(row: RowReader(row: $0)) as! T }
        }
        return try await first().map { try T(from: RowDecoder(row: $0)) }
    }
}

/// The column name of each coding key, worked out once.
///
/// SQLKit's `.convertFromSnakeCase` converts the key again for every field of every row, up to
/// three times per optional field, with a Unicode property lookup per character: a page of
/// 50 orders spent more than a third of its CPU time there. This strategy gives the same
/// names (``snakeCase(_:)`` is SQLKit's conversion; a test holds them equal) from a cache.
enum ColumnNames {
    private static let cache = NIOLockedValueBox<[String: String]>([:])

    static let strategy = SQLRowDecoder.KeyDecodingStrategy.custom { path in
        SomeCodingKey(stringValue: column(for: path.last?.stringValue ?? ""))
    }

    static func column(for key: String) -> String {
        if let name = cache.withLockedValue({ $0[key] }) { return name }
        let name = snakeCase(key)
        cache.withLockedValue { $0[key] = name }
        return name
    }

    /// `camelCase` → `camel_case`, word for word SQLKit's `convertedToSnakeCase` (internal to
    /// SQLKit), quirks included: only a word's first letter is lowered (`imageURL` → `image_uRL`).
    static func snakeCase(_ key: String) -> String {
        guard !key.isEmpty else { return key }
        var words: [Range<String.Index>] = []
        var wordStart = key.startIndex, searchIndex = key.index(after: wordStart)
        while let upperCaseIndex = key[searchIndex...].firstIndex(where: \.isUppercase) {
            words.append(wordStart..<upperCaseIndex)
            wordStart = upperCaseIndex
            guard let lowerCaseIndex = key[upperCaseIndex...].firstIndex(where: \.isLowercase) else {
                break
            }
            searchIndex = lowerCaseIndex
            if lowerCaseIndex != key.index(after: upperCaseIndex) {
                let beforeLowerIndex = key.index(before: lowerCaseIndex)
                words.append(upperCaseIndex..<beforeLowerIndex)
                wordStart = beforeLowerIndex
            }
        }
        words.append(wordStart..<key.endIndex)
        return words.map { range in
            let word = key[range]
            return word.isEmpty ? "" : "\(word[word.startIndex].lowercased())\(word.dropFirst())"
        }.joined(separator: "_")
    }
}
