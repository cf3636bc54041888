import Foundation

/// Loads `Platforms/<code>/platform.json` manifests into the database, idempotently.
public struct PlatformSync: Sendable {
    /// How much of the manifest to apply to a platform that already exists.
    public enum Mode: Sendable {
        /// First start: create platforms that are missing; leave existing ones as their admins left them.
        case createMissing
        /// `agora platforms sync`: the manifest wins for everything it declares (name,
        /// branding, modules, tiers); domains it lists are added, others are kept.
        case apply
    }

    /// What a sync did.
    public struct Report: Sendable, Equatable {
        public var created: [String] = []
        public var updated: [String] = []
        public var unchanged: [String] = []
    }

    let database: Database
    let directory: PlatformDirectory?

    public init(database: Database, directory: PlatformDirectory? = nil) {
        self.database = database
        self.directory = directory
    }

    /// Applies `manifests` in one transaction.
    public func sync(_ manifests: [PlatformManifest], mode: Mode, now: Date = Date()) async throws -> Report {
        let report = try await database.transaction { db in
            try await db.holdStartupLock()
            var report = Report()
            for manifest in manifests {
                let existing = try await TenancyStore.platform(code: manifest.code, on: db)
                if existing != nil, mode == .createMissing {
                    report.unchanged.append(manifest.code)
                    continue
                }
                let changed = try await apply(manifest, existing: existing, on: db, now: now)
                if existing == nil { report.created.append(manifest.code) }
                else if changed { report.updated.append(manifest.code) }
                else { report.unchanged.append(manifest.code) }
            }
            return report
        }
        await directory?.invalidate()
        return report
    }

    /// Writes one manifest; returns whether anything changed.
    private func apply(_ manifest: PlatformManifest, existing: Platform?, on db: DatabaseSession, now: Date) async throws -> Bool {
        var platform = existing ?? Platform(
            id: UUID.v7(now: now), code: manifest.code, name: "", tagline: "", primaryColor: "", accentColor: "",
            logoPath: nil, defaultLocale: "", defaultCurrency: "", supportEmail: nil, isActive: true, createdAt: now, updatedAt: now)
        let before = platform
        platform.name = manifest.name
        platform.tagline = manifest.tagline ?? ""
        platform.primaryColor = manifest.branding.primaryColor
        platform.accentColor = manifest.branding.accentColor
        platform.logoPath = manifest.branding.logo.map { "Platforms/\(manifest.code)/\($0)" }
        platform.defaultLocale = manifest.defaultLocale
        platform.defaultCurrency = manifest.defaultCurrency
        platform.supportEmail = manifest.supportEmail
        var changed = false
        if existing == nil {
            try await TenancyStore.insert(platform, on: db)
        } else if platform != before {
            platform.updatedAt = now
            try await TenancyStore.update(platform, on: db)
            changed = true
        }

        let modules = try await TenancyStore.modules(of: platform.id, on: db)
        if modules != Set(manifest.modules).sorted() {
            try await TenancyStore.setModules(manifest.modules, of: platform.id, on: db)
            changed = true
        }

        for domain in manifest.domains {
            let host = PlatformResolver.normalize(host: domain.host)
            let prefix = PlatformResolver.normalize(prefix: domain.pathPrefix ?? "")
            if let taken = try await TenancyStore.domain(host: host, pathPrefix: prefix, on: db) {
                guard taken.platformId == platform.id else {
                    throw ManifestError(file: "Platforms/\(manifest.code)/platform.json",
                                        problems: ["domain \(host)\(prefix) already belongs to another platform"])
                }
                continue
            }
            try await TenancyStore.insert(PlatformDomain(
                id: UUID.v7(now: now), platformId: platform.id, host: host, pathPrefix: prefix, vendorId: nil,
                isPrimary: domain.primary ?? false, createdAt: now), on: db)
            changed = true
        }

        let storedTiers = try await TenancyStore.tiers(of: platform.id, on: db)
        for (position, entry) in manifest.tiers.enumerated() {
            let stored = storedTiers.first { $0.code == entry.code }
            let tier = Tier(
                id: stored?.id ?? UUID.v7(now: now), platformId: platform.id, code: entry.code, name: entry.name,
                description: entry.description ?? "", monthlyPriceMinor: entry.monthlyPriceMinor,
                yearlyPriceMinor: entry.yearlyPriceMinor, currency: manifest.defaultCurrency, position: position,
                isPublic: entry.isPublic ?? true, limits: entry.limits, features: Set(entry.features).sorted())
            if tier != stored {
                try await TenancyStore.upsert(tier, on: db)
                changed = true
            }
        }
        return changed
    }
}
