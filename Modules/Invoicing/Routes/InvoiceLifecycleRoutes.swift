import Commerce
import Foundation
import Hummingbird
import Kernel

/// What happens to an invoice after the draft: issuing (number, final VAT, the monthly limit),
/// payments, credit notes, and the aging report.
enum InvoiceLifecycleRoutes {
    struct IssueInput: Decodable {
        var note: String?
    }

    struct PaymentInput: Codable {
        var amountMinor: Int
        /// `YYYY-MM-DD`; today when left out.
        var paidOn: String?
        var method: InvoicePaymentMethod
        var reference: String?
    }

    struct CreditLineInput: Decodable {
        /// A line of the invoice.
        var lineId: UUID
        /// Milli-units to credit; at most what is not credited yet.
        var quantityMilli: Int
    }

    struct CreditNoteInput: Decodable {
        /// Lines and quantities to credit; all that is not credited yet when left out.
        var lines: [CreditLineInput]?
        var reason: String?
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices, rates: VATRates) {
        let db = kernel.database
        let feature = InvoiceRoutes.feature

        routes.post("/api/v1/vendor/invoices/:invoiceId/issue",
                    summary: "Issue a draft: its number is the next of its series, its VAT is decided again with this year's distance sales",
                    access: .vendor(.vendorStaff), feature: feature, body: IssueInput.self) { _, _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("invoiceId", of: "Invoice")
            let table = try await rates.table()
            let actor = AuditActor(context)
            return try await db.transaction(for: vendor) { tx in
                try await issue(id, vendor: vendor, rates: table, actor: actor, kernel: kernel, on: tx)
            }
        }

        routes.post("/api/v1/vendor/invoices/:invoiceId/payments", summary: "Record a full or partial payment of an issued invoice",
                    access: .vendor(.vendorStaff), feature: feature, query: [InvoiceRoutes.idempotencyKey], body: PaymentInput.self) { input, request, context in
            let vendor = try context.requireVendor()
            let id = try context.id("invoiceId", of: "Invoice")
            let now = kernel.now()
            try validate(input, today: VATDay.format(now))
            let actor = AuditActor(context)
            let (detail, replayed) = try await db.transaction(for: vendor) { tx in
                try await InvoiceRoutes.onceIfKeyed(request, scope: "invoicing.payment:\(id)", input: input, now: now, on: tx) {
                    try await recordPayment(input, to: id, vendor: vendor, actor: actor, now: now, on: tx)
                }
            }
            return StatusResponse(.created, detail, headers: replayed ? [Idempotency.replayedHeader: "true"] : [:])
        }

        routes.post("/api/v1/vendor/invoices/:invoiceId/credit-notes",
                    summary: "Issue a credit note for chosen lines and quantities, or all that is not credited yet; a full credit cancels the invoice",
                    access: .vendor(.vendorStaff), feature: feature, body: CreditNoteInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("invoiceId", of: "Invoice")
            try validate(input)
            let actor = AuditActor(context)
            return StatusResponse(.created, try await db.transaction(for: vendor) { tx in
                try await credit(id, lines: input.lines, reason: input.reason, vendor: vendor, actor: actor, kernel: kernel, on: tx)
            })
        }

        routes.get("/api/v1/vendor/invoicing/aging", summary: "Open balances by days past due: current, 1–30, 31–60, 61–90, over 90",
                   access: .vendor(.vendorStaff), feature: feature) { _, context in
            return try await aging(vendor: try context.requireVendor(), kernel: kernel)
        }
    }

    /// Checks a payment's fields (422 naming each): above 0, a day not in the future.
    static func validate(_ input: PaymentInput, today: String) throws {
        var validation = Validation()
        validation.check(input.amountMinor > 0 && input.amountMinor <= 100_000_000_000, "amount_minor", "invalid", "must be above 0")
        validation.check(input.paidOn.map { VATDay.parse($0) != nil && $0 <= today } ?? true, "paid_on", "invalid", "must be a day such as 2026-03-01, not in the future")
        validation.check((input.reference ?? "").count <= 200, "reference", "too_long", "must be at most 200 characters")
        try validation.throwIfInvalid()
    }

    /// Records a payment of invoice `id` inside `tx`: at most the balance due; moves it to
    /// partially paid or paid (`invoicing.invoice.paid`), with an audit entry.
    static func recordPayment(_ input: PaymentInput, to id: UUID, vendor: VendorScope, actor: AuditActor, now: Date,
                              on tx: DatabaseSession) async throws -> InvoiceRoutes.InvoiceDetail {
        let today = VATDay.format(now)
        guard let invoice = try await InvoiceStore.invoice(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Invoice") }
        try requirePayable(invoice)
        guard input.amountMinor <= invoice.balanceDueMinor else {
            throw Problem.invalid([FieldError(field: "amount_minor", code: "exceeds_balance",
                                              message: "is more than the balance due (\(invoice.balanceDueMinor))")])
        }
        let payment = InvoicePayment(id: UUID.v7(now: now), amountMinor: input.amountMinor, paidOn: input.paidOn ?? today, method: input.method,
                                     reference: input.reference.flatMap { $0.isEmpty ? nil : $0 }, recordedBy: actor.label, createdAt: now)
        try await InvoiceStore.insert(payment, invoice: id, vendor: vendor.vendorId, on: tx)
        let paid = invoice.paidMinor + input.amountMinor
        let status = InvoiceStatus.settled(invoice.status, payableMinor: invoice.payableMinor, paidMinor: paid, creditedMinor: invoice.creditedMinor)
        try await InvoiceStore.settle(id, vendor: vendor.vendorId, status: status, paidMinor: paid, creditedMinor: invoice.creditedMinor,
                                      paidAt: status == .paid ? now : nil, cancelledAt: nil, at: now, on: tx)
        try await AuditLog.append(AuditEntry(actor, action: "invoicing.invoice.payment_recorded", targetType: "invoice", targetId: id,
                                             platformId: vendor.platformId, vendorId: vendor.vendorId,
                                             summary: "Payment of \(Money.format(input.amountMinor, currency: invoice.currency)) on \(invoice.number ?? "") (\(input.method.rawValue))"),
                                  at: now, on: tx)
        if status == .paid {
            try await EventBus.publish(InvoicePaid(invoiceId: id, vendorId: vendor.vendorId, number: invoice.number ?? "", orderId: invoice.orderId,
                                                   paidMinor: paid, currency: invoice.currency, paidAt: now),
                                       platformId: vendor.platformId, vendorId: vendor.vendorId, at: now, on: tx)
        }
        return try await InvoiceRoutes.detail(id, vendor: vendor.vendorId, today: today, on: tx)
    }

    /// Checks a credit note's fields (422 naming each).
    static func validate(_ input: CreditNoteInput) throws {
        var validation = Validation()
        if let lines = input.lines {
            validation.check(!lines.isEmpty && lines.count <= 500, "lines", "required", "give 1 to 500 lines, or leave lines out to credit everything")
            for (index, line) in lines.enumerated() {
                validation.check(line.quantityMilli > 0, "lines[\(index)].quantity_milli", "invalid", "must be above 0")
                validation.check(lines.firstIndex { $0.lineId == line.lineId } == index, "lines[\(index)].line_id", "duplicate", "names a line given before")
            }
        }
        validation.check((input.reason ?? "").count <= 1000, "reason", "too_long", "must be at most 1000 characters")
        try validation.throwIfInvalid()
    }

    /// The vendor's open balances by days past due, today.
    static func aging(vendor: VendorScope, kernel: KernelServices) async throws -> InvoiceAging {
        let now = kernel.now()
        let open = try await kernel.database.read(for: vendor) { try await InvoiceStore.open(vendor: vendor.vendorId, on: $0) }
        let items = open.compactMap { invoice in
            invoice.dueDate.flatMap(VATDay.parse).map { InvoiceAging.OpenItem(currency: invoice.currency, balanceMinor: invoice.balanceDueMinor, dueDate: $0) }
        }
        return InvoiceAging(items: items, today: VATDay.day(of: now), asOf: VATDay.format(now))
    }

    static func requirePayable(_ invoice: Invoice) throws {
        guard invoice.kind == .invoice else { throw Problem.conflict("not_an_invoice", "Payments and credit notes are recorded against invoices, not credit notes.") }
        switch invoice.status {
        case .draft: throw Problem.conflict("invoice_not_issued", "Issue the invoice first.")
        case .paid: throw Problem.conflict("invoice_paid", "This invoice is paid in full.")
        case .cancelled: throw Problem.conflict("invoice_cancelled", "This invoice is cancelled by a credit note.")
        case .issued, .partiallyPaid: return
        }
    }

    /// Issues draft `id` inside `tx`: takes the next number of its series first (the counter
    /// row stays locked until commit, so issues of one series run one at a time and the
    /// distance sales read next are settled), prices it again with those sales, checks the
    /// feature its regime needs, consumes the monthly limit, audits and announces it.
    static func issue(_ id: UUID, vendor: VendorScope, rates: VATRateTable, actor: AuditActor, kernel: KernelServices,
                      on tx: DatabaseSession) async throws -> InvoiceRoutes.InvoiceDetail {
        var invoice = try await InvoiceRoutes.editableDraft(id, vendor: vendor.vendorId, on: tx)
        let settings = try await InvoiceRoutes.requireSettings(vendor: vendor.vendorId, on: tx)
        let sequence = try await InvoiceStore.nextNumber(series: invoice.series, vendor: vendor.vendorId, on: tx)
        // The clock is read after the counter row is ours, so numbers and issue dates rise together.
        let now = kernel.now()
        let today = VATDay.format(now)
        invoice.issueDate = today
        let specs = try await InvoiceStore.lines(of: id, vendor: vendor.vendorId, on: tx).map(InvoiceRoutes.spec)
        let (lines, breakdown) = try await InvoicePricingStep.price(&invoice, specs: specs, ossOptIn: settings.ossOptIn, rates: rates, today: today,
                                                                    vendor: vendor.vendorId, on: tx)
        try await InvoiceRoutes.requireFeature(for: invoice.regime, kernel: kernel, vendor: vendor)
        try await kernel.usage.consume(InvoiceRoutes.limitKey, for: vendor, at: now, on: tx)
        invoice.updatedAt = now
        guard try await InvoiceStore.updateDraft(invoice, vendor: vendor.vendorId, on: tx) else { throw InvoiceRoutes.issued }
        try await InvoiceStore.replaceContent(of: id, lines: lines, breakdown: breakdown, vendor: vendor.vendorId, on: tx)
        invoice.sequenceNumber = sequence
        invoice.number = formatNumber(series: invoice.series, sequence)
        invoice.issuedAt = now
        invoice.dueDate = VATDay.format(VATDay.adding(invoice.paymentTermsDays, to: VATDay.day(of: now)))
        guard try await InvoiceStore.markIssued(invoice, vendor: vendor.vendorId, on: tx) else { throw InvoiceRoutes.issued }
        try await AuditLog.append(AuditEntry(actor, action: "invoicing.invoice.issued", targetType: "invoice", targetId: id, platformId: vendor.platformId,
                                             vendorId: vendor.vendorId,
                                             summary: "Issued \(invoice.number!) for \(Money.format(invoice.payableMinor, currency: invoice.currency)) (\(invoice.regime.rawValue))"),
                                  at: now, on: tx)
        try await EventBus.publish(InvoiceIssued(invoiceId: id, vendorId: vendor.vendorId, number: invoice.number!, orderId: invoice.orderId,
                                                 customerId: invoice.customerId, regime: invoice.regime, payableMinor: invoice.payableMinor,
                                                 currency: invoice.currency, issueDate: today),
                                   platformId: vendor.platformId, vendorId: vendor.vendorId, at: now, on: tx)
        return try await InvoiceRoutes.detail(id, vendor: vendor.vendorId, today: today, on: tx)
    }

    /// `INV-` and 42 → `INV-000042`.
    static func formatNumber(series: String, _ sequence: Int) -> String {
        series + String(format: "%06d", sequence)
    }

    /// Issues a credit note against invoice `id` for `requested` lines (nil: everything not
    /// credited yet), with the invoice's parties, regime and rates; cancels the invoice when
    /// nothing is left to credit.
    static func credit(_ id: UUID, lines requested: [CreditLineInput]?, reason: String?, vendor: VendorScope, actor: AuditActor, kernel: KernelServices,
                       on tx: DatabaseSession) async throws -> InvoiceRoutes.InvoiceDetail {
        guard let invoice = try await InvoiceStore.invoice(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Invoice") }
        guard invoice.kind == .invoice else { throw Problem.conflict("not_an_invoice", "A credit note cannot be credited.") }
        switch invoice.status {
        case .draft: throw Problem.conflict("invoice_not_issued", "A draft is changed or deleted, not credited.")
        case .cancelled: throw Problem.conflict("invoice_cancelled", "This invoice is already fully credited.")
        case .issued, .partiallyPaid, .paid: break
        }
        let settings = try await InvoiceRoutes.requireSettings(vendor: vendor.vendorId, on: tx)
        // The credit-note counter row serialises this vendor's credit notes, so two cannot credit the same quantity.
        let sequence = try await InvoiceStore.nextNumber(series: settings.creditNotePrefix, vendor: vendor.vendorId, on: tx)
        let now = kernel.now()
        let today = VATDay.format(now)
        let originals = try await InvoiceStore.lines(of: id, vendor: vendor.vendorId, on: tx)
        let credited = try await InvoiceStore.creditedQuantities(of: id, vendor: vendor.vendorId, on: tx)
        func open(_ line: InvoiceLine) -> Int { line.quantityMilli - (credited[line.id] ?? 0) }

        var chosen: [(InvoiceLine, Int)] = []
        if let requested {
            var validation = Validation()
            for (index, item) in requested.enumerated() {
                guard let line = originals.first(where: { $0.id == item.lineId }) else {
                    validation.check(false, "lines[\(index)].line_id", "invalid", "is not a line of this invoice")
                    continue
                }
                validation.check(item.quantityMilli <= open(line), "lines[\(index)].quantity_milli", "exceeds_open_quantity",
                                 "is more than is left to credit on this line (\(open(line)))")
                chosen.append((line, item.quantityMilli))
            }
            try validation.throwIfInvalid()
        } else {
            chosen = originals.filter { open($0) > 0 }.map { ($0, open($0)) }
        }
        guard !chosen.isEmpty else { throw Problem.conflict("nothing_to_credit", "Every line of this invoice is already credited.") }

        let totalsLines = chosen.map { line, quantity in
            InvoiceTotals.Line(quantityMilli: quantity, unitPrice: UnitPrice(tenThousandths: line.unitPriceTenThousandths), category: line.category,
                               basisPoints: line.basisPoints)
        }
        let totals: InvoiceTotals
        do { totals = try InvoiceTotals(lines: totalsLines, pricesIncludeVAT: invoice.pricesIncludeVat) } catch {
            throw Problem(status: .unprocessableContent, code: "vat_not_determinable", title: "The credit note cannot be totalled", detail: error.description)
        }
        var note = invoice
        note.id = UUID.v7(now: now)
        note.kind = .creditNote
        // Written as a draft, its lines added, then issued: the database refuses lines added
        // to an issued document (migration 0005).
        note.status = .draft
        note.series = settings.creditNotePrefix
        note.sequenceNumber = sequence
        note.number = formatNumber(series: settings.creditNotePrefix, sequence)
        note.creditedInvoiceId = invoice.id
        note.creditedNumber = invoice.number
        note.creditedIssueDate = invoice.issueDate
        note.issueDate = today
        note.dueDate = nil
        note.netTotalMinor = totals.netTotalCents
        note.taxTotalMinor = totals.taxTotalCents
        note.grossTotalMinor = totals.grossTotalCents
        note.roundingMinor = totals.roundingCents
        note.payableMinor = totals.payableCents
        note.distanceSaleEurCents = invoice.distanceSaleEurCents > 0 ? totals.netTotalCents : 0
        note.paidMinor = 0
        note.creditedMinor = 0
        note.note = reason.flatMap { $0.isEmpty ? nil : $0 }
        note.createdBy = actor.label
        note.issuedAt = now
        note.paidAt = nil
        note.cancelledAt = nil
        note.createdAt = now
        note.updatedAt = now
        let noteLines = chosen.enumerated().map { index, pair in
            let (line, quantity) = pair
            return InvoiceLine(id: UUID.v7(now: now), position: index, description: line.description, sku: line.sku, quantityMilli: quantity,
                               unitPriceTenThousandths: line.unitPriceTenThousandths, netUnitPriceTenThousandths: totals.lines[index].netUnitPrice.tenThousandths,
                               vatRateClass: line.vatRateClass, category: line.category, basisPoints: line.basisPoints, rateCountry: line.rateCountry,
                               netMinor: totals.lines[index].netCents, grossMinor: totals.lines[index].grossCents, creditedLineId: line.id)
        }
        let exemption: VATExemption? = invoice.exemptionCode == VATExemption.export.code ? .export
            : invoice.exemptionCode == VATExemption.intraCommunitySupply.code ? .intraCommunitySupply : nil
        try await InvoiceStore.insert(note, vendor: vendor.vendorId, platform: vendor.platformId, on: tx)
        try await InvoiceStore.replaceContent(of: note.id, lines: noteLines, breakdown: InvoicePricingStep.breakdown(totals, exemption: exemption),
                                              vendor: vendor.vendorId, on: tx)
        note.status = .issued
        guard try await InvoiceStore.markIssued(note, vendor: vendor.vendorId, on: tx) else { throw InvoiceRoutes.issued }

        let fullyCredited = originals.allSatisfy { line in open(line) - (chosen.first { $0.0.id == line.id }?.1 ?? 0) == 0 }
        let creditedMinor = invoice.creditedMinor + note.payableMinor
        let status = fullyCredited ? .cancelled
            : InvoiceStatus.settled(invoice.status, payableMinor: invoice.payableMinor, paidMinor: invoice.paidMinor, creditedMinor: creditedMinor)
        try await InvoiceStore.settle(id, vendor: vendor.vendorId, status: status, paidMinor: invoice.paidMinor, creditedMinor: creditedMinor,
                                      paidAt: status == .paid ? (invoice.paidAt ?? now) : invoice.paidAt, cancelledAt: fullyCredited ? now : nil, at: now, on: tx)
        try await AuditLog.append(AuditEntry(actor, action: fullyCredited ? "invoicing.invoice.cancelled" : "invoicing.invoice.credited",
                                             targetType: "invoice", targetId: id, platformId: vendor.platformId, vendorId: vendor.vendorId,
                                             summary: "Credit note \(note.number!) for \(Money.format(note.payableMinor, currency: note.currency)) against \(invoice.number ?? "")"
                                                + (fullyCredited ? "; the invoice is cancelled" : "")),
                                  at: now, on: tx)
        try await EventBus.publish(InvoiceCredited(invoiceId: id, creditNoteId: note.id, vendorId: vendor.vendorId, platformId: vendor.platformId,
                                                   number: invoice.number ?? "", creditNoteNumber: note.number!, orderId: invoice.orderId,
                                                   customerId: invoice.customerId, amountMinor: note.payableMinor, currency: note.currency,
                                                   fullyCredited: fullyCredited, at: now),
                                   platformId: vendor.platformId, vendorId: vendor.vendorId, at: now, on: tx)
        return try await InvoiceRoutes.detail(note.id, vendor: vendor.vendorId, today: today, on: tx)
    }
}

extension InvoiceAging: ResponseEncodable {}
