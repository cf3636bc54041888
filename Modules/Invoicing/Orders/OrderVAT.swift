import Commerce
import Foundation
import Kernel

/// Orders carry the VAT that the invoice will carry: the same engine prices them.
///
/// When an order is placed, its net total, VAT and regime are worked out from the vendor's
/// invoice settings, the buyer's country (the last line of the billing address, else the
/// seller's country) and business status, exactly as an invoice drafted from the order would;
/// when the order is invoiced, the issued invoice's figures replace them. Vendors without
/// invoice settings are left alone (there is no seller to price as).
enum OrderVAT {
    /// The invoice lines of an order: its lines as sold, and shipping as a standard-rate line.
    static func specs(order: Order, lines: [OrderLine]) -> [InvoicePricingStep.LineSpec] {
        var specs = lines.map {
            InvoicePricingStep.LineSpec(description: $0.name, sku: $0.sku, quantityMilli: $0.quantityMilli,
                                        unitPrice: UnitPrice(minor: $0.unitPriceMinor), rateClass: $0.vatRateClass)
        }
        if order.shippingMinor > 0 {
            specs.append(.init(description: "Shipping", sku: nil, quantityMilli: 1000, unitPrice: UnitPrice(minor: order.shippingMinor), rateClass: .standard))
        }
        return specs
    }

    /// The buyer as an invoice from the order would have them (name, country, VAT number).
    static func buyer(of order: Order, customer: Customer?, into invoice: inout Invoice, country: String) {
        invoice.orderId = order.id
        invoice.customerId = order.customerId
        invoice.buyerName = customer.map(InvoiceRoutes.buyerName) ?? order.customerEmail ?? "Customer"
        invoice.buyerEmail = customer?.email ?? order.customerEmail
        invoice.buyerAddress = order.billingAddress
        invoice.buyerCountry = country
        invoice.buyerVatNumber = customer?.vatNumber
        invoice.buyerIsBusiness = customer.map { $0.vatNumber != nil || $0.companyName != nil } ?? false
    }

    /// Prices a placed order and records its VAT on it; nothing without invoice settings, or
    /// when the engine cannot decide (the invoice will say why when one is drafted).
    static func align(order id: UUID, vendor: UUID, settings: InvoiceSettings, rates: () async throws -> VATRateTable, now: Date,
                      on tx: DatabaseSession) async throws {
        guard settings.isComplete, let order = try await CommerceOrders.order(id, vendor: vendor, on: tx) else { return }
        let customer = try await order.customerId.asyncMap { try await CommerceOrders.customer($0, vendor: vendor, on: tx) } ?? nil
        var invoice = InvoiceRoutes.blank(settings: settings, currency: order.currency, pricesIncludeVat: order.pricesIncludeVat, actor: "invoicing", now: now)
        buyer(of: order, customer: customer, into: &invoice, country: order.billingAddress.flatMap(InvoiceRoutes.countryOfAddress) ?? settings.country)
        let specs = specs(order: order, lines: try await CommerceOrders.lines(of: id, vendor: vendor, on: tx))
        guard !specs.isEmpty else { return }
        do {
            _ = try await InvoicePricingStep.price(&invoice, specs: specs, ossOptIn: settings.ossOptIn, rates: try await rates(), today: VATDay.format(now),
                                                   vendor: vendor, on: tx)
        } catch let problem as Problem where problem.code == "vat_not_determinable" {
            return
        }
        try await CommerceOrders.recordVAT(order: id, vendor: vendor, netMinor: invoice.netTotalMinor, taxMinor: invoice.taxTotalMinor,
                                           regime: invoice.regime.rawValue, on: tx)
    }

    static var subscriptions: [EventSubscription] {
        [EventSubscription(OrderPlaced.self, subscriber: "invoicing.order-vat-on-placed") { event, delivery in
            // A vendor without invoice settings stops at one read, without a transaction; the
            // rate table is read only for vendors that invoice.
            let database = delivery.kernel.database
            guard let settings = try await database.read(forVendor: event.vendorId, { try await InvoiceSettingsStore.settings(vendor: event.vendorId, on: $0) }),
                  settings.isComplete else { return }
            try await database.transaction(forVendor: event.vendorId) { tx in
                try await align(order: event.orderId, vendor: event.vendorId, settings: settings,
                                rates: { try await VATRates(kernel: delivery.kernel).table() }, now: delivery.kernel.now(), on: tx)
            }
         },
         EventSubscription(InvoiceIssued.self, subscriber: "invoicing.order-vat-on-issued") { event, delivery in
            guard let order = event.orderId else { return }
            try await delivery.kernel.database.transaction(forVendor: event.vendorId) { tx in
                guard let invoice = try await InvoiceStore.invoice(event.invoiceId, vendor: event.vendorId, on: tx) else { return }
                try await CommerceOrders.recordVAT(order: order, vendor: event.vendorId, netMinor: invoice.netTotalMinor, taxMinor: invoice.taxTotalMinor,
                                                   regime: invoice.regime.rawValue, on: tx)
            }
         }]
    }
}
