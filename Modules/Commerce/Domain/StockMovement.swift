import Foundation
import Kernel

/// A kind of stock movement and what it does to a level: on hand and reserved quantities.
public enum StockMovement: String, Sendable, Codable, CaseIterable, OpenAPIEnumeration {
    case receipt, sale, reservation, release, adjustment
    case transferIn = "transfer_in"
    case transferOut = "transfer_out"
    case `return`

    /// The change to (on hand, reserved) for `quantity` milli-units; adjustments carry their sign.
    public func effect(quantity: Int) -> (onHand: Int, reserved: Int) {
        switch self {
        case .receipt, .transferIn, .return: return (quantity, 0)
        case .transferOut: return (-quantity, 0)
        case .reservation: return (0, quantity)
        case .release: return (0, -quantity)
        // Selling reserved stock takes it off the shelf and out of the reservation at once.
        case .sale: return (-quantity, -quantity)
        case .adjustment: return (quantity, 0)
        }
    }
}

/// A level as people read it.
public struct StockLevel: Codable, Sendable, Equatable {
    public var variantId: UUID
    public var locationId: UUID
    public var onHandMilli: Int
    public var reservedMilli: Int
    public var lowStockThresholdMilli: Int?
    /// What can still be sold or reserved.
    public var availableMilli: Int { onHandMilli - reservedMilli }
    /// At or under the threshold.
    public var isLow: Bool { lowStockThresholdMilli.map { availableMilli <= $0 } ?? false }

    enum CodingKeys: String, CodingKey {
        case variantId, locationId, onHandMilli, reservedMilli, lowStockThresholdMilli
    }
}
