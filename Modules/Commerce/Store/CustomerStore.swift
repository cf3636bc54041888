import Foundation
import Kernel
import SQLKit

/// SQL for customers and their addresses; always with the vendor, inside vendor-scoped transactions.
enum CustomerStore {
    /// Inserts a customer (a taken e-mail is a unique violation).
    static func insert(_ c: Customer, on db: DatabaseSession) async throws {
        try await db.sql.raw(insertStatement(c)).run()
    }

    /// Inserts `c` unless the vendor has a customer with that e-mail; the inserted row, or nil
    /// when one was there already (a concurrent checkout by the same guest, say).
    static func insertIfAbsent(_ c: Customer, on db: DatabaseSession) async throws -> Customer? {
        try await db.sql.raw(insertStatement(c) + " ON CONFLICT (vendor_id, email) DO NOTHING RETURNING *").row(Customer.self)
    }

    private static func insertStatement(_ c: Customer) -> SQLQueryString {
        """
        INSERT INTO commerce_customers (id, vendor_id, email, first_name, last_name, phone, language, marketing_consent, marketing_consent_at,
            company_name, vat_number, order_count, total_spent_minor, first_order_at, last_order_at, created_at, updated_at)
        VALUES (\(bind: c.id), \(bind: c.vendorId), \(bind: c.email), \(bind: c.firstName), \(bind: c.lastName), \(bind: c.phone), \(bind: c.language),
            \(bind: c.marketingConsent), \(bind: c.marketingConsentAt), \(bind: c.companyName), \(bind: c.vatNumber), 0, 0, NULL, NULL,
            \(bind: c.createdAt), \(bind: c.updatedAt))
        """
    }

    static func update(_ c: Customer, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            UPDATE commerce_customers SET first_name = \(bind: c.firstName), last_name = \(bind: c.lastName), phone = \(bind: c.phone),
                language = \(bind: c.language), marketing_consent = \(bind: c.marketingConsent), marketing_consent_at = \(bind: c.marketingConsentAt),
                company_name = \(bind: c.companyName), vat_number = \(bind: c.vatNumber), updated_at = \(bind: c.updatedAt)
            WHERE id = \(bind: c.id) AND vendor_id = \(bind: c.vendorId)
            """).run()
    }

    static func customer(_ id: UUID, vendor: UUID, on db: DatabaseSession) async throws -> Customer? {
        try await db.sql.raw("SELECT * FROM commerce_customers WHERE id = \(bind: id) AND vendor_id = \(bind: vendor)").row(Customer.self)
    }

    static func customer(email: String, vendor: UUID, on db: DatabaseSession) async throws -> Customer? {
        try await db.sql.raw("SELECT * FROM commerce_customers WHERE email = \(bind: email) AND vendor_id = \(bind: vendor)").row(Customer.self)
    }

    /// Customers whose e-mail, name or company contains `text` (case-insensitive), by id after `after`.
    static func search(vendor: UUID, text: String?, after: UUID?, limit: Int, on db: DatabaseSession) async throws -> [Customer] {
        var conditions: SQLQueryString = "vendor_id = \(bind: vendor)"
        if let text, !text.isEmpty {
            let pattern = containsPattern(text)
            conditions = conditions + """
                 AND (LOWER(email) LIKE \(bind: pattern) OR LOWER(first_name || ' ' || last_name) LIKE \(bind: pattern)
                      OR LOWER(COALESCE(company_name, '')) LIKE \(bind: pattern))
                """
        }
        if let after { conditions = conditions + " AND id > \(bind: after)" }
        return try await db.sql.raw("SELECT * FROM commerce_customers WHERE \(conditions) ORDER BY id \(limit: limit)").rows(Customer.self)
    }

    static func addresses(of customer: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [CustomerAddress] {
        try await db.sql.raw("""
            SELECT id, label, name, line1, line2, postal_code, city, country, phone, is_default_shipping, is_default_billing
            FROM commerce_customer_addresses WHERE customer_id = \(bind: customer) AND vendor_id = \(bind: vendor) ORDER BY created_at, id
            """).rows(CustomerAddress.self)
    }

    /// Adds an address; a new default replaces the old default of the same kind.
    static func add(_ a: CustomerAddress, to customer: UUID, vendor: UUID, now: Date, on db: DatabaseSession) async throws {
        if a.isDefaultShipping {
            try await db.sql.raw("UPDATE commerce_customer_addresses SET is_default_shipping = \(bind: false) WHERE customer_id = \(bind: customer) AND vendor_id = \(bind: vendor)").run()
        }
        if a.isDefaultBilling {
            try await db.sql.raw("UPDATE commerce_customer_addresses SET is_default_billing = \(bind: false) WHERE customer_id = \(bind: customer) AND vendor_id = \(bind: vendor)").run()
        }
        try await db.sql.raw("""
            INSERT INTO commerce_customer_addresses (id, vendor_id, customer_id, label, name, line1, line2, postal_code, city, country, phone,
                is_default_shipping, is_default_billing, created_at)
            VALUES (\(bind: a.id), \(bind: vendor), \(bind: customer), \(bind: a.label), \(bind: a.name), \(bind: a.line1), \(bind: a.line2),
                \(bind: a.postalCode), \(bind: a.city), \(bind: a.country), \(bind: a.phone), \(bind: a.isDefaultShipping), \(bind: a.isDefaultBilling), \(bind: now))
            """).run()
    }

    static func removeAddress(_ id: UUID, of customer: UUID, vendor: UUID, on db: DatabaseSession) async throws -> Bool {
        !(try await db.sql.raw("""
            DELETE FROM commerce_customer_addresses WHERE id = \(bind: id) AND customer_id = \(bind: customer) AND vendor_id = \(bind: vendor) RETURNING id
            """).all()).isEmpty
    }
}
