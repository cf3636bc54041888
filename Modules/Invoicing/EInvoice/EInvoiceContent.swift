/// What both e-invoice syntaxes (``UBLInvoice``, ``CIIInvoice``) take from an invoice snapshot,
/// worked out once so the two always say the same thing.
///
/// Where Agora's model is silent, the value is derived, never invented:
/// - the delivery date (BT-72) is the supply date, or the issue date when the supply date was
///   left out (the invoice then says the goods were supplied on the day it was issued; a
///   credit note, the day its invoice was issued), and
///   the deliver-to country (BT-80) is the buyer's country, which Agora records as where the
///   goods go — together what an intra-Community supply must state (BR-IC-11, BR-IC-12);
/// - the addresses are split from their multi-line text (``PostalAddress``), the country
///   always from the invoice's field;
/// - the buyer's VAT number is written when it passes the offline check, normalised;
/// - a bank transfer to the seller's IBAN is offered on invoices (not on credit notes, where
///   the seller pays), with the invoice number as the remittance information (BT-83);
/// - the payment terms (BT-20) are the PDF's sentence in the document's language.
struct EInvoiceContent: Sendable {
    /// The seller's IBAN and BIC with the UNTDID 4461 code of a credit transfer.
    struct PayeeAccount: Sendable {
        let meansCode: String
        let iban: String
        let bic: String?
    }

    /// What everything is drawn from.
    let snapshot: InvoiceSnapshot
    /// BT-1.
    let number: String
    /// BT-2, `YYYY-MM-DD`.
    let issueDate: String
    /// BT-3: 380 or 381.
    let typeCode: String
    let sellerAddress: PostalAddress
    let buyerAddress: PostalAddress
    /// BT-48, normalised; nil when none passes the offline check.
    let buyerVATNumber: String?
    /// BT-72.
    let deliveryDate: String
    /// BT-80.
    let deliveryCountry: String
    let payeeAccount: PayeeAccount?
    /// BT-20.
    let paymentTerms: String?
    /// BT-106: the sum of the lines' net amounts.
    let lineTotalMinor: Int
    /// The `currencyID` attribute of every amount.
    let currencyID: [(String, String)]

    init(_ snapshot: InvoiceSnapshot) {
        let invoice = snapshot.invoice
        self.snapshot = snapshot
        number = invoice.number ?? "DRAFT-\(invoice.id.uuidString.lowercased())"
        issueDate = invoice.issueDate ?? VATDay.format(invoice.updatedAt)
        typeCode = invoice.kind == .creditNote ? "381" : "380"
        sellerAddress = PostalAddress(text: invoice.sellerAddress, country: invoice.sellerCountry)
        buyerAddress = PostalAddress(text: invoice.buyerAddress, country: invoice.buyerCountry)
        buyerVATNumber = invoice.buyerVatNumber.flatMap { VATNumber($0, country: invoice.buyerCountry)?.normalized }
        deliveryDate = invoice.supplyDate ?? (invoice.kind == .creditNote ? invoice.creditedIssueDate : nil) ?? issueDate
        deliveryCountry = invoice.buyerCountry.uppercased()
        if invoice.kind == .invoice, let iban = invoice.sellerIban {
            payeeAccount = PayeeAccount(meansCode: EInvoiceFormat.creditTransferCode(currency: invoice.currency), iban: iban, bic: invoice.sellerBic)
        } else {
            payeeAccount = nil
        }
        paymentTerms = invoice.kind == .invoice ? InvoicePDFLabels.of(invoice.language).payableWithin(invoice.paymentTermsDays) : nil
        lineTotalMinor = snapshot.lines.reduce(0) { $0 + $1.netMinor }
        currencyID = [("currencyID", invoice.currency)]
    }

    /// An amount in the invoice's currency.
    func amount(_ minor: Int) -> String { EInvoiceFormat.amount(minor, currency: snapshot.invoice.currency) }

    /// The exemption reason of a breakdown group (BT-121 code, BT-120 text) as stored with it:
    /// exempt groups (`K`, `G`) have one, taxed and zero-rated groups none (BR-S-10, BR-Z-10).
    func exemption(of group: VATBreakdown) -> (code: String?, text: String?)? {
        group.exemptionCode == nil && group.exemptionText == nil ? nil : (group.exemptionCode, group.exemptionText)
    }
}
