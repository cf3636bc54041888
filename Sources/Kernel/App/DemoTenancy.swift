import Foundation

/// Demo tenants for `agora demo seed`: a company, a vendor on a platform with an active
/// subscription, and its owner. Idempotent: an existing vendor slug is reused.
public enum DemoTenancy {
    /// The vendor `slug` on `platformCode`, created when missing, with an owner who can sign in.
    public static func vendor(slug: String, name: String, company: String, platformCode: String, tier: String,
                              ownerEmail: String, password: String, kernel: KernelServices) async throws -> VendorScope {
        let now = kernel.now()
        let (vendorId, platformId) = try await kernel.database.transaction { tx -> (UUID, UUID) in
            guard let platform = try await TenancyStore.platform(code: platformCode, on: tx) else { throw Problem.notFound("Platform \(platformCode)") }
            if let existing = try await TenancyStore.vendor(slug: slug, on: tx) { return (existing.id, platform.id) }
            let companyRecord = Company(id: UUID.v7(now: now), name: company, legalName: company, addressLine1: "1 rue du Marché", addressLine2: nil,
                                        postalCode: "L-1111", city: "Luxembourg", country: "LU", vatNumber: nil, email: ownerEmail,
                                        homePlatformId: platform.id, createdAt: now, updatedAt: now)
            try await TenancyStore.save(companyRecord, isNew: true, on: tx)
            let vendor = Vendor(id: UUID.v7(now: now), companyId: companyRecord.id, slug: slug, name: name, country: "LU", currency: "EUR",
                                locale: "fr-LU", isActive: true, createdAt: now, updatedAt: now)
            try await TenancyStore.save(vendor, isNew: true, on: tx)
            var subscription = try await AdminTenantRoutes.join(vendor: vendor.id, platform: platform.id, tierCode: tier, now: now, on: tx)
            subscription.status = .active
            try await TenancyStore.save(subscription, isNew: false, on: tx)
            return (vendor.id, platform.id)
        }
        if try await kernel.database.read({ try await AccountStore.credentials(email: ownerEmail, on: $0) }) == nil {
            _ = try await AdminBootstrap.createUser(kernel: kernel, email: ownerEmail, displayName: "Owner of \(name)", password: password,
                                                   membership: Membership(id: UUID.v7(now: now), role: .vendorOwner, vendorId: vendorId))
        }
        let subscription = try await kernel.database.read { try await TenancyStore.subscription(vendor: vendorId, platform: platformId, on: $0)! }
        await kernel.changes.announce(.features)
        return VendorScope(vendorId: vendorId, platformId: platformId, role: .vendorOwner, subscription: subscription)
    }
}
