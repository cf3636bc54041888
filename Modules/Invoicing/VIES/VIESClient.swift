import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where the EU's VIES service is and how long to wait for it. Off unless configured:
/// Agora never needs VIES — offline format and check digits decide validity — but an operator
/// may want to know whether a number is registered.
public struct VIESConfiguration: Sendable, Equatable {
    /// The REST API's base, e.g. `https://ec.europa.eu/taxation_customs/vies/rest-api`.
    public var baseURL: URL
    /// Longest wait for an answer; after it the outcome is `unknown`.
    public var timeout: Duration

    public init(baseURL: URL, timeout: Duration = .seconds(5)) {
        self.baseURL = baseURL
        self.timeout = timeout
    }

    /// `AGORA_VIES_URL` (unset: no look-ups) and `AGORA_VIES_TIMEOUT_SECONDS` (default 5).
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> VIESConfiguration? {
        guard let raw = env["AGORA_VIES_URL"], !raw.isEmpty, let url = URL(string: raw), url.scheme == "https" || url.scheme == "http" else { return nil }
        let seconds = env["AGORA_VIES_TIMEOUT_SECONDS"].flatMap(Int.init).map { min(max($0, 1), 60) } ?? 5
        return VIESConfiguration(baseURL: url, timeout: .seconds(seconds))
    }
}

/// What VIES said about a number.
public enum VIESOutcome: Sendable, Equatable {
    /// Registered; with the name and address VIES gives, when it gives them.
    case valid(name: String?, address: String?)
    /// Not registered for intra-EU trade.
    case invalid
    /// No answer that decides it (timeout, the member state's service down, a malformed answer).
    case unknown(reason: String)
    /// Look-ups are not configured.
    case notConfigured

    /// `valid`, `invalid`, `unknown` or `not_configured`.
    public var status: String {
        switch self {
        case .valid: "valid"
        case .invalid: "invalid"
        case .unknown: "unknown"
        case .notConfigured: "not_configured"
        }
    }
}

/// Asks VIES's REST API (`GET {base}/ms/{country}/vat/{number}`) about one number.
public struct VIESClient: Sendable {
    public let configuration: VIESConfiguration?

    public init(configuration: VIESConfiguration?) {
        self.configuration = configuration
    }

    /// The outcome for an offline-valid number; never throws and never waits longer than the timeout.
    public func check(_ number: VATNumber) async -> VIESOutcome {
        guard let configuration else { return .notConfigured }
        // VIES knows Greek numbers as EL and Northern Irish ones as XI; OSS (EU) numbers are not in it.
        guard number.prefix != "EU" else { return .unknown(reason: "VIES does not hold OSS identification numbers") }
        let url = configuration.baseURL.appendingPathComponent("ms").appendingPathComponent(number.prefix)
            .appendingPathComponent("vat").appendingPathComponent(number.national)
        var request = URLRequest(url: url)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let seconds = Double(configuration.timeout.components.seconds)
        request.timeoutInterval = seconds
        let session = URLSession(configuration: {
            let settings = URLSessionConfiguration.ephemeral
            settings.timeoutIntervalForRequest = seconds
            settings.timeoutIntervalForResource = seconds
            return settings
        }())
        defer { session.finishTasksAndInvalidate() }
        do {
            // The session's own limits end the wait: nothing is sent back within the timeout.
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
                return .unknown(reason: "VIES answered HTTP \((response as? HTTPURLResponse)?.statusCode ?? 0)")
            }
            return Self.outcome(of: data)
        } catch {
            return .unknown(reason: (error as? URLError)?.code == .timedOut ? "VIES did not answer within \(Int(seconds)) s" : "VIES could not be reached")
        }
    }

    /// Reads VIES's answer: `isValid`, and `userError` saying why there is no answer.
    static func outcome(of data: Data) -> VIESOutcome {
        struct Answer: Decodable {
            let isValid: Bool?
            let userError: String?
            let name: String?
            let address: String?
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: data) else { return .unknown(reason: "VIES sent an answer Agora cannot read") }
        if let error = answer.userError, error != "VALID", error != "INVALID" {
            return .unknown(reason: "VIES: \(error)")
        }
        guard let valid = answer.isValid else { return .unknown(reason: "VIES sent no verdict") }
        guard valid else { return .invalid }
        // VIES writes "---" where a member state does not disclose the name or address.
        func disclosed(_ text: String?) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty, text != "---" else { return nil }
            return text
        }
        return .valid(name: disclosed(answer.name), address: disclosed(answer.address))
    }
}
