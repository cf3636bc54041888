import Foundation


/// A shop customer of one vendor.
public struct Customer: Codable, Sendable, Equatable {
    public var id: UUID
    public var vendorId: UUID
    public var email: String
    public var firstName: String
    public var lastName: String
    public var phone: String?
    public var language: String
    public var marketingConsent: Bool
    public var marketingConsentAt: Date?
    public var companyName: String?
    public var vatNumber: String?
    public var orderCount: Int
    public var totalSpentMinor: Int
    public var firstOrderAt: Date?
    public var lastOrderAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
}

/// An address in a customer's book.
public struct CustomerAddress: Codable, Sendable, Equatable {
    public var id: UUID
    public var label: String
    public var name: String
    public var line1: String
    public var line2: String?
    public var postalCode: String
    public var city: String
    /// ISO 3166-1 alpha-2.
    public var country: String
    public var phone: String?
    public var isDefaultShipping: Bool
    public var isDefaultBilling: Bool
}
