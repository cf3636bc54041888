import Foundation

/// What decides whether a vendor has a feature on a platform.
public struct FeatureInputs: Sendable, Equatable {
    /// Modules the platform offers.
    public var offeredModules: Set<String>
    /// Features the platform admin switched off.
    public var switchedOff: Set<String>
    /// Features of the vendor's tier.
    public var tierFeatures: Set<String>
    /// Features granted to the vendor outside its tier.
    public var grants: Set<String>
    /// Features taken away from the vendor.
    public var revokes: Set<String>
    /// False when the subscription is cancelled.
    public var subscriptionActive: Bool
    /// The vendor's subscription on the platform, as loaded with these inputs (nil without one).
    public var subscription: Subscription? = nil

    public init(offeredModules: Set<String>, switchedOff: Set<String> = [], tierFeatures: Set<String> = [],
                grants: Set<String> = [], revokes: Set<String> = [], subscriptionActive: Bool = true) {
        self.offeredModules = offeredModules
        self.switchedOff = switchedOff
        self.tierFeatures = tierFeatures
        self.grants = grants
        self.revokes = revokes
        self.subscriptionActive = subscriptionActive
    }
}

/// The answer for one feature, with the reason when it is not available.
public enum FeatureDecision: String, Sendable, Equatable, Codable, CaseIterable {
    case available
    /// The platform does not offer the module: its routes do not exist here (404).
    case moduleNotOffered = "module_not_offered"
    /// The platform admin switched the feature off for everyone.
    case switchedOff = "switched_off"
    /// An admin revoked it for this vendor.
    case revoked
    /// The vendor's subscription is cancelled.
    case subscriptionInactive = "subscription_inactive"
    /// Neither the tier nor a grant includes it.
    case notInTier = "not_in_tier"
}

/// The feature rule of ARCHITECTURE.md, as a pure function: available when the platform offers
/// the module and has not switched the feature off, and (the tier includes it or an admin
/// granted it) and no admin revoked it.
public enum FeatureRules {
    /// The module a feature code belongs to: `invoicing.eu_vat` → `invoicing`, `pos` → `pos`.
    public static func module(of code: String) -> String {
        // On every gated request: no array, and module names fit Swift's inline small strings.
        guard let dot = code.firstIndex(of: ".") else { return code }
        return String(code[..<dot])
    }

    /// The decision for `code` given `inputs`.
    public static func decide(_ code: String, _ inputs: FeatureInputs) -> FeatureDecision {
        guard inputs.offeredModules.contains(module(of: code)) else { return .moduleNotOffered }
        if inputs.switchedOff.contains(code) { return .switchedOff }
        if inputs.revokes.contains(code) { return .revoked }
        guard inputs.subscriptionActive else { return .subscriptionInactive }
        return inputs.tierFeatures.contains(code) || inputs.grants.contains(code) ? .available : .notInTier
    }
}
