import Foundation
import Hummingbird
import Kernel

/// The order a catalog list comes in.
public enum CatalogSort: String, Sendable, Codable, CaseIterable, OpenAPIEnumeration {
    /// Oldest first (product ids are time-ordered): the API's order.
    case created
    case newest
    /// A–Z, ignoring case.
    case name
    /// By the lowest price of the product's variants, cheapest first.
    case priceAscending = "price_asc"
    case priceDescending = "price_desc"
}

/// What a shopper looks for in a catalog: text, how the product is sold, whether it is in stock,
/// and the order. The shop API and the storefront read it from the same query parameters.
public struct CatalogQuery: Sendable, Equatable {
    /// Part of the name (any case), or exactly a SKU or a barcode.
    public var text: String?
    /// Only products sold by weight (true) or by the piece (false); nil for both.
    public var soldByWeight: Bool?
    /// Only products with something available over the shop's active locations.
    public var inStockOnly: Bool
    public var sort: CatalogSort

    public init(text: String? = nil, soldByWeight: Bool? = nil, inStockOnly: Bool = false, sort: CatalogSort = .created) {
        self.text = text
        self.soldByWeight = soldByWeight
        self.inStockOnly = inStockOnly
        self.sort = sort
    }

    /// From `?q=&sold_by=weight|piece&in_stock=true&sort=…`; a malformed value is a 400 naming
    /// the parameter. Empty values count as absent (an untouched form field).
    public init(from request: Request, defaultSort: CatalogSort = .created) throws {
        func value(_ name: String) -> String? {
            request.uri.queryParameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        self.init(text: value("q")?.trimmingCharacters(in: .whitespaces), sort: defaultSort)
        if text?.isEmpty == true { text = nil }
        switch value("sold_by") {
        case nil: break
        case "weight": soldByWeight = true
        case "piece": soldByWeight = false
        default: throw Problem.invalidParameter("sold_by", "must be weight or piece")
        }
        switch value("in_stock") {
        case nil, "false": break
        case "true": inStockOnly = true
        default: throw Problem.invalidParameter("in_stock", "must be true or false")
        }
        if let raw = value("sort") {
            guard let sort = CatalogSort(rawValue: raw) else {
                throw Problem.invalidParameter("sort", "must be one of " + CatalogSort.allCases.map(\.rawValue).joined(separator: ", "))
            }
            self.sort = sort
        }
    }

    /// The query parameters, for the route table and `/openapi.json`.
    public static let parameters: [QueryParameter] = [
        QueryParameter(name: "q", description: "Part of a name, or a SKU or barcode.", schema: .object(["type": .string("string")])),
        QueryParameter(name: "sold_by", description: "weight or piece: only products sold that way.",
                       schema: .object(["type": .string("string"), "enum": .array([.string("weight"), .string("piece")])])),
        QueryParameter(name: "in_stock", description: "true: only products with something available.", schema: .object(["type": .string("boolean")])),
        QueryParameter(name: "sort", description: "created (default), newest, name, price_asc or price_desc.",
                       schema: .object(["type": .string("string"), "enum": .array(CatalogSort.allCases.map { .string($0.rawValue) })])),
    ]
}
