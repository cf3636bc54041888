import Foundation

/// One address a platform answers on, as the resolver sees it.
public struct DomainRoute: Sendable, Equatable {
    /// Normalised host (lower case, no port, no trailing dot).
    public let host: String
    /// `""` or a prefix such as `/oms`, without trailing slash.
    public let pathPrefix: String
    public let platformId: UUID
    public let platformCode: String
    /// Set on a vendor's custom domain.
    public let vendorId: UUID?

    public init(host: String, pathPrefix: String, platformId: UUID, platformCode: String, vendorId: UUID? = nil) {
        self.host = PlatformResolver.normalize(host: host)
        self.pathPrefix = PlatformResolver.normalize(prefix: pathPrefix)
        self.platformId = platformId
        self.platformCode = platformCode
        self.vendorId = vendorId
    }
}

/// Which platform (and vendor) a request is for, and its path with the prefix removed.
public struct PlatformMatch: Sendable, Equatable {
    public let route: DomainRoute
    /// The request path below the prefix, always starting with `/`.
    public let remainingPath: String
}

/// Resolves host and path to a platform: pure, so every rule is table-tested.
///
/// Rules: hosts compare case-insensitively, without port and trailing dot; among a host's
/// entries the longest path prefix that matches whole path segments wins (`/oms` matches
/// `/oms` and `/oms/x`, not `/omsx`).
public struct PlatformResolver: Sendable {
    private let routesByHost: [String: [DomainRoute]]

    /// A resolver over `routes`.
    public init(routes: [DomainRoute]) {
        var byHost: [String: [DomainRoute]] = [:]
        for route in routes { byHost[route.host, default: []].append(route) }
        // Longest prefix first, so the first segment-boundary match is the winner.
        self.routesByHost = byHost.mapValues { $0.sorted { $0.pathPrefix.count > $1.pathPrefix.count } }
    }

    /// The platform for `host` and `path`, or nil for an unknown host or a path no entry covers.
    public func resolve(host rawHost: String, path: String) -> PlatformMatch? {
        let host = PlatformResolver.normalize(host: rawHost)
        guard let candidates = routesByHost[host] else { return nil }
        for route in candidates {
            if route.pathPrefix.isEmpty {
                return PlatformMatch(route: route, remainingPath: path.isEmpty ? "/" : path)
            }
            if path == route.pathPrefix {
                return PlatformMatch(route: route, remainingPath: "/")
            }
            if path.hasPrefix(route.pathPrefix + "/") {
                return PlatformMatch(route: route, remainingPath: String(path.dropFirst(route.pathPrefix.count)))
            }
        }
        return nil
    }

    /// Lower case, port and trailing dot removed; IPv6 brackets kept off.
    public static func normalize(host: String) -> String {
        // Nearly every request's Host is already lower-case letters, digits, dots and hyphens,
        // with perhaps a port: cut the port and trailing dots without Foundation's trimming
        // and case mapping (1.6 % of an order-list request's CPU).
        var utf8 = host.utf8[...]
        if utf8.allSatisfy({ ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                             || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ":") }),
           utf8.count(where: { $0 == UInt8(ascii: ":") }) <= 1 {
            if let colon = utf8.firstIndex(of: UInt8(ascii: ":")) { utf8 = utf8[..<colon] }
            while utf8.last == UInt8(ascii: ".") { utf8 = utf8.dropLast() }
            return String(Substring(utf8))
        }
        var text = host.trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasPrefix("[") {
            // [::1]:8080 → ::1
            if let close = text.firstIndex(of: "]") { text = String(text[text.index(after: text.startIndex)..<close]) }
            return text
        }
        if let colon = text.lastIndex(of: ":"), text.filter({ $0 == ":" }).count == 1 {
            text = String(text[..<colon])
        }
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `/oms/` → `/oms`, `oms` → `/oms`, `/` → `""`.
    public static func normalize(prefix: String) -> String {
        var text = prefix.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        if !text.isEmpty, !text.hasPrefix("/") { text = "/" + text }
        return text
    }
}
