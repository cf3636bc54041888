import Foundation
import Kernel
import SQLKit

/// The one way stock changes: each movement appends a ledger entry and updates the level in
/// the caller's (vendor-scoped) transaction with one conditional UPDATE, so concurrent
/// reservations can never take more than is available, and publishes `commerce.stock.changed`.
/// Other modules (orders, POS) use this API; nothing else writes the stock tables.
public struct StockLedger: Sendable {
    let vendorId: UUID
    let platformId: UUID?
    let actor: String
    let now: Date

    /// The ledger of `vendor`, acting as `actor` (an e-mail, `pos`, `system`).
    public init(vendor: VendorScope, actor: String, now: Date) {
        self.init(vendorId: vendor.vendorId, platformId: vendor.platformId, actor: actor, now: now)
    }

    /// The ledger of a vendor for background work (reservation expiry).
    public init(vendorId: UUID, platformId: UUID?, actor: String, now: Date) {
        self.vendorId = vendorId
        self.platformId = platformId
        self.actor = actor
        self.now = now
    }

    /// Stock arriving (delivery, production, a return to the shelf).
    public func receive(_ quantityMilli: Int, variant: UUID, at location: UUID, reason: String? = nil, reference: String? = nil,
                        on tx: DatabaseSession) async throws -> StockLevel {
        try await move(.receipt, quantityMilli, variant: variant, at: location, reason: reason, reference: reference, on: tx)
    }

    /// A counted correction; negative removes stock (breakage, shrinkage). A reason is required.
    public func adjust(by deltaMilli: Int, variant: UUID, at location: UUID, reason: String, on tx: DatabaseSession) async throws -> StockLevel {
        try await move(.adjustment, deltaMilli, variant: variant, at: location, reason: reason, reference: nil, on: tx)
    }

    /// Moves stock between two locations of the vendor.
    public func transfer(_ quantityMilli: Int, variant: UUID, from source: UUID, to destination: UUID, on tx: DatabaseSession) async throws -> (from: StockLevel, to: StockLevel) {
        let reference = "transfer:\(UUID.v7(now: now))"
        let from = try await move(.transferOut, quantityMilli, variant: variant, at: source, reason: nil, reference: reference, on: tx)
        let to = try await move(.transferIn, quantityMilli, variant: variant, at: destination, reason: nil, reference: reference, on: tx)
        return (from, to)
    }

    /// Holds `quantityMilli` until `expiresAt` (for `order`, when given); refused when not
    /// enough is available.
    public func reserve(_ quantityMilli: Int, variant: UUID, at location: UUID, until expiresAt: Date, reference: String?,
                        order: UUID? = nil, on tx: DatabaseSession) async throws -> UUID {
        _ = try await move(.reservation, quantityMilli, variant: variant, at: location, reason: nil, reference: reference, on: tx)
        let id = UUID.v7(now: now)
        try await tx.deferWrite("""
            INSERT INTO commerce_reservations (id, vendor_id, variant_id, location_id, quantity_milli, status, reference, expires_at, created_at, order_id)
            VALUES (\(bind: id), \(bind: vendorId), \(bind: variant), \(bind: location), \(bind: quantityMilli), 'active', \(bind: reference),
                \(bind: expiresAt), \(bind: now), \(bind: order))
            """)
        return id
    }

    /// Ends an active reservation: `sold` takes the stock off the shelf; otherwise it is released.
    @discardableResult
    public func finish(reservation id: UUID, sold: Bool, on tx: DatabaseSession) async throws -> Bool {
        struct Row: Decodable { let variantId: UUID; let locationId: UUID; let quantityMilli: Int; let reference: String? }
        guard let row = try await tx.sql.raw("""
            UPDATE commerce_reservations SET status = \(bind: sold ? "sold" : "released")
            WHERE id = \(bind: id) AND vendor_id = \(bind: vendorId) AND status = 'active'
            RETURNING variant_id, location_id, quantity_milli, reference
            """).row(Row.self) else { return false }
        _ = try await move(sold ? .sale : .release, row.quantityMilli, variant: row.variantId, at: row.locationId,
                           reason: nil, reference: row.reference, on: tx)
        return true
    }

    func move(_ movement: StockMovement, _ quantityMilli: Int, variant: UUID, at location: UUID, reason: String?, reference: String?,
              on tx: DatabaseSession) async throws -> StockLevel {
        guard movement == .adjustment ? quantityMilli != 0 : quantityMilli > 0 else {
            throw Problem.invalid([FieldError(field: "quantity_milli", code: "invalid", message: movement == .adjustment ? "must not be 0" : "must be above 0")])
        }
        let effect = movement.effect(quantity: quantityMilli)
        // One conditional UPDATE: on hand never below reserved, reserved never below zero.
        func apply() async throws -> StockLevel? {
            try await tx.sql.raw("""
                UPDATE commerce_stock_levels SET on_hand_milli = on_hand_milli + \(bind: effect.onHand),
                    reserved_milli = reserved_milli + \(bind: effect.reserved), updated_at = \(bind: now)
                WHERE variant_id = \(bind: variant) AND location_id = \(bind: location) AND vendor_id = \(bind: vendorId)
                  AND on_hand_milli + \(bind: effect.onHand) >= reserved_milli + \(bind: effect.reserved)
                  AND reserved_milli + \(bind: effect.reserved) >= 0
                RETURNING variant_id, location_id, on_hand_milli, reserved_milli, low_stock_threshold_milli
                """).row(StockLevel.self)
        }
        var level = try await apply()
        if level == nil {
            // No level yet for the variant at this location (or not enough): create an empty one
            // (only for the vendor's own variant and location) and try once more.
            try await tx.sql.raw("""
                INSERT INTO commerce_stock_levels (vendor_id, variant_id, location_id, on_hand_milli, reserved_milli, updated_at)
                SELECT \(bind: vendorId), v.id, l.id, 0, 0, \(bind: now) FROM commerce_variants v, commerce_locations l
                WHERE v.id = \(bind: variant) AND v.vendor_id = \(bind: vendorId) AND l.id = \(bind: location) AND l.vendor_id = \(bind: vendorId)
                ON CONFLICT (variant_id, location_id) DO NOTHING
                """).run()
            level = try await apply()
        }
        guard let level else {
            guard try await exists(variant: variant, location: location, on: tx) else { throw Problem.notFound("Variant or location") }
            throw Problem(status: .conflict, code: "insufficient_stock", title: "Not enough stock",
                          detail: "Only what is on hand and not reserved can be \(movement == .reservation ? "reserved" : "taken").",
                          extensions: ["variant_id": .string(variant.uuidString), "location_id": .string(location.uuidString)])
        }
        try await tx.deferWrite("""
            INSERT INTO commerce_stock_entries (id, vendor_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, reference, actor, created_at)
            VALUES (\(bind: UUID.v7(now: now)), \(bind: vendorId), \(bind: variant), \(bind: location), \(bind: movement.rawValue),
                \(bind: effect.onHand), \(bind: effect.reserved), \(bind: reason), \(bind: reference), \(bind: actor), \(bind: now))
            """)
        try await EventBus.publish(StockChanged(variantId: variant, locationId: location, movement: movement, quantityMilli: quantityMilli,
                                                onHandMilli: level.onHandMilli, reservedMilli: level.reservedMilli,
                                                availableMilli: level.availableMilli, isLow: level.isLow),
                                   platformId: platformId, vendorId: vendorId, at: now, on: tx)
        return level
    }

    private func exists(variant: UUID, location: UUID, on tx: DatabaseSession) async throws -> Bool {
        struct Count: Decodable { let count: Int }
        return try await tx.sql.raw("""
            SELECT COUNT(*) AS count FROM commerce_stock_levels WHERE variant_id = \(bind: variant) AND location_id = \(bind: location)
              AND vendor_id = \(bind: vendorId)
            """).row(Count.self)?.count == 1
    }
}
