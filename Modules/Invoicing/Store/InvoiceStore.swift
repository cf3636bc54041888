import Commerce
import Foundation
import Kernel
import SQLKit

/// An invoice or credit note as the API shows it (EN 16931 terms in the comments).
public struct Invoice: Codable, Sendable, Equatable {
    public var id: UUID
    public var kind: InvoiceKind
    public var status: InvoiceStatus
    /// The series prefix (`INV-`, `CN-`).
    public var series: String
    /// Position in the series; nil on drafts.
    public var sequenceNumber: Int?
    /// BT-1: series prefix + six digits (`INV-000042`); nil on drafts.
    public var number: String?
    public var orderId: UUID?
    public var customerId: UUID?
    /// A credit note's invoice (BT-25 and BT-26: its number and issue date).
    public var creditedInvoiceId: UUID?
    public var creditedNumber: String?
    public var creditedIssueDate: String?
    public var currency: String
    public var language: DocumentLanguage
    /// BT-2, `YYYY-MM-DD`; nil on drafts.
    public var issueDate: String?
    /// BT-72 when it differs from the issue date.
    public var supplyDate: String?
    /// BT-9.
    public var dueDate: String?
    public var paymentTermsDays: Int
    public var sellerName: String
    public var sellerAddress: String
    public var sellerCountry: String
    public var sellerVatNumber: String?
    public var sellerIban: String?
    public var sellerBic: String?
    public var footer: String?
    public var buyerName: String
    public var buyerEmail: String?
    public var buyerAddress: String?
    public var buyerCountry: String
    public var buyerVatNumber: String?
    public var buyerIsBusiness: Bool
    public var regime: VATRegime
    public var regimeExplanation: String
    /// BT-121 / BT-120 for exempt supplies.
    public var exemptionCode: String?
    public var exemptionText: String?
    /// The legal mention in the document's language (Art. 226(11)).
    public var legalMention: String?
    public var pricesIncludeVat: Bool
    /// BT-109.
    public var netTotalMinor: Int
    /// BT-110.
    public var taxTotalMinor: Int
    /// BT-112.
    public var grossTotalMinor: Int
    /// BT-114.
    public var roundingMinor: Int
    /// BT-115.
    public var payableMinor: Int
    /// What the invoice adds to the seller's EU distance sales of its year (EUR cents, net).
    public var distanceSaleEurCents: Int
    public var paidMinor: Int
    /// The payable amount of the credit notes against this invoice.
    public var creditedMinor: Int
    public var note: String?
    public var createdBy: String
    public var issuedAt: Date?
    public var paidAt: Date?
    public var cancelledAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    /// What is still to be paid: payable − credited − paid (0 for drafts and cancelled invoices).
    public var balanceDueMinor: Int { status.isOpen && kind == .invoice ? max(0, payableMinor - creditedMinor - paidMinor) : 0 }

    /// Whether the due date has passed on `today` (`YYYY-MM-DD`) with something still due.
    public func isOverdue(today: String) -> Bool { balanceDueMinor > 0 && (dueDate.map { $0 < today } ?? false) }
}

/// One line of an invoice (BG-25).
public struct InvoiceLine: Codable, Sendable, Equatable {
    public var id: UUID
    public var position: Int
    public var description: String
    public var sku: String?
    /// BT-129 in milli-units.
    public var quantityMilli: Int
    /// The price as entered (net, or gross when prices include VAT), in 1/10,000.
    public var unitPriceTenThousandths: Int
    /// BT-146, in 1/10,000.
    public var netUnitPriceTenThousandths: Int
    public var vatRateClass: VATRateClass
    /// BT-151.
    public var category: VATCategory
    /// BT-152 in basis points.
    public var basisPoints: Int
    public var rateCountry: String?
    /// BT-131.
    public var netMinor: Int
    public var grossMinor: Int?
    /// On a credit note: the invoice line it credits.
    public var creditedLineId: UUID?
}

/// One VAT breakdown group (BG-23).
public struct VATBreakdown: Codable, Sendable, Equatable {
    public var category: VATCategory
    public var basisPoints: Int
    /// BT-116.
    public var taxableMinor: Int
    /// BT-117.
    public var taxMinor: Int
    public var exemptionCode: String?
    public var exemptionText: String?
}

/// A payment recorded against an invoice.
public struct InvoicePayment: Codable, Sendable, Equatable {
    public var id: UUID
    public var amountMinor: Int
    /// `YYYY-MM-DD`.
    public var paidOn: String
    public var method: InvoicePaymentMethod
    public var reference: String?
    public var recordedBy: String
    public var createdAt: Date
}

/// Filters of the invoice list.
struct InvoiceFilter {
    var kind: InvoiceKind?
    var status: InvoiceStatus?
    /// Issue date window, `YYYY-MM-DD`, inclusive.
    var from: String?
    var to: String?
    var customer: UUID?
    var order: UUID?
    /// Due before this day with something still due.
    var overdueOn: String?
}

/// SQL for invoices, always with the vendor, inside vendor-scoped transactions.
enum InvoiceStore {
    static let columns: SQLQueryString = """
        id, kind, status, series, sequence_number, number, order_id, customer_id, credited_invoice_id, credited_number, credited_issue_date, currency,
        language, issue_date, supply_date, due_date, payment_terms_days, seller_name, seller_address, seller_country, seller_vat_number, seller_iban,
        seller_bic, footer, buyer_name, buyer_email, buyer_address, buyer_country, buyer_vat_number, buyer_is_business, regime, regime_explanation,
        exemption_code, exemption_text, legal_mention, prices_include_vat, net_total_minor, tax_total_minor, gross_total_minor, rounding_minor,
        payable_minor, distance_sale_eur_cents, paid_minor, credited_minor, note, created_by, issued_at, paid_at, cancelled_at, created_at, updated_at
        """

    static func invoice(_ id: UUID, vendor: UUID, on db: DatabaseSession) async throws -> Invoice? {
        try await db.sql.raw("SELECT \(columns) FROM invoicing_invoices WHERE id = \(bind: id) AND vendor_id = \(bind: vendor)").row(Invoice.self)
    }

    static func insert(_ i: Invoice, vendor: UUID, platform: UUID, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO invoicing_invoices (id, vendor_id, platform_id, kind, status, series, sequence_number, number, order_id, customer_id,
                credited_invoice_id, credited_number, credited_issue_date, currency, language, issue_date, supply_date, due_date, payment_terms_days,
                seller_name, seller_address, seller_country, seller_vat_number, seller_iban, seller_bic, footer, buyer_name, buyer_email, buyer_address,
                buyer_country, buyer_vat_number, buyer_is_business, regime, regime_explanation, exemption_code, exemption_text, legal_mention,
                prices_include_vat, net_total_minor, tax_total_minor, gross_total_minor, rounding_minor, payable_minor, distance_sale_eur_cents,
                paid_minor, credited_minor, note, created_by, issued_at, paid_at, cancelled_at, created_at, updated_at)
            VALUES (\(bind: i.id), \(bind: vendor), \(bind: platform), \(bind: i.kind.rawValue), \(bind: i.status.rawValue), \(bind: i.series),
                \(bind: i.sequenceNumber), \(bind: i.number), \(bind: i.orderId), \(bind: i.customerId), \(bind: i.creditedInvoiceId),
                \(bind: i.creditedNumber), \(bind: i.creditedIssueDate), \(bind: i.currency), \(bind: i.language.rawValue), \(bind: i.issueDate),
                \(bind: i.supplyDate), \(bind: i.dueDate), \(bind: i.paymentTermsDays), \(bind: i.sellerName), \(bind: i.sellerAddress),
                \(bind: i.sellerCountry), \(bind: i.sellerVatNumber), \(bind: i.sellerIban), \(bind: i.sellerBic), \(bind: i.footer),
                \(bind: i.buyerName), \(bind: i.buyerEmail), \(bind: i.buyerAddress), \(bind: i.buyerCountry), \(bind: i.buyerVatNumber),
                \(bind: i.buyerIsBusiness), \(bind: i.regime.rawValue), \(bind: i.regimeExplanation), \(bind: i.exemptionCode),
                \(bind: i.exemptionText), \(bind: i.legalMention), \(bind: i.pricesIncludeVat), \(bind: i.netTotalMinor), \(bind: i.taxTotalMinor),
                \(bind: i.grossTotalMinor), \(bind: i.roundingMinor), \(bind: i.payableMinor), \(bind: i.distanceSaleEurCents), \(bind: i.paidMinor),
                \(bind: i.creditedMinor), \(bind: i.note), \(bind: i.createdBy), \(bind: i.issuedAt), \(bind: i.paidAt), \(bind: i.cancelledAt),
                \(bind: i.createdAt), \(bind: i.updatedAt))
            """).run()
    }

    /// Rewrites a draft's content (the WHERE keeps an issued invoice untouched; false then).
    static func updateDraft(_ i: Invoice, vendor: UUID, on db: DatabaseSession) async throws -> Bool {
        !(try await db.sql.raw("""
            UPDATE invoicing_invoices SET customer_id = \(bind: i.customerId), currency = \(bind: i.currency), language = \(bind: i.language.rawValue),
                supply_date = \(bind: i.supplyDate), payment_terms_days = \(bind: i.paymentTermsDays), seller_name = \(bind: i.sellerName),
                seller_address = \(bind: i.sellerAddress), seller_country = \(bind: i.sellerCountry), seller_vat_number = \(bind: i.sellerVatNumber),
                seller_iban = \(bind: i.sellerIban), seller_bic = \(bind: i.sellerBic), footer = \(bind: i.footer), buyer_name = \(bind: i.buyerName),
                buyer_email = \(bind: i.buyerEmail), buyer_address = \(bind: i.buyerAddress), buyer_country = \(bind: i.buyerCountry),
                buyer_vat_number = \(bind: i.buyerVatNumber), buyer_is_business = \(bind: i.buyerIsBusiness), regime = \(bind: i.regime.rawValue),
                regime_explanation = \(bind: i.regimeExplanation), exemption_code = \(bind: i.exemptionCode), exemption_text = \(bind: i.exemptionText),
                legal_mention = \(bind: i.legalMention), prices_include_vat = \(bind: i.pricesIncludeVat), net_total_minor = \(bind: i.netTotalMinor),
                tax_total_minor = \(bind: i.taxTotalMinor), gross_total_minor = \(bind: i.grossTotalMinor), rounding_minor = \(bind: i.roundingMinor),
                payable_minor = \(bind: i.payableMinor), distance_sale_eur_cents = \(bind: i.distanceSaleEurCents), note = \(bind: i.note),
                updated_at = \(bind: i.updatedAt)
            WHERE id = \(bind: i.id) AND vendor_id = \(bind: vendor) AND status = 'draft' RETURNING id
            """).all()).isEmpty
    }

    /// Turns a draft into an issued invoice with its number and dates; false when it is no longer a draft.
    static func markIssued(_ i: Invoice, vendor: UUID, on db: DatabaseSession) async throws -> Bool {
        !(try await db.sql.raw("""
            UPDATE invoicing_invoices SET status = 'issued', sequence_number = \(bind: i.sequenceNumber), number = \(bind: i.number),
                issue_date = \(bind: i.issueDate), due_date = \(bind: i.dueDate), issued_at = \(bind: i.issuedAt), updated_at = \(bind: i.updatedAt)
            WHERE id = \(bind: i.id) AND vendor_id = \(bind: vendor) AND status = 'draft' RETURNING id
            """).all()).isEmpty
    }

    /// Sets the settlement columns, the only ones an issued invoice may still change.
    static func settle(_ id: UUID, vendor: UUID, status: InvoiceStatus, paidMinor: Int, creditedMinor: Int, paidAt: Date?, cancelledAt: Date?,
                       at now: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            UPDATE invoicing_invoices SET status = \(bind: status.rawValue), paid_minor = \(bind: paidMinor), credited_minor = \(bind: creditedMinor),
                paid_at = \(bind: paidAt), cancelled_at = \(bind: cancelledAt), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND vendor_id = \(bind: vendor)
            """).run()
    }

    /// Deletes a draft; false when there is no draft with that id.
    static func deleteDraft(_ id: UUID, vendor: UUID, on db: DatabaseSession) async throws -> Bool {
        !(try await db.sql.raw("""
            DELETE FROM invoicing_invoices WHERE id = \(bind: id) AND vendor_id = \(bind: vendor) AND status = 'draft' RETURNING id
            """).all()).isEmpty
    }

    /// Holds the draft's row until commit (PostgreSQL), so a concurrent issue or edit waits.
    static func lockDraft(_ id: UUID, vendor: UUID, on db: DatabaseSession) async throws -> Bool {
        // An UPDATE that changes nothing still takes the row lock, on both databases.
        !(try await db.sql.raw("""
            UPDATE invoicing_invoices SET updated_at = updated_at WHERE id = \(bind: id) AND vendor_id = \(bind: vendor) AND status = 'draft' RETURNING id
            """).all()).isEmpty
    }

    static func lines(of invoice: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [InvoiceLine] {
        try await db.sql.raw("""
            SELECT id, position, description, sku, quantity_milli, unit_price_ten_thousandths, net_unit_price_ten_thousandths, vat_rate_class, category,
                basis_points, rate_country, net_minor, gross_minor, credited_line_id
            FROM invoicing_invoice_lines WHERE invoice_id = \(bind: invoice) AND vendor_id = \(bind: vendor) ORDER BY position
            """).rows(InvoiceLine.self)
    }

    static func breakdown(of invoice: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [VATBreakdown] {
        try await db.sql.raw("""
            SELECT category, basis_points, taxable_minor, tax_minor, exemption_code, exemption_text FROM invoicing_vat_breakdown
            WHERE invoice_id = \(bind: invoice) AND vendor_id = \(bind: vendor) ORDER BY category, basis_points DESC
            """).rows(VATBreakdown.self)
    }

    /// The lines of several invoices in one query, by invoice.
    static func lines(of invoices: [UUID], vendor: UUID, on db: DatabaseSession) async throws -> [UUID: [InvoiceLine]] {
        guard !invoices.isEmpty else { return [:] }
        return try await db.sql.raw("""
            SELECT invoice_id, id, position, description, sku, quantity_milli, unit_price_ten_thousandths, net_unit_price_ten_thousandths,
                vat_rate_class, category, basis_points, rate_country, net_minor, gross_minor, credited_line_id
            FROM invoicing_invoice_lines WHERE vendor_id = \(bind: vendor) AND invoice_id IN (\(binds: invoices)) ORDER BY invoice_id, position
            """).rows(OfInvoice<InvoiceLine>.self).grouped()
    }

    /// The VAT breakdowns of several invoices in one query, by invoice.
    static func breakdowns(of invoices: [UUID], vendor: UUID, on db: DatabaseSession) async throws -> [UUID: [VATBreakdown]] {
        guard !invoices.isEmpty else { return [:] }
        return try await db.sql.raw("""
            SELECT invoice_id, category, basis_points, taxable_minor, tax_minor, exemption_code, exemption_text FROM invoicing_vat_breakdown
            WHERE vendor_id = \(bind: vendor) AND invoice_id IN (\(binds: invoices)) ORDER BY category, basis_points DESC
            """).rows(OfInvoice<VATBreakdown>.self).grouped()
    }

    /// Replaces a draft's lines and VAT breakdown.
    static func replaceContent(of invoice: UUID, lines: [InvoiceLine], breakdown: [VATBreakdown], vendor: UUID, on db: DatabaseSession) async throws {
        try await db.sql.raw("DELETE FROM invoicing_invoice_lines WHERE invoice_id = \(bind: invoice) AND vendor_id = \(bind: vendor)").run()
        try await db.sql.raw("DELETE FROM invoicing_vat_breakdown WHERE invoice_id = \(bind: invoice) AND vendor_id = \(bind: vendor)").run()
        for l in lines {
            try await db.sql.raw("""
                INSERT INTO invoicing_invoice_lines (id, vendor_id, invoice_id, position, description, sku, quantity_milli, unit_price_ten_thousandths,
                    net_unit_price_ten_thousandths, vat_rate_class, category, basis_points, rate_country, net_minor, gross_minor, credited_line_id)
                VALUES (\(bind: l.id), \(bind: vendor), \(bind: invoice), \(bind: l.position), \(bind: l.description), \(bind: l.sku),
                    \(bind: l.quantityMilli), \(bind: l.unitPriceTenThousandths), \(bind: l.netUnitPriceTenThousandths), \(bind: l.vatRateClass.rawValue),
                    \(bind: l.category.rawValue), \(bind: l.basisPoints), \(bind: l.rateCountry), \(bind: l.netMinor), \(bind: l.grossMinor),
                    \(bind: l.creditedLineId))
                """).run()
        }
        for b in breakdown {
            try await db.sql.raw("""
                INSERT INTO invoicing_vat_breakdown (id, vendor_id, invoice_id, category, basis_points, taxable_minor, tax_minor, exemption_code, exemption_text)
                VALUES (\(bind: UUID.v7()), \(bind: vendor), \(bind: invoice), \(bind: b.category.rawValue), \(bind: b.basisPoints),
                    \(bind: b.taxableMinor), \(bind: b.taxMinor), \(bind: b.exemptionCode), \(bind: b.exemptionText))
                """).run()
        }
    }

    /// The next number of `series` for the vendor. One statement: the counter row stays locked
    /// until the issuing transaction ends, so numbers are strictly sequential and, as a rolled
    /// back issue gives its number back, gapless.
    static func nextNumber(series: String, vendor: UUID, on db: DatabaseSession) async throws -> Int {
        struct Row: Decodable { let lastNumber: Int }
        return try await db.sql.raw("""
            INSERT INTO invoicing_number_series (vendor_id, series, last_number) VALUES (\(bind: vendor), \(bind: series), 1)
            ON CONFLICT (vendor_id, series) DO UPDATE SET last_number = invoicing_number_series.last_number + 1
            RETURNING last_number
            """).row(Row.self)!.lastNumber
    }

    /// The seller's EU distance sales (net, EUR cents) on documents issued in [from, to) days,
    /// credit notes deducted.
    static func distanceSales(vendor: UUID, from: String, to: String, on db: DatabaseSession) async throws -> Int {
        struct Row: Decodable { let total: Int }
        return try await db.sql.raw("""
            SELECT CAST(COALESCE(SUM(CASE WHEN kind = 'credit_note' THEN -distance_sale_eur_cents ELSE distance_sale_eur_cents END), 0) AS BIGINT) AS total
            FROM invoicing_invoices WHERE vendor_id = \(bind: vendor) AND status <> 'draft' AND issue_date >= \(bind: from) AND issue_date < \(bind: to)
            """).row(Row.self)?.total ?? 0
    }

    static func list(vendor: UUID, filter: InvoiceFilter, page: PageRequest, on db: DatabaseSession) async throws -> [Invoice] {
        var conditions: SQLQueryString = "vendor_id = \(bind: vendor)"
        if let kind = filter.kind { conditions = conditions + " AND kind = \(bind: kind.rawValue)" }
        if let status = filter.status { conditions = conditions + " AND status = \(bind: status.rawValue)" }
        if let from = filter.from { conditions = conditions + " AND issue_date >= \(bind: from)" }
        if let to = filter.to { conditions = conditions + " AND issue_date <= \(bind: to)" }
        if let customer = filter.customer { conditions = conditions + " AND customer_id = \(bind: customer)" }
        if let order = filter.order { conditions = conditions + " AND order_id = \(bind: order)" }
        if let today = filter.overdueOn {
            conditions = conditions + """
                 AND kind = 'invoice' AND status IN ('issued', 'partially_paid') AND due_date < \(bind: today)
                 AND payable_minor - credited_minor - paid_minor > 0
                """
        }
        // Newest first: ids are UUIDv7 of the creation time; the cursor is the last id seen.
        if let after = page.after { conditions = conditions + " AND id < \(bind: after)" }
        let query = db.sql.raw("SELECT \(columns) FROM invoicing_invoices WHERE \(conditions) ORDER BY id DESC \(limit: page.limit + 1)")
        // Kinds and statuses are skewed and date windows vary in width: planned for their values
        // (see `OrderStore.listing`); the plain list and one customer's or order's keep one plan.
        if filter.kind != nil || filter.status != nil || filter.from != nil || filter.to != nil || filter.overdueOn != nil {
            return try await db.planningEachRun { try await query.rows(Invoice.self) }
        }
        return try await query.rows(Invoice.self)
    }

    /// The order's invoice (draft or issued) that is not cancelled, if any.
    static func activeInvoice(order: UUID, vendor: UUID, on db: DatabaseSession) async throws -> Invoice? {
        try await db.sql.raw("""
            SELECT \(columns) FROM invoicing_invoices WHERE vendor_id = \(bind: vendor) AND order_id = \(bind: order) AND kind = 'invoice'
            AND status <> 'cancelled' LIMIT 1
            """).row(Invoice.self)
    }

    /// Issued invoices with something still due.
    static func open(vendor: UUID, on db: DatabaseSession) async throws -> [Invoice] {
        try await db.sql.raw("""
            SELECT \(columns) FROM invoicing_invoices WHERE vendor_id = \(bind: vendor) AND kind = 'invoice' AND status IN ('issued', 'partially_paid')
            AND payable_minor - credited_minor - paid_minor > 0
            """).rows(Invoice.self)
    }

    /// Credit notes against `invoice`.
    static func creditNotes(of invoice: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [Invoice] {
        try await db.sql.raw("""
            SELECT \(columns) FROM invoicing_invoices WHERE vendor_id = \(bind: vendor) AND credited_invoice_id = \(bind: invoice) ORDER BY id
            """).rows(Invoice.self)
    }

    /// Quantities already credited per invoice line.
    static func creditedQuantities(of invoice: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [UUID: Int] {
        struct Row: Decodable { let creditedLineId: UUID; let quantity: Int }
        let rows = try await db.sql.raw("""
            SELECT l.credited_line_id, CAST(SUM(l.quantity_milli) AS BIGINT) AS quantity FROM invoicing_invoice_lines l
            JOIN invoicing_invoices c ON c.id = l.invoice_id
            WHERE c.vendor_id = \(bind: vendor) AND l.vendor_id = \(bind: vendor) AND c.credited_invoice_id = \(bind: invoice) AND l.credited_line_id IS NOT NULL
            GROUP BY l.credited_line_id
            """).rows(Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.creditedLineId, $0.quantity) })
    }

    static func payments(of invoice: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [InvoicePayment] {
        try await db.sql.raw("""
            SELECT id, amount_minor, paid_on, method, reference, recorded_by, created_at FROM invoicing_payments
            WHERE invoice_id = \(bind: invoice) AND vendor_id = \(bind: vendor) ORDER BY created_at, id
            """).rows(InvoicePayment.self)
    }

    static func insert(_ p: InvoicePayment, invoice: UUID, vendor: UUID, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO invoicing_payments (id, vendor_id, invoice_id, amount_minor, paid_on, method, reference, recorded_by, created_at)
            VALUES (\(bind: p.id), \(bind: vendor), \(bind: invoice), \(bind: p.amountMinor), \(bind: p.paidOn), \(bind: p.method.rawValue),
                \(bind: p.reference), \(bind: p.recordedBy), \(bind: p.createdAt))
            """).run()
    }

    /// The customers the vendor's invoices name, each with one name it was invoiced under (for the list's filter).
    static func customers(vendor: UUID, on db: DatabaseSession) async throws -> [(id: UUID, name: String)] {
        struct Row: Decodable { let customerId: UUID; let buyerName: String }
        return try await db.sql.raw("""
            SELECT customer_id, MAX(buyer_name) AS buyer_name FROM invoicing_invoices
            WHERE vendor_id = \(bind: vendor) AND customer_id IS NOT NULL GROUP BY customer_id ORDER BY MAX(buyer_name) LIMIT 1000
            """).rows(Row.self).map { ($0.customerId, $0.buyerName) }
    }

    /// The order's issued invoices and credit notes, oldest first (drafts left out).
    static func issued(order: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [Invoice] {
        try await db.sql.raw("""
            SELECT \(columns) FROM invoicing_invoices WHERE vendor_id = \(bind: vendor) AND order_id = \(bind: order) AND status <> 'draft' ORDER BY id
            """).rows(Invoice.self)
    }
}

/// A row of an invoice's part read for several invoices at once: the part as its own type
/// decodes it, and the `invoice_id` column beside it.
struct OfInvoice<Part: Decodable & Sendable>: Decodable, Sendable {
    let invoiceId: UUID
    let part: Part

    enum CodingKeys: String, CodingKey { case invoiceId }

    init(from decoder: any Decoder) throws {
        invoiceId = try decoder.container(keyedBy: CodingKeys.self).decode(UUID.self, forKey: .invoiceId)
        part = try Part(from: decoder)
    }
}

extension Array {
    /// The parts by invoice, each invoice's in the order the query gave them.
    func grouped<Part>() -> [UUID: [Part]] where Element == OfInvoice<Part> {
        Dictionary(grouping: self, by: \.invoiceId).mapValues { $0.map(\.part) }
    }
}
