"""Writes the PDF evaluation corpus and its expected.tsv (see README.md beside this file).

Every invoice is drawn from a seeded random generator, rendered by one of nine layouts in three
tools (ReportLab, fpdf2, Typst), and its expected values are written to expected.tsv in the
same step, from the same data the layout printed. Layouts L3, L6 and L9 (one per tool) are the
held-out split: the heuristics are never tuned on them.
"""
import datetime as dt
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
SEED = 20251202
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
HELDOUT = {"L3", "L6", "L9"}

# ---------------------------------------------------------------- locale data (our own wording)

MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "ro": "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie decembrie".split(),
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "nl": "januari februari maart april mei juni juli augustus september oktober november december".split(),
}

LABELS = {
    "en": dict(
        title=["INVOICE", "Invoice", "Tax Invoice"],
        number=["Invoice No.", "Invoice Number", "Invoice #", "Invoice no:"],
        issue=["Invoice Date", "Date of issue", "Issue date", "Date"],
        due=["Due Date", "Payment due", "Due by"],
        seller=["From", "Supplier", "Seller"],
        buyer=["Bill To", "Billed to", "Customer", "Invoice to"],
        desc="Description", qty="Qty", price="Unit price", amount="Amount",
        net=["Subtotal", "Net amount"], vat=["VAT", "Sales tax"], gross=["Total", "Invoice total"],
        paid=["Paid", "Less deposit"], due_amount=["Amount Due", "Balance Due", "Total due"],
        pay_text="Please pay {amount} by {due}.", thanks="Thank you for your business.",
        tax_id="VAT No.",
    ),
    "ro": dict(
        title=["FACTURĂ", "Factură fiscală"],
        number=["Factura nr.", "Număr factură", "Nr. factură", "Seria și nr."],
        issue=["Data emiterii", "Data facturii", "Data"],
        due=["Data scadenței", "Scadența", "Termen de plată"],
        seller=["Furnizor", "Vânzător"],
        buyer=["Cumpărător", "Client", "Beneficiar"],
        desc="Denumire produse / servicii", qty="Cant.", price="Preț unitar", amount="Valoare",
        net=["Total fără TVA", "Subtotal"], vat=["TVA", "Total TVA"], gross=["Total", "Total factură"],
        paid=["Avans încasat", "Achitat"], due_amount=["Total de plată", "Rest de plată"],
        pay_text="Vă rugăm să achitați {amount} până la {due}.", thanks="Vă mulțumim!",
        tax_id="CUI",
    ),
    "id": dict(
        title=["FAKTUR", "INVOICE"],
        number=["Nomor Faktur", "No. Faktur", "No. Invoice"],
        issue=["Tanggal Faktur", "Tanggal", "Tgl. Faktur"],
        due=["Jatuh Tempo", "Tanggal Jatuh Tempo", "Batas Pembayaran"],
        seller=["Penjual", "Dari"],
        buyer=["Kepada", "Ditagihkan kepada", "Pembeli"],
        desc="Keterangan", qty="Jml", price="Harga satuan", amount="Jumlah",
        net=["Subtotal", "Dasar Pengenaan Pajak"], vat=["PPN", "Pajak (PPN)"], gross=["Total", "Total Faktur"],
        paid=["Uang muka", "Sudah dibayar"], due_amount=["Total Tagihan", "Sisa Tagihan", "Jumlah yang harus dibayar"],
        pay_text="Mohon lakukan pembayaran sebesar {amount} paling lambat {due}.", thanks="Terima kasih.",
        tax_id="NPWP",
    ),
    "de": dict(
        title=["RECHNUNG", "Rechnung"],
        number=["Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr."],
        issue=["Rechnungsdatum", "Datum", "Ausstellungsdatum"],
        due=["Fällig am", "Zahlbar bis", "Fälligkeitsdatum"],
        seller=["Absender", "Verkäufer", "Lieferant"],
        buyer=["Rechnungsempfänger", "Kunde", "An"],
        desc="Beschreibung", qty="Menge", price="Einzelpreis", amount="Betrag",
        net=["Nettobetrag", "Zwischensumme"], vat=["MwSt.", "Umsatzsteuer"], gross=["Gesamtbetrag", "Rechnungsbetrag"],
        paid=["Anzahlung", "Bereits bezahlt"], due_amount=["Zu zahlen", "Zahlbetrag", "Offener Betrag"],
        pay_text="Bitte überweisen Sie {amount} bis zum {due}.", thanks="Vielen Dank für Ihren Auftrag.",
        tax_id="USt-IdNr.",
    ),
    "fr": dict(
        title=["FACTURE", "Facture"],
        number=["Facture n°", "Numéro de facture", "N° de facture"],
        issue=["Date de facture", "Date d'émission", "Date"],
        due=["Date d'échéance", "Échéance", "Date limite de paiement"],
        seller=["Émetteur", "Fournisseur", "Vendeur"],
        buyer=["Client", "Facturé à", "Destinataire"],
        desc="Désignation", qty="Qté", price="Prix unitaire HT", amount="Montant HT",
        net=["Total HT", "Montant HT"], vat=["TVA", "Montant TVA"], gross=["Total TTC", "Montant TTC"],
        paid=["Acompte versé", "Déjà réglé"], due_amount=["Net à payer", "Montant à payer", "Reste à payer"],
        pay_text="Merci de régler {amount} avant le {due}.", thanks="Merci de votre confiance.",
        tax_id="N° TVA",
    ),
    "nl": dict(
        title=["FACTUUR", "Factuur"],
        number=["Factuurnummer", "Factuur nr.", "Factuurnr."],
        issue=["Factuurdatum", "Datum"],
        due=["Vervaldatum", "Uiterste betaaldatum", "Te betalen vóór"],
        seller=["Van", "Leverancier"],
        buyer=["Aan", "Klant", "Factuuradres"],
        desc="Omschrijving", qty="Aantal", price="Prijs", amount="Bedrag",
        net=["Subtotaal", "Totaal excl. btw"], vat=["BTW", "Btw"], gross=["Totaal incl. btw", "Totaal"],
        paid=["Reeds betaald", "Aanbetaling"], due_amount=["Te betalen", "Openstaand bedrag", "Totaal te betalen"],
        pay_text="Gelieve {amount} te betalen vóór {due}.", thanks="Bedankt voor uw vertrouwen.",
        tax_id="Btw-nr.",
    ),
}

NAMES = {
    "en": (["Harbour", "Oakfield", "Bright", "Kestrel", "Northgate", "Silverline", "Copper", "Meadow"],
           ["Consulting", "Digital", "Supplies", "Systems", "Studio", "Logistics"], ["Ltd", "Limited", "LLC", "Inc."]),
    "ro": (["Carpați", "Dunărea", "Lotus", "Vulturul", "Arcada", "Mureș", "Bucovina", "Delta"],
           ["Soft", "Construct", "Trading", "Consult", "Impex", "Design"], ["SRL", "S.R.L.", "SA"]),
    "id": (["Maju", "Sinar", "Cahaya", "Nusantara", "Mitra", "Sentosa", "Harapan", "Samudra"],
           ["Jaya", "Abadi", "Makmur", "Teknologi", "Sejahtera", "Mandiri"], ["PT", "CV"]),
    "de": (["Alpen", "Rhein", "Nordlicht", "Weber", "Hanse", "Eichen", "Lindner", "Bergmann"],
           ["Technik", "Handel", "Software", "Bau", "Druck", "Logistik"], ["GmbH", "AG", "UG", "KG"]),
    "fr": (["Lumière", "Provence", "Atlantique", "Dubois", "Montagne", "Rivage", "Belle", "Sorel"],
           ["Conseil", "Services", "Informatique", "Distribution", "Création", "Bâtiment"], ["SARL", "SAS", "SA"]),
    "nl": (["Polder", "Tulp", "Delta", "Van Dijk", "Molen", "Zeeland", "Gracht", "Duin"],
           ["Advies", "Techniek", "Media", "Groep", "Installaties", "Handel"], ["B.V.", "BV", "N.V."]),
}
STREETS = {
    "en": ("{n} {w} Street", ["{z} London", "Manchester {z}", "{z} Leeds"]),
    "ro": ("Str. {w} nr. {n}", ["{z} București", "{z} Cluj-Napoca", "{z} Iași"]),
    "id": ("Jl. {w} No. {n}", ["Jakarta {z}", "Bandung {z}", "Surabaya {z}"]),
    "de": ("{w}straße {n}", ["{z} Berlin", "{z} München", "{z} Hamburg"]),
    "fr": ("{n} rue des {w}", ["{z} Lyon", "{z} Paris", "{z} Nantes"]),
    "nl": ("{w}straat {n}", ["{z} Utrecht", "{z} Amsterdam", "{z} Rotterdam"]),
}
ITEMS = {
    "en": ["Website maintenance", "Consulting hours", "Printer paper A4", "Cloud hosting (monthly)", "Logo design", "Delivery"],
    "ro": ["Servicii de consultanță", "Mentenanță site", "Hârtie A4", "Găzduire web lunară", "Transport", "Licență software"],
    "id": ["Jasa konsultasi", "Pemeliharaan situs", "Kertas A4", "Sewa server bulanan", "Ongkos kirim", "Desain logo"],
    "de": ["Beratung (Stunden)", "Wartung Webseite", "Druckerpapier A4", "Hosting monatlich", "Versandkosten", "Lizenz"],
    "fr": ["Prestation de conseil", "Maintenance du site", "Papier A4", "Hébergement mensuel", "Frais de port", "Création de logo"],
    "nl": ["Advieswerk (uren)", "Onderhoud website", "Printpapier A4", "Hosting per maand", "Verzendkosten", "Logo-ontwerp"],
}
VAT = {"en": 20, "en-US": 8, "ro": 19, "id": 11, "de": 19, "fr": 20, "nl": 21}
CURRENCIES = {"en": ["GBP", "EUR"], "en-US": ["USD"], "ro": ["RON", "RON", "EUR"], "id": ["IDR"], "de": ["EUR", "EUR", "CHF"],
              "fr": ["EUR"], "nl": ["EUR"]}
LOCALES = ["en", "en-US", "ro", "id", "de", "fr", "nl"]


def lang_of(locale):
    return locale.split("-")[0]


# ---------------------------------------------------------------- formatting

def fmt_amount(cents, locale, rnd, no_decimals=False):
    """Locale style: 1,234.56 (en), 1.234,56 (ro, id, de, nl), 1 234,56 (fr, sometimes de-CH style)."""
    neg = cents < 0
    cents = abs(cents)
    whole, frac = divmod(cents, 100)
    lang = lang_of(locale)
    if lang == "en":
        group, dec = ",", "."
    elif lang == "fr":
        group, dec = rnd.choice([" ", "\u202f", " "]), ","
    else:
        group, dec = ".", ","
    digits = f"{whole}"
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    text = group.join(parts)
    if not no_decimals:
        text += f"{dec}{frac:02d}"
    return ("-" if neg else "") + text


def money(cents, cur, locale, rnd, style):
    """style 0: code after, 1: sign before, 2: bare number."""
    no_dec = cur == "IDR" and rnd.random() < 0.6 and cents % 100 == 0
    n = fmt_amount(cents, locale, rnd, no_dec)
    sign = {"EUR": "€", "GBP": "£", "USD": "$", "IDR": "Rp", "RON": "lei", "CHF": "CHF"}[cur]
    if style == 2:
        return n
    if style == 1:
        if cur == "RON":
            return f"{n} lei"
        if cur == "CHF":
            return f"CHF {n}"
        if cur == "IDR":
            return f"Rp {n}"
        if lang_of(locale) in ("fr", "de", "nl", "ro") and cur == "EUR":
            return f"{n} €"
        return f"{sign}{n}"
    return f"{n} {cur}"


def fmt_date(d, locale, rnd):
    lang = lang_of(locale)
    m = MONTHS[lang]
    if locale == "en-US":
        forms = [f"{d.month:02d}/{d.day:02d}/{d.year}", f"{m[d.month-1]} {d.day}, {d.year}", d.isoformat()]
    elif lang == "en":
        forms = [f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day} {m[d.month-1]} {d.year}", d.isoformat()]
    elif lang == "de":
        forms = [f"{d.day:02d}.{d.month:02d}.{d.year}", f"{d.day}. {m[d.month-1]} {d.year}", d.isoformat()]
    elif lang == "ro":
        forms = [f"{d.day:02d}.{d.month:02d}.{d.year}", f"{d.day} {m[d.month-1]} {d.year}", f"{d.day:02d}/{d.month:02d}/{d.year}"]
    elif lang == "id":
        forms = [f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day} {m[d.month-1]} {d.year}", f"{d.day:02d}-{d.month:02d}-{d.year}"]
    elif lang == "fr":
        forms = [f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day} {m[d.month-1]} {d.year}"]
    else:  # nl
        forms = [f"{d.day:02d}-{d.month:02d}-{d.year}", f"{d.day} {m[d.month-1]} {d.year}", f"{d.day:02d}.{d.month:02d}.{d.year}"]
    return rnd.choice(forms)


# ---------------------------------------------------------------- invoice data

def company(lang, rnd, avoid=None):
    a, b, forms = NAMES[lang]
    while True:
        form = rnd.choice(forms)
        core = f"{rnd.choice(a)} {rnd.choice(b)}"
        name = f"{form} {core}" if form in ("PT", "CV") else f"{core} {form}"
        if name != avoid:
            break
    street_t, cities = STREETS[lang]
    street = street_t.format(n=rnd.randint(1, 180), w=rnd.choice(a))
    city = rnd.choice(cities).format(z=rnd.randint(10000, 99999))
    tax = {"en": "GB", "ro": "RO", "id": "", "de": "DE", "fr": "FR", "nl": "NL"}[lang] + str(rnd.randint(10**7, 10**9))
    return dict(name=name, street=street, city=city, tax=tax)


def invoice_number(rnd, year):
    forms = [
        lambda: f"INV-{year}-{rnd.randint(1, 9999):04d}",
        lambda: f"{rnd.choice(['FA', 'FCT', 'RE'])}{rnd.randint(100, 99999)}",
        lambda: f"{year}/{rnd.randint(1, 12):02d}/{rnd.randint(1, 999):03d}",
        lambda: f"{rnd.choice(['A', 'B', 'CJ'])}-{rnd.randint(1000, 9999)}",
        lambda: f"{rnd.randint(10000, 999999)}",
        lambda: f"F{str(year)[2:]}-{rnd.randint(1, 9999):05d}",
    ]
    return rnd.choice(forms)()


def make_invoice(i, rnd):
    locale = LOCALES[i % len(LOCALES)]
    lang = lang_of(locale)
    cur = rnd.choice(CURRENCIES[locale])
    issue = dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randint(0, 700))
    has_due = rnd.random() < 0.85
    due = issue + dt.timedelta(days=rnd.choice([7, 14, 15, 30, 45, 60])) if has_due else None
    seller = company(lang, rnd)
    buyer = company(lang, rnd, avoid=seller["name"])
    vat = VAT[locale]
    lines = []
    for _ in range(rnd.randint(1, 5)):
        qty = rnd.choice([1, 1, 2, 3, 5, 10, 12])
        if cur == "IDR":
            price = rnd.randint(5, 900) * 1000_00
        else:
            price = rnd.randint(500, 250000)
        lines.append(dict(desc=rnd.choice(ITEMS[lang]), qty=qty, price=price, amount=qty * price))
    net = sum(l["amount"] for l in lines)
    tax = (net * vat + 50) // 100
    if cur == "IDR":
        tax = (tax // 100) * 100
    gross = net + tax
    paid = 0
    if rnd.random() < 0.2:
        paid = (gross // 3 // 100) * 100
    return dict(
        idx=i, locale=locale, lang=lang, cur=cur, number=invoice_number(rnd, issue.year), issue=issue, due=due,
        seller=seller, buyer=buyer, vat=vat, lines=lines, net=net, tax=tax, gross=gross, paid=paid,
        payable=gross - paid,
    )


def texts(inv, rnd):
    """Every string a layout prints, chosen once so all layouts draw from the same wording."""
    L = LABELS[inv["lang"]]
    loc = inv["locale"]
    style = rnd.choice([0, 1, 2])
    m = lambda c: money(c, inv["cur"], loc, rnd, style)
    t = dict(
        title=rnd.choice(L["title"]), number_l=rnd.choice(L["number"]), issue_l=rnd.choice(L["issue"]),
        due_l=rnd.choice(L["due"]), seller_l=rnd.choice(L["seller"]), buyer_l=rnd.choice(L["buyer"]),
        net_l=rnd.choice(L["net"]), vat_l=f"{rnd.choice(L['vat'])} {inv['vat']}%", gross_l=rnd.choice(L["gross"]),
        paid_l=rnd.choice(L["paid"]), due_amount_l=rnd.choice(L["due_amount"]),
        issue=fmt_date(inv["issue"], loc, rnd), due=fmt_date(inv["due"], loc, rnd) if inv["due"] else None,
        net=m(inv["net"]), tax=m(inv["tax"]), gross=m(inv["gross"]), paid=m(inv["paid"]), payable=m(inv["payable"]),
        desc=L["desc"], qty=L["qty"], price=L["price"],
        # Bare numbers: the currency is named once, in the amount column's heading.
        amount=f"{L['amount']} ({inv['cur']})" if style == 2 else L["amount"], thanks=L["thanks"], tax_id=L["tax_id"],
        cur_note=inv["cur"] if style == 2 else None,
    )
    t["lines"] = [(l["desc"], str(l["qty"]), m(l["price"]), m(l["amount"])) for l in inv["lines"]]
    t["pay_text"] = L["pay_text"].format(amount=money(inv["payable"], inv["cur"], loc, rnd, 0), due=t["due"] or t["issue"])
    return t


def totals_rows(inv, t):
    rows = [(t["net_l"], t["net"]), (t["vat_l"], t["tax"]), (t["gross_l"], t["gross"])]
    if inv["paid"]:
        rows += [(t["paid_l"], t["paid"]), (t["due_amount_l"], t["payable"])]
    else:
        rows[-1] = (t["due_amount_l"] if len(t["due_amount_l"]) % 2 else t["gross_l"], t["gross"])
    return rows


# ---------------------------------------------------------------- canvas for ReportLab and fpdf2

class RL:
    """ReportLab canvas, y from the top in mm."""
    tool = "reportlab"

    def __init__(self, path):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen import canvas
        from reportlab.lib.pagesizes import A4
        pdfmetrics.registerFont(TTFont("DV", FONT))
        pdfmetrics.registerFont(TTFont("DVB", FONT_BOLD))
        self.c = canvas.Canvas(path, pagesize=A4, invariant=1)
        self.h = A4[1]
        self.mm = 72 / 25.4

    def text(self, x, y, s, size=9, bold=False, align="l"):
        self.c.setFont("DVB" if bold else "DV", size)
        X, Y = x * self.mm, self.h - y * self.mm
        {"l": self.c.drawString, "r": self.c.drawRightString, "c": self.c.drawCentredString}[align](X, Y, s)

    def hline(self, x1, x2, y):
        self.c.line(x1 * self.mm, self.h - y * self.mm, x2 * self.mm, self.h - y * self.mm)

    def save(self):
        self.c.save()


class FP:
    tool = "fpdf2"

    def __init__(self, path):
        from fpdf import FPDF
        self.path = path
        self.p = FPDF(unit="mm", format="A4")
        self.p.set_creation_date(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
        self.p.add_font("DV", "", FONT)
        self.p.add_font("DV", "B", FONT_BOLD)
        self.p.add_page()
        self.p.set_auto_page_break(False)

    def text(self, x, y, s, size=9, bold=False, align="l"):
        self.p.set_font("DV", "B" if bold else "", size)
        w = self.p.get_string_width(s)
        X = {"l": x, "r": x - w, "c": x - w / 2}[align]
        self.p.text(X, y, s)

    def hline(self, x1, x2, y):
        self.p.line(x1, y, x2, y)

    def cell_table(self, x, y, rows, widths, border=1):
        self.p.set_font("DV", "", 9)
        self.p.set_xy(x, y)
        for r in rows:
            self.p.set_x(x)
            for w, v in zip(widths, r):
                self.p.cell(w, 6, v, border=border)
            self.p.ln(6)
        return self.p.get_y()

    def save(self):
        self.p.output(self.path)


def party_lines(p, t):
    return [p["name"], p["street"], p["city"], f"{t['tax_id']} {p['tax']}" if p["tax"] else ""]


def items_table(c, t, y, x0=15, x1=195):
    c.text(x0, y, t["desc"], bold=True)
    c.text(x1 - 75, y, t["qty"], bold=True, align="r")
    c.text(x1 - 38, y, t["price"], bold=True, align="r")
    c.text(x1, y, t["amount"], bold=True, align="r")
    c.hline(x0, x1, y + 2)
    for d, q, p, a in t["lines"]:
        y += 7
        c.text(x0, y, d)
        c.text(x1 - 75, y, q, align="r")
        c.text(x1 - 38, y, p, align="r")
        c.text(x1, y, a, align="r")
    c.hline(x0, x1, y + 3)
    return y + 10


# Layout 1 (ReportLab): letterhead left, meta "label  value" block right, bill-to left, totals table.
def L1(inv, t, c):
    s, b = inv["seller"], inv["buyer"]
    c.text(15, 20, s["name"], 14, True)
    for k, l in enumerate(party_lines(s, t)[1:]):
        c.text(15, 27 + 5 * k, l, 8)
    c.text(195, 20, t["title"], 18, True, "r")
    meta = [(t["number_l"], inv["number"]), (t["issue_l"], t["issue"])]
    if t["due"]:
        meta.append((t["due_l"], t["due"]))
    for k, (l, v) in enumerate(meta):
        c.text(125, 32 + 6 * k, l, 9, True)
        c.text(195, 32 + 6 * k, v, 9, False, "r")
    c.text(15, 62, t["buyer_l"], 9, True)
    for k, l in enumerate(party_lines(b, t)):
        c.text(15, 68 + 5 * k, l)
    y = items_table(c, t, 100)
    for l, v in totals_rows(inv, t):
        c.text(150, y, l, 9, l == totals_rows(inv, t)[-1][0], "r")
        c.text(195, y, v, 9, False, "r")
        y += 6
    if t["cur_note"]:
        c.text(15, y + 6, f"{t['cur_note']}")
    c.text(15, 280, t["thanks"], 8)


# Layout 2 (ReportLab): labels above values in a band, buyer left / seller right, total in a sentence.
def L2(inv, t, c):
    s, b = inv["seller"], inv["buyer"]
    c.text(15, 18, t["title"], 20, True)
    c.text(15, 34, t["buyer_l"], 8, True)
    c.text(120, 34, t["seller_l"], 8, True)
    for k, (lb, ls) in enumerate(zip(party_lines(b, t), party_lines(s, t))):
        c.text(15, 40 + 5 * k, lb, 9, k == 0)
        c.text(120, 40 + 5 * k, ls, 9, k == 0)
    heads = [t["number_l"], t["issue_l"]] + ([t["due_l"]] if t["due"] else [])
    vals = [inv["number"], t["issue"]] + ([t["due"]] if t["due"] else [])
    for k, (h, v) in enumerate(zip(heads, vals)):
        c.text(15 + 62 * k, 72, h, 8, True)
        c.text(15 + 62 * k, 78, v, 10)
    y = items_table(c, t, 95)
    c.text(195, y, f"{t['net_l']}: {t['net']}   {t['vat_l']}: {t['tax']}", 9, False, "r")
    y += 10
    if inv["paid"]:
        c.text(15, y, f"{t['gross_l']}: {t['gross']}, {t['paid_l']}: {t['paid']}.")
        y += 6
    c.text(15, y, t["pay_text"], 10, True)
    c.text(15, 280, t["thanks"], 8)


# Layout 3 (ReportLab, HELD OUT): window envelope; seller only in the footer; meta right with colons.
def L3(inv, t, c):
    s, b = inv["seller"], inv["buyer"]
    c.text(20, 45, f"{s['name']} · {s['street']} · {s['city']}", 6)
    c.hline(20, 105, 46)
    for k, l in enumerate(party_lines(b, t)[:3]):
        c.text(20, 52 + 5 * k, l, 10)
    rows = [(t["issue_l"], t["issue"]), (t["number_l"], inv["number"])]
    if t["due"]:
        rows.append((t["due_l"], t["due"]))
    for k, (l, v) in enumerate(rows):
        c.text(130, 50 + 5 * k, f"{l}:", 9)
        c.text(170, 50 + 5 * k, v, 9)
    c.text(20, 90, f"{t['title']} {inv['number']}", 13, True)
    y = items_table(c, t, 102, 20, 190)
    for l, v in totals_rows(inv, t):
        c.text(20, y, l, 9)
        c.text(190, y, v, 9, False, "r")
        y += 5
    c.hline(20, 190, 270)
    c.text(20, 275, f"{s['name']} | {s['street']} | {s['city']} | {t['tax_id']} {s['tax']}", 7)


# Layout 4 (fpdf2): meta in a bordered table, From / To side by side, totals as table rows.
def L4(inv, t, c):
    s, b = inv["seller"], inv["buyer"]
    c.text(15, 20, t["title"], 22, True)
    meta = [(t["number_l"], inv["number"]), (t["issue_l"], t["issue"])] + ([(t["due_l"], t["due"])] if t["due"] else [])
    c.cell_table(120, 12, meta, [40, 35])
    c.text(15, 50, t["seller_l"], 9, True)
    c.text(110, 50, t["buyer_l"], 9, True)
    for k, (ls, lb) in enumerate(zip(party_lines(s, t), party_lines(b, t))):
        c.text(15, 56 + 5 * k, ls)
        c.text(110, 56 + 5 * k, lb)
    rows = [(t["desc"], t["qty"], t["price"], t["amount"])] + list(t["lines"])
    y = c.cell_table(15, 85, rows, [80, 20, 40, 40])
    rows = totals_rows(inv, t)
    c.cell_table(95, y + 4, rows, [60, 40])


# Layout 5 (fpdf2): a letter; every value in running text.
def L5(inv, t, c):
    s, b = inv["seller"], inv["buyer"]
    for k, l in enumerate(party_lines(s, t)):
        c.text(195, 15 + 5 * k, l, 9, k == 0, "r")
    for k, l in enumerate(party_lines(b, t)[:3]):
        c.text(15, 45 + 5 * k, l, 10)
    c.text(15, 75, f"{t['title']} — {t['number_l']} {inv['number']}", 13, True)
    c.text(15, 83, f"{t['issue_l']}: {t['issue']}")
    if t["due"]:
        c.text(80, 83, f"{t['due_l']}: {t['due']}")
    y = items_table(c, t, 98)
    c.text(15, y, f"{t['net_l']} {t['net']}, {t['vat_l']} {t['tax']}, {t['gross_l']} {t['gross']}.")
    if inv["paid"]:
        c.text(15, y + 6, f"{t['paid_l']} {t['paid']}.")
    c.text(15, y + 14, f"{t['due_amount_l']}: {t['payable']}", 11, True)
    if t["cur_note"]:
        c.text(15, y + 20, f"({t['cur_note']})", 8)
    c.text(15, 285, t["thanks"], 8)


# Layout 6 (fpdf2, HELD OUT): narrow right column with all meta (label above value), buyer top left
# under its label, seller name big at the bottom, totals right-aligned as "label value" lines.
def L6(inv, t, c):
    s, b = inv["seller"], inv["buyer"]
    c.text(15, 18, t["buyer_l"].upper(), 8, True)
    for k, l in enumerate(party_lines(b, t)[:3]):
        c.text(15, 24 + 5 * k, l, 10)
    y = 18
    blocks = [(t["title"], ""), (t["number_l"], inv["number"]), (t["issue_l"], t["issue"])]
    if t["due"]:
        blocks.append((t["due_l"], t["due"]))
    blocks.append((t["due_amount_l"], t["payable"]))
    for l, v in blocks:
        c.text(150, y, l, 8, True)
        if v:
            c.text(150, y + 5, v, 10)
        y += 12
    y = items_table(c, t, 90, 15, 135)
    for l, v in totals_rows(inv, t):
        c.text(135, y, f"{l}  {v}", 9, False, "r")
        y += 6
    c.text(15, 262, t["seller_l"], 8, True)
    c.text(15, 270, s["name"], 14, True)
    c.text(15, 276, f"{s['street']}, {s['city']}  {t['tax_id']} {s['tax']}", 8)


# ---------------------------------------------------------------- Typst layouts

def esc(s):
    return "".join("\\" + ch if ch in "#[]*_`$<>@\\/~\"" else ch for ch in s)


def typ_party(p, t):
    return " \\ ".join(esc(l) for l in party_lines(p, t) if l)


def typ_money_rows(inv, t):
    return ", ".join(f"[{esc(l)}], [{esc(v)}]" for l, v in totals_rows(inv, t))


def typ_items(t):
    head = f"[*{esc(t['desc'])}*], [*{esc(t['qty'])}*], [*{esc(t['price'])}*], [*{esc(t['amount'])}*]"
    body = ", ".join(", ".join(f"[{esc(x)}]" for x in row) for row in t["lines"])
    return f"#table(columns: (1fr, auto, auto, auto), align: (left, right, right, right), stroke: 0.4pt, {head}, {body})"


PREAMBLE = '#set page(paper: "a4", margin: 18mm)\n#set text(font: "DejaVu Sans", size: 9pt)\n'


# Layout 7 (Typst): seller | meta grid header, buyer box, items table, totals table right.
def L7(inv, t):
    meta = [(t["number_l"], inv["number"]), (t["issue_l"], t["issue"])] + ([(t["due_l"], t["due"])] if t["due"] else [])
    meta_cells = ", ".join(f"[*{esc(l)}*], [{esc(v)}]" for l, v in meta)
    seller_rest = " \\ ".join(esc(l) for l in party_lines(inv["seller"], t)[1:] if l)
    cur_note = f"#text(size: 8pt)[{esc(t['cur_note'])}]" if t["cur_note"] else ""
    return PREAMBLE + f"""
#grid(columns: (1fr, auto), gutter: 12pt,
  [#text(size: 15pt, weight: "bold")[{esc(inv['seller']['name'])}] \\ {seller_rest}],
  [#text(size: 18pt, weight: "bold")[{esc(t['title'])}] \\ #table(columns: 2, stroke: none, {meta_cells})])
#v(8mm)
#block(stroke: 0.5pt, inset: 8pt)[*{esc(t['buyer_l'])}* \\ {typ_party(inv['buyer'], t)}]
#v(6mm)
{typ_items(t)}
#align(right)[#table(columns: 2, stroke: none, align: (left, right), {typ_money_rows(inv, t)})]
{cur_note}
#v(1fr)
#text(size: 8pt)[{esc(t['thanks'])}]
"""


# Layout 8 (Typst): one header line with all meta; parties in a two-column table with headings;
# the amount due in a shaded box.
def L8(inv, t):
    head = f"{esc(t['number_l'])} {esc(inv['number'])} · {esc(t['issue_l'])} {esc(t['issue'])}"
    if t["due"]:
        head += f" · {esc(t['due_l'])} {esc(t['due'])}"
    paid = f" \\ {esc(t['paid_l'])}: {esc(t['paid'])}" if inv["paid"] else ""
    cur_note = f"#text(size: 8pt)[{esc(t['cur_note'])}]" if t["cur_note"] else ""
    return PREAMBLE + f"""
#align(center)[#text(size: 16pt, weight: "bold")[{esc(t['title'])}]]
#align(center)[{head}]
#v(6mm)
#table(columns: (1fr, 1fr), stroke: 0.4pt, inset: 6pt,
  [*{esc(t['seller_l'])}*], [*{esc(t['buyer_l'])}*],
  [{typ_party(inv['seller'], t)}], [{typ_party(inv['buyer'], t)}])
#v(6mm)
{typ_items(t)}
#align(right)[{esc(t['net_l'])}: {esc(t['net'])} \\ {esc(t['vat_l'])}: {esc(t['tax'])} \\ {esc(t['gross_l'])}: {esc(t['gross'])}{paid}]
#align(right)[#box(fill: luma(230), inset: 8pt)[*{esc(t['due_amount_l'])}: {esc(t['payable'])}*]]
{cur_note}
"""


# Layout 9 (Typst, HELD OUT): buyer first in the top right, meta as a vertical list of
# "value" under small caps labels on the left, seller only in a signature block at the end,
# the amount due written in a sentence.
def L9(inv, t):
    meta = [(t["number_l"], inv["number"]), (t["issue_l"], t["issue"])] + ([(t["due_l"], t["due"])] if t["due"] else [])
    meta_s = " \\ ".join(f"#text(size: 7pt)[{esc(l.upper())}] \\ #text(size: 11pt)[{esc(v)}]" for l, v in meta)
    return PREAMBLE + f"""
#grid(columns: (1fr, 1fr),
  [#text(size: 22pt, weight: "bold")[{esc(t['title'])}] \\ #v(4mm) {meta_s}],
  [#align(right)[*{esc(t['buyer_l'])}* \\ {typ_party(inv['buyer'], t)}]])
#v(10mm)
{typ_items(t)}
#grid(columns: (1fr, auto), [], [#table(columns: 2, stroke: none, align: (left, right), {typ_money_rows(inv, t)})])
#v(4mm)
{esc(t['pay_text'])}
#v(1fr)
#line(length: 100%, stroke: 0.3pt)
#text(size: 8pt)[{esc(t['seller_l'])}: *{esc(inv['seller']['name'])}*, {esc(inv['seller']['street'])}, {esc(inv['seller']['city'])} · {esc(t['tax_id'])} {esc(inv['seller']['tax'])}]
"""


LAYOUTS = [("L1", L1, RL), ("L2", L2, RL), ("L3", L3, RL), ("L4", L4, FP), ("L5", L5, FP), ("L6", L6, FP),
           ("L7", L7, "typst"), ("L8", L8, "typst"), ("L9", L9, "typst")]
PER_LAYOUT = 8


def main():
    import typst
    rnd = random.Random(SEED)
    rows = []
    n = 0
    for lname, layout, tool in LAYOUTS:
        for _ in range(PER_LAYOUT):
            inv = make_invoice(n, rnd)
            t = texts(inv, rnd)
            name = f"{lname}_{n:03d}_{inv['locale']}.pdf"
            path = os.path.join(OUT, name)
            if tool == "typst":
                src = os.path.join("/tmp", f"duly-corpus-{n}.typ")
                with open(src, "w", encoding="utf-8") as f:
                    f.write(layout(inv, t))
                typst.compile(src, output=path)
                os.remove(src)
                tool_name = "typst"
            else:
                c = tool(path)
                layout(inv, t, c)
                c.save()
                tool_name = tool.tool
            rows.append([
                name, lname, tool_name, inv["locale"], "heldout" if lname in HELDOUT else "tune", inv["number"],
                inv["issue"].isoformat(), inv["due"].isoformat() if inv["due"] else "", inv["cur"],
                f"{inv['payable'] // 100}.{inv['payable'] % 100:02d}", inv["seller"]["name"], inv["buyer"]["name"],
            ])
            n += 1
    with open(os.path.join(OUT, "expected.tsv"), "w", encoding="utf-8") as f:
        f.write("\t".join(["file", "layout", "tool", "locale", "split", "invoice_number", "issue_date", "due_date",
                           "currency", "total_payable", "seller_name", "buyer_name"]) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{n} invoices written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
