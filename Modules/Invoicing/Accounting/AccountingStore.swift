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
            SELECT \(InvoiceStore.columns) FROM invoicing_invoices WHERE \(conditions) ORDER BY issue_date, id \(limit: limit)
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

    /// Every document of the period with its breakdown, page by page: `body` runs once per
    /// page of at most `pageSize`, each read in its own short transaction.
    static func forEachPage(vendor: VendorScope, period: AccountingPeriod, regime: VATRegime? = nil, pageSize: Int = 500, database: Database,
                            _ body: ([(invoice: Invoice, breakdown: [VATBreakdown])]) async throws -> Void) async throws {
        try await pages(vendor: vendor, period: period, regime: regime, pageSize: pageSize, database: database, id: \.invoice, body) { invoices, tx in
            let breakdowns = try await InvoiceStore.breakdowns(of: invoices.map(\.id), vendor: vendor.vendorId, on: tx)
            return invoices.map { ($0, breakdowns[$0.id] ?? []) }
        }
    }

    /// Every document of the period as a whole snapshot (lines too), page by page: three
    /// queries a page, whatever its size, for the exports that draw each document.
    static func forEachSnapshotPage(vendor: VendorScope, period: AccountingPeriod, pageSize: Int = 100, database: Database,
                                    _ body: ([InvoiceSnapshot]) async throws -> Void) async throws {
        try await pages(vendor: vendor, period: period, regime: nil, pageSize: pageSize, database: database, id: \.invoice, body) { invoices, tx in
            let ids = invoices.map(\.id)
            let lines = try await InvoiceStore.lines(of: ids, vendor: vendor.vendorId, on: tx)
            let breakdowns = try await InvoiceStore.breakdowns(of: ids, vendor: vendor.vendorId, on: tx)
            return invoices.map { InvoiceSnapshot(invoice: $0, lines: lines[$0.id] ?? [], breakdown: breakdowns[$0.id] ?? []) }
        }
    }

    /// The page loop both share: a page of documents and what `load` adds to them, read in one
    /// transaction, then handed to `body`; the next page starts after the last document.
    private static func pages<Item: Sendable>(vendor: VendorScope, period: AccountingPeriod, regime: VATRegime?, pageSize: Int, database: Database,
                                              id: KeyPath<Item, Invoice>, _ body: ([Item]) async throws -> Void,
                                              load: @escaping ([Invoice], DatabaseSession) async throws -> [Item]) async throws {
        var cursor: Cursor?
        while true {
            let page = try await database.read(for: vendor) { tx -> [Item] in
                try await load(try await documents(vendor: vendor.vendorId, period: period, regime: regime, after: cursor, limit: pageSize, on: tx), tx)
            }
            guard let last = page.last?[keyPath: id] else { return }
            try await body(page)
            if page.count < pageSize { return }
            cursor = Cursor(day: last.issueDate ?? "", id: last.id)
        }
    }
}
