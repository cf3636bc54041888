import Commerce
import Foundation
import Hummingbird
import Kernel

/// The vendor's invoice settings and the VAT rate table (read by anyone signed in, extended by
/// super admins).
enum SettingsRoutes {
    struct SettingsResponse: ResponseCodable, Sendable {
        let settings: InvoiceSettings
        /// False until legal name, address and city are saved: invoices need them.
        let complete: Bool
    }

    struct RateInput: Decodable {
        var country: String
        var rateClass: VATRateClass
        var basisPoints: Int
        /// `YYYY-MM-DD`: the day the rate starts; the rate in force before it ends that day.
        var effectiveFrom: String
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices, rates: VATRates) {
        let db = kernel.database
        let feature = InvoiceRoutes.feature

        routes.get("/api/v1/vendor/invoicing/settings", summary: "Your invoice settings: seller details, series, payment terms, bank details",
                   access: .vendor(.vendorStaff), feature: feature) { _, context in
            let settings = try await current(vendor: try context.requireVendor(), kernel: kernel)
            return SettingsResponse(settings: settings, complete: settings.isComplete)
        }

        routes.put("/api/v1/vendor/invoicing/settings", summary: "Set your invoice settings (every field; the VAT number is checked and stored normalised)",
                   access: .vendor(.vendorManager), feature: feature, body: InvoiceSettings.Input.self) { input, _, context in
            let settings = try await save(input, vendor: try context.requireVendor(), kernel: kernel)
            return SettingsResponse(settings: settings, complete: settings.isComplete)
        }

        routes.get("/api/v1/vat-rates", summary: "VAT rates: all rows, or those in force on a day, optionally of one country", access: .signedIn,
                   query: [QueryParameter(name: "country", description: "ISO 3166 code or VAT prefix (EL, XI).", schema: .object(["type": .string("string")])),
                           QueryParameter(name: "date", description: "Only the rates in force on this day (YYYY-MM-DD).",
                                          schema: .object(["type": .string("string"), "format": .string("date")]))]) { request, _ in
            let query = request.uri.queryParameters
            var country: String?
            if let raw = query["country"] {
                guard InvoiceRoutes.isCountryCode(String(raw)) else { throw Problem.invalidParameter("country", "must be a country code such as LU") }
                country = VATCountry.vatPrefix(forCountry: String(raw).uppercased())
            }
            var day: Date?
            if let raw = query["date"] {
                guard let parsed = VATDay.parse(raw) else { throw Problem.invalidParameter("date", "must be a date such as 2026-03-01") }
                day = parsed
            }
            let table = try await rates.table()
            let rows = table.rates
                .filter { rate in country.map { rate.country == $0 } ?? true }
                .filter { rate in day.map { rate.isInForce(on: $0) } ?? true }
                .sorted { ($0.country, $0.rateClass.rawValue, $0.effectiveFrom) < ($1.country, $1.rateClass.rawValue, $1.effectiveFrom) }
            return ItemList(items: rows.map(VATRateRow.init))
        }

        routes.post("/api/v1/admin/vat-rates", summary: "Add a VAT rate from a day; the open rate of that country and class ends that day",
                    access: .superAdmin, body: RateInput.self) { input, _, context in
            var validation = Validation()
            let country = input.country.uppercased()
            validation.check(InvoiceRoutes.isCountryCode(country) && VATCountry.isInEUVATAreaForGoods(VATCountry.vatPrefix(forCountry: country)),
                             "country", "invalid", "must be an EU member state or XI")
            validation.check((0..<10_000).contains(input.basisPoints), "basis_points", "invalid", "must be from 0 to 9999 (1700 = 17 %)")
            validation.check(input.rateClass != .zero || input.basisPoints == 0, "basis_points", "invalid", "the zero class has rate 0")
            let from = VATDay.parse(input.effectiveFrom)
            validation.check(from != nil, "effective_from", "invalid", "must be a date such as 2027-01-01")
            try validation.throwIfInvalid()
            let rate = VATRate(country: country, rateClass: input.rateClass, basisPoints: input.basisPoints, effectiveFrom: from!)
            let now = kernel.now()
            let rows = try await db.transaction { tx in
                let rows = try await VATRateStore.add(rate, now: now, on: tx)
                try await AuditLog.append(AuditEntry(context, action: "invoicing.vat_rate.added", targetType: "vat_rate", targetId: UUID.v7(now: now),
                                                     summary: "\(rate.country) \(rate.rateClass.rawValue) \(rate.percent) % from \(input.effectiveFrom)"),
                                          at: now, on: tx)
                return rows
            }
            rates.invalidate()
            return StatusResponse(.created, ItemList(items: rows))
        }
    }

    /// The vendor's saved settings, or the initial ones (its country, nothing else) before the first save.
    static func current(vendor: VendorScope, kernel: KernelServices) async throws -> InvoiceSettings {
        let country = try await kernel.vendors.vendor(vendor.vendorId)?.country ?? "LU"
        return try await kernel.database.read(for: vendor) { try await InvoiceSettingsStore.settings(vendor: vendor.vendorId, on: $0) }
            ?? .initial(country: country)
    }

    /// Checks `input` (422 with every field error) and stores the settings it gives.
    static func save(_ input: InvoiceSettings.Input, vendor: VendorScope, kernel: KernelServices) async throws -> InvoiceSettings {
        let settings = try InvoiceSettings.validate(input)
        let now = kernel.now()
        try await kernel.database.transaction(for: vendor) { tx in
            try await InvoiceSettingsStore.save(settings, vendor: vendor.vendorId, now: now, on: tx)
        }
        return settings
    }
}

extension InvoiceSettings: ResponseEncodable {}
