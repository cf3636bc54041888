import Foundation
import Kernel
import ServiceLifecycle

/// Commerce: catalog, stock ledger, customers, orders from every channel, the shop (carts,
/// checkout, payments, shop accounts) and purchase orders.
public struct CommerceModule: AgoraModule {
    public init() {}

    public var id: String { "commerce" }

    public var features: [FeatureDeclaration] {
        [FeatureDeclaration(code: "commerce", name: "Catalog and orders", summary: "Products, variants and prices"),
         FeatureDeclaration(code: "commerce.customer_export", name: "Customer export", summary: "CSV export of customers"),
         FeatureDeclaration(code: "commerce.purchase_orders", name: "Purchase orders", summary: "Incoming stock from suppliers"),
         FeatureDeclaration(code: "commerce.multi_vendor", name: "Company view", summary: "Orders and revenue across a company's vendors")]
    }

    public var limits: [LimitDeclaration] {
        [LimitDeclaration(key: "commerce.products", name: "Products", period: .none),
         LimitDeclaration(key: "commerce.orders_per_month", name: "Orders per month", period: .month)]
    }

    public func registerRoutes(on routes: RouteBuilder, kernel: KernelServices) {
        ProductRoutes.register(on: routes, kernel: kernel)
        StockRoutes.register(on: routes, kernel: kernel)
        CustomerRoutes.register(on: routes, kernel: kernel)
        OrderRoutes.register(on: routes, kernel: kernel)
        PaymentRoutes.register(on: routes, kernel: kernel)
        ShopRoutes.register(on: routes, kernel: kernel)
        CheckoutRoutes.register(on: routes, kernel: kernel)
        ShopAccountRoutes.register(on: routes, kernel: kernel)
        PurchaseOrderRoutes.register(on: routes, kernel: kernel)
        CompanyRoutes.register(on: routes, kernel: kernel)
        VendorPages.register(on: routes, kernel: kernel)
    }

    public var templatesDirectory: URL? { Bundle.module.url(forResource: "Templates", withExtension: nil) }

    public var eventSubscriptions: [EventSubscription] { CustomerStatistics.subscriptions }

    public func backgroundServices(kernel: KernelServices) -> [any Service] {
        [ReservationExpiry(kernel: kernel, interval: .seconds(30))]
    }
}
