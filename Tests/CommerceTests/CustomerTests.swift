import AgoraTesting
@testable import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("Customers")
struct CustomerTests {
    struct Detail: Decodable { let customer: Customer; let addresses: [CustomerAddress] }
    struct PageBody: Decodable { let items: [Customer]; let nextCursor: String? }

    /// A vendor on OMS with an owner signed in; the tier decides whether exports are allowed.
    func owner(_ client: some TestClientProtocol, _ kernel: KernelServices, tier: String) async throws -> (UUID, Fixtures.Credential) {
        let oms = try await Fixtures.platform("oms", kernel: kernel)
        let vendor = try await kernel.database.transaction { tx -> UUID in
            let now = Date()
            let company = Company(id: UUID.v7(), name: "C", legalName: nil, addressLine1: nil, addressLine2: nil, postalCode: nil, city: nil,
                                  country: "LU", vatNumber: nil, email: nil, homePlatformId: oms.id, createdAt: now, updatedAt: now)
            try await TenancyStore.save(company, isNew: true, on: tx)
            let vendor = Vendor(id: UUID.v7(), companyId: company.id, slug: "farm-\(tier)", name: "Farm", country: "LU", currency: "EUR",
                                locale: "fr-LU", isActive: true, createdAt: now, updatedAt: now)
            try await TenancyStore.save(vendor, isNew: true, on: tx)
            _ = try await AdminTenantRoutes.join(vendor: vendor.id, platform: oms.id, tierCode: tier, now: now, on: tx)
            return vendor.id
        }
        try await Fixtures.user("owner@farm-\(tier).test", membership: Membership(id: UUID.v7(), role: .vendorOwner, vendorId: vendor), kernel: kernel)
        return (vendor, try await Fixtures.login(client, email: "owner@farm-\(tier).test", password: Fixtures.password))
    }

    @Test func customersWithAnAddressBookAndConsentTimestamps() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let (_, owner) = try await owner(client, kernel, tier: "essential")
            let created = try await client.execute(uri: "/oms/api/v1/vendor/customers", method: .post, headers: Fixtures.headers(owner), body: Fixtures.json(#"""
                {"email": " Marie.Weber@Example.LU ", "first_name": "Marie", "last_name": "Weber", "language": "lb", "marketing_consent": true,
                 "company_name": "Weber Sàrl", "vat_number": "lu 123.456-78"}
                """#))
            #expect(created.status == .created)
            let customer = try Fixtures.decode(Detail.self, from: created).customer
            #expect(customer.email == "marie.weber@example.lu")
            #expect(customer.vatNumber == "LU12345678")
            #expect(customer.marketingConsentAt != nil)

            let twice = try await client.execute(uri: "/oms/api/v1/vendor/customers", method: .post, headers: Fixtures.headers(owner),
                                                 body: Fixtures.json(#"{"email": "MARIE.WEBER@example.lu"}"#))
            #expect(twice.status == .unprocessableContent)
            #expect(String(buffer: twice.body).contains("taken"))

            for body in [#"{"name": "Home", "line1": "1 rue du Marché", "postal_code": "L-1234", "city": "Luxembourg", "country": "LU", "is_default_shipping": true}"#,
                         #"{"name": "Office", "line1": "2 Avenue", "postal_code": "L-2000", "city": "Esch", "country": "LU", "is_default_shipping": true, "is_default_billing": true}"#] {
                #expect(try await client.execute(uri: "/oms/api/v1/vendor/customers/\(customer.id)/addresses", method: .post, headers: Fixtures.headers(owner), body: Fixtures.json(body)).status == .created)
            }
            let bad = try await client.execute(uri: "/oms/api/v1/vendor/customers/\(customer.id)/addresses", method: .post, headers: Fixtures.headers(owner),
                                               body: Fixtures.json(#"{"name": "", "line1": "x", "postal_code": "1", "city": "x", "country": "Luxembourg"}"#))
            #expect(bad.status == .unprocessableContent)
            let detail = try Fixtures.decode(Detail.self, from: try await client.execute(uri: "/oms/api/v1/vendor/customers/\(customer.id)", method: .get, headers: Fixtures.headers(owner)))
            #expect(detail.addresses.count == 2)
            #expect(detail.addresses.filter(\.isDefaultShipping).map(\.name) == ["Office"])  // one default at a time

            let withdrawn = try await client.execute(uri: "/oms/api/v1/vendor/customers/\(customer.id)", method: .patch, headers: Fixtures.headers(owner),
                                                     body: Fixtures.json(#"{"marketing_consent": false}"#))
            #expect(try Fixtures.decode(Detail.self, from: withdrawn).customer.marketingConsentAt == nil)
            let search = try Fixtures.decode(PageBody.self, from: try await client.execute(uri: "/oms/api/v1/vendor/customers?q=sàrl", method: .get, headers: Fixtures.headers(owner)))
            #expect(search.items.map(\.id) == [customer.id])
        }
    }

    @Test func theExportNeedsProfessionalAndStreamsEveryCustomer() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let (_, essential) = try await owner(client, kernel, tier: "essential")
            let refused = try await client.execute(uri: "/oms/api/v1/vendor/exports/customers.csv", method: .get, headers: Fixtures.headers(essential))
            #expect(refused.status == .forbidden)
            #expect(String(buffer: refused.body).contains(#""code":"professional""#))

            let (vendor, professional) = try await owner(client, kernel, tier: "professional")
            // More rows than one page, so the export has to stream page after page.
            let subscription = try await kernel.database.read { try await TenancyStore.subscriptions(ofVendor: vendor, on: $0) }[0]
            let scope = VendorScope(vendorId: vendor, platformId: subscription.platformId, role: .vendorOwner, subscription: subscription)
            try await kernel.database.transaction(for: scope) { tx in
                let now = Date()
                for index in 0..<2_500 {
                    try await CustomerStore.insert(Customer(id: UUID.v7(), vendorId: vendor, email: "c\(index)@example.lu", firstName: index == 7 ? "=HYPERLINK(\"x\")" : "C",
                                                            lastName: "\(index)", phone: nil, language: "fr", marketingConsent: false, marketingConsentAt: nil,
                                                            companyName: nil, vatNumber: nil, orderCount: 0, totalSpentMinor: 0, firstOrderAt: nil, lastOrderAt: nil,
                                                            createdAt: now, updatedAt: now), on: tx)
                }
            }
            let export = try await client.execute(uri: "/oms/api/v1/vendor/exports/customers.csv", method: .get, headers: Fixtures.headers(professional))
            #expect(export.status == .ok)
            #expect(export.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = String(buffer: export.body).split(separator: "\r\n")
            #expect(lines.count == 2_501)
            #expect(lines[0] == "id,email,first_name,last_name,phone,language,marketing_consent,company_name,vat_number,order_count,total_spent_minor,first_order_at,last_order_at,created_at")
            #expect(String(buffer: export.body).contains(#""'=HYPERLINK(""x"")""#))
            let filtered = try await client.execute(uri: "/oms/api/v1/vendor/exports/customers.csv?q=c1999@", method: .get, headers: Fixtures.headers(professional))
            #expect(String(buffer: filtered.body).split(separator: "\r\n").count == 2)
        }
    }
}
