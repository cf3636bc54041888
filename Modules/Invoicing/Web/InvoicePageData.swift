import Commerce
import Foundation
import Kernel

/// What the invoice page shows, as template data: amounts as ``PageFormat`` writes them,
/// rates as percentages, and which actions the document's kind and status allow.
enum InvoicePageData {
    static func detail(_ detail: InvoiceRoutes.InvoiceDetail, credited: [UUID: Int], today: String, mailConfigured: Bool) -> [String: Any] {
        let invoice = detail.invoice
        let isInvoice = invoice.kind == .invoice
        let canCredit = isInvoice && [.issued, .partiallyPaid, .paid].contains(invoice.status)
        var data: [String: Any] = [
            "invoice": InvoicePages.row(invoice, today: today),
            "isDraft": invoice.status == .draft,
            "isCreditNote": !isInvoice,
            "seller": present(["name": invoice.sellerName, "address": invoice.sellerAddress, "vatNumber": invoice.sellerVatNumber,
                               "iban": invoice.sellerIban, "bic": invoice.sellerBic]),
            "buyer": present(["name": invoice.buyerName, "email": invoice.buyerEmail, "address": invoice.buyerAddress,
                              "country": invoice.buyerCountry, "vatNumber": invoice.buyerVatNumber]).merging(["business": invoice.buyerIsBusiness]) { $1 },
            "regime": invoice.regime.rawValue.replacingOccurrences(of: "_", with: " "),
            "lines": detail.lines.map { line -> [String: Any] in
                let open = line.quantityMilli - (credited[line.id] ?? 0)
                return ["id": line.id.uuidString, "description": line.description, "sku": line.sku ?? "", "quantity": PageFormat.quantity(line.quantityMilli),
                        "unitPrice": unitPrice(line.unitPriceTenThousandths), "category": line.category.rawValue, "rate": percent(line.basisPoints),
                        "net": PageFormat.money(line.netMinor), "open": PageFormat.quantity(open), "creditable": open > 0]
            },
            "breakdown": detail.vatBreakdown.map {
                ["category": $0.category.rawValue, "rate": percent($0.basisPoints), "taxable": PageFormat.money($0.taxableMinor),
                 "tax": PageFormat.money($0.taxMinor), "exemption": [$0.exemptionCode, $0.exemptionText].compactMap { $0 }.joined(separator: " ")] as [String: Any]
            },
            "pricesIncludeVat": invoice.pricesIncludeVat,
            "net": PageFormat.money(invoice.netTotalMinor), "tax": PageFormat.money(invoice.taxTotalMinor),
            "gross": PageFormat.money(invoice.grossTotalMinor), "payable": PageFormat.money(invoice.payableMinor),
            "paid": PageFormat.money(invoice.paidMinor), "creditedTotal": PageFormat.money(invoice.creditedMinor),
            "balance": PageFormat.money(detail.balanceDueMinor), "overdue": detail.overdue,
            "payments": detail.payments.map {
                ["paidOn": $0.paidOn, "method": $0.method.rawValue.replacingOccurrences(of: "_", with: " "), "amount": PageFormat.money($0.amountMinor),
                 "reference": $0.reference ?? "", "recordedBy": $0.recordedBy] as [String: Any]
            },
            "creditNotes": detail.creditNotes.map { InvoicePages.row($0, today: today) },
            "canPay": isInvoice && [.issued, .partiallyPaid].contains(invoice.status),
            "canCredit": canCredit,
            "methods": CommerceVendorPages.options(InvoicePaymentMethod.allCases.map(\.rawValue), selected: InvoicePaymentMethod.bankTransfer.rawValue),
            "canSend": [.issued, .partiallyPaid, .paid].contains(invoice.status),
            "mailConfigured": mailConfigured,
            "mailings": detail.mailings.map(mailing),
            "today": today,
            "balanceInput": PageFormat.money(detail.balanceDueMinor),
        ]
        // Mustache treats "" as true, so optional values are left out rather than empty.
        data.merge(present(["issueDate": invoice.issueDate, "dueDate": invoice.dueDate, "regimeExplanation": invoice.regimeExplanation])) { $1 }
        if invoice.roundingMinor != 0 { data["rounding"] = PageFormat.money(invoice.roundingMinor) }
        if let mention = invoice.legalMention, !mention.isEmpty { data["legalMention"] = mention }
        if let supply = invoice.supplyDate { data["supplyDate"] = supply }
        if let note = invoice.note { data["note"] = note }
        if let footer = invoice.footer { data["footer"] = footer }
        if let id = invoice.creditedInvoiceId {
            data["credits"] = ["id": id.uuidString, "number": invoice.creditedNumber ?? "", "issueDate": invoice.creditedIssueDate ?? ""]
        }
        if let order = invoice.orderId { data["orderId"] = order.uuidString }
        return data
    }

    /// One e-mail of the document: when, to whom, by whom, and where it stands.
    static func mailing(_ mailing: InvoiceMailing) -> [String: Any] {
        var row: [String: Any] = ["recipient": mailing.recipient, "requestedBy": mailing.requestedBy, "requestedAt": minute(mailing.requestedAt),
                                  "status": mailing.status.rawValue, "attempts": mailing.attempts]
        row.merge(present(["sentAt": mailing.sentAt.map(minute), "lastError": mailing.status == .failing ? mailing.lastError : nil])) { $1 }
        return row
    }

    /// `2026-11-22 05:40 UTC`.
    static func minute(_ date: Date) -> String {
        String(date.ISO8601Format().prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// The values that are there: Mustache treats "" as true, so absent ones are left out.
    static func present(_ values: [String: String?]) -> [String: Any] {
        values.compactMapValues { $0.flatMap { $0.isEmpty ? nil : $0 } }
    }

    /// 1700 → "17", 550 → "5.5", 0 → "0" (basis points as a percentage).
    static func percent(_ basisPoints: Int) -> String {
        var fraction = String(format: "%02d", basisPoints % 100)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return String(basisPoints / 100) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// 65000 → "6.50", 12345 → "1.2345": a unit price in 1/10,000 with two to four decimals.
    static func unitPrice(_ tenThousandths: Int) -> String {
        let sign = tenThousandths < 0 ? "-" : ""
        let value = abs(tenThousandths)
        var fraction = String(format: "%04d", value % 10_000)
        while fraction.count > 2 && fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + String(value / 10_000) + "." + fraction
    }
}
