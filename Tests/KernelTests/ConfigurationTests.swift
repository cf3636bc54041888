import Foundation
import Kernel
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test func parsesDatabaseURLs() throws {
        #expect(try DatabaseURL(parsing: "sqlite://var/agora.sqlite") == .sqlite(path: "var/agora.sqlite"))
        #expect(try DatabaseURL(parsing: "sqlite:///tmp/a.sqlite") == .sqlite(path: "/tmp/a.sqlite"))
        let pg = try DatabaseURL(parsing: "postgres://agora:s%40cret@db.internal:6543/agora_prod?sslmode=require")
        guard case .postgres(let location) = pg else { Issue.record("not postgres"); return }
        #expect(location.host == "db.internal")
        #expect(location.port == 6543)
        #expect(location.username == "agora")
        #expect(location.password == "s@cret")
        #expect(location.database == "agora_prod")
        #expect(location.tlsMode == "require")
        #expect(pg.description == "postgres://agora:***@db.internal:6543/agora_prod")
    }

    @Test("rejects malformed URLs", arguments: ["mysql://x/y", "postgres://", "postgres://host", "postgres://h/db?sslmode=maybe", "sqlite://"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: DatabaseURLError.self) { try DatabaseURL(parsing: text) }
    }

    @Test func readsTheSMTPServerAndNamesWhatIsMissing() throws {
        #expect(try AgoraConfiguration.fromEnvironment([:]).mail == nil)
        let mail = try #require(try AgoraConfiguration.fromEnvironment([
            "AGORA_SMTP_URL": "smtp://mail.internal:587", "AGORA_SMTP_USERNAME": "agora", "AGORA_SMTP_PASSWORD": "hunter2",
            "AGORA_SMTP_STARTTLS": "true", "AGORA_MAIL_FROM": "Agora <billing@agora.example>", "AGORA_SMTP_TIMEOUT_SECONDS": "20",
        ]).mail)
        #expect(mail.url.absoluteString == "smtp://mail.internal:587")
        #expect(mail.username == "agora" && mail.password == "hunter2" && mail.startTLS)
        #expect(mail.from.address == "billing@agora.example" && mail.from.name == "Agora")
        #expect(mail.timeout == .seconds(20) && mail.connectTimeout == .seconds(10))
        #expect(!mail.description.contains("hunter2"))
        for (env, name) in [(["AGORA_SMTP_URL": "smtp://mail.internal:25"], "AGORA_MAIL_FROM"),
                            (["AGORA_SMTP_URL": "http://mail.internal", "AGORA_MAIL_FROM": "a@b.lu"], "AGORA_SMTP_URL"),
                            (["AGORA_SMTP_URL": "smtp://u:p@mail.internal", "AGORA_MAIL_FROM": "a@b.lu"], "AGORA_SMTP_URL"),
                            (["AGORA_SMTP_URL": "smtps://mail.internal", "AGORA_MAIL_FROM": "not an address"], "AGORA_MAIL_FROM"),
                            (["AGORA_SMTP_URL": "smtp://mail.internal", "AGORA_MAIL_FROM": "a@b.lu", "AGORA_SMTP_STARTTLS": "maybe"], "AGORA_SMTP_STARTTLS"),
                            (["AGORA_SMTP_URL": "smtp://mail.internal", "AGORA_MAIL_FROM": "a@b.lu", "AGORA_SMTP_TIMEOUT_SECONDS": "0"], "AGORA_SMTP_TIMEOUT_SECONDS")] {
            let error = #expect(throws: ConfigurationError.self) { try AgoraConfiguration.fromEnvironment(env) }
            #expect(error.map { "\($0)".hasPrefix(name + "=") && !"\($0)".contains(":p@") } == true, "\(String(describing: error))")
        }
    }

    @Test func masksPasswordsInRawText() {
        #expect(DatabaseURL.mask("postgres://u:hunter2@h/db") == "postgres://u:***@h/db")
        #expect(DatabaseURL.mask("postgres://h/db") == "postgres://h/db")
    }

    @Test func readsEnvironmentAndNamesBadValues() throws {
        let config = try AgoraConfiguration.fromEnvironment([
            "AGORA_PORT": "9000", "AGORA_ENV": "production", "AGORA_TRUSTED_PROXIES": "10.0.0.0/8, ::1",
            "AGORA_BCRYPT_COST": "10", "AGORA_DATABASE_URL": "postgres://a:b@localhost/agora", "AGORA_DATABASE_POOL_SIZE": "8",
        ])
        #expect(config.port == 9000)
        #expect(config.databasePoolSize == 8)
        #expect(try AgoraConfiguration.fromEnvironment([:]).databasePoolSize == Database.defaultPoolSize)
        #expect(config.environment == .production)
        #expect(config.trustedProxies.count == 2)
        #expect(config.bcryptCost == 10)
        do {
            _ = try AgoraConfiguration.fromEnvironment(["AGORA_PORT": "eighty"])
            Issue.record("expected a configuration error")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("AGORA_PORT"))
        }
        for size in ["0", "501", "many"] {
            #expect(throws: ConfigurationError.self) { try AgoraConfiguration.fromEnvironment(["AGORA_DATABASE_POOL_SIZE": size]) }
        }
        do {
            _ = try AgoraConfiguration.fromEnvironment(["AGORA_DATABASE_URL": "mongodb://u:pw@x/y"])
            Issue.record("expected a configuration error")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("AGORA_DATABASE_URL"))
            #expect(!error.description.contains("pw"))
        }
    }

    @Test("matches trusted proxy ranges", arguments: [
        ("10.0.0.0/8", "10.1.2.3", true), ("10.0.0.0/8", "11.0.0.1", false), ("127.0.0.1", "127.0.0.1", true),
        ("127.0.0.1", "127.0.0.2", false), ("::1", "::1", true), ("fd00::/8", "fd12::1", true), ("fd00::/8", "fe80::1", false),
        ("192.168.1.0/24", "::ffff:192.168.1.9", true), ("10.0.0.0/8", "not-an-ip", false),
    ])
    func matchesRanges(_ range: String, _ address: String, _ expected: Bool) throws {
        let parsed = try #require(IPAddressRange(range))
        #expect(parsed.contains(address) == expected)
    }
}
