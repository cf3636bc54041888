import Commerce
import Foundation
import Hummingbird
import Kernel

/// The vendor's invoices: drafts from an order or by hand, editing and deleting drafts, the
/// list with filters and the detail. Issuing, payments and credit notes are in their own files.
enum InvoiceRoutes {
    static let feature = "invoicing.basic"
    static let euFeature = "invoicing.eu_vat"
    static let limitKey = "invoicing.invoices_per_month"

    struct BuyerInput: Codable {
        var name: String?
        var email: String?
        /// The postal address, lines separated by `\n`.
        var address: String?
        /// ISO 3166-1 alpha-2 of where the goods go.
        var country: String?
        var vatNumber: String?
        /// Buys as a business; with a valid VAT number of another member state the supply is exempt (Art. 138).
        var isBusiness: Bool?
    }

    struct LineInput: Codable {
        var description: String
        var sku: String?
        /// Milli-units: 1000 = one piece or one kilogram.
        var quantityMilli: Int
        /// The unit price in minor units, net (or gross when `prices_include_vat`)…
        var unitPriceMinor: Int?
        /// …or with four decimals (1/10,000 of the currency unit).
        var unitPriceTenThousandths: Int?
        var vatRateClass: VATRateClass?
    }

    /// Creating by hand needs `buyer` (or `customer_id`) and `lines`; a change sends only what
    /// changes (`lines` replaces all lines).
    struct InvoiceInput: Codable {
        var customerId: UUID?
        var buyer: BuyerInput?
        var currency: String?
        var pricesIncludeVat: Bool?
        /// `YYYY-MM-DD` when the goods were delivered, if not the issue date; it picks the VAT rate.
        var supplyDate: String?
        var language: DocumentLanguage?
        var note: String?
        var lines: [LineInput]?
    }

    struct FromOrderInput: Decodable {
        /// Where the goods go, when the order's billing address does not end with a country code.
        var buyerCountry: String?
        var supplyDate: String?
        var note: String?
    }

    struct InvoiceDetail: ResponseCodable, Sendable {
        let invoice: Invoice
        let lines: [InvoiceLine]
        let vatBreakdown: [VATBreakdown]
        let payments: [InvoicePayment]
        let creditNotes: [Invoice]
        /// The e-mails of this document to customers, newest first.
        let mailings: [InvoiceMailing]
        let balanceDueMinor: Int
        let overdue: Bool
    }

    struct InvoiceSummary: Codable, Sendable {
        let invoice: Invoice
        let balanceDueMinor: Int
        let overdue: Bool
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices, rates: VATRates) {
        let db = kernel.database

        routes.post("/api/v1/vendor/orders/:orderId/invoice", summary: "Draft an invoice from an order: seller from your settings, buyer, lines and VAT from the order",
                    access: .vendor(.vendorStaff), feature: feature, body: FromOrderInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let orderId = try context.id("orderId", of: "Order")
            try validate(input)
            let table = try await rates.table()
            let actor = AuditActor(context)
            let detail = try await db.transaction(for: vendor) { tx in
                try await draft(fromOrder: orderId, input, vendor: vendor, rates: table, actor: actor, kernel: kernel, on: tx)
            }
            return StatusResponse(.created, detail)
        }

        routes.post("/api/v1/vendor/invoices", summary: "Draft an invoice by hand: buyer (or customer_id) and lines",
                    access: .vendor(.vendorStaff), feature: feature, query: [idempotencyKey], body: InvoiceInput.self) { input, request, context in
            let vendor = try context.requireVendor()
            var validation = Validation()
            validation.check(input.lines != nil, "lines", "required", "give 1 to 500 lines")
            validation.check(input.buyer != nil || input.customerId != nil, "buyer", "required", "give the buyer or a customer_id")
            validate(input, into: &validation)
            try validation.throwIfInvalid()
            let table = try await rates.table()
            let now = kernel.now()
            let actor = AuditActor(context)
            let currency = try await kernel.vendors.vendor(vendor.vendorId)?.currency ?? "EUR"
            let (detail, replayed) = try await db.transaction(for: vendor) { tx in
                try await onceIfKeyed(request, scope: "invoicing.invoice:\(vendor.vendorId)", input: input, now: now, on: tx) {
                    let settings = try await requireSettings(vendor: vendor.vendorId, on: tx)
                    var invoice = blank(settings: settings, currency: currency, pricesIncludeVat: false, actor: actor.label, now: now)
                    try await apply(input, to: &invoice, vendor: vendor.vendorId, on: tx)
                    return try await createDraft(invoice, specs: specs(input.lines ?? []), settings: settings, rates: table, kernel: kernel,
                                                 vendor: vendor, on: tx)
                }
            }
            return StatusResponse(.created, detail, headers: replayed ? [Idempotency.replayedHeader: "true"] : [:])
        }

        routes.get("/api/v1/vendor/invoices", summary: "Your invoices and credit notes, newest first, with filters", access: .vendor(.vendorStaff), feature: feature,
                   query: [QueryParameter(name: "status", description: "draft, issued, partially_paid, paid or cancelled.", schema: .object(["type": .string("string")])),
                           QueryParameter(name: "kind", description: "invoice or credit_note.", schema: .object(["type": .string("string")])),
                           QueryParameter(name: "from", description: "Issued on or after this day (YYYY-MM-DD).", schema: .object(["type": .string("string"), "format": .string("date")])),
                           QueryParameter(name: "to", description: "Issued on or before this day (YYYY-MM-DD).", schema: .object(["type": .string("string"), "format": .string("date")])),
                           QueryParameter(name: "customer_id", description: "Only this customer's.", schema: .object(["type": .string("string"), "format": .string("uuid")])),
                           QueryParameter(name: "order_id", description: "Only this order's.", schema: .object(["type": .string("string"), "format": .string("uuid")])),
                           QueryParameter(name: "overdue", description: "true: only invoices past their due date with something still due.", schema: .object(["type": .string("boolean")]))]) { request, context in
            let vendor = try context.requireVendor()
            let page = try PageRequest(from: request)
            let today = VATDay.format(kernel.now())
            let filter = try parseFilter(request, today: today)
            let items = try await db.read(for: vendor) { try await InvoiceStore.list(vendor: vendor.vendorId, filter: filter, page: page, on: $0) }
            return page.page(items.map { InvoiceSummary(invoice: $0, balanceDueMinor: $0.balanceDueMinor, overdue: $0.isOverdue(today: today)) }, id: \.invoice.id)
        }

        routes.get("/api/v1/vendor/invoices/:invoiceId", summary: "An invoice or credit note with lines, VAT breakdown, payments and credit notes",
                   access: .vendor(.vendorStaff), feature: feature) { _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("invoiceId", of: "Invoice")
            let today = VATDay.format(kernel.now())
            return try await db.read(for: vendor) { try await detail(id, vendor: vendor.vendorId, today: today, on: $0) }
        }

        routes.patch("/api/v1/vendor/invoices/:invoiceId", summary: "Change a draft; lines given replace all lines. Issued invoices are corrected by credit notes",
                     access: .vendor(.vendorStaff), feature: feature, body: InvoiceInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("invoiceId", of: "Invoice")
            var validation = Validation()
            validate(input, into: &validation)
            try validation.throwIfInvalid()
            let table = try await rates.table()
            let now = kernel.now()
            return try await db.transaction(for: vendor) { tx -> InvoiceDetail in
                var invoice = try await editableDraft(id, vendor: vendor.vendorId, on: tx)
                let settings = try await requireSettings(vendor: vendor.vendorId, on: tx)
                try await apply(input, to: &invoice, vendor: vendor.vendorId, on: tx)
                let lineSpecs: [InvoicePricingStep.LineSpec]
                if let lines = input.lines { lineSpecs = specs(lines) } else {
                    lineSpecs = try await InvoiceStore.lines(of: id, vendor: vendor.vendorId, on: tx).map(spec)
                }
                invoice.updatedAt = now
                let today = VATDay.format(now)
                let (lines, breakdown) = try await InvoicePricingStep.price(&invoice, specs: lineSpecs, ossOptIn: settings.ossOptIn, rates: table,
                                                                            today: today, vendor: vendor.vendorId, on: tx)
                try await requireFeature(for: invoice.regime, kernel: kernel, vendor: vendor)
                guard try await InvoiceStore.updateDraft(invoice, vendor: vendor.vendorId, on: tx) else { throw issued }
                try await InvoiceStore.replaceContent(of: id, lines: lines, breakdown: breakdown, vendor: vendor.vendorId, on: tx)
                return try await detail(id, vendor: vendor.vendorId, today: today, on: tx)
            }
        }

        routes.delete("/api/v1/vendor/invoices/:invoiceId", summary: "Delete a draft; an issued invoice is never deleted",
                      access: .vendor(.vendorStaff), feature: feature) { _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("invoiceId", of: "Invoice")
            try await db.transaction(for: vendor) { tx in try await deleteDraft(id, vendor: vendor.vendorId, on: tx) }
            return Response(status: .noContent)
        }
    }

    /// Checks the fields of a draft from an order (422 naming each).
    static func validate(_ input: FromOrderInput) throws {
        var validation = Validation()
        validation.check(input.supplyDate.map { VATDay.parse($0) != nil } ?? true, "supply_date", "invalid", "must be a date such as 2026-03-01")
        validation.check(input.buyerCountry.map(isCountryCode) ?? true, "buyer_country", "invalid", "must be an ISO 3166 country code such as FR")
        try validation.throwIfInvalid()
    }

    /// Drafts the invoice of order `orderId` inside `tx`: seller from the settings, buyer,
    /// lines and shipping from the order; 409 `order_already_invoiced` when it has one.
    static func draft(fromOrder orderId: UUID, _ input: FromOrderInput, vendor: VendorScope, rates table: VATRateTable, actor: AuditActor,
                      kernel: KernelServices, on tx: DatabaseSession) async throws -> InvoiceDetail {
        let now = kernel.now()
        guard let order = try await CommerceOrders.order(orderId, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Order") }
        if let existing = try await InvoiceStore.activeInvoice(order: order.id, vendor: vendor.vendorId, on: tx) {
            throw Problem(status: .conflict, code: "order_already_invoiced", title: "This order already has an invoice",
                          detail: "Order \(order.number) is invoiced by \(existing.number ?? "a draft"); credit it in full before invoicing the order again.",
                          extensions: ["invoice_id": .string(existing.id.uuidString)])
        }
        let settings = try await requireSettings(vendor: vendor.vendorId, on: tx)
        let customer = try await order.customerId.asyncMap { try await CommerceOrders.customer($0, vendor: vendor.vendorId, on: tx) } ?? nil
        let country = input.buyerCountry?.uppercased() ?? order.billingAddress.flatMap(countryOfAddress)
        guard let country else {
            throw Problem.invalid([FieldError(field: "buyer_country", code: "required",
                                              message: "the order's billing address does not end with a country code; give buyer_country")])
        }
        var invoice = blank(settings: settings, currency: order.currency, pricesIncludeVat: order.pricesIncludeVat, actor: actor.label, now: now)
        // The same buyer and lines the order's own VAT was worked out from (OrderVAT).
        OrderVAT.buyer(of: order, customer: customer, into: &invoice, country: country)
        invoice.supplyDate = input.supplyDate
        invoice.note = input.note
        let specs = OrderVAT.specs(order: order, lines: try await CommerceOrders.lines(of: order.id, vendor: vendor.vendorId, on: tx))
        return try await createDraft(invoice, specs: specs, settings: settings, rates: table, kernel: kernel, vendor: vendor, on: tx)
    }

    /// The list's filters from the query (`status`, `kind`, `from`, `to`, `customer_id`,
    /// `order_id`, `overdue=true`); 400 naming a malformed one.
    static func parseFilter(_ request: Request, today: String) throws -> InvoiceFilter {
        var filter = InvoiceFilter()
        let query = request.uri.queryParameters
        if let raw = query["status"], !raw.isEmpty {
            guard let status = InvoiceStatus(rawValue: String(raw)) else { throw Problem.invalidParameter("status", "is not an invoice status") }
            filter.status = status
        }
        if let raw = query["kind"], !raw.isEmpty {
            guard let kind = InvoiceKind(rawValue: String(raw)) else { throw Problem.invalidParameter("kind", "must be invoice or credit_note") }
            filter.kind = kind
        }
        for name in ["from", "to"] {
            guard let raw = query[name[...]], !raw.isEmpty else { continue }
            guard VATDay.parse(raw) != nil else { throw Problem.invalidParameter(name, "must be a date such as 2026-03-01") }
            if name == "from" { filter.from = String(raw) } else { filter.to = String(raw) }
        }
        // A form's "any" choice sends the parameter empty.
        if query["customer_id"].map({ !$0.isEmpty }) ?? false { filter.customer = try request.idParameter("customer_id", of: "a customer") }
        if query["order_id"].map({ !$0.isEmpty }) ?? false { filter.order = try request.idParameter("order_id", of: "an order") }
        if let raw = query["overdue"], !raw.isEmpty {
            guard raw == "true" || raw == "false" else { throw Problem.invalidParameter("overdue", "must be true or false") }
            if raw == "true" { filter.overdueOn = today }
        }
        return filter
    }

    /// Deletes draft `id`; 404 when unknown, 409 `invoice_issued` when it is not a draft.
    static func deleteDraft(_ id: UUID, vendor: UUID, on tx: DatabaseSession) async throws {
        _ = try await editableDraft(id, vendor: vendor, on: tx)
        guard try await InvoiceStore.deleteDraft(id, vendor: vendor, on: tx) else { throw issued }
    }

    /// The optional `Idempotency-Key` header of money-relevant creations.
    static let idempotencyKey = QueryParameter(header: "Idempotency-Key", description: "Optional; a retry with the same key gets the first answer.", required: false)

    /// Runs `work` once per `Idempotency-Key` when the request has one (``Idempotency/once``), else just runs it.
    static func onceIfKeyed<T: Codable & Sendable>(_ request: Request, scope: String, input: some Encodable, now: Date, on tx: DatabaseSession,
                                                   _ work: () async throws -> T) async throws -> (value: T, replayed: Bool) {
        guard request.headers[Idempotency.header] != nil else { return (try await work(), false) }
        return try await Idempotency.once(scope: scope, key: try Idempotency.key(of: request), fingerprint: try Idempotency.fingerprint(input),
                                          now: now, on: tx, work)
    }

    /// 409 for any change to an issued document.
    static let issued = Problem.conflict("invoice_issued", "This invoice is issued: it cannot be changed or deleted; correct it with a credit note.")

    /// The draft `id`, locked; 404 when unknown, 409 `invoice_issued` when not a draft.
    static func editableDraft(_ id: UUID, vendor: UUID, on tx: DatabaseSession) async throws -> Invoice {
        guard let invoice = try await InvoiceStore.invoice(id, vendor: vendor, on: tx) else { throw Problem.notFound("Invoice") }
        guard invoice.status == .draft, try await InvoiceStore.lockDraft(id, vendor: vendor, on: tx) else { throw issued }
        return invoice
    }

    static func requireSettings(vendor: UUID, on tx: DatabaseSession) async throws -> InvoiceSettings {
        guard let settings = try await InvoiceSettingsStore.settings(vendor: vendor, on: tx), settings.isComplete else {
            throw Problem.conflict("invoice_settings_missing", "Save your invoice settings (legal name, address, country) before invoicing: PUT /api/v1/vendor/invoicing/settings.")
        }
        return settings
    }

    /// Non-domestic regimes (intra-EU, distance sales, export) need `invoicing.eu_vat`.
    static func requireFeature(for regime: VATRegime, kernel: KernelServices, vendor: VendorScope) async throws {
        guard regime != .domestic else { return }
        try await kernel.features.require(euFeature, vendor: vendor)
    }

    /// A draft with the seller's snapshot and nothing priced yet.
    static func blank(settings: InvoiceSettings, currency: String, pricesIncludeVat: Bool, actor: String, now: Date) -> Invoice {
        Invoice(id: UUID.v7(now: now), kind: .invoice, status: .draft, series: settings.invoicePrefix, sequenceNumber: nil, number: nil, orderId: nil,
                customerId: nil, creditedInvoiceId: nil, creditedNumber: nil, creditedIssueDate: nil, currency: currency, language: settings.language,
                issueDate: nil, supplyDate: nil, dueDate: nil, paymentTermsDays: settings.paymentTermsDays, sellerName: settings.legalName,
                sellerAddress: settings.addressText, sellerCountry: settings.country, sellerVatNumber: settings.vatNumber, sellerIban: settings.iban,
                sellerBic: settings.bic, footer: settings.footer, buyerName: "", buyerEmail: nil, buyerAddress: nil, buyerCountry: settings.country,
                buyerVatNumber: nil, buyerIsBusiness: false, regime: .domestic, regimeExplanation: "", exemptionCode: nil, exemptionText: nil,
                legalMention: nil, pricesIncludeVat: pricesIncludeVat, netTotalMinor: 0, taxTotalMinor: 0, grossTotalMinor: 0, roundingMinor: 0,
                payableMinor: 0, distanceSaleEurCents: 0, paidMinor: 0, creditedMinor: 0, note: nil, createdBy: actor, issuedAt: nil, paidAt: nil,
                cancelledAt: nil, createdAt: now, updatedAt: now)
    }

    static func createDraft(_ draft: Invoice, specs: [InvoicePricingStep.LineSpec], settings: InvoiceSettings, rates: VATRateTable, kernel: KernelServices,
                            vendor: VendorScope, on tx: DatabaseSession) async throws -> InvoiceDetail {
        var invoice = draft
        let today = VATDay.format(draft.createdAt)
        let (lines, breakdown) = try await InvoicePricingStep.price(&invoice, specs: specs, ossOptIn: settings.ossOptIn, rates: rates, today: today,
                                                                    vendor: vendor.vendorId, on: tx)
        try await requireFeature(for: invoice.regime, kernel: kernel, vendor: vendor)
        try await InvoiceStore.insert(invoice, vendor: vendor.vendorId, platform: vendor.platformId, on: tx)
        try await InvoiceStore.replaceContent(of: invoice.id, lines: lines, breakdown: breakdown, vendor: vendor.vendorId, on: tx)
        return try await detail(invoice.id, vendor: vendor.vendorId, today: today, on: tx)
    }

    static func detail(_ id: UUID, vendor: UUID, today: String, on db: DatabaseSession) async throws -> InvoiceDetail {
        guard let invoice = try await InvoiceStore.invoice(id, vendor: vendor, on: db) else { throw Problem.notFound("Invoice") }
        return InvoiceDetail(invoice: invoice, lines: try await InvoiceStore.lines(of: id, vendor: vendor, on: db),
                             vatBreakdown: try await InvoiceStore.breakdown(of: id, vendor: vendor, on: db),
                             payments: try await InvoiceStore.payments(of: id, vendor: vendor, on: db),
                             creditNotes: invoice.kind == .invoice ? try await InvoiceStore.creditNotes(of: id, vendor: vendor, on: db) : [],
                             mailings: try await InvoiceMailingStore.mailings(of: id, vendor: vendor, on: db),
                             balanceDueMinor: invoice.balanceDueMinor, overdue: invoice.isOverdue(today: today))
    }

    /// Field checks shared by create and change.
    static func validate(_ input: InvoiceInput, into validation: inout Validation) {
        if let buyer = input.buyer {
            if let name = buyer.name { validation.requireText(name, "buyer.name") } else if input.customerId == nil {
                validation.check(false, "buyer.name", "required", "is required")
            }
            validation.check(buyer.country.map(isCountryCode) ?? true, "buyer.country", "invalid", "must be an ISO 3166 country code such as FR")
            validation.check((buyer.address ?? "").count <= 1000, "buyer.address", "too_long", "must be at most 1000 characters")
            validation.check(buyer.email.map { $0.isEmpty || TenancyRules.isEmail($0.lowercased()) } ?? true, "buyer.email", "invalid", "must be an e-mail address")
        }
        validation.check(input.currency.map { $0.count == 3 && $0.allSatisfy { $0.isASCII && $0.isUppercase } } ?? true, "currency", "invalid",
                         "must be an ISO 4217 code such as EUR")
        validation.check(input.supplyDate.map { $0.isEmpty || VATDay.parse($0) != nil } ?? true, "supply_date", "invalid", "must be a date such as 2026-03-01")
        validation.check((input.note ?? "").count <= 5000, "note", "too_long", "must be at most 5000 characters")
        if let lines = input.lines {
            validation.check(!lines.isEmpty && lines.count <= 500, "lines", "required", "give 1 to 500 lines")
            for (index, line) in lines.enumerated() {
                validation.requireText(line.description, "lines[\(index)].description", maxLength: 500)
                validation.check((1...1_000_000_000).contains(line.quantityMilli), "lines[\(index)].quantity_milli", "invalid", "must be from 1 to 1000000000")
                validation.check((line.unitPriceMinor == nil) != (line.unitPriceTenThousandths == nil), "lines[\(index)].unit_price_minor", "required",
                                 "give unit_price_minor or unit_price_ten_thousandths")
                validation.check((0...100_000_000_00).contains(line.unitPriceMinor ?? 0), "lines[\(index)].unit_price_minor", "invalid", "must be from 0 to 10000000000")
                validation.check((0...100_000_000_0000).contains(line.unitPriceTenThousandths ?? 0), "lines[\(index)].unit_price_ten_thousandths", "invalid",
                                 "must be from 0 to 1000000000000")
            }
        }
    }

    /// Copies the header fields `input` names into a draft (the customer from Commerce).
    static func apply(_ input: InvoiceInput, to invoice: inout Invoice, vendor: UUID, on tx: DatabaseSession) async throws {
        if let customerId = input.customerId {
            guard let customer = try await CommerceOrders.customer(customerId, vendor: vendor, on: tx) else {
                throw Problem.invalid([FieldError(field: "customer_id", code: "invalid", message: "is not one of your customers")])
            }
            invoice.customerId = customer.id
            invoice.buyerName = buyerName(customer)
            invoice.buyerEmail = customer.email
            invoice.buyerVatNumber = customer.vatNumber
            invoice.buyerIsBusiness = customer.vatNumber != nil || customer.companyName != nil
        }
        if let buyer = input.buyer {
            if let name = buyer.name { invoice.buyerName = name.trimmingCharacters(in: .whitespaces) }
            if let email = buyer.email { invoice.buyerEmail = email.isEmpty ? nil : email.lowercased() }
            if let address = buyer.address { invoice.buyerAddress = address.isEmpty ? nil : address }
            if let country = buyer.country { invoice.buyerCountry = country.uppercased() }
            if let number = buyer.vatNumber { invoice.buyerVatNumber = number.isEmpty ? nil : number }
            if let business = buyer.isBusiness { invoice.buyerIsBusiness = business }
        }
        if let currency = input.currency { invoice.currency = currency }
        if let include = input.pricesIncludeVat { invoice.pricesIncludeVat = include }
        if let day = input.supplyDate { invoice.supplyDate = day.isEmpty ? nil : day }
        if let language = input.language { invoice.language = language }
        if let note = input.note { invoice.note = note.isEmpty ? nil : note }
    }

    static func specs(_ lines: [LineInput]) -> [InvoicePricingStep.LineSpec] {
        lines.map {
            InvoicePricingStep.LineSpec(description: $0.description.trimmingCharacters(in: .whitespaces), sku: $0.sku, quantityMilli: $0.quantityMilli,
                                        unitPrice: $0.unitPriceTenThousandths.map(UnitPrice.init(tenThousandths:)) ?? UnitPrice(minor: $0.unitPriceMinor ?? 0),
                                        rateClass: $0.vatRateClass ?? .standard)
        }
    }

    static func spec(_ line: InvoiceLine) -> InvoicePricingStep.LineSpec {
        InvoicePricingStep.LineSpec(description: line.description, sku: line.sku, quantityMilli: line.quantityMilli,
                                    unitPrice: UnitPrice(tenThousandths: line.unitPriceTenThousandths), rateClass: line.vatRateClass)
    }

    static func buyerName(_ customer: Customer) -> String {
        if let company = customer.companyName, !company.isEmpty { return company }
        let name = "\(customer.firstName) \(customer.lastName)".trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? customer.email : name
    }

    static func isCountryCode(_ text: String) -> Bool {
        text.count == 2 && text.allSatisfy { $0.isASCII && $0.isLetter }
    }

    /// The country code ending an address text (checkout writes it as the last line).
    static func countryOfAddress(_ address: String) -> String? {
        guard let last = address.split(whereSeparator: \.isNewline).last?.trimmingCharacters(in: .whitespaces), isCountryCode(last) else { return nil }
        return last.uppercased()
    }
}

extension Optional {
    /// `map` for async transforms.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
