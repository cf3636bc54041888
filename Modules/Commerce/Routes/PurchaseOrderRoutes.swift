import Foundation
import Hummingbird
import Kernel

/// The vendor's purchase orders: drafts with supplier and lines, ordering and cancelling,
/// receiving stock line by line (see PurchaseOrderReceipts.swift), and what is on order.
enum PurchaseOrderRoutes {
    static let feature = "commerce.purchase_orders"

    struct PurchaseOrderLineInput: Decodable {
        var variantId: UUID
        /// Milli-units: 1000 = one piece or one kilogram.
        var quantityMilli: Int
        var unitCostMinor: Int?
    }

    /// Creating needs supplier_name, location_id and lines; a change sends only what changes
    /// (an empty string clears an optional text; lines replace all lines).
    struct PurchaseOrderInput: Decodable {
        var supplierName: String?
        var supplierEmail: String?
        var supplierReference: String?
        var locationId: UUID?
        /// `YYYY-MM-DD`.
        var expectedDate: String?
        var note: String?
        var lines: [PurchaseOrderLineInput]?
    }

    struct PurchaseOrderStatusInput: Decodable {
        /// `ordered` or `cancelled`; receipts set the others.
        var status: PurchaseOrderStatus
    }

    struct PurchaseOrderDetail: ResponseCodable, Sendable {
        let purchaseOrder: PurchaseOrder
        let lines: [PurchaseOrderLine]
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database

        routes.post("/api/v1/vendor/purchase-orders", summary: "Record a draft purchase order: supplier, lines, destination location, expected date",
                    access: .vendor(.vendorManager), feature: feature, body: PurchaseOrderInput.self, handler: create(kernel: kernel))

        routes.get("/api/v1/vendor/purchase-orders", summary: "Your purchase orders, optionally of one status", access: .vendor(.vendorStaff), feature: feature,
                   query: [QueryParameter(name: "status", description: "draft, ordered, partially_received, received or cancelled.",
                                          schema: .object(["type": .string("string")]))]) { request, context in
            let vendor = try context.requireVendor()
            let page = try PageRequest(from: request)
            var status: PurchaseOrderStatus?
            if let raw = request.uri.queryParameters["status"] {
                guard let value = PurchaseOrderStatus(rawValue: String(raw)) else { throw Problem.invalidParameter("status", "is not a purchase order status") }
                status = value
            }
            return page.page(try await db.read(for: vendor) {
                try await PurchaseOrderStore.list(vendor: vendor.vendorId, status: status, page: page, on: $0)
            }, id: \.id)
        }

        routes.get("/api/v1/vendor/purchase-orders/:purchaseOrderId", summary: "A purchase order with its lines", access: .vendor(.vendorStaff),
                   feature: feature) { _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("purchaseOrderId", of: "Purchase order")
            return try await db.read(for: vendor) { try await detail(id, vendor: vendor.vendorId, on: $0) }
        }

        routes.patch("/api/v1/vendor/purchase-orders/:purchaseOrderId", summary: "Change a draft: supplier, destination, expected date, note; lines given replace all lines",
                     access: .vendor(.vendorManager), feature: feature, body: PurchaseOrderInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("purchaseOrderId", of: "Purchase order")
            let now = kernel.now()
            return try await db.transaction(for: vendor) { tx -> PurchaseOrderDetail in
                guard var po = try await PurchaseOrderStore.purchaseOrder(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Purchase order") }
                // Holding the row keeps a concurrent "ordered" from slipping in between the check and the new lines.
                guard po.status.isEditable, try await PurchaseOrderStore.lock(id, vendor: vendor.vendorId, in: [.draft], at: now, on: tx) else {
                    throw Problem.conflict("purchase_order_not_editable", "A purchase order that is \(po.status.rawValue) cannot be changed; only drafts can.")
                }
                var validation = Validation()
                apply(input, to: &po, validation: &validation)
                try validation.throwIfInvalid()
                if input.locationId != nil { try await requireLocation(po.locationId, vendor: vendor.vendorId, on: tx) }
                var lines = try await PurchaseOrderStore.lines(of: id, vendor: vendor.vendorId, on: tx)
                if let inputs = input.lines {
                    lines = try await resolve(inputs, vendor: vendor.vendorId, now: now, on: tx)
                    try await PurchaseOrderStore.replaceLines(of: id, with: lines, vendor: vendor.vendorId, on: tx)
                }
                po.totalCostMinor = PurchaseOrderLine.totalCostMinor(lines)
                po.updatedAt = now
                try await PurchaseOrderStore.updateDraft(po, vendor: vendor.vendorId, on: tx)
                return PurchaseOrderDetail(purchaseOrder: po, lines: lines)
            }
        }

        routes.post("/api/v1/vendor/purchase-orders/:purchaseOrderId/status", summary: "Order a draft, or cancel a purchase order that is not fully received",
                    access: .vendor(.vendorManager), feature: feature, body: PurchaseOrderStatusInput.self, handler: changeStatus(kernel: kernel))

        routes.post("/api/v1/vendor/purchase-orders/:purchaseOrderId/receive",
                    summary: "Receive stock line by line into the purchase order's location; its status follows (partially_received, received)",
                    access: .vendor(.vendorStaff), feature: feature, body: ReceiptInput.self, handler: receiveHandler(kernel: kernel))

        routes.get("/api/v1/vendor/stock/on-order", summary: "On order per variant and location: ordered, not yet received, on ordered or partially received purchase orders",
                   access: .vendor(.vendorStaff), feature: feature,
                   query: [QueryParameter(name: "variant_id", description: "Only this variant.", schema: .object(["type": .string("string"), "format": .string("uuid")]))]) { request, context in
            let vendor = try context.requireVendor()
            let variant = try request.idParameter("variant_id", of: "a variant")
            return ItemList(items: try await db.read(for: vendor) { try await StockQueries.onOrder(vendor: vendor.vendorId, variant: variant, on: $0) })
        }
    }

    static let changed = Problem.conflict("purchase_order_changed", "The purchase order changed in the meantime; reload it.")


    /// Records a draft purchase order (the API and the vendor pages).

    /// Orders a draft or cancels a purchase order (the API and the vendor pages).

    /// Receives stock against a purchase order (the API and the vendor pages).
    static func receiveHandler(kernel: KernelServices) -> @Sendable (ReceiptInput, Request, AgoraRequestContext) async throws -> PurchaseOrderDetail {
        let db = kernel.database
        return { input, _, context in
        let vendor = try context.requireVendor()
        let id = try context.id("purchaseOrderId", of: "Purchase order")
        var validation = Validation()
        validation.check(!input.lines.isEmpty && input.lines.count <= 500, "lines", "required", "give 1 to 500 lines")
        for (index, line) in input.lines.enumerated() {
            validation.check((1...1_000_000_000).contains(line.quantityMilli), "lines[\(index)].quantity_milli", "invalid", "must be above 0")
            validation.check(input.lines.firstIndex { $0.lineId == line.lineId } == index, "lines[\(index)].line_id", "duplicate", "names a line given before")
        }
        try validation.throwIfInvalid()
        let actor = context.principal?.email ?? "api"
        let now = kernel.now()
        return try await db.transaction(for: vendor) { tx in
            try await receive(input.lines, against: id, vendor: vendor, actor: actor, now: now, on: tx)
        }
        }
    }

    static func changeStatus(kernel: KernelServices) -> @Sendable (PurchaseOrderStatusInput, Request, AgoraRequestContext) async throws -> PurchaseOrderDetail {
        let db = kernel.database
        return { input, _, context in
        let vendor = try context.requireVendor()
        let id = try context.id("purchaseOrderId", of: "Purchase order")
        let now = kernel.now()
        guard PurchaseOrderStatus.setByPeople.contains(input.status) else {
            throw Problem.invalid([FieldError(field: "status", code: "invalid", message: "must be ordered or cancelled; receiving stock sets the others")])
        }
        return try await db.transaction(for: vendor) { tx -> PurchaseOrderDetail in
            guard let po = try await PurchaseOrderStore.purchaseOrder(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Purchase order") }
            guard po.status.canMove(to: input.status) else {
                throw Problem(status: .conflict, code: "transition_not_allowed", title: "This status change is not allowed",
                              detail: "A purchase order that is \(po.status.rawValue) cannot become \(input.status.rawValue).",
                              extensions: ["allowed": .array(po.status.allowedNext.intersection(PurchaseOrderStatus.setByPeople)
                                  .map(\.rawValue).sorted().map { .string($0) })])
            }
            guard try await PurchaseOrderStore.move(id, vendor: vendor.vendorId, from: po.status, to: input.status, at: now, on: tx) else {
                throw changed
            }
            return try await detail(id, vendor: vendor.vendorId, on: tx)
        }
        }
    }

    static func create(kernel: KernelServices) -> @Sendable (PurchaseOrderInput, Request, AgoraRequestContext) async throws -> StatusResponse<PurchaseOrderDetail> {
        let db = kernel.database
        return { input, _, context in
        let vendor = try context.requireVendor()
        let now = kernel.now()
        var draft = PurchaseOrder(id: UUID.v7(now: now), number: "", status: .draft, supplierName: "", supplierEmail: nil, supplierReference: nil,
                                  locationId: input.locationId ?? UUID(), expectedDate: nil, note: nil, currency: "EUR", totalCostMinor: 0,
                                  createdBy: context.principal?.email ?? "api", orderedAt: nil, receivedAt: nil, cancelledAt: nil, createdAt: now, updatedAt: now)
        var validation = Validation()
        validation.check(input.supplierName != nil, "supplier_name", "required", "is required")
        validation.check(input.locationId != nil, "location_id", "required", "is required")
        validation.check(input.lines != nil, "lines", "required", "give 1 to 500 lines")
        apply(input, to: &draft, validation: &validation)
        try validation.throwIfInvalid()
        return StatusResponse(.created, try await db.transaction(for: vendor) { tx -> PurchaseOrderDetail in
            var po = draft
            try await requireLocation(po.locationId, vendor: vendor.vendorId, on: tx)
            let lines = try await resolve(input.lines ?? [], vendor: vendor.vendorId, now: now, on: tx)
            po.number = try await PurchaseOrderStore.nextNumber(vendor: vendor.vendorId, on: tx)
            po.currency = try await TenancyStore.vendor(vendor.vendorId, on: tx)?.currency ?? "EUR"
            po.totalCostMinor = PurchaseOrderLine.totalCostMinor(lines)
            try await PurchaseOrderStore.insert(po, vendor: vendor.vendorId, on: tx)
            try await PurchaseOrderStore.replaceLines(of: po.id, with: lines, vendor: vendor.vendorId, on: tx)
            return PurchaseOrderDetail(purchaseOrder: po, lines: lines)
        })
        }
    }

    static func detail(_ id: UUID, vendor: UUID, on tx: DatabaseSession) async throws -> PurchaseOrderDetail {
        guard let po = try await PurchaseOrderStore.purchaseOrder(id, vendor: vendor, on: tx) else { throw Problem.notFound("Purchase order") }
        return PurchaseOrderDetail(purchaseOrder: po, lines: try await PurchaseOrderStore.lines(of: id, vendor: vendor, on: tx))
    }

    /// Checks and copies the header fields the input names (lines are checked here, resolved in ``resolve``).
    static func apply(_ input: PurchaseOrderInput, to po: inout PurchaseOrder, validation: inout Validation) {
        if let name = input.supplierName {
            validation.requireText(name, "supplier_name")
            po.supplierName = name.trimmingCharacters(in: .whitespaces)
        }
        if let email = input.supplierEmail {
            let normalized = email.trimmingCharacters(in: .whitespaces).lowercased()
            validation.check(normalized.isEmpty || TenancyRules.isEmail(normalized), "supplier_email", "invalid", "must be an e-mail address")
            po.supplierEmail = normalized.isEmpty ? nil : normalized
        }
        if let reference = input.supplierReference {
            validation.check(reference.count <= 100, "supplier_reference", "too_long", "must be at most 100 characters")
            po.supplierReference = reference.isEmpty ? nil : reference
        }
        if let location = input.locationId { po.locationId = location }
        if let day = input.expectedDate {
            validation.check(day.isEmpty || isDay(day), "expected_date", "invalid", "must be a date such as 2026-03-01")
            po.expectedDate = day.isEmpty ? nil : day
        }
        if let note = input.note {
            validation.check(note.count <= 5000, "note", "too_long", "must be at most 5000 characters")
            po.note = note.isEmpty ? nil : note
        }
        if let lines = input.lines {
            validation.check(!lines.isEmpty && lines.count <= 500, "lines", "required", "give 1 to 500 lines")
            for (index, line) in lines.enumerated() {
                validation.check((1...1_000_000_000).contains(line.quantityMilli), "lines[\(index)].quantity_milli", "invalid", "must be above 0")
                // Bounded so unit cost × quantity cannot overflow.
                validation.check((0...1_000_000_000).contains(line.unitCostMinor ?? 0), "lines[\(index)].unit_cost_minor", "invalid",
                                 "must be from 0 to 1000000000")
            }
        }
    }

    /// Lines from the catalog: the variant's name and SKU as they are now; pieces in whole units.
    static func resolve(_ inputs: [PurchaseOrderLineInput], vendor: UUID, now: Date, on tx: DatabaseSession) async throws -> [PurchaseOrderLine] {
        var lines: [PurchaseOrderLine] = []
        var validation = Validation()
        for (index, input) in inputs.enumerated() {
            guard let (product, variant) = try await CatalogStore.variant(input.variantId, vendor: vendor, on: tx), product.status != .archived else {
                validation.check(false, "lines[\(index)].variant_id", "invalid", "is not a variant of your catalog")
                continue
            }
            validation.check(product.weight != nil || input.quantityMilli % 1000 == 0, "lines[\(index)].quantity_milli", "invalid",
                             "pieces are ordered in whole units (multiples of 1000)")
            lines.append(PurchaseOrderLine(id: UUID.v7(now: now), variantId: variant.id, name: variant.title.isEmpty ? product.name : "\(product.name) – \(variant.title)",
                                           sku: variant.sku, quantityMilli: input.quantityMilli, receivedMilli: 0, openMilli: input.quantityMilli,
                                           unitCostMinor: input.unitCostMinor))
        }
        try validation.throwIfInvalid()
        return lines
    }

    static func requireLocation(_ id: UUID, vendor: UUID, on tx: DatabaseSession) async throws {
        struct Row: Decodable { let id: UUID }
        guard try await tx.sql.raw("SELECT id FROM commerce_locations WHERE id = \(bind: id) AND vendor_id = \(bind: vendor)").row(Row.self) != nil else {
            throw Problem.invalid([FieldError(field: "location_id", code: "invalid", message: "is not one of your stock locations")])
        }
    }

    /// `YYYY-MM-DD`, a real calendar day.
    static func isDay(_ text: String) -> Bool {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        guard text.count == 10, let date = formatter.date(from: text) else { return false }
        // The formatter rolls 2026-02-30 over to March; a real day formats back to itself.
        return formatter.string(from: date) == text
    }
}
