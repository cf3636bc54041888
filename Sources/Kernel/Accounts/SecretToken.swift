import Crypto
import Foundation

/// Random secrets (session ids, API tokens, one-time passwords) and their stored digests.
///
/// Only the SHA-256 of a secret is stored, so a leaked table reveals no usable credential.
public enum SecretToken {
    /// A URL-safe random string with `bytes` bytes of entropy (unpadded base64url, RFC 4648 §5).
    public static func generate(bytes: Int = 32) -> String {
        // Eight bytes per draw: each draw from the system generator is a system call.
        var generator = SystemRandomNumberGenerator()
        var random = [UInt8]()
        random.reserveCapacity(bytes + 7)
        while random.count < bytes {
            withUnsafeBytes(of: generator.next() as UInt64) { random.append(contentsOf: $0) }
        }
        return base64URL(Array(random.prefix(bytes)))
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Unpadded base64url of `bytes`, written directly: every request id goes through here, and
    /// Foundation's base64 plus three replacements cost more than the rest of a cached page.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in stride(from: 18, through: 0, by: -6) { out.append(alphabet[Int((chunk >> UInt32(shift)) & 63)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            let characters = rest == 2 ? 3 : 2
            for position in 0..<characters { out.append(alphabet[Int((chunk >> UInt32(18 - 6 * position)) & 63)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-case hex SHA-256 of `secret`, as stored.
    public static func digest(_ secret: String) -> String {
        Hex.string(SHA256.hash(data: Data(secret.utf8)))
    }
}
