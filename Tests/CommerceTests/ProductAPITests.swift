import AgoraTesting
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("Product API")
struct ProductAPITests {
    struct ProductBody: Decodable { let product: Product }
    struct PageBody: Decodable { let items: [Product]; let nextCursor: String? }
    struct ProblemBody: Decodable { let code: String; let errors: [FieldError]?; let limit: Int? }

    /// A vendor on OMS (Essential) with a manager and a staff member, signed in.
    struct Shop {
        let vendor: UUID
        let manager: Fixtures.Credential
        let staff: Fixtures.Credential
    }

    func shop(_ slug: String, client: some TestClientProtocol, kernel: KernelServices) async throws -> Shop {
        let oms = try await Fixtures.platform("oms", kernel: kernel)
        let vendor = try await kernel.database.transaction { tx -> UUID in
            let now = Date()
            let company = Company(id: UUID.v7(), name: slug, legalName: nil, addressLine1: nil, addressLine2: nil, postalCode: nil, city: nil,
                                  country: "LU", vatNumber: nil, email: nil, homePlatformId: oms.id, createdAt: now, updatedAt: now)
            try await TenancyStore.save(company, isNew: true, on: tx)
            let vendor = Vendor(id: UUID.v7(), companyId: company.id, slug: slug, name: slug, country: "LU", currency: "EUR", locale: "fr-LU",
                                isActive: true, createdAt: now, updatedAt: now)
            try await TenancyStore.save(vendor, isNew: true, on: tx)
            _ = try await AdminTenantRoutes.join(vendor: vendor.id, platform: oms.id, tierCode: "essential", now: now, on: tx)
            return vendor.id
        }
        try await Fixtures.user("manager@\(slug).test", membership: Membership(id: UUID.v7(), role: .vendorManager, vendorId: vendor), kernel: kernel)
        try await Fixtures.user("staff@\(slug).test", membership: Membership(id: UUID.v7(), role: .vendorStaff, vendorId: vendor), kernel: kernel)
        return Shop(vendor: vendor,
                    manager: try await Fixtures.login(client, email: "manager@\(slug).test", password: Fixtures.password),
                    staff: try await Fixtures.login(client, email: "staff@\(slug).test", password: Fixtures.password))
    }

    static let coffee = #"""
        {"name": "Espresso Blend", "description": "Dark roast", "status": "active", "vat_rate_class": "reduced",
         "variants": [{"sku": "ESP-250", "barcode": "4006381333931", "title": "250 g", "price_minor": 890},
                      {"sku": "ESP-1000", "title": "1 kg", "price_minor": 2990}],
         "images": [{"url": "https://cdn.example.lu/espresso.jpg", "alt": "A bag of espresso"}]}
        """#

    @Test func managersCreateSearchChangeAndDeleteProducts() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let shop = try await shop("roastery", client: client, kernel: kernel)
            let created = try await client.execute(uri: "/oms/api/v1/vendor/products", method: .post, headers: Fixtures.headers(shop.manager), body: Fixtures.json(Self.coffee))
            #expect(created.status == .created)
            let product = try Fixtures.decode(ProductBody.self, from: created).product
            #expect(product.variants.map(\.sku) == ["ESP-250", "ESP-1000"])
            #expect(product.currency == "EUR")
            #expect(product.vatRateClass == .reduced)

            let cheese = try await client.execute(uri: "/oms/api/v1/vendor/products", method: .post, headers: Fixtures.headers(shop.manager), body: Fixtures.json(#"""
                {"name": "Gouda by weight", "weight": {"unit": "kg", "minimum_milli": 200, "step_milli": 50, "average_unit_weight_milli": 450},
                 "variants": [{"sku": "GOUDA-KG", "price_minor": 2400}]}
                """#))
            #expect(cheese.status == .created)
            #expect(try Fixtures.decode(ProductBody.self, from: cheese).product.weight?.minimumMilli == 200)

            for (query, expected) in [("q=espresso", ["Espresso Blend"]), ("q=ESP-1000", ["Espresso Blend"]), ("q=4006381333931", ["Espresso Blend"]),
                                      ("q=gouda", ["Gouda by weight"]), ("status=draft", ["Gouda by weight"]), ("", ["Espresso Blend", "Gouda by weight"])] {
                let page = try Fixtures.decode(PageBody.self, from: try await client.execute(uri: "/oms/api/v1/vendor/products?\(query)", method: .get, headers: Fixtures.headers(shop.staff)))
                #expect(page.items.map(\.name) == expected, "\(query)")
            }

            // Staff read but do not write.
            #expect(try await client.execute(uri: "/oms/api/v1/vendor/products", method: .post, headers: Fixtures.headers(shop.staff), body: Fixtures.json(Self.coffee)).status == .forbidden)

            // Variants are matched by SKU: the kept one keeps its id.
            let patch = try await client.execute(uri: "/oms/api/v1/vendor/products/\(product.id)", method: .patch, headers: Fixtures.headers(shop.manager),
                                                 body: Fixtures.json(#"{"variants": [{"sku": "ESP-250", "price_minor": 950}, {"sku": "ESP-500", "price_minor": 1690}]}"#))
            #expect(patch.status == .ok)
            let changed = try Fixtures.decode(ProductBody.self, from: patch).product
            #expect(changed.variants.map(\.sku) == ["ESP-250", "ESP-500"])
            #expect(changed.variants[0].id == product.variants[0].id)
            #expect(changed.variants[0].priceMinor == 950)

            #expect(try await client.execute(uri: "/oms/api/v1/vendor/products/\(product.id)", method: .delete, headers: Fixtures.headers(shop.manager)).status == .noContent)
            #expect(try await client.execute(uri: "/oms/api/v1/vendor/products/\(product.id)", method: .get, headers: Fixtures.headers(shop.staff)).status == .notFound)
        }
    }

    @Test func badInputNamesTheFieldsAndWritesNothing() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let shop = try await shop("careless", client: client, kernel: kernel)
            let response = try await client.execute(uri: "/oms/api/v1/vendor/products", method: .post, headers: Fixtures.headers(shop.manager), body: Fixtures.json(#"""
                {"name": "", "weight": {"unit": "kg", "minimum_milli": 0, "step_milli": 10},
                 "variants": [{"sku": "A 1", "barcode": "4006381333932", "price_minor": -5}, {"sku": "B", "price_minor": 1}, {"sku": "b", "price_minor": 1}],
                 "images": [{"url": "javascript:alert(1)", "alt": ""}]}
                """#))
            #expect(response.status == .unprocessableContent)
            let fields = Set(try Fixtures.decode(ProblemBody.self, from: response).errors?.map(\.field) ?? [])
            #expect(fields == ["name", "weight.minimum_milli", "variants[0].sku", "variants[0].barcode", "variants[0].price_minor", "variants[2].sku", "images[0].url"])
            let wrongType = try await client.execute(uri: "/oms/api/v1/vendor/products", method: .post, headers: Fixtures.headers(shop.manager),
                                                     body: Fixtures.json(#"{"name": "X", "variants": [{"sku": "X", "price_minor": "cheap"}]}"#))
            #expect(wrongType.status == .unprocessableContent)
            #expect(try Fixtures.decode(ProblemBody.self, from: wrongType).errors?.first?.field == "variants[0].price_minor")

            // A SKU belongs to one product.
            #expect(try await client.execute(uri: "/oms/api/v1/vendor/products", method: .post, headers: Fixtures.headers(shop.manager), body: Fixtures.json(Self.coffee)).status == .created)
            let again = try await client.execute(uri: "/oms/api/v1/vendor/products", method: .post, headers: Fixtures.headers(shop.manager), body: Fixtures.json(Self.coffee))
            #expect(again.status == .unprocessableContent)
            #expect(try Fixtures.decode(ProblemBody.self, from: again).errors?.first?.code == "taken")
            let page = try Fixtures.decode(PageBody.self, from: try await client.execute(uri: "/oms/api/v1/vendor/products", method: .get, headers: Fixtures.headers(shop.staff)))
            #expect(page.items.count == 1)
        }
    }

    @Test func theProductCountIsATierLimitAndDeletingFreesAPlace() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let shop = try await shop("tiny", client: client, kernel: kernel)
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            try await kernel.database.transaction { tx in
                var essential = try await TenancyStore.tiers(of: oms.id, on: tx).first { $0.code == "essential" }!
                #expect(essential.limits["commerce.products"] == 200)
                essential.limits["commerce.products"] = 2
                try await TenancyStore.upsert(essential, on: tx)
            }
            var ids: [UUID] = []
            for index in 0..<2 {
                let body = #"{"name": "P\#(index)", "variants": [{"sku": "SKU-\#(index)", "price_minor": 100}]}"#
                let response = try await client.execute(uri: "/oms/api/v1/vendor/products", method: .post, headers: Fixtures.headers(shop.manager), body: Fixtures.json(body))
                ids.append(try Fixtures.decode(ProductBody.self, from: response).product.id)
            }
            let third = try await client.execute(uri: "/oms/api/v1/vendor/products", method: .post, headers: Fixtures.headers(shop.manager),
                                                 body: Fixtures.json(#"{"name": "P2", "variants": [{"sku": "SKU-2", "price_minor": 100}]}"#))
            #expect(third.status == .forbidden)
            #expect(try Fixtures.decode(ProblemBody.self, from: third).code == "limit_reached")
            #expect(try Fixtures.decode(ProblemBody.self, from: third).limit == 2)
            #expect(try await client.execute(uri: "/oms/api/v1/vendor/products/\(ids[0])", method: .delete, headers: Fixtures.headers(shop.manager)).status == .noContent)
            let retry = try await client.execute(uri: "/oms/api/v1/vendor/products", method: .post, headers: Fixtures.headers(shop.manager),
                                                 body: Fixtures.json(#"{"name": "P2", "variants": [{"sku": "SKU-2", "price_minor": 100}]}"#))
            #expect(retry.status == .created)
        }
    }

    @Test func anotherVendorsProductsAreInvisibleAndTheLoyaltyPlatformHasNoCatalog() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let mine = try await shop("mine", client: client, kernel: kernel)
            let theirs = try await shop("theirs", client: client, kernel: kernel)
            let created = try await client.execute(uri: "/oms/api/v1/vendor/products", method: .post, headers: Fixtures.headers(theirs.manager), body: Fixtures.json(Self.coffee))
            let product = try Fixtures.decode(ProductBody.self, from: created).product
            for (method, body) in [(HTTPRequest.Method.get, nil), (.patch, #"{"name": "Mine now"}"#), (.delete, nil)] as [(HTTPRequest.Method, String?)] {
                let response = try await client.execute(uri: "/oms/api/v1/vendor/products/\(product.id)", method: method, headers: Fixtures.headers(mine.manager), body: body.map(Fixtures.json))
                #expect(response.status == .notFound, "\(method)")
            }
            let list = try Fixtures.decode(PageBody.self, from: try await client.execute(uri: "/oms/api/v1/vendor/products?q=ESP-250", method: .get, headers: Fixtures.headers(mine.staff)))
            #expect(list.items.isEmpty)
            // The loyalty platform does not offer Commerce: the catalog does not exist there.
            #expect(try await client.execute(uri: "/loyalty/api/v1/vendor/products", method: .get, headers: Fixtures.headers(mine.staff)).status == .notFound)
            #expect(try await client.execute(uri: "/loyalty/api/v1/vendor/products", method: .get).status == .notFound)
        }
    }
}
