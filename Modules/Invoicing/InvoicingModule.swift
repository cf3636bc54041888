import Commerce
import Foundation
import Kernel
import ServiceLifecycle

/// Invoicing: the vendor's invoice settings, EU VAT (rates by date, VAT numbers, the regime
/// engine), invoices from orders or by hand with gapless numbering, payments, credit notes and
/// the aging report.
public struct InvoicingModule: AgoraModule {
    /// VIES look-ups, off unless configured (`AGORA_VIES_URL`).
    let vies: VIESConfiguration?

    public init(vies: VIESConfiguration? = VIESConfiguration.fromEnvironment()) {
        self.vies = vies
    }

    public var id: String { "invoicing" }

    public var dependencies: [String] { ["commerce"] }

    public var features: [FeatureDeclaration] {
        [FeatureDeclaration(code: "invoicing.basic", name: "Invoices", summary: "Domestic invoices, payments, credit notes and the aging report"),
         FeatureDeclaration(code: "invoicing.eu_vat", name: "EU VAT", summary: "Intra-EU supplies, distance sales through the OSS, exports"),
         FeatureDeclaration(code: "invoicing.accounting_export", name: "Accounting export",
                            summary: "Invoices and credit notes of a period as CSV and e-invoices, and the quarterly OSS report")]
    }

    public var limits: [LimitDeclaration] {
        [LimitDeclaration(key: "invoicing.invoices_per_month", name: "Invoices per month", period: .month)]
    }

    public func registerRoutes(on routes: RouteBuilder, kernel: KernelServices) {
        let rates = VATRates(kernel: kernel)
        SettingsRoutes.register(on: routes, kernel: kernel, rates: rates)
        InvoiceRoutes.register(on: routes, kernel: kernel, rates: rates)
        InvoiceLifecycleRoutes.register(on: routes, kernel: kernel, rates: rates)
        VATNumberRoutes.register(on: routes, vies: VIESClient(configuration: vies))
        ShopInvoiceRoutes.register(on: routes, kernel: kernel)
        InvoicePDFRoutes.register(on: routes, kernel: kernel)
        EInvoiceRoutes.register(on: routes, kernel: kernel)
        AccountingRoutes.register(on: routes, kernel: kernel)
        InvoiceMailRoutes.register(on: routes, kernel: kernel)
        InvoicePages.register(on: routes, kernel: kernel, rates: rates)
        InvoicingSettingsPages.register(on: routes, kernel: kernel)
        AccountingPages.register(on: routes, kernel: kernel)
        InvoicePageLinks.register(kernel: kernel)
    }

    public var templatesDirectory: URL? { Bundle.module.url(forResource: "Templates", withExtension: nil) }

    public func backgroundServices(kernel: KernelServices) -> [any Service] {
        [VATRateSeeding(kernel: kernel)]
    }

    public var eventSubscriptions: [EventSubscription] { OrderRefundsFromCreditNotes.subscriptions + OrderVAT.subscriptions + InvoiceMailDelivery.subscriptions }
}
