import Foundation
import Hummingbird
import Kernel

/// The platform's home at its domain root: the hero from its manifest, the `home` marketing
/// page (what the platform does, in the visitor's language), and the tiers and add-ons as they
/// are in the database now — an admin's price change shows on the next visit.
enum MarketingHome {
    static func register(on routes: RouteBuilder, kernel: KernelServices, cache: RenderedPages) {
        let site = SiteDocuments(kernel: kernel)
        routes.document("/", summary: "The platform's home: what it offers, its tiers and add-ons", access: .anyone, feature: "cms",
                        refusal: { problem, _, context in site.refusal(problem, context: context) }) { request, context in
            let platform = try context.requirePlatform()
            let locale = try ContentPageRoutes.requestedLocale(request)
            let now = kernel.now()
            let key = RenderedPages.Key(platform: platform.id, vendor: nil, slug: "", locale: locale)
            return try await cache.document(key, now: now) {
                let (tiers, addons, candidates) = try await kernel.database.read { db in
                    (try await TenancyStore.tiers(of: platform.id, on: db), try await TenancyStore.addons(of: platform.id, on: db),
                     try await PageStore.candidates(platform: platform.id, vendor: nil, slug: "home", on: db))
                }
                let intro = PageResolution.match(request: PageRequest(platformId: platform.id, slug: "home", locale: locale), vendorDefaultLocale: nil,
                                                 platformDefaultLocale: platform.defaultLocale, candidates: candidates, now: now)?.page
                // Prices in the page's language: "49,00 €" in French, "€49.00" in English.
                let pageLocale = intro?.locale ?? locale ?? platform.defaultLocale
                let data: [String: Any] = [
                    "introHTML": intro.map { SafeMarkdown.render($0.bodyMarkdown) } ?? "",
                    "tiers": tierCards(tiers, registry: kernel.registry, locale: pageLocale),
                    "addons": addons.map { addon in
                        ["code": addon.code, "name": addon.name,
                         "price": Money.format(addon.monthlyPriceMinor, currency: platform.defaultCurrency, locale: pageLocale),
                         "gives": "+\(addon.amount) \(limitName(addon.limitKey, registry: kernel.registry))"]
                    },
                    "hasAddons": !addons.isEmpty,
                ]
                let document = site.render("cms/home", title: intro?.seoTitle ?? platform.name, data, platform: platform,
                                           locale: pageLocale, linkBase: platform.pathPrefix)
                return RenderedPages.Rendition(document: document, changesAt: ContentPageRoutes.nextScheduled(candidates, after: now))
            }
        }
    }

    /// The public tiers, cheapest first, as pricing cards: price, what each limit allows and the
    /// features by name.
    static func tierCards(_ tiers: [Tier], registry: ModuleRegistry, locale: String) -> [[String: Any]] {
        let featureNames = Dictionary(registry.features.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        return tiers.filter(\.isPublic).map { tier in
            var card: [String: Any] = ["code": tier.code, "name": tier.name, "description": tier.description, "currency": tier.currency]
            if let monthly = tier.monthlyPriceMinor {
                card["monthly"] = Money.format(monthly, currency: tier.currency, locale: locale)
                if let yearly = tier.yearlyPriceMinor { card["yearly"] = Money.format(yearly, currency: tier.currency, locale: locale) }
            } else {
                card["onRequest"] = true
            }
            card["limits"] = tier.limits.keys.sorted().map { key -> [String: String] in
                let value = tier.limits[key] ?? nil
                return ["name": limitName(key, registry: registry), "value": value.map { String($0) } ?? "Unlimited"]
            }
            // Module switches ("commerce") are implied by their features; list the features.
            card["features"] = tier.features.filter { $0.contains(".") }.compactMap { featureNames[$0] }
            return card
        }
    }

    static func limitName(_ key: String, registry: ModuleRegistry) -> String {
        registry.limits.first { $0.key == key }?.name ?? key
    }
}
