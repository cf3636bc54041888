import Foundation
@testable import Mail
import Testing

@Suite("MIME messages")
struct MIMEMessageTests {
    static let date = Date(timeIntervalSince1970: 1_795_325_945) // Sun, 22 Nov 2026 05:39:05 UTC

    static func message(subject: String = "Invoice F-000001", text: String = "Hello\n", attachments: [MailAttachment] = []) throws -> MailMessage {
        MailMessage(from: try MailAddress("billing@agora.example", name: "Ferme Schmit"), to: [try MailAddress("anna@example.lu", name: "Anna Muller")],
                    replyTo: try MailAddress("owner@ferme.lu"), subject: subject, text: text, attachments: attachments)
    }

    static func render(_ message: MailMessage) throws -> String {
        String(decoding: try MIMEMessage.render(message, date: date, messageID: "m1@agora.example", boundary: "=_agora_test"), as: UTF8.self)
    }

    /// The headers of `text`, unfolded, by lowercased name.
    static func headers(_ text: String) -> [String: String] {
        let head = text.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
        var result: [String: String] = [:]
        for line in head.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    /// Decodes RFC 2047 `=?UTF-8?B?…?=` words separated by white space (what a mail client shows).
    static func decodeWords(_ value: String) -> String {
        let words = value.split(separator: " ")
        guard words.allSatisfy({ $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") }) else { return value }
        let bytes = words.flatMap { Data(base64Encoded: String($0.dropFirst(10).dropLast(2))).map(Array.init) ?? [] }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [
        ("Invoice F-000001", "Invoice F-000001", false),
        ("Facture F-2026-0001 — Ferme Schmit SARL", "Facture F-2026-0001 — Ferme Schmit SARL", true),
        ("Rechnung R-1 — Müller & Söhne GmbH, Düsseldorf, mit einer recht langen Betreffzeile für Umlaute", "Rechnung R-1 — Müller & Söhne GmbH, Düsseldorf, mit einer recht langen Betreffzeile für Umlaute", true),
        ("Счёт 42 — Магазин", "Счёт 42 — Магазин", true),
        ("Looks like =?UTF-8?B?encoded?= but is not", "Looks like =?UTF-8?B?encoded?= but is not", true),
    ])
    func subjectsAreASCIIOrEncodedWords(subject: String, shown: String, encoded: Bool) throws {
        let text = try Self.render(try Self.message(subject: subject))
        let value = Self.headers(text)["subject"]!
        #expect(value.hasPrefix("=?UTF-8?B?") == encoded)
        #expect(Self.decodeWords(value) == shown)
        // Folded lines stay within 78 columns; encoded words within 75.
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        for line in head.components(separatedBy: "\r\n") { #expect(line.count <= 78, "\(line)") }
        for word in value.split(separator: " ") where word.hasPrefix("=?") { #expect(word.count <= 75) }
    }

    @Test func longASCIISubjectsFoldAtSpaces() throws {
        let subject = Array(repeating: "word", count: 40).joined(separator: " ")
        let text = try Self.render(try Self.message(subject: subject))
        #expect(Self.headers(text)["subject"] == subject)
        #expect(text.contains("\r\n word"))
    }

    @Test func headersDatesAndIds() throws {
        let text = try Self.render(try Self.message())
        let headers = Self.headers(text)
        #expect(headers["from"] == "Ferme Schmit <billing@agora.example>")
        #expect(headers["to"] == "Anna Muller <anna@example.lu>")
        #expect(headers["reply-to"] == "owner@ferme.lu")
        #expect(headers["date"] == "Sun, 22 Nov 2026 05:39:05 +0000")
        #expect(headers["message-id"] == "<m1@agora.example>")
        #expect(headers["mime-version"] == "1.0")
        #expect(headers["content-type"] == "text/plain; charset=UTF-8")
        #expect(headers["content-transfer-encoding"] == "quoted-printable")
    }

    @Test(arguments: [
        ("Ferme Schmit", "Ferme Schmit <a@b.lu>"),
        ("Schmit, Ferme", "\"Schmit, Ferme\" <a@b.lu>"),
        ("Say \"hi\"", "\"Say \\\"hi\\\"\" <a@b.lu>"),
        ("Épicerie Müller", "=?UTF-8?B?w4lwaWNlcmllIE3DvGxsZXI=?= <a@b.lu>"),
    ])
    func displayNamesAreAtomsQuotedOrEncoded(name: String, header: String) throws {
        #expect(try MailAddress("a@b.lu", name: name).headerValue == header)
    }

    @Test(arguments: [
        ("anna@example.lu", "anna@example.lu", nil as String?),
        ("Agora Billing <billing@agora.example>", "billing@agora.example", "Agora Billing" as String?),
        ("\"Ferme, Schmit\" <f@ferme.lu>", "f@ferme.lu", "Ferme, Schmit" as String?),
    ])
    func addressesParse(text: String, address: String, name: String?) throws {
        let parsed = try MailAddress(parsing: text)
        #expect(parsed.address == address)
        #expect(parsed.name == name)
    }

    @Test(arguments: ["", "anna", "anna@", "@example.lu", "anna@example", "an na@example.lu", "anna@example.lu>", "<anna@example.lu",
                      "a@b@example.lu", "anna@.example.lu", "anna@example..lu", "anna,bob@example.lu"])
    func implausibleAddressesAreRefused(text: String) {
        #expect(throws: MailError.self) { try MailAddress(text) }
    }

    /// Every header value that could carry a line break is refused with the header's name.
    @Test func headerInjectionIsRefused() throws {
        let good = try Self.message()
        #expect(throws: MailError.headerInjection(field: "Subject")) { try Self.render(try Self.message(subject: "Hi\r\nBcc: victim@example.com")) }
        #expect(throws: MailError.headerInjection(field: "Subject")) { try Self.render(try Self.message(subject: "Hi\nX: y")) }
        #expect(throws: MailError.headerInjection(field: "to")) { try MailAddress("anna@example.lu\r\nBcc: x@y.z", field: "to") }
        #expect(throws: MailError.headerInjection(field: "to")) { try MailAddress("anna@example.lu", name: "Anna\rBcc: x@y.z", field: "to") }
        #expect(throws: MailError.headerInjection(field: "address")) { try good.from.named("Ferme\nBcc: x@y.z") }
        var file = good
        file.attachments = [MailAttachment(filename: "a.pdf\r\nX-Evil: 1", contentType: "application/pdf", bytes: [1])]
        #expect(throws: MailError.headerInjection(field: "Content-Disposition")) { try Self.render(file) }
        file.attachments = [MailAttachment(filename: "a.pdf", contentType: "application/pdf\r\nX-Evil: 1", bytes: [1])]
        #expect(throws: MailError.headerInjection(field: "Content-Type")) { try Self.render(file) }
        #expect(throws: MailError.headerInjection(field: "Message-ID")) {
            try MIMEMessage.render(good, date: Self.date, messageID: "m1@x\r\nBcc: y@z.lu")
        }
        var nobody = good
        nobody.to = []
        #expect(throws: MailError.noRecipient) { try Self.render(nobody) }
    }

    @Test(arguments: [
        ("plain text", "plain text"),
        ("a=b", "a=3Db"),
        ("Grüße", "Gr=C3=BC=C3=9Fe"),
        ("line one\nline two", "line one\r\nline two"),
        ("windows\r\nends", "windows\r\nends"),
        ("trailing space \nnext", "trailing space=20\r\nnext"),
        ("tab\t", "tab=09"),
        ("€ 12,00", "=E2=82=AC 12,00"),
        ("", ""),
    ])
    func quotedPrintable(text: String, encoded: String) {
        #expect(MIMEText.quotedPrintable(text) == encoded)
    }

    @Test func quotedPrintableSoftBreaksKeepLinesWithin76() {
        for text in [String(repeating: "x", count: 300), String(repeating: "é", count: 120), String(repeating: "ab=", count: 90)] {
            let encoded = MIMEText.quotedPrintable(text)
            let lines = encoded.components(separatedBy: "\r\n")
            #expect(lines.allSatisfy { $0.count <= 76 })
            #expect(lines.dropLast().allSatisfy { $0.hasSuffix("=") })
            // Decoding gives the text back.
            #expect(Self.decodeQuotedPrintable(encoded) == text)
        }
    }

    /// Quoted-printable back to text: soft breaks removed, `=XX` to bytes.
    static func decodeQuotedPrintable(_ text: String) -> String {
        let utf8 = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var bytes: [UInt8] = []
        var position = 0
        while position < utf8.count {
            if utf8[position] == UInt8(ascii: "="), position + 2 < utf8.count,
               let byte = UInt8(String(decoding: utf8[(position + 1)...(position + 2)], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                position += 3
            } else {
                bytes.append(utf8[position])
                position += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [0, 1, 56, 57, 58, 1000, 70_000])
    func base64LinesAre76ColumnsWithCRLF(count: Int) {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let encoded = MIMEText.base64Lines(bytes)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.last == "")
        #expect(lines.dropLast().allSatisfy { $0.count <= 76 })
        #expect(lines.dropLast().dropLast().allSatisfy { $0.count == 76 })
        #expect(Data(base64Encoded: lines.joined()) == Data(bytes))
    }

    @Test func attachmentsMakeAMultipartMixedWithBoundaries() throws {
        let pdf = Array("%PDF-1.7\n".utf8) + (0..<300).map { UInt8(truncatingIfNeeded: $0) }
        let text = try Self.render(try Self.message(text: "Bonjour,\nVeuillez trouver ci-joint la facture.", attachments: [
            MailAttachment(filename: "F-000001.pdf", contentType: "application/pdf", bytes: pdf),
            MailAttachment(filename: "Facture été.xml", contentType: "application/xml", bytes: Array("<Invoice/>".utf8)),
        ]))
        #expect(Self.headers(text)["content-type"] == "multipart/mixed; boundary=\"=_agora_test\"")
        // CRLF everywhere: no bare LF or CR.
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        let parts = text.components(separatedBy: "\r\n--=_agora_test")
        #expect(parts.count == 5)
        #expect(parts.last == "--\r\n")
        #expect(parts[1].contains("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nBonjour,\r\nVeuillez"))
        #expect(parts[2].contains("Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"F-000001.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"))
        let body = parts[2].components(separatedBy: "\r\n\r\n")[1]
        #expect(Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: "")) == Data(pdf))
        #expect(parts[3].contains("filename*=UTF-8''Facture%20%C3%A9t%C3%A9.xml"))
    }

    @Test func dateIsRFC5322InUTC() {
        #expect(MIMEMessage.rfc5322Date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MIMEMessage.rfc5322Date(Self.date) == "Sun, 22 Nov 2026 05:39:05 +0000")
    }

    @Test func boundariesAreRandomAndCannotOccurInEncodedText() {
        let first = MIMEMessage.randomBoundary(), second = MIMEMessage.randomBoundary()
        #expect(first != second)
        #expect(first.hasPrefix("=_"))
    }
}

@Suite("SMTP transport")
struct SMTPTransportTests {
    /// Nothing listens on port 1: curl's refusal comes back as a transport error, at once.
    @Test func aServerThatIsNotThereFailsWithoutHanging() async throws {
        let configuration = SMTPConfiguration(url: URL(string: "smtp://127.0.0.1:1")!, from: try MailAddress("billing@agora.example"),
                                              connectTimeout: .seconds(2), timeout: .seconds(5))
        let started = ContinuousClock.now
        let error = await #expect(throws: MailError.self) {
            try await SMTPTransport(configuration: configuration).send(try MIMEMessageTests.message(), messageID: "t1@agora.example")
        }
        guard case .transport(let reason)? = error else { Issue.record("expected a transport error, got \(String(describing: error))"); return }
        #expect(reason.contains("127.0.0.1"))
        #expect(ContinuousClock.now - started < .seconds(6))
    }

    @Test func unconfiguredMailIsRefused() async throws {
        #expect(!Mailer.notConfigured.isConfigured)
        #expect(Mailer.live(nil).sender == nil)
        await #expect(throws: MailError.notConfigured) { try await Mailer.notConfigured.send(try MIMEMessageTests.message(), "x@y.lu") }
    }
}
