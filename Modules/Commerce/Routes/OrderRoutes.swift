import Foundation
import Hummingbird
import Kernel

/// The vendor's orders: create (any channel, idempotent per external reference), list with
/// filters, detail with timeline, status changes and notes.
enum OrderRoutes {
    struct LineInput: Decodable {
        var variantId: UUID?
        var quantityMilli: Int
        /// For lines without a catalog variant (a marketplace import, a custom item).
        var name: String?
        var sku: String?
        var unitPriceMinor: Int?
        var vatRateClass: VATRateClass?
    }

    struct OrderInput: Decodable {
        var channel: OrderChannel
        var externalReference: String?
        var customerId: UUID?
        var customerEmail: String?
        var lines: [LineInput]
        var shippingMinor: Int?
        var billingAddress: String?
        var shippingAddress: String?
        var note: String?
    }

    struct StatusInput: Decodable {
        var status: OrderStatus
        var note: String?
        var trackingNumber: String?
    }

    struct NoteInput: Decodable {
        var note: String
    }

    struct OrderDetail: ResponseCodable, Sendable {
        let order: Order
        let lines: [OrderLine]
        let timeline: [OrderTimelineEntry]
        let payments: [Payment]
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database

        routes.post("/api/v1/vendor/orders", summary: "Create an order from any channel; a repeated external reference returns the first order",
                    access: .vendor(.vendorStaff), feature: "commerce", body: OrderInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let actor = context.principal?.email ?? "api"
            let now = kernel.now()
            var validation = Validation()
            validation.check(!input.lines.isEmpty && input.lines.count <= 500, "lines", "required", "give 1 to 500 lines")
            validation.check((input.shippingMinor ?? 0) >= 0, "shipping_minor", "invalid", "must not be negative")
            validation.check(input.externalReference.map { (1...100).contains($0.count) } ?? true, "external_reference", "invalid", "must be 1–100 characters")
            for (index, line) in input.lines.enumerated() {
                validation.check((1...1_000_000_000).contains(line.quantityMilli), "lines[\(index)].quantity_milli", "invalid", "must be above 0")
                if line.variantId == nil {
                    validation.requireText(line.name, "lines[\(index)].name")
                    validation.check((line.unitPriceMinor ?? -1) >= 0, "lines[\(index)].unit_price_minor", "required", "is required without a variant_id")
                }
            }
            try validation.throwIfInvalid()
            let (result, created) = try await db.transaction(for: vendor) { tx in
                try await place(input, vendor: vendor, actor: actor, now: now, kernel: kernel, on: tx)
            }
            return StatusResponse(created ? .created : .ok, result)
        }

        routes.get("/api/v1/vendor/orders", summary: "Your orders, filtered by status, channel, dates, customer or text", access: .vendor(.vendorStaff), feature: "commerce",
                   query: [QueryParameter(name: "status", description: "An order status.", schema: .object(["type": .string("string")])),
                           QueryParameter(name: "channel", description: "web, marketplace, pos, partner or manual.", schema: .object(["type": .string("string")])),
                           QueryParameter(name: "from", description: "Placed at or after (ISO 8601).", schema: .object(["type": .string("string"), "format": .string("date-time")])),
                           QueryParameter(name: "to", description: "Placed before (ISO 8601).", schema: .object(["type": .string("string"), "format": .string("date-time")])),
                           QueryParameter(name: "customer_id", description: "One customer's orders.", schema: .object(["type": .string("string"), "format": .string("uuid")])),
                           QueryParameter(name: "q", description: "Order number, external reference, or part of the e-mail.", schema: .object(["type": .string("string")]))]) { request, context in
            let vendor = try context.requireVendor()
            let page = try PageRequest(from: request)
            let filter = try parseFilter(request)
            return page.page(try await db.read(for: vendor) { try await OrderStore.listJSON(vendor: vendor.vendorId, filter: filter, page: page, on: $0) }, id: \.id)
        }

        routes.get("/api/v1/vendor/orders/:orderId", summary: "An order with its lines and timeline", access: .vendor(.vendorStaff), feature: "commerce") { _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("orderId", of: "Order")
            return try await db.read(for: vendor) { tx in
                guard let order = try await OrderStore.order(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Order") }
                return try await detail(order, vendor: vendor.vendorId, on: tx)
            }
        }

        routes.post("/api/v1/vendor/orders/:orderId/status", summary: "Move an order along its allowed statuses", access: .vendor(.vendorStaff), feature: "commerce",
                    body: StatusInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("orderId", of: "Order")
            let now = kernel.now()
            return try await db.transaction(for: vendor) { tx in
                try await changeStatus(of: id, to: input.status, note: input.note, tracking: input.trackingNumber, vendor: vendor,
                                       actor: context.principal?.email ?? "api", now: now, on: tx)
            }
        }

        routes.post("/api/v1/vendor/orders/:orderId/notes", summary: "Add an internal note to an order", access: .vendor(.vendorStaff), feature: "commerce",
                    body: NoteInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("orderId", of: "Order")
            let note = try validNote(input.note)
            return StatusResponse(.created, try await db.transaction(for: vendor) { tx -> OrderDetail in
                try await addNote(note, to: id, vendor: vendor, actor: context.principal?.email ?? "api", now: kernel.now(), on: tx)
            })
        }
    }

    /// Places an order inside the caller's vendor-scoped transaction (the API and the demo data
    /// use this); a repeated external reference returns the first order instead.
    ///
    /// `id` lets a checkout reserve stock for the order before it exists; `accountId` is the
    /// signed-in shop account placing it. A checkout, which has just read the customer and the
    /// cart's catalog lines in this transaction, passes them as `customer` and `snapshot`
    /// (made by ``orderLine(product:variant:quantityMilli:index:)``) instead of having them read again.
    static func place(_ input: OrderInput, vendor: VendorScope, actor: String, now: Date, kernel: KernelServices,
                      id: UUID? = nil, accountId: UUID? = nil, paymentMethod: PaymentMethod? = nil,
                      customer known: Customer? = nil, snapshot given: [OrderLine]? = nil,
                      on tx: DatabaseSession) async throws -> (OrderDetail, Bool) {
        if let reference = input.externalReference,
           let existing = try await OrderStore.order(channel: input.channel, externalReference: reference, vendor: vendor.vendorId, on: tx) {
            return (try await detail(existing, vendor: vendor.vendorId, on: tx), false)
        }
        var customerEmail = input.customerEmail?.lowercased()
        if let known, known.id == input.customerId, known.vendorId == vendor.vendorId {
            customerEmail = known.email
        } else if let customerId = input.customerId {
            guard let customer = try await CustomerStore.customer(customerId, vendor: vendor.vendorId, on: tx) else {
                throw Problem.invalid([FieldError(field: "customer_id", code: "invalid", message: "is not one of your customers")])
            }
            customerEmail = customer.email
        }
        let lines: [OrderLine]
        if let given { lines = given } else { lines = try await snapshot(input.lines, vendor: vendor.vendorId, on: tx) }
        let subtotal = lines.reduce(0) { $0 + $1.totalMinor }
        let currency = try await kernel.vendors.vendor(vendor.vendorId)?.currency ?? "EUR"
        let orderId = id ?? UUID.v7(now: now)
        let total = subtotal + (input.shippingMinor ?? 0)
        try await EventBus.publish(OrderPlaced(orderId: orderId, vendorId: vendor.vendorId, customerId: input.customerId, channel: input.channel,
                                               totalMinor: total, currency: currency, placedAt: now),
                                   platformId: vendor.platformId, vendorId: vendor.vendorId, at: now, on: tx)
        // The month's order counter and the order number are one row each per vendor, locked
        // until commit: every order of the vendor waits for them, so they come last.
        try await kernel.usage.consume("commerce.orders_per_month", for: vendor, at: now, on: tx)
        let number = try await OrderStore.nextNumber(vendor: vendor.vendorId, on: tx)
        let order = Order(id: orderId, number: String(format: "%06d", number), channel: input.channel, externalReference: input.externalReference,
                          customerId: input.customerId, customerEmail: customerEmail, accountId: accountId, paymentMethod: paymentMethod, status: .pending, currency: currency, pricesIncludeVat: true,
                          subtotalMinor: subtotal, shippingMinor: input.shippingMinor ?? 0, totalMinor: total,
                          billingAddress: input.billingAddress, shippingAddress: input.shippingAddress, trackingNumber: nil, placedAt: now, updatedAt: now)
        let placed = OrderTimelineEntry(kind: "placed", fromStatus: nil, toStatus: .pending, note: input.note, actor: actor, at: now)
        try await OrderStore.insert(order, vendor: vendor.vendorId, platform: vendor.platformId, lines: lines, on: tx)
        try await OrderStore.record(placed, order: order.id, vendor: vendor.vendorId, on: tx)
        // What `detail` would read back: the lines as inserted, the one timeline entry, no payment yet.
        return (OrderDetail(order: order, lines: lines, timeline: [placed], payments: []), true)
    }

    /// Moves an order to `status` if the status machine allows it, with a timeline entry and events.
    static func changeStatus(of id: UUID, to status: OrderStatus, note: String?, tracking: String?, vendor: VendorScope, actor: String, now: Date,
                             on tx: DatabaseSession) async throws -> OrderDetail {
        guard let order = try await OrderStore.order(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Order") }
        guard order.status.canMove(to: status) else {
            throw Problem(status: .conflict, code: "transition_not_allowed", title: "This status change is not allowed",
                          detail: "An order that is \(order.status.rawValue) cannot become \(status.rawValue).",
                          extensions: ["allowed": .array(order.status.allowedNext.map(\.rawValue).sorted().map { .string($0) })])
        }
        guard try await OrderStore.move(id, vendor: vendor.vendorId, from: order.status, to: status, tracking: tracking, at: now, on: tx) else {
            throw Problem.conflict("order_changed", "The order changed in the meantime; reload it.")
        }
        try await OrderStore.record(OrderTimelineEntry(kind: "status", fromStatus: order.status, toStatus: status, note: note,
                                                       actor: actor, at: now), order: id, vendor: vendor.vendorId, on: tx)
        try await OrderStock.settle(order: id, movingTo: status, ledger: StockLedger(vendor: vendor, actor: actor, now: now), on: tx)
        if status == .cancelled { try await PaymentStore.cancelPending(order: id, vendor: vendor.vendorId, on: tx) }
        try await EventBus.publish(OrderStatusChanged(orderId: id, vendorId: vendor.vendorId, from: order.status, to: status, at: now),
                                   platformId: vendor.platformId, vendorId: vendor.vendorId, at: now, on: tx)
        if status == .cancelled {
            try await EventBus.publish(OrderCancelled(orderId: id, vendorId: vendor.vendorId, customerId: order.customerId, totalMinor: order.totalMinor),
                                       platformId: vendor.platformId, vendorId: vendor.vendorId, at: now, on: tx)
        }
        return try await detail(try await OrderStore.order(id, vendor: vendor.vendorId, on: tx)!, vendor: vendor.vendorId, on: tx)
    }

    /// A note's text, or a 422.
    static func validNote(_ note: String?) throws -> String {
        var validation = Validation()
        validation.requireText(note, "note", maxLength: 5000)
        try validation.throwIfInvalid()
        return note ?? ""
    }

    /// Adds an internal note to the order's timeline.
    @discardableResult
    static func addNote(_ note: String, to id: UUID, vendor: VendorScope, actor: String, now: Date, on tx: DatabaseSession) async throws -> OrderDetail {
        guard let order = try await OrderStore.order(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Order") }
        try await OrderStore.record(OrderTimelineEntry(kind: "note", fromStatus: nil, toStatus: nil, note: note, actor: actor, at: now),
                                    order: id, vendor: vendor.vendorId, on: tx)
        return try await detail(order, vendor: vendor.vendorId, on: tx)
    }

    static func detail(_ order: Order, vendor: UUID, on tx: DatabaseSession) async throws -> OrderDetail {
        OrderDetail(order: order, lines: try await OrderStore.lines(of: order.id, vendor: vendor, on: tx),
                    timeline: try await OrderStore.timeline(of: order.id, vendor: vendor, on: tx),
                    payments: try await PaymentStore.payments(of: order.id, vendor: vendor, on: tx))
    }

    /// Lines as sold: catalog lines copy the product's name, SKU, price and VAT class now.
    static func snapshot(_ inputs: [LineInput], vendor: UUID, on tx: DatabaseSession) async throws -> [OrderLine] {
        var lines: [OrderLine] = []
        for (index, input) in inputs.enumerated() {
            if let variantId = input.variantId {
                guard let (product, variant) = try await CatalogStore.variant(variantId, vendor: vendor, on: tx) else {
                    throw Problem.invalid([FieldError(field: "lines[\(index)].variant_id", code: "invalid", message: "is not a variant of your catalog")])
                }
                lines.append(try orderLine(product: product, variant: variant, quantityMilli: input.quantityMilli, index: index))
            } else {
                let price = input.unitPriceMinor ?? 0
                lines.append(OrderLine(variantId: nil, name: input.name ?? "", sku: input.sku ?? "", unitPriceMinor: price, quantityMilli: input.quantityMilli,
                                       vatRateClass: input.vatRateClass ?? .standard,
                                       totalMinor: OrderTotals.lineTotal(unitPriceMinor: price, quantityMilli: input.quantityMilli)))
            }
        }
        return lines
    }

    /// A catalog line as sold, or a 422 naming line `index`: an archived product is not sold,
    /// and the quantity must suit the product (minimum and step when sold by weight).
    static func orderLine(product: Product, variant: Variant, quantityMilli: Int, index: Int) throws -> OrderLine {
        guard product.status != .archived else {
            throw Problem.invalid([FieldError(field: "lines[\(index)].variant_id", code: "invalid", message: "is not a variant of your catalog")])
        }
        if let problem = product.quantityProblem(quantityMilli) {
            throw Problem.invalid([FieldError(field: "lines[\(index)].quantity_milli", code: "invalid", message: problem)])
        }
        return OrderLine(variantId: variant.id, name: product.lineName(variant), sku: variant.sku, unitPriceMinor: variant.priceMinor, quantityMilli: quantityMilli,
                         vatRateClass: product.vatRateClass,
                         totalMinor: OrderTotals.lineTotal(unitPriceMinor: variant.priceMinor, quantityMilli: quantityMilli))
    }

    static func parseFilter(_ request: Request) throws -> OrderFilter {
        let query = request.uri.queryParameters
        var filter = OrderFilter()
        if let raw = query["status"] {
            guard let status = OrderStatus(rawValue: String(raw)) else { throw Problem.invalidParameter("status", "is not an order status") }
            filter.status = status
        }
        if let raw = query["channel"] {
            guard let channel = OrderChannel(rawValue: String(raw)) else { throw Problem.invalidParameter("channel", "must be web, marketplace, pos, partner or manual") }
            filter.channel = channel
        }
        for (name, keyPath) in [("from", \OrderFilter.from), ("to", \OrderFilter.to)] as [(String, WritableKeyPath<OrderFilter, Date?>)] {
            if let raw = query[Substring(name)] {
                guard let date = ISO8601Seconds.date(from: raw) else { throw Problem.invalidParameter(name, "must be an ISO 8601 date-time such as 2026-11-01T00:00:00Z") }
                filter[keyPath: keyPath] = date
            }
        }
        filter.customer = try request.idParameter("customer_id", of: "a customer")
        filter.text = query["q"].map(String.init)
        return filter
    }
}
