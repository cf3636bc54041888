"""A local SMTP sink for Tests/e2e/mail.sh, and the check of what it received.

    python mail.py sink PORT DIR        receive on 127.0.0.1:PORT, save each message as DIR/NNNN.eml
    python mail.py check FILE --to ADDRESS --subject SUBJECT --number NUMBER

The check reads the message with Python's email package as a mail client would: the To
address, the decoded Subject, a text/plain body naming the invoice, one PDF attachment named
after the invoice whose bytes start with %PDF (and, with pdftotext, whose text names it), and
its UBL e-invoice.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from email import policy
from email.parser import BytesParser


def sink(port, folder):
    from aiosmtpd.controller import Controller

    os.makedirs(folder, exist_ok=True)
    lock = threading.Lock()

    class Saver:
        async def handle_DATA(self, server, session, envelope):
            with lock:
                count = len([name for name in os.listdir(folder) if name.endswith(".eml")])
                # Written under another name first, so a reader never sees half a message.
                path = os.path.join(folder, "%04d.eml" % (count + 1))
                with open(path + ".part", "wb") as handle:
                    handle.write(envelope.content)
                os.replace(path + ".part", path)
            print("received %s for %s" % (path, ", ".join(envelope.rcpt_tos)), flush=True)
            return "250 Message accepted for delivery"

    controller = Controller(Saver(), hostname="127.0.0.1", port=port)
    controller.start()
    print("SMTP sink on 127.0.0.1:%d" % port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


def check(path, to, subject, number):
    with open(path, "rb") as handle:
        message = BytesParser(policy=policy.default).parse(handle)
    failures = []

    def expect(condition, what):
        if not condition:
            failures.append(what)

    addresses = [address.addr_spec for address in message["To"].addresses] if message["To"] else []
    expect(addresses == [to], "To is %r, expected %r" % (addresses, [to]))
    expect(str(message["Subject"]) == subject, "Subject is %r, expected %r" % (str(message["Subject"]), subject))
    expect(message["Message-ID"] is not None and message["Date"] is not None, "Message-ID and Date are missing")
    expect(message.get_content_type() == "multipart/mixed", "the message is %s, not multipart/mixed" % message.get_content_type())
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    expect(number in text, "the text body does not name %s: %r" % (number, text[:200]))
    attachments = list(message.iter_attachments())
    pdfs = [part for part in attachments if part.get_content_type() == "application/pdf"]
    expect(len(pdfs) == 1, "expected one PDF attachment, found %s" % [part.get_content_type() for part in attachments])
    if pdfs:
        pdf = pdfs[0]
        expect(pdf.get_filename() == number + ".pdf", "the PDF is named %r" % pdf.get_filename())
        data = pdf.get_content()
        expect(data.startswith(b"%PDF"), "the attachment does not start with %PDF")
        if shutil.which("pdftotext"):
            with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
                handle.write(data)
                handle.flush()
                pdf_text = subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True).stdout
            expect(number in pdf_text, "the PDF's text does not name %s" % number)
    xmls = [part for part in attachments if part.get_content_type() == "application/xml"]
    expect(len(xmls) == 1 and xmls[0].get_filename() == number + ".ubl.xml", "expected the UBL e-invoice %s.ubl.xml attached" % number)
    if xmls:
        expect(b"<cbc:ID>%s</cbc:ID>" % number.encode() in xmls[0].get_content(), "the UBL attachment does not carry the invoice number")
    if failures:
        for failure in failures:
            print("FAIL %s: %s" % (path, failure), file=sys.stderr)
        sys.exit(1)
    print("ok %s: to %s, %r, text body, %s.pdf and %s.ubl.xml attached" % (os.path.basename(path), to, subject, number, number))


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    sink_command = commands.add_parser("sink")
    sink_command.add_argument("port", type=int)
    sink_command.add_argument("folder")
    check_command = commands.add_parser("check")
    check_command.add_argument("file")
    check_command.add_argument("--to", required=True)
    check_command.add_argument("--subject", required=True)
    check_command.add_argument("--number", required=True)
    arguments = parser.parse_args()
    if arguments.command == "sink":
        sink(arguments.port, arguments.folder)
    else:
        check(arguments.file, arguments.to, arguments.subject, arguments.number)


if __name__ == "__main__":
    main()
