import Foundation

/// Writes a ``MailMessage`` as an RFC 5322 / MIME message: the text alone as
/// `text/plain; charset=UTF-8` in quoted-printable, or with attachments a `multipart/mixed`
/// of the text and each file in base64. Every line ends in CRLF.
public enum MIMEMessage {
    /// The message's bytes. `messageID` is the id without brackets (`…@domain`); `boundary`
    /// separates the parts and never occurs in quoted-printable or base64 text, as it starts
    /// with `=_`. Throws ``MailError/headerInjection(field:)`` when a header value has a CR or LF.
    public static func render(_ message: MailMessage, date: Date, messageID: String, boundary: String = randomBoundary()) throws -> [UInt8] {
        try check(message, messageID: messageID)
        var head = MIMEText.header("From", message.from.headerValue)
        head += MIMEText.header("To", message.to.map(\.headerValue).joined(separator: ", "))
        if let replyTo = message.replyTo { head += MIMEText.header("Reply-To", replyTo.headerValue) }
        head += MIMEText.header("Subject", words: MIMEText.unstructured(message.subject))
        head += MIMEText.header("Date", rfc5322Date(date))
        head += MIMEText.header("Message-ID", "<" + messageID + ">")
        head += MIMEText.header("MIME-Version", "1.0")
        let textHeaders = MIMEText.header("Content-Type", "text/plain; charset=UTF-8")
            + MIMEText.header("Content-Transfer-Encoding", "quoted-printable")
        let text = MIMEText.quotedPrintable(message.text) + MIMEText.crlf
        guard !message.attachments.isEmpty else {
            return Array((head + textHeaders + MIMEText.crlf + text).utf8)
        }
        var body = head + MIMEText.header("Content-Type", "multipart/mixed; boundary=\"" + boundary + "\"") + MIMEText.crlf
        body += "This is a message in MIME format." + MIMEText.crlf
        body += "--" + boundary + MIMEText.crlf + textHeaders + MIMEText.crlf + text
        for attachment in message.attachments {
            body += "--" + boundary + MIMEText.crlf
            body += MIMEText.header("Content-Type", attachment.contentType)
            body += MIMEText.header("Content-Disposition", "attachment; " + MIMEText.filenameParameter(attachment.filename))
            body += MIMEText.header("Content-Transfer-Encoding", "base64") + MIMEText.crlf
            body += MIMEText.base64Lines(attachment.bytes)
        }
        body += "--" + boundary + "--" + MIMEText.crlf
        return Array(body.utf8)
    }

    /// Refuses what cannot be written safely: no recipient, a line break in any header value,
    /// a content type that is not `type/subtype`.
    static func check(_ message: MailMessage, messageID: String) throws {
        guard !message.to.isEmpty else { throw MailError.noRecipient }
        if MIMEText.hasLineBreak(message.subject) { throw MailError.headerInjection(field: "Subject") }
        if MIMEText.hasLineBreak(messageID) || messageID.contains(">") { throw MailError.headerInjection(field: "Message-ID") }
        for attachment in message.attachments {
            if MIMEText.hasLineBreak(attachment.filename) { throw MailError.headerInjection(field: "Content-Disposition") }
            let parts = attachment.contentType.split(separator: "/")
            let token = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "!#$&^_.+-"))
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(token.contains) }) else {
                throw MailError.headerInjection(field: "Content-Type")
            }
        }
    }

    /// `Sun, 22 Nov 2026 05:39:05 +0000` (RFC 5322 §3.3), always in UTC.
    public static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// `=_agora_` and 24 random hex digits.
    public static func randomBoundary() -> String {
        "=_agora_" + (0..<12).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}
