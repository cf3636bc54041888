import Commerce
import Foundation
import Kernel

/// The invoice settings page, with each refusal shown next to its field, and the aging report.
enum InvoicingSettingsPages {
    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let feature = InvoiceRoutes.feature

        routes.page(.get, "/vendor/invoicing/settings", summary: "Your invoice settings", access: .vendor(.vendorStaff), feature: feature) { call in
            let settings = try await SettingsRoutes.current(vendor: try call.context.requireVendor(), kernel: kernel)
            return try await page(values: values(settings), errors: [], saved: call.query("saved") != nil, call: call, kernel: kernel)
        }

        routes.page(.post, "/vendor/invoicing/settings", summary: "Save your invoice settings from the page", access: .vendor(.vendorManager), feature: feature) { call in
            let vendor = try call.context.requireVendor()
            do {
                _ = try await SettingsRoutes.save(input(call), vendor: vendor, kernel: kernel)
            } catch let problem as Problem where !problem.fieldErrors.isEmpty {
                // The form again, as typed, with each message next to its field.
                return try await page(values: call.fields, errors: problem.fieldErrors, saved: false, call: call, kernel: kernel)
            }
            return .redirect(call.base + "/vendor/invoicing/settings?saved=1")
        }

        routes.page(.get, "/vendor/invoicing/aging", summary: "Open invoice balances by days past due", access: .vendor(.vendorStaff), feature: feature) { call in
            let aging = try await InvoiceLifecycleRoutes.aging(vendor: try call.context.requireVendor(), kernel: kernel)
            return try await CommerceVendorPages.render("invoicing/aging", title: "Aging report", [
                "asOf": aging.asOf,
                "currencies": aging.currencies.map {
                    ["currency": $0.currency, "current": PageFormat.money($0.current), "days1To30": PageFormat.money($0.days1To30),
                     "days31To60": PageFormat.money($0.days31To60), "days61To90": PageFormat.money($0.days61To90), "over90": PageFormat.money($0.over90),
                     "total": PageFormat.money($0.total), "count": $0.invoiceCount] as [String: Any]
                },
            ], call: call, kernel: kernel)
        }
    }

    /// The API's input from the form's fields (named like the API's JSON); a payment term that
    /// is not a number is sent as -1, which the shared validation refuses with its message.
    static func input(_ call: PageCall) -> InvoiceSettings.Input {
        let lines = (call.fields["address_lines"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return InvoiceSettings.Input(
            legalName: call.fields["legal_name"] ?? "", addressLines: lines, postalCode: call.fields["postal_code"] ?? "", city: call.fields["city"] ?? "",
            country: call.fields["country"]?.trimmingCharacters(in: .whitespaces) ?? "", vatNumber: call.field("vat_number"),
            ossRegistered: call.field("oss_registered") != nil, ossOptIn: call.field("oss_opt_in") != nil,
            invoicePrefix: call.fields["invoice_prefix"], creditNotePrefix: call.fields["credit_note_prefix"],
            paymentTermsDays: call.field("payment_terms_days").map { Int($0) ?? -1 }, iban: call.field("iban"), bic: call.field("bic"),
            footer: call.field("footer"), language: call.field("language").flatMap(DocumentLanguage.init(rawValue:)))
    }

    /// Saved settings as form values.
    static func values(_ s: InvoiceSettings) -> [String: String] {
        ["legal_name": s.legalName, "address_lines": s.addressLines, "postal_code": s.postalCode, "city": s.city, "country": s.country,
         "vat_number": s.vatNumber ?? "", "oss_registered": s.ossRegistered ? "1" : "", "oss_opt_in": s.ossOptIn ? "1" : "",
         "invoice_prefix": s.invoicePrefix, "credit_note_prefix": s.creditNotePrefix, "payment_terms_days": String(s.paymentTermsDays),
         "iban": s.iban ?? "", "bic": s.bic ?? "", "footer": s.footer ?? "", "language": s.language.rawValue]
    }

    static func page(values: [String: String], errors: [FieldError], saved: Bool, call: PageCall, kernel: KernelServices) async throws -> PageResult {
        // `address_lines[1]` is shown at the address field.
        var messages: [String: String] = [:]
        for error in errors {
            let field = String(error.field.prefix { $0 != "[" })
            messages[field] = [messages[field], error.message].compactMap { $0 }.joined(separator: "; ")
        }
        var data: [String: Any] = [
            "values": values.filter { !$0.value.isEmpty },
            "errors": messages,
            "hasErrors": !errors.isEmpty,
            "saved": saved,
            "languages": CommerceVendorPages.options(DocumentLanguage.allCases.map(\.rawValue), selected: values["language"] ?? "fr"),
        ]
        if values["oss_registered"]?.isEmpty == false { data["ossRegistered"] = true }
        if values["oss_opt_in"]?.isEmpty == false { data["ossOptIn"] = true }
        return try await CommerceVendorPages.render("invoicing/settings", title: "Invoice settings", data, call: call, kernel: kernel)
    }
}
