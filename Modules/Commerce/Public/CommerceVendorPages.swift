import Foundation
import Kernel

/// Commerce's vendor pages for other modules: their own pages in the same layout (navigation,
/// vendor name), and the slots of ``Kernel/PageExtensions`` where they add links to Commerce's
/// pages — Commerce names the slots and never learns who fills them.
public enum CommerceVendorPages {
    /// The vendor navigation bar; contributions become entries after Commerce's own
    /// (`PageLink.id` becomes `nav-<id>`). No subject.
    public static let navigationSlot = "commerce.vendor-navigation"
    /// Under an order's heading on `/vendor/orders/{id}`; the subject is the order's id.
    public static let orderSlot = "commerce.order"

    /// A page in the vendor layout: `template` with the navigation and the vendor's name added.
    public static func render(_ template: String, title: String, _ data: [String: Any], call: PageCall, kernel: KernelServices) async throws -> PageResult {
        try await VendorPages.render(template, title: title, data, call: call, kernel: kernel)
    }

    /// Options of a select box with the current value selected (`value`, `label`, `selected`).
    public static func options(_ values: [String], selected: String?) -> [[String: Any]] {
        VendorPages.options(values, selected: selected)
    }
}
