/// An invoice or credit note as an EN 16931 e-invoice in UBL 2.1, Peppol BIS Billing 3.0
/// customization: `Invoice` (type 380) for invoices, `CreditNote` (type 381) with a
/// `BillingReference` to the credited invoice for credit notes.
///
/// Drawn from the stored snapshot only, like the PDF, so the same issued invoice always gives
/// the same bytes, whatever was paid or credited since: settlement is the account, not the
/// document, and no prepaid amount (BT-113) is written. See ``EInvoiceContent`` for what each
/// field is taken from.
enum UBLInvoice {
    static let customizationID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
    static let profileID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

    /// The document's bytes (UTF-8 XML).
    static func render(_ snapshot: InvoiceSnapshot) -> [UInt8] { document(snapshot).document() }

    /// `F-000001.ubl.xml`.
    static func filename(_ invoice: Invoice) -> String { (invoice.number ?? "draft-\(invoice.id.uuidString.lowercased())") + ".ubl.xml" }

    /// The root element.
    static func document(_ snapshot: InvoiceSnapshot) -> XMLTag {
        let content = EInvoiceContent(snapshot)
        let invoice = snapshot.invoice
        let isCreditNote = invoice.kind == .creditNote
        let root = isCreditNote ? "CreditNote" : "Invoice"
        let namespaces = [
            ("xmlns", "urn:oasis:names:specification:ubl:schema:xsd:\(root)-2"),
            ("xmlns:cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"),
            ("xmlns:cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"),
        ]
        let amount = content.amount
        var children: [XMLTag?] = [
            XMLTag("cbc:CustomizationID", customizationID),
            XMLTag("cbc:ProfileID", profileID),
            XMLTag("cbc:ID", content.number),
            XMLTag("cbc:IssueDate", content.issueDate),
            isCreditNote ? nil : XMLTag.optional("cbc:DueDate", invoice.dueDate),
            XMLTag(isCreditNote ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode", content.typeCode),
            XMLTag.optional("cbc:Note", invoice.note),
            XMLTag("cbc:DocumentCurrencyCode", invoice.currency),
        ]
        if let number = invoice.creditedNumber {
            children.append(XMLTag("cac:BillingReference", [
                XMLTag("cac:InvoiceDocumentReference", [XMLTag("cbc:ID", number), XMLTag.optional("cbc:IssueDate", invoice.creditedIssueDate)]),
            ]))
        }
        children += [
            XMLTag("cac:AccountingSupplierParty", [party(name: invoice.sellerName, address: content.sellerAddress, vatNumber: invoice.sellerVatNumber,
                                                         email: nil)]),
            XMLTag("cac:AccountingCustomerParty", [party(name: invoice.buyerName, address: content.buyerAddress, vatNumber: content.buyerVATNumber,
                                                         email: invoice.buyerEmail)]),
            XMLTag("cac:Delivery", [
                XMLTag("cbc:ActualDeliveryDate", content.deliveryDate),
                XMLTag("cac:DeliveryLocation", [XMLTag("cac:Address", [XMLTag("cac:Country", [XMLTag("cbc:IdentificationCode", content.deliveryCountry)])])]),
            ]),
        ]
        if let account = content.payeeAccount {
            children.append(XMLTag("cac:PaymentMeans", [
                XMLTag("cbc:PaymentMeansCode", account.meansCode),
                XMLTag("cbc:PaymentID", content.number),
                XMLTag("cac:PayeeFinancialAccount", [
                    XMLTag("cbc:ID", account.iban),
                    account.bic.map { XMLTag("cac:FinancialInstitutionBranch", [XMLTag("cbc:ID", $0)]) },
                ]),
            ]))
        }
        if let terms = content.paymentTerms { children.append(XMLTag("cac:PaymentTerms", [XMLTag("cbc:Note", terms)])) }
        var taxTotal: [XMLTag?] = [XMLTag("cbc:TaxAmount", amount(invoice.taxTotalMinor), attributes: content.currencyID)]
        taxTotal += snapshot.breakdown.map { group -> XMLTag? in
            XMLTag("cac:TaxSubtotal", [
                XMLTag("cbc:TaxableAmount", amount(group.taxableMinor), attributes: content.currencyID),
                XMLTag("cbc:TaxAmount", amount(group.taxMinor), attributes: content.currencyID),
                taxCategory("cac:TaxCategory", group.category, basisPoints: group.basisPoints, exemption: content.exemption(of: group)),
            ])
        }
        children.append(XMLTag("cac:TaxTotal", taxTotal))
        children.append(XMLTag("cac:LegalMonetaryTotal", [
            XMLTag("cbc:LineExtensionAmount", amount(content.lineTotalMinor), attributes: content.currencyID),
            XMLTag("cbc:TaxExclusiveAmount", amount(invoice.netTotalMinor), attributes: content.currencyID),
            XMLTag("cbc:TaxInclusiveAmount", amount(invoice.grossTotalMinor), attributes: content.currencyID),
            invoice.roundingMinor == 0 ? nil : XMLTag("cbc:PayableRoundingAmount", amount(invoice.roundingMinor), attributes: content.currencyID),
            XMLTag("cbc:PayableAmount", amount(invoice.payableMinor), attributes: content.currencyID),
        ]))
        children += snapshot.lines.map { line -> XMLTag? in
            XMLTag(isCreditNote ? "cac:CreditNoteLine" : "cac:InvoiceLine", [
                XMLTag("cbc:ID", String(line.position + 1)),
                XMLTag(isCreditNote ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", EInvoiceFormat.quantity(line.quantityMilli),
                       attributes: [("unitCode", EInvoiceFormat.unitCode)]),
                XMLTag("cbc:LineExtensionAmount", amount(line.netMinor), attributes: content.currencyID),
                XMLTag("cac:Item", [
                    XMLTag("cbc:Name", line.description),
                    line.sku.flatMap { $0.isEmpty ? nil : XMLTag("cac:SellersItemIdentification", [XMLTag("cbc:ID", $0)]) },
                    taxCategory("cac:ClassifiedTaxCategory", line.category, basisPoints: line.basisPoints, exemption: nil),
                ]),
                XMLTag("cac:Price", [XMLTag("cbc:PriceAmount", EInvoiceFormat.unitPrice(line.netUnitPriceTenThousandths, currency: invoice.currency),
                                            attributes: content.currencyID)]),
            ])
        }
        return XMLTag(root, attributes: namespaces, children)
    }

    /// A seller or buyer (BG-4 / BG-7): postal address, VAT identifier, legal name, e-mail.
    static func party(name: String, address: PostalAddress, vatNumber: String?, email: String?) -> XMLTag {
        XMLTag("cac:Party", [
            XMLTag("cac:PostalAddress", [
                XMLTag.optional("cbc:StreetName", address.street),
                XMLTag.optional("cbc:AdditionalStreetName", address.additionalStreet),
                XMLTag.optional("cbc:CityName", address.city),
                XMLTag.optional("cbc:PostalZone", address.postcode),
                address.extraLine.map { XMLTag("cac:AddressLine", [XMLTag("cbc:Line", $0)]) },
                XMLTag("cac:Country", [XMLTag("cbc:IdentificationCode", address.country)]),
            ]),
            vatNumber.map { XMLTag("cac:PartyTaxScheme", [XMLTag("cbc:CompanyID", $0), vatScheme]) },
            XMLTag("cac:PartyLegalEntity", [XMLTag("cbc:RegistrationName", name)]),
            email.flatMap { $0.isEmpty ? nil : XMLTag("cac:Contact", [XMLTag("cbc:ElectronicMail", $0)]) },
        ])
    }

    /// A VAT category with its rate, and the exemption reason of an exempt breakdown group.
    static func taxCategory(_ name: String, _ category: VATCategory, basisPoints: Int, exemption: (code: String?, text: String?)?) -> XMLTag {
        XMLTag(name, [
            XMLTag("cbc:ID", category.rawValue),
            XMLTag("cbc:Percent", EInvoiceFormat.percent(basisPoints)),
            XMLTag.optional("cbc:TaxExemptionReasonCode", exemption?.code),
            XMLTag.optional("cbc:TaxExemptionReason", exemption?.text),
            vatScheme,
        ])
    }

    /// The tax scheme of every VAT identifier and category: `VAT`.
    static let vatScheme = XMLTag("cac:TaxScheme", [XMLTag("cbc:ID", "VAT")])
}
