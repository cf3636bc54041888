import Foundation
import Hummingbird
import Kernel

/// The vendor's stock API: locations, levels, movements and the ledger.
enum StockRoutes {
    struct Location: ResponseCodable, Sendable, Equatable {
        var id: UUID
        var name: String
        var kind: String
        var isActive: Bool
        var createdAt: Date
    }

    struct LocationInput: Decodable {
        var name: String
        var kind: String
    }

    struct MovementInput: Decodable {
        /// receipt, adjustment, transfer or return.
        var kind: String
        var variantId: UUID
        var locationId: UUID
        var toLocationId: UUID?
        var quantityMilli: Int
        var reason: String?
        var reference: String?
    }

    struct ThresholdInput: Decodable {
        var lowStockThresholdMilli: Int?
    }

    struct Entry: Codable, Sendable {
        var id: UUID
        var variantId: UUID
        var locationId: UUID
        var kind: StockMovement
        var onHandDelta: Int
        var reservedDelta: Int
        var reason: String?
        var reference: String?
        var actor: String
        var createdAt: Date
    }

    struct LevelView: ResponseCodable, Sendable {
        var variantId: UUID
        var locationId: UUID
        var onHandMilli: Int
        var reservedMilli: Int
        var availableMilli: Int
        var lowStockThresholdMilli: Int?
        var isLow: Bool

        init(_ level: StockLevel) {
            variantId = level.variantId
            locationId = level.locationId
            onHandMilli = level.onHandMilli
            reservedMilli = level.reservedMilli
            availableMilli = level.availableMilli
            lowStockThresholdMilli = level.lowStockThresholdMilli
            isLow = level.isLow
        }
    }

    static let kinds = ["warehouse", "market_stall", "partner"]

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database

        routes.get("/api/v1/vendor/stock/locations", summary: "Your stock locations", access: .vendor(.vendorStaff), feature: "commerce") { _, context in
            let vendor = try context.requireVendor()
            return ItemList(items: try await db.read(for: vendor) { tx in
                try await tx.sql.raw("SELECT id, name, kind, is_active, created_at FROM commerce_locations WHERE vendor_id = \(bind: vendor.vendorId) ORDER BY name")
                    .rows(Location.self)
            })
        }

        routes.post("/api/v1/vendor/stock/locations", summary: "Add a warehouse, market stall or partner location", access: .vendor(.vendorManager),
                    feature: "commerce", body: LocationInput.self, handler: addLocation(kernel: kernel))

        routes.get("/api/v1/vendor/stock/levels", summary: "Stock levels per variant and location: on hand, reserved, available", access: .vendor(.vendorStaff), feature: "commerce",
                   query: [QueryParameter(name: "variant_id", description: "Only this variant.", schema: .object(["type": .string("string"), "format": .string("uuid")]))]) { request, context in
            let vendor = try context.requireVendor()
            let variant = try request.idParameter("variant_id", of: "a variant")
            return ItemList(items: try await db.read(for: vendor) { tx in
                try await StockQueries.levels(vendor: vendor.vendorId, variant: variant, on: tx).map(LevelView.init)
            })
        }

        routes.post("/api/v1/vendor/stock/movements", summary: "Record a receipt, adjustment (with reason), transfer or return", access: .vendor(.vendorManager),
                    feature: "commerce", body: MovementInput.self) { input, _, context in
            StatusResponse(.created, ItemList(items: try await record(input, vendor: try context.requireVendor(), actor: context.principal?.email ?? "api", kernel: kernel)))
        }

        routes.put("/api/v1/vendor/stock/levels/:variantId/:locationId/threshold", summary: "Set the low-stock threshold of a level", access: .vendor(.vendorManager),
                   feature: "commerce", body: ThresholdInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let variant = try context.id("variantId", of: "Stock level")
            let location = try context.id("locationId", of: "Stock level")
            guard (input.lowStockThresholdMilli ?? 0) >= 0 else {
                throw Problem.invalid([FieldError(field: "low_stock_threshold_milli", code: "invalid", message: "must not be negative")])
            }
            let level = try await db.transaction(for: vendor) { tx in
                try await tx.sql.raw("""
                    UPDATE commerce_stock_levels SET low_stock_threshold_milli = \(bind: input.lowStockThresholdMilli), updated_at = \(bind: kernel.now())
                    WHERE variant_id = \(bind: variant) AND location_id = \(bind: location) AND vendor_id = \(bind: vendor.vendorId)
                    RETURNING variant_id, location_id, on_hand_milli, reserved_milli, low_stock_threshold_milli
                    """).row(StockLevel.self)
            }
            guard let level else { throw Problem.notFound("Stock level") }
            return LevelView(level)
        }

        routes.get("/api/v1/vendor/stock/entries", summary: "The stock ledger, newest last", access: .vendor(.vendorStaff), feature: "commerce") { request, context in
            let vendor = try context.requireVendor()
            let page = try PageRequest(from: request)
            return page.page(try await db.read(for: vendor) { tx in
                try await tx.sql.raw("""
                    SELECT id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, reference, actor, created_at
                    FROM commerce_stock_entries WHERE vendor_id = \(bind: vendor.vendorId) \(after: page)
                    ORDER BY id \(limit: page.limit + 1)
                    """).rows(Entry.self)
            }, id: \.id)
        }
    }
}

/// Read-side stock queries.
public enum StockQueries {
    /// Levels of the vendor, optionally of one variant.
    public static func levels(vendor vendorId: UUID, variant: UUID?, on db: DatabaseSession) async throws -> [StockLevel] {
        if let variant {
            return try await db.sql.raw("""
                SELECT variant_id, location_id, on_hand_milli, reserved_milli, low_stock_threshold_milli FROM commerce_stock_levels
                WHERE vendor_id = \(bind: vendorId) AND variant_id = \(bind: variant) ORDER BY location_id
                """).rows(StockLevel.self)
        }
        return try await db.sql.raw("""
            SELECT variant_id, location_id, on_hand_milli, reserved_milli, low_stock_threshold_milli FROM commerce_stock_levels
            WHERE vendor_id = \(bind: vendorId) ORDER BY variant_id, location_id
            """).rows(StockLevel.self)
    }
}

extension StockRoutes {
    /// Records a receipt, return, adjustment or transfer (the API and the vendor pages).

    /// Adds a stock location (the API and the vendor pages).
    static func addLocation(kernel: KernelServices) -> @Sendable (LocationInput, Request, AgoraRequestContext) async throws -> StatusResponse<Location> {
        let db = kernel.database
        return { input, _, context in
        let vendor = try context.requireVendor()
        var validation = Validation()
        validation.requireText(input.name, "name", maxLength: 100)
        validation.check(kinds.contains(input.kind), "kind", "invalid", "must be warehouse, market_stall or partner")
        try validation.throwIfInvalid()
        let location = Location(id: UUID.v7(now: kernel.now()), name: input.name.trimmingCharacters(in: .whitespaces), kind: input.kind,
                                isActive: true, createdAt: kernel.now())
        try await db.transaction(for: vendor) { tx in
            do {
                try await tx.sql.raw("""
                    INSERT INTO commerce_locations (id, vendor_id, name, kind, is_active, created_at)
                    VALUES (\(bind: location.id), \(bind: vendor.vendorId), \(bind: location.name), \(bind: location.kind), \(bind: true), \(bind: location.createdAt))
                    """).run()
            } catch where DatabaseErrors.isUniqueViolation(error) {
                throw Problem.invalid([FieldError(field: "name", code: "taken", message: "you already have a location with this name")])
            }
        }
        return StatusResponse(.created, location)
        }
    }

    static func record(_ input: MovementInput, vendor: VendorScope, actor: String, kernel: KernelServices) async throws -> [LevelView] {
        let ledger = StockLedger(vendor: vendor, actor: actor, now: kernel.now())
        var validation = Validation()
        validation.check(["receipt", "adjustment", "transfer", "return"].contains(input.kind), "kind", "invalid", "must be receipt, adjustment, transfer or return")
        validation.check(input.kind != "adjustment" || !(input.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty, "reason", "required", "say why stock is adjusted")
        validation.check(input.kind != "transfer" || (input.toLocationId != nil && input.toLocationId != input.locationId), "to_location_id", "required", "name another location to transfer to")
        validation.check(abs(input.quantityMilli) <= 1_000_000_000_000, "quantity_milli", "invalid", "is too large")
        try validation.throwIfInvalid()
        return try await kernel.database.transaction(for: vendor) { tx -> [LevelView] in
            switch input.kind {
            case "receipt":
                return [LevelView(try await ledger.receive(input.quantityMilli, variant: input.variantId, at: input.locationId, reason: input.reason, reference: input.reference, on: tx))]
            case "return":
                return [LevelView(try await ledger.move(.return, input.quantityMilli, variant: input.variantId, at: input.locationId, reason: input.reason, reference: input.reference, on: tx))]
            case "adjustment":
                return [LevelView(try await ledger.adjust(by: input.quantityMilli, variant: input.variantId, at: input.locationId, reason: input.reason ?? "", on: tx))]
            default:
                let moved = try await ledger.transfer(input.quantityMilli, variant: input.variantId, from: input.locationId, to: input.toLocationId!, on: tx)
                return [LevelView(moved.from), LevelView(moved.to)]
            }
        }
    }
}
