import AgoraTesting
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("Admin pages")
struct AdminPagesTests {
    /// A browser session: the CSRF cookie and token from a page, then the session cookie.
    struct Browser {
        var cookies: [String: String] = [:]
        var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

        mutating func keep(_ response: TestResponse) {
            for header in response.headers[values: .setCookie] {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
            }
        }
    }

    func form(_ fields: [String: String]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
    }

    @Test func signInSwitchAFeatureOffAndTheVendorLosesIt() async throws {
        try await TestKernel.withClient { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let vendor = try await makeVendor("ferme", platform: oms, tier: "essential", kernel: kernel)
            var browser = Browser()

            let home = try await client.execute(uri: "/oms/admin", method: .get)
            #expect(home.status == .seeOther)
            #expect(home.headers[.location] == "/oms/admin/login")
            browser.keep(home)
            let token = try #require(browser.cookies["agora_csrf"])

            let login = try await client.execute(uri: "/oms/admin/login", method: .post,
                                                 headers: [.cookie: browser.cookieHeader, .contentType: "application/x-www-form-urlencoded"],
                                                 body: form(["_csrf": token, "email": "admin@agora.test", "password": Fixtures.adminPassword]))
            #expect(login.status == .seeOther)
            #expect(login.headers[.location] == "/oms/admin")
            browser.keep(login)

            let page = try await client.execute(uri: "/oms/admin/platforms/\(oms.id)", method: .get, headers: [.cookie: browser.cookieHeader])
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("--primary: #1e3a5f"))  // the platform's branding
            #expect(html.contains("switch-off-invoicing.basic"))
            #expect(page.headers[.init("X-Frame-Options")!] == "DENY")

            let switchOff = try await client.execute(uri: "/oms/admin/platforms/\(oms.id)/features/invoicing.basic", method: .post,
                                                     headers: [.cookie: browser.cookieHeader, .contentType: "application/x-www-form-urlencoded"],
                                                     body: form(["_csrf": token, "enabled": "false"]))
            #expect(switchOff.status == .seeOther)
            #expect(try await kernel.features.decide("invoicing.basic", platform: oms.id, vendor: vendor.id) == .switchedOff)
            let vendorPage = try await client.execute(uri: "/oms/admin/platforms/\(oms.id)/vendors/\(vendor.id)", method: .get, headers: [.cookie: browser.cookieHeader])
            #expect(String(buffer: vendorPage.body).contains(#"data-decision="switched_off""#))
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefusedAndChangeNothing() async throws {
        try await TestKernel.withClient { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            guard case .cookie(let session) = try await Fixtures.loginAsSuperAdmin(client) else { return }
            for csrf in [nil, "forged"] as [String?] {
                var cookie = session
                if csrf != nil { cookie += "; agora_csrf=the-real-one" }
                let response = try await client.execute(uri: "/oms/admin/platforms/\(oms.id)/features/invoicing.basic", method: .post,
                                                        headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                                        body: form(["_csrf": csrf ?? "", "enabled": "false"]))
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("The form expired"))
            }
            #expect(try await kernel.database.read { try await FeatureStore.switchedOff(platform: oms.id, on: $0) }.isEmpty)
        }
    }

    @Test func pagesEscapeWhatAdminsTyped() async throws {
        try await TestKernel.withClient { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let admin = try await Fixtures.loginAsSuperAdmin(client)
            _ = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(oms.id)", method: .patch, headers: Fixtures.headers(admin),
                                         body: Fixtures.json(["name": "<script>alert(1)</script>"]))
            guard case .cookie(let session) = admin else { return }
            let page = try await client.execute(uri: "/oms/admin", method: .get, headers: [.cookie: session])
            let html = String(buffer: page.body)
            #expect(!html.contains("<script>alert(1)</script>"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    @Test func anotherPlatformsPagesAre404AndStaffAreRefused() async throws {
        try await TestKernel.withClient { client, kernel in
            let loyalty = try await Fixtures.platform("loyalty", kernel: kernel)
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            try await Fixtures.user("ops@oms.test", membership: Membership(id: UUID.v7(), role: .platformAdmin, platformId: oms.id), kernel: kernel)
            guard case .cookie(let session) = try await Fixtures.login(client, email: "ops@oms.test", password: Fixtures.password) else { return }
            let other = try await client.execute(uri: "/oms/admin/platforms/\(loyalty.id)", method: .get, headers: [.cookie: session])
            #expect(other.status == .notFound)
            #expect(other.headers[.contentType]?.hasPrefix("text/html") == true)
        }
    }
}
