import Commerce
import Foundation
import Kernel

/// What Invoicing adds to Commerce's vendor pages through ``PageExtensions``, for vendors that
/// have `invoicing.basic`: "Invoices" in the navigation, and on an order either its invoice
/// ("Invoice F-000001", or the draft) or a "Create invoice" button.
enum InvoicePageLinks {
    static func register(kernel: KernelServices) {
        kernel.pageExtensions.contribute(to: CommerceVendorPages.navigationSlot) { call, _ in
            guard try await hasInvoicing(call, kernel: kernel) else { return [] }
            return [PageLink(id: "invoices", label: "Invoices", href: "/vendor/invoices")]
        }
        kernel.pageExtensions.contribute(to: CommerceVendorPages.orderSlot) { call, subject in
            guard let order = subject, let vendor = call.context.vendor, try await hasInvoicing(call, kernel: kernel) else { return [] }
            let invoice = try await kernel.database.read(for: vendor) { try await InvoiceStore.activeInvoice(order: order, vendor: vendor.vendorId, on: $0) }
            if let invoice {
                return [PageLink(id: "order-invoice", label: invoice.number.map { "Invoice \($0)" } ?? "Invoice (draft)", href: "/vendor/invoices/\(invoice.id)")]
            }
            return [PageLink(id: "create-invoice", label: "Create invoice", href: "/vendor/orders/\(order)/invoice", post: true)]
        }
    }

    static func hasInvoicing(_ call: PageCall, kernel: KernelServices) async throws -> Bool {
        guard let platform = call.context.platform, let vendor = call.context.vendor else { return false }
        return try await kernel.features.decide(InvoiceRoutes.feature, platform: platform.id, vendor: vendor.vendorId) == .available
    }
}
