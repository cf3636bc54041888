import Foundation
import Kernel

/// Purchase-order pages: the list, a new order to a supplier (up to five lines), and a
/// purchase order with its status actions and a receiving form (one quantity per line).
enum PurchaseOrderPages {
    static let feature = "commerce.purchase_orders"
    static let newLines = 5

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.page(.get, "/vendor/purchase-orders", summary: "Your purchase orders", access: .vendor(.vendorStaff), feature: feature) { call in
            let vendor = try call.context.requireVendor()
            let page = try await kernel.database.read(for: vendor) { tx -> PageResult in
                let orders = try await PurchaseOrderStore.list(vendor: vendor.vendorId, status: nil, page: PageRequest(limit: 200), on: tx)
                let locations = try await VendorPages.locationChoices(vendor: vendor.vendorId, on: tx)
                let variants = try await VendorPages.variantChoices(vendor: vendor.vendorId, on: tx)
                return .page(template: "commerce/purchase-orders", title: "Purchase orders", data: ["purchaseOrders": orders.reversed().map { po in
                            ["id": po.id.uuidString, "number": po.number, "supplier": po.supplierName, "status": po.status.rawValue,
                             "expected": po.expectedDate ?? "—", "total": PageFormat.money(po.totalCostMinor), "currency": po.currency] as [String: Any]
                        },
                        "locations": locations, "variants": variants, "lines": (1...newLines).map { ["n": $0] }])
            }
            return try await VendorPages.decorate(page, call: call, kernel: kernel)
        }

        routes.page(.post, "/vendor/purchase-orders", summary: "Create a purchase order from the page", access: .vendor(.vendorManager), feature: feature) { call in
            var lines: [PurchaseOrderRoutes.PurchaseOrderLineInput] = []
            for n in 1...newLines {
                guard let variant = call.field("variant\(n)").flatMap(UUID.init(uuidString:)) else { continue }
                lines.append(PurchaseOrderRoutes.PurchaseOrderLineInput(variantId: variant, quantityMilli: try PageFormat.requireMilli(call.field("quantity\(n)"), "quantity\(n)"),
                                                                        unitCostMinor: PageFormat.minor(call.field("cost\(n)"))))
            }
            let input = PurchaseOrderRoutes.PurchaseOrderInput(
                supplierName: call.field("supplierName"), supplierEmail: call.field("supplierEmail"), supplierReference: call.field("supplierReference"),
                locationId: call.field("locationId").flatMap(UUID.init(uuidString:)), expectedDate: call.field("expectedDate"), note: call.field("note"),
                lines: lines)
            let created = try await PurchaseOrderRoutes.create(kernel: kernel)(input, call.request, call.context)
            return .redirect(call.base + "/vendor/purchase-orders/\(created.body.purchaseOrder.id)")
        }

        routes.page(.get, "/vendor/purchase-orders/:purchaseOrderId", summary: "A purchase order: lines, receiving, status", access: .vendor(.vendorStaff), feature: feature) { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("purchaseOrderId", of: "Purchase order")
            let (detail, location) = try await kernel.database.read(for: vendor) { tx in
                let detail = try await PurchaseOrderRoutes.detail(id, vendor: vendor.vendorId, on: tx)
                let locations = try await VendorPages.locationChoices(vendor: vendor.vendorId, on: tx)
                return (detail, locations.first { $0["id"] as? String == detail.purchaseOrder.locationId.uuidString }?["label"] as? String ?? "")
            }
            let po = detail.purchaseOrder
            return try await VendorPages.render("commerce/purchase-order", title: "Purchase order \(po.number)", [
                "po": ["id": po.id.uuidString, "number": po.number, "supplier": po.supplierName, "supplierEmail": po.supplierEmail ?? "",
                       "supplierReference": po.supplierReference ?? "", "status": po.status.rawValue, "expected": po.expectedDate ?? "—",
                       "location": location, "note": po.note ?? "", "total": PageFormat.money(po.totalCostMinor), "currency": po.currency] as [String: Any],
                "lines": detail.lines.map { ["id": $0.id.uuidString, "name": $0.name, "sku": $0.sku, "ordered": PageFormat.quantity($0.quantityMilli),
                                             "received": PageFormat.quantity($0.receivedMilli), "open": PageFormat.quantity($0.openMilli),
                                             "isOpen": $0.openMilli > 0] as [String: Any] },
                "canReceive": po.status.isOpen,
                "canOrder": po.status.canMove(to: .ordered),
                "canCancel": po.status.canMove(to: .cancelled),
            ], call: call, kernel: kernel)
        }

        routes.page(.post, "/vendor/purchase-orders/:purchaseOrderId/status", summary: "Order or cancel a purchase order from the page", access: .vendor(.vendorManager), feature: feature) { call in
            guard let status = call.field("status").flatMap(PurchaseOrderStatus.init(rawValue:)) else {
                throw Problem.invalid([FieldError(field: "status", code: "invalid", message: "must be ordered or cancelled")])
            }
            let detail = try await PurchaseOrderRoutes.changeStatus(kernel: kernel)(PurchaseOrderRoutes.PurchaseOrderStatusInput(status: status), call.request, call.context)
            return .redirect(call.base + "/vendor/purchase-orders/\(detail.purchaseOrder.id)")
        }

        routes.page(.post, "/vendor/purchase-orders/:purchaseOrderId/receive", summary: "Receive stock from the page", access: .vendor(.vendorStaff), feature: feature) { call in
            var lines: [PurchaseOrderRoutes.ReceiptLineInput] = []
            for (name, value) in call.fields where name.hasPrefix("receive_") && !value.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let lineId = UUID(uuidString: String(name.dropFirst("receive_".count))) else { continue }
                let milli = try PageFormat.requireMilli(value, name)
                if milli != 0 { lines.append(PurchaseOrderRoutes.ReceiptLineInput(lineId: lineId, quantityMilli: milli)) }
            }
            let detail = try await PurchaseOrderRoutes.receiveHandler(kernel: kernel)(PurchaseOrderRoutes.ReceiptInput(lines: lines), call.request, call.context)
            return .redirect(call.base + "/vendor/purchase-orders/\(detail.purchaseOrder.id)")
        }
    }
}
