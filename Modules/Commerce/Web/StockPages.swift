import Foundation
import Kernel

/// Stock pages: levels per variant and location (on hand, reserved, available, on order),
/// receipts and adjustments, and locations.
enum StockPages {
    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.page(.get, "/vendor/stock", summary: "Stock levels and movements", access: .vendor(.vendorStaff), feature: "commerce") { call in
            let vendor = try call.context.requireVendor()
            let page = try await kernel.database.read(for: vendor) { tx -> PageResult in
                let variants = try await VendorPages.variantChoices(vendor: vendor.vendorId, on: tx)
                let locations = try await VendorPages.locationChoices(vendor: vendor.vendorId, on: tx)
                let names = Dictionary(uniqueKeysWithValues: variants.map { ($0["id"] as! String, $0["label"] as! String) })
                let places = Dictionary(uniqueKeysWithValues: locations.map { ($0["id"] as! String, $0["label"] as! String) })
                let onOrder = Dictionary(try await StockQueries.onOrder(vendor: vendor.vendorId, variant: nil, on: tx).map {
                    ("\($0.variantId)/\($0.locationId)", $0.onOrderMilli)
                }, uniquingKeysWith: +)
                let levels = try await StockQueries.levels(vendor: vendor.vendorId, variant: nil, on: tx)
                var rows: [[String: Any]] = levels.map { level in
                    let key = "\(level.variantId)/\(level.locationId)"
                    return ["variant": names[level.variantId.uuidString] ?? level.variantId.uuidString,
                            "location": places[level.locationId.uuidString] ?? "inactive location",
                            "onHand": PageFormat.quantity(level.onHandMilli), "reserved": PageFormat.quantity(level.reservedMilli),
                            "available": PageFormat.quantity(level.availableMilli), "onOrder": PageFormat.quantity(onOrder[key] ?? 0),
                            "isLow": level.isLow, "key": key]
                }
                // What is on order where nothing is in stock yet still shows.
                let known = Set(levels.map { "\($0.variantId)/\($0.locationId)" })
                for (key, milli) in onOrder where !known.contains(key) {
                    let parts = key.split(separator: "/").map(String.init)
                    rows.append(["variant": names[parts[0]] ?? parts[0], "location": places[parts[1]] ?? "", "onHand": "0", "reserved": "0",
                                 "available": "0", "onOrder": PageFormat.quantity(milli), "isLow": false, "key": key])
                }
                rows.sort { ($0["variant"] as! String, $0["location"] as! String) < ($1["variant"] as! String, $1["location"] as! String) }
                return .page(template: "commerce/stock", title: "Stock", data: [
                    "levels": rows, "variants": variants, "locations": locations, "kinds": VendorPages.options(StockRoutes.kinds, selected: "warehouse")])
            }
            return try await VendorPages.decorate(page, call: call, kernel: kernel)
        }

        routes.page(.post, "/vendor/stock/movements", summary: "Receive or adjust stock from the page", access: .vendor(.vendorManager), feature: "commerce") { call in
            let kind = call.field("kind") ?? "receipt"
            let input = StockRoutes.MovementInput(
                kind: kind, variantId: try PageFormat.requireID(call.field("variantId"), "variant_id"),
                locationId: try PageFormat.requireID(call.field("locationId"), "location_id"),
                toLocationId: call.field("toLocationId").flatMap(UUID.init(uuidString:)),
                quantityMilli: try PageFormat.requireMilli(call.field("quantity"), "quantity"),
                reason: call.field("reason"), reference: call.field("reference"))
            _ = try await StockRoutes.record(input, vendor: try call.context.requireVendor(), actor: call.context.principal?.email ?? "page", kernel: kernel)
            return .redirect(call.base + "/vendor/stock")
        }

        routes.page(.post, "/vendor/stock/locations", summary: "Add a location from the page", access: .vendor(.vendorManager), feature: "commerce") { call in
            let input = StockRoutes.LocationInput(name: call.field("name") ?? "", kind: call.field("kind") ?? "")
            _ = try await StockRoutes.addLocation(kernel: kernel)(input, call.request, call.context)
            return .redirect(call.base + "/vendor/stock")
        }
    }
}
