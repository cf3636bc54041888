import AgoraTesting
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Invoicing
import Testing

/// VIES look-ups against a local stand-in for the EU service: every outcome, including the
/// ones that must end as `unknown` (an outage, a timeout, a broken answer) without ever
/// failing the caller.
@Suite("VIES")
struct VIESTests {
    static func stub() -> some ApplicationProtocol {
        let router = Router()
        @Sendable func json(_ text: String, _ status: HTTPResponse.Status = .ok) -> Response {
            Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/ms/LU/vat/15027442") { _, _ in
            json(#"{"isValid": true, "userError": "VALID", "name": "FERME SCHMIT SARL", "address": "12, RUE DU MARCHE\nL-1234 LUXEMBOURG"}"#)
        }
        router.get("/ms/DE/vat/:number") { _, _ in json(#"{"isValid": false, "userError": "INVALID", "name": "---", "address": "---"}"#) }
        router.get("/ms/AT/vat/:number") { _, _ in json(#"{"isValid": true, "userError": "VALID", "name": "---", "address": "---"}"#) }
        router.get("/ms/FR/vat/:number") { _, _ in json(#"{"isValid": false, "userError": "MS_UNAVAILABLE"}"#) }
        router.get("/ms/BE/vat/:number") { _, _ -> Response in
            try await Task.sleep(for: .seconds(3))
            return json(#"{"isValid": true}"#)
        }
        router.get("/ms/NL/vat/:number") { _, _ in json("{}", .internalServerError) }
        router.get("/ms/EL/vat/:number") { _, _ in json("<html>maintenance</html>") }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    func number(_ raw: String) throws -> VATNumber { try #require(VATNumber.check(raw).number) }

    @Test func everyOutcome() async throws {
        try await Self.stub().test(.live) { client in
            let port = try #require(client.port)
            let vies = VIESClient(configuration: VIESConfiguration(baseURL: URL(string: "http://127.0.0.1:\(port)")!, timeout: .seconds(1)))
            #expect(await vies.check(try number("LU15027442")) == .valid(name: "FERME SCHMIT SARL", address: "12, RUE DU MARCHE\nL-1234 LUXEMBOURG"))
            #expect(await vies.check(try number("ATU13585627")) == .valid(name: nil, address: nil))  // not disclosed
            #expect(await vies.check(try number("DE136695976")) == .invalid)
            #expect(await vies.check(try number("FR40303265045")) == .unknown(reason: "VIES: MS_UNAVAILABLE"))
            #expect(await vies.check(try number("NL004495445B01")) == .unknown(reason: "VIES answered HTTP 500"))
            #expect(await vies.check(try number("EL094259216")).status == "unknown")
            let started = ContinuousClock.now
            #expect(await vies.check(try number("BE0428759497")) == .unknown(reason: "VIES did not answer within 1 s"))
            #expect(ContinuousClock.now - started < .seconds(2.5), "the timeout must not wait for the slow answer")
        }
    }

    @Test func offOrUnreachable() async throws {
        #expect(await VIESClient(configuration: nil).check(try number("LU15027442")) == .notConfigured)
        // Nothing listens on port 9 of loopback: refused at once, still just "unknown".
        let nobody = VIESClient(configuration: VIESConfiguration(baseURL: URL(string: "http://127.0.0.1:9")!, timeout: .seconds(1)))
        #expect(await nobody.check(try number("LU15027442")).status == "unknown")
        #expect(VIESConfiguration.fromEnvironment([:]) == nil)
        #expect(VIESConfiguration.fromEnvironment(["AGORA_VIES_URL": "ftp://x"]) == nil)
        #expect(VIESConfiguration.fromEnvironment(["AGORA_VIES_URL": "https://vies.example", "AGORA_VIES_TIMEOUT_SECONDS": "500"])?.timeout == .seconds(60))
    }

    @Test func theAPIAnswersOfflineFirstAndVIESWhenAsked() async throws {
        try await Self.stub().test(.live) { stub in
            let port = try #require(stub.port)
            let vies = VIESConfiguration(baseURL: URL(string: "http://127.0.0.1:\(port)")!, timeout: .seconds(1))
            try await TestKernel.withClient(modules: [CommerceModule(), InvoicingModule(vies: vies)]) { client, _ in
                let admin = try await Fixtures.loginAsSuperAdmin(client)
                struct Answer: Decodable {
                    struct VIES: Decodable { let status: String; let name: String? }
                    let normalized: String; let valid: Bool; let reason: String?; let vies: VIES
                }
                let found = try Fixtures.decode(Answer.self, from: try await client.execute(uri: "/oms/api/v1/vat-numbers/lu%20150.274-42", method: .get, headers: Fixtures.headers(admin)))
                #expect(found.normalized == "LU15027442")
                #expect(found.valid && found.vies.status == "valid" && found.vies.name == "FERME SCHMIT SARL")
                let wrong = try Fixtures.decode(Answer.self, from: try await client.execute(uri: "/oms/api/v1/vat-numbers/LU15027443", method: .get, headers: Fixtures.headers(admin)))
                #expect(!wrong.valid && wrong.reason != nil && wrong.vies.status == "skipped")
                let slow = try Fixtures.decode(Answer.self, from: try await client.execute(uri: "/oms/api/v1/vat-numbers/BE0428759497", method: .get, headers: Fixtures.headers(admin)))
                #expect(slow.valid && slow.vies.status == "unknown")
                #expect(try await client.execute(uri: "/oms/api/v1/vat-numbers/LU15027442", method: .get).status == .unauthorized)
                let tooLong = try await client.execute(uri: "/oms/api/v1/vat-numbers/\(String(repeating: "1", count: 41))", method: .get, headers: Fixtures.headers(admin))
                #expect(tooLong.status == .badRequest)
                #expect(String(buffer: tooLong.body).contains("\"code\":\"invalid_parameter\""))
            }
        }
    }
}
