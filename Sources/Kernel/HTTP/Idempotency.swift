import Crypto
import Foundation
import Hummingbird
import SQLKit

/// `Idempotency-Key` for requests that must happen once (a checkout, a payment): the first
/// successful answer is stored in the same transaction as the work, and a retry with the same
/// key gets that answer again instead of doing the work twice.
///
/// Concurrent retries are safe: the second insert of the key waits for the first transaction
/// (PostgreSQL's unique index, SQLite's single writer) and then finds the stored answer.
public enum Idempotency {
    /// The header clients send.
    public static let header = HTTPFields.Element.Name("Idempotency-Key")!
    /// Set on a replayed answer.
    public static let replayedHeader = HTTPFields.Element.Name("Idempotent-Replayed")!
    /// How long keys are kept; a retry later than this runs again.
    public static let retention: TimeInterval = 24 * 3600

    /// The request's key: required, 1–255 visible ASCII characters.
    public static func key(of request: Request) throws -> String {
        try key(request.headers[header])
    }

    /// A key sent some other way (a form's hidden field), checked like the header.
    public static func key(_ key: String?) throws -> String {
        guard let key, !key.isEmpty else {
            throw Problem(status: .badRequest, code: "idempotency_key_required", title: "An Idempotency-Key header is required",
                          detail: "Send a unique Idempotency-Key (for example a UUID) so a retried request cannot run twice.")
        }
        guard key.count <= 255, key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw Problem(status: .badRequest, code: "invalid_idempotency_key", title: "The Idempotency-Key is not valid",
                          detail: "Use 1 to 255 visible ASCII characters.")
        }
        return key
    }

    /// SHA-256 of the request's JSON form (keys sorted), to tell a retry from a different request.
    public static func fingerprint(_ input: some Encodable) throws -> String {
        Hex.string(SHA256.hash(data: try AgoraJSON.encoder().encode(input)))
    }

    /// Runs `work` once per `scope` and `key` inside the caller's transaction and returns its
    /// result, or the stored result of the first run (`replayed`). The same key with another
    /// fingerprint is a 422 `idempotency_key_reused`.
    public static func once<T: Codable & Sendable>(
        scope: String, key: String, fingerprint: String, now: Date, on tx: DatabaseSession,
        _ work: () async throws -> T
    ) async throws -> (value: T, replayed: Bool) {
        let inserted = try await tx.sql.raw("""
            INSERT INTO idempotency_keys (scope, key, fingerprint, created_at) VALUES (\(bind: scope), \(bind: key), \(bind: fingerprint), \(bind: now))
            ON CONFLICT (scope, key) DO NOTHING RETURNING key
            """).all()
        if inserted.isEmpty {
            guard let stored = try await tx.sql.raw("""
                SELECT fingerprint, response FROM idempotency_keys WHERE scope = \(bind: scope) AND key = \(bind: key)
                """).row(Stored.self), let response = stored.response else {
                throw Problem.conflict("idempotency_key_in_use", "A request with this Idempotency-Key is still running; retry shortly.")
            }
            guard stored.fingerprint == fingerprint else {
                throw Problem(status: .unprocessableContent, code: "idempotency_key_reused", title: "This Idempotency-Key was used for another request",
                              detail: "Each Idempotency-Key belongs to one request; use a new key for a different request.")
            }
            return (try AgoraJSON.decoder().decode(T.self, from: Data(response.utf8)), true)
        }
        let value = try await work()
        let response = String(decoding: try ResponseJSON.encode(value), as: UTF8.self)
        try await tx.deferWrite("""
            UPDATE idempotency_keys SET status = 200, response = \(bind: response) WHERE scope = \(bind: scope) AND key = \(bind: key)
            """)
        return (value, false)
    }

    private struct Stored: Decodable { let fingerprint: String; let response: String? }

    /// Deletes keys older than ``retention``; returns how many.
    @discardableResult
    public static func purge(now: Date, on tx: DatabaseSession) async throws -> Int {
        try await tx.sql.raw("DELETE FROM idempotency_keys WHERE created_at < \(bind: now.addingTimeInterval(-retention)) RETURNING key").all().count
    }
}
