/// Sends messages: SMTP through libcurl in a running deployment, a closure of their own in
/// tests, or a refusal when no server is configured.
public struct Mailer: Sendable {
    /// Who messages come from; nil when mail is not configured.
    public let sender: MailAddress?
    /// Sends one message; throws ``MailError`` when it was not accepted.
    public let send: @Sendable (MailMessage, _ messageID: String) async throws -> Void

    public init(sender: MailAddress?, send: @escaping @Sendable (MailMessage, _ messageID: String) async throws -> Void) {
        self.sender = sender
        self.send = send
    }

    /// Whether there is a server to send through.
    public var isConfigured: Bool { sender != nil }

    /// SMTP with `configuration`, or ``notConfigured`` when it is nil.
    public static func live(_ configuration: SMTPConfiguration?) -> Mailer {
        guard let configuration else { return .notConfigured }
        let transport = SMTPTransport(configuration: configuration)
        return Mailer(sender: configuration.from) { message, messageID in try await transport.send(message, messageID: messageID) }
    }

    /// Refuses every message with ``MailError/notConfigured``.
    public static let notConfigured = Mailer(sender: nil) { _, _ in throw MailError.notConfigured }
}
