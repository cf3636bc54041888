import Foundation
import Kernel
import Mail

/// A vendor asked for an invoice or credit note to be e-mailed; the mailing row is queued.
public struct InvoiceSendRequested: DomainEvent, Equatable {
    public static let name = "invoicing.invoice.send_requested"
    public let mailingId: UUID
    public let invoiceId: UUID
    public let vendorId: UUID
    public let number: String
    public let recipient: String
}

/// Sends the mail of a queued mailing through the kernel's ``Mailer``.
///
/// A failed send is recorded on the mailing (failing, with the error) and thrown, so the
/// outbox tries again with growing delays: a mail server outage delays mail and loses none.
/// The Message-ID comes from the mailing, so a repeat after a crash between sending and
/// recording carries the same id and mail clients show it once.
enum InvoiceMailDelivery {
    /// Attempts before the outbox dead-letters a mailing: with its backoff capped at an hour,
    /// about a day of retries (an admin can replay a dead letter after that).
    static let maxAttempts = 36

    static var subscriptions: [EventSubscription] {
        [EventSubscription(InvoiceSendRequested.self, subscriber: "invoicing.mail-invoice-on-send-requested", maxAttempts: maxAttempts) { event, delivery in
            try await deliver(event, kernel: delivery.kernel)
        }]
    }

    static func deliver(_ event: InvoiceSendRequested, kernel: KernelServices) async throws {
        let loaded = try await kernel.database.transaction(forVendor: event.vendorId) { tx -> (InvoiceMailing, InvoiceSnapshot)? in
            guard let mailing = try await InvoiceMailingStore.mailing(event.mailingId, vendor: event.vendorId, on: tx),
                  let snapshot = try await InvoiceSnapshot.load(event.invoiceId, vendor: event.vendorId, on: tx) else { return nil }
            return (mailing, snapshot)
        }
        // Sent already (a repeated delivery), or its vendor is gone: nothing left to do.
        guard let loaded, loaded.0.status != .sent else { return }
        let (mailing, snapshot) = loaded
        do {
            guard let sender = kernel.mailer.sender else { throw MailError.notConfigured }
            let recipient = try MailAddress(mailing.recipient, field: "to")
            let replyTo = mailing.replyTo.flatMap { try? MailAddress($0) }
            // The PDF is CPU work: drawn on a pool thread, as downloads are.
            let message = try await BlockingWork.run { try InvoiceMail.message(snapshot, from: sender, to: recipient, replyTo: replyTo) }
            try await kernel.mailer.send(message, "\(mailing.id.uuidString.lowercased())@\(sender.domain)")
        } catch {
            let reason = String(describing: error).prefix(500).description
            try await kernel.database.transaction(forVendor: event.vendorId) { tx in
                try await InvoiceMailingStore.recordAttempt(mailing.id, vendor: event.vendorId, error: reason, at: kernel.now(), on: tx)
            }
            kernel.logger.warning("Invoice mail not sent; the outbox will try again", metadata: [
                "invoice": .string(event.number), "mailing": .string(mailing.id.uuidString), "error": .string(reason)])
            throw error
        }
        try await kernel.database.transaction(forVendor: event.vendorId) { tx in
            try await InvoiceMailingStore.recordAttempt(mailing.id, vendor: event.vendorId, error: nil, at: kernel.now(), on: tx)
        }
    }
}
