import Foundation
import Kernel

/// Order pages: the list with filters, and an order with its lines, payments, timeline and
/// the status actions its status allows.
enum OrderPages {
    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.page(.get, "/vendor/orders", summary: "Your orders, filtered", access: .vendor(.vendorStaff), feature: "commerce") { call in
            let vendor = try call.context.requireVendor()
            let filter = try OrderRoutes.parseFilter(call.request)
            let page = try PageRequest(from: call.request)
            let orders = try await kernel.database.read(for: vendor) { try await OrderStore.list(vendor: vendor.vendorId, filter: filter, page: page, on: $0) }
            let shown = Array(orders.prefix(page.limit))
            let next = PageFormat.nextPage(orders, limit: page.limit, id: \.id, call: call, path: "/vendor/orders")
            return try await VendorPages.render("commerce/orders", title: "Orders", [
                "orders": shown.map(row),
                "q": filter.text ?? "",
                "statuses": VendorPages.options(OrderStatus.allCases.map(\.rawValue), selected: filter.status?.rawValue),
                "channels": VendorPages.options(OrderChannel.allCases.map(\.rawValue), selected: filter.channel?.rawValue),
                "next": next,
            ], call: call, kernel: kernel)
        }

        routes.page(.get, "/vendor/orders/:orderId", summary: "An order: lines, payment, timeline, status actions", access: .vendor(.vendorStaff), feature: "commerce") { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("orderId", of: "Order")
            let detail = try await kernel.database.read(for: vendor) { tx -> OrderRoutes.OrderDetail in
                guard let order = try await OrderStore.order(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Order") }
                return try await OrderRoutes.detail(order, vendor: vendor.vendorId, on: tx)
            }
            let order = detail.order
            let links = try await kernel.pageExtensions.links(for: CommerceVendorPages.orderSlot, call: call, subject: order.id)
            return try await VendorPages.render("commerce/order", title: "Order \(order.number)", [
                "orderLinks": links.map(\.templateData), "hasOrderLinks": !links.isEmpty,
                "order": row(order),
                "billingAddress": order.billingAddress ?? "", "shippingAddress": order.shippingAddress ?? "",
                "hasTracking": order.trackingNumber != nil, "trackingNumber": order.trackingNumber ?? "",
                "subtotal": PageFormat.money(order.subtotalMinor), "shipping": PageFormat.money(order.shippingMinor),
                "lines": detail.lines.map { ["name": $0.name, "sku": $0.sku, "quantity": PageFormat.quantity($0.quantityMilli),
                                             "unitPrice": PageFormat.money($0.unitPriceMinor), "total": PageFormat.money($0.totalMinor),
                                             "vat": $0.vatRateClass.rawValue] as [String: Any] },
                "payments": detail.payments.map { ["method": $0.method.rawValue.replacingOccurrences(of: "_", with: " "), "status": $0.status.rawValue,
                                                   "amount": PageFormat.money($0.amountMinor), "reference": $0.reference,
                                                   "isPending": $0.status == .pending, "orderId": order.id.uuidString] as [String: Any] },
                "actions": order.status.allowedNext.sorted { $0.rawValue < $1.rawValue }.map {
                    ["status": $0.rawValue, "label": $0.rawValue.replacingOccurrences(of: "_", with: " "), "orderId": order.id.uuidString,
                     "danger": $0 == .cancelled || $0 == .refunded, "tracking": $0 == .shipped] as [String: Any]
                },
                // Mustache treats "" as true, so optional values are left out rather than empty.
                "timeline": detail.timeline.map { entry -> [String: Any] in
                    var row: [String: Any] = ["at": entry.at.formatted(PageFormat.dateTime), "kind": entry.kind, "note": entry.note ?? "", "actor": entry.actor]
                    if let to = entry.toStatus { row["to"] = to.rawValue }
                    return row
                },
            ], call: call, kernel: kernel)
        }

        routes.page(.post, "/vendor/orders/:orderId/status", summary: "Change an order's status from the page", access: .vendor(.vendorStaff), feature: "commerce") { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("orderId", of: "Order")
            guard let status = call.field("status").flatMap(OrderStatus.init(rawValue:)) else {
                throw Problem.invalid([FieldError(field: "status", code: "invalid", message: "is not an order status")])
            }
            let actor = call.context.principal?.email ?? "page"
            _ = try await kernel.database.transaction(for: vendor) { tx in
                try await OrderRoutes.changeStatus(of: id, to: status, note: call.field("note"), tracking: call.field("trackingNumber"),
                                                   vendor: vendor, actor: actor, now: kernel.now(), on: tx)
            }
            return .redirect(call.base + "/vendor/orders/\(id)")
        }

        routes.page(.post, "/vendor/orders/:orderId/payment", summary: "Confirm an order's payment from the page", access: .vendor(.vendorStaff), feature: "commerce") { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("orderId", of: "Order")
            let actor = call.context.principal?.email ?? "page"
            _ = try await kernel.database.transaction(for: vendor) { tx in
                try await PaymentRoutes.confirmPayment(of: id, note: nil, vendor: vendor, actor: actor, now: kernel.now(), on: tx)
            }
            return .redirect(call.base + "/vendor/orders/\(id)")
        }

        routes.page(.post, "/vendor/orders/:orderId/notes", summary: "Add an internal note from the page", access: .vendor(.vendorStaff), feature: "commerce") { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("orderId", of: "Order")
            let note = try OrderRoutes.validNote(call.field("note"))
            let actor = call.context.principal?.email ?? "page"
            try await kernel.database.transaction(for: vendor) { tx in
                try await OrderRoutes.addNote(note, to: id, vendor: vendor, actor: actor, now: kernel.now(), on: tx)
            }
            return .redirect(call.base + "/vendor/orders/\(id)")
        }
    }

    static func row(_ order: Order) -> [String: Any] {
        ["id": order.id.uuidString, "number": order.number, "placedAt": order.placedAt.formatted(PageFormat.dateTime), "channel": order.channel.rawValue,
         "customer": order.customerEmail ?? "", "status": order.status.rawValue, "total": PageFormat.money(order.totalMinor), "currency": order.currency,
         "payment": order.paymentMethod?.rawValue.replacingOccurrences(of: "_", with: " ") ?? ""]
    }
}
