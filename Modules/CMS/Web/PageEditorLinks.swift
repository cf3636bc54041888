import Commerce
import Foundation
import Kernel

/// Where the page editors are linked from, through ``PageExtensions``: "Pages" in the vendor
/// navigation for vendors that have `cms.basic` (the feature the editor needs), and "Content
/// pages" on the admin's platform page when the platform offers the CMS module.
enum PageEditorLinks {
    static func register(kernel: KernelServices) {
        kernel.pageExtensions.contribute(to: CommerceVendorPages.navigationSlot) { call, _ in
            guard let platform = call.context.platform, let vendor = call.context.vendor,
                  try await kernel.features.decide(VendorPageRoutes.feature, platform: platform.id, vendor: vendor.vendorId) == .available
            else { return [] }
            return [PageLink(id: "pages", label: "Pages", href: VendorPageEditor.root)]
        }
        kernel.pageExtensions.contribute(to: AdminPageSlots.platform) { _, subject in
            guard let platformId = subject,
                  try await kernel.features.decide("cms", platform: platformId, vendor: nil) != .moduleNotOffered
            else { return [] }
            return [PageLink(id: "platform-pages", label: "Content pages", href: AdminPageEditor.path(platformId))]
        }
    }
}
