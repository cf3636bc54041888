import Commerce
import Foundation
import Kernel

/// Demo invoices: a Luxembourg delicatessen that sells on a marketplace to consumers and
/// businesses across Europe and beyond, with issued invoices and credit notes in every VAT
/// regime — domestic, intra-EU B2B, distance sales taxed at origin and through the OSS, and
/// export — multi-rate invoices, one paid, one partly paid and one draft. Everything goes
/// through the same functions as the API (pricing, numbering, limits, audit, events).
/// Idempotent: a vendor that already has invoices is left alone.
public enum InvoicingDemo {
    static let slug = "lux-delicatessen"

    /// Seeds the demo and returns the login to print.
    public static func seed(kernel: KernelServices, password: String) async throws -> [String] {
        let email = "owner@\(slug).demo"
        let vendor = try await DemoTenancy.vendor(slug: slug, name: "Lux Delicatessen", company: "Lux Delicatessen Sàrl", platformCode: "oms",
                                                  tier: "business", ownerEmail: email, password: password, kernel: kernel)
        let login = "Lux Delicatessen (invoices in every VAT regime): \(email) / \(password)"
        let existing = try await kernel.database.read(for: vendor) {
            try await InvoiceStore.list(vendor: vendor.vendorId, filter: InvoiceFilter(), page: PageRequest(limit: 1), on: $0)
        }
        guard existing.isEmpty else { return [login] }
        try await populate(vendor, kernel: kernel)
        return [login]
    }

    /// The seller: Luxembourg, registered for the OSS; not opted in to destination taxation
    /// at first, so a small distance sale is taxed at origin.
    static func settings(ossOptIn: Bool) -> InvoiceSettings {
        InvoiceSettings(legalName: "Lux Delicatessen Sàrl", addressLines: "4, Grand-Rue", postalCode: "L-1660", city: "Luxembourg", country: "LU",
                        vatNumber: "LU26375245", ossRegistered: true, ossOptIn: ossOptIn, invoicePrefix: "LD-", creditNotePrefix: "LDA-",
                        paymentTermsDays: 14, iban: "LU280019400644750000", bic: "BCEELULL",
                        footer: "Lux Delicatessen Sàrl · RCS Luxembourg B123456 · Capital 12 500 €", language: .fr)
    }

    typealias Line = InvoiceRoutes.LineInput

    static func line(_ description: String, _ sku: String, _ quantityMilli: Int, _ priceMinor: Int, _ rateClass: VATRateClass) -> Line {
        Line(description: description, sku: sku, quantityMilli: quantityMilli, unitPriceMinor: priceMinor, unitPriceTenThousandths: nil, vatRateClass: rateClass)
    }

    static let riesling = line("Crémant de Luxembourg brut, 75 cl", "CREM-75", 6000, 1490, .standard)
    static let pate = line("Paté au Riesling, 350 g", "PATE-350", 4000, 890, .superReduced)
    static let mustard = line("Moutarde de Luxembourg, 200 g", "MOUT-200", 10_000, 395, .superReduced)
    static let honey = line("Miel du Mullerthal, 500 g", "MIEL-500", 3000, 1150, .superReduced)
    static let tea = line("Tisane de tilleul, 50 g", "TIS-50", 5000, 600, .reduced)
    static let box = line("Coffret cadeau en bois", "BOX-1", 1000, 1800, .standard)

    static func populate(_ vendor: VendorScope, kernel: KernelServices) async throws {
        let rates = try await VATRates(kernel: kernel).table()
        let actor = AuditActor.process("demo")
        let db = kernel.database

        /// Drafts, prices and issues one invoice; returns its detail.
        func issue(_ buyer: InvoiceRoutes.BuyerInput, _ lines: [Line], language: DocumentLanguage, supplyDate: String? = nil,
                   note: String? = nil, keepDraft: Bool = false) async throws -> InvoiceRoutes.InvoiceDetail {
            try await db.transaction(for: vendor) { tx in
                let settings = try await InvoiceRoutes.requireSettings(vendor: vendor.vendorId, on: tx)
                let now = kernel.now()
                var invoice = InvoiceRoutes.blank(settings: settings, currency: "EUR", pricesIncludeVat: false, actor: actor.label, now: now)
                let input = InvoiceRoutes.InvoiceInput(customerId: nil, buyer: buyer, currency: nil, pricesIncludeVat: nil, supplyDate: supplyDate,
                                                       language: language, note: note, lines: lines)
                try await InvoiceRoutes.apply(input, to: &invoice, vendor: vendor.vendorId, on: tx)
                let draft = try await InvoiceRoutes.createDraft(invoice, specs: InvoiceRoutes.specs(lines), settings: settings, rates: rates,
                                                                kernel: kernel, vendor: vendor, on: tx)
                if keepDraft { return draft }
                return try await InvoiceLifecycleRoutes.issue(draft.invoice.id, vendor: vendor, rates: rates, actor: actor, kernel: kernel, on: tx)
            }
        }
        func pay(_ invoice: InvoiceRoutes.InvoiceDetail, _ amountMinor: Int, _ method: InvoicePaymentMethod) async throws {
            _ = try await db.transaction(for: vendor) { tx in
                try await InvoiceLifecycleRoutes.recordPayment(
                    InvoiceLifecycleRoutes.PaymentInput(amountMinor: amountMinor, paidOn: nil, method: method, reference: "Demo payment"),
                    to: invoice.invoice.id, vendor: vendor, actor: actor, now: kernel.now(), on: tx)
            }
        }
        func credit(_ invoice: InvoiceRoutes.InvoiceDetail, lines: [InvoiceLifecycleRoutes.CreditLineInput]?, reason: String) async throws {
            _ = try await db.transaction(for: vendor) { tx in
                try await InvoiceLifecycleRoutes.credit(invoice.invoice.id, lines: lines, reason: reason, vendor: vendor, actor: actor, kernel: kernel, on: tx)
            }
        }
        func saveSettings(ossOptIn: Bool) async throws {
            try await db.transaction(for: vendor) { tx in
                try await InvoiceSettingsStore.save(settings(ossOptIn: ossOptIn), vendor: vendor.vendorId, now: kernel.now(), on: tx)
            }
        }
        typealias Buyer = InvoiceRoutes.BuyerInput

        try await saveSettings(ossOptIn: false)
        // Domestic, a consumer: three rates (17 %, 8 %, 3 %) on one invoice, paid at the stall.
        let domestic = try await issue(Buyer(name: "Anna Weber", email: "anna.weber@example.lu", address: "12, rue de la Gare\nL-9233 Diekirch",
                                             country: "LU", vatNumber: nil, isBusiness: false),
                                       [riesling, pate, tea, mustard], language: .fr, note: "Merci pour votre visite au marché !")
        try await pay(domestic, domestic.invoice.payableMinor, .card)
        // Domestic, a restaurant: partly paid.
        let restaurant = try await issue(Buyer(name: "Brasserie du Théâtre S.à r.l.", email: "compta@brasserie-theatre.example",
                                               address: "3, Rond-Point Robert Schuman\nL-2525 Luxembourg", country: "LU", vatNumber: "LU15027442",
                                               isBusiness: true),
                                         [line("Crémant de Luxembourg brut, 75 cl", "CREM-75", 24_000, 1390, .standard), mustard], language: .fr)
        try await pay(restaurant, restaurant.invoice.payableMinor / 2, .bankTransfer)
        // Intra-EU B2B: a German delicatessen with its VAT number, exempt (Art. 138).
        _ = try await issue(Buyer(name: "Feinkost Müller GmbH", email: "einkauf@feinkost-mueller.example", address: "Hauptstraße 5\n10115 Berlin",
                                  country: "DE", vatNumber: "DE136695976", isBusiness: true),
                            [pate, honey, line("Moutarde de Luxembourg, 200 g", "MOUT-200", 48_000, 310, .superReduced)], language: .de,
                            supplyDate: VATDay.format(kernel.now().addingTimeInterval(-3 * 86_400)))
        // A distance sale to a Belgian consumer, below the threshold: Luxembourg VAT (origin).
        let origin = try await issue(Buyer(name: "Lucas Peeters", email: "lucas.peeters@example.be", address: "Rue Haute 10\n1000 Bruxelles",
                                           country: "BE", vatNumber: nil, isBusiness: false),
                                     [honey, box], language: .fr)
        try await credit(origin, lines: nil, reason: "Colis perdu par le transporteur")

        try await saveSettings(ossOptIn: true)
        // Distance sales through the OSS: French and German VAT at their rates.
        let france = try await issue(Buyer(name: "Claire Dubois", email: "claire.dubois@example.fr", address: "3 rue Nationale\n59000 Lille",
                                           country: "FR", vatNumber: nil, isBusiness: false),
                                     [riesling, pate, honey], language: .fr)
        try await credit(france, lines: [InvoiceLifecycleRoutes.CreditLineInput(lineId: france.lines[0].id, quantityMilli: 1000)],
                         reason: "Une bouteille cassée à la livraison")
        let germany = try await issue(Buyer(name: "Jonas Becker", email: "jonas.becker@example.de", address: "Königsallee 1\n40212 Düsseldorf",
                                            country: "DE", vatNumber: nil, isBusiness: false),
                                      [riesling, tea], language: .de)
        try await pay(germany, germany.invoice.payableMinor, .bankTransfer)
        // Export to Switzerland: exempt (Art. 146), in English.
        _ = try await issue(Buyer(name: "Olivia Meier", email: "olivia.meier@example.ch", address: "Bahnhofstrasse 21\n8001 Zürich",
                                  country: "CH", vatNumber: nil, isBusiness: false),
                            [box, honey, mustard], language: .en, note: "Shipped by post; export declaration attached.")
        // And a draft, still being prepared.
        _ = try await issue(Buyer(name: "Hôtel Le Royal", email: nil, address: "12, boulevard Royal\nL-2449 Luxembourg", country: "LU",
                                  vatNumber: nil, isBusiness: true),
                            [riesling], language: .fr, keepDraft: true)
    }
}
