import Foundation
import Hummingbird
import Kernel

/// The vendor's customers: search, create, read, change, address book, and the CSV export.
enum CustomerRoutes {
    struct CustomerInput: Decodable {
        var email: String?
        var firstName: String?
        var lastName: String?
        var phone: String?
        var language: String?
        var marketingConsent: Bool?
        var companyName: String?
        var vatNumber: String?
    }

    struct AddressInput: Decodable {
        var label: String?
        var name: String
        var line1: String
        var line2: String?
        var postalCode: String
        var city: String
        var country: String
        var phone: String?
        var isDefaultShipping: Bool?
        var isDefaultBilling: Bool?
    }

    struct CustomerDetail: ResponseCodable, Sendable {
        let customer: Customer
        let addresses: [CustomerAddress]
    }

    static let exportColumns = ["id", "email", "first_name", "last_name", "phone", "language", "marketing_consent", "company_name", "vat_number",
                                "order_count", "total_spent_minor", "first_order_at", "last_order_at", "created_at"]

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database

        routes.get("/api/v1/vendor/customers", summary: "Search your customers by e-mail, name or company", access: .vendor(.vendorStaff), feature: "commerce",
                   query: [QueryParameter(name: "q", description: "Part of the e-mail, name or company.", schema: .object(["type": .string("string")]))]) { request, context in
            let vendor = try context.requireVendor()
            let page = try PageRequest(from: request)
            let text = request.uri.queryParameters["q"].map(String.init)
            return page.page(try await db.read(for: vendor) {
                try await CustomerStore.search(vendor: vendor.vendorId, text: text, after: page.after, limit: page.limit + 1, on: $0)
            }, id: \.id)
        }

        routes.post("/api/v1/vendor/customers", summary: "Add a customer", access: .vendor(.vendorStaff), feature: "commerce", body: CustomerInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let now = kernel.now()
            var customer = Customer(id: UUID.v7(now: now), vendorId: vendor.vendorId, email: "", firstName: "", lastName: "", phone: nil, language: "fr",
                                    marketingConsent: false, marketingConsentAt: nil, companyName: nil, vatNumber: nil, orderCount: 0, totalSpentMinor: 0,
                                    firstOrderAt: nil, lastOrderAt: nil, createdAt: now, updatedAt: now)
            var validation = Validation()
            validation.check(input.email != nil, "email", "required", "is required")
            apply(input, to: &customer, validation: &validation, now: now)
            try validation.throwIfInvalid()
            try await db.transaction(for: vendor) { tx in
                do {
                    try await CustomerStore.insert(customer, on: tx)
                } catch where DatabaseErrors.isUniqueViolation(error) {
                    throw Problem.invalid([FieldError(field: "email", code: "taken", message: "is already one of your customers")])
                }
            }
            return StatusResponse(.created, CustomerDetail(customer: customer, addresses: []))
        }

        routes.get("/api/v1/vendor/customers/:customerId", summary: "A customer with their address book", access: .vendor(.vendorStaff), feature: "commerce") { _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("customerId", of: "Customer")
            return try await db.read(for: vendor) { tx in
                guard let customer = try await CustomerStore.customer(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Customer") }
                return CustomerDetail(customer: customer, addresses: try await CustomerStore.addresses(of: id, vendor: vendor.vendorId, on: tx))
            }
        }

        routes.patch("/api/v1/vendor/customers/:customerId", summary: "Change a customer's details or consent", access: .vendor(.vendorStaff), feature: "commerce",
                     body: CustomerInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("customerId", of: "Customer")
            return try await db.transaction(for: vendor) { tx in
                guard var customer = try await CustomerStore.customer(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Customer") }
                var validation = Validation()
                validation.check(input.email == nil || input.email?.lowercased() == customer.email, "email", "immutable", "cannot be changed; add a new customer")
                apply(input, to: &customer, validation: &validation, now: kernel.now())
                try validation.throwIfInvalid()
                customer.updatedAt = kernel.now()
                try await CustomerStore.update(customer, on: tx)
                return CustomerDetail(customer: customer, addresses: try await CustomerStore.addresses(of: id, vendor: vendor.vendorId, on: tx))
            }
        }

        routes.post("/api/v1/vendor/customers/:customerId/addresses", summary: "Add an address to a customer's book", access: .vendor(.vendorStaff), feature: "commerce",
                    body: AddressInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("customerId", of: "Customer")
            var validation = Validation()
            validation.requireText(input.name, "name")
            validation.requireText(input.line1, "line1")
            validation.requireText(input.postalCode, "postal_code", maxLength: 20)
            validation.requireText(input.city, "city")
            validation.check(TenancyRules.isCountryCode(input.country), "country", "invalid", "must be an ISO 3166 code such as LU")
            try validation.throwIfInvalid()
            let address = CustomerAddress(id: UUID.v7(now: kernel.now()), label: input.label ?? "", name: input.name, line1: input.line1, line2: input.line2,
                                          postalCode: input.postalCode, city: input.city, country: input.country, phone: input.phone,
                                          isDefaultShipping: input.isDefaultShipping ?? false, isDefaultBilling: input.isDefaultBilling ?? false)
            return StatusResponse(.created, try await db.transaction(for: vendor) { tx -> CustomerDetail in
                guard let customer = try await CustomerStore.customer(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Customer") }
                try await CustomerStore.add(address, to: id, vendor: vendor.vendorId, now: kernel.now(), on: tx)
                return CustomerDetail(customer: customer, addresses: try await CustomerStore.addresses(of: id, vendor: vendor.vendorId, on: tx))
            })
        }

        routes.delete("/api/v1/vendor/customers/:customerId/addresses/:addressId", summary: "Remove an address", access: .vendor(.vendorStaff), feature: "commerce") { _, context -> Response in
            let vendor = try context.requireVendor()
            let id = try context.id("customerId", of: "Customer")
            let address = try context.id("addressId", of: "Address")
            let removed = try await db.transaction(for: vendor) { try await CustomerStore.removeAddress(address, of: id, vendor: vendor.vendorId, on: $0) }
            guard removed else { throw Problem.notFound("Address") }
            return Response(status: .noContent)
        }

        routes.get("/api/v1/vendor/exports/customers.csv", summary: "All customers (or those matching q) as CSV, streamed page by page",
                   access: .vendor(.vendorManager), feature: "commerce.customer_export",
                   query: [QueryParameter(name: "q", description: "Only customers matching this.", schema: .object(["type": .string("string")]))]) { request, context -> Response in
            let vendor = try context.requireVendor()
            let text = request.uri.queryParameters["q"].map(String.init)
            // Rows are read and written a page at a time, so memory stays flat however many there are.
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: CSV.line(exportColumns)))
                var after: UUID?
                while true {
                    let page = try await db.read(for: vendor) {
                        try await CustomerStore.search(vendor: vendor.vendorId, text: text, after: after, limit: 1000, on: $0)
                    }
                    guard !page.isEmpty else { break }
                    var chunk = ""
                    for customer in page { chunk += CSV.line(row(customer)) }
                    try await writer.write(ByteBuffer(string: chunk))
                    after = page.last?.id
                    if page.count < 1000 { break }
                }
                try await writer.finish(nil)
            }
            let day = ISO8601DateFormatter.string(from: kernel.now(), timeZone: .gmt, formatOptions: [.withFullDate])
            return Response(status: .ok, headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"customers-\(day).csv\"",
            ], body: body)
        }
    }

    static func row(_ c: Customer) -> [String] {
        let date: (Date?) -> String = { $0.map(ISO8601Seconds.string) ?? "" }
        return [c.id.uuidString, c.email, c.firstName, c.lastName, c.phone ?? "", c.language, c.marketingConsent ? "yes" : "no",
                c.companyName ?? "", c.vatNumber ?? "", String(c.orderCount), String(c.totalSpentMinor), date(c.firstOrderAt),
                date(c.lastOrderAt), date(c.createdAt)]
    }

    static func apply(_ input: CustomerInput, to customer: inout Customer, validation: inout Validation, now: Date) {
        if let email = input.email {
            let normalized = email.trimmingCharacters(in: .whitespaces).lowercased()
            validation.check(TenancyRules.isEmail(normalized), "email", "invalid", "must be an e-mail address")
            customer.email = normalized
        }
        if let first = input.firstName { validation.check(first.count <= 100, "first_name", "too_long", "must be at most 100 characters"); customer.firstName = first }
        if let last = input.lastName { validation.check(last.count <= 100, "last_name", "too_long", "must be at most 100 characters"); customer.lastName = last }
        if let phone = input.phone {
            validation.check(phone.isEmpty || phone.allSatisfy { $0.isNumber || " +-()./".contains($0) } && phone.count <= 32, "phone", "invalid", "must be a phone number")
            customer.phone = phone.isEmpty ? nil : phone
        }
        if let language = input.language {
            validation.check(["fr", "de", "en", "lb", "pt", "nl", "it", "es"].contains(language), "language", "invalid", "must be one of fr, de, en, lb, pt, nl, it, es")
            customer.language = language
        }
        if let consent = input.marketingConsent, consent != customer.marketingConsent {
            customer.marketingConsent = consent
            // When consent was given is what a data-protection audit asks for.
            customer.marketingConsentAt = consent ? now : nil
        }
        if let company = input.companyName { customer.companyName = company.isEmpty ? nil : company }
        if let vat = input.vatNumber {
            let normalized = vat.uppercased().filter { $0.isLetter || $0.isNumber }
            validation.check(normalized.isEmpty || (normalized.count >= 4 && normalized.count <= 14 && normalized.prefix(2).allSatisfy(\.isLetter)),
                             "vat_number", "invalid", "must look like LU12345678")
            customer.vatNumber = normalized.isEmpty ? nil : normalized
        }
    }
}
