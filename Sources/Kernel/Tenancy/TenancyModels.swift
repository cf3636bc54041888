import Foundation
import Hummingbird

/// A branded platform (the OMS, the loyalty platform…), as stored and as the admin API shows it.
public struct Platform: Codable, Sendable, Equatable, ResponseEncodable {
    public var id: UUID
    public var code: String
    public var name: String
    public var tagline: String
    public var primaryColor: String
    public var accentColor: String
    public var logoPath: String?
    public var defaultLocale: String
    public var defaultCurrency: String
    public var supportEmail: String?
    public var isActive: Bool
    public var createdAt: Date
    public var updatedAt: Date
}

/// A host (plus optional path prefix) a platform answers on; with a vendor, its custom domain.
public struct PlatformDomain: Codable, Sendable, Equatable, ResponseEncodable {
    public var id: UUID
    public var platformId: UUID
    public var host: String
    public var pathPrefix: String
    public var vendorId: UUID?
    public var isPrimary: Bool
    public var createdAt: Date
}

/// A subscription tier of one platform, with its limits (nil = unlimited) and features.
public struct Tier: Codable, Sendable, Equatable, ResponseEncodable {
    public var id: UUID
    public var platformId: UUID
    public var code: String
    public var name: String
    public var description: String
    public var monthlyPriceMinor: Int?
    public var yearlyPriceMinor: Int?
    public var currency: String
    public var position: Int
    public var isPublic: Bool
    public var limits: [String: Int?]
    public var features: [String]
}

/// Something a platform sells on top of a tier: `amount` more of one limit for a monthly price.
public struct TierAddon: Codable, Sendable, Equatable, ResponseEncodable {
    public var id: UUID
    public var platformId: UUID
    public var code: String
    public var name: String
    public var monthlyPriceMinor: Int
    /// The limit it raises (`commerce.products`).
    public var limitKey: String
    public var amount: Int
}

/// The legal entity behind one or more vendors.
public struct Company: Codable, Sendable, Equatable, ResponseEncodable {
    public var id: UUID
    public var name: String
    public var legalName: String?
    public var addressLine1: String?
    public var addressLine2: String?
    public var postalCode: String?
    public var city: String?
    public var country: String
    public var vatNumber: String?
    public var email: String?
    public var homePlatformId: UUID?
    public var createdAt: Date
    public var updatedAt: Date
}

/// A shop: what sells, invoices and runs the till.
public struct Vendor: Codable, Sendable, Equatable, ResponseEncodable {
    public var id: UUID
    public var companyId: UUID
    public var slug: String
    public var name: String
    public var country: String
    public var currency: String
    public var locale: String
    public var isActive: Bool
    public var createdAt: Date
    public var updatedAt: Date
}

/// Where a subscription stands.
public enum SubscriptionStatus: String, Codable, Sendable, CaseIterable {
    case trialing, active
    case pastDue = "past_due"
    case cancelled
}

/// A vendor's membership of a platform and its subscription there.
public struct Subscription: Codable, Sendable, Equatable, ResponseEncodable {
    public var vendorId: UUID
    public var platformId: UUID
    public var tierCode: String
    public var status: SubscriptionStatus
    public var trialEndsAt: Date?
    public var currentPeriodStart: Date
    public var currentPeriodEnd: Date
    public var joinedAt: Date
    public var updatedAt: Date
}

/// A staff user as the API shows it (never with its password hash).
public struct User: Codable, Sendable, Equatable, ResponseEncodable {
    public var id: UUID
    public var email: String
    public var displayName: String
    public var isActive: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var lastLoginAt: Date?
}

extension Membership: ResponseEncodable {}

/// Checks shared by the tenancy inputs.
public enum TenancyRules {
    /// ISO 3166-1 alpha-2, upper case.
    public static func isCountryCode(_ text: String) -> Bool {
        text.count == 2 && text.allSatisfy { $0.isASCII && $0.isUppercase }
    }

    /// ISO 4217, upper case.
    static func isCurrencyCode(_ text: String) -> Bool {
        text.count == 3 && text.allSatisfy { $0.isASCII && $0.isUppercase }
    }

    /// BCP 47 such as `fr-LU`, `de`, `en-GB`.
    static func isLocale(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count), language.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// Lower-case letters, digits and inner dashes: used in URLs.
    static func isSlug(_ text: String) -> Bool {
        (2...64).contains(text.count)
            && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
            && !text.hasPrefix("-") && !text.hasSuffix("-")
    }

    /// `#rrggbb`.
    static func isColor(_ text: String) -> Bool {
        text.count == 7 && text.hasPrefix("#") && text.dropFirst().allSatisfy(\.isHexDigit)
    }

    /// A plausible e-mail address: something@domain.tld, no spaces. Public so modules check
    /// shop customers' addresses the same way.
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !text.contains(where: \.isWhitespace) && text.count <= 254
    }
}
