import Foundation
import Kernel

/// Demo data so a newcomer sees a living shop: two vendors on the OMS platform with products
/// (some sold by weight), stock, customers and orders in several statuses. Idempotent.
public enum CommerceDemo {
    /// Password of every demo login.
    public static let password = "demo-password-1"

    struct ProductSeed {
        let name: String
        let vat: VATRateClass
        let weight: WeightPricing?
        let variants: [(sku: String, title: String, price: Int, stock: Int)]
    }

    /// Seeds the demo and returns the logins to print.
    public static func seed(kernel: KernelServices) async throws -> [String] {
        let shops: [(slug: String, name: String, company: String, tier: String, products: [ProductSeed])] = [
            ("ferme-schmit", "Ferme Schmit", "Ferme Schmit Sàrl", "professional", [
                ProductSeed(name: "Free-range eggs", vat: .superReduced, weight: nil, variants: [("EGG-6", "6 eggs", 320, 60_000), ("EGG-10", "10 eggs", 490, 40_000)]),
                ProductSeed(name: "Wildflower honey", vat: .superReduced, weight: nil, variants: [("HONEY-500", "500 g jar", 950, 25_000)]),
                ProductSeed(name: "Farm cheese (by weight)", vat: .superReduced,
                            weight: WeightPricing(unit: .kg, minimumMilli: 200, stepMilli: 50, averageUnitWeightMilli: 450, tareMilli: 12),
                            variants: [("CHEESE-KG", "", 2400, 18_000)]),
            ]),
            ("kaffi-roaster", "Kaffi Roaster", "Kaffi Roaster SA", "essential", [
                ProductSeed(name: "Espresso blend", vat: .superReduced, weight: nil, variants: [("ESP-250", "250 g", 890, 80_000), ("ESP-1000", "1 kg", 2990, 20_000)]),
                ProductSeed(name: "Single origin Ethiopia", vat: .superReduced, weight: nil, variants: [("ETH-250", "250 g", 1150, 30_000)]),
                ProductSeed(name: "Green beans (by weight)", vat: .superReduced,
                            weight: WeightPricing(unit: .kg, minimumMilli: 500, stepMilli: 100), variants: [("GREEN-KG", "", 1400, 50_000)]),
            ]),
        ]
        var logins: [String] = []
        for shop in shops {
            let email = "owner@\(shop.slug).demo"
            let vendor = try await DemoTenancy.vendor(slug: shop.slug, name: shop.name, company: shop.company, platformCode: "oms", tier: shop.tier,
                                                      ownerEmail: email, password: password, kernel: kernel)
            logins.append("\(shop.name): \(email) / \(password)")
            let existing = try await kernel.database.read(for: vendor) {
                try await CatalogStore.search(vendor: vendor.vendorId, text: nil, status: nil, page: PageRequest(limit: 1), on: $0)
            }
            guard existing.isEmpty else { continue }
            try await populate(vendor, shop.products, kernel: kernel)
            try await openShop(vendor, kernel: kernel)
        }
        return logins
    }

    static func populate(_ vendor: VendorScope, _ seeds: [ProductSeed], kernel: KernelServices) async throws {
        let now = kernel.now()
        let ledger = StockLedger(vendor: vendor, actor: "demo", now: now)
        let stall = UUID.v7(now: now)
        var variants: [UUID] = []
        try await kernel.database.transaction(for: vendor) { tx in
            try await tx.sql.raw("""
                INSERT INTO commerce_locations (id, vendor_id, name, kind, is_active, created_at)
                VALUES (\(bind: stall), \(bind: vendor.vendorId), 'Market stall, Place Guillaume', 'market_stall', \(bind: true), \(bind: now))
                """).run()
            for seed in seeds {
                let product = Product(id: UUID.v7(now: now), vendorId: vendor.vendorId, name: seed.name, description: "", status: .active, currency: "EUR",
                                      pricesIncludeVat: true, vatRateClass: seed.vat, weight: seed.weight,
                                      variants: seed.variants.enumerated().map { Variant(id: UUID.v7(now: now), sku: $1.sku, barcode: nil, title: $1.title, priceMinor: $1.price, position: $0) },
                                      images: [], createdAt: now, updatedAt: now)
                try await kernel.usage.consume("commerce.products", for: vendor, at: now, on: tx)
                try await CatalogStore.insert(product, on: tx)
                for (variant, seedVariant) in zip(product.variants, seed.variants) {
                    _ = try await ledger.receive(seedVariant.stock, variant: variant.id, at: stall, reason: "opening stock", on: tx)
                    variants.append(variant.id)
                }
            }
        }
        var customers: [UUID] = []
        try await kernel.database.transaction(for: vendor) { tx in
            for (first, last) in [("Anna", "Weber"), ("Luc", "Schmit"), ("Sofia", "Ferreira")] {
                let id = UUID.v7(now: now)
                try await CustomerStore.insert(Customer(id: id, vendorId: vendor.vendorId, email: "\(first.lowercased()).\(last.lowercased())@example.lu",
                                                        firstName: first, lastName: last, phone: nil, language: "fr", marketingConsent: first == "Anna",
                                                        marketingConsentAt: first == "Anna" ? now : nil, companyName: nil, vatNumber: nil, orderCount: 0,
                                                        totalSpentMinor: 0, firstOrderAt: nil, lastOrderAt: nil, createdAt: now, updatedAt: now), on: tx)
                customers.append(id)
            }
        }
        let journeys: [[OrderStatus]] = [[], [.confirmed], [.confirmed, .shipped], [.confirmed, .shipped, .delivered], [.cancelled]]
        for (index, journey) in journeys.enumerated() {
            try await kernel.database.transaction(for: vendor) { tx in
                let input = OrderRoutes.OrderInput(
                    channel: index % 2 == 0 ? .manual : .marketplace, externalReference: index % 2 == 0 ? nil : "DEMO-\(index)",
                    customerId: customers[index % customers.count], customerEmail: nil,
                    lines: [OrderRoutes.LineInput(variantId: variants[index % variants.count], quantityMilli: 1000, name: nil, sku: nil, unitPriceMinor: nil, vatRateClass: nil)],
                    shippingMinor: 0, billingAddress: nil, shippingAddress: nil, note: "Demo order")
                let (placed, _) = try await OrderRoutes.place(input, vendor: vendor, actor: "demo", now: now, kernel: kernel, on: tx)
                for status in journey {
                    _ = try await OrderRoutes.changeStatus(of: placed.order.id, to: status, note: nil, tracking: status == .shipped ? "LU\(100_000 + index)" : nil,
                                                           vendor: vendor, actor: "demo", now: now, on: tx)
                }
            }
        }
    }

    /// Shop settings, one web order waiting for its bank transfer, and (where the tier has
    /// purchase orders) a purchase order on its way.
    static func openShop(_ vendor: VendorScope, kernel: KernelServices) async throws {
        let now = kernel.now()
        let settings = ShopSettings(bankTransferEnabled: true, accountHolder: "Demo Sàrl", iban: "LU280019400644750000", bic: "BCEELULL",
                                    payAtPickupEnabled: true, pickupInstructions: "Saturday market, Place Guillaume, stand 12.", paymentDays: 7)
        try await kernel.database.transaction(for: vendor) { tx in
            try await ShopSettingsStore.save(settings, vendor: vendor.vendorId, now: now, on: tx)
            let variants = try await CatalogStore.search(vendor: vendor.vendorId, text: nil, status: .active, page: PageRequest(limit: 10), on: tx)
                .filter { $0.weight == nil }.flatMap(\.variants)
            guard let first = variants.first else { return }
            let cart = UUID()
            try await CartStore.create(id: cart, vendor: vendor.vendorId, customer: nil, now: now, on: tx)
            try await CartStore.put(variant: first.id, quantityMilli: 2000, price: first.priceMinor, cart: cart, vendor: vendor.vendorId, now: now, on: tx)
            let address = ShopAddress(name: "Marie Thill", line1: "12 rue de la Gare", line2: nil, postalCode: "L-9233", city: "Diekirch", country: "LU")
            let input = CheckoutInput(email: "marie.thill@example.lu", firstName: "Marie", lastName: "Thill", phone: nil,
                                      billingAddress: address, shippingAddress: nil, paymentMethod: .bankTransfer, note: nil, marketingConsent: false)
            _ = try await CheckoutRoutes.checkout(cart, input, account: nil, shop: vendor, kernel: kernel, now: now, on: tx)

            guard try await kernel.features.decide("commerce.purchase_orders", platform: vendor.platformId, vendor: vendor.vendorId) == .available,
                  let location = try await VendorPages.locationChoices(vendor: vendor.vendorId, on: tx).first?["id"] as? String,
                  let locationId = UUID(uuidString: location) else { return }
            let lines = try await PurchaseOrderRoutes.resolve(variants.prefix(2).map {
                PurchaseOrderRoutes.PurchaseOrderLineInput(variantId: $0.id, quantityMilli: 24_000, unitCostMinor: $0.priceMinor / 2)
            }, vendor: vendor.vendorId, now: now, on: tx)
            let po = PurchaseOrder(id: UUID.v7(now: now), number: try await PurchaseOrderStore.nextNumber(vendor: vendor.vendorId, on: tx), status: .draft,
                                   supplierName: "Coopérative du Nord", supplierEmail: "orders@coop-nord.example", supplierReference: nil,
                                   locationId: locationId, expectedDate: nil, note: "Weekly restock", currency: "EUR",
                                   totalCostMinor: PurchaseOrderLine.totalCostMinor(lines), createdBy: "demo", orderedAt: nil, receivedAt: nil,
                                   cancelledAt: nil, createdAt: now, updatedAt: now)
            try await PurchaseOrderStore.insert(po, vendor: vendor.vendorId, on: tx)
            try await PurchaseOrderStore.replaceLines(of: po.id, with: lines, vendor: vendor.vendorId, on: tx)
            _ = try await PurchaseOrderStore.move(po.id, vendor: vendor.vendorId, from: .draft, to: .ordered, at: now, on: tx)
        }
    }
}
