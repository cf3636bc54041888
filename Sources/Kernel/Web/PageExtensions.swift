import Foundation
import NIOConcurrencyHelpers

/// A link or a button one module adds to another module's page (an "Invoice F-000001" link
/// on Commerce's order page). `post` links render as a one-button form with the CSRF token.
public struct PageLink: Sendable, Equatable {
    /// The element's HTML id, for tests and browsers (`create-invoice`).
    public let id: String
    public let label: String
    /// Below the platform's path prefix (`/vendor/invoices/…`).
    public let href: String
    /// A button that POSTs to `href` rather than a link.
    public let post: Bool

    public init(id: String, label: String, href: String, post: Bool = false) {
        self.id = id
        self.label = label
        self.href = href
        self.post = post
    }

    /// The template data of the link (`{{base}}{{href}}`, `{{#post}}`).
    public var templateData: [String: Any] { ["id": id, "label": label, "href": href, "post": post] }
}

/// Named places on server-rendered pages where other modules add links, so a page's module
/// never depends on the modules that extend it (Invoicing adds to Commerce's order page;
/// Commerce does not know Invoicing). The page's module names its slots and asks for the
/// links when it renders; a contributor registers while its module mounts its routes
/// (``AgoraModule/registerRoutes(on:kernel:)``), and answers per request — for instance
/// nothing when the vendor lacks its feature. One registry per kernel, so test kernels with
/// different modules do not share contributions.
public final class PageExtensions: Sendable {
    /// Answers the links for one rendering: the page call and the page's subject (an order id;
    /// nil on slots without one, such as a navigation bar).
    public typealias Contributor = @Sendable (PageCall, UUID?) async throws -> [PageLink]

    private let contributors = NIOLockedValueBox<[String: [Contributor]]>([:])

    init() {}

    /// Adds `contributor` to `slot` (`commerce.order`).
    public func contribute(to slot: String, _ contributor: @escaping Contributor) {
        contributors.withLockedValue { $0[slot, default: []].append(contributor) }
    }

    /// Every contributor's links for `slot`, in registration order.
    public func links(for slot: String, call: PageCall, subject: UUID? = nil) async throws -> [PageLink] {
        var links: [PageLink] = []
        for contributor in contributors.withLockedValue({ $0[slot] ?? [] }) {
            links += try await contributor(call, subject)
        }
        return links
    }
}
