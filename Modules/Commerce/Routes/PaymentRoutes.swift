import Foundation
import Hummingbird
import Kernel

/// The vendor's side of shop payments: how the shop takes payment, and confirming a manual
/// payment (a bank transfer arrived, the customer paid at pickup), which confirms the order.
enum PaymentRoutes {
    struct SettingsInput: Decodable {
        var bankTransferEnabled: Bool
        var accountHolder: String?
        var iban: String?
        var bic: String?
        var payAtPickupEnabled: Bool
        var pickupInstructions: String?
        var paymentDays: Int?
    }

    struct ConfirmInput: Decodable {
        var note: String?
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database

        routes.get("/api/v1/vendor/shop-settings", summary: "How your shop takes payment", access: .vendor(.vendorStaff), feature: "commerce") { _, context in
            let vendor = try context.requireVendor()
            return try await db.read(for: vendor) { try await ShopSettingsStore.settings(vendor: vendor.vendorId, on: $0) }
        }

        routes.put("/api/v1/vendor/shop-settings", summary: "Set how your shop takes payment", access: .vendor(.vendorManager), feature: "commerce",
                   body: SettingsInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let settings = try validate(input)
            try await db.transaction(for: vendor) { tx in
                try await ShopSettingsStore.save(settings, vendor: vendor.vendorId, now: kernel.now(), on: tx)
            }
            return settings
        }

        routes.post("/api/v1/vendor/orders/:orderId/payment/confirm", summary: "Record that the order's payment arrived; a pending order becomes confirmed",
                    access: .vendor(.vendorStaff), feature: "commerce", body: ConfirmInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("orderId", of: "Order")
            let actor = context.principal?.email ?? "api"
            let now = kernel.now()
            return try await db.transaction(for: vendor) { tx in
                try await confirmPayment(of: id, note: input.note, vendor: vendor, actor: actor, now: now, on: tx)
            }
        }
    }

    /// Marks the pending payment paid and confirms a pending order, with a timeline entry.
    static func confirmPayment(of id: UUID, note: String?, vendor: VendorScope, actor: String, now: Date,
                               on tx: DatabaseSession) async throws -> OrderRoutes.OrderDetail {
        guard let order = try await OrderStore.order(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Order") }
        guard try await PaymentStore.markPaid(order: id, vendor: vendor.vendorId, by: actor, at: now, on: tx) else {
            throw Problem.conflict("no_pending_payment", "This order has no payment waiting for confirmation.")
        }
        try await OrderStore.record(OrderTimelineEntry(kind: "payment", fromStatus: nil, toStatus: nil, note: note ?? "Payment received",
                                                       actor: actor, at: now), order: id, vendor: vendor.vendorId, on: tx)
        if order.status == .pending {
            return try await OrderRoutes.changeStatus(of: id, to: .confirmed, note: nil, tracking: nil, vendor: vendor, actor: actor, now: now, on: tx)
        }
        return try await OrderRoutes.detail(order, vendor: vendor.vendorId, on: tx)
    }

    static func validate(_ input: SettingsInput) throws -> ShopSettings {
        var validation = Validation()
        let iban = input.iban.flatMap { $0.isEmpty ? nil : $0 }
        let normalized = iban.flatMap(IBAN.normalized)
        validation.check(iban == nil || normalized != nil, "iban", "invalid", "is not a valid IBAN (check digits)")
        let holder = input.accountHolder.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        validation.check((holder ?? "").count <= 140, "account_holder", "too_long", "must be at most 140 characters")
        let bic = input.bic.flatMap { $0.isEmpty ? nil : $0.uppercased() }
        validation.check(bic.map { [8, 11].contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } } ?? true,
                         "bic", "invalid", "must be 8 or 11 letters and digits")
        if input.bankTransferEnabled {
            validation.check(normalized != nil, "iban", "required", "is needed to take bank transfers")
            validation.check(holder != nil, "account_holder", "required", "is needed to take bank transfers")
        }
        validation.check(input.bankTransferEnabled || input.payAtPickupEnabled, "pay_at_pickup_enabled", "invalid", "the shop needs at least one payment method")
        validation.check((input.pickupInstructions ?? "").count <= 1000, "pickup_instructions", "too_long", "must be at most 1000 characters")
        validation.check((1...60).contains(input.paymentDays ?? 7), "payment_days", "invalid", "must be 1 to 60 days")
        try validation.throwIfInvalid()
        return ShopSettings(bankTransferEnabled: input.bankTransferEnabled, accountHolder: holder, iban: normalized, bic: bic,
                            payAtPickupEnabled: input.payAtPickupEnabled, pickupInstructions: input.pickupInstructions, paymentDays: input.paymentDays ?? 7)
    }
}

extension ShopSettings: ResponseEncodable {}
