import Foundation

/// The language a visitor asks a public page in: `?locale=` when given, else the preferred
/// language of the browser's `Accept-Language`, else none (the shop's and then the
/// platform's language apply, see ``PageResolution``).
public enum VisitorLocale {
    /// An explicit `?locale=` that is not a language tag.
    public struct Invalid: Error, Equatable {}

    /// The requested locale, canonical (`fr-LU`); nil when the visitor expressed none.
    public static func requested(query: String?, acceptLanguage: String?) throws -> String? {
        if let query, !query.isEmpty {
            guard let locale = ContentLocale(query) else { throw Invalid() }
            return locale.tag
        }
        return acceptLanguage.flatMap(preferred)
    }

    /// The highest-weighted tag of an `Accept-Language` header (RFC 9110 §12.5.4); the first
    /// one listed among equals; nil for `*`, a zero weight or a header that names no language.
    /// A malformed header is a browser's doing, so it is ignored rather than refused.
    public static func preferred(_ header: String) -> String? {
        var best: (tag: String, weight: Double)?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = parts.first, first != "*", let locale = ContentLocale(first) else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0 else { continue }
            if best == nil || weight > best!.weight { best = (locale.tag, weight) }
        }
        return best?.tag
    }
}
