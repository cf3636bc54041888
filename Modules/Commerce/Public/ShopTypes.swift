import Foundation
import Hummingbird
import Kernel

/// A shop as shoppers see it: its name, currency and the payment methods it offers.
public struct ShopInfo: ResponseCodable, Sendable {
    public let slug: String
    public let name: String
    public let currency: String
    public let paymentMethods: [PaymentMethod]
}

/// An active product with what is available of each of its variants.
public struct ShopProduct: Sendable {
    public let product: Product
    /// Milli-units available per variant id over the shop's active locations.
    public let availableMilli: [UUID: Int]

    /// What is available of `variant` (0 when nothing is stocked).
    public func available(_ variant: UUID) -> Int { max(0, availableMilli[variant] ?? 0) }
}

/// A postal address a shopper types at checkout.
public struct ShopAddress: Codable, Sendable {
    public var name: String
    public var line1: String
    public var line2: String?
    public var postalCode: String
    public var city: String
    /// ISO 3166-1 alpha-2.
    public var country: String

    public init(name: String, line1: String, line2: String?, postalCode: String, city: String, country: String) {
        self.name = name
        self.line1 = line1
        self.line2 = line2
        self.postalCode = postalCode
        self.city = city
        self.country = country
    }

    /// The address as printed on a label or an invoice.
    var text: String {
        [name, line1, line2, "\(postalCode) \(city)", country].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    func validate(_ field: String, into validation: inout Validation) {
        validation.requireText(name, field + ".name")
        validation.requireText(line1, field + ".line1")
        validation.requireText(postalCode, field + ".postal_code", maxLength: 20)
        validation.requireText(city, field + ".city")
        validation.check(TenancyRules.isCountryCode(country), field + ".country", "invalid", "must be an ISO 3166-1 alpha-2 code such as LU")
    }
}

/// What checkout needs besides the cart.
public struct CheckoutInput: Codable, Sendable {
    /// Required for guests; a signed-in customer's account e-mail is used otherwise.
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var phone: String?
    public var billingAddress: ShopAddress
    /// Defaults to the billing address.
    public var shippingAddress: ShopAddress?
    public var paymentMethod: PaymentMethod
    public var note: String?
    public var marketingConsent: Bool?

    public init(email: String?, firstName: String?, lastName: String?, phone: String? = nil, billingAddress: ShopAddress,
                shippingAddress: ShopAddress? = nil, paymentMethod: PaymentMethod, note: String? = nil, marketingConsent: Bool? = nil) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.billingAddress = billingAddress
        self.shippingAddress = shippingAddress
        self.paymentMethod = paymentMethod
        self.note = note
        self.marketingConsent = marketingConsent
    }

    /// A 422 naming every field that is missing or wrong; guests must give e-mail and names.
    func validate(signedIn: Bool) throws {
        var validation = Validation()
        if !signedIn {
            validation.check(email.map(TenancyRules.isEmail) ?? false, "email", "invalid", "a valid e-mail is required to order as a guest")
            validation.requireText(firstName, "first_name")
            validation.requireText(lastName, "last_name")
        }
        billingAddress.validate("billing_address", into: &validation)
        shippingAddress?.validate("shipping_address", into: &validation)
        validation.check((note ?? "").count <= 2000, "note", "too_long", "must be at most 2000 characters")
        validation.check((phone ?? "").count <= 40, "phone", "too_long", "must be at most 40 characters")
        try validation.throwIfInvalid()
    }
}

/// What the shopper gets back from checkout: the order and how to pay.
public struct CheckoutResult: ResponseCodable, Sendable {
    public let order: ShopOrder
    public let payment: Payment
}

/// A checkout refused because prices moved since the shopper saw the cart (409
/// `price_changed`, listing old and new prices). The cart now counts as seen at today's
/// prices, so checking out again goes through at the new prices.
public struct PricesChanged: Error, ProblemConvertible {
    /// The cart at today's prices; lines whose price moved have `previousUnitPriceMinor`.
    public let cart: Cart

    /// The lines whose price moved.
    public var changedLines: [CartLine] { cart.lines.filter { $0.previousUnitPriceMinor != nil } }

    public var problem: Problem {
        Problem(status: .conflict, code: "price_changed", title: "Prices changed",
                detail: "Some prices changed since you saw the cart; review the cart and check out again.",
                extensions: ["lines": .array(changedLines.map {
                    .object(["variant_id": .string($0.variantId.uuidString), "previous_unit_price_minor": .int($0.previousUnitPriceMinor ?? 0),
                             "unit_price_minor": .int($0.unitPriceMinor)])
                })])
    }
}

/// An order as its customer sees it: no internal notes, no staff names.
public struct ShopOrder: Codable, Sendable {
    /// A status the order reached, and when.
    public struct Step: Codable, Sendable {
        public let status: OrderStatus
        public let at: Date
    }

    public let id: UUID
    public let number: String
    public let status: OrderStatus
    public let currency: String
    public let lines: [OrderLine]
    public let subtotalMinor: Int
    public let shippingMinor: Int
    public let totalMinor: Int
    public let billingAddress: String?
    public let shippingAddress: String?
    public let trackingNumber: String?
    public let placedAt: Date
    public let payments: [Payment]
    /// The order's timeline as the customer may see it: its statuses.
    public let history: [Step]

    init(_ detail: OrderRoutes.OrderDetail, payments: [Payment]) {
        let order = detail.order
        id = order.id
        number = order.number
        status = order.status
        currency = order.currency
        lines = detail.lines
        subtotalMinor = order.subtotalMinor
        shippingMinor = order.shippingMinor
        totalMinor = order.totalMinor
        billingAddress = order.billingAddress
        shippingAddress = order.shippingAddress
        trackingNumber = order.trackingNumber
        placedAt = order.placedAt
        self.payments = payments
        history = detail.timeline.compactMap { entry in entry.toStatus.map { Step(status: $0, at: entry.at) } }
    }
}

extension ShopOrder: ResponseEncodable {}

/// Opening a shop account.
public struct ShopRegistration: Decodable, Sendable {
    public var email: String
    public var password: String
    public var firstName: String
    public var lastName: String
    public var language: String?
    public var marketingConsent: Bool?

    public init(email: String, password: String, firstName: String, lastName: String, language: String? = nil, marketingConsent: Bool? = nil) {
        self.email = email
        self.password = password
        self.firstName = firstName
        self.lastName = lastName
        self.language = language
        self.marketingConsent = marketingConsent
    }
}

/// A shop customer's profile as they see it.
public struct ShopProfile: ResponseCodable, Sendable {
    public let id: UUID
    public let email: String
    public let firstName: String
    public let lastName: String
    public let language: String
    public let marketingConsent: Bool

    init(_ c: Customer) {
        id = c.id
        email = c.email
        firstName = c.firstName
        lastName = c.lastName
        language = c.language
        marketingConsent = c.marketingConsent
    }
}

/// A shop session just opened: its token, shown once, and whose it is.
public struct ShopSession: ResponseCodable, Sendable {
    /// Send it as `X-Customer-Token`; shop pages get it as the `agora_customer` cookie.
    public let token: String
    public let customer: ShopProfile
}
