import Foundation
import Hummingbird
import Kernel
import SQLKit

/// Shop accounts: a vendor's customers signing in to that vendor's shop, separate from staff
/// users. Passwords are bcrypt-hashed, sessions are random tokens of which only the SHA-256 is
/// stored, and failed sign-ins are throttled per e-mail.
enum ShopAccounts {
    /// The session cookie of shop pages; API clients send the token in ``tokenHeader``.
    static let cookie = "agora_customer"
    static let tokenHeader = HTTPFields.Element.Name("X-Customer-Token")!
    static let sessionLifetime: TimeInterval = 30 * 24 * 3600
    static let maxFailures = 5
    static let failureWindow: TimeInterval = 15 * 60

    /// The customer signed in on this request, or nil; an unknown or expired token is a 401.
    static func customer(of request: Request, vendor: UUID, now: Date, database: Database, scope: VendorScope) async throws -> Customer? {
        guard let token = request.headers[tokenHeader] ?? request.cookies[cookie]?.value, !token.isEmpty else { return nil }
        let customer = try await database.read(for: scope) { db -> Customer? in
            struct Row: Decodable { let customerId: UUID }
            guard let row = try await db.sql.raw("""
                SELECT customer_id FROM commerce_customer_sessions
                WHERE id_hash = \(bind: SecretToken.digest(token)) AND vendor_id = \(bind: vendor) AND expires_at > \(bind: now)
                """).row(Row.self) else { return nil }
            return try await CustomerStore.customer(row.customerId, vendor: vendor, on: db)
        }
        guard let customer else {
            throw Problem(status: .unauthorized, code: "invalid_customer_session", title: "Please sign in again",
                          detail: "The shop session is unknown or expired.")
        }
        return customer
    }

    /// The signed-in customer, or a 401 asking to sign in.
    static func requireCustomer(of request: Request, scope: VendorScope, now: Date, database: Database) async throws -> Customer {
        guard let customer = try await customer(of: request, vendor: scope.vendorId, now: now, database: database, scope: scope) else {
            throw Problem(status: .unauthorized, code: "customer_sign_in_required", title: "Please sign in",
                          detail: "Sign in to your shop account (send X-Customer-Token).")
        }
        return customer
    }

    static func hasPassword(_ customer: UUID, vendor: UUID, on db: DatabaseSession) async throws -> Bool {
        try await db.sql.raw("SELECT customer_id FROM commerce_customer_credentials WHERE customer_id = \(bind: customer) AND vendor_id = \(bind: vendor)")
            .all().count == 1
    }

    static func setPassword(hash: String, customer: UUID, vendor: UUID, now: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO commerce_customer_credentials (customer_id, vendor_id, password_hash, created_at)
            VALUES (\(bind: customer), \(bind: vendor), \(bind: hash), \(bind: now))
            """).run()
    }

    /// A new session for `customer`; returns the token (shown once).
    static func openSession(customer: UUID, vendor: UUID, now: Date, on db: DatabaseSession) async throws -> String {
        let token = SecretToken.generate()
        try await db.sql.raw("""
            INSERT INTO commerce_customer_sessions (id_hash, vendor_id, customer_id, created_at, expires_at)
            VALUES (\(bind: SecretToken.digest(token)), \(bind: vendor), \(bind: customer), \(bind: now), \(bind: now.addingTimeInterval(sessionLifetime)))
            """).run()
        return token
    }

    static func closeSession(token: String, vendor: UUID, on db: DatabaseSession) async throws {
        try await db.sql.raw("DELETE FROM commerce_customer_sessions WHERE id_hash = \(bind: SecretToken.digest(token)) AND vendor_id = \(bind: vendor)").run()
    }

    /// Checks e-mail and password; throttled, and as slow for unknown e-mails as for known ones.
    static func verify(email: String, password: String, scope: VendorScope, kernel: KernelServices, now: Date) async throws -> Customer {
        let vendor = scope.vendorId
        struct Count: Decodable { let count: Int }
        struct Credential: Decodable { let customerId: UUID; let passwordHash: String }
        let (failures, credential) = try await kernel.database.read(for: scope) { db in
            let failures = try await db.sql.raw("""
                SELECT COUNT(*) AS count FROM commerce_customer_login_failures
                WHERE vendor_id = \(bind: vendor) AND email = \(bind: email) AND at > \(bind: now.addingTimeInterval(-failureWindow))
                """).row(Count.self)?.count ?? 0
            let credential = try await db.sql.raw("""
                SELECT c.customer_id, c.password_hash FROM commerce_customer_credentials c JOIN commerce_customers u ON u.id = c.customer_id
                WHERE u.vendor_id = \(bind: vendor) AND u.email = \(bind: email)
                """).row(Credential.self)
            return (failures, credential)
        }
        if failures >= maxFailures {
            throw Problem.tooManySignIns("Too many failed sign-ins for this account; try again in 15 minutes.", retryAfter: failureWindow)
        }
        var valid = false
        if let credential {
            valid = try await kernel.passwords.verify(password, against: credential.passwordHash)
        } else {
            await kernel.passwords.burnVerification()
        }
        guard valid, let credential,
              let customer = try await kernel.database.read(for: scope, { try await CustomerStore.customer(credential.customerId, vendor: vendor, on: $0) })
        else {
            try await kernel.database.transaction(for: scope) { tx in
                try await tx.sql.raw("""
                    INSERT INTO commerce_customer_login_failures (id, vendor_id, email, at) VALUES (\(bind: UUID.v7(now: now)), \(bind: vendor), \(bind: email), \(bind: now))
                    """).run()
            }
            throw Problem.invalidCredentials("The e-mail or password is wrong.")
        }
        try await kernel.database.transaction(for: scope) { tx in
            try await tx.sql.raw("DELETE FROM commerce_customer_login_failures WHERE vendor_id = \(bind: vendor) AND email = \(bind: email)").run()
        }
        return customer
    }
}
