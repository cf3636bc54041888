import Foundation
import Hummingbird
import Kernel
import Mail

/// E-mailing an issued invoice or credit note to its customer. The request only queues: the
/// mailing row and its `invoicing.invoice.send_requested` event are written in one
/// transaction, and ``InvoiceMailDelivery`` sends from the outbox, retrying while the mail
/// server is down. The mailings show in the invoice's detail.
enum InvoiceMailRoutes {
    struct InvoiceSendInput: Codable, OptionalRequestBody {
        /// The recipient; the invoice's buyer e-mail when left out.
        var to: String?
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.post("/api/v1/vendor/invoices/:invoiceId/send",
                    summary: "E-mail an issued invoice or credit note with its PDF to `to` or (no body, or no `to`) the buyer's e-mail; queued (202) and sent by the outbox, retried while the mail server is down",
                    access: .vendor(.vendorStaff), feature: InvoiceRoutes.feature, body: InvoiceSendInput.self) { input, _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("invoiceId", of: "Invoice")
            return StatusResponse(.accepted, try await queue(id, to: input.to, vendor: vendor, kernel: kernel, context: context))
        }
    }

    /// 409 while no SMTP server is configured: nothing is queued that could never be sent.
    static let notConfigured = Problem(
        status: .conflict, code: "mail_not_configured", title: "Mail is not configured",
        detail: "This deployment has no mail server (AGORA_SMTP_URL and AGORA_MAIL_FROM); invoices cannot be e-mailed until one is configured.")

    /// Queues the mail of invoice `id` to `to` (nil: the buyer's e-mail): checks the address
    /// and the invoice's status, then writes the mailing, an audit entry and the event in one
    /// transaction.
    static func queue(_ id: UUID, to: String?, vendor: VendorScope, kernel: KernelServices, context: AgoraRequestContext) async throws -> InvoiceMailing {
        guard kernel.mailer.isConfigured else { throw notConfigured }
        let given = try to.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : try address($0) }
        let now = kernel.now()
        return try await kernel.database.transaction(for: vendor) { tx in
            guard let invoice = try await InvoiceStore.invoice(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Invoice") }
            switch invoice.status {
            case .draft: throw Problem.conflict("invoice_not_issued", "Issue the invoice before sending it: a draft has no number.")
            case .cancelled: throw Problem.conflict("invoice_cancelled", "This invoice is cancelled by a credit note; send the credit note instead.")
            case .issued, .partiallyPaid, .paid: break
            }
            let stored = invoice.buyerEmail.flatMap { $0.isEmpty ? nil : $0 }
            guard let recipient = try given ?? stored.map(address) else {
                throw Problem.invalid([FieldError(field: "to", code: "required", message: "the invoice has no buyer e-mail; give the address to send it to")])
            }
            let replyTo = context.principal.flatMap { try? MailAddress($0.email) }
            let mailing = InvoiceMailing(id: UUID.v7(now: now), invoiceId: id, recipient: recipient.address, replyTo: replyTo?.address, status: .queued,
                                         attempts: 0, lastError: nil, requestedBy: context.principal?.email ?? "api", requestedAt: now, sentAt: nil, updatedAt: now)
            try await InvoiceMailingStore.insert(mailing, vendor: vendor.vendorId, on: tx)
            let number = invoice.number ?? ""
            try await AuditLog.append(AuditEntry(context, action: "invoicing.invoice.send_requested", targetType: "invoice", targetId: id,
                                                 platformId: vendor.platformId, vendorId: vendor.vendorId, summary: "E-mail of \(number) to \(recipient.address) queued"),
                                      at: now, on: tx)
            try await EventBus.publish(InvoiceSendRequested(mailingId: mailing.id, invoiceId: id, vendorId: vendor.vendorId, number: number,
                                                            recipient: recipient.address),
                                       platformId: vendor.platformId, vendorId: vendor.vendorId, at: now, on: tx)
            return mailing
        }
    }

    /// `text` as a recipient, or 422 naming `to`.
    static func address(_ text: String) throws -> MailAddress {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard TenancyRules.isEmail(trimmed), let address = try? MailAddress(trimmed, field: "to") else {
            throw Problem.invalid([FieldError(field: "to", code: "invalid", message: "must be an e-mail address such as name@example.com")])
        }
        return address
    }
}
