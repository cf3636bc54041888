import Foundation
import Kernel

/// How a shop order is paid.
public enum PaymentMethod: String, Sendable, Codable, CaseIterable, OpenAPIEnumeration {
    case bankTransfer = "bank_transfer"
    case payAtPickup = "pay_at_pickup"
}

/// Where a payment stands.
public enum PaymentStatus: String, Sendable, Codable, CaseIterable, OpenAPIEnumeration {
    case pending, paid, cancelled
}

/// How a vendor's shop takes payment.
public struct ShopSettings: Codable, Sendable, Equatable {
    public var bankTransferEnabled: Bool
    public var accountHolder: String?
    public var iban: String?
    public var bic: String?
    public var payAtPickupEnabled: Bool
    public var pickupInstructions: String?
    /// How long an unpaid order holds its stock before it is cancelled.
    public var paymentDays: Int

    /// A new shop: pay at pickup only, until the vendor gives bank details.
    public static let initial = ShopSettings(bankTransferEnabled: false, accountHolder: nil, iban: nil, bic: nil,
                                             payAtPickupEnabled: true, pickupInstructions: nil, paymentDays: 7)
}

/// What the shopper is told after checkout.
public struct PaymentStart: Sendable, Equatable {
    /// The reference to quote (on the bank transfer, at pickup).
    public var reference: String
    /// Human instructions, in the shop's words.
    public var instructions: String
}

/// A way to pay, behind one interface so card or wallet providers can join later. A provider
/// says whether a shop can offer it and what the shopper must do; payments a provider cannot
/// confirm itself are confirmed by the vendor (`POST …/payment/confirm`), which confirms the order.
public protocol PaymentProvider: Sendable {
    var method: PaymentMethod { get }
    /// Why the shop cannot offer this method, or nil when it can.
    func unavailableReason(_ settings: ShopSettings) -> String?
    /// Starts paying `amountMinor` for order `number`; amounts in the instructions are written
    /// as the shop's `locale` writes money.
    func start(orderNumber: String, amountMinor: Int, currency: String, locale: String, settings: ShopSettings) -> PaymentStart
}

/// The providers this build ships.
public enum PaymentProviders {
    public static let all: [any PaymentProvider] = [BankTransfer(), PayAtPickup()]

    public static func provider(_ method: PaymentMethod) -> any PaymentProvider {
        all.first { $0.method == method }!
    }
}

/// Bank transfer (SEPA credit transfer): the shopper transfers the total quoting the order
/// reference; the vendor confirms when the money arrives.
public struct BankTransfer: PaymentProvider {
    public var method: PaymentMethod { .bankTransfer }

    public func unavailableReason(_ settings: ShopSettings) -> String? {
        guard settings.bankTransferEnabled else { return "The shop does not take bank transfers." }
        guard settings.iban != nil, settings.accountHolder != nil else { return "The shop has not given its bank details." }
        return nil
    }

    public func start(orderNumber: String, amountMinor: Int, currency: String, locale: String, settings: ShopSettings) -> PaymentStart {
        let reference = "ORDER \(orderNumber)"
        var text = "Please transfer \(Money.format(amountMinor, currency: currency, locale: locale)) to \(settings.accountHolder ?? ""), IBAN \(IBAN.grouped(settings.iban ?? ""))"
        if let bic = settings.bic { text += ", BIC \(bic)" }
        text += ", quoting \"\(reference)\", within \(settings.paymentDays) days. The order is confirmed when the payment arrives."
        return PaymentStart(reference: reference, instructions: text)
    }
}

/// Paying when collecting the order; the vendor confirms the order when it is paid.
public struct PayAtPickup: PaymentProvider {
    public var method: PaymentMethod { .payAtPickup }

    public func unavailableReason(_ settings: ShopSettings) -> String? {
        settings.payAtPickupEnabled ? nil : "The shop does not take payment at pickup."
    }

    public func start(orderNumber: String, amountMinor: Int, currency: String, locale: String, settings: ShopSettings) -> PaymentStart {
        var text = "Pay \(Money.format(amountMinor, currency: currency, locale: locale)) when you collect order \(orderNumber)."
        if let where_ = settings.pickupInstructions, !where_.isEmpty { text += " " + where_ }
        return PaymentStart(reference: "ORDER \(orderNumber)", instructions: text)
    }
}

/// International Bank Account Numbers (ISO 13616): shape and the mod-97 check digits.
public enum IBAN {
    /// The IBAN without spaces, upper-cased, if it is valid.
    public static func normalized(_ raw: String) -> String? {
        let iban = raw.replacingOccurrences(of: " ", with: "").uppercased()
        guard (15...34).contains(iban.count), iban.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              iban.prefix(2).allSatisfy(\.isLetter), iban.dropFirst(2).prefix(2).allSatisfy(\.isNumber)
        else { return nil }
        // Move the first four characters to the end, letters become 10…35, the number mod 97 must be 1.
        var remainder = 0
        for character in iban.dropFirst(4) + iban.prefix(4) {
            let value = character.isNumber ? Int(String(character))! : Int(character.asciiValue! - 55)
            remainder = (value < 10 ? remainder * 10 + value : remainder * 100 + value) % 97
        }
        return remainder == 1 ? iban : nil
    }

    /// Printed in groups of four, as on a bank statement.
    public static func grouped(_ iban: String) -> String {
        stride(from: 0, to: iban.count, by: 4).map { start in
            let from = iban.index(iban.startIndex, offsetBy: start)
            return String(iban[from..<(iban.index(from, offsetBy: 4, limitedBy: iban.endIndex) ?? iban.endIndex)])
        }.joined(separator: " ")
    }
}
