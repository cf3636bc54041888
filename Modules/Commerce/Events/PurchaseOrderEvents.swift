import Foundation
import Kernel

/// Stock arrived against a purchase order (partly or fully; `status` says which).
public struct PurchaseOrderReceived: DomainEvent, Equatable {
    public static let name = "commerce.purchase_order.received"
    public let purchaseOrderId: UUID
    public let vendorId: UUID
    public let number: String
    public let locationId: UUID
    /// What arrived this time.
    public let lines: [ReceivedQuantity]
    /// `partially_received` or `received`, after this receipt.
    public let status: PurchaseOrderStatus
    public let at: Date
}

/// A quantity of one variant received.
public struct ReceivedQuantity: Codable, Sendable, Equatable {
    public let variantId: UUID
    public let quantityMilli: Int
}
