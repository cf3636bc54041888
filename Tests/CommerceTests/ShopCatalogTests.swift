import AgoraTesting
@testable import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

/// The shop's catalog through the JSON API: the storefront's filters and sorts are the API's
/// query parameters, and without them the list is what it always was.
@Suite("Shop catalog")
struct ShopCatalogTests {
    struct Item: Decodable { let name: String }
    struct Items: Decodable { let items: [Item]; let nextCursor: String? }
    struct ProblemBody: Decodable { let code: String }

    @Test func filtersSortsAndPagesKeepTheirOrder() async throws {
        try await CheckoutTests().withShop { shop in
            // Honey (9,00 €, 10 in stock) comes with the shop; cheese by weight and jam have no stock.
            for body in [#"{"name": "Cheese", "status": "active", "weight": {"unit": "kg", "minimum_milli": 200, "step_milli": 50}, "variants": [{"sku": "CHEESE", "price_minor": 2400}]}"#,
                         #"{"name": "apricot jam", "status": "active", "variants": [{"sku": "JAM-S", "price_minor": 450}, {"sku": "JAM-L", "price_minor": 1200}]}"#] {
                #expect(try await shop.vendor(.post, "/products", body).status == .created)
            }
            func names(_ query: String) async throws -> [String] {
                let response = try await shop.shop(.get, "/products" + query)
                #expect(response.status == .ok, "\(query): \(String(buffer: response.body))")
                return try Fixtures.decode(Items.self, from: response).items.map(\.name)
            }
            #expect(try await names("") == ["Honey", "Cheese", "apricot jam"])
            #expect(try await names("?sort=newest") == ["apricot jam", "Cheese", "Honey"])
            #expect(try await names("?sort=name") == ["apricot jam", "Cheese", "Honey"])
            // By the cheapest variant: the jam is from 4,50 €.
            #expect(try await names("?sort=price_asc") == ["apricot jam", "Honey", "Cheese"])
            #expect(try await names("?sort=price_desc") == ["Cheese", "Honey", "apricot jam"])
            #expect(try await names("?sold_by=weight") == ["Cheese"])
            #expect(try await names("?sold_by=piece&sort=name") == ["apricot jam", "Honey"])
            #expect(try await names("?in_stock=true") == ["Honey"])
            #expect(try await names("?q=JAM-L") == ["apricot jam"])

            for sort in ["created", "newest", "name", "price_asc", "price_desc"] {
                var seen: [String] = []
                var cursor: String?
                repeat {
                    let page = try Fixtures.decode(Items.self, from: try await shop.shop(.get, "/products?limit=1&sort=\(sort)" + (cursor.map { "&cursor=\($0)" } ?? "")))
                    seen += page.items.map(\.name)
                    cursor = page.nextCursor?.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
                } while cursor != nil && seen.count < 5
                #expect(seen == (try await names("?sort=\(sort)")), "\(sort)")
            }

            for query in ["?sort=cheapest", "?sold_by=litre", "?in_stock=yes"] {
                let refused = try await shop.shop(.get, "/products" + query)
                #expect(refused.status == .badRequest, "\(query)")
                #expect(try Fixtures.decode(ProblemBody.self, from: refused).code == "invalid_parameter")
            }
        }
    }
}
