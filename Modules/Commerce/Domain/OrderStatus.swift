import Foundation
import Kernel

/// Where an order stands. Only the transitions in ``allowedNext`` pass.
public enum OrderStatus: String, Sendable, Codable, CaseIterable, OpenAPIEnumeration {
    case pending, confirmed, processing, shipped, delivered, cancelled, refunded
    case partiallyRefunded = "partially_refunded"

    /// The statuses an order may move to from this one.
    public var allowedNext: Set<OrderStatus> {
        switch self {
        case .pending: return [.confirmed, .cancelled]
        case .confirmed: return [.processing, .shipped, .cancelled]
        case .processing: return [.shipped, .cancelled]
        case .shipped: return [.delivered, .refunded, .partiallyRefunded]
        case .delivered: return [.refunded, .partiallyRefunded]
        case .partiallyRefunded: return [.refunded, .partiallyRefunded]
        case .cancelled, .refunded: return []
        }
    }

    /// Whether moving to `next` is allowed.
    public func canMove(to next: OrderStatus) -> Bool { allowedNext.contains(next) }
}

/// Where an order came from; one model for all of them.
public enum OrderChannel: String, Sendable, Codable, CaseIterable, OpenAPIEnumeration {
    case web, marketplace, pos, partner, manual
}

/// A line as sold: what the product was called and cost at that moment.
public struct OrderLine: Codable, Sendable, Equatable {
    public var variantId: UUID?
    public var name: String
    public var sku: String
    public var unitPriceMinor: Int
    /// Milli-units: 1000 = one piece or one kilogram.
    public var quantityMilli: Int
    public var vatRateClass: VATRateClass
    public var totalMinor: Int
}

/// Order totals in minor units, from rounded line totals.
public enum OrderTotals {
    /// A line's total: unit price × quantity in milli-units, rounded half up to the minor unit.
    public static func lineTotal(unitPriceMinor: Int, quantityMilli: Int) -> Int {
        (unitPriceMinor * quantityMilli + 500) / 1000
    }
}
