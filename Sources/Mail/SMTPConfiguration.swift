import Foundation

/// Where mail goes out: an SMTP server, its credentials and the sender address.
/// `AgoraConfiguration` reads it from `AGORA_SMTP_*` and `AGORA_MAIL_FROM`.
public struct SMTPConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// `smtp://host:port` (plain, or STARTTLS with ``startTLS``) or `smtps://host:port` (TLS from the start).
    public var url: URL
    public var username: String?
    public var password: String?
    /// Require STARTTLS on an `smtp://` connection (curl's `CURLUSESSL_ALL`).
    public var startTLS: Bool
    /// The `From` address and envelope sender of every message.
    public var from: MailAddress
    /// Longest wait for the connection to open.
    public var connectTimeout: Duration
    /// Longest a whole send may take, so a dead server never holds a worker.
    public var timeout: Duration

    public init(url: URL, username: String? = nil, password: String? = nil, startTLS: Bool = false, from: MailAddress,
                connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(60)) {
        self.url = url
        self.username = username
        self.password = password
        self.startTLS = startTLS
        self.from = from
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// Whether `url` is an SMTP URL curl can send through: `smtp` or `smtps` with a host.
    public static func isSMTPURL(_ url: URL) -> Bool {
        ["smtp", "smtps"].contains(url.scheme?.lowercased() ?? "") && !(url.host ?? "").isEmpty && url.user == nil && url.password == nil
    }

    /// The server without credentials, for logs.
    public var description: String { "\(url.absoluteString)\(startTLS ? " (STARTTLS)" : "") as \(from.address)" }
}
