"""The same one-page invoice as duly-pdf's benchmark, drawn with ReportLab, timed.

Usage: python invoice_reportlab.py INVOICE.json FONT_DIR N
Prints one line: `reportlab ms_per_page=<float> cpu_ms_per_page=<float> bytes=<int>` (wall clock
and the process's CPU time: on a busy machine the CPU time is the fairer figure).

The JSON holds the invoice's already formatted strings (amounts, dates, labels), written by
benches/invoice.rs, so both renderers draw exactly the same text with the same DejaVu fonts
(ReportLab subsets TrueType fonts itself) and the same EPC QR payload.
"""

import io
import json
import sys
import time

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas


def wrap(text, font, size, width):
    lines, line = [], ""
    for word in text.split():
        candidate = (line + " " + word).strip()
        if pdfmetrics.stringWidth(candidate, font, size) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def render(inv):
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle(inv["title"])
    width, height = A4
    left, right, top = 20 * mm, width - 20 * mm, height - 18 * mm
    ink, muted = 0.13, 0.4

    c.setFillGray(ink)
    c.setFont("DejaVu-Bold", 20)
    c.drawRightString(right, top - 17, inv["labels"]["invoice"])
    y = top - 30
    for label, value in inv["meta"]:
        c.setFillGray(muted)
        c.setFont("DejaVu", 8)
        c.drawString(right - 190, y - 9, label)
        c.setFillGray(ink)
        c.setFont("DejaVu", 9)
        c.drawRightString(right, y - 9, value)
        y -= 12.7

    ly = top
    c.setFont("DejaVu-Bold", 12)
    c.drawString(left, ly - 12, inv["seller"][0])
    ly -= 15.6
    c.setFont("DejaVu", 9)
    for line in inv["seller"][1:]:
        c.drawString(left, ly - 9, line)
        ly -= 11.7

    y = min(ly, y) - 17
    c.setFillGray(muted)
    c.setFont("DejaVu-Bold", 8)
    c.drawString(left, y - 8, inv["labels"]["bill_to"])
    cy = y - 14
    c.setFillGray(ink)
    c.setFont("DejaVu-Bold", 10)
    c.drawString(left, cy - 10, inv["client"][0])
    cy -= 13
    c.setFont("DejaVu", 9)
    for line in inv["client"][1:]:
        c.drawString(left, cy - 9, line)
        cy -= 11.7
    c.setFillGray(0.945)
    c.rect(right - 190, y - 58, 190, 58, stroke=0, fill=1)
    c.setFillGray(muted)
    c.setFont("DejaVu-Bold", 8)
    c.drawString(right - 180, y - 16, inv["labels"]["amount_due"])
    c.setFillGray(ink)
    c.setFont("DejaVu-Bold", 15)
    c.drawString(right - 180, y - 36, inv["due"])
    c.setFont("DejaVu", 8)
    c.drawString(right - 180, y - 50, inv["due_line"])

    y = min(cy, y - 58) - 17
    cols = [(right - left - 226, "l"), (46, "r"), (88, "r"), (92, "r")]
    c.setFillGray(0.945)
    c.rect(left, y - 18, right - left, 18, stroke=0, fill=1)
    c.setFillGray(ink)
    c.setFont("DejaVu-Bold", 8)
    x = left
    for (w, align), title in zip(cols, inv["columns"]):
        if align == "l":
            c.drawString(x + 4, y - 12, title)
        else:
            c.drawRightString(x + w - 4, y - 12, title)
        x += w
    y -= 18
    c.setFont("DejaVu", 9)
    for row in inv["rows"]:
        desc = wrap(row[0], "DejaVu", 9, cols[0][0] - 8)
        h = len(desc) * 11.7 + 7
        x = left
        for i, ((w, align), cell) in enumerate(zip(cols, row)):
            texts = desc if i == 0 else [cell]
            by = y - 3.5 - 9
            for t in texts:
                if align == "l":
                    c.drawString(x + 4, by, t)
                else:
                    c.drawRightString(x + w - 4, by, t)
                by -= 11.7
            x += w
        y -= h
        c.setFillGray(0.78)
        c.rect(left, y, right - left, 0.25, stroke=0, fill=1)
        c.setFillGray(ink)

    y -= 6
    label_x = right - 180 + 4
    for label, value, strong in inv["totals"]:
        c.setFont("DejaVu-Bold" if strong else "DejaVu", 9)
        c.drawString(label_x, y - 11, label)
        c.drawRightString(right - 4, y - 11, value)
        y -= 16
    c.setFillGray(0.945)
    c.rect(label_x - 4, y - 22, right - label_x + 4, 20, stroke=0, fill=1)
    c.setFillGray(ink)
    c.setFont("DejaVu-Bold", 9)
    c.drawString(label_x, y - 15, inv["labels"]["amount_due"])
    c.drawRightString(right - 4, y - 15, inv["due"])
    y -= 45

    c.setFont("DejaVu-Bold", 10)
    c.drawString(left, y - 10, inv["labels"]["payment_terms"])
    y -= 17
    c.setFont("DejaVu", 9)
    for term in inv["terms"]:
        for line in wrap(term, "DejaVu", 9, right - left):
            c.drawString(left, y - 9, line)
            y -= 11.7
        y -= 3
    y -= 14

    c.setFont("DejaVu-Bold", 10)
    c.drawString(left, y - 10, inv["labels"]["how_to_pay"])
    y -= 17
    qr_top = y
    for label, value in inv["payment"]:
        c.setFillGray(muted)
        c.setFont("DejaVu", 8)
        c.drawString(left, y - 9, label)
        c.setFillGray(ink)
        c.setFont("DejaVu", 9)
        c.drawString(left + 105, y - 9, value)
        y -= 11.7
    size = 34 * mm
    widget = QrCodeWidget(inv["qr"], barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, right - size, qr_top - size)

    c.setFillGray(muted)
    c.setFont("DejaVu", 7.5)
    c.drawString(left, 12 * mm, inv["footer"])
    c.drawRightString(right, 12 * mm, inv["page"])
    c.showPage()
    c.save()
    return buf.getvalue()


def main():
    path, font_dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(path, encoding="utf-8") as f:
        inv = json.load(f)
    pdfmetrics.registerFont(TTFont("DejaVu", f"{font_dir}/DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", f"{font_dir}/DejaVuSans-Bold.ttf"))
    size = len(render(inv))  # warm-up: fonts parsed once, as duly-pdf does
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(n):
        render(inv)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"reportlab ms_per_page={elapsed * 1000 / n:.3f} cpu_ms_per_page={cpu * 1000 / n:.3f} bytes={size}")


if __name__ == "__main__":
    main()
