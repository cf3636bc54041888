import Commerce
import Foundation
import Hummingbird
import Kernel

/// Invoice and credit-note PDFs, drawn on demand from the stored snapshot (``InvoicePDF``).
///
/// The vendor downloads any of its documents, drafts included (marked DRAFT, without a
/// number); the shop customer downloads the issued invoices and credit notes of their own
/// orders only. An unknown id, another vendor's document, another customer's order or a
/// draft asked for by a customer is the same 404 problem.
enum InvoicePDFRoutes {
    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.get("/api/v1/vendor/invoices/:invoiceId/pdf",
                   summary: "An invoice or credit note as a PDF (application/pdf) in its document language; a draft is a preview marked DRAFT",
                   access: .vendor(.vendorStaff), feature: InvoiceRoutes.feature) { _, context -> PDFDownload in
            try await vendorSnapshot(context, kernel: kernel).download()
        }

        routes.get("/api/v1/shops/:shop/account/orders/:orderId/invoices/:invoiceId/pdf",
                   summary: "An issued invoice or credit note of one of the signed-in customer's orders, as a PDF (application/pdf)",
                   access: .shop, feature: InvoiceRoutes.feature) { request, context -> PDFDownload in
            try await customerSnapshot(request, context, kernel: kernel).download()
        }
    }

    /// The vendor's document `:invoiceId`, drafts included; 404 when the vendor has none.
    static func vendorSnapshot(_ context: AgoraRequestContext, kernel: KernelServices) async throws -> InvoiceSnapshot {
        let vendor = try context.requireVendor()
        let id = try context.id("invoiceId", of: "Invoice")
        let snapshot = try await kernel.database.read(for: vendor) { tx in try await InvoiceSnapshot.load(id, vendor: vendor.vendorId, on: tx) }
        guard let snapshot else { throw Problem.notFound("Invoice") }
        return snapshot
    }

    /// Issued document `:invoiceId` of the signed-in customer's order `:orderId`; 404 for
    /// someone else's order, another order's document, a draft or an unknown id.
    static func customerSnapshot(_ request: Request, _ context: AgoraRequestContext, kernel: KernelServices) async throws -> InvoiceSnapshot {
        let shop = try context.requireVendor()
        let customer = try await CommerceShop.requireCustomer(of: request, shop: shop, kernel: kernel)
        let orderId = try context.id("orderId", of: "Order")
        let id = try context.id("invoiceId", of: "Invoice")
        let snapshot = try await kernel.database.read(for: shop) { tx -> InvoiceSnapshot? in
            guard let order = try await CommerceOrders.order(orderId, vendor: shop.vendorId, on: tx), order.accountId == customer.id else {
                throw Problem.notFound("Order")
            }
            return try await InvoiceSnapshot.load(id, vendor: shop.vendorId, on: tx)
        }
        guard let snapshot, snapshot.invoice.orderId == orderId, snapshot.invoice.status != .draft else { throw Problem.notFound("Invoice") }
        return snapshot
    }
}

extension InvoiceSnapshot {
    /// Renders as ``BlockingWork``, not on a Swift concurrency thread: a long invoice
    /// takes tens of milliseconds of CPU, which would hold up every other request scheduled on
    /// that thread. Cairo and Pango keep their state per thread, so any pool thread will do.
    func download() async throws -> PDFDownload {
        let snapshot = self
        return try await BlockingWork.run {
            PDFDownload(bytes: try InvoicePDF.render(snapshot.invoice, lines: snapshot.lines, breakdown: snapshot.breakdown),
                        filename: InvoicePDF.filename(snapshot.invoice))
        }
    }
}
