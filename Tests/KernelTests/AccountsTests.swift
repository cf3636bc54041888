import NIOConcurrencyHelpers
import AgoraTesting
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("Accounts")
struct AccountsTests {
    struct Me: Decodable {
        struct UserBody: Decodable { let email: String }
        let user: UserBody
        let authenticatedBy: String
        let memberships: [Membership]
    }

    @Test func loginSetsAHardenedCookieAndLogoutEndsTheSession() async throws {
        try await TestKernel.withClient { client, _ in
            let response = try await client.execute(uri: "/oms/api/v1/auth/login", method: .post, headers: Fixtures.headers(),
                                                    body: Fixtures.json(["email": "Admin@Agora.Test", "password": Fixtures.adminPassword]))
            #expect(response.status == .ok)
            let setCookie = try #require(response.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect(setCookie.contains("Path=/oms"))
            #expect(!setCookie.contains("Secure"))  // plain HTTP in development
            let cookie = Fixtures.Credential.cookie(String(setCookie.split(separator: ";")[0]))

            let me = try await client.execute(uri: "/oms/api/v1/auth/me", method: .get, headers: Fixtures.headers(cookie))
            #expect(me.status == .ok)
            let body = try Fixtures.decode(Me.self, from: me)
            #expect(body.user.email == "admin@agora.test")
            #expect(body.memberships.map(\.role) == [.superAdmin])

            #expect(try await client.execute(uri: "/oms/api/v1/auth/logout", method: .post, headers: Fixtures.headers(cookie)).status == .noContent)
            #expect(try await client.execute(uri: "/oms/api/v1/auth/me", method: .get, headers: Fixtures.headers(cookie)).status == .unauthorized)
        }
    }

    @Test func theSessionIsStoredOnlyAsADigest() async throws {
        try await TestKernel.withClient { client, kernel in
            guard case .cookie(let pair) = try await Fixtures.loginAsSuperAdmin(client) else { return }
            let secret = String(pair.split(separator: "=", maxSplits: 1)[1])
            struct Row: Decodable { let idHash: String }
            let rows = try await kernel.database.read { try await $0.sql.raw("SELECT id_hash FROM sessions").rows(Row.self) }
            #expect(rows.map(\.idHash) == [SecretToken.digest(secret)])
        }
    }

    @Test func wrongPasswordsAreThrottledPerAccount() async throws {
        try await TestKernel.withClient { client, _ in
            for _ in 0..<LoginService.maxFailuresPerAccount {
                let response = try await client.execute(uri: "/oms/api/v1/auth/login", method: .post, headers: Fixtures.headers(),
                                                        body: Fixtures.json(["email": "admin@agora.test", "password": "wrong-password"]))
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("invalid_credentials"))
            }
            // Even the right password is refused while throttled.
            let throttled = try await client.execute(uri: "/oms/api/v1/auth/login", method: .post, headers: Fixtures.headers(),
                                                     body: Fixtures.json(["email": "admin@agora.test", "password": Fixtures.adminPassword]))
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] == "900")
            // Another account from the same address is not yet affected.
            let unknown = try await client.execute(uri: "/oms/api/v1/auth/login", method: .post, headers: Fixtures.headers(),
                                                   body: Fixtures.json(["email": "nobody@agora.test", "password": "whatever-pass"]))
            #expect(unknown.status == .unauthorized)
        }
    }

    @Test func failuresArePerAddressToo() async throws {
        try await TestKernel.with { kernel in
            let logins = kernel.logins
            for index in 0..<LoginService.maxFailuresPerAddress {
                await #expect(throws: Problem.self) {
                    _ = try await logins.login(email: "user\(index)@x.lu", password: "wrong-password", address: "192.0.2.1", userAgent: nil)
                }
            }
            do {
                _ = try await logins.login(email: "admin@agora.test", password: Fixtures.adminPassword, address: "192.0.2.1", userAgent: nil)
                Issue.record("expected throttling")
            } catch let problem as Problem {
                #expect(problem.code == "too_many_attempts")
            }
            // The same account from another address signs in.
            _ = try await logins.login(email: "admin@agora.test", password: Fixtures.adminPassword, address: "192.0.2.2", userAgent: nil)
        }
    }

    @Test func expiredSessionsAreAnonymous() async throws {
        let clock = TestClock()
        try await TestKernel.with(configure: { $0.sessionLifetime = .seconds(3600) }, now: { clock.now }) { kernel in
            let session = try await kernel.logins.login(email: "admin@agora.test", password: Fixtures.adminPassword, address: "a", userAgent: nil)
            #expect(try await kernel.authenticator.principal(sessionCookie: session.cookie) != nil)
            clock.advance(by: 3601)
            #expect(try await kernel.authenticator.principal(sessionCookie: session.cookie) == nil)
        }
    }

    @Test func apiTokensAreShownOnceScopedAndRevocable() async throws {
        try await TestKernel.withClient { client, kernel in
            let admin = try await Fixtures.loginAsSuperAdmin(client)
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let created = try await client.execute(uri: "/oms/api/v1/auth/tokens", method: .post, headers: Fixtures.headers(admin),
                                                   body: Fixtures.json(#"{"name": "CI script", "platform_id": "\#(oms.id)", "expires_in_days": 30}"#))
            #expect(created.status == .created)
            struct Created: Decodable { let token: String; let record: AccountStore.TokenRecord }
            let token = try Fixtures.decode(Created.self, from: created)
            #expect(token.token.hasPrefix("agora_"))
            #expect(token.record.role == .platformAdmin)

            // The listing never shows the secret.
            let list = try await client.execute(uri: "/oms/api/v1/auth/tokens", method: .get, headers: Fixtures.headers(admin))
            #expect(!String(buffer: list.body).contains(token.token))

            // The token acts as platform admin of OMS only, even though its creator is super admin.
            let me = try Fixtures.decode(Me.self, from: try await client.execute(uri: "/oms/api/v1/auth/me", method: .get, headers: Fixtures.headers(.token(token.token))))
            #expect(me.authenticatedBy == "token")
            #expect(me.memberships.map(\.role) == [.platformAdmin])
            let platforms = try await client.execute(uri: "/oms/api/v1/admin/platforms", method: .get, headers: Fixtures.headers(.token(token.token)))
            #expect(String(buffer: platforms.body).contains("\"code\":\"oms\""))
            #expect(!String(buffer: platforms.body).contains("\"code\":\"loyalty\""))
            let createPlatform = try await client.execute(uri: "/oms/api/v1/admin/platforms", method: .post, headers: Fixtures.headers(.token(token.token)),
                                                          body: Fixtures.json(["code": "x", "name": "X"]))
            #expect(createPlatform.status == .forbidden)
            // Tokens cannot mint tokens.
            let mint = try await client.execute(uri: "/oms/api/v1/auth/tokens", method: .post, headers: Fixtures.headers(.token(token.token)),
                                                body: Fixtures.json(#"{"name": "again", "platform_id": "\#(oms.id)"}"#))
            #expect(mint.status == .forbidden)

            let revoke = try await client.execute(uri: "/oms/api/v1/auth/tokens/\(token.record.id)", method: .delete, headers: Fixtures.headers(admin))
            #expect(revoke.status == .noContent)
            let after = try await client.execute(uri: "/oms/api/v1/auth/me", method: .get, headers: Fixtures.headers(.token(token.token)))
            #expect(after.status == .unauthorized)
            #expect(String(buffer: after.body).contains("invalid_token"))
            let again = try await client.execute(uri: "/oms/api/v1/auth/tokens/\(token.record.id)", method: .delete, headers: Fixtures.headers(admin))
            #expect(again.status == .notFound)
        }
    }

    @Test(.enabled(if: TestDatabases.kind == .postgres, "two instances share a database only on PostgreSQL"))
    func aRevokedTokenStopsWorkingOnAnotherInstanceThatCachedIt() async throws {
        try await TestKernel.withClient { client, kernel in
            let admin = try await Fixtures.loginAsSuperAdmin(client)
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let created = try await client.execute(uri: "/oms/api/v1/auth/tokens", method: .post, headers: Fixtures.headers(admin),
                                                   body: Fixtures.json(#"{"name": "script", "platform_id": "\#(oms.id)"}"#))
            struct Created: Decodable { let token: String; let record: AccountStore.TokenRecord }
            let token = try Fixtures.decode(Created.self, from: created)
            let other = try await AgoraApplication.open(configuration: kernel.configuration, logger: kernel.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await ChangeNotifier.Listener(notifier: other.changes).run() }
                // The other instance caches the token's principal.
                _ = try await other.authenticator.principal(token: token.token)
                try await Task.sleep(for: .milliseconds(300))  // the listener connects
                let revoke = try await client.execute(uri: "/oms/api/v1/auth/tokens/\(token.record.id)", method: .delete, headers: Fixtures.headers(admin))
                #expect(revoke.status == .noContent)
                var refused = false
                for _ in 0..<50 where !refused {
                    refused = (try? await other.authenticator.principal(token: token.token)) == nil
                    if !refused { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(refused, "the other instance still accepted the revoked token")
                group.cancelAll()
            }
            await other.database.close()
        }
    }

    @Test func tokensExpire() async throws {
        let clock = TestClock()
        try await TestKernel.with(now: { clock.now }) { kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let secret = Authenticator.tokenPrefix + SecretToken.generate()
            let admin = try await kernel.database.read { try await AccountStore.credentials(email: "admin@agora.test", on: $0) }!
            try await kernel.database.transaction { tx in
                try await AccountStore.insert(AccountStore.TokenRecord(
                    id: UUID.v7(), userId: admin.id, name: "short", tokenPrefix: "agora_x", role: .platformAdmin, platformId: oms.id,
                    vendorId: nil, createdAt: clock.now, expiresAt: clock.now.addingTimeInterval(60), revokedAt: nil, lastUsedAt: nil),
                    hash: SecretToken.digest(secret), on: tx)
            }
            _ = try await kernel.authenticator.principal(token: secret)
            clock.advance(by: 61)
            await #expect(throws: Problem.self) { _ = try await kernel.authenticator.principal(token: secret) }
        }
    }

    @Test func firstStartCreatesOneSuperAdminOnly() async throws {
        try await TestKernel.with(configure: { $0.adminPassword = nil }) { kernel in
            // The test kernel already ran first start with a configured password; a second run does nothing.
            let outcome = try await AdminBootstrap.ensureSuperAdmin(kernel: kernel)
            let users = try await kernel.database.read { try await AccountStore.userCount(on: $0) }
            #expect(outcome == .existingUsers)
            #expect(users == 1)
        }
    }

    @Test func passwordsAreBcryptHashesVerifiedOffTheEventLoop() async throws {
        let hasher = PasswordHasher(cost: 4)
        let hash = try await hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("$2"))
        #expect(try await hasher.verify("correct horse battery", against: hash))
        #expect(try await !hasher.verify("correct horse battery!", against: hash))
        #expect(PasswordHasher.problems(with: "short").map(\.code) == ["too_short"])
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current = NIOLockedValueBox(Date(timeIntervalSince1970: 1_790_000_000))
    var now: Date { current.withLockedValue { $0 } }
    func advance(by seconds: TimeInterval) { current.withLockedValue { $0 += seconds } }
}
