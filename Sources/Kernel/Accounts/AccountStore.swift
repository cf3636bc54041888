import Foundation
import SQLKit

/// SQL for users, memberships, sessions, API tokens and failed logins.
public enum AccountStore {
    struct Credentials: Decodable {
        let id: UUID
        let email: String
        let displayName: String
        let passwordHash: String
        let isActive: Bool
    }

    // MARK: Users

    static func credentials(email: String, on db: DatabaseSession) async throws -> Credentials? {
        try await db.sql.raw("SELECT id, email, display_name, password_hash, is_active FROM users WHERE email = \(bind: email)")
            .row(Credentials.self)
    }

    /// The user with `id`, if any.
    public static func user(_ id: UUID, on db: DatabaseSession) async throws -> User? {
        try await db.sql.raw("""
            SELECT id, email, display_name, is_active, created_at, updated_at, last_login_at FROM users WHERE id = \(bind: id)
            """).row(User.self)
    }

    /// Users a scoped admin may see: anyone holding a role inside the scope.
    static func users(in scope: AdminScope, page: PageRequest, on db: DatabaseSession) async throws -> [User] {
        try await db.sql.raw("""
            SELECT u.id, u.email, u.display_name, u.is_active, u.created_at, u.updated_at, u.last_login_at FROM users u
            WHERE \(visibleUser(scope)) \(after: page, column: "u.id") ORDER BY u.id \(limit: page.limit + 1)
            """).rows(User.self)
    }

    static func user(_ id: UUID, in scope: AdminScope, on db: DatabaseSession) async throws -> User? {
        try await db.sql.raw("""
            SELECT u.id, u.email, u.display_name, u.is_active, u.created_at, u.updated_at, u.last_login_at FROM users u
            WHERE u.id = \(bind: id) AND \(visibleUser(scope))
            """).row(User.self)
    }

    /// A user is visible to a platform admin when one of their memberships is on the admin's
    /// platform, on a vendor of it, or on a company visible to the admin.
    private static func visibleUser(_ scope: AdminScope) -> SQLQueryString {
        guard scope != .everything else { return "1 = 1" }
        return """
            EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND (
                \(scope.condition("m.platform_id"))
                OR EXISTS (SELECT 1 FROM vendor_platforms vp WHERE vp.vendor_id = m.vendor_id AND \(scope.condition("vp.platform_id")))
                OR EXISTS (SELECT 1 FROM companies c WHERE c.id = m.company_id AND (\(scope.condition("c.home_platform_id"))
                    OR EXISTS (SELECT 1 FROM vendors v JOIN vendor_platforms vp2 ON vp2.vendor_id = v.id
                               WHERE v.company_id = c.id AND \(scope.condition("vp2.platform_id")))))))
            """
    }

    static func insertUser(id: UUID, email: String, displayName: String, passwordHash: String, now: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO users (id, email, display_name, password_hash, is_active, created_at, updated_at)
            VALUES (\(bind: id), \(bind: email), \(bind: displayName), \(bind: passwordHash), \(bind: true), \(bind: now), \(bind: now))
            """).run()
    }

    static func updateUser(_ user: User, passwordHash: String?, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            UPDATE users SET display_name = \(bind: user.displayName), is_active = \(bind: user.isActive), updated_at = \(bind: user.updatedAt)
            WHERE id = \(bind: user.id)
            """).run()
        if let passwordHash {
            try await db.sql.raw("UPDATE users SET password_hash = \(bind: passwordHash) WHERE id = \(bind: user.id)").run()
        }
    }

    static func recordLogin(userId: UUID, at now: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("UPDATE users SET last_login_at = \(bind: now) WHERE id = \(bind: userId)").run()
    }

    struct Count: Decodable { let count: Int }

    /// How many staff users exist (first start creates the super admin when none does).
    public static func userCount(on db: DatabaseSession) async throws -> Int {
        try await db.sql.raw("SELECT COUNT(*) AS count FROM users").row(Count.self)?.count ?? 0
    }

    // MARK: Memberships

    /// `userId`'s memberships.
    public static func memberships(of userId: UUID, on db: DatabaseSession) async throws -> [Membership] {
        try await db.sql.raw("SELECT id, role, platform_id, company_id, vendor_id FROM memberships WHERE user_id = \(bind: userId) ORDER BY id")
            .rows(Membership.self)
    }

    static func insert(_ m: Membership, userId: UUID, now: Date, on db: DatabaseSession) async throws {
        let scopeKey: String
        switch m.role.scope {
        case .global: scopeKey = "global"
        case .platform: scopeKey = "platform:\(m.platformId!.uuidString)"
        case .company: scopeKey = "company:\(m.companyId!.uuidString)"
        case .vendor: scopeKey = "vendor:\(m.vendorId!.uuidString)"
        }
        try await db.sql.raw("""
            INSERT INTO memberships (id, user_id, role, platform_id, company_id, vendor_id, scope_key, created_at)
            VALUES (\(bind: m.id), \(bind: userId), \(bind: m.role.rawValue), \(bind: m.platformId), \(bind: m.companyId),
                \(bind: m.vendorId), \(bind: scopeKey), \(bind: now))
            """).run()
    }

    static func deleteMembership(_ id: UUID, of userId: UUID, on db: DatabaseSession) async throws {
        try await db.sql.raw("DELETE FROM memberships WHERE id = \(bind: id) AND user_id = \(bind: userId)").run()
    }

    private struct VendorID: Decodable { let id: UUID }

    /// Vendors of the companies in `companyIds`.
    static func vendorIDs(ofCompanies companyIds: Set<UUID>, on db: DatabaseSession) async throws -> Set<UUID> {
        guard !companyIds.isEmpty else { return [] }
        return Set(try await db.sql.raw("SELECT id FROM vendors WHERE company_id IN (\(binds: Array(companyIds)))")
            .rows(VendorID.self).map(\.id))
    }

    // MARK: Sessions

    struct SessionRow: Decodable {
        let userId: UUID
        let expiresAt: Date
        let lastSeenAt: Date
    }

    static func insertSession(idHash: String, userId: UUID, now: Date, expiresAt: Date, address: String?, userAgent: String?, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, address, user_agent)
            VALUES (\(bind: idHash), \(bind: userId), \(bind: now), \(bind: now), \(bind: expiresAt), \(bind: address), \(bind: userAgent))
            """).run()
    }

    static func session(idHash: String, on db: DatabaseSession) async throws -> SessionRow? {
        try await db.sql.raw("SELECT user_id, expires_at, last_seen_at FROM sessions WHERE id_hash = \(bind: idHash)").row(SessionRow.self)
    }

    static func touchSession(idHash: String, now: Date, expiresAt: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("UPDATE sessions SET last_seen_at = \(bind: now), expires_at = \(bind: expiresAt) WHERE id_hash = \(bind: idHash)").run()
    }

    static func deleteSession(idHash: String, on db: DatabaseSession) async throws {
        try await db.sql.raw("DELETE FROM sessions WHERE id_hash = \(bind: idHash)").run()
    }

    static func deleteSessions(of userId: UUID, on db: DatabaseSession) async throws {
        try await db.sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userId)").run()
    }

    // MARK: API tokens

    /// An API token as listed (never with its secret).
    public struct TokenRecord: Codable, Sendable, Equatable {
        public let id: UUID
        public let userId: UUID
        public let name: String
        public let tokenPrefix: String
        public let role: Role
        public let platformId: UUID?
        public let vendorId: UUID?
        public let createdAt: Date
        public let expiresAt: Date
        public let revokedAt: Date?
        public let lastUsedAt: Date?
    }

    static func insert(_ t: TokenRecord, hash: String, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO api_tokens (id, user_id, name, token_hash, token_prefix, role, platform_id, vendor_id, created_at, expires_at)
            VALUES (\(bind: t.id), \(bind: t.userId), \(bind: t.name), \(bind: hash), \(bind: t.tokenPrefix), \(bind: t.role.rawValue),
                \(bind: t.platformId), \(bind: t.vendorId), \(bind: t.createdAt), \(bind: t.expiresAt))
            """).run()
    }

    static func token(hash: String, on db: DatabaseSession) async throws -> TokenRecord? {
        try await db.sql.raw("""
            SELECT id, user_id, name, token_prefix, role, platform_id, vendor_id, created_at, expires_at, revoked_at, last_used_at
            FROM api_tokens WHERE token_hash = \(bind: hash)
            """).row(TokenRecord.self)
    }

    static func tokens(of userId: UUID, on db: DatabaseSession) async throws -> [TokenRecord] {
        try await db.sql.raw("""
            SELECT id, user_id, name, token_prefix, role, platform_id, vendor_id, created_at, expires_at, revoked_at, last_used_at
            FROM api_tokens WHERE user_id = \(bind: userId) ORDER BY id
            """).rows(TokenRecord.self)
    }

    /// Revokes a token of `userId`; false when there is no such live token.
    static func revokeToken(_ id: UUID, of userId: UUID, now: Date, on db: DatabaseSession) async throws -> Bool {
        let rows = try await db.sql.raw("""
            UPDATE api_tokens SET revoked_at = \(bind: now) WHERE id = \(bind: id) AND user_id = \(bind: userId) AND revoked_at IS NULL RETURNING id
            """).all()
        return !rows.isEmpty
    }

    static func touchToken(_ id: UUID, now: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    // MARK: Failed logins

    static func recordFailure(email: String, address: String, now: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO login_failures (id, email, address, failed_at) VALUES (\(bind: UUID.v7(now: now)), \(bind: email), \(bind: address), \(bind: now))
            """).run()
    }

    struct FailureCounts: Decodable {
        let byEmail: Int
        let byAddress: Int
    }

    static func failureCounts(email: String, address: String, since: Date, on db: DatabaseSession) async throws -> FailureCounts {
        try await db.sql.raw("""
            SELECT (SELECT COUNT(*) FROM login_failures WHERE email = \(bind: email) AND failed_at > \(bind: since)) AS by_email,
                   (SELECT COUNT(*) FROM login_failures WHERE address = \(bind: address) AND failed_at > \(bind: since)) AS by_address
            """).row(FailureCounts.self) ?? FailureCounts(byEmail: 0, byAddress: 0)
    }

    static func clearFailures(email: String, before: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("DELETE FROM login_failures WHERE email = \(bind: email) OR failed_at < \(bind: before)").run()
    }
}
