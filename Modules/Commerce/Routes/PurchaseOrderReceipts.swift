import Foundation
import Hummingbird
import Kernel

extension PurchaseOrderRoutes {
    struct ReceiptLineInput: Decodable, Sendable {
        /// A line of the purchase order (its `id` in the detail).
        var lineId: UUID
        /// Milli-units arriving now; at most what is still open on the line.
        var quantityMilli: Int
    }

    struct ReceiptInput: Decodable {
        var lines: [ReceiptLineInput]
    }

    /// Receives `quantities` against purchase order `id` inside the caller's vendor-scoped
    /// transaction: a ledger receipt per line at the purchase order's location (reference
    /// `po:<number>`), the lines' received quantities, the status (partially_received or
    /// received) and `commerce.purchase_order.received` — all or nothing.
    static func receive(_ quantities: [ReceiptLineInput], against id: UUID, vendor: VendorScope, actor: String, now: Date,
                        on tx: DatabaseSession) async throws -> PurchaseOrderDetail {
        // Lock first, then read: a receipt running at the same time has committed by now, so the
        // status and open quantities read below are current.
        let open = Set(PurchaseOrderStatus.allCases.filter(\.isOpen))
        let locked = try await PurchaseOrderStore.lock(id, vendor: vendor.vendorId, in: open, at: now, on: tx)
        guard let po = try await PurchaseOrderStore.purchaseOrder(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Purchase order") }
        guard locked, po.status.isOpen else {
            throw Problem(status: .conflict, code: "receipt_not_allowed", title: "Nothing can be received on this purchase order",
                          detail: "A purchase order that is \(po.status.rawValue) cannot receive stock; only ordered or partially received ones can.",
                          extensions: ["status": .string(po.status.rawValue)])
        }
        var lines = try await PurchaseOrderStore.lines(of: id, vendor: vendor.vendorId, on: tx)

        var validation = Validation()
        for (index, quantity) in quantities.enumerated() {
            guard let line = lines.first(where: { $0.id == quantity.lineId }) else {
                validation.check(false, "lines[\(index)].line_id", "invalid", "is not a line of this purchase order")
                continue
            }
            if let (product, _) = try await CatalogStore.variant(line.variantId, vendor: vendor.vendorId, on: tx), product.weight == nil {
                validation.check(quantity.quantityMilli % 1000 == 0, "lines[\(index)].quantity_milli", "invalid", "pieces are received in whole units (multiples of 1000)")
            }
        }
        try validation.throwIfInvalid()

        let ledger = StockLedger(vendor: vendor, actor: actor, now: now)
        var received: [ReceivedQuantity] = []
        for quantity in quantities {
            let index = lines.firstIndex { $0.id == quantity.lineId }!
            let line = lines[index]
            // The conditional UPDATE is the rule; the check before it only spares a statement.
            guard quantity.quantityMilli <= line.openMilli,
                  try await PurchaseOrderStore.receive(quantity.quantityMilli, line: line.id, vendor: vendor.vendorId, on: tx) else {
                throw Problem(status: .conflict, code: "receipt_exceeds_open_quantity", title: "More than is still open on the line",
                              detail: "\(line.sku) has \(line.openMilli) milli-units still open; \(quantity.quantityMilli) cannot be received.",
                              extensions: ["line_id": .string(line.id.uuidString), "open_milli": .int(line.openMilli)])
            }
            _ = try await ledger.receive(quantity.quantityMilli, variant: line.variantId, at: po.locationId, reference: "po:\(po.number)", on: tx)
            lines[index].receivedMilli += quantity.quantityMilli
            lines[index].openMilli -= quantity.quantityMilli
            received.append(ReceivedQuantity(variantId: line.variantId, quantityMilli: quantity.quantityMilli))
        }

        let status = PurchaseOrderStatus.afterReceipt(openMilli: lines.map(\.openMilli))
        guard po.status.canMove(to: status),
              try await PurchaseOrderStore.move(id, vendor: vendor.vendorId, from: po.status, to: status, at: now, on: tx) else { throw changed }
        try await EventBus.publish(PurchaseOrderReceived(purchaseOrderId: id, vendorId: vendor.vendorId, number: po.number, locationId: po.locationId,
                                                         lines: received, status: status, at: now),
                                   platformId: vendor.platformId, vendorId: vendor.vendorId, at: now, on: tx)
        return try await detail(id, vendor: vendor.vendorId, on: tx)
    }
}
