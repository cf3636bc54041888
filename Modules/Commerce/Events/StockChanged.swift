import Foundation
import Kernel

/// Published whenever a level changes: what moved, and the level afterwards.
public struct StockChanged: DomainEvent, Equatable {
    public static let name = "commerce.stock.changed"
    public let variantId: UUID
    public let locationId: UUID
    public let movement: StockMovement
    public let quantityMilli: Int
    public let onHandMilli: Int
    public let reservedMilli: Int
    public let availableMilli: Int
    public let isLow: Bool
}
