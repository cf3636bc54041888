"""The WeasyPrint side of scripts/bench/invoice-pdf.sh.

Reads the sample invoice's laid-out content that `agora bench invoice-pdf --json` writes (every
printed string with its style, the columns and the tables, the footer), makes the HTML and CSS
an HTML-to-PDF invoice would use for that content (A4 page, DejaVu Sans, flex columns, tables
with a shaded header, the footer as a running element in the bottom margin), and times
WeasyPrint turning it into a PDF: a warm-up, then each invoice timed, the HTML made from the
data every time as a renderer serving invoices would.

Usage: python weasyprint_invoice.py CONTENT.json [--count N] [--warmup N] [--pdf OUT.pdf]
Prints one JSON object: median, p99 and mean milliseconds per invoice, and the PDF's size.
"""

import argparse
import html
import json
import statistics
import sys
import time

import weasyprint


def css_color(rgb):
    return "rgb({:.0f}, {:.0f}, {:.0f})".format(*(c * 255 for c in rgb))


def text_css(style):
    weight = "bold" if style["bold"] else "normal"
    slant = "italic" if style["italic"] else "normal"
    return (f"font-family: '{style['family']}'; font-size: {style['size']}pt; font-weight: {weight}; "
            f"font-style: {slant}; color: {css_color(style['color'])}; text-align: {style['align']}")


def text_html(text):
    return html.escape(text).replace("\n", "<br>")


def table_html(table):
    total = sum(max(0, c["weight"]) for c in table["columns"]) or 1
    pad = table["padding"]
    rule = table["rule_color"]
    border = f"border-bottom: 0.4pt solid {css_color(rule)};" if rule else ""
    out = ['<table><colgroup>']
    out += [f'<col style="width: {100 * max(0, c["weight"]) / total:.3f}%">' for c in table["columns"]]
    out.append("</colgroup>")
    if table["shows_header"]:
        head = text_css(table["header_style"])
        out.append(f'<thead><tr style="background: {css_color(table["header_fill"])}">')
        out += [f'<th style="{head}; text-align: {c["align"]}; padding: {pad}pt; {border}">{text_html(c["title"])}</th>'
                for c in table["columns"]]
        out.append("</tr></thead>")
    out.append("<tbody>")
    bold_rows = set(table["bold_rows"])
    for index, row in enumerate(table["rows"]):
        style = dict(table["body_style"], bold=index in bold_rows)
        body = text_css(style)
        out.append("<tr>")
        for position, column in enumerate(table["columns"]):
            cell = row[position] if position < len(row) else ""
            out.append(f'<td style="{body}; text-align: {column["align"]}; padding: {pad}pt; {border}">{text_html(cell)}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def block_html(block):
    if "text" in block:
        return f'<div class="text" style="{text_css(block["style"])}">{text_html(block["text"])}</div>'
    if "rule" in block:
        return f'<div style="border-top: {block["rule"]}pt solid {css_color(block["color"])}"></div>'
    if "space" in block:
        return f'<div style="height: {block["space"]}pt"></div>'
    if "columns" in block:
        columns = "".join(f'<div style="flex: {c["weight"]} 1 0; min-width: 0">{"".join(block_html(b) for b in c["blocks"])}</div>'
                          for c in block["columns"])
        return f'<div style="display: flex; gap: {block["gap"]}pt">{columns}</div>'
    if "table" in block:
        return table_html(block["table"])
    return ""  # an image: no invoice carries one


def invoice_html(content):
    page = content["page"]
    meta = content["metadata"]
    footer = "".join(block_html(b) for b in content["footer"])
    body = "".join(block_html(b) for b in content["body"])
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>{html.escape(meta["title"])}</title>
<meta name="author" content="{html.escape(meta["author"])}">
<meta name="description" content="{html.escape(meta["subject"])}">
<meta name="generator" content="{html.escape(meta["creator"])}">
<style>
@page {{
  size: {page["width"]}pt {page["height"]}pt;
  margin: {page["top"]}pt {page["right"]}pt {page["bottom"]}pt {page["left"]}pt;
  @bottom-center {{ content: element(footer); width: 100%; vertical-align: top; padding-top: 12pt; }}
}}
body {{ margin: 0; font-family: 'DejaVu Sans'; line-height: 1.17; }}
footer {{ position: running(footer); width: 100%; }}
.text {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
th, td {{ vertical-align: top; overflow-wrap: anywhere; }}
</style></head>
<body><footer>{footer}</footer>{body}</body></html>"""


def render(content):
    return weasyprint.HTML(string=invoice_html(content)).write_pdf()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content")
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--pdf")
    args = parser.parse_args()
    with open(args.content, encoding="utf-8") as f:
        content = json.load(f)

    first = render(content)
    if args.pdf:
        with open(args.pdf, "wb") as f:
            f.write(first)
    for _ in range(args.warmup):
        render(content)
    times = []
    for _ in range(args.count):
        start = time.perf_counter()
        render(content)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, max(0, -(-99 * len(times) // 100) - 1))]
    json.dump({"weasyprint_version": weasyprint.__version__, "pdf_bytes": len(first), "count": args.count,
               "median_ms": statistics.median(times), "p99_ms": p99, "mean_ms": statistics.fmean(times)}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
