import ArgumentParser
import Foundation
import Kernel

/// `agora users …`: manage staff users from the command line.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage staff users.", subcommands: [Create.self])

    /// `agora users create`: a user, optionally with one role.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a staff user.",
            discussion: "Without --password a password is generated and printed once.")

        @Option(help: "E-mail address, used to sign in.")
        var email: String

        @Option(help: "Name shown in the admin.")
        var name: String

        @Option(help: "Password (at least 10 characters); generated when omitted.")
        var password: String?

        @Option(help: "Role: super_admin, platform_admin, company_owner, vendor_owner, vendor_manager or vendor_staff.")
        var role: String?

        @Option(help: "Platform code, for platform_admin.")
        var platform: String?

        @Option(help: "Vendor slug, for vendor roles.")
        var vendor: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if let role, Role(rawValue: role) == nil {
                throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }

        func run() async throws {
            try await reportingFailures {
                let configuration = try database.configuration()
                let kernel = try await AgoraApplication.boot(configuration: configuration, modules: InstalledModules.all, logger: Logs.logger(configuration))
                let membership = try await resolveMembership(kernel)
                let generated = password == nil ? SecretToken.generate(bytes: 12) : nil
                let user = try await AdminBootstrap.createUser(
                    kernel: kernel, email: email, displayName: name, password: password ?? generated!, membership: membership)
                print("Created user \(user.email) (\(user.id))\(membership.map { " as \($0.role.rawValue)" } ?? "")")
                if let generated { print("One-time password: \(generated)") }
                await kernel.database.close()
            }
        }

        private func resolveMembership(_ kernel: KernelServices) async throws -> Membership? {
            guard let role = role.flatMap(Role.init(rawValue:)) else { return nil }
            let id = UUID.v7()
            switch role.scope {
            case .global:
                return Membership(id: id, role: role)
            case .platform:
                guard let code = platform, let found = try await kernel.database.read({ try await TenancyStore.platform(code: code, on: $0) }) else {
                    throw ValidationError("--platform must name an existing platform code for \(role.rawValue).")
                }
                return Membership(id: id, role: role, platformId: found.id)
            case .vendor:
                guard let slug = vendor, let found = try await kernel.database.read({ try await TenancyStore.vendor(slug: slug, on: $0) }) else {
                    throw ValidationError("--vendor must name an existing vendor slug for \(role.rawValue).")
                }
                return Membership(id: id, role: role, vendorId: found.id)
            case .company:
                throw ValidationError("company_owner is granted through the admin API (POST /api/v1/admin/users/:id/memberships).")
            }
        }
    }
}
