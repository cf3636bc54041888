import Foundation
import Kernel

/// Where a purchase order stands. People order and cancel; receipts move it on by themselves.
/// Only the transitions in ``allowedNext`` pass.
public enum PurchaseOrderStatus: String, Sendable, Codable, CaseIterable, OpenAPIEnumeration {
    case draft, ordered
    case partiallyReceived = "partially_received"
    case received, cancelled

    /// The statuses a purchase order may move to from this one.
    public var allowedNext: Set<PurchaseOrderStatus> {
        switch self {
        case .draft: return [.ordered, .cancelled]
        case .ordered: return [.partiallyReceived, .received, .cancelled]
        // A further partial receipt keeps it partially received; cancelling stops further receipts.
        case .partiallyReceived: return [.partiallyReceived, .received, .cancelled]
        case .received, .cancelled: return []
        }
    }

    /// Whether moving to `next` is allowed.
    public func canMove(to next: PurchaseOrderStatus) -> Bool { allowedNext.contains(next) }

    /// The statuses set through the status endpoint; the others follow from receipts.
    public static let setByPeople: Set<PurchaseOrderStatus> = [.ordered, .cancelled]

    /// Whether stock can be received against it, and so whether its open quantities are on order.
    public var isOpen: Bool { self == .ordered || self == .partiallyReceived }

    /// Whether its lines and supplier may still be edited.
    public var isEditable: Bool { self == .draft }

    /// The status after a receipt, from what is still open on each line.
    public static func afterReceipt(openMilli: [Int]) -> PurchaseOrderStatus {
        openMilli.allSatisfy { $0 <= 0 } ? .received : .partiallyReceived
    }
}

/// A line of a purchase order: a variant (name and SKU as they were when ordered), the
/// quantity ordered and received so far, and the unit cost when known.
public struct PurchaseOrderLine: Codable, Sendable, Equatable {
    public var id: UUID
    public var variantId: UUID
    public var name: String
    public var sku: String
    /// Ordered, in milli-units.
    public var quantityMilli: Int
    public var receivedMilli: Int
    /// Still to come: ordered − received.
    public var openMilli: Int
    public var unitCostMinor: Int?
}

extension PurchaseOrderLine {
    /// What the lines with a unit cost come to, each rounded like order lines.
    public static func totalCostMinor(_ lines: [PurchaseOrderLine]) -> Int {
        lines.reduce(0) { sum, line in
            sum + (line.unitCostMinor.map { OrderTotals.lineTotal(unitPriceMinor: $0, quantityMilli: line.quantityMilli) } ?? 0)
        }
    }
}
