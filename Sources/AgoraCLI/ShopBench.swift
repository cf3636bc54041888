import ArgumentParser
import Commerce
import Foundation
import Hummingbird
import Kernel
import SQLKit

extension Bench {
    /// Prepares a shop for `scripts/bench/checkout.sh` and `scripts/bench/orders.sh` and serves
    /// the platform: a vendor on the OMS Business tier (no order limit) with products in large
    /// stock, open carts of one line each (written to `carts.txt` for wrk), optionally 100,000s
    /// of historical orders inserted in bulk, and an API token of the vendor's owner.
    struct ShopServer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "shop-server",
            abstract: "Prepare a bench shop (products, carts, orders, a token) and serve the platform for wrk.")

        @Option(help: "Port to listen on.") var port = 18091
        @Option(help: "Folder to write carts.txt, token.txt, customers.txt and queries-*.txt into.") var out: String
        @Option(help: "Products (one variant each).") var products = 1000
        @Option(help: "Stock of each product, in pieces.") var stock = 1_000_000
        @Option(help: "Open carts with one line of one piece each.") var carts = 0
        @Flag(help: "Put every cart on the same variant (the hot-product case) instead of round-robin over the products.") var hot = false
        @Option(help: "Shops (vendors) to spread the products and carts over, each with its own order counter and numbers; the carts alternate between them.")
        var shops = 1
        @Option(help: "Historical orders to insert in bulk, spread over the past year.") var orders = 0
        @Flag(help: "Prepare, write the files and exit without serving.") var prepareOnly = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await reportingFailures {
                var configuration = try database.configuration()
                configuration.port = port
                configuration.logLevel = .warning
                let kernel = try await AgoraApplication.boot(configuration: configuration, modules: InstalledModules.all,
                                                             logger: Logs.logger(configuration))
                let started = ContinuousClock.now
                guard shops >= 1, products >= shops else { throw ValidationError("--shops must be 1 or more and at most --products") }
                var shop: VendorScope!
                var variants: [ShopBench.BenchVariant] = []
                var cartsOfShops: [[String]] = []
                for index in 0..<shops {
                    let slug = ShopBench.slug(index)
                    let scope = try await ShopBench.prepareVendor(slug: slug, kernel)
                    let shopVariants = try await ShopBench.createProducts(products / shops, stock: stock, shop: scope, kernel: kernel)
                    let cartIds = try await ShopBench.createCarts(carts / shops, variants: hot ? [shopVariants[0]] : shopVariants, shop: scope, kernel: kernel)
                    cartsOfShops.append(cartIds.map { "\(slug)/carts/\($0.uuidString.lowercased())" })
                    if index == 0 { (shop, variants) = (scope, shopVariants) }
                }
                // Consecutive carts belong to different shops.
                let cartPaths = (0..<(cartsOfShops.map(\.count).max() ?? 0)).flatMap { row in cartsOfShops.compactMap { row < $0.count ? $0[row] : nil } }
                var customers: [UUID] = []
                if orders > 0 {
                    customers = try await ShopBench.createOrders(orders, variants: variants, shop: shop, kernel: kernel)
                }
                if kernel.database.kind == .postgres {
                    // What autovacuum does by itself a minute after a bulk load; the planner needs it.
                    try await kernel.database.transaction { try await $0.sql.raw("ANALYZE").run() }
                }
                let token = try await ShopBench.createToken(shop: shop, kernel: kernel)
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                try (cartPaths.joined(separator: "\n") + "\n").write(toFile: out + "/carts.txt", atomically: true, encoding: .utf8)
                try (token + "\n").write(toFile: out + "/token.txt", atomically: true, encoding: .utf8)
                try (ShopBench.slug + "\n").write(toFile: out + "/shop.txt", atomically: true, encoding: .utf8)
                if orders > 0 {
                    for (kind, paths) in ShopBench.orderQueries(customers: customers, orders: orders) {
                        try (paths.joined(separator: "\n") + "\n").write(toFile: out + "/queries-\(kind).txt", atomically: true, encoding: .utf8)
                    }
                }
                let elapsed = ContinuousClock.now - started
                print(String(format: "prepared %d shop(s), %d products, %d carts%@, %d orders in %.1f s on %@", shops, products, cartPaths.count,
                             hot ? " (all on one variant per shop)" : "", orders, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, kernel.database.kind.rawValue))
                if prepareOnly {
                    await kernel.database.close()
                    return
                }
                print("shop ready on port \(port): /oms/api/v1/shops/\(ShopBench.slug)")
                fflush(nil)
                try await AgoraApplication.application(kernel: kernel).runService()
                await kernel.database.close()
            }
        }
    }

    /// After a checkout run: the orders match the answers, the stock ledger sums to the levels,
    /// nothing is oversold, and every reservation belongs to an order. Exit 1 if anything is off.
    struct ShopCheck: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "shop-check",
            abstract: "Check the bench shop after a checkout run (orders vs 201 answers, ledger vs levels, no oversell).")

        @Option(help: "Number of 201 answers wrk read.") var created: Int
        @Option(help: "Requests wrk sent but did not read an answer to (in flight when it stopped).") var unanswered = 0
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await reportingFailures {
                var configuration = try database.configuration()
                configuration.logLevel = .warning
                let kernel = try await AgoraApplication.boot(configuration: configuration, modules: InstalledModules.all,
                                                             logger: Logs.logger(configuration))
                let failures = try await ShopBench.check(created: created, unanswered: unanswered, kernel: kernel)
                await kernel.database.close()
                if failures > 0 {
                    print("FAILED: \(failures) check(s)")
                    throw ExitCode.failure
                }
                print("all checks passed")
            }
        }
    }
}

/// The bench shop's data, inserted with bulk SQL inside vendor-scoped transactions (so
/// row-level security applies on PostgreSQL), in the shapes the Commerce module writes.
enum ShopBench {
    static let slug = "bench-shop"

    /// The slug of the `index`th bench shop: bench-shop, bench-shop-2, …
    static func slug(_ index: Int) -> String { index == 0 ? slug : "\(slug)-\(index + 1)" }
    static let ownerEmail = "owner@bench-shop.test"
    static let password = "bench-password-1"
    /// Rows per multi-row INSERT (PostgreSQL allows 65,535 binds, SQLite 32,766).
    static let batch = 500

    static func prepareVendor(slug: String, _ kernel: KernelServices) async throws -> VendorScope {
        let shop = try await DemoTenancy.vendor(slug: slug, name: "Bench shop \(slug)", company: "Bench Sàrl \(slug)", platformCode: "oms", tier: "business",
                                                ownerEmail: slug == self.slug ? ownerEmail : "owner@\(slug).test", password: password, kernel: kernel)
        struct Count: Decodable { let count: Int }
        let existing = try await kernel.database.transaction(forVendor: shop.vendorId) { tx in
            try await tx.sql.raw("SELECT COUNT(*) AS count FROM commerce_products WHERE vendor_id = \(bind: shop.vendorId)").row(Count.self)?.count ?? 0
        }
        guard existing == 0 else { throw ValidationError("the bench shop already has products; use a fresh database") }
        return shop
    }

    /// Inserts `rows` into `table` with multi-row INSERTs of ``batch`` rows.
    static func insert(_ table: String, columns: [String], rows: [[any Encodable & Sendable]], on tx: DatabaseSession) async throws {
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + batch, rows.count)]
            let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            var query = SQLQueryString(head)
            for (index, row) in chunk.enumerated() {
                if index > 0 { query = query + ", " }
                var tuple: SQLQueryString = "("
                for (column, value) in row.enumerated() {
                    if column > 0 { tuple = tuple + ", " }
                    tuple = tuple + "\(bind: value)"
                }
                query = query + tuple + ")"
            }
            try await tx.sql.raw(query).run()
            start += batch
        }
    }

    struct BenchVariant { let id: UUID; let name: String; let sku: String; let priceMinor: Int }

    /// Products with one variant each, `stock` pieces of each in one warehouse, each level
    /// with its opening receipt in the ledger (so the ledger sums to the levels).
    static func createProducts(_ count: Int, stock: Int, shop: VendorScope, kernel: KernelServices) async throws -> [BenchVariant] {
        let now = kernel.now()
        let vendor = shop.vendorId
        let location = UUID.v7(now: now)
        var products: [[any Encodable & Sendable]] = []
        var variantRows: [[any Encodable & Sendable]] = []
        var levels: [[any Encodable & Sendable]] = []
        var entries: [[any Encodable & Sendable]] = []
        var variants: [BenchVariant] = []
        for index in 0..<count {
            let product = UUID.v7(now: now)
            let variant = BenchVariant(id: UUID.v7(now: now), name: String(format: "Bench product %05d", index + 1),
                                       sku: String(format: "BENCH-%05d", index + 1), priceMinor: 490 + (index % 50) * 20)
            variants.append(variant)
            products.append([product, vendor, variant.name, "", "active", "EUR", true, "standard", now, now])
            variantRows.append([variant.id, vendor, product, variant.sku, "", variant.priceMinor, 0])
            levels.append([vendor, variant.id, location, stock * 1000, 0, now])
            entries.append([UUID.v7(now: now), vendor, variant.id, location, "receipt", stock * 1000, 0, "opening stock", nil as String?, "bench", now])
        }
        try await kernel.database.transaction(forVendor: vendor) { tx in
            try await tx.sql.raw("""
                INSERT INTO commerce_locations (id, vendor_id, name, kind, is_active, created_at)
                VALUES (\(bind: location), \(bind: vendor), 'Bench warehouse', 'warehouse', \(bind: true), \(bind: now))
                """).run()
            try await insert("commerce_products", columns: ["id", "vendor_id", "name", "description", "status", "currency", "prices_include_vat",
                                                            "vat_rate_class", "created_at", "updated_at"], rows: products, on: tx)
            try await insert("commerce_variants", columns: ["id", "vendor_id", "product_id", "sku", "title", "price_minor", "position"], rows: variantRows, on: tx)
            try await insert("commerce_stock_levels", columns: ["vendor_id", "variant_id", "location_id", "on_hand_milli", "reserved_milli", "updated_at"],
                             rows: levels, on: tx)
            try await insert("commerce_stock_entries", columns: ["id", "vendor_id", "variant_id", "location_id", "kind", "on_hand_delta", "reserved_delta",
                                                                 "reason", "reference", "actor", "created_at"], rows: entries, on: tx)
        }
        return variants
    }

    /// Open guest carts with one line of one piece each, round-robin over `variants`.
    static func createCarts(_ count: Int, variants: [BenchVariant], shop: VendorScope, kernel: KernelServices) async throws -> [UUID] {
        guard count > 0 else { return [] }
        let now = kernel.now()
        let vendor = shop.vendorId
        var ids: [UUID] = []
        var carts: [[any Encodable & Sendable]] = []
        var lines: [[any Encodable & Sendable]] = []
        for index in 0..<count {
            let id = UUID()  // random, like the shop API's carts
            let variant = variants[index % variants.count]
            ids.append(id)
            carts.append([id, vendor, "open", now, now])
            lines.append([id, vendor, variant.id, 1000, variant.priceMinor, now])
        }
        var start = 0
        while start < count {
            let end = min(start + 10_000, count)
            try await kernel.database.transaction(forVendor: vendor) { tx in
                try await insert("commerce_carts", columns: ["id", "vendor_id", "status", "created_at", "updated_at"], rows: Array(carts[start..<end]), on: tx)
                try await insert("commerce_cart_lines", columns: ["cart_id", "vendor_id", "variant_id", "quantity_milli", "seen_price_minor", "added_at"],
                                 rows: Array(lines[start..<end]), on: tx)
            }
            start = end
        }
        return ids
    }

    /// Picks from `choices` with the given weights.
    static func weighted<T>(_ choices: [(T, Int)], using generator: inout some RandomNumberGenerator) -> T {
        var roll = Int.random(in: 0..<choices.reduce(0) { $0 + $1.1 }, using: &generator)
        for (value, weight) in choices {
            if roll < weight { return value }
            roll -= weight
        }
        return choices[choices.count - 1].0
    }

    /// `count` orders of the past year (several statuses and channels, customers, 1–3 lines,
    /// a timeline), numbered in placing order, with customers and their statistics; returns
    /// the customers' ids.
    static func createOrders(_ count: Int, variants: [BenchVariant], shop: VendorScope, kernel: KernelServices) async throws -> [UUID] {
        let now = kernel.now()
        let vendor = shop.vendorId
        var generator = SystemRandomNumberGenerator()
        let firstNames = ["Anna", "Luc", "Sofia", "Marc", "Léa", "Tom", "Claire", "Paul", "Nora", "Jean", "Eva", "Max"]
        let lastNames = ["Weber", "Schmit", "Ferreira", "Muller", "Wagner", "Hoffmann", "Da Silva", "Klein", "Thill", "Reuter"]
        let cities = [("L-1111", "Luxembourg"), ("L-4002", "Esch-sur-Alzette"), ("L-9001", "Ettelbruck"), ("L-6401", "Echternach")]

        struct BenchCustomer { let id: UUID; let email: String; let name: String; let address: String }
        var customers: [BenchCustomer] = []
        var customerRows: [[any Encodable & Sendable]] = []
        let customerCount = max(50, count / 20)
        for index in 0..<customerCount {
            let first = firstNames[index % firstNames.count], last = lastNames[(index / firstNames.count) % lastNames.count]
            let created = now.addingTimeInterval(-400 * 86400 + Double(index) * 3600)
            let id = UUID.v7(now: created)
            let email = String(format: "customer-%05d@bench.test", index + 1)
            let city = cities[index % cities.count]
            customers.append(BenchCustomer(id: id, email: email, name: "\(first) \(last)",
                                           address: "\(first) \(last)\n\(index % 120 + 1) rue du Marché\n\(city.0) \(city.1)\nLU"))
            let consent = index % 3 == 0
            customerRows.append([id, vendor, email, first, last, "fr", consent, consent ? created : nil as Date?, 0, 0, created, created])
        }
        try await kernel.database.transaction(forVendor: vendor) { tx in
            try await insert("commerce_customers", columns: ["id", "vendor_id", "email", "first_name", "last_name", "language", "marketing_consent",
                                                             "marketing_consent_at", "order_count", "total_spent_minor", "created_at", "updated_at"],
                             rows: customerRows, on: tx)
        }

        let channels: [(OrderChannel, Int)] = [(.web, 50), (.pos, 20), (.marketplace, 20), (.partner, 5), (.manual, 5)]
        let settled: [(OrderStatus, Int)] = [(.delivered, 70), (.shipped, 5), (.cancelled, 12), (.refunded, 4), (.partiallyRefunded, 3), (.processing, 2),
                                             (.confirmed, 2), (.pending, 2)]
        let recent: [(OrderStatus, Int)] = [(.pending, 30), (.confirmed, 25), (.processing, 15), (.shipped, 20), (.cancelled, 5), (.delivered, 5)]
        let year: TimeInterval = 365 * 86400
        let step = year / Double(count)
        let start = now.addingTimeInterval(-year)
        var written = 0
        while written < count {
            let end = min(written + 10_000, count)
            var orderRows: [[any Encodable & Sendable]] = []
            var lineRows: [[any Encodable & Sendable]] = []
            var timelineRows: [[any Encodable & Sendable]] = []
            for index in written..<end {
                let placedAt = start.addingTimeInterval(Double(index) * step + Double.random(in: 0..<step, using: &generator))
                let id = UUID.v7(now: placedAt)
                let channel = weighted(channels, using: &generator)
                let age = now.timeIntervalSince(placedAt)
                let status = weighted(age < 5 * 86400 ? recent : settled, using: &generator)
                // Most till sales are anonymous; everything else has a customer.
                let customer: BenchCustomer? = channel == .pos && Int.random(in: 0..<10, using: &generator) < 7
                    ? nil : customers[Int.random(in: 0..<customers.count, using: &generator)]
                var subtotal = 0
                for position in 0..<Int.random(in: 1...3, using: &generator) {
                    let variant = variants[Int.random(in: 0..<variants.count, using: &generator)]
                    let quantity = Int.random(in: 1...3, using: &generator) * 1000
                    let total = variant.priceMinor * quantity / 1000
                    subtotal += total
                    lineRows.append([UUID.v7(now: placedAt), vendor, id, variant.id, variant.name, variant.sku, variant.priceMinor, quantity, "standard", total, position])
                }
                let shipping = channel == .web || channel == .marketplace ? 490 : 0
                let updatedAt = status == .pending ? placedAt : min(now, placedAt.addingTimeInterval(Double.random(in: 3600...(4 * 86400), using: &generator)))
                let tracking: String? = [.shipped, .delivered, .refunded, .partiallyRefunded].contains(status) ? "LU\(100_000_000 + index)" : nil
                let payment: String? = channel == .web ? (index % 3 == 0 ? "bank_transfer" : "pay_at_pickup") : nil
                orderRows.append([id, vendor, shop.platformId, String(format: "%06d", index + 1), channel.rawValue,
                                  channel == .marketplace ? "MKT-\(7_000_000 + index)" : nil as String?, customer?.id, customer?.email,
                                  payment, status.rawValue, "EUR", true, subtotal, shipping, subtotal + shipping,
                                  customer?.address, customer?.address, tracking, placedAt, updatedAt])
                timelineRows.append([UUID.v7(now: placedAt), vendor, id, "placed", nil as String?, OrderStatus.pending.rawValue, nil as String?,
                                     customer.map { "shop:\($0.email)" } ?? "pos", placedAt])
                if status != .pending {
                    timelineRows.append([UUID.v7(now: updatedAt), vendor, id, "status", OrderStatus.pending.rawValue, status.rawValue, nil as String?,
                                         ownerEmail, updatedAt])
                }
            }
            try await kernel.database.transaction(forVendor: vendor) { tx in
                try await insert("commerce_orders", columns: ["id", "vendor_id", "platform_id", "number", "channel", "external_reference", "customer_id",
                                                              "customer_email", "payment_method", "status", "currency", "prices_include_vat", "subtotal_minor",
                                                              "shipping_minor", "total_minor", "billing_address", "shipping_address", "tracking_number",
                                                              "placed_at", "updated_at"], rows: orderRows, on: tx)
                try await insert("commerce_order_lines", columns: ["id", "vendor_id", "order_id", "variant_id", "name", "sku", "unit_price_minor",
                                                                   "quantity_milli", "vat_rate_class", "total_minor", "position"], rows: lineRows, on: tx)
                try await insert("commerce_order_timeline", columns: ["id", "vendor_id", "order_id", "kind", "from_status", "to_status", "note", "actor", "at"],
                                 rows: timelineRows, on: tx)
            }
            written = end
        }
        try await kernel.database.transaction(forVendor: vendor) { tx in
            // Later orders continue the numbering; customer statistics as the order events would have kept them.
            try await tx.sql.raw("INSERT INTO commerce_order_sequences (vendor_id, last_number) VALUES (\(bind: vendor), \(bind: count))").run()
            try await tx.sql.raw("""
                UPDATE commerce_customers SET
                    order_count = (SELECT COUNT(*) FROM commerce_orders o WHERE o.vendor_id = commerce_customers.vendor_id
                        AND o.customer_id = commerce_customers.id AND o.status <> 'cancelled'),
                    total_spent_minor = (SELECT COALESCE(SUM(o.total_minor), 0) FROM commerce_orders o WHERE o.vendor_id = commerce_customers.vendor_id
                        AND o.customer_id = commerce_customers.id AND o.status <> 'cancelled'),
                    first_order_at = (SELECT MIN(o.placed_at) FROM commerce_orders o WHERE o.vendor_id = commerce_customers.vendor_id
                        AND o.customer_id = commerce_customers.id),
                    last_order_at = (SELECT MAX(o.placed_at) FROM commerce_orders o WHERE o.vendor_id = commerce_customers.vendor_id
                        AND o.customer_id = commerce_customers.id)
                WHERE vendor_id = \(bind: vendor)
                """).run()
        }
        return customers.map(\.id)
    }

    /// An API token of the vendor's owner, scoped to the vendor (as `POST /api/v1/auth/tokens` makes them).
    static func createToken(shop: VendorScope, kernel: KernelServices) async throws -> String {
        struct Row: Decodable { let id: UUID }
        let now = kernel.now()
        let secret = Authenticator.tokenPrefix + SecretToken.generate()
        try await kernel.database.transaction { tx in
            guard let owner = try await tx.sql.raw("SELECT id FROM users WHERE email = \(bind: ownerEmail)").row(Row.self) else {
                throw ValidationError("the bench shop's owner is missing")
            }
            try await tx.sql.raw("""
                INSERT INTO api_tokens (id, user_id, name, token_hash, token_prefix, role, platform_id, vendor_id, created_at, expires_at)
                VALUES (\(bind: UUID.v7(now: now)), \(bind: owner.id), 'bench', \(bind: SecretToken.digest(secret)), \(bind: String(secret.prefix(12))),
                    \(bind: Role.vendorOwner.rawValue), \(bind: nil as UUID?), \(bind: shop.vendorId), \(bind: now), \(bind: now.addingTimeInterval(30 * 86400)))
                """).run()
        }
        return secret
    }

    /// Order-list requests per filter kind (1,000 each, varied), for wrk to cycle through.
    static func orderQueries(customers: [UUID], orders: Int) -> [(String, [String])] {
        var generator = SystemRandomNumberGenerator()
        let base = "/oms/api/v1/vendor/orders?limit=50"
        let formatter = ISO8601DateFormatter()
        let now = Date()
        let statuses = OrderStatus.allCases.map(\.rawValue), channels = OrderChannel.allCases.map(\.rawValue)
        func window(days: Int) -> String {
            let from = now.addingTimeInterval(-Double(Int.random(in: days...364, using: &generator)) * 86400)
            return "&from=\(formatter.string(from: from))&to=\(formatter.string(from: from.addingTimeInterval(Double(days) * 86400)))"
        }
        func customer() -> String { customers[Int.random(in: 0..<customers.count, using: &generator)].uuidString.lowercased() }
        func pick(_ values: [String]) -> String { values[Int.random(in: 0..<values.count, using: &generator)] }
        var kinds: [(String, [String])] = [
            ("newest", (0..<1000).map { _ in base }),
            ("status", (0..<1000).map { _ in base + "&status=" + pick(statuses) }),
            ("channel", (0..<1000).map { _ in base + "&channel=" + pick(channels) }),
            ("dates", (0..<1000).map { _ in base + window(days: 30) }),
            ("customer", (0..<1000).map { _ in base + "&customer_id=" + customer() }),
            // Half order numbers (exact), half part of a customer's e-mail.
            ("text", (0..<1000).map { index in
                base + "&q=" + (index % 2 == 0 ? String(format: "%06d", Int.random(in: 1...orders, using: &generator))
                                               : String(format: "customer-%05d", Int.random(in: 1...customers.count, using: &generator)))
            }),
            ("combined", (0..<1000).map { _ in base + "&status=" + pick(statuses) + "&channel=" + pick(channels) + window(days: 90) }),
        ]
        var mixed = kinds.flatMap { $0.1 }
        mixed.shuffle(using: &generator)
        kinds.append(("mixed", mixed))
        return kinds
    }

    /// The checks after a checkout run; returns how many failed.
    static func check(created: Int, unanswered: Int, kernel: KernelServices) async throws -> Int {
        var totals = Counts()
        var index = 0
        while let vendor = try await kernel.database.read({ try await TenancyStore.vendor(slug: slug(index), on: $0) }) {
            totals.add(try await counts(vendor: vendor.id, kernel: kernel))
            index += 1
        }
        guard index > 0 else { throw ValidationError("no bench shop in this database") }
        let c = totals
        var failures = 0
        func expect(_ ok: Bool, _ message: String) {
            print("  \(ok ? "ok  " : "FAIL") \(message)")
            if !ok { failures += 1 }
        }
        if index > 1 { print("  (\(index) shops, summed)") }
        expect(c.checkoutOrders >= created && c.checkoutOrders <= created + unanswered,
               "orders from checkouts: \(c.checkoutOrders); 201 answers read: \(created) (+\(c.checkoutOrders - created) placed by the \(unanswered) request(s) still in flight when wrk stopped; at most that many allowed)")
        expect(c.claimedCarts == c.checkoutOrders && c.cartsWithOrder == c.checkoutOrders,
               "checked-out carts \(c.claimedCarts), carts with an order \(c.cartsWithOrder): one order per cart")
        expect(c.keys == c.checkoutOrders, "idempotency keys with a stored answer: \(c.keys)")
        expect(c.ledgerMismatches == 0, "stock levels whose ledger sums differ: \(c.ledgerMismatches) of \(c.levels)")
        expect(c.oversold == 0, "levels with on hand below reserved or negative: \(c.oversold)")
        expect(c.reservationMismatches == 0, "levels whose active reservations do not add up to reserved: \(c.reservationMismatches)")
        expect(c.reserved == c.ordered, "reserved \(c.reserved / 1000) pieces = ordered at checkout \(c.ordered / 1000) pieces")
        expect(c.unreserved == 0, "checkout orders without an active reservation: \(c.unreserved)")
        expect(c.numbers == c.allOrders, "order numbers distinct per shop: \(c.numbers) of \(c.allOrders)")
        return failures
    }

    /// What ``check(created:unanswered:kernel:)`` counts in one shop.
    struct Counts {
        var checkoutOrders = 0, claimedCarts = 0, cartsWithOrder = 0, keys = 0, ledgerMismatches = 0, oversold = 0
        var reservationMismatches = 0, reserved = 0, ordered = 0, unreserved = 0, numbers = 0, allOrders = 0, levels = 0

        mutating func add(_ other: Counts) {
            checkoutOrders += other.checkoutOrders; claimedCarts += other.claimedCarts; cartsWithOrder += other.cartsWithOrder
            keys += other.keys; ledgerMismatches += other.ledgerMismatches; oversold += other.oversold
            reservationMismatches += other.reservationMismatches; reserved += other.reserved; ordered += other.ordered
            unreserved += other.unreserved; numbers += other.numbers; allOrders += other.allOrders; levels += other.levels
        }
    }

    static func counts(vendor: UUID, kernel: KernelServices) async throws -> Counts {
        struct Value: Decodable { let value: Int }
        return try await kernel.database.transaction(forVendor: vendor) { tx in
            func value(_ query: SQLQueryString) async throws -> Int {
                try await tx.sql.raw(query).row(Value.self)?.value ?? 0
            }
            let v = vendor
            let checkoutOrders = try await value("""
                SELECT CAST(COUNT(*) AS BIGINT) AS value FROM commerce_orders o
                WHERE o.vendor_id = \(bind: v) AND EXISTS (SELECT 1 FROM commerce_carts c WHERE c.vendor_id = o.vendor_id AND c.order_id = o.id)
                """)
            let claimedCarts = try await value("SELECT CAST(COUNT(*) AS BIGINT) AS value FROM commerce_carts WHERE vendor_id = \(bind: v) AND status = 'checked_out'")
            let cartsWithOrder = try await value("SELECT CAST(COUNT(DISTINCT order_id) AS BIGINT) AS value FROM commerce_carts WHERE vendor_id = \(bind: v) AND order_id IS NOT NULL")
            let keys = try await value("""
                SELECT CAST(COUNT(*) AS BIGINT) AS value FROM idempotency_keys WHERE scope LIKE \(bind: "checkout:\(v):%") AND response IS NOT NULL
                """)
            let ledgerMismatches = try await value("""
                SELECT CAST(COUNT(*) AS BIGINT) AS value FROM commerce_stock_levels s
                LEFT JOIN (SELECT variant_id, location_id, SUM(on_hand_delta) AS on_hand, SUM(reserved_delta) AS reserved FROM commerce_stock_entries
                           WHERE vendor_id = \(bind: v) GROUP BY variant_id, location_id) e
                  ON e.variant_id = s.variant_id AND e.location_id = s.location_id
                WHERE s.vendor_id = \(bind: v) AND (COALESCE(e.on_hand, 0) <> s.on_hand_milli OR COALESCE(e.reserved, 0) <> s.reserved_milli)
                """)
            let oversold = try await value("""
                SELECT CAST(COUNT(*) AS BIGINT) AS value FROM commerce_stock_levels
                WHERE vendor_id = \(bind: v) AND (on_hand_milli < reserved_milli OR reserved_milli < 0 OR on_hand_milli < 0)
                """)
            let reservationMismatches = try await value("""
                SELECT CAST(COUNT(*) AS BIGINT) AS value FROM commerce_stock_levels s
                LEFT JOIN (SELECT variant_id, location_id, SUM(quantity_milli) AS held FROM commerce_reservations
                           WHERE vendor_id = \(bind: v) AND status = 'active' GROUP BY variant_id, location_id) r
                  ON r.variant_id = s.variant_id AND r.location_id = s.location_id
                WHERE s.vendor_id = \(bind: v) AND COALESCE(r.held, 0) <> s.reserved_milli
                """)
            let reserved = try await value("SELECT CAST(COALESCE(SUM(reserved_milli), 0) AS BIGINT) AS value FROM commerce_stock_levels WHERE vendor_id = \(bind: v)")
            let ordered = try await value("""
                SELECT CAST(COALESCE(SUM(l.quantity_milli), 0) AS BIGINT) AS value FROM commerce_order_lines l
                WHERE l.vendor_id = \(bind: v) AND EXISTS (SELECT 1 FROM commerce_carts c WHERE c.vendor_id = l.vendor_id AND c.order_id = l.order_id)
                """)
            let unreserved = try await value("""
                SELECT CAST(COUNT(*) AS BIGINT) AS value FROM commerce_carts c
                WHERE c.vendor_id = \(bind: v) AND c.order_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM commerce_reservations r WHERE r.vendor_id = c.vendor_id AND r.order_id = c.order_id AND r.status = 'active')
                """)
            let numbers = try await value("SELECT CAST(COUNT(DISTINCT number) AS BIGINT) AS value FROM commerce_orders WHERE vendor_id = \(bind: v)")
            let allOrders = try await value("SELECT CAST(COUNT(*) AS BIGINT) AS value FROM commerce_orders WHERE vendor_id = \(bind: v)")
            let levels = try await value("SELECT CAST(COUNT(*) AS BIGINT) AS value FROM commerce_stock_levels WHERE vendor_id = \(bind: v)")

            return Counts(checkoutOrders: checkoutOrders, claimedCarts: claimedCarts, cartsWithOrder: cartsWithOrder, keys: keys,
                          ledgerMismatches: ledgerMismatches, oversold: oversold, reservationMismatches: reservationMismatches, reserved: reserved,
                          ordered: ordered, unreserved: unreserved, numbers: numbers, allOrders: allOrders, levels: levels)
        }
    }
}
