import AgoraTesting
@testable import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

/// The shop: carts, checkout under an Idempotency-Key, payments, shop accounts, and that
/// stock can never be oversold.
@Suite("Checkout")
struct CheckoutTests {
    struct ProductBody: Decodable { let product: Product }
    struct Location: Decodable { let id: UUID }
    struct CheckoutBody: Decodable { let order: ShopOrderView; let payment: Payment }
    struct ShopOrderView: Decodable { let id: UUID; let number: String; let status: OrderStatus; let totalMinor: Int; let lines: [OrderLine]; let history: [Step] }
    struct Step: Decodable { let status: OrderStatus }
    struct VendorDetail: Decodable { let order: Order; let payments: [Payment]; let timeline: [OrderTimelineEntry] }
    struct Level: Decodable { let variantId: UUID; let locationId: UUID; let onHandMilli: Int; let reservedMilli: Int; let availableMilli: Int }
    struct Levels: Decodable { let items: [Level] }
    struct ProblemBody: Decodable { let code: String; let errors: [FieldError]? }
    struct SignedIn: Decodable { let token: String }
    struct OrderPage: Decodable { let items: [Order] }

    /// A shop with one product (Honey, €9.00) and `stock` pieces in one location.
    struct Shop {
        let client: any TestClientProtocol
        let kernel: KernelServices
        let owner: Fixtures.Credential
        let variant: UUID
        let product: UUID
        let location: UUID

        func vendor(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) async throws -> TestResponse {
            try await client.execute(uri: "/oms/api/v1/vendor" + path, method: method, headers: Fixtures.headers(owner), body: body.map(Fixtures.json))
        }

        func shop(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, key: String? = nil, customer: String? = nil) async throws -> TestResponse {
            var headers = Fixtures.headers()
            if let key { headers[Idempotency.header] = key }
            if let customer { headers[ShopAccounts.tokenHeader] = customer }
            return try await client.execute(uri: "/oms/api/v1/shops/market" + path, method: method, headers: headers, body: body.map(Fixtures.json))
        }

        func newCart(_ pieces: Int, customer: String? = nil) async throws -> UUID {
            struct CartBody: Decodable { let id: UUID }
            let cart = try Fixtures.decode(CartBody.self, from: try await shop(.post, "/carts", customer: customer)).id
            let put = try await shop(.put, "/carts/\(cart)/lines/\(variant)", #"{"quantity_milli": \#(pieces * 1000)}"#, customer: customer)
            #expect(put.status == .ok, "\(String(buffer: put.body))")
            return cart
        }

        func level() async throws -> Level {
            try Fixtures.decode(Levels.self, from: try await vendor(.get, "/stock/levels")).items.first { $0.variantId == variant }!
        }

        /// The ledger adds up to the level.
        func expectLedgerMatches() async throws {
            struct Sums: Decodable { let onHand: Int; let reserved: Int }
            let vendorId = try await kernel.database.read { try await TenancyStore.vendor(slug: "market", on: $0)!.id }
            let sums = try await kernel.database.transaction(forVendor: vendorId) { tx in
                try await tx.sql.raw("""
                    SELECT CAST(COALESCE(SUM(on_hand_delta), 0) AS BIGINT) AS on_hand, CAST(COALESCE(SUM(reserved_delta), 0) AS BIGINT) AS reserved
                    FROM commerce_stock_entries WHERE variant_id = \(bind: variant)
                    """).row(Sums.self)!
            }
            let level = try await level()
            #expect(sums.onHand == level.onHandMilli)
            #expect(sums.reserved == level.reservedMilli)
        }
    }

    static let checkoutBody = #"""
        {"email": "lea@example.lu", "first_name": "Léa", "last_name": "Muller", "payment_method": "bank_transfer",
         "billing_address": {"name": "Léa Muller", "line1": "2 rue du Marché", "postal_code": "L-1111", "city": "Luxembourg", "country": "LU"}}
        """#

    func withShop(stock: Int = 10, _ body: @escaping @Sendable (Shop) async throws -> Void) async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let owner = try await OrderTests().vendorOwner(client, kernel)
            func vendor(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) async throws -> TestResponse {
                try await client.execute(uri: "/oms/api/v1/vendor" + path, method: method, headers: Fixtures.headers(owner), body: body.map(Fixtures.json))
            }
            let product = try Fixtures.decode(ProductBody.self, from: try await vendor(.post, "/products", #"""
                {"name": "Honey", "status": "active", "vat_rate_class": "reduced", "variants": [{"sku": "HONEY", "price_minor": 900}]}
                """#)).product
            let location = try Fixtures.decode(Location.self, from: try await vendor(.post, "/stock/locations", #"{"name": "Barn", "kind": "warehouse"}"#)).id
            let receipt = try await vendor(.post, "/stock/movements", #"""
                {"kind": "receipt", "variant_id": "\#(product.variants[0].id)", "location_id": "\#(location)", "quantity_milli": \#(stock * 1000)}
                """#)
            #expect(receipt.status == .created || receipt.status == .ok)
            let settings = try await vendor(.put, "/shop-settings", #"""
                {"bank_transfer_enabled": true, "account_holder": "Market Sàrl", "iban": "LU28 0019 4006 4475 0000", "bic": "BCEELULL",
                 "pay_at_pickup_enabled": true, "pickup_instructions": "Saturday market, stand 4.", "payment_days": 5}
                """#)
            #expect(settings.status == .ok, "\(String(buffer: settings.body))")
            try await body(Shop(client: client, kernel: kernel, owner: owner, variant: product.variants[0].id, product: product.id, location: location))
        }
    }

    @Test("IBAN check digits", arguments: [("LU28 0019 4006 4475 0000", true), ("DE89370400440532013000", true), ("FR1420041010050500013M02606", true),
                                           ("LU29 0019 4006 4475 0000", false), ("LU28", false), ("XX00 0000 0000 0000", false)])
    func iban(_ text: String, _ valid: Bool) {
        #expect((IBAN.normalized(text) != nil) == valid)
    }

    @Test func aProductArchivedAfterItWentIntoTheCartIsRefusedAtCheckoutAndNothingIsKept() async throws {
        try await withShop { shop in
            let cart = try await shop.newCart(2)
            #expect(try await shop.vendor(.patch, "/products/\(shop.product)", #"{"status": "archived"}"#).status == .ok)
            let refused = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody, key: "archived")
            #expect(refused.status == .unprocessableContent, "\(String(buffer: refused.body))")
            #expect(try Fixtures.decode(ProblemBody.self, from: refused).errors?.map(\.field) == ["lines[0].variant_id"])
            // The refusal rolled everything back: nothing reserved, no order, the cart still open.
            let level = try await shop.level()
            #expect((level.onHandMilli, level.reservedMilli) == (10000, 0))
            #expect(try Fixtures.decode(OrderPage.self, from: try await shop.vendor(.get, "/orders")).items.isEmpty)
            #expect(try await shop.vendor(.patch, "/products/\(shop.product)", #"{"status": "active"}"#).status == .ok)
            let again = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody, key: "active-again")
            #expect(again.status == .created, "\(String(buffer: again.body))")
        }
    }

    @Test func aGuestChecksOutOnceAndTheVendorConfirmsThePaymentAndShips() async throws {
        try await withShop { shop in
            struct Info: Decodable { let paymentMethods: [PaymentMethod] }
            #expect(try Fixtures.decode(Info.self, from: try await shop.shop(.get, "")).paymentMethods == [.bankTransfer, .payAtPickup])
            #expect(try await shop.client.execute(uri: "/oms/api/v1/shops/nobody", method: .get).status == .notFound)

            let cart = try await shop.newCart(3)
            // Stock and quantity rules are checked when the cart changes.
            let tooMany = try await shop.shop(.put, "/carts/\(cart)/lines/\(shop.variant)", #"{"quantity_milli": 11000}"#)
            #expect(tooMany.status == .conflict)
            #expect(try Fixtures.decode(ProblemBody.self, from: tooMany).code == "insufficient_stock")
            #expect(try await shop.shop(.put, "/carts/\(cart)/lines/\(shop.variant)", #"{"quantity_milli": 1500}"#).status == .unprocessableContent)
            #expect(try await shop.shop(.put, "/carts/\(cart)/lines/\(UUID())", #"{"quantity_milli": 1000}"#).status == .notFound)

            let noKey = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody)
            #expect(noKey.status == .badRequest)
            #expect(try Fixtures.decode(ProblemBody.self, from: noKey).code == "idempotency_key_required")
            let noEmail = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody.replacingOccurrences(of: "lea@example.lu", with: "nope"), key: "k0")
            #expect(noEmail.status == .unprocessableContent)
            #expect(try Fixtures.decode(ProblemBody.self, from: noEmail).errors?.map(\.field) == ["email"])

            let placed = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody, key: "k1")
            #expect(placed.status == .created, "\(String(buffer: placed.body))")
            let result = try Fixtures.decode(CheckoutBody.self, from: placed)
            #expect(result.order.status == .pending)
            #expect(result.order.totalMinor == 2700)
            #expect(result.payment.method == .bankTransfer)
            #expect(result.payment.instructions.contains("LU28 0019 4006 4475 0000"))
            #expect(result.payment.reference == "ORDER \(result.order.number)")

            // The retry gets the same order; the same key for another request is refused.
            let retry = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody, key: "k1")
            #expect(retry.status == .created)
            #expect(retry.headers[Idempotency.replayedHeader] == "true")
            #expect(try Fixtures.decode(CheckoutBody.self, from: retry).order.id == result.order.id)
            let reused = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody.replacingOccurrences(of: "bank_transfer", with: "pay_at_pickup"), key: "k1")
            #expect(reused.status == .unprocessableContent)
            #expect(try Fixtures.decode(ProblemBody.self, from: reused).code == "idempotency_key_reused")
            let again = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody, key: "k2")
            #expect(try Fixtures.decode(ProblemBody.self, from: again).code == "cart_checked_out")
            #expect(try await shop.shop(.put, "/carts/\(cart)/lines/\(shop.variant)", #"{"quantity_milli": 1000}"#).status == .conflict)

            var level = try await shop.level()
            #expect((level.onHandMilli, level.reservedMilli, level.availableMilli) == (10000, 3000, 7000))

            let confirmed = try await shop.vendor(.post, "/orders/\(result.order.id)/payment/confirm", "{}")
            #expect(confirmed.status == .ok, "\(String(buffer: confirmed.body))")
            let detail = try Fixtures.decode(VendorDetail.self, from: confirmed)
            #expect(detail.order.status == .confirmed)
            #expect(detail.payments.map(\.status) == [.paid])
            #expect(detail.order.channel == .web)
            #expect(try Fixtures.decode(ProblemBody.self, from: try await shop.vendor(.post, "/orders/\(result.order.id)/payment/confirm", "{}")).code == "no_pending_payment")

            #expect(try await shop.vendor(.post, "/orders/\(result.order.id)/status", #"{"status": "shipped", "tracking_number": "LU123"}"#).status == .ok)
            level = try await shop.level()
            #expect((level.onHandMilli, level.reservedMilli) == (7000, 0))
            try await shop.expectLedgerMatches()
        }
    }

    @Test func aReturningGuestIsTheSameCustomer() async throws {
        try await withShop { shop in
            struct CustomerPage: Decodable { let items: [Customer] }
            let first = try await shop.shop(.post, "/carts/\(try await shop.newCart(1))/checkout", Self.checkoutBody, key: "first-visit")
            #expect(first.status == .created, "\(String(buffer: first.body))")
            // The same address typed differently on the second visit.
            let again = Self.checkoutBody.replacingOccurrences(of: #""lea@example.lu""#, with: #""Lea@Example.LU""#)
            let second = try await shop.shop(.post, "/carts/\(try await shop.newCart(1))/checkout", again, key: "second-visit")
            #expect(second.status == .created, "\(String(buffer: second.body))")
            let customers = try Fixtures.decode(CustomerPage.self, from: try await shop.vendor(.get, "/customers")).items
            #expect(customers.map(\.email) == ["lea@example.lu"])
            let orders = try Fixtures.decode(OrderPage.self, from: try await shop.vendor(.get, "/orders")).items
            #expect(orders.count == 2)
            #expect(Set(orders.map(\.customerId)) == [customers.first?.id])
        }
    }

    @Test func aPriceChangeIsShownBeforeTheOrderIsPlaced() async throws {
        try await withShop { shop in
            let cart = try await shop.newCart(2)
            #expect(try await shop.vendor(.patch, "/products/\(shop.product)", #"{"variants": [{"sku": "HONEY", "price_minor": 950}]}"#).status == .ok)
            let refused = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody, key: "p1")
            #expect(refused.status == .conflict)
            #expect(try Fixtures.decode(ProblemBody.self, from: refused).code == "price_changed")
            // Nothing was kept from the refused attempt; the retry sees the new price and goes through.
            #expect(try await shop.level().reservedMilli == 0)
            let placed = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody, key: "p1")
            #expect(placed.status == .created, "\(String(buffer: placed.body))")
            #expect(try Fixtures.decode(CheckoutBody.self, from: placed).order.totalMinor == 1900)
        }
    }

    @Test func cancellingAnOrderOrLeavingItUnpaidReleasesItsStock() async throws {
        try await withShop { shop in
            let first = try Fixtures.decode(CheckoutBody.self, from: try await shop.shop(.post, "/carts/\(try await shop.newCart(4))/checkout", Self.checkoutBody, key: "c1"))
            let second = try Fixtures.decode(CheckoutBody.self, from: try await shop.shop(.post, "/carts/\(try await shop.newCart(5))/checkout", Self.checkoutBody, key: "c2"))
            #expect(try await shop.level().reservedMilli == 9000)

            let cancelled = try Fixtures.decode(VendorDetail.self, from: try await shop.vendor(.post, "/orders/\(first.order.id)/status", #"{"status": "cancelled"}"#))
            #expect(cancelled.payments.map(\.status) == [.cancelled])
            #expect(try await shop.level().reservedMilli == 5000)

            // Five payment days later the unpaid order is cancelled and its stock released.
            let expiry = ReservationExpiry(kernel: shop.kernel, interval: .seconds(30))
            #expect(try await expiry.releaseExpired(now: Date().addingTimeInterval(4 * 86400)) == 0)
            #expect(try await expiry.releaseExpired(now: Date().addingTimeInterval(6 * 86400)) == 1)
            let detail = try Fixtures.decode(VendorDetail.self, from: try await shop.vendor(.get, "/orders/\(second.order.id)"))
            #expect(detail.order.status == .cancelled)
            #expect(detail.timeline.last?.actor == "system")
            #expect(try await shop.level().reservedMilli == 0)
            try await shop.expectLedgerMatches()

            // An open cart left alone for a month is forgotten; carts that became orders stay.
            let abandoned = try await shop.newCart(1)
            try await expiry.forgetAbandoned(now: Date().addingTimeInterval(31 * 86400))
            #expect(try await shop.shop(.get, "/carts/\(abandoned)").status == .notFound)
            #expect(try await shop.vendor(.get, "/orders/\(first.order.id)").status == .ok)
        }
    }

    @Test func fiftyConcurrentCheckoutsForTenPiecesMakeExactlyTenOrders() async throws {
        try await withShop(stock: 10) { shop in
            var carts: [UUID] = []
            for _ in 0..<50 { carts.append(try await shop.newCart(1)) }
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
                for (index, cart) in carts.enumerated() {
                    group.addTask {
                        let body = Self.checkoutBody.replacingOccurrences(of: "lea@", with: "buyer\(index)@")
                        let response = try await shop.shop(.post, "/carts/\(cart)/checkout", body, key: "rush-\(index)")
                        return (response.status, response.status == .created ? "" : try Fixtures.decode(ProblemBody.self, from: response).code)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0.0 == .created }.count == 10)
            #expect(statuses.filter { $0.0 == .conflict && $0.1 == "insufficient_stock" }.count == 40)
            let orders = try Fixtures.decode(OrderPage.self, from: try await shop.vendor(.get, "/orders?channel=web&limit=100")).items
            #expect(orders.count == 10)
            let level = try await shop.level()
            #expect((level.onHandMilli, level.reservedMilli, level.availableMilli) == (10000, 10000, 0))
            try await shop.expectLedgerMatches()
        }
    }

    @Test func concurrentRetriesWithOneKeyPlaceOneOrder() async throws {
        try await withShop { shop in
            let cart = try await shop.newCart(1)
            let ids = try await withThrowingTaskGroup(of: UUID?.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let response = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody, key: "same")
                        return response.status == .created ? try Fixtures.decode(CheckoutBody.self, from: response).order.id : nil
                    }
                }
                return try await group.reduce(into: [UUID?]()) { $0.append($1) }
            }
            #expect(Set(ids.compactMap { $0 }).count == 1)
            #expect(ids.allSatisfy { $0 != nil })
            #expect(try Fixtures.decode(OrderPage.self, from: try await shop.vendor(.get, "/orders")).items.count == 1)
        }
    }

    @Test func shopAccountsAreSeparateFromStaffAndSeeOnlyTheirOwnOrders() async throws {
        try await withShop { shop in
            let register = #"{"email": "Tom@Example.lu", "password": "a-long-password", "first_name": "Tom", "last_name": "Weber"}"#
            let created = try await shop.shop(.post, "/account", register)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            #expect(created.headers[.setCookie]?.contains("HttpOnly") == true)
            #expect(try Fixtures.decode(ProblemBody.self, from: try await shop.shop(.post, "/account", register)).errors?.first?.code == "taken")
            #expect(try await shop.shop(.post, "/account", #"{"email": "x@example.lu", "password": "short", "first_name": "X", "last_name": "Y"}"#).status == .unprocessableContent)
            // A shop account cannot sign in to the staff API.
            #expect(try await shop.client.execute(uri: "/oms/api/v1/auth/login", method: .post, headers: Fixtures.headers(),
                                                  body: Fixtures.json(#"{"email": "tom@example.lu", "password": "a-long-password"}"#)).status == .unauthorized)

            for _ in 0..<5 {
                #expect(try await shop.shop(.post, "/account/sessions", #"{"email": "tom@example.lu", "password": "wrong-password"}"#).status == .unauthorized)
            }
            #expect(try await shop.shop(.post, "/account/sessions", #"{"email": "tom@example.lu", "password": "a-long-password"}"#).status == .tooManyRequests)
            let vendorId = try await shop.kernel.database.read { try await TenancyStore.vendor(slug: "market", on: $0)!.id }
            try await shop.kernel.database.transaction(forVendor: vendorId) { tx in
                try await tx.sql.raw("DELETE FROM commerce_customer_login_failures").run()
            }
            let token = try Fixtures.decode(SignedIn.self, from: try await shop.shop(.post, "/account/sessions", #"{"email": "tom@example.lu", "password": "a-long-password"}"#)).token

            // A guest order with Tom's e-mail stays out of his history; his signed-in order is in it.
            _ = try await shop.shop(.post, "/carts/\(try await shop.newCart(1))/checkout",
                                    Self.checkoutBody.replacingOccurrences(of: "lea@example.lu", with: "tom@example.lu"), key: "guest")
            let cart = try await shop.newCart(2, customer: token)
            #expect(try await shop.shop(.get, "/carts/\(cart)").status == .notFound)
            let mine = try await shop.shop(.post, "/carts/\(cart)/checkout",
                                           #"{"payment_method": "pay_at_pickup", "billing_address": {"name": "Tom Weber", "line1": "1 Grand-Rue", "postal_code": "L-1660", "city": "Luxembourg", "country": "LU"}}"#,
                                           key: "tom-1", customer: token)
            #expect(mine.status == .created, "\(String(buffer: mine.body))")
            let order = try Fixtures.decode(CheckoutBody.self, from: mine).order
            let history = try Fixtures.decode(OrderPage.self, from: try await shop.shop(.get, "/account/orders", customer: token)).items
            #expect(history.map(\.id) == [order.id])
            #expect(try await shop.shop(.get, "/account/orders/\(order.id)", customer: token).status == .ok)
            #expect(try await shop.shop(.get, "/account/orders", customer: "forged").status == .unauthorized)
            #expect(try await shop.shop(.get, "/account/orders").status == .unauthorized)

            let other = try Fixtures.decode(SignedIn.self, from: try await shop.shop(.post, "/account",
                #"{"email": "eve@example.lu", "password": "another-password", "first_name": "Eve", "last_name": "X"}"#)).token
            #expect(try await shop.shop(.get, "/account/orders/\(order.id)", customer: other).status == .notFound)

            #expect(try await shop.shop(.delete, "/account/sessions/current", customer: token).status == .noContent)
            #expect(try await shop.shop(.get, "/account", customer: token).status == .unauthorized)
        }
    }

    @Test func refusalsLeaveTheCartOpenAndTheStockUntouched() async throws {
        try await withShop { shop in
            let cart = try await shop.newCart(1)
            // Another shop's cart, the loyalty platform (no commerce there), malformed input.
            let company = try await ShopFixtures.company("Other", kernel: shop.kernel)
            _ = try await ShopFixtures.vendor("other-shop", company: company, tier: "essential", kernel: shop.kernel)
            #expect(try await shop.client.execute(uri: "/oms/api/v1/shops/other-shop/carts/\(cart)", method: .get).status == .notFound)
            #expect(try await shop.client.execute(uri: "/loyalty/api/v1/shops/market/carts", method: .post).status == .notFound)
            let badAddress = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody.replacingOccurrences(of: #""LU"}"#, with: #""Luxembourg"}"#), key: "m1")
            #expect(try Fixtures.decode(ProblemBody.self, from: badAddress).errors?.map(\.field) == ["billing_address.country"])
            #expect(try await shop.shop(.post, "/carts/\(cart)/checkout", #"{"email": 3"#, key: "m2").status == .badRequest)
            #expect(try await shop.shop(.put, "/carts/\(cart)/lines/\(shop.variant)", #"{"quantity_milli": -1000}"#).status == .unprocessableContent)
            #expect(try await shop.shop(.post, "/carts/not-a-cart/checkout", Self.checkoutBody, key: "m3").status == .notFound)  // a malformed id is unknown

            // The monthly order limit counts shop orders too (Essential: 100).
            #expect(try await shop.shop(.post, "/carts/\(try await shop.newCart(1))/checkout", Self.checkoutBody, key: "l1").status == .created)
            let vendorId = try await shop.kernel.database.read { try await TenancyStore.vendor(slug: "market", on: $0)!.id }
            try await shop.kernel.database.transaction(forVendor: vendorId) { tx in
                try await tx.sql.raw("UPDATE usage_counters SET used = 100 WHERE limit_key = 'commerce.orders_per_month'").run()
            }
            let refused = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody, key: "l2")
            #expect(refused.status == .forbidden)
            #expect(try Fixtures.decode(ProblemBody.self, from: refused).code == "limit_reached")
            #expect(try await shop.level().reservedMilli == 1000)  // only the order that went through
            struct CartBody: Decodable { let status: String }
            #expect(try Fixtures.decode(CartBody.self, from: try await shop.shop(.get, "/carts/\(cart)")).status == "open")
            try await shop.expectLedgerMatches()
        }
    }

    @Test func paymentSettingsAreValidated() async throws {
        try await withShop { shop in
            let bad = try await shop.vendor(.put, "/shop-settings", #"{"bank_transfer_enabled": true, "iban": "LU29 0019 4006 4475 0000", "pay_at_pickup_enabled": false}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(try Fixtures.decode(ProblemBody.self, from: bad).errors?.map(\.field) ?? []) == ["iban", "account_holder"])
            #expect(try await shop.vendor(.put, "/shop-settings", #"{"bank_transfer_enabled": false, "pay_at_pickup_enabled": true}"#).status == .ok)
            let cart = try await shop.newCart(1)
            let refused = try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody, key: "b1")
            #expect(try Fixtures.decode(ProblemBody.self, from: refused).code == "payment_method_unavailable")
            // The refused checkout left the cart open.
            #expect(try await shop.shop(.post, "/carts/\(cart)/checkout", Self.checkoutBody.replacingOccurrences(of: "bank_transfer", with: "pay_at_pickup"), key: "b2").status == .created)
        }
    }
}
