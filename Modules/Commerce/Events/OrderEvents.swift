import Foundation
import Kernel

/// An order was created, from any channel.
public struct OrderPlaced: DomainEvent, Equatable {
    public static let name = "commerce.order.placed"
    public let orderId: UUID
    public let vendorId: UUID
    public let customerId: UUID?
    public let channel: OrderChannel
    public let totalMinor: Int
    public let currency: String
    public let placedAt: Date
}

/// An order moved from one status to another.
public struct OrderStatusChanged: DomainEvent, Equatable {
    public static let name = "commerce.order.status_changed"
    public let orderId: UUID
    public let vendorId: UUID
    public let from: OrderStatus
    public let to: OrderStatus
    public let at: Date
}

/// An order was cancelled (also announced as a status change).
public struct OrderCancelled: DomainEvent, Equatable {
    public static let name = "commerce.order.cancelled"
    public let orderId: UUID
    public let vendorId: UUID
    public let customerId: UUID?
    public let totalMinor: Int
}
