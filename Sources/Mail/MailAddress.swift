import Foundation

/// An e-mail address with an optional display name (`"Ferme Schmit" <factures@ferme.lu>`).
///
/// Built only through the throwing initialiser, so a value that reached a header or an SMTP
/// envelope has no CR or LF, no angle brackets and one `@`: it cannot inject a header or a
/// command.
public struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    /// `local@domain`.
    public let address: String
    /// The name shown before the address; nil for a bare address.
    public let name: String?

    /// Checks `address` (something@domain.tld, at most 254 characters, no spaces, controls or
    /// brackets) and `name` (no CR or LF); throws ``MailError`` naming `field` otherwise.
    public init(_ address: String, name: String? = nil, field: String = "address") throws {
        let trimmed = address.trimmingCharacters(in: .whitespaces)
        guard !MIMEText.hasLineBreak(trimmed) else { throw MailError.headerInjection(field: field) }
        guard Self.isPlausible(trimmed) else { throw MailError.invalidAddress(field: field, value: trimmed) }
        if let name, MIMEText.hasLineBreak(name) { throw MailError.headerInjection(field: field) }
        self.address = trimmed
        let cleaned = name?.trimmingCharacters(in: .whitespaces)
        self.name = cleaned?.isEmpty == false ? cleaned : nil
    }

    /// The same address under another display name.
    public func named(_ name: String?) throws -> MailAddress {
        try MailAddress(address, name: name)
    }

    /// The part after the `@`.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    /// `"Name" <address>` as a header writes it (RFC 2047 for a name that is not ASCII).
    public var headerValue: String {
        guard let name else { return address }
        return MIMEText.phrase(name) + " <" + address + ">"
    }

    public var description: String { headerValue }

    /// Reads `Name <address>` or a bare `address` (as `AGORA_MAIL_FROM` is written).
    public init(parsing text: String, field: String = "address") throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            try self.init(address, name: name.isEmpty ? nil : name, field: field)
        } else {
            try self.init(trimmed, field: field)
        }
    }

    /// A plausible address: one `@`, a dotted domain, printable ASCII or UTF-8 letters, none
    /// of the characters that end an address in a header or an SMTP command.
    static func isPlausible(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, local.count <= 64,
              domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains(".."), text.utf8.count <= 254
        else { return false }
        let forbidden: Set<Character> = ["<", ">", "(", ")", "[", "]", ",", ";", ":", "\\", "\"", " "]
        return !text.contains { $0.isWhitespace || forbidden.contains($0) || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }
    }
}
