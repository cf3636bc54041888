import Foundation
import Logging
import Mail

/// Everything Agora reads from its environment, read once at startup.
///
/// A malformed value stops the start with a message naming the variable, so a typo in a
/// deployment never turns into a silently ignored setting.
public struct AgoraConfiguration: Sendable {
    /// Whether this deployment is a developer's machine or a real one.
    public enum Environment: String, Sendable {
        case development, production, test
    }

    /// Address the HTTP server binds to.
    public var host: String
    /// Port the HTTP server listens on.
    public var port: Int
    /// Where the data lives: a `sqlite://` path or a `postgres://` URL.
    public var databaseURL: DatabaseURL
    /// Most PostgreSQL connections this process opens.
    public var databasePoolSize: Int
    /// Whether those connections are opened at start and kept open (a fixed-size pool), or
    /// opened on demand and closed when idle (tests, whose many short-lived databases would
    /// otherwise hold hundreds of connections).
    public var databaseKeepsConnections: Bool
    /// Development serves every platform on `localhost` under its path prefix.
    public var environment: Environment
    /// Peers whose `X-Forwarded-Host` / `X-Forwarded-Proto` / `X-Forwarded-For` are believed.
    public var trustedProxies: [IPAddressRange]
    /// E-mail of the super admin created on first start.
    public var adminEmail: String
    /// Password of the super admin created on first start; generated and printed once when nil.
    public var adminPassword: String?
    /// bcrypt work factor for new password hashes.
    public var bcryptCost: Int
    /// How long a login session stays valid without use.
    public var sessionLifetime: Duration
    /// Folder holding `migrations/` and `Platforms/`.
    public var root: URL
    /// Largest request body the JSON API accepts, in bytes.
    public var maxBodyBytes: Int
    /// Longest an instance trusts its cached platforms and features without a change
    /// notification (changes from this instance, and on PostgreSQL from every instance, apply at once).
    public var cacheTimeToLive: Duration
    /// How often subscriptions are checked for expired trials and ended periods.
    public var schedulerInterval: Duration
    /// Log level of the application logger.
    public var logLevel: Logger.Level
    /// The SMTP server mail goes out through; nil when mail is not configured (sending is refused).
    public var mail: SMTPConfiguration?

    /// A configuration with defaults suitable for a developer's machine.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        databaseURL: DatabaseURL = .defaultSQLite,
        databasePoolSize: Int = Database.defaultPoolSize,
        databaseKeepsConnections: Bool = true,
        environment: Environment = .development,
        trustedProxies: [IPAddressRange] = [],
        adminEmail: String = "admin@agora.local",
        adminPassword: String? = nil,
        bcryptCost: Int = 12,
        sessionLifetime: Duration = .seconds(14 * 24 * 3600),
        root: URL = AgoraPaths.locateRoot(),
        maxBodyBytes: Int = 1 << 20,
        cacheTimeToLive: Duration = .seconds(30),
        schedulerInterval: Duration = .seconds(60),
        logLevel: Logger.Level = .info,
        mail: SMTPConfiguration? = nil
    ) {
        self.host = host
        self.port = port
        self.databaseURL = databaseURL
        self.databasePoolSize = databasePoolSize
        self.databaseKeepsConnections = databaseKeepsConnections
        self.environment = environment
        self.trustedProxies = trustedProxies
        self.adminEmail = adminEmail
        self.adminPassword = adminPassword
        self.bcryptCost = bcryptCost
        self.sessionLifetime = sessionLifetime
        self.root = root
        self.maxBodyBytes = maxBodyBytes
        self.cacheTimeToLive = cacheTimeToLive
        self.schedulerInterval = schedulerInterval
        self.logLevel = logLevel
        self.mail = mail
    }

    /// Reads the configuration from `AGORA_*` environment variables (see the README's table).
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AgoraConfiguration {
        var config = AgoraConfiguration()
        func value(_ name: String) -> String? {
            guard let raw = env[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
            guard let raw = value(name) else { return nil }
            guard let number = Int(raw), range.contains(number) else {
                throw ConfigurationError.invalid(name: name, value: raw, expected: "a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        if let host = value("AGORA_HOST") { config.host = host }
        if let port = try integer("AGORA_PORT", in: 0...65535) { config.port = port }
        if let url = value("AGORA_DATABASE_URL") {
            do { config.databaseURL = try DatabaseURL(parsing: url) } catch {
                throw ConfigurationError.invalid(name: "AGORA_DATABASE_URL", value: DatabaseURL.mask(url), expected: "sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE")
            }
        }
        if let size = try integer("AGORA_DATABASE_POOL_SIZE", in: 1...500) { config.databasePoolSize = size }
        if let raw = value("AGORA_ENV") {
            guard let environment = Environment(rawValue: raw.lowercased()) else {
                throw ConfigurationError.invalid(name: "AGORA_ENV", value: raw, expected: "development, production or test")
            }
            config.environment = environment
        }
        if let raw = value("AGORA_TRUSTED_PROXIES") {
            config.trustedProxies = try raw.split(separator: ",").map {
                let text = $0.trimmingCharacters(in: .whitespaces)
                guard let range = IPAddressRange(text) else {
                    throw ConfigurationError.invalid(name: "AGORA_TRUSTED_PROXIES", value: text, expected: "IP addresses or CIDR ranges separated by commas")
                }
                return range
            }
        }
        if let email = value("AGORA_ADMIN_EMAIL") { config.adminEmail = email.lowercased() }
        if let password = value("AGORA_ADMIN_PASSWORD") { config.adminPassword = password }
        if let cost = try integer("AGORA_BCRYPT_COST", in: 4...31) { config.bcryptCost = cost }
        if let hours = try integer("AGORA_SESSION_TTL_HOURS", in: 1...(24 * 365)) { config.sessionLifetime = .seconds(hours * 3600) }
        if let root = value("AGORA_ROOT") { config.root = URL(fileURLWithPath: root, isDirectory: true) }
        if let bytes = try integer("AGORA_MAX_BODY_BYTES", in: 1024...(1 << 30)) { config.maxBodyBytes = bytes }
        if let seconds = try integer("AGORA_CACHE_TTL_SECONDS", in: 0...3600) { config.cacheTimeToLive = .seconds(seconds) }
        if let seconds = try integer("AGORA_SCHEDULER_SECONDS", in: 1...86400) { config.schedulerInterval = .seconds(seconds) }
        if let raw = value("AGORA_LOG_LEVEL") {
            guard let level = Logger.Level(rawValue: raw.lowercased()) else {
                throw ConfigurationError.invalid(name: "AGORA_LOG_LEVEL", value: raw, expected: "trace, debug, info, notice, warning, error or critical")
            }
            config.logLevel = level
        }
        config.mail = try Self.mail(value)
        return config
    }

    /// `AGORA_SMTP_URL` (unset: no mail), `AGORA_SMTP_USERNAME`, `AGORA_SMTP_PASSWORD`,
    /// `AGORA_SMTP_STARTTLS`, `AGORA_SMTP_TIMEOUT_SECONDS` and `AGORA_MAIL_FROM` (required with a URL).
    static func mail(_ value: (String) -> String?) throws -> SMTPConfiguration? {
        guard let raw = value("AGORA_SMTP_URL") else { return nil }
        guard let url = URL(string: raw), SMTPConfiguration.isSMTPURL(url) else {
            throw ConfigurationError.invalid(name: "AGORA_SMTP_URL", value: DatabaseURL.mask(raw),
                                             expected: "smtp://HOST:PORT or smtps://HOST:PORT, credentials in AGORA_SMTP_USERNAME and AGORA_SMTP_PASSWORD")
        }
        guard let rawFrom = value("AGORA_MAIL_FROM") else {
            throw ConfigurationError.invalid(name: "AGORA_MAIL_FROM", value: "", expected: "the sender address (Name <address> or address), required with AGORA_SMTP_URL")
        }
        let from: MailAddress
        do { from = try MailAddress(parsing: rawFrom, field: "AGORA_MAIL_FROM") } catch {
            throw ConfigurationError.invalid(name: "AGORA_MAIL_FROM", value: rawFrom, expected: "an e-mail address, optionally as Name <address>")
        }
        var startTLS = false
        if let flag = value("AGORA_SMTP_STARTTLS") {
            switch flag.lowercased() {
            case "1", "true", "yes", "on": startTLS = true
            case "0", "false", "no", "off": startTLS = false
            default: throw ConfigurationError.invalid(name: "AGORA_SMTP_STARTTLS", value: flag, expected: "true or false")
            }
        }
        var timeout = Duration.seconds(60)
        if let rawSeconds = value("AGORA_SMTP_TIMEOUT_SECONDS") {
            guard let seconds = Int(rawSeconds), (1...600).contains(seconds) else {
                throw ConfigurationError.invalid(name: "AGORA_SMTP_TIMEOUT_SECONDS", value: rawSeconds, expected: "a whole number in 1...600")
            }
            timeout = .seconds(seconds)
        }
        return SMTPConfiguration(url: url, username: value("AGORA_SMTP_USERNAME"), password: value("AGORA_SMTP_PASSWORD"), startTLS: startTLS,
                                 from: from, connectTimeout: min(.seconds(10), timeout), timeout: timeout)
    }
}

/// A configuration value that cannot be used; the message names the variable.
public enum ConfigurationError: Error, CustomStringConvertible {
    case invalid(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .invalid(let name, let value, let expected):
            return "\(name)=\(value) is not valid: expected \(expected)."
        }
    }
}

/// Finds the folder that holds `migrations/` and `Platforms/`.
public enum AgoraPaths {
    /// The first folder, walking up from the working directory and then from the executable,
    /// that contains `migrations/kernel`; the working directory when none does.
    public static func locateRoot() -> URL {
        let fileManager = FileManager.default
        let starts = [
            URL(fileURLWithPath: fileManager.currentDirectoryPath, isDirectory: true),
            URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent(),
        ]
        for start in starts {
            var folder = start.standardizedFileURL
            for _ in 0..<8 {
                if fileManager.fileExists(atPath: folder.appendingPathComponent("migrations/kernel").path) { return folder }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        return URL(fileURLWithPath: fileManager.currentDirectoryPath, isDirectory: true)
    }
}
