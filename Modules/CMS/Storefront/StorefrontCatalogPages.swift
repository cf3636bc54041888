import Commerce
import Foundation
import Hummingbird
import Kernel

/// The storefront's home, its catalog (search, filters, sort, cursor paging) and a product.
enum StorefrontCatalogPages {
    /// Products a catalog page shows at once.
    static let pageSize = 24

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        StorefrontPages.page(routes, .get, "", summary: "A shop's storefront: its name, a few products, its pages", kernel: kernel) { storefront in
            let products = try await CommerceShop.catalog(CatalogQuery(sort: .newest), page: Kernel.PageRequest(limit: 6), shop: storefront.shop, kernel: kernel)
            let pages = try await contentPages(storefront, kernel: kernel)
            return try storefront.render("cms/shop-home", title: storefront.vendor.name, [
                "products": products.prefix(6).map { card($0, storefront) }, "hasProducts": !products.isEmpty,
                "hasMore": products.count > 6,
                "pages": pages, "hasPages": !pages.isEmpty,
            ], kernel: kernel)
        }

        StorefrontPages.page(routes, .get, "/products", summary: "A shop's catalog: search, filters, sort", kernel: kernel) { storefront in
            let request = storefront.call.request
            let query = try CatalogQuery(from: request, defaultSort: .name)
            let cursor = try Kernel.PageRequest(from: request)
            let page = Kernel.PageRequest(limit: storefront.call.query("limit") == nil ? pageSize : cursor.limit, after: cursor.after)
            let products = try await CommerceShop.catalog(query, page: page, shop: storefront.shop, kernel: kernel)
            return try storefront.render("cms/shop-products", title: query.text.map { "Products: \($0)" } ?? "Products", [
                "products": products.prefix(page.limit).map { card($0, storefront) },
                "empty": products.isEmpty,
                "q": query.text ?? "",
                "byWeight": query.soldByWeight == true, "byPiece": query.soldByWeight == false,
                "inStock": query.inStockOnly,
                "sorts": sorts.map { ["value": $0.0.rawValue, "label": $0.1, "selected": $0.0 == query.sort] as [String: Any] },
                "next": PageFormat.nextPage(products, limit: page.limit, id: \.id, call: storefront.call, url: storefront.base + "/products"),
            ], kernel: kernel)
        }

        StorefrontPages.page(routes, .get, "/products/:productId", summary: "A product of the shop: variants, prices, availability", kernel: kernel) { storefront in
            let id = try storefront.call.context.id("productId", of: "Product")
            return try productPage(try await CommerceShop.product(id, shop: storefront.shop, kernel: kernel), storefront, kernel: kernel)
        }
    }

    static let sorts: [(CatalogSort, String)] = [
        (.name, "Name"), (.priceAscending, "Price: low to high"), (.priceDescending, "Price: high to low"), (.newest, "Newest"),
    ]

    /// The product page; after a refused "add to cart", again with `error` at `variant`, what
    /// was typed, and the refusal's status.
    static func productPage(_ item: ShopProduct, _ storefront: Storefront, refused: (variant: UUID, quantity: String, error: String, status: HTTPResponse.Status)? = nil,
                            kernel: KernelServices) throws -> PageResult {
        let product = item.product
        let format = storefront.format
        let unit = product.weight?.unit
        var about: [String: Any] = [
            "id": product.id.uuidString, "name": product.name, "byWeight": unit != nil, "unit": unit?.rawValue ?? "", "rule": format.rule(product),
        ]
        // Mustache shows a section for "", so empty texts are left out.
        if !product.description.isEmpty { about["description"] = product.description }
        var data: [String: Any] = [
            "product": about,
            "images": product.images.map { ["url": $0.url, "alt": $0.alt.isEmpty ? product.name : $0.alt] },
            "variants": product.variants.map { variant -> [String: Any] in
                let available = item.available(variant.id)
                var row: [String: Any] = [
                    "id": variant.id.uuidString, "sku": variant.sku,
                    "price": format.price(variant.priceMinor, weight: unit),
                    "inStock": available > 0,
                    "available": available > 0 ? "In stock: \(format.quantity(available, weight: unit))" : "Out of stock",
                    "quantity": format.suggestedQuantity(product),
                ]
                if !variant.title.isEmpty { row["title"] = variant.title }
                if let estimate = format.estimate(product, priceMinor: variant.priceMinor) { row["estimate"] = estimate }
                if let refused, refused.variant == variant.id {
                    row["quantity"] = refused.quantity
                    row["error"] = refused.error
                }
                return row
            },
        ]
        if let first = product.images.first { data["image"] = ["url": first.url, "alt": first.alt.isEmpty ? product.name : first.alt] }
        return try storefront.render("cms/shop-product", title: product.name, data, status: refused?.status, kernel: kernel)
    }

    /// A product as a catalog card.
    static func card(_ product: Product, _ storefront: Storefront) -> [String: Any] {
        var card: [String: Any] = [
            "id": product.id.uuidString, "name": product.name, "href": storefront.base + "/products/" + product.id.uuidString,
            "price": storefront.format.listPrice(product), "byWeight": product.weight != nil,
        ]
        if let image = product.images.first { card["image"] = ["url": image.url, "alt": image.alt.isEmpty ? product.name : image.alt] }
        return card
    }

    /// The shop's live content pages (its own and the platform's defaults for shops), one per
    /// slug in the shop's language, by title.
    static func contentPages(_ storefront: Storefront, kernel: KernelServices) async throws -> [[String: String]] {
        let platform = try storefront.call.context.requirePlatform()
        let pages = try await kernel.database.read {
            try await PageStore.storefrontPages(platform: platform.id, vendor: storefront.vendor.id, on: $0)
        }
        let now = kernel.now()
        return Dictionary(grouping: pages, by: { ContentPage.normalizedSlug($0.slug) }).compactMap { slug, candidates -> [String: String]? in
            let request = PageRequest(platformId: platform.id, vendorId: storefront.vendor.id, slug: slug, locale: nil)
            guard let page = PageResolution.resolve(request: request, vendorDefaultLocale: storefront.vendor.locale,
                                                    platformDefaultLocale: platform.defaultLocale, candidates: candidates, now: now)
            else { return nil }
            return ["title": page.title, "href": storefront.base + "/pages/" + slug]
        }.sorted { $0["title"]! < $1["title"]! }
    }
}
