import AgoraTesting
@testable import Commerce
import Foundation
@testable import Kernel

/// Companies and vendors on the OMS platform, built directly (no HTTP), for the purchase-order
/// and company-view tests.
enum ShopFixtures {
    /// A new company; returns its id.
    static func company(_ name: String, kernel: KernelServices) async throws -> UUID {
        let oms = try await Fixtures.platform("oms", kernel: kernel)
        let now = Date()
        let company = Company(id: UUID.v7(), name: name, legalName: nil, addressLine1: nil, addressLine2: nil, postalCode: nil, city: nil,
                              country: "LU", vatNumber: nil, email: nil, homePlatformId: oms.id, createdAt: now, updatedAt: now)
        try await kernel.database.transaction { try await TenancyStore.save(company, isNew: true, on: $0) }
        return company.id
    }

    /// A vendor of `company` on the OMS platform with `tier`, as its owner's scope.
    static func vendor(_ slug: String, company: UUID, tier: String, currency: String = "EUR", kernel: KernelServices) async throws -> VendorScope {
        let oms = try await Fixtures.platform("oms", kernel: kernel)
        let now = Date()
        let vendor = Vendor(id: UUID.v7(), companyId: company, slug: slug, name: slug, country: "LU", currency: currency, locale: "fr-LU",
                            isActive: true, createdAt: now, updatedAt: now)
        let subscription = try await kernel.database.transaction { tx in
            try await TenancyStore.save(vendor, isNew: true, on: tx)
            return try await AdminTenantRoutes.join(vendor: vendor.id, platform: oms.id, tierCode: tier, now: now, on: tx)
        }
        return VendorScope(vendorId: vendor.id, platformId: oms.id, role: .vendorOwner, subscription: subscription)
    }
}
