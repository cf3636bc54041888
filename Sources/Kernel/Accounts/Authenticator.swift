import Foundation
import Hummingbird

/// Finds who is behind a request: an API token (`Authorization: Bearer …`) or a session cookie.
public struct Authenticator: Sendable {
    /// Name of the session cookie.
    public static let sessionCookie = "agora_session"
    /// Prefix of every API token, so leaked tokens are easy to scan for.
    public static let tokenPrefix = "agora_"

    let database: Database
    let sessionLifetime: Duration
    let now: @Sendable () -> Date
    /// Principals remembered between requests; nil loads every time.
    var cache: PrincipalCache? = nil

    /// The principal of `request`; nil when anonymous. An invalid bearer token is a 401 rather
    /// than anonymous, so a script with a revoked token fails loudly.
    public func principal(for request: Request) async throws -> Principal? {
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer ") else {
                throw Problem(status: .unauthorized, code: "invalid_token", title: "The API token is not valid",
                              detail: "Send API tokens as 'Authorization: Bearer agora_…'.")
            }
            return try await principal(token: String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces))
        }
        guard let cookie = request.cookies[Authenticator.sessionCookie]?.value, !cookie.isEmpty else { return nil }
        return try await principal(sessionCookie: cookie)
    }

    func principal(sessionCookie: String) async throws -> Principal? {
        let now = self.now()
        let idHash = SecretToken.digest(sessionCookie)
        let lifetime = TimeInterval(sessionLifetime.components.seconds)
        var entry = cache?.entry(idHash)
        if entry == nil {
            let versions = cache?.currentVersions()
            entry = try await database.read { db -> PrincipalCache.Entry? in
                guard let session = try await AccountStore.session(idHash: idHash, on: db),
                      let principal = try await Self.loadPrincipal(userId: session.userId, credential: .session(idHash: idHash), on: db)
                else { return nil }
                return PrincipalCache.Entry(principal: principal, expiresAt: session.expiresAt, lastWrittenAt: session.lastSeenAt,
                                            version: versions ?? .init(accounts: 0, features: 0), builtAt: .now)
            }
            if let entry, versions != nil { cache?.store(entry, for: idHash) }
        }
        guard let entry, entry.expiresAt > now else { return nil }
        // Sliding expiry, written at most once a minute per session to keep reads cheap.
        if now.timeIntervalSince(entry.lastWrittenAt ?? .distantPast) > 60 {
            let expiresAt = now.addingTimeInterval(lifetime)
            try await database.transaction { tx in
                try await AccountStore.touchSession(idHash: idHash, now: now, expiresAt: expiresAt, on: tx)
            }
            cache?.written(idHash, at: now, expiresAt: expiresAt)
        }
        return entry.principal
    }

    func principal(token: String) async throws -> Principal {
        let invalid = Problem(status: .unauthorized, code: "invalid_token", title: "The API token is not valid",
                              detail: "The token is unknown, expired or revoked.")
        guard token.hasPrefix(Authenticator.tokenPrefix) else { throw invalid }
        let now = self.now()
        let digest = SecretToken.digest(token)
        var entry = cache?.entry(digest)
        var tokenId: UUID?
        if entry == nil {
            let versions = cache?.currentVersions()
            entry = try await database.read { db -> PrincipalCache.Entry? in
                guard let record = try await AccountStore.token(hash: digest, on: db), record.revokedAt == nil,
                      let principal = try await Self.loadPrincipal(userId: record.userId, credential: .token(id: record.id), on: db)
                else { return nil }
                return PrincipalCache.Entry(principal: TokenScope.restrict(principal, to: record), expiresAt: record.expiresAt,
                                            lastWrittenAt: record.lastUsedAt, version: versions ?? .init(accounts: 0, features: 0), builtAt: .now)
            }
            if let entry, versions != nil { cache?.store(entry, for: digest) }
        }
        guard let entry, entry.expiresAt > now else { throw invalid }
        if case .token(let id) = entry.principal.credential { tokenId = id }
        if let tokenId, now.timeIntervalSince(entry.lastWrittenAt ?? .distantPast) > 60 {
            try await database.transaction { tx in try await AccountStore.touchToken(tokenId, now: now, on: tx) }
            cache?.written(digest, at: now)
        }
        return entry.principal
    }

    /// The principal of an active user with their memberships; nil for a disabled or unknown user.
    static func loadPrincipal(userId: UUID, credential: Principal.Credential, on db: DatabaseSession) async throws -> Principal? {
        guard let user = try await AccountStore.user(userId, on: db), user.isActive else { return nil }
        let memberships = try await AccountStore.memberships(of: userId, on: db)
        let companies = Set(memberships.filter { $0.role == .companyOwner }.compactMap(\.companyId))
        let vendors = try await AccountStore.vendorIDs(ofCompanies: companies, on: db)
        return Principal(userID: user.id, email: user.email, displayName: user.displayName, memberships: memberships,
                         ownedCompanyVendorIDs: vendors, credential: credential)
    }
}

/// An API token acts for its creator, but only inside its scope and never above the role it
/// was created with; if the creator loses the role, the token loses it too.
enum TokenScope {
    static func restrict(_ principal: Principal, to token: AccountStore.TokenRecord) -> Principal {
        var memberships: [Membership] = []
        var vendors: Set<UUID> = []
        if let platformId = token.platformId, principal.canAdminister(platform: platformId) {
            memberships.append(Membership(id: token.id, role: .platformAdmin, platformId: platformId))
        }
        if let vendorId = token.vendorId, let held = principal.vendorRole(vendorId) {
            let role = held.vendorRank >= token.role.vendorRank ? token.role : held
            if role == .companyOwner {
                vendors.insert(vendorId)
            } else {
                memberships.append(Membership(id: token.id, role: role, vendorId: vendorId))
            }
        }
        return Principal(userID: principal.userID, email: principal.email, displayName: principal.displayName,
                         memberships: memberships, ownedCompanyVendorIDs: vendors, credential: principal.credential)
    }
}
