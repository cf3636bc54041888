import Commerce
import Foundation
import Kernel

/// An invoice got its number.
public struct InvoiceIssued: DomainEvent, Equatable {
    public static let name = "invoicing.invoice.issued"
    public let invoiceId: UUID
    public let vendorId: UUID
    public let number: String
    public let orderId: UUID?
    public let customerId: UUID?
    public let regime: VATRegime
    public let payableMinor: Int
    public let currency: String
    public let issueDate: String
}

/// Nothing is due on an invoice any more: its payments cover it.
public struct InvoicePaid: DomainEvent, Equatable {
    public static let name = "invoicing.invoice.paid"
    public let invoiceId: UUID
    public let vendorId: UUID
    public let number: String
    public let orderId: UUID?
    public let paidMinor: Int
    public let currency: String
    public let paidAt: Date
}

/// A credit note was issued against an invoice; `fullyCredited` when it cancels the invoice.
public struct InvoiceCredited: DomainEvent, Equatable {
    public static let name = "invoicing.invoice.credited"
    public let invoiceId: UUID
    public let creditNoteId: UUID
    public let vendorId: UUID
    public let platformId: UUID
    public let number: String
    public let creditNoteNumber: String
    public let orderId: UUID?
    public let customerId: UUID?
    /// The credit note's payable amount.
    public let amountMinor: Int
    public let currency: String
    public let fullyCredited: Bool
    public let at: Date
}

/// Commerce keeps an order's refund status and its customer's total spent from credit notes
/// (through ``CommerceOrders/recordRefund``, Commerce's public API), once per event.
enum OrderRefundsFromCreditNotes {
    static var subscriptions: [EventSubscription] {
        [EventSubscription(InvoiceCredited.self, subscriber: "invoicing.order-refund-on-credited") { event, delivery in
            guard let order = event.orderId else { return }
            try await delivery.kernel.database.transaction(forVendor: event.vendorId) { tx in
                try await CommerceOrders.recordRefund(
                    eventId: delivery.id, order: order, vendor: event.vendorId, platform: event.platformId, amountMinor: event.amountMinor,
                    full: event.fullyCredited, note: "Credit note \(event.creditNoteNumber) for invoice \(event.number)",
                    actor: "invoicing", at: event.at, on: tx)
            }
        }]
    }
}
