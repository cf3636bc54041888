import Foundation
import Kernel

/// Where a product is in its life.
public enum ProductStatus: String, Sendable, Codable, CaseIterable, OpenAPIEnumeration {
    case draft, active, archived
}

/// The VAT rate class a product is invoiced at (the rate itself depends on country and date).
public enum VATRateClass: String, Sendable, Codable, CaseIterable, OpenAPIEnumeration {
    case standard, intermediate, reduced
    case superReduced = "super_reduced"
    case zero
}

/// A sellable variant: its own SKU, optional barcode and price.
public struct Variant: Codable, Sendable, Equatable {
    public var id: UUID
    public var sku: String
    public var barcode: String?
    public var title: String
    /// Price in minor units; per kg or lb for products sold by weight.
    public var priceMinor: Int
    public var position: Int
}

/// A product image by URL.
public struct ProductImage: Codable, Sendable, Equatable {
    public var url: String
    public var alt: String
}

/// A catalog product of one vendor.
public struct Product: Codable, Sendable, Equatable {
    public var id: UUID
    public var vendorId: UUID
    public var name: String
    public var description: String
    public var status: ProductStatus
    public var currency: String
    public var pricesIncludeVat: Bool
    public var vatRateClass: VATRateClass
    /// Set when the product is sold by weight.
    public var weight: WeightPricing?
    public var variants: [Variant]
    public var images: [ProductImage]
    public var createdAt: Date
    public var updatedAt: Date
}

extension WeightPricing.Unit: OpenAPIEnumeration {}

extension Product {
    /// Why `quantityMilli` of this product cannot be sold, or nil when it can: by-weight
    /// products follow their minimum and step, pieces are sold in whole units.
    public func quantityProblem(_ quantityMilli: Int) -> String? {
        if let weight { return weight.problem(with: quantityMilli) }
        return quantityMilli % 1000 == 0 ? nil : "pieces are sold in whole units (multiples of 1000)"
    }

    /// The name a line shows: the product's, with the variant's title when it has one.
    public func lineName(_ variant: Variant) -> String {
        variant.title.isEmpty ? name : "\(name) – \(variant.title)"
    }
}
