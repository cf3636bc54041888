@testable import CMS
import Foundation
import Testing

/// The three tiers, the locale fallback and the refusals, as a seller and a visitor see them.
@Suite("Page resolution")
struct PageResolutionTests {
    static let platform = UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!
    static let otherPlatform = UUID(uuidString: "00000000-0000-0000-0000-00000000000B")!
    static let vendor = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
    static let otherVendor = UUID(uuidString: "00000000-0000-0000-0000-000000000002")!
    static let now = Date(timeIntervalSince1970: 1_770_000_000)

    /// Who owns a candidate page.
    enum Owner: Sendable {
        case vendor, otherVendor, vendorDefault, marketing
        /// The requesting vendor's id on another platform.
        case foreignVendor, foreignDefault, foreignMarketing
        /// A broken row: a vendor's page flagged as a platform page.
        case vendorMarketing
    }

    /// A candidate page; `title` names it so a case can say which one must win.
    struct Spec: Sendable {
        var title: String
        var owner: Owner
        var locale: String
        var published = true
        /// Publish time relative to `now`, in seconds; nil means none.
        var publishIn: TimeInterval? = nil
        var slug = "about"

        func page() -> ContentPage {
            let (platformId, vendorId, isPlatformPage): (UUID, UUID?, Bool) = switch owner {
            case .vendor: (PageResolutionTests.platform, PageResolutionTests.vendor, false)
            case .otherVendor: (PageResolutionTests.platform, PageResolutionTests.otherVendor, false)
            case .vendorDefault: (PageResolutionTests.platform, nil, false)
            case .marketing: (PageResolutionTests.platform, nil, true)
            case .foreignVendor: (PageResolutionTests.otherPlatform, PageResolutionTests.vendor, false)
            case .foreignDefault: (PageResolutionTests.otherPlatform, nil, false)
            case .foreignMarketing: (PageResolutionTests.otherPlatform, nil, true)
            case .vendorMarketing: (PageResolutionTests.platform, PageResolutionTests.vendor, true)
            }
            return ContentPage(platformId: platformId, vendorId: vendorId, slug: slug, locale: locale, title: title,
                               isPublished: published, publishedAt: publishIn.map { PageResolutionTests.now.addingTimeInterval($0) },
                               isPlatformPage: isPlatformPage, updatedAt: PageResolutionTests.now.addingTimeInterval(-86_400))
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var withVendor = true
        var slug = "about"
        var requested: String?
        var vendorLocale: String? = "fr-LU"
        var platformLocale = "en"
        var pages: [Spec]
        /// Title of the page that must answer; nil when nothing may.
        var expected: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Tiers, each in the requested locale.
        Case(name: "the vendor's override beats the default and the marketing page", requested: "fr-LU",
             pages: [.init(title: "marketing", owner: .marketing, locale: "fr-LU"),
                     .init(title: "default", owner: .vendorDefault, locale: "fr-LU"),
                     .init(title: "override", owner: .vendor, locale: "fr-LU")],
             expected: "override"),
        Case(name: "without an override, the platform's default page for vendors", requested: "fr-LU",
             pages: [.init(title: "marketing", owner: .marketing, locale: "fr-LU"),
                     .init(title: "default", owner: .vendorDefault, locale: "fr-LU")],
             expected: "default"),
        Case(name: "without either, the platform's marketing page", requested: "fr-LU",
             pages: [.init(title: "marketing", owner: .marketing, locale: "fr-LU")],
             expected: "marketing"),
        Case(name: "no page in any tier", requested: "fr-LU", pages: [], expected: nil),

        // Tiers before locales.
        Case(name: "an override in the vendor's locale beats a default in the requested one", requested: "de",
             pages: [.init(title: "default de", owner: .vendorDefault, locale: "de"),
                     .init(title: "override fr", owner: .vendor, locale: "fr")],
             expected: "override fr"),
        Case(name: "an override in the platform's language beats a marketing page in the requested one", requested: "de",
             vendorLocale: "fr", platformLocale: "en",
             pages: [.init(title: "marketing de", owner: .marketing, locale: "de"),
                     .init(title: "override en", owner: .vendor, locale: "en")],
             expected: "override en"),
        Case(name: "an override outside the fallback chain gives way to the next tier", requested: "de",
             vendorLocale: "fr", platformLocale: "en",
             pages: [.init(title: "override it", owner: .vendor, locale: "it"),
                     .init(title: "default en", owner: .vendorDefault, locale: "en")],
             expected: "default en"),
        Case(name: "a page only in a locale nobody asked for never answers", requested: "de",
             vendorLocale: "fr", platformLocale: "en",
             pages: [.init(title: "override it", owner: .vendor, locale: "it"),
                     .init(title: "marketing nl", owner: .marketing, locale: "nl")],
             expected: nil),

        // Locale fallback inside a tier.
        Case(name: "the exact regional locale beats the bare language", requested: "fr-LU",
             pages: [.init(title: "fr", owner: .vendor, locale: "fr"),
                     .init(title: "fr-LU", owner: .vendor, locale: "fr-LU")],
             expected: "fr-LU"),
        Case(name: "fr-LU falls back to fr", requested: "fr-LU", vendorLocale: "de-LU",
             pages: [.init(title: "de", owner: .vendor, locale: "de"),
                     .init(title: "fr", owner: .vendor, locale: "fr")],
             expected: "fr"),
        Case(name: "then to another variant of the same language", requested: "fr-LU", vendorLocale: "de-LU",
             pages: [.init(title: "de-LU", owner: .vendor, locale: "de-LU"),
                     .init(title: "fr-BE", owner: .vendor, locale: "fr-BE")],
             expected: "fr-BE"),
        Case(name: "a French visitor of a Luxembourg shop gets its fr-LU page before another variant", requested: "fr",
             vendorLocale: "fr-LU",
             pages: [.init(title: "fr-BE", owner: .vendor, locale: "fr-BE"),
                     .init(title: "fr-LU", owner: .vendor, locale: "fr-LU")],
             expected: "fr-LU"),
        Case(name: "de-CH falls back to de", requested: "de-CH", vendorLocale: "fr",
             pages: [.init(title: "fr", owner: .vendorDefault, locale: "fr"),
                     .init(title: "de", owner: .vendorDefault, locale: "de")],
             expected: "de"),
        Case(name: "a language nobody wrote in falls back to the vendor's", requested: "it", vendorLocale: "de-LU",
             pages: [.init(title: "en", owner: .vendorDefault, locale: "en"),
                     .init(title: "de", owner: .vendorDefault, locale: "de")],
             expected: "de"),
        Case(name: "then to the platform's default language", requested: "it", vendorLocale: "nl", platformLocale: "en",
             pages: [.init(title: "fr", owner: .vendorDefault, locale: "fr"),
                     .init(title: "en", owner: .vendorDefault, locale: "en")],
             expected: "en"),
        Case(name: "the platform's default may be French", requested: "it", vendorLocale: "nl", platformLocale: "fr-LU",
             pages: [.init(title: "de", owner: .marketing, locale: "de"),
                     .init(title: "fr", owner: .marketing, locale: "fr")],
             expected: "fr"),
        Case(name: "no requested locale starts at the vendor's", requested: nil, vendorLocale: "de",
             pages: [.init(title: "fr", owner: .vendor, locale: "fr"),
                     .init(title: "de", owner: .vendor, locale: "de")],
             expected: "de"),
        Case(name: "locale spelling does not matter", requested: "FR_lu",
             pages: [.init(title: "fr", owner: .vendor, locale: "fr"),
                     .init(title: "fr-LU", owner: .vendor, locale: "fr-lu")],
             expected: "fr-LU"),
        Case(name: "a garbage requested locale is skipped", requested: "français", vendorLocale: "de",
             pages: [.init(title: "de", owner: .vendor, locale: "de")],
             expected: "de"),

        // Publication.
        Case(name: "an unpublished override gives way to the default", requested: "fr",
             pages: [.init(title: "override draft", owner: .vendor, locale: "fr", published: false),
                     .init(title: "default", owner: .vendorDefault, locale: "fr")],
             expected: "default"),
        Case(name: "an override scheduled for tomorrow gives way to the default", requested: "fr",
             pages: [.init(title: "override later", owner: .vendor, locale: "fr", publishIn: 86_400),
                     .init(title: "default", owner: .vendorDefault, locale: "fr")],
             expected: "default"),
        Case(name: "an override whose publish time has passed answers", requested: "fr",
             pages: [.init(title: "override", owner: .vendor, locale: "fr", publishIn: -60),
                     .init(title: "default", owner: .vendorDefault, locale: "fr")],
             expected: "override"),
        Case(name: "a page goes live at its publish time exactly", requested: "fr",
             pages: [.init(title: "override", owner: .vendor, locale: "fr", publishIn: 0)],
             expected: "override"),
        Case(name: "a future page in the requested locale gives way to a live one in the vendor's", requested: "de",
             vendorLocale: "fr",
             pages: [.init(title: "override de later", owner: .vendor, locale: "de", publishIn: 1),
                     .init(title: "override fr", owner: .vendor, locale: "fr")],
             expected: "override fr"),
        Case(name: "drafts and scheduled pages in every tier resolve to nothing", requested: "fr",
             pages: [.init(title: "override", owner: .vendor, locale: "fr", published: false),
                     .init(title: "default", owner: .vendorDefault, locale: "fr", publishIn: 3_600),
                     .init(title: "marketing", owner: .marketing, locale: "fr", published: false, publishIn: -3_600)],
             expected: nil),

        // Other tenants.
        Case(name: "the same vendor's page on another platform never leaks in", requested: "fr",
             pages: [.init(title: "foreign override", owner: .foreignVendor, locale: "fr"),
                     .init(title: "default", owner: .vendorDefault, locale: "fr")],
             expected: "default"),
        Case(name: "another platform's default and marketing pages never leak in", requested: "fr",
             pages: [.init(title: "foreign default", owner: .foreignDefault, locale: "fr"),
                     .init(title: "foreign marketing", owner: .foreignMarketing, locale: "fr"),
                     .init(title: "foreign override", owner: .foreignVendor, locale: "fr")],
             expected: nil),
        Case(name: "another vendor's override is not this vendor's", requested: "fr",
             pages: [.init(title: "other vendor", owner: .otherVendor, locale: "fr"),
                     .init(title: "marketing", owner: .marketing, locale: "fr")],
             expected: "marketing"),
        Case(name: "a row that is both a vendor's and a platform page never answers", requested: "fr",
             pages: [.init(title: "broken", owner: .vendorMarketing, locale: "fr"),
                     .init(title: "marketing", owner: .marketing, locale: "en")],
             expected: "marketing"),

        // The platform's own site (no vendor).
        Case(name: "without a vendor only marketing pages answer", withVendor: false, requested: "fr",
             pages: [.init(title: "override", owner: .vendor, locale: "fr"),
                     .init(title: "default", owner: .vendorDefault, locale: "fr"),
                     .init(title: "marketing en", owner: .marketing, locale: "en")],
             expected: "marketing en"),
        Case(name: "without a vendor a default page for vendors is not the platform's page", withVendor: false,
             requested: "fr", pages: [.init(title: "default", owner: .vendorDefault, locale: "fr")],
             expected: nil),
        Case(name: "without a vendor the vendor locale is ignored", withVendor: false, requested: nil,
             vendorLocale: "de", platformLocale: "fr",
             pages: [.init(title: "de", owner: .marketing, locale: "de"),
                     .init(title: "fr", owner: .marketing, locale: "fr")],
             expected: "fr"),

        // Slugs.
        Case(name: "slugs match without case or slashes", slug: "/About/", requested: "fr",
             pages: [.init(title: "override", owner: .vendor, locale: "fr")],
             expected: "override"),
        Case(name: "another slug never answers", slug: "about-us", requested: "fr",
             pages: [.init(title: "override", owner: .vendor, locale: "fr"),
                     .init(title: "marketing", owner: .marketing, locale: "fr")],
             expected: nil),
    ]

    @Test("resolves to the page a seller expects", arguments: cases)
    func resolves(_ c: Case) {
        let request = PageRequest(platformId: Self.platform, vendorId: c.withVendor ? Self.vendor : nil,
                                  slug: c.slug, locale: c.requested)
        let pages = c.pages.map { $0.page() }
        for candidates in [pages, pages.reversed()] {
            let page = PageResolution.resolve(request: request, vendorDefaultLocale: c.vendorLocale,
                                              platformDefaultLocale: c.platformLocale, candidates: candidates, now: Self.now)
            #expect(page?.title == c.expected)
        }
    }

    @Test("the match says which tier and which locale step answered")
    func matchExplains() throws {
        let pages = [Spec(title: "default de", owner: .vendorDefault, locale: "de").page(),
                     Spec(title: "override fr", owner: .vendor, locale: "fr").page()]
        let match = try #require(PageResolution.match(
            request: PageRequest(platformId: Self.platform, vendorId: Self.vendor, slug: "about", locale: "de-AT"),
            vendorDefaultLocale: "fr-LU", platformDefaultLocale: "en", candidates: pages, now: Self.now))
        #expect(match.tier == .vendorOverride)
        #expect(match.step == .exact(ContentLocale("fr")!))
    }

    @Test("several pages for one step: the same answer whatever the row order")
    func tieBreak() {
        let older = ContentPage(platformId: Self.platform, vendorId: Self.vendor, slug: "about", locale: "fr-CH", title: "fr-CH",
                                updatedAt: Self.now.addingTimeInterval(-10))
        let belgian = ContentPage(platformId: Self.platform, vendorId: Self.vendor, slug: "about", locale: "fr-BE", title: "fr-BE",
                                  updatedAt: Self.now.addingTimeInterval(-20))
        let duplicateOld = ContentPage(platformId: Self.platform, vendorId: Self.vendor, slug: "about", locale: "fr", title: "old",
                                       updatedAt: Self.now.addingTimeInterval(-100))
        let duplicateNew = ContentPage(platformId: Self.platform, vendorId: Self.vendor, slug: "about", locale: "fr", title: "new",
                                       updatedAt: Self.now.addingTimeInterval(-1))
        let variants = PageRequest(platformId: Self.platform, vendorId: Self.vendor, slug: "about", locale: "fr-LU")
        for candidates in [[older, belgian], [belgian, older]] {
            #expect(PageResolution.resolve(request: variants, vendorDefaultLocale: nil, platformDefaultLocale: "en",
                                           candidates: candidates, now: Self.now)?.title == "fr-BE")
        }
        for candidates in [[duplicateOld, duplicateNew], [duplicateNew, duplicateOld]] {
            #expect(PageResolution.resolve(request: variants, vendorDefaultLocale: nil, platformDefaultLocale: "en",
                                           candidates: candidates, now: Self.now)?.title == "new")
        }
    }

    @Test("an empty slug resolves to nothing")
    func emptySlug() {
        let page = Spec(title: "x", owner: .marketing, locale: "en", slug: "").page()
        #expect(PageResolution.resolve(request: PageRequest(platformId: Self.platform, slug: " / ", locale: "en"),
                                       vendorDefaultLocale: nil, platformDefaultLocale: "en", candidates: [page], now: Self.now) == nil)
    }

    @Test("a page's tier comes from its vendor and its platform-page flag", arguments: [
        (Owner.vendor, ContentPageTier?.some(.vendorOverride)), (.vendorDefault, .vendorDefault),
        (.marketing, .platformMarketing), (.vendorMarketing, nil),
    ])
    func tier(_ owner: Owner, _ expected: ContentPageTier?) {
        #expect(Spec(title: "x", owner: owner, locale: "fr").page().tier == expected)
    }
}

@Suite("Content locales")
struct ContentLocaleTests {
    @Test("tags are read leniently and written canonically", arguments: [
        ("fr", "fr", "fr"), ("fr-LU", "fr-LU", "fr"), ("fr_lu", "fr-LU", "fr"), (" DE-ch ", "de-CH", "de"),
        ("en", "en", "en"), ("EN-gb", "en-GB", "en"), ("zh-hant-tw", "zh-Hant-TW", "zh"), ("es-419", "es-419", "es"),
        ("lb", "lb", "lb"), ("gsw-CH", "gsw-CH", "gsw"),
    ])
    func parses(_ raw: String, _ tag: String, _ language: String) throws {
        let locale = try #require(ContentLocale(raw))
        #expect(locale.tag == tag)
        #expect(locale.language == language)
    }

    @Test("what is not a language tag is no locale", arguments: ["", " ", "f", "french", "12", "fr-L U", "*", "fr-", "fr--LU", "de-ä", "en-toolongsubtag"])
    func refuses(_ raw: String) {
        #expect(ContentLocale(raw) == nil)
    }

    @Test("the fallback chain: requested, vendor's, platform's; each exact, bare, any variant")
    func chain() {
        let chain = LocaleStep.fallbackChain(requested: "fr-LU", vendor: "de-LU", platform: "en")
        #expect(chain == [.exact(ContentLocale("fr-LU")!), .exact(ContentLocale("fr")!), .anyVariant(of: "fr"),
                          .exact(ContentLocale("de-LU")!), .exact(ContentLocale("de")!), .anyVariant(of: "de"),
                          .exact(ContentLocale("en")!), .anyVariant(of: "en")])
        #expect(LocaleStep.fallbackChain(requested: "fr", vendor: "fr-LU", platform: "fr") ==
                [.exact(ContentLocale("fr")!), .exact(ContentLocale("fr-LU")!), .anyVariant(of: "fr")])
        #expect(LocaleStep.fallbackChain(requested: nil, vendor: "xx-invalid-", platform: "de") ==
                [.exact(ContentLocale("de")!), .anyVariant(of: "de")])
    }
}
