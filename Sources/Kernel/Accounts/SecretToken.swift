import Crypto
import Foundation

/// Random secrets (session ids, API tokens, one-time passwords) and their stored digests.
///
/// Only the SHA-256 of a secret is stored, so a leaked table reveals no usable credential.
public enum SecretToken {
    /// A URL-safe random string with `bytes` bytes of entropy.
    public static func generate(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Lower-case hex SHA-256 of `secret`, as stored.
    public static func digest(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
