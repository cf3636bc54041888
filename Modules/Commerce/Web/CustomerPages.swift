import Foundation
import Kernel

/// Customer pages: search, a customer with addresses and orders, and the CSV export link
/// (shown where the export feature is available).
enum CustomerPages {
    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.page(.get, "/vendor/customers", summary: "Your customers, searchable", access: .vendor(.vendorStaff), feature: "commerce") { call in
            let vendor = try call.context.requireVendor()
            let query = call.query("q")
            let customers = try await kernel.database.read(for: vendor) {
                try await CustomerStore.search(vendor: vendor.vendorId, text: query, after: nil, limit: 200, on: $0)
            }
            let canExport = try await kernel.features.decide("commerce.customer_export", platform: vendor.platformId, vendor: vendor.vendorId) == .available
            var exportLink = call.base + "/api/v1/vendor/exports/customers.csv"
            if let query { exportLink += "?q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
            return try await VendorPages.render("commerce/customers", title: "Customers", [
                "q": query ?? "", "canExport": canExport, "exportLink": exportLink,
                "customers": customers.map { c in
                    ["id": c.id.uuidString, "email": c.email, "name": "\(c.firstName) \(c.lastName)".trimmingCharacters(in: .whitespaces),
                     "company": c.companyName ?? "", "orders": c.orderCount, "spent": PageFormat.money(c.totalSpentMinor),
                     "lastOrder": c.lastOrderAt?.formatted(PageFormat.date) ?? "—"] as [String: Any]
                },
            ], call: call, kernel: kernel)
        }

        routes.page(.get, "/vendor/customers/:customerId", summary: "A customer: details, addresses, orders", access: .vendor(.vendorStaff), feature: "commerce") { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("customerId", of: "Customer")
            let (customer, addresses, orders) = try await kernel.database.read(for: vendor) { tx in
                guard let customer = try await CustomerStore.customer(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Customer") }
                return (customer, try await CustomerStore.addresses(of: id, vendor: vendor.vendorId, on: tx),
                        try await OrderStore.list(vendor: vendor.vendorId, filter: OrderFilter(customer: id), page: PageRequest(limit: 50), on: tx))
            }
            return try await VendorPages.render("commerce/customer", title: customer.email, [
                "customer": ["email": customer.email, "name": "\(customer.firstName) \(customer.lastName)", "phone": customer.phone ?? "",
                             "language": customer.language, "consent": customer.marketingConsent ? "yes, since \(customer.marketingConsentAt?.formatted(PageFormat.date) ?? "")" : "no",
                             "company": customer.companyName ?? "", "vatNumber": customer.vatNumber ?? "", "orders": customer.orderCount,
                             "spent": PageFormat.money(customer.totalSpentMinor), "firstOrder": customer.firstOrderAt?.formatted(PageFormat.date) ?? "—",
                             "lastOrder": customer.lastOrderAt?.formatted(PageFormat.date) ?? "—"] as [String: Any],
                "addresses": addresses.map { ["label": $0.label, "text": [$0.name, $0.line1, $0.line2 ?? "", "\($0.postalCode) \($0.city)", $0.country]
                    .filter { !$0.isEmpty }.joined(separator: ", "), "shipping": $0.isDefaultShipping, "billing": $0.isDefaultBilling] as [String: Any] },
                "orders": orders.prefix(50).map(OrderPages.row),
            ], call: call, kernel: kernel)
        }
    }
}
