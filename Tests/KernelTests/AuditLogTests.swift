import AgoraTesting
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("Audit log")
struct AuditLogTests {
    struct AuditPage: Decodable { let items: [AuditEvent]; let nextAfterSeq: Int? }

    func entry(_ index: Int) -> AuditEntry {
        AuditEntry(actorUserId: nil, actorLabel: "test", action: "thing.done", targetType: "thing", targetId: "\(index)", summary: "Did thing \(index)")
    }

    @Test func aChainVerifiesAndEveryTamperingIsDetected() async throws {
        try await TestKernel.with { kernel in
            let db = kernel.database
            for index in 1...5 {
                try await db.transaction { try await AuditLog.append(entry(index), at: Date(), on: $0) }
            }
            let intact = try await db.read { try await AuditLog.verify(on: $0, batchSize: 2) }
            #expect(intact == AuditLog.Verification(checked: 5, problem: nil))

            // Edit a row.
            try await db.transaction { try await $0.sql.raw("UPDATE audit_events SET summary = 'Nothing happened' WHERE seq = 3").run() }
            let edited = try await db.read { try await AuditLog.verify(on: $0) }
            #expect(edited.problem?.contains("event 3 was altered") == true)
            #expect(edited.checked == 2)
        }
    }

    @Test func deletedRowsAreDetectedInTheMiddleAndAtTheEnd() async throws {
        try await TestKernel.with { kernel in
            let db = kernel.database
            for index in 1...4 { try await db.transaction { try await AuditLog.append(entry(index), at: Date(), on: $0) } }
            try await db.transaction { try await $0.sql.raw("DELETE FROM audit_events WHERE seq = 4").run() }
            let tail = try await db.read { try await AuditLog.verify(on: $0) }
            #expect(tail.problem?.contains("deleted") == true)
            try await db.transaction { try await $0.sql.raw("DELETE FROM audit_events WHERE seq = 2").run() }
            let middle = try await db.read { try await AuditLog.verify(on: $0) }
            #expect(middle.problem?.contains("event 2 is missing") == true)
        }
    }

    @Test func aRolledBackActionLeavesNoAuditEvent() async throws {
        try await TestKernel.with { kernel in
            struct Boom: Error {}
            do {
                try await kernel.database.transaction { tx in
                    try await AuditLog.append(entry(1), at: Date(), on: tx)
                    throw Boom()
                }
            } catch is Boom {}
            let result = try await kernel.database.read { try await AuditLog.verify(on: $0) }
            #expect(result == AuditLog.Verification(checked: 0, problem: nil))
        }
    }

    @Test func concurrentAppendsKeepOneUnbrokenChain() async throws {
        try await TestKernel.with { kernel in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 1...40 {
                    let entry = entry(index)
                    group.addTask {
                        try await kernel.database.transaction { tx -> Void in
                            try await AuditLog.append(entry, at: Date(), on: tx)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let result = try await kernel.database.read { try await AuditLog.verify(on: $0) }
            #expect(result == AuditLog.Verification(checked: 40, problem: nil))
        }
    }

    @Test func adminActionsAreAuditedAndScoped() async throws {
        try await TestKernel.withClient { client, kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let loyalty = try await Fixtures.platform("loyalty", kernel: kernel)
            let admin = try await Fixtures.loginAsSuperAdmin(client)
            try await Fixtures.user("ops@loyalty.test", membership: Membership(id: UUID.v7(), role: .platformAdmin, platformId: loyalty.id), kernel: kernel)
            let loyaltyAdmin = try await Fixtures.login(client, platform: "loyalty", email: "ops@loyalty.test", password: Fixtures.password)

            _ = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(oms.id)", method: .patch, headers: Fixtures.headers(admin),
                                         body: Fixtures.json(#"{"tagline": "New words"}"#))
            _ = try await client.execute(uri: "/oms/api/v1/auth/tokens", method: .post, headers: Fixtures.headers(admin),
                                         body: Fixtures.json(#"{"name": "script", "platform_id": "\#(oms.id)"}"#))
            _ = try await client.execute(uri: "/oms/api/v1/admin/users", method: .post, headers: Fixtures.headers(admin),
                                         body: Fixtures.json(#"{"email": "x@oms.test", "display_name": "X", "memberships": [{"role": "platform_admin", "platform_id": "\#(oms.id)"}]}"#))

            let all = try Fixtures.decode(AuditPage.self, from: try await client.execute(uri: "/oms/api/v1/admin/audit", method: .get, headers: Fixtures.headers(admin)))
            let actions = all.items.map(\.action)
            #expect(actions == ["platform.updated", "api_token.created", "user.created", "membership.granted"])
            #expect(all.items[0].summary.contains("tagline"))
            #expect(all.items[0].actorLabel == "admin@agora.test")
            #expect(!all.items[1].summary.contains("agora_") || all.items[1].summary.contains("…"))

            // The loyalty admin sees none of the OMS events.
            let theirs = try Fixtures.decode(AuditPage.self, from: try await client.execute(uri: "/loyalty/api/v1/admin/audit", method: .get, headers: Fixtures.headers(loyaltyAdmin)))
            #expect(theirs.items.isEmpty)

            let verified = try await kernel.database.read { try await AuditLog.verify(on: $0) }
            #expect(verified.isIntact)
            #expect(verified.checked == 4)
        }
    }
}
