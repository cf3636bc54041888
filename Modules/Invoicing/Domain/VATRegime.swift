import Commerce
import Foundation

/// How VAT applies to a sale of goods by a seller established in the EU (or Northern Ireland).
public enum VATRegime: String, Sendable, Codable, CaseIterable {
    /// Delivered in the seller's country: the seller's rate.
    case domestic
    /// To a trader identified for VAT in another member state: exempt, Art. 138.
    case intraCommunityExempt = "intra_community_exempt"
    /// To a consumer in another member state while the seller is under the Art. 59c
    /// threshold: the seller's rate.
    case distanceSaleOrigin = "distance_sale_origin"
    /// To a consumer in another member state above the threshold or after opting in: the
    /// destination's rate, declared through the One-Stop-Shop.
    case distanceSaleDestinationOSS = "distance_sale_destination_oss"
    /// Leaving the EU VAT territory: exempt, Art. 146.
    case export
}

/// The facts about one sale that decide its VAT.
public struct VATSale: Sendable, Equatable {
    /// Where the seller is established (ISO 3166 code or VAT prefix).
    public var sellerCountry: String
    /// Where the goods are delivered; any code outside the EU VAT territory means export.
    public var buyerCountry: String
    /// The number the buyer gave, as typed; checked offline here.
    public var buyerVATNumber: String?
    /// Whether the buyer says it buys as a business.
    public var isBusinessBuyer: Bool
    /// The seller's cross-border EU B2C distance sales this calendar year before this sale,
    /// net of VAT, in EUR cents (the caller converts other currencies).
    public var distanceSalesThisYearEURCents: Int
    /// The same for the whole previous calendar year.
    public var distanceSalesLastYearEURCents: Int
    /// This sale, net of VAT, in EUR cents.
    public var amountEURCents: Int
    /// Whether the seller opted in to destination taxation below the threshold (binding for
    /// two calendar years; tracking that is the caller's).
    public var ossOptIn: Bool
    /// The product's rate class from the catalogue.
    public var rateClass: VATRateClass
    /// The day the VAT becomes chargeable (the supply date), which picks the rate.
    public var date: Date

    public init(sellerCountry: String, buyerCountry: String, buyerVATNumber: String? = nil, isBusinessBuyer: Bool = false,
                distanceSalesThisYearEURCents: Int = 0, distanceSalesLastYearEURCents: Int = 0, amountEURCents: Int,
                ossOptIn: Bool = false, rateClass: VATRateClass = .standard, date: Date) {
        self.sellerCountry = sellerCountry
        self.buyerCountry = buyerCountry
        self.buyerVATNumber = buyerVATNumber
        self.isBusinessBuyer = isBusinessBuyer
        self.distanceSalesThisYearEURCents = distanceSalesThisYearEURCents
        self.distanceSalesLastYearEURCents = distanceSalesLastYearEURCents
        self.amountEURCents = amountEURCents
        self.ossOptIn = ossOptIn
        self.rateClass = rateClass
        self.date = date
    }
}

/// What the engine decided for a sale, with what the invoice must show.
public struct VATDetermination: Sendable, Equatable {
    public var regime: VATRegime
    /// The country whose rate applies (VAT prefix); nil when the sale is exempt.
    public var rateCountry: String?
    /// The rate row applied; nil when the sale is exempt.
    public var rate: VATRate?
    /// EN 16931 category: `S`, `Z` (a 0 % rate), `K` or `G`.
    public var category: VATCategory
    /// The exemption code, text and legal mention; nil when VAT is charged.
    public var exemption: VATExemption?
    /// The buyer's number when it decided the regime (Art. 138 invoices show both numbers).
    public var buyerVATNumber: VATNumber?
    /// Why a number the business buyer gave was not used, so the sale fell back to B2C.
    public var buyerVATNumberProblem: String?
    /// One sentence on why, for the seller and the audit log.
    public var explanation: String

    /// The rate in basis points: 0 when exempt.
    public var basisPoints: Int { rate?.basisPoints ?? 0 }
}

/// Why no VAT treatment could be decided.
public enum VATRegimeError: Error, Equatable, CustomStringConvertible {
    /// Agora's sellers are established in the EU or Northern Ireland; nothing else is modelled.
    case sellerOutsideEU(country: String)
    /// The rate table has no rate for that country, class and day.
    case noRate(country: String, rateClass: VATRateClass, date: Date)

    public var description: String {
        switch self {
        case .sellerOutsideEU(let country): "seller country \(country) is not in the EU VAT territory"
        case .noRate(let country, let rateClass, let date):
            "no \(rateClass.rawValue) VAT rate for \(country) on \(ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: [.withFullDate]))"
        }
    }
}
