import Foundation
import Kernel
import SQLKit

/// Issued invoices and credit notes of a period, for the accounting exports: in issue-date
/// order, a page at a time, so an export of any size reads with flat memory.
enum AccountingStore {
    /// Where the previous page ended: the last document's issue date and id.
    struct Cursor: Sendable { let day: String; let id: UUID }

    /// The next `limit` issued documents (drafts never; cancelled invoices stay, because they
    /// were issued and their credit note cancels them in the books) of `period`, after `cursor`.
    /// `regime` keeps one regime only (the OSS report).
    static func documents(vendor: UUID, period: AccountingPeriod, regime: VATRegime? = nil, after cursor: Cursor?, limit: Int,
                          on db: DatabaseSession) async throws -> [Invoice] {
        var conditions: SQLQueryString = """
            vendor_id = \(bind: vendor) AND status <> 'draft' AND issue_date >= \(bind: period.from) AND issue_date <= \(bind: period.to)
            """
        if let regime { conditions = conditions + " AND regime = \(bind: regime.rawValue)" }
        if let cursor {
            conditions = conditions + " AND (issue_date > \(bind: cursor.day) OR (issue_date = \(bind: cursor.day) AND id > \(bind: cursor.id)))"
        }
        return try await db.sql.raw("""
            SELECT \(InvoiceStore.columns) FROM invoicing_invoices WHERE \(conditions) ORDER BY issue_date, id LIMIT \(bind: limit)
            """).rows(Invoice.self)
    }

    /// How many issued documents `period` holds.
    static func count(vendor: UUID, period: AccountingPeriod, on db: DatabaseSession) async throws -> Int {
        struct Row: Decodable { let count: Int }
        return try await db.sql.raw("""
            SELECT COUNT(*) AS count FROM invoicing_invoices
            WHERE vendor_id = \(bind: vendor) AND status <> 'draft' AND issue_date >= \(bind: period.from) AND issue_date <= \(bind: period.to)
            """).row(Row.self)?.count ?? 0
    }

    /// The VAT breakdowns of several documents in one query, by document.
    static func breakdowns(of invoices: [UUID], vendor: UUID, on db: DatabaseSession) async throws -> [UUID: [VATBreakdown]] {
        guard !invoices.isEmpty else { return [:] }
        struct Row: Decodable {
            let invoiceId: UUID
            let category: VATCategory
            let basisPoints: Int
            let taxableMinor: Int
            let taxMinor: Int
            let exemptionCode: String?
            let exemptionText: String?
        }
        let rows = try await db.sql.raw("""
            SELECT invoice_id, category, basis_points, taxable_minor, tax_minor, exemption_code, exemption_text FROM invoicing_vat_breakdown
            WHERE vendor_id = \(bind: vendor) AND invoice_id IN (\(binds: invoices)) ORDER BY category, basis_points DESC
            """).rows(Row.self)
        return Dictionary(grouping: rows, by: \.invoiceId).mapValues { rows in
            rows.map { VATBreakdown(category: $0.category, basisPoints: $0.basisPoints, taxableMinor: $0.taxableMinor, taxMinor: $0.taxMinor,
                                    exemptionCode: $0.exemptionCode, exemptionText: $0.exemptionText) }
        }
    }

    /// Every document of the period with its breakdown, page by page: `body` runs once per
    /// page of at most `pageSize`, each read in its own short transaction.
    static func forEachPage(vendor: VendorScope, period: AccountingPeriod, regime: VATRegime? = nil, pageSize: Int = 500, database: Database,
                            _ body: ([(invoice: Invoice, breakdown: [VATBreakdown])]) async throws -> Void) async throws {
        var cursor: Cursor?
        while true {
            let page = try await database.read(for: vendor) { tx -> [(invoice: Invoice, breakdown: [VATBreakdown])] in
                let invoices = try await documents(vendor: vendor.vendorId, period: period, regime: regime, after: cursor, limit: pageSize, on: tx)
                let breakdowns = try await self.breakdowns(of: invoices.map(\.id), vendor: vendor.vendorId, on: tx)
                return invoices.map { ($0, breakdowns[$0.id] ?? []) }
            }
            guard let last = page.last?.invoice else { return }
            try await body(page)
            if page.count < pageSize { return }
            cursor = Cursor(day: last.issueDate ?? "", id: last.id)
        }
    }
}
