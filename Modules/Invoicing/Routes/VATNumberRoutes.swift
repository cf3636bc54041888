import Foundation
import Hummingbird
import Kernel

/// `GET /api/v1/vat-numbers/{number}`: the offline check (format and check digits) and, where
/// configured, what VIES says. VIES never decides validity: a timeout or an outage is the
/// outcome `unknown`, and without configuration the look-up is `not_configured`.
enum VATNumberRoutes {
    struct VIESAnswer: Codable, Sendable {
        /// `valid`, `invalid`, `unknown` or `not_configured`; `skipped` when the number failed offline.
        let status: String
        let name: String?
        let address: String?
        let detail: String?
    }

    struct CheckAnswer: ResponseCodable, Sendable {
        let input: String
        let normalized: String
        let valid: Bool
        let reason: String?
        let vies: VIESAnswer
    }

    static func register(on routes: RouteBuilder, vies: VIESClient) {
        routes.get("/api/v1/vat-numbers/:number", summary: "Check a VAT number offline and, where configured, with VIES", access: .signedIn) { _, context in
            // Path parameters arrive percent-encoded ("LU%20150%2027442" for a number typed with spaces).
            let raw = context.parameters.get("number").map { $0.removingPercentEncoding ?? $0 } ?? ""
            guard !raw.isEmpty, raw.count <= 40 else { throw Problem.invalidParameter("number", "must be a VAT number such as LU26375245") }
            return try await answer(for: raw, vies: vies)
        }
    }

    static func answer(for raw: String, vies: VIESClient) async throws -> CheckAnswer {
        let check = VATNumber.check(raw)
        let outcome: VIESOutcome? = if let number = check.number { await vies.check(number) } else { nil }
        let answer: VIESAnswer
        switch outcome {
        case nil: answer = VIESAnswer(status: "skipped", name: nil, address: nil, detail: "invalid offline")
        case .valid(let name, let address): answer = VIESAnswer(status: "valid", name: name, address: address, detail: nil)
        case .unknown(let reason): answer = VIESAnswer(status: "unknown", name: nil, address: nil, detail: reason)
        case .some(let other): answer = VIESAnswer(status: other.status, name: nil, address: nil, detail: nil)
        }
        return CheckAnswer(input: raw, normalized: check.normalized, valid: check.isValid, reason: check.reason, vies: answer)
    }
}
