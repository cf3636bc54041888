import Commerce
import Foundation
import Hummingbird
import Kernel

/// The shop customer's view of the invoices of their own order: issued invoices and credit
/// notes (never drafts), with what a customer needs to recognise them.
///
/// A route of Invoicing's rather than a field of Commerce's order response: the shop's order
/// stays one typed response owned by Commerce, Invoicing answers for its own documents with
/// its own schema, and Commerce learns nothing about Invoicing. The customer is checked with
/// Commerce's shop session exactly as the order detail does.
enum ShopInvoiceRoutes {
    /// An invoice or credit note as the customer sees it.
    struct ShopInvoice: Codable, Sendable {
        let id: UUID
        let kind: InvoiceKind
        let number: String
        let issueDate: String
        let dueDate: String?
        let status: InvoiceStatus
        let currency: String
        /// What the document asks (a credit note: what it gives back), VAT included.
        let totalMinor: Int
        let balanceDueMinor: Int
        /// A credit note's invoice number.
        let creditedNumber: String?
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.get("/api/v1/shops/:shop/account/orders/:orderId/invoices", summary: "The invoices and credit notes of one of the signed-in customer's orders",
                   access: .shop, feature: InvoiceRoutes.feature) { request, context in
            let shop = try context.requireVendor()
            let customer = try await CommerceShop.requireCustomer(of: request, shop: shop, kernel: kernel)
            let orderId = try context.id("orderId", of: "Order")
            let documents = try await kernel.database.read(for: shop) { tx -> [Invoice] in
                // Someone else's order (or a guest order with the same e-mail) is not found, as on the order detail.
                guard let order = try await CommerceOrders.order(orderId, vendor: shop.vendorId, on: tx), order.accountId == customer.id else {
                    throw Problem.notFound("Order")
                }
                return try await InvoiceStore.issued(order: order.id, vendor: shop.vendorId, on: tx)
            }
            return ItemList(items: documents.map {
                ShopInvoice(id: $0.id, kind: $0.kind, number: $0.number ?? "", issueDate: $0.issueDate ?? "", dueDate: $0.dueDate, status: $0.status,
                            currency: $0.currency, totalMinor: $0.payableMinor, balanceDueMinor: $0.balanceDueMinor, creditedNumber: $0.creditedNumber)
            })
        }
    }
}
