import Foundation
import Hummingbird
import Kernel
import SQLKit

/// One e-mail of an invoice or credit note to a customer, as the API shows it.
public struct InvoiceMailing: Codable, Sendable, Equatable {
    public var id: UUID
    public var invoiceId: UUID
    public var recipient: String
    /// Where the customer's answer goes: the staff member who sent it, when known.
    public var replyTo: String?
    public var status: InvoiceMailingStatus
    /// Sending attempts so far.
    public var attempts: Int
    /// Why the last attempt failed, while the mailing is failing.
    public var lastError: String?
    public var requestedBy: String
    public var requestedAt: Date
    public var sentAt: Date?
    public var updatedAt: Date
}

extension InvoiceMailing: ResponseEncodable {}

/// Where a mailing stands: waiting in the outbox, accepted by the mail server, or failing
/// and retried by the outbox with growing delays.
public enum InvoiceMailingStatus: String, Codable, Sendable, CaseIterable, OpenAPIEnumeration {
    case queued, sent, failing
}

/// The `invoicing_mailings` table.
enum InvoiceMailingStore {
    static let columns: SQLQueryString = "id, invoice_id, recipient, reply_to, status, attempts, last_error, requested_by, requested_at, sent_at, updated_at"

    static func insert(_ m: InvoiceMailing, vendor: UUID, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO invoicing_mailings (id, vendor_id, invoice_id, recipient, reply_to, status, attempts, last_error, requested_by, requested_at,
                sent_at, updated_at)
            VALUES (\(bind: m.id), \(bind: vendor), \(bind: m.invoiceId), \(bind: m.recipient), \(bind: m.replyTo), \(bind: m.status.rawValue),
                \(bind: m.attempts), \(bind: m.lastError), \(bind: m.requestedBy), \(bind: m.requestedAt), \(bind: m.sentAt), \(bind: m.updatedAt))
            """).run()
    }

    static func mailing(_ id: UUID, vendor: UUID, on db: DatabaseSession) async throws -> InvoiceMailing? {
        try await db.sql.raw("SELECT \(columns) FROM invoicing_mailings WHERE id = \(bind: id) AND vendor_id = \(bind: vendor)").row(InvoiceMailing.self)
    }

    /// The invoice's mailings, newest first.
    static func mailings(of invoice: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [InvoiceMailing] {
        try await db.sql.raw("""
            SELECT \(columns) FROM invoicing_mailings WHERE invoice_id = \(bind: invoice) AND vendor_id = \(bind: vendor)
            ORDER BY requested_at DESC, id DESC LIMIT 100
            """).rows(InvoiceMailing.self)
    }

    /// Records an attempt: sent (error nil) or failing with `error`.
    static func recordAttempt(_ id: UUID, vendor: UUID, error: String?, at now: Date, on db: DatabaseSession) async throws {
        let status: InvoiceMailingStatus = error == nil ? .sent : .failing
        try await db.sql.raw("""
            UPDATE invoicing_mailings SET status = \(bind: status.rawValue), attempts = attempts + 1, last_error = \(bind: error),
                sent_at = \(bind: error == nil ? now : nil), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND vendor_id = \(bind: vendor)
            """).run()
    }
}
