import AgoraTesting
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Invoicing
@testable import Kernel
import Mail
import Synchronization
import Testing

/// A mail server for tests: keeps what it accepts, or refuses the next sends like a server that is down.
final class TestMailServer: Sendable {
    struct Sent: Sendable {
        let message: MailMessage
        let messageID: String
    }

    private let state = Mutex<(sent: [Sent], refusalsLeft: Int)>(([], 0))

    /// The next `count` sends fail as a connection refused.
    func refuseNext(_ count: Int) { state.withLock { $0.refusalsLeft = count } }

    var sent: [Sent] { state.withLock { $0.sent } }

    var mailer: Mailer {
        Mailer(sender: try! MailAddress("billing@agora.test", name: "Agora")) { message, id in
            try self.state.withLock { state in
                if state.refusalsLeft > 0 {
                    state.refusalsLeft -= 1
                    throw MailError.transport("Couldn't connect to server (test)")
                }
                state.sent.append(Sent(message: message, messageID: id))
            }
        }
    }
}

@Suite("Sending invoices by e-mail")
struct InvoiceMailTests {
    static let modules: [any AgoraModule] = [CommerceModule(), InvoicingModule()]
    static let buyer = #"{"name": "Anna Muller", "email": "anna@example.lu", "address": "1, rue Haute\nL-9999 Wiltz\nLU", "country": "LU"}"#

    /// An issued invoice of `shop` for `buyer`.
    static func issued(_ shop: InvoicingClient, buyer: String = buyer) async throws -> Invoice {
        let id = try shop.detail(try await shop.draft(buyer: buyer, lines: InvoicingClient.oneLine)).invoice.id
        return try shop.detail(try await shop.call(.post, "/vendor/invoices/\(id)/issue", "{}")).invoice
    }

    static func mailings(_ shop: InvoicingClient, _ id: UUID) async throws -> [InvoiceMailing] {
        try shop.detail(try await shop.call(.get, "/vendor/invoices/\(id)")).mailings
    }

    @Test func sendingQueuesAndTheOutboxMailsThePDFInTheDocumentLanguage() async throws {
        let server = TestMailServer()
        try await TestKernel.withClient(modules: Self.modules, mailer: server.mailer) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let invoice = try await Self.issued(shop)

            // MUT: the request (the body may be left out) queues only.
            let response = try await shop.call(.post, "/vendor/invoices/\(invoice.id)/send")
            #expect(response.status == .accepted, "\(String(buffer: response.body))")
            let queued = try Fixtures.decode(InvoiceMailing.self, from: response)
            #expect(queued.status == .queued && queued.recipient == "anna@example.lu" && queued.attempts == 0)
            #expect(server.sent.isEmpty)
            #expect(try await Self.mailings(shop, invoice.id).map(\.status) == [.queued])

            try await EventDispatcher(kernel: kernel).drain()

            // validate: one message, French, PDF attached, the mailing sent.
            let sent = try #require(server.sent.first)
            #expect(server.sent.count == 1)
            #expect(sent.message.to.map(\.address) == ["anna@example.lu"])
            #expect(sent.message.from.address == "billing@agora.test" && sent.message.from.name == "Ferme Schmit SARL")
            #expect(sent.message.replyTo?.address == "owner@ferme.test")
            #expect(sent.message.subject == "Facture F-000001 — Ferme Schmit SARL")
            #expect(sent.message.text.contains("Veuillez trouver ci-joint notre facture F-000001"))
            #expect(sent.message.attachments.map(\.filename) == ["F-000001.pdf", "F-000001.ubl.xml"])
            #expect(sent.message.attachments.map(\.contentType) == ["application/pdf", "application/xml"])
            #expect(sent.message.attachments.first?.bytes.starts(with: Array("%PDF".utf8)) == true)
            // The e-invoice beside it is the one the vendor downloads.
            let ubl = try await shop.call(.get, "/vendor/invoices/\(invoice.id)/ubl")
            #expect(sent.message.attachments.last?.bytes == Array(buffer: ubl.body))
            #expect(sent.messageID == "\(queued.id.uuidString.lowercased())@agora.test")
            let mailing = try #require(try await Self.mailings(shop, invoice.id).first)
            #expect(mailing.status == .sent && mailing.attempts == 1 && mailing.sentAt != nil && mailing.lastError == nil)

            // Another address, given in the body; the whole message renders as MIME.
            let other = try await shop.call(.post, "/vendor/invoices/\(invoice.id)/send", #"{"to": "compta@example.lu"}"#)
            #expect(try Fixtures.decode(InvoiceMailing.self, from: other).recipient == "compta@example.lu")
            try await EventDispatcher(kernel: kernel).drain()
            #expect(server.sent.map { $0.message.to.map(\.address) } == [["anna@example.lu"], ["compta@example.lu"]])
            let mime = String(decoding: try MIMEMessage.render(server.sent[1].message, date: Date(), messageID: server.sent[1].messageID), as: UTF8.self)
            #expect(mime.contains("Content-Disposition: attachment; filename=\"F-000001.pdf\""))
            #expect(try await Self.mailings(shop, invoice.id).map(\.status) == [.sent, .sent])
        }
    }

    @Test func aMailServerOutageDelaysMailAndLosesNone() async throws {
        let server = TestMailServer()
        try await TestKernel.withClient(modules: Self.modules, mailer: server.mailer) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let invoice = try await Self.issued(shop)
            server.refuseNext(2)
            #expect(try await shop.call(.post, "/vendor/invoices/\(invoice.id)/send", "{}").status == .accepted)
            let dispatcher = EventDispatcher(kernel: kernel)

            // The server is down: the mailing is failing with the reason, and retried later.
            try await dispatcher.drain()
            var mailing = try #require(try await Self.mailings(shop, invoice.id).first)
            #expect(mailing.status == .failing && mailing.attempts == 1)
            #expect(mailing.lastError?.contains("Couldn't connect") == true)
            let page = try await PageBrowser(shop).text("/vendor/invoices/\(invoice.id)")
            #expect(page.contains(#"data-status="failing""#) && page.contains("connect to server (test)"))

            // Still down at the next attempt; then it is back.
            #expect(try await dispatcher.runOnce(now: Date().addingTimeInterval(3600)) == 1)
            #expect(try await Self.mailings(shop, invoice.id).first?.attempts == 2)
            #expect(server.sent.isEmpty)
            #expect(try await dispatcher.runOnce(now: Date().addingTimeInterval(7200)) == 1)
            mailing = try #require(try await Self.mailings(shop, invoice.id).first)
            #expect(mailing.status == .sent && mailing.attempts == 3 && mailing.lastError == nil)
            #expect(server.sent.count == 1)

            // Delivered once: nothing more to do, and a repeated delivery would not send again.
            #expect(try await dispatcher.runOnce(now: Date().addingTimeInterval(86400)) == 0)
            try await InvoiceMailDelivery.deliver(InvoiceSendRequested(mailingId: mailing.id, invoiceId: invoice.id, vendorId: shop.vendorId,
                                                                       number: invoice.number ?? "", recipient: mailing.recipient), kernel: kernel)
            #expect(server.sent.count == 1)
        }
    }

    @Test func refusalsWrongVendorDraftCancelledNoAddressMalformedAddressAndMissingFeature() async throws {
        let server = TestMailServer()
        try await TestKernel.withClient(modules: Self.modules, mailer: server.mailer) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            let rival = try await InvoicingClient.vendor("rival", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let invoice = try await Self.issued(shop)
            func send(_ id: UUID, _ body: String, as who: InvoicingClient? = nil) async throws -> TestResponse {
                try await (who ?? shop).call(.post, "/vendor/invoices/\(id)/send", body)
            }
            func expect(_ response: TestResponse, _ status: HTTPResponse.Status, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(response.status == status, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
                #expect(String(buffer: response.body).contains(#""code":"\#(code)""#), sourceLocation: sourceLocation)
            }

            expect(try await send(invoice.id, "{}", as: rival), .notFound, "not_found")
            expect(try await send(UUID(), "{}"), .notFound, "not_found")
            let draft = try shop.detail(try await shop.draft(buyer: Self.buyer, lines: InvoicingClient.oneLine)).invoice.id
            expect(try await send(draft, "{}"), .conflict, "invoice_not_issued")
            let anonymous = try await Self.issued(shop, buyer: InvoicingClient.luConsumer)
            let noAddress = try await send(anonymous.id, "{}")
            expect(noAddress, .unprocessableContent, "invalid_body")
            #expect(String(buffer: noAddress.body).contains(#""field":"to""#))
            for bad in [#"{"to": "not-an-address"}"#, #"{"to": "anna@example.lu\r\nBcc: victim@example.com"}"#, #"{"to": "Anna <anna@example.lu>"}"#] {
                expect(try await send(invoice.id, bad), .unprocessableContent, "invalid_body")
            }
            expect(try await send(invoice.id, #"{"to": 42}"#), .unprocessableContent, "invalid_body")
            expect(try await send(invoice.id, "["), .badRequest, "malformed_json")
            // A fully credited invoice is cancelled: its credit note is what to send.
            let cancelled = try await Self.issued(shop)
            let note = try shop.detail(try await shop.call(.post, "/vendor/invoices/\(cancelled.id)/credit-notes", "{}")).invoice
            expect(try await send(cancelled.id, "{}"), .conflict, "invoice_cancelled")
            #expect(try await send(note.id, "{}").status == .accepted)

            // Nothing was queued by a refusal.
            for id in [invoice.id, draft, anonymous.id, cancelled.id] { #expect(try await Self.mailings(shop, id).isEmpty) }

            // Without the invoicing feature the route is refused as every invoicing route is.
            let admin = try await Fixtures.loginAsSuperAdmin(client)
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let revoked = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(oms.id)/vendors/\(shop.vendorId)/features/invoicing.basic",
                                                   method: .put, headers: Fixtures.headers(admin), body: Fixtures.json(#"{"mode": "revoke"}"#))
            #expect(revoked.status == .ok || revoked.status == .noContent, "\(String(buffer: revoked.body))")
            expect(try await send(invoice.id, "{}"), .forbidden, "feature_not_available")
        }
    }

    @Test func withoutAMailServerSendingIsRefusedAndThePageSaysSo() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            #expect(!kernel.mailer.isConfigured)
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let invoice = try await Self.issued(shop)
            let refused = try await shop.call(.post, "/vendor/invoices/\(invoice.id)/send", "{}")
            #expect(refused.status == .conflict)
            #expect(String(buffer: refused.body).contains(#""code":"mail_not_configured""#))
            #expect(try await Self.mailings(shop, invoice.id).isEmpty)
            let page = try await PageBrowser(shop).text("/vendor/invoices/\(invoice.id)")
            #expect(page.contains(#"id="mail-not-configured""#) && !page.contains(#"id="send-invoice""#))

            // The route is documented with its optional body, so the fuzzer knows both answers.
            let document = try JSONSerialization.jsonObject(with: Data(buffer: try await client.execute(uri: "/oms/openapi.json", method: .get).body)) as? [String: Any]
            let paths = try #require(document?["paths"] as? [String: Any])
            let send = try #require((paths["/api/v1/vendor/invoices/{invoiceId}/send"] as? [String: Any])?["post"] as? [String: Any])
            #expect((send["requestBody"] as? [String: Any])?["required"] as? Bool == false)
            #expect((send["responses"] as? [String: Any])?["409"] != nil)
        }
    }

    @Test func theInvoicePageSendsToTheCustomer() async throws {
        let server = TestMailServer()
        try await TestKernel.withClient(modules: Self.modules, mailer: server.mailer) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let browser = PageBrowser(shop)
            let draft = try shop.detail(try await shop.draft(buyer: Self.buyer, lines: InvoicingClient.oneLine)).invoice.id
            #expect(!(try await browser.text("/vendor/invoices/\(draft)")).contains(#"id="send-invoice""#))
            let invoice = try await Self.issued(shop)
            var page = try await browser.text("/vendor/invoices/\(invoice.id)")
            #expect(page.contains(#"id="send-invoice""#) && page.contains(#"value="anna@example.lu""#) && page.contains("Not sent yet."))

            let sent = try await browser.post("/vendor/invoices/\(invoice.id)/send", ["to": "compta@example.lu"])
            #expect(sent.status == .seeOther)
            page = try await browser.text("/vendor/invoices/\(invoice.id)")
            #expect(page.contains("compta@example.lu") && page.contains(#"data-status="queued""#))
            try await EventDispatcher(kernel: kernel).drain()
            page = try await browser.text("/vendor/invoices/\(invoice.id)")
            #expect(page.contains(#"data-status="sent""#))
            #expect(server.sent.map { $0.message.to.map(\.address) } == [["compta@example.lu"]])

            // A form without its CSRF token is refused and queues nothing.
            #expect(try await browser.post("/vendor/invoices/\(invoice.id)/send", ["to": "x@example.lu"], csrf: nil).status == .forbidden)
            #expect(try await Self.mailings(shop, invoice.id).count == 1)
        }
    }
}
