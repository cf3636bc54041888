import Commerce
import Foundation
import Kernel

/// The vendor's invoice pages (`/vendor/invoices…`) in Commerce's vendor layout: the list with
/// filters, an invoice or credit note with its actions (issue, delete a draft, record a
/// payment, credit, e-mail it to the customer), and drafting from an order. Every action calls the function the JSON API
/// calls, so rules, numbers, limits, audit and events are the same; refusals show the kernel's
/// error page.
enum InvoicePages {
    static func register(on routes: RouteBuilder, kernel: KernelServices, rates: VATRates) {
        let feature = InvoiceRoutes.feature

        routes.page(.get, "/vendor/invoices", summary: "Your invoices and credit notes, filtered", access: .vendor(.vendorStaff), feature: feature) { call in
            let vendor = try call.context.requireVendor()
            let today = VATDay.format(kernel.now())
            let filter = try InvoiceRoutes.parseFilter(call.request, today: today)
            let page = try PageRequest(from: call.request)
            let (invoices, customers) = try await kernel.database.read(for: vendor) { tx in
                (try await InvoiceStore.list(vendor: vendor.vendorId, filter: filter, page: page, on: tx),
                 try await InvoiceStore.customers(vendor: vendor.vendorId, on: tx))
            }
            let complete = try await SettingsRoutes.current(vendor: vendor, kernel: kernel).isComplete
            return try await CommerceVendorPages.render("invoicing/invoices", title: "Invoices", [
                "invoices": invoices.prefix(page.limit).map { row($0, today: today) },
                "statuses": CommerceVendorPages.options(InvoiceStatus.allCases.map(\.rawValue), selected: filter.status?.rawValue),
                "kinds": CommerceVendorPages.options(InvoiceKind.allCases.map(\.rawValue), selected: filter.kind?.rawValue),
                "customers": customers.map { ["value": $0.id.uuidString, "label": $0.name, "selected": $0.id == filter.customer] as [String: Any] },
                "from": filter.from ?? "", "to": filter.to ?? "", "overdue": filter.overdueOn != nil,
                "settingsMissing": !complete,
                "accounting": try await kernel.features.decide(AccountingRoutes.feature, platform: vendor.platformId, vendor: vendor.vendorId) == .available
                    && vendor.role.vendorRank >= Role.vendorManager.vendorRank,
                "next": PageFormat.nextPage(invoices, limit: page.limit, id: \.id, call: call, path: "/vendor/invoices"),
            ], call: call, kernel: kernel)
        }

        routes.page(.get, "/vendor/invoices/:invoiceId", summary: "An invoice or credit note: parties, lines, VAT, payments, credit notes, actions",
                    access: .vendor(.vendorStaff), feature: feature) { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("invoiceId", of: "Invoice")
            let today = VATDay.format(kernel.now())
            let (detail, credited) = try await kernel.database.read(for: vendor) { tx in
                (try await InvoiceRoutes.detail(id, vendor: vendor.vendorId, today: today, on: tx),
                 try await InvoiceStore.creditedQuantities(of: id, vendor: vendor.vendorId, on: tx))
            }
            return try await CommerceVendorPages.render("invoicing/invoice", title: title(detail.invoice),
                                                        InvoicePageData.detail(detail, credited: credited, today: today, mailConfigured: kernel.mailer.isConfigured),
                                                        call: call, kernel: kernel)
        }

        routes.page(.post, "/vendor/orders/:orderId/invoice", summary: "Draft the invoice of an order from the order page",
                    access: .vendor(.vendorStaff), feature: feature) { call in
            let vendor = try call.context.requireVendor()
            let orderId = try call.context.id("orderId", of: "Order")
            let input = InvoiceRoutes.FromOrderInput(buyerCountry: call.field("buyerCountry"), supplyDate: nil, note: nil)
            try InvoiceRoutes.validate(input)
            let table = try await rates.table()
            let detail = try await kernel.database.transaction(for: vendor) { tx in
                try await InvoiceRoutes.draft(fromOrder: orderId, input, vendor: vendor, rates: table, actor: actor(call), kernel: kernel,
                                              on: tx)
            }
            return .redirect(call.base + "/vendor/invoices/\(detail.invoice.id)")
        }

        routes.page(.post, "/vendor/invoices/:invoiceId/issue", summary: "Issue a draft from the page", access: .vendor(.vendorStaff), feature: feature) { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("invoiceId", of: "Invoice")
            let table = try await rates.table()
            _ = try await kernel.database.transaction(for: vendor) { tx in
                try await InvoiceLifecycleRoutes.issue(id, vendor: vendor, rates: table, actor: actor(call), kernel: kernel, on: tx)
            }
            return .redirect(call.base + "/vendor/invoices/\(id)")
        }

        routes.page(.post, "/vendor/invoices/:invoiceId/send", summary: "E-mail an issued invoice or credit note to the customer from the page",
                    access: .vendor(.vendorStaff), feature: feature) { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("invoiceId", of: "Invoice")
            _ = try await InvoiceMailRoutes.queue(id, to: call.field("to"), vendor: vendor, kernel: kernel, context: call.context)
            return .redirect(call.base + "/vendor/invoices/\(id)#mailings")
        }

        routes.page(.post, "/vendor/invoices/:invoiceId/delete", summary: "Delete a draft from the page", access: .vendor(.vendorStaff), feature: feature) { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("invoiceId", of: "Invoice")
            try await kernel.database.transaction(for: vendor) { tx in try await InvoiceRoutes.deleteDraft(id, vendor: vendor.vendorId, on: tx) }
            return .redirect(call.base + "/vendor/invoices")
        }

        routes.page(.post, "/vendor/invoices/:invoiceId/payments", summary: "Record a payment from the page", access: .vendor(.vendorStaff), feature: feature) { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("invoiceId", of: "Invoice")
            var errors: [FieldError] = []
            let amount = PageFormat.minor(call.field("amount"))
            if amount == nil { errors.append(FieldError(field: "amount", code: "invalid", message: "must be an amount such as 12.50")) }
            let method = call.field("method").flatMap(InvoicePaymentMethod.init(rawValue:))
            if method == nil { errors.append(FieldError(field: "method", code: "invalid", message: "choose how it was paid")) }
            guard errors.isEmpty, let amount, let method else { throw Problem.invalid(errors) }
            let input = InvoiceLifecycleRoutes.PaymentInput(amountMinor: amount, paidOn: call.field("paidOn"), method: method, reference: call.field("reference"))
            let now = kernel.now()
            try InvoiceLifecycleRoutes.validate(input, today: VATDay.format(now))
            _ = try await kernel.database.transaction(for: vendor) { tx in
                try await InvoiceLifecycleRoutes.recordPayment(input, to: id, vendor: vendor, actor: actor(call), now: now, on: tx)
            }
            return .redirect(call.base + "/vendor/invoices/\(id)")
        }

        routes.page(.post, "/vendor/invoices/:invoiceId/credit-notes", summary: "Credit an invoice, in full or chosen lines and quantities, from the page",
                    access: .vendor(.vendorStaff), feature: feature) { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("invoiceId", of: "Invoice")
            let input = try creditInput(call)
            try InvoiceLifecycleRoutes.validate(input)
            let note = try await kernel.database.transaction(for: vendor) { tx in
                try await InvoiceLifecycleRoutes.credit(id, lines: input.lines, reason: input.reason, vendor: vendor, actor: actor(call), kernel: kernel,
                                                        on: tx)
            }
            return .redirect(call.base + "/vendor/invoices/\(note.invoice.id)")
        }
    }

    /// A credit note from the form: `scope=all` credits everything left; otherwise each
    /// `quantity-<line id>` typed as people write quantities (`1`, `0,5`), empty or 0 skipped.
    static func creditInput(_ call: PageCall) throws -> InvoiceLifecycleRoutes.CreditNoteInput {
        guard call.field("scope") != "all" else { return .init(lines: nil, reason: call.field("reason")) }
        var lines: [InvoiceLifecycleRoutes.CreditLineInput] = []
        var errors: [FieldError] = []
        for (name, value) in call.fields.sorted(by: { $0.key < $1.key }) where name.hasPrefix("quantity-") {
            guard let lineId = UUID(uuidString: String(name.dropFirst("quantity-".count))) else { continue }
            let text = value.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard let milli = PageFormat.milli(text), milli >= 0 else {
                errors.append(FieldError(field: name, code: "invalid", message: "must be a quantity such as 1 or 0.5"))
                continue
            }
            if milli > 0 { lines.append(.init(lineId: lineId, quantityMilli: milli)) }
        }
        if errors.isEmpty && lines.isEmpty {
            errors.append(FieldError(field: "lines", code: "required", message: "give a quantity to credit on at least one line, or credit everything"))
        }
        guard errors.isEmpty else { throw Problem.invalid(errors) }
        return .init(lines: lines, reason: call.field("reason"))
    }

    static func actor(_ call: PageCall) -> AuditActor { AuditActor(call.context) }

    static func title(_ invoice: Invoice) -> String {
        let kind = invoice.kind == .creditNote ? "Credit note" : "Invoice"
        return invoice.number.map { "\(kind) \($0)" } ?? "Draft \(kind.lowercased())"
    }

    /// One row of the list.
    static func row(_ invoice: Invoice, today: String) -> [String: Any] {
        ["id": invoice.id.uuidString, "number": invoice.number ?? "draft", "kind": invoice.kind == .creditNote ? "credit note" : "invoice",
         "issueDate": invoice.issueDate ?? "", "dueDate": invoice.dueDate ?? "", "buyer": invoice.buyerName,
         "status": invoice.status.rawValue, "statusLabel": invoice.status.rawValue.replacingOccurrences(of: "_", with: " "),
         "total": PageFormat.money(invoice.payableMinor), "currency": invoice.currency, "balance": PageFormat.money(invoice.balanceDueMinor),
         "overdue": invoice.isOverdue(today: today)]
    }
}
