import Foundation
import Kernel

/// An invoice or credit note as issued: its row, its lines and its VAT breakdown. Every
/// document drawn from an invoice (the PDF, the UBL and CII e-invoices, the accounting
/// export) is drawn from this and nothing else, so they always agree.
struct InvoiceSnapshot: Sendable {
    let invoice: Invoice
    let lines: [InvoiceLine]
    let breakdown: [VATBreakdown]

    /// The snapshot of one of the vendor's invoices, or nil when the vendor has no such invoice.
    static func load(_ id: UUID, vendor: UUID, on tx: DatabaseSession) async throws -> InvoiceSnapshot? {
        guard let invoice = try await InvoiceStore.invoice(id, vendor: vendor, on: tx) else { return nil }
        return InvoiceSnapshot(invoice: invoice, lines: try await InvoiceStore.lines(of: id, vendor: vendor, on: tx),
                               breakdown: try await InvoiceStore.breakdown(of: id, vendor: vendor, on: tx))
    }
}
