/// An invoice or credit note as an EN 16931 e-invoice in UN/CEFACT CII (D16B), Factur-X
/// EN 16931 profile: type code 380 or 381, amounts as stored (a credit note's are positive,
/// as type 381 says what they are), the credited invoice in `InvoiceReferencedDocument`.
///
/// The same facts as ``UBLInvoice``, from the same ``EInvoiceContent``; only the syntax differs.
enum CIIInvoice {
    static let guidelineID = "urn:cen.eu:en16931:2017"

    /// The document's bytes (UTF-8 XML).
    static func render(_ snapshot: InvoiceSnapshot) -> [UInt8] { document(snapshot).document() }

    /// `F-000001.cii.xml`.
    static func filename(_ invoice: Invoice) -> String { (invoice.number ?? "draft-\(invoice.id.uuidString.lowercased())") + ".cii.xml" }

    /// The root element.
    static func document(_ snapshot: InvoiceSnapshot) -> XMLTag {
        let content = EInvoiceContent(snapshot)
        let invoice = snapshot.invoice
        let amount = content.amount
        let namespaces = [
            ("xmlns:rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"),
            ("xmlns:ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"),
            ("xmlns:qdt", "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"),
            ("xmlns:udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"),
        ]
        let lines: [XMLTag?] = snapshot.lines.map { line -> XMLTag? in
            XMLTag("ram:IncludedSupplyChainTradeLineItem", [
                XMLTag("ram:AssociatedDocumentLineDocument", [XMLTag("ram:LineID", String(line.position + 1))]),
                XMLTag("ram:SpecifiedTradeProduct", [XMLTag.optional("ram:SellerAssignedID", line.sku), XMLTag("ram:Name", line.description)]),
                XMLTag("ram:SpecifiedLineTradeAgreement", [
                    XMLTag("ram:NetPriceProductTradePrice", [
                        XMLTag("ram:ChargeAmount", EInvoiceFormat.unitPrice(line.netUnitPriceTenThousandths, currency: invoice.currency)),
                    ]),
                ]),
                XMLTag("ram:SpecifiedLineTradeDelivery", [
                    XMLTag("ram:BilledQuantity", EInvoiceFormat.quantity(line.quantityMilli), attributes: [("unitCode", EInvoiceFormat.unitCode)]),
                ]),
                XMLTag("ram:SpecifiedLineTradeSettlement", [
                    tradeTax(category: line.category, basisPoints: line.basisPoints),
                    XMLTag("ram:SpecifiedTradeSettlementLineMonetarySummation", [XMLTag("ram:LineTotalAmount", amount(line.netMinor))]),
                ]),
            ])
        }
        let agreement = XMLTag("ram:ApplicableHeaderTradeAgreement", [
            party("ram:SellerTradeParty", name: invoice.sellerName, address: content.sellerAddress, vatNumber: invoice.sellerVatNumber, email: nil),
            party("ram:BuyerTradeParty", name: invoice.buyerName, address: content.buyerAddress, vatNumber: content.buyerVATNumber,
                  email: invoice.buyerEmail),
        ])
        let delivery = XMLTag("ram:ApplicableHeaderTradeDelivery", [
            XMLTag("ram:ShipToTradeParty", [XMLTag("ram:PostalTradeAddress", [XMLTag("ram:CountryID", content.deliveryCountry)])]),
            XMLTag("ram:ActualDeliverySupplyChainEvent", [XMLTag("ram:OccurrenceDateTime", [date(content.deliveryDate)])]),
        ])
        var settlement: [XMLTag?] = [
            content.payeeAccount == nil ? nil : XMLTag("ram:PaymentReference", content.number),
            XMLTag("ram:InvoiceCurrencyCode", invoice.currency),
            content.payeeAccount.map { account in
                XMLTag("ram:SpecifiedTradeSettlementPaymentMeans", [
                    XMLTag("ram:TypeCode", account.meansCode),
                    XMLTag("ram:PayeePartyCreditorFinancialAccount", [XMLTag("ram:IBANID", account.iban)]),
                    account.bic.map { XMLTag("ram:PayeeSpecifiedCreditorFinancialInstitution", [XMLTag("ram:BICID", $0)]) },
                ])
            },
        ]
        settlement += snapshot.breakdown.map { group -> XMLTag? in
            let exemption = content.exemption(of: group)
            return XMLTag("ram:ApplicableTradeTax", [
                XMLTag("ram:CalculatedAmount", amount(group.taxMinor)),
                XMLTag("ram:TypeCode", "VAT"),
                XMLTag.optional("ram:ExemptionReason", exemption?.text),
                XMLTag("ram:BasisAmount", amount(group.taxableMinor)),
                XMLTag("ram:CategoryCode", group.category.rawValue),
                XMLTag.optional("ram:ExemptionReasonCode", exemption?.code),
                XMLTag("ram:RateApplicablePercent", EInvoiceFormat.percent(group.basisPoints)),
            ])
        }
        if content.paymentTerms != nil || (invoice.kind == .invoice && invoice.dueDate != nil) {
            settlement.append(XMLTag("ram:SpecifiedTradePaymentTerms", [
                XMLTag.optional("ram:Description", content.paymentTerms),
                invoice.kind == .invoice ? invoice.dueDate.map { XMLTag("ram:DueDateDateTime", [date($0)]) } : nil,
            ]))
        }
        settlement.append(XMLTag("ram:SpecifiedTradeSettlementHeaderMonetarySummation", [
            XMLTag("ram:LineTotalAmount", amount(content.lineTotalMinor)),
            XMLTag("ram:TaxBasisTotalAmount", amount(invoice.netTotalMinor)),
            XMLTag("ram:TaxTotalAmount", amount(invoice.taxTotalMinor), attributes: content.currencyID),
            invoice.roundingMinor == 0 ? nil : XMLTag("ram:RoundingAmount", amount(invoice.roundingMinor)),
            XMLTag("ram:GrandTotalAmount", amount(invoice.grossTotalMinor)),
            XMLTag("ram:DuePayableAmount", amount(invoice.payableMinor)),
        ]))
        if let number = invoice.creditedNumber {
            settlement.append(XMLTag("ram:InvoiceReferencedDocument", [
                XMLTag("ram:IssuerAssignedID", number),
                invoice.creditedIssueDate.map {
                    XMLTag("ram:FormattedIssueDateTime", [XMLTag("qdt:DateTimeString", EInvoiceFormat.cefactDate($0), attributes: [("format", "102")])])
                },
            ]))
        }
        return XMLTag("rsm:CrossIndustryInvoice", attributes: namespaces, [
            XMLTag("rsm:ExchangedDocumentContext", [
                XMLTag("ram:GuidelineSpecifiedDocumentContextParameter", [XMLTag("ram:ID", guidelineID)]),
            ]),
            XMLTag("rsm:ExchangedDocument", [
                XMLTag("ram:ID", content.number),
                XMLTag("ram:TypeCode", content.typeCode),
                XMLTag("ram:IssueDateTime", [date(content.issueDate)]),
                invoice.note.flatMap { $0.isEmpty ? nil : XMLTag("ram:IncludedNote", [XMLTag("ram:Content", $0)]) },
            ]),
            XMLTag("rsm:SupplyChainTradeTransaction", lines + [agreement, delivery, XMLTag("ram:ApplicableHeaderTradeSettlement", settlement)]),
        ])
    }

    /// A seller or buyer (BG-4 / BG-7): legal name, e-mail, postal address, VAT identifier.
    static func party(_ name: String, name legalName: String, address: PostalAddress, vatNumber: String?, email: String?) -> XMLTag {
        XMLTag(name, [
            XMLTag("ram:Name", legalName),
            email.flatMap { $0.isEmpty ? nil : XMLTag("ram:DefinedTradeContact", [
                XMLTag("ram:EmailURIUniversalCommunication", [XMLTag("ram:URIID", $0)]),
            ]) },
            XMLTag("ram:PostalTradeAddress", [
                XMLTag.optional("ram:PostcodeCode", address.postcode),
                XMLTag.optional("ram:LineOne", address.street),
                XMLTag.optional("ram:LineTwo", address.additionalStreet),
                XMLTag.optional("ram:LineThree", address.extraLine),
                XMLTag.optional("ram:CityName", address.city),
                XMLTag("ram:CountryID", address.country),
            ]),
            vatNumber.map { XMLTag("ram:SpecifiedTaxRegistration", [XMLTag("ram:ID", $0, attributes: [("schemeID", "VA")])]) },
        ])
    }

    /// A line's VAT category and rate.
    static func tradeTax(category: VATCategory, basisPoints: Int) -> XMLTag {
        XMLTag("ram:ApplicableTradeTax", [
            XMLTag("ram:TypeCode", "VAT"),
            XMLTag("ram:CategoryCode", category.rawValue),
            XMLTag("ram:RateApplicablePercent", EInvoiceFormat.percent(basisPoints)),
        ])
    }

    /// A date in format 102 (`20260301`).
    static func date(_ day: String) -> XMLTag {
        XMLTag("udt:DateTimeString", EInvoiceFormat.cefactDate(day), attributes: [("format", "102")])
    }
}
