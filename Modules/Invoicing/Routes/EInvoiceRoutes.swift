import Foundation
import Hummingbird
import Kernel

/// EN 16931 e-invoices of issued invoices and credit notes, in UBL 2.1 (Peppol BIS Billing
/// 3.0, ``UBLInvoice``) and UN/CEFACT CII (Factur-X EN 16931, ``CIIInvoice``), drawn on
/// demand from the stored snapshot like the PDF, as `application/xml` downloads.
///
/// Who sees what is the PDF's rule (``InvoicePDFRoutes``): the vendor its own documents, the
/// shop customer the issued documents of their own orders, 404 for everything else. A draft
/// is not an e-invoice — it has no number and may still change — so the vendor asking for one
/// gets 409 `invoice_not_issued` (the code refusing to credit a draft); the customer never
/// sees drafts at all (404). An invoice issued without the seller's VAT number cannot be a
/// valid EN 16931 document (BR-S-02, BR-IC-02, BR-G-02…): 409 `seller_vat_number_missing`.
enum EInvoiceRoutes {
    /// The two syntaxes, by the last segment of their routes.
    enum Syntax: String, CaseIterable {
        case ubl, cii

        /// The syntax and profile, for the routes' summaries.
        var title: String { self == .ubl ? "UBL 2.1 (Peppol BIS Billing 3.0)" : "UN/CEFACT CII (Factur-X EN 16931)" }

        /// The document of `snapshot` in this syntax.
        func download(_ snapshot: InvoiceSnapshot) -> XMLDownload {
            switch self {
            case .ubl: XMLDownload(bytes: UBLInvoice.render(snapshot), filename: UBLInvoice.filename(snapshot.invoice))
            case .cii: XMLDownload(bytes: CIIInvoice.render(snapshot), filename: CIIInvoice.filename(snapshot.invoice))
            }
        }
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        for syntax in Syntax.allCases {
            routes.get("/api/v1/vendor/invoices/:invoiceId/\(syntax.rawValue)",
                       summary: "An issued invoice or credit note as an EN 16931 e-invoice in \(syntax.title), application/xml; 409 invoice_not_issued for a draft",
                       access: .vendor(.vendorStaff), feature: InvoiceRoutes.feature) { _, context -> XMLDownload in
                let snapshot = try await InvoicePDFRoutes.vendorSnapshot(context, kernel: kernel)
                try requireEInvoice(snapshot.invoice)
                return syntax.download(snapshot)
            }

            routes.get("/api/v1/shops/:shop/account/orders/:orderId/invoices/:invoiceId/\(syntax.rawValue)",
                       summary: "An issued invoice or credit note of one of the signed-in customer's orders as an EN 16931 e-invoice in \(syntax.title), application/xml",
                       access: .shop, feature: InvoiceRoutes.feature) { request, context -> XMLDownload in
                let snapshot = try await InvoicePDFRoutes.customerSnapshot(request, context, kernel: kernel)
                try requireEInvoice(snapshot.invoice)
                return syntax.download(snapshot)
            }
        }
    }

    /// Whether `invoice` can be an EN 16931 e-invoice (see ``requireEInvoice(_:)``); the
    /// exports and the invoice mail leave the others out.
    static func canBeEInvoice(_ invoice: Invoice) -> Bool { (try? requireEInvoice(invoice)) != nil }

    /// 409 unless `invoice` can be an EN 16931 e-invoice: issued, with the seller's VAT number.
    static func requireEInvoice(_ invoice: Invoice) throws {
        guard invoice.status != .draft, invoice.number != nil else {
            throw Problem.conflict("invoice_not_issued", "A draft is not an e-invoice: issue it first, then download its UBL or CII.")
        }
        guard invoice.sellerVatNumber != nil else {
            throw Problem.conflict("seller_vat_number_missing",
                                   "This document was issued without your VAT number, which an EN 16931 e-invoice must carry; add it in your invoice settings for the next ones.")
        }
    }
}
