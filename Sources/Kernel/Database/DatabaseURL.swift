import Foundation

/// Where Agora's data lives: an SQLite file (the embedded default) or a PostgreSQL server.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite database file; created with its folder on first start.
    case sqlite(path: String)
    /// A PostgreSQL server.
    case postgres(PostgresLocation)

    /// `var/agora.sqlite` under the working directory.
    public static let defaultSQLite = DatabaseURL.sqlite(path: "var/agora.sqlite")

    /// The parts of a `postgres://` URL.
    public struct PostgresLocation: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        /// `disable` (default), `prefer` or `require`, as libpq's `sslmode`.
        public var tlsMode: String

        public init(host: String, port: Int = 5432, username: String, password: String?, database: String, tlsMode: String = "disable") {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.tlsMode = tlsMode
        }
    }

    /// Parses `sqlite://relative/path`, `sqlite:///absolute/path`, a bare `*.sqlite` path, or
    /// `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
    public init(parsing text: String) throws {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw DatabaseURLError.malformed }
            self = .sqlite(path: path)
            return
        }
        if text.hasSuffix(".sqlite") || text.hasSuffix(".db") {
            self = .sqlite(path: text)
            return
        }
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql",
              let host = components.host, !host.isEmpty
        else { throw DatabaseURLError.malformed }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !database.isEmpty else { throw DatabaseURLError.malformed }
        let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        guard ["disable", "prefer", "require"].contains(mode) else { throw DatabaseURLError.malformed }
        self = .postgres(PostgresLocation(
            host: host,
            port: components.port ?? 5432,
            username: components.percentEncodedUser?.removingPercentEncoding ?? "postgres",
            password: components.percentEncodedPassword?.removingPercentEncoding,
            database: database,
            tlsMode: mode
        ))
    }

    /// The URL with its password replaced by `***`, safe to print and log.
    public var description: String {
        switch self {
        case .sqlite(let path):
            return "sqlite://\(path)"
        case .postgres(let location):
            let credentials = location.password == nil ? location.username : "\(location.username):***"
            return "postgres://\(credentials)@\(location.host):\(location.port)/\(location.database)"
        }
    }

    /// Masks the password of any URL-looking text, for error messages about unparseable URLs.
    public static func mask(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let schemeEnd = text.range(of: "://") else { return text }
        let userInfo = text[schemeEnd.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}

/// A database URL that cannot be understood.
public enum DatabaseURLError: Error {
    case malformed
}
