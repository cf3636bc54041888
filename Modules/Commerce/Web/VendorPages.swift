import Foundation
import Kernel

/// The vendor's pages (`/vendor/…`), server-rendered in the kernel's layout: products, stock,
/// orders, customers and purchase orders. Every change goes through the same functions as the
/// JSON API, so the rules, limits and events are the same; refusals render as the kernel's
/// error page.
enum VendorPages {
    static let nav: [[String: String]] = [
        ["id": "orders", "href": "/vendor/orders", "label": "Orders"],
        ["id": "products", "href": "/vendor/products", "label": "Products"],
        ["id": "stock", "href": "/vendor/stock", "label": "Stock"],
        ["id": "customers", "href": "/vendor/customers", "label": "Customers"],
        ["id": "purchase-orders", "href": "/vendor/purchase-orders", "label": "Purchase orders"],
    ]
    static let switchVendor: [String: String] = ["id": "choose-vendor", "href": "/vendor/choose", "label": "Switch vendor"]

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.page(.get, "/vendor", summary: "Vendor home: the orders", access: .vendor(.vendorStaff), feature: "commerce") { call in
            .redirect(call.base + "/vendor/orders")
        }
        ProductPages.register(on: routes, kernel: kernel)
        StockPages.register(on: routes, kernel: kernel)
        OrderPages.register(on: routes, kernel: kernel)
        CustomerPages.register(on: routes, kernel: kernel)
        PurchaseOrderPages.register(on: routes, kernel: kernel)
    }

    /// A vendor page: the template with the navigation and the vendor's name added.
    static func render(_ template: String, title: String, _ data: [String: Any], call: PageCall, kernel: KernelServices) async throws -> PageResult {
        try await decorate(.page(template: template, title: title, data: data), call: call, kernel: kernel)
    }

    /// Adds the navigation and the vendor's name to a page built elsewhere (inside a read,
    /// where only a `PageResult` can leave the transaction).
    static func decorate(_ result: PageResult, call: PageCall, kernel: KernelServices) async throws -> PageResult {
        guard case .page(let template, let title, var data) = result else { return result }
        let vendor = try call.context.requireVendor()
        // Other modules' entries (Invoices) go after Commerce's own, before "Switch vendor".
        let added = try await kernel.pageExtensions.links(for: CommerceVendorPages.navigationSlot, call: call)
        data["nav"] = nav + added.map { ["id": $0.id, "href": $0.href, "label": $0.label] } + [switchVendor]
        data["vendorName"] = try await kernel.database.read { try await TenancyStore.vendor(vendor.vendorId, on: $0)?.name } ?? ""
        return .page(template: template, title: title, data: data)
    }

    /// The catalog's variants for select boxes: "Honey (HONEY)".
    static func variantChoices(vendor: UUID, on db: DatabaseSession) async throws -> [[String: Any]] {
        struct Row: Decodable { let id: UUID; let sku: String; let title: String; let name: String }
        return try await db.sql.raw("""
            SELECT v.id, v.sku, v.title, p.name FROM commerce_variants v JOIN commerce_products p ON p.id = v.product_id
            WHERE v.vendor_id = \(bind: vendor) AND p.status <> 'archived' ORDER BY p.name, v.position LIMIT 1000
            """).rows(Row.self).map { ["id": $0.id.uuidString, "label": "\($0.title.isEmpty ? $0.name : "\($0.name) – \($0.title)") (\($0.sku))"] }
    }

    /// The vendor's active locations for select boxes.
    static func locationChoices(vendor: UUID, on db: DatabaseSession) async throws -> [[String: Any]] {
        struct Row: Decodable { let id: UUID; let name: String; let kind: String }
        return try await db.sql.raw("""
            SELECT id, name, kind FROM commerce_locations WHERE vendor_id = \(bind: vendor) AND is_active = \(bind: true) ORDER BY name
            """).rows(Row.self).map { ["id": $0.id.uuidString, "label": $0.name, "kind": $0.kind] }
    }

    /// Options of a select box with the current value selected.
    static func options(_ values: [String], selected: String?) -> [[String: Any]] {
        values.map { ["value": $0, "label": $0.replacingOccurrences(of: "_", with: " "), "selected": $0 == selected] }
    }
}
