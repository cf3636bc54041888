import Foundation
import Hummingbird

/// Signing in and out, with throttling of failed attempts per account and per address.
public struct LoginService: Sendable {
    /// Failed attempts per e-mail inside the window before further attempts are refused.
    public static let maxFailuresPerAccount = 5
    /// Failed attempts per client address inside the window (an office shares one address).
    public static let maxFailuresPerAddress = 30
    /// The throttling window.
    public static let window: TimeInterval = 15 * 60

    let database: Database
    let passwords: PasswordHasher
    let sessionLifetime: Duration
    let now: @Sendable () -> Date
    /// Announces sign-outs, so cached principals of the session are dropped everywhere.
    var changes: ChangeNotifier? = nil

    /// A new session: the cookie value (shown to the browser only) and when it expires.
    public struct NewSession: Sendable {
        public let cookie: String
        public let expiresAt: Date
        public let user: User
    }

    /// Checks the password and opens a session; throttled, and equally slow for unknown e-mails.
    public func login(email rawEmail: String, password: String, address: String, userAgent: String?) async throws -> NewSession {
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        let now = self.now()
        let counts = try await database.read { db in
            try await AccountStore.failureCounts(email: email, address: address, since: now.addingTimeInterval(-Self.window), on: db)
        }
        if counts.byEmail >= Self.maxFailuresPerAccount || counts.byAddress >= Self.maxFailuresPerAddress {
            throw Problem.tooManySignIns("Too many failed sign-ins for this account or address; try again in 15 minutes.", retryAfter: Self.window)
        }
        let credentials = try await database.read { db in try await AccountStore.credentials(email: email, on: db) }
        var valid = false
        if let credentials {
            valid = try await passwords.verify(password, against: credentials.passwordHash) && credentials.isActive
        } else {
            await passwords.burnVerification()
        }
        guard valid, let credentials else {
            try await database.transaction { tx in try await AccountStore.recordFailure(email: email, address: address, now: now, on: tx) }
            throw Problem.invalidCredentials("The e-mail or password is wrong, or the account is disabled.")
        }
        let cookie = SecretToken.generate()
        let expiresAt = now.addingTimeInterval(TimeInterval(sessionLifetime.components.seconds))
        let user = try await database.transaction { tx in
            try await AccountStore.insertSession(idHash: SecretToken.digest(cookie), userId: credentials.id, now: now,
                                                 expiresAt: expiresAt, address: address, userAgent: userAgent.map { String($0.prefix(300)) }, on: tx)
            try await AccountStore.recordLogin(userId: credentials.id, at: now, on: tx)
            // Success forgets this account's failures and prunes old ones of everyone.
            try await AccountStore.clearFailures(email: email, before: now.addingTimeInterval(-Self.window), on: tx)
            return try await AccountStore.user(credentials.id, on: tx)!
        }
        return NewSession(cookie: cookie, expiresAt: expiresAt, user: user)
    }

    /// Ends the session the principal signed in with (no-op for API tokens).
    public func logout(_ principal: Principal) async throws {
        guard case .session(let idHash) = principal.credential else { return }
        try await database.transaction { tx in try await AccountStore.deleteSession(idHash: idHash, on: tx) }
        await changes?.announce(.accounts)
    }
}

extension Problem {
    /// 429 after too many failed sign-ins (staff or shop accounts), with `Retry-After`.
    public static func tooManySignIns(_ detail: String, retryAfter: TimeInterval) -> Problem {
        var headers = HTTPFields()
        headers[.retryAfter] = String(Int(retryAfter))
        return Problem(status: .tooManyRequests, code: "too_many_attempts", title: "Too many failed sign-ins", detail: detail,
                       extensions: ["retry_after_seconds": .int(Int(retryAfter))], headers: headers)
    }

    /// 401 for a wrong e-mail or password; never says which.
    public static func invalidCredentials(_ detail: String) -> Problem {
        Problem(status: .unauthorized, code: "invalid_credentials", title: "Wrong e-mail or password", detail: detail)
    }
}
