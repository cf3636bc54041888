import Foundation

/// `Platforms/<code>/platform.json`: everything that makes a branded platform, so adding a
/// platform is adding a folder.
public struct PlatformManifest: Codable, Sendable, Equatable {
    public struct Branding: Codable, Sendable, Equatable {
        public var primaryColor: String
        public var accentColor: String
        /// File inside the platform folder, served as its logo.
        public var logo: String?
    }

    public struct Domain: Codable, Sendable, Equatable {
        public var host: String
        public var pathPrefix: String?
        public var primary: Bool?
    }

    public struct TierEntry: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var description: String?
        /// Minor units; absent means "on request".
        public var monthlyPriceMinor: Int?
        public var yearlyPriceMinor: Int?
        public var isPublic: Bool?
        /// Limit key → value; null means unlimited.
        public var limits: [String: Int?]
        public var features: [String]
    }

    public var code: String
    public var name: String
    public var tagline: String?
    public var branding: Branding
    public var defaultLocale: String
    public var defaultCurrency: String
    public var supportEmail: String?
    public var domains: [Domain]
    public var modules: [String]
    public var tiers: [TierEntry]

    /// Problems that make the manifest unusable, each naming the field.
    public func problems() -> [String] {
        var problems: [String] = []
        if !TenancyRules.isSlug(code) { problems.append("code '\(code)' must be lower-case letters, digits and dashes") }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("name is empty") }
        if !TenancyRules.isColor(branding.primaryColor) { problems.append("branding.primary_color must be #rrggbb") }
        if !TenancyRules.isColor(branding.accentColor) { problems.append("branding.accent_color must be #rrggbb") }
        if !TenancyRules.isLocale(defaultLocale) { problems.append("default_locale '\(defaultLocale)' is not a locale such as fr-LU") }
        if !TenancyRules.isCurrencyCode(defaultCurrency) { problems.append("default_currency must be an ISO 4217 code") }
        for (index, domain) in domains.enumerated() where PlatformResolver.normalize(host: domain.host).isEmpty {
            problems.append("domains[\(index)].host is empty")
        }
        var codes: Set<String> = []
        for (index, tier) in tiers.enumerated() {
            if !codes.insert(tier.code).inserted { problems.append("tiers[\(index)].code '\(tier.code)' is used twice") }
            if !TenancyRules.isSlug(tier.code) { problems.append("tiers[\(index)].code must be lower-case letters, digits and dashes") }
            for (key, value) in tier.limits where (value ?? 0) < 0 {
                problems.append("tiers[\(index)].limits.\(key) must not be negative")
            }
            if (tier.monthlyPriceMinor ?? 0) < 0 || (tier.yearlyPriceMinor ?? 0) < 0 {
                problems.append("tiers[\(index)] prices must not be negative")
            }
        }
        if tiers.isEmpty { problems.append("tiers is empty; a platform needs at least one tier") }
        return problems
    }

    /// Reads every `Platforms/*/platform.json` under `folder`, sorted by code.
    public static func loadAll(from folder: URL) throws -> [PlatformManifest] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var manifests: [PlatformManifest] = []
        for name in names.sorted() {
            let file = folder.appendingPathComponent(name).appendingPathComponent("platform.json")
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            let manifest: PlatformManifest
            do {
                manifest = try AgoraJSON.decoder().decode(PlatformManifest.self, from: Data(contentsOf: file))
            } catch {
                throw ManifestError(file: file.path, problems: ["cannot be read: \(error)"])
            }
            let problems = manifest.problems() + (manifest.code == name ? [] : ["code '\(manifest.code)' differs from its folder name '\(name)'"])
            guard problems.isEmpty else { throw ManifestError(file: file.path, problems: problems) }
            manifests.append(manifest)
        }
        return manifests
    }
}

/// A platform manifest that cannot be loaded.
public struct ManifestError: Error, CustomStringConvertible {
    public let file: String
    public let problems: [String]

    public var description: String {
        "Platform manifest \(file) is invalid:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
