import AgoraTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Kernel
import Testing

@Suite("Tenancy admin API")
struct AdminAPITests {
    struct Created<T: Decodable>: Decodable { let items: [T] }
    struct VendorDetail: Decodable { let vendor: Vendor; let subscriptions: [Subscription] }
    struct UserDetail: Decodable { let user: User; let memberships: [Membership]; let initialPassword: String? }
    struct ProblemBody: Decodable { let code: String; let errors: [FieldError]? }

    /// OMS admin, loyalty admin, and a company with a vendor on OMS created by the OMS admin.
    struct World {
        let omsAdmin: Fixtures.Credential
        let loyaltyAdmin: Fixtures.Credential
        let oms: Platform
        let loyalty: Platform
        let company: Company
        let vendor: VendorDetail
    }

    func world(_ client: some TestClientProtocol, _ kernel: KernelServices) async throws -> World {
        let oms = try await Fixtures.platform("oms", kernel: kernel)
        let loyalty = try await Fixtures.platform("loyalty", kernel: kernel)
        try await Fixtures.user("ops@oms.test", membership: Membership(id: UUID.v7(), role: .platformAdmin, platformId: oms.id), kernel: kernel)
        try await Fixtures.user("ops@loyalty.test", membership: Membership(id: UUID.v7(), role: .platformAdmin, platformId: loyalty.id), kernel: kernel)
        let omsAdmin = try await Fixtures.login(client, email: "ops@oms.test", password: Fixtures.password)
        let loyaltyAdmin = try await Fixtures.login(client, platform: "loyalty", email: "ops@loyalty.test", password: Fixtures.password)

        let companyResponse = try await client.execute(uri: "/oms/api/v1/admin/companies", method: .post, headers: Fixtures.headers(omsAdmin),
                                                       body: Fixtures.json(#"{"name": "Torréfaction Müller", "country": "LU", "vat_number": "lu 123.456-78"}"#))
        #expect(companyResponse.status == .created)
        let company = try Fixtures.decode(Company.self, from: companyResponse)
        #expect(company.homePlatformId == oms.id)
        #expect(company.vatNumber == "LU12345678")

        let vendorResponse = try await client.execute(uri: "/oms/api/v1/admin/vendors", method: .post, headers: Fixtures.headers(omsAdmin),
                                                      body: Fixtures.json(#"{"company_id": "\#(company.id)", "slug": "mueller-coffee", "name": "Müller Coffee", "country": "LU", "locale": "fr-LU", "platform_id": "\#(oms.id)"}"#))
        #expect(vendorResponse.status == .created)
        let vendor = try Fixtures.decode(VendorDetail.self, from: vendorResponse)
        return World(omsAdmin: omsAdmin, loyaltyAdmin: loyaltyAdmin, oms: oms, loyalty: loyalty, company: company, vendor: vendor)
    }

    @Test func newVendorsStartATrialOnTheCheapestTier() async throws {
        try await TestKernel.withClient { client, kernel in
            let world = try await world(client, kernel)
            let subscription = try #require(world.vendor.subscriptions.first)
            #expect(subscription.platformId == world.oms.id)
            #expect(subscription.tierCode == "essential")
            #expect(subscription.status == .trialing)
            #expect(subscription.trialEndsAt != nil)
            #expect(world.vendor.vendor.currency == "EUR")

            // Upgrade to Professional and mark active.
            let patch = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(world.oms.id)/subscriptions/\(world.vendor.vendor.id)", method: .patch,
                                                 headers: Fixtures.headers(world.omsAdmin), body: Fixtures.json(#"{"tier_code": "professional", "status": "active"}"#))
            #expect(patch.status == .ok)
            let updated = try Fixtures.decode(Subscription.self, from: patch)
            #expect(updated.tierCode == "professional")
            #expect(updated.status == .active)
            let badTier = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(world.oms.id)/subscriptions/\(world.vendor.vendor.id)", method: .patch,
                                                   headers: Fixtures.headers(world.omsAdmin), body: Fixtures.json(#"{"tier_code": "starter"}"#))
            #expect(badTier.status == .unprocessableContent)
            let badStatus = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(world.oms.id)/subscriptions/\(world.vendor.vendor.id)", method: .patch,
                                                     headers: Fixtures.headers(world.omsAdmin), body: Fixtures.json(#"{"status": "frozen"}"#))
            #expect(badStatus.status == .unprocessableContent)
        }
    }

    @Test func aPlatformAdminSeesAndChangesOnlyTheirPlatform() async throws {
        try await TestKernel.withClient { client, kernel in
            let w = try await world(client, kernel)
            let mine = try await client.execute(uri: "/loyalty/api/v1/admin/platforms", method: .get, headers: Fixtures.headers(w.loyaltyAdmin))
            let codes = try Fixtures.decode(Created<Platform>.self, from: mine).items.map(\.code)
            #expect(codes == ["loyalty"])

            // Every OMS record is a 404 to the loyalty admin, read or write.
            let forbidden: [(String, HTTPRequest.Method, String?)] = [
                ("/loyalty/api/v1/admin/platforms/\(w.oms.id)", .get, nil),
                ("/loyalty/api/v1/admin/platforms/\(w.oms.id)", .patch, #"{"name": "Mine now"}"#),
                ("/loyalty/api/v1/admin/platforms/\(w.oms.id)/domains", .get, nil),
                ("/loyalty/api/v1/admin/platforms/\(w.oms.id)/domains", .post, #"{"host": "evil.example.com"}"#),
                ("/loyalty/api/v1/admin/platforms/\(w.oms.id)/tiers", .get, nil),
                ("/loyalty/api/v1/admin/platforms/\(w.oms.id)/subscriptions", .get, nil),
                ("/loyalty/api/v1/admin/platforms/\(w.oms.id)/subscriptions/\(w.vendor.vendor.id)", .patch, #"{"status": "cancelled"}"#),
                ("/loyalty/api/v1/admin/companies/\(w.company.id)", .get, nil),
                ("/loyalty/api/v1/admin/companies/\(w.company.id)", .patch, #"{"name": "x"}"#),
                ("/loyalty/api/v1/admin/vendors/\(w.vendor.vendor.id)", .get, nil),
                ("/loyalty/api/v1/admin/vendors/\(w.vendor.vendor.id)", .patch, #"{"name": "x"}"#),
            ]
            for (uri, method, body) in forbidden {
                let response = try await client.execute(uri: uri, method: method, headers: Fixtures.headers(w.loyaltyAdmin), body: body.map(Fixtures.json))
                #expect(response.status == .notFound, "\(method) \(uri)")
            }
            let vendors = try await client.execute(uri: "/loyalty/api/v1/admin/vendors", method: .get, headers: Fixtures.headers(w.loyaltyAdmin))
            #expect(try Fixtures.decode(Created<Vendor>.self, from: vendors).items.isEmpty)
            let companies = try await client.execute(uri: "/loyalty/api/v1/admin/companies", method: .get, headers: Fixtures.headers(w.loyaltyAdmin))
            #expect(try Fixtures.decode(Created<Company>.self, from: companies).items.isEmpty)
            // Creating a vendor on someone else's platform is refused.
            let steal = try await client.execute(uri: "/loyalty/api/v1/admin/vendors", method: .post, headers: Fixtures.headers(w.loyaltyAdmin),
                                                 body: Fixtures.json(#"{"company_id": "\#(w.company.id)", "slug": "x-shop", "name": "X", "country": "LU", "platform_id": "\#(w.oms.id)"}"#))
            #expect(steal.status == .unprocessableContent)
            // Nothing changed.
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            #expect(oms.name == "Agora OMS")
        }
    }

    @Test func rolesAreEnforcedBeforeHandlers() async throws {
        try await TestKernel.withClient { client, kernel in
            let w = try await world(client, kernel)
            try await Fixtures.user("staff@mueller.test", membership: Membership(id: UUID.v7(), role: .vendorStaff, vendorId: w.vendor.vendor.id), kernel: kernel)
            let staff = try await Fixtures.login(client, email: "staff@mueller.test", password: Fixtures.password)
            for uri in ["/oms/api/v1/admin/platforms", "/oms/api/v1/admin/vendors", "/oms/api/v1/admin/users", "/oms/api/v1/admin/companies"] {
                #expect(try await client.execute(uri: uri, method: .get).status == .unauthorized, "anonymous \(uri)")
                #expect(try await client.execute(uri: uri, method: .get, headers: Fixtures.headers(staff)).status == .forbidden, "staff \(uri)")
            }
            let create = try await client.execute(uri: "/oms/api/v1/admin/platforms", method: .post, headers: Fixtures.headers(w.omsAdmin),
                                                  body: Fixtures.json(["code": "market", "name": "Market"]))
            #expect(create.status == .forbidden)
            let modules = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(w.oms.id)", method: .patch, headers: Fixtures.headers(w.omsAdmin),
                                                   body: Fixtures.json(#"{"modules": ["kernel"]}"#))
            #expect(modules.status == .unprocessableContent)
        }
    }

    @Test func invalidInputNamesEveryField() async throws {
        try await TestKernel.withClient { client, kernel in
            let w = try await world(client, kernel)
            let response = try await client.execute(uri: "/oms/api/v1/admin/vendors", method: .post, headers: Fixtures.headers(w.omsAdmin),
                                                    body: Fixtures.json(#"{"slug": "Bad Slug", "name": "", "country": "Luxembourg", "currency": "euro", "platform_id": "\#(w.oms.id)"}"#))
            #expect(response.status == .unprocessableContent)
            let fields = Set(try Fixtures.decode(ProblemBody.self, from: response).errors?.map(\.field) ?? [])
            #expect(fields == ["company_id", "slug", "name", "country", "currency"])

            let duplicate = try await client.execute(uri: "/oms/api/v1/admin/vendors", method: .post, headers: Fixtures.headers(w.omsAdmin),
                                                     body: Fixtures.json(#"{"company_id": "\#(w.company.id)", "slug": "mueller-coffee", "name": "Again", "country": "LU", "platform_id": "\#(w.oms.id)"}"#))
            #expect(duplicate.status == .unprocessableContent)
            #expect(try Fixtures.decode(ProblemBody.self, from: duplicate).errors?.first?.code == "taken")
            // The failed create left nothing behind.
            let count = try await kernel.database.read { try await $0.sql.raw("SELECT COUNT(*) AS count FROM vendors").row(Count.self) }
            #expect(count?.count == 1)
        }
    }

    struct Count: Decodable { let count: Int }

    @Test func domainsAndVendorCustomDomainsResolve() async throws {
        try await TestKernel.withClient { client, kernel in
            let w = try await world(client, kernel)
            let add = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(w.oms.id)/domains", method: .post, headers: Fixtures.headers(w.omsAdmin),
                                               body: Fixtures.json(#"{"host": "Shop.Mueller-Coffee.LU.", "vendor_id": "\#(w.vendor.vendor.id)"}"#))
            #expect(add.status == .created)
            let domain = try Fixtures.decode(PlatformDomain.self, from: add)
            #expect(domain.host == "shop.mueller-coffee.lu")
            let resolved = try #require(try await kernel.platforms.resolve(host: "SHOP.mueller-coffee.lu:443", path: "/products"))
            #expect(resolved.platform.code == "oms")
            #expect(resolved.platform.vendorId == w.vendor.vendor.id)
            #expect(resolved.remainingPath == "/products")

            let duplicate = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(w.oms.id)/domains", method: .post, headers: Fixtures.headers(w.omsAdmin),
                                                     body: Fixtures.json(#"{"host": "shop.mueller-coffee.lu"}"#))
            #expect(duplicate.status == .conflict)
            let invalid = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(w.oms.id)/domains", method: .post, headers: Fixtures.headers(w.omsAdmin),
                                                   body: Fixtures.json(#"{"host": "not a host"}"#))
            #expect(invalid.status == .unprocessableContent)

            let delete = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(w.oms.id)/domains/\(domain.id)", method: .delete, headers: Fixtures.headers(w.omsAdmin))
            #expect(delete.status == .noContent)
            #expect(try await kernel.platforms.resolve(host: "shop.mueller-coffee.lu", path: "/") == nil)
        }
    }

    @Test func usersAndRolesStayInsideTheAdminsScope() async throws {
        try await TestKernel.withClient { client, kernel in
            let w = try await world(client, kernel)
            let create = try await client.execute(uri: "/oms/api/v1/admin/users", method: .post, headers: Fixtures.headers(w.omsAdmin),
                                                  body: Fixtures.json(#"{"email": "Owner@Mueller.test", "display_name": "Anna Müller", "memberships": [{"role": "vendor_owner", "vendor_id": "\#(w.vendor.vendor.id)"}]}"#))
            #expect(create.status == .created)
            let owner = try Fixtures.decode(UserDetail.self, from: create)
            #expect(owner.user.email == "owner@mueller.test")
            let initial = try #require(owner.initialPassword)
            _ = try await Fixtures.login(client, email: "owner@mueller.test", password: initial)

            // The loyalty admin cannot see or touch that user.
            #expect(try await client.execute(uri: "/loyalty/api/v1/admin/users/\(owner.user.id)", method: .get, headers: Fixtures.headers(w.loyaltyAdmin)).status == .notFound)
            let loyaltyList = try await client.execute(uri: "/loyalty/api/v1/admin/users", method: .get, headers: Fixtures.headers(w.loyaltyAdmin))
            #expect(!String(buffer: loyaltyList.body).contains("owner@mueller.test"))
            // Nor grant roles on OMS vendors, nor make anyone super admin.
            let grant = try await client.execute(uri: "/loyalty/api/v1/admin/users/\(owner.user.id)/memberships", method: .post, headers: Fixtures.headers(w.loyaltyAdmin),
                                                 body: Fixtures.json(#"{"role": "vendor_manager", "vendor_id": "\#(w.vendor.vendor.id)"}"#))
            #expect(grant.status == .notFound)  // the user is not one of theirs
            let promote = try await client.execute(uri: "/oms/api/v1/admin/users/\(owner.user.id)/memberships", method: .post, headers: Fixtures.headers(w.omsAdmin),
                                                   body: Fixtures.json(#"{"role": "super_admin"}"#))
            #expect(promote.status == .unprocessableContent)

            // The OMS admin makes the owner company owner too, then takes it back.
            let companyOwner = try await client.execute(uri: "/oms/api/v1/admin/users/\(owner.user.id)/memberships", method: .post, headers: Fixtures.headers(w.omsAdmin),
                                                        body: Fixtures.json(#"{"role": "company_owner", "company_id": "\#(w.company.id)"}"#))
            #expect(companyOwner.status == .created)
            let membership = try Fixtures.decode(Membership.self, from: companyOwner)
            let twice = try await client.execute(uri: "/oms/api/v1/admin/users/\(owner.user.id)/memberships", method: .post, headers: Fixtures.headers(w.omsAdmin),
                                                 body: Fixtures.json(#"{"role": "company_owner", "company_id": "\#(w.company.id)"}"#))
            #expect(twice.status == .conflict)
            // The owner's session sees the new role, and loses it the moment it is taken back,
            // although its principal was cached by the request before.
            let session = try await Fixtures.login(client, email: "owner@mueller.test", password: initial)
            let before = try await client.execute(uri: "/oms/api/v1/auth/me", method: .get, headers: Fixtures.headers(session))
            #expect(String(buffer: before.body).contains("company_owner"))
            let remove = try await client.execute(uri: "/oms/api/v1/admin/users/\(owner.user.id)/memberships/\(membership.id)", method: .delete, headers: Fixtures.headers(w.omsAdmin))
            #expect(remove.status == .noContent)
            let after = try await client.execute(uri: "/oms/api/v1/auth/me", method: .get, headers: Fixtures.headers(session))
            #expect(after.status == .ok)
            #expect(!String(buffer: after.body).contains("company_owner"))

            // Disabling a user ends their sessions, the cached one included.
            let disable = try await client.execute(uri: "/oms/api/v1/admin/users/\(owner.user.id)", method: .patch, headers: Fixtures.headers(w.omsAdmin),
                                                   body: Fixtures.json(#"{"is_active": false}"#))
            #expect(disable.status == .ok)
            #expect(try await client.execute(uri: "/oms/api/v1/auth/me", method: .get, headers: Fixtures.headers(session)).status == .unauthorized)
        }
    }

    @Test func listsArePaginatedWithCursors() async throws {
        try await TestKernel.withClient { client, kernel in
            let admin = try await Fixtures.loginAsSuperAdmin(client)
            for index in 0..<5 {
                let response = try await client.execute(uri: "/oms/api/v1/admin/companies", method: .post, headers: Fixtures.headers(admin),
                                                        body: Fixtures.json(["name": "Company \(index)", "country": "LU"]))
                #expect(response.status == .created)
            }
            struct PageBody: Decodable { let items: [Company]; let nextCursor: String? }
            var names: [String] = []
            var cursor: String?
            repeat {
                let uri = "/oms/api/v1/admin/companies?limit=2" + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? "")
                let page = try Fixtures.decode(PageBody.self, from: try await client.execute(uri: uri, method: .get, headers: Fixtures.headers(admin)))
                #expect(page.items.count <= 2)
                names += page.items.map(\.name)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(names == (0..<5).map { "Company \($0)" })
        }
    }
}
