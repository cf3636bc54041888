import Kernel

/// The CMS module's feature codes and limit key, as tier manifests and the feature gate name them.
public enum CMSTiers {
    /// Vendors may override the platform's default pages (about, shipping, returns…): every tier.
    public static let basicFeature = "cms.basic"
    /// Vendors may create pages under new slugs: Professional and up.
    public static let customPagesFeature = "cms.custom_pages"
    /// How many custom pages (not overrides) a vendor may hold; a count, never reset.
    public static let customPagesLimit = "cms.custom_pages"

    /// The features the module declares to the kernel.
    public static let features: [FeatureDeclaration] = [
        FeatureDeclaration(code: basicFeature, name: "Page overrides",
                           summary: "Rewrite the platform's default pages for your shop"),
        FeatureDeclaration(code: customPagesFeature, name: "Custom pages",
                           summary: "Add pages of your own under new addresses"),
    ]

    /// The limits the module declares to the kernel.
    public static let limits: [LimitDeclaration] = [
        LimitDeclaration(key: customPagesLimit, name: "Custom pages", period: .none),
    ]
}

/// Whether a vendor's page is an override of a platform default or a custom page of its own.
public enum CustomPageRule {
    /// True when `slug` is not one of the platform's default pages for vendors, so the page
    /// needs `cms.custom_pages` and counts against the `cms.custom_pages` limit; false for an
    /// override, which only needs `cms.basic` and is free.
    ///
    /// Slugs compare as pages resolve (`ContentPage.normalizedSlug`), so `About` or `/about/`
    /// overrides `about`. `vendorDefaults` holds the slugs of the platform's default pages for
    /// vendors (no vendor, not a platform page) in any locale; a slug that only a marketing page
    /// uses is custom: marketing pages are the platform's own, not a template offered to vendors.
    public static func isCustom(slug: String, vendorDefaults: Set<String>) -> Bool {
        let normalized = ContentPage.normalizedSlug(slug)
        return !vendorDefaults.contains { ContentPage.normalizedSlug($0) == normalized }
    }

    /// The feature a vendor needs to save a page under `slug`.
    public static func requiredFeature(slug: String, vendorDefaults: Set<String>) -> String {
        isCustom(slug: slug, vendorDefaults: vendorDefaults) ? CMSTiers.customPagesFeature : CMSTiers.basicFeature
    }
}
