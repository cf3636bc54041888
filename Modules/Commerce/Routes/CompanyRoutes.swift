import Foundation
import Hummingbird
import Kernel

/// The company view: a company owner's orders and revenue across the company's vendors on this
/// platform. A company route has no single vendor scope, so each vendor is read in its own
/// vendor-scoped transaction (row-level security stays on) and only vendors that have
/// `commerce.multi_vendor` count.
enum CompanyRoutes {
    static let feature = "commerce.multi_vendor"

    struct CompanySales: ResponseCodable, Sendable {
        let from: Date?
        let to: Date?
        let vendors: [VendorSales]
        let totals: SalesTotals
    }

    struct CompanyOrder: Codable, Sendable {
        let vendorId: UUID
        let order: Order
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database
        let company = QueryParameter(name: "company_id", description: "Only this company's vendors (for owners of several companies).",
                                     schema: .object(["type": .string("string"), "format": .string("uuid")]))

        routes.get("/api/v1/company/sales", summary: "Order count and revenue per currency of each of your company's vendors and in total; cancelled orders left out",
                   access: .signedIn, feature: feature,
                   query: [QueryParameter(name: "from", description: "Placed at or after (ISO 8601).", schema: .object(["type": .string("string"), "format": .string("date-time")])),
                           QueryParameter(name: "to", description: "Placed before (ISO 8601).", schema: .object(["type": .string("string"), "format": .string("date-time")])),
                           company]) { request, context in
            let vendors = try await companyVendors(request, context, kernel: kernel)
            let (from, to) = try period(request)
            var rows: [VendorSales] = []
            for (scope, vendor) in vendors {
                let sales = try await db.read(for: scope) { try await OrderStore.sales(vendor: scope.vendorId, platform: scope.platformId, from: from, to: to, on: $0) }
                rows.append(VendorSales(vendorId: vendor.id, name: vendor.name, orderCount: sales.reduce(0) { $0 + $1.orderCount },
                                        revenue: sales.map { CurrencyAmount(currency: $0.currency, amountMinor: $0.revenueMinor) }))
            }
            return CompanySales(from: from, to: to, vendors: rows, totals: SalesTotals(summing: rows))
        }

        routes.get("/api/v1/company/orders", summary: "Orders of all your company's vendors, newest first, with the vendor of each",
                   access: .signedIn, feature: feature,
                   query: [QueryParameter(name: "status", description: "An order status.", schema: .object(["type": .string("string")])), company]) { request, context in
            let vendors = try await companyVendors(request, context, kernel: kernel)
            let page = try PageRequest(from: request)
            // The vendor order list's filters (status, channel, dates, text), on this platform.
            var filter = try OrderRoutes.parseFilter(request)
            filter.platform = try context.requirePlatform().id
            let vendorFilter = filter
            var rows: [CompanyOrder] = []
            // Each vendor gives its next page; merged by id, the first page's worth is the company's next page.
            for (scope, _) in vendors {
                let orders = try await db.read(for: scope) { try await OrderStore.list(vendor: scope.vendorId, filter: vendorFilter, page: page, on: $0) }
                rows += orders.map { CompanyOrder(vendorId: scope.vendorId, order: $0) }
            }
            // Ids are compared bytewise by both databases, which is the order of their strings.
            rows.sort { $0.order.id.uuidString > $1.order.id.uuidString }
            return page.page(Array(rows.prefix(page.limit + 1)), id: \.order.id)
        }
    }

    /// The caller's vendors on this platform that have the company view, with their records.
    /// Refusals as elsewhere: 403 for someone who owns no company, 404 for a company that is
    /// not theirs (or has no vendor here), and the kernel's own `feature_not_available` when
    /// none of the vendors has the feature.
    static func companyVendors(_ request: Request, _ context: AgoraRequestContext, kernel: KernelServices) async throws -> [(scope: VendorScope, vendor: Vendor)] {
        let principal = try context.requirePrincipal()
        guard !principal.ownedCompanyVendorIDs.isEmpty else { throw Problem.forbidden("Only company owners see the company view.") }
        let platform = try context.requirePlatform()
        let company = try request.idParameter("company_id", of: "a company")
        let owned = try await kernel.database.read { db -> [(scope: VendorScope, vendor: Vendor)] in
            var owned: [(scope: VendorScope, vendor: Vendor)] = []
            for scope in try await VendorScope.ownedCompanyVendors(of: principal, platform: platform.id, on: db) {
                guard let vendor = try await TenancyStore.vendor(scope.vendorId, on: db), company == nil || vendor.companyId == company else { continue }
                owned.append((scope, vendor))
            }
            return owned
        }
        guard let first = owned.first else { throw Problem.notFound("Company") }
        var enabled: [(scope: VendorScope, vendor: Vendor)] = []
        for entry in owned where try await kernel.features.decide(feature, platform: platform.id, vendor: entry.scope.vendorId) == .available {
            enabled.append(entry)
        }
        if enabled.isEmpty {
            // The kernel's refusal (reason, cheapest tier), judged for one of the owner's vendors.
            try await kernel.features.require(feature, platform: platform, vendor: first.scope)
        }
        return enabled
    }

    /// `from` and `to` (ISO 8601), parsed like the order list's; `to` must come after `from`.
    static func period(_ request: Request) throws -> (from: Date?, to: Date?) {
        let filter = try OrderRoutes.parseFilter(request)
        if let from = filter.from, let to = filter.to, to <= from { throw Problem.invalidParameter("to", "must be after from") }
        return (filter.from, filter.to)
    }
}
