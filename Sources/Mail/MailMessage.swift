import Foundation

/// One e-mail: parties, subject, a plain-text body and attachments. ``MIMEMessage`` writes it.
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var replyTo: MailAddress?
    public var subject: String
    /// The body; line breaks may be `\n` or `\r\n`.
    public var text: String
    public var attachments: [MailAttachment]

    public init(from: MailAddress, to: [MailAddress], replyTo: MailAddress? = nil, subject: String, text: String, attachments: [MailAttachment] = []) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.attachments = attachments
    }
}

/// A file sent with a message (`F-2026-0001.pdf`, `application/pdf`).
public struct MailAttachment: Sendable, Equatable {
    public var filename: String
    /// `type/subtype`, e.g. `application/pdf`.
    public var contentType: String
    public var bytes: [UInt8]

    public init(filename: String, contentType: String, bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }
}

/// Why a message was not written or not sent.
public enum MailError: Error, Equatable, CustomStringConvertible {
    /// A header value (named) holds a CR or LF, which would start a header of its own.
    case headerInjection(field: String)
    /// Not an e-mail address.
    case invalidAddress(field: String, value: String)
    /// A message needs at least one recipient.
    case noRecipient
    /// No SMTP server is configured (`AGORA_SMTP_URL`).
    case notConfigured
    /// The server could not be reached or refused the message; the text says which.
    case transport(String)

    public var description: String {
        switch self {
        case .headerInjection(let field): "The \(field) header contains a line break, which is refused."
        case .invalidAddress(let field, let value): "\(field): \(value) is not an e-mail address."
        case .noRecipient: "The message has no recipient."
        case .notConfigured: "Mail is not configured: set AGORA_SMTP_URL and AGORA_MAIL_FROM."
        case .transport(let reason): "Sending failed: \(reason)"
        }
    }
}
