"""Python peer for `cargo bench -p duly-import`: the same work on the same files.

CSV: the stdlib csv module, rows grouped by invoice number, dates and amounts parsed exactly
(datetime, Decimal). UBL: lxml, the same fields by XPath (number, dates, currency, totals,
parties, lines). Prints the best of N runs for each.

    python3 -m venv /tmp/peer && /tmp/peer/bin/pip install lxml
    /tmp/peer/bin/python crates/duly-import/benches/peer/peer.py target/tmp/import-bench
"""
import csv
import io
import pathlib
import sys
import time
from datetime import datetime
from decimal import Decimal

from lxml import etree

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}


def cents(text):
    return int(Decimal(text) * 100)


def read_csv(data):
    text = data.decode("utf-8-sig")
    rows = csv.DictReader(io.StringIO(text))
    invoices = {}
    for r in rows:
        inv = invoices.get(r["Invoice Number"])
        if inv is None:
            inv = invoices[r["Invoice Number"]] = {
                "issue": datetime.strptime(r["Invoice Date"], "%d/%m/%Y").date(),
                "due": datetime.strptime(r["Due Date"], "%d/%m/%Y").date(),
                "currency": r["Currency"],
                "total": cents(r["Total"]),
                "due_amount": cents(r["Balance"]),
                "buyer": r["Client"],
                "email": r["Email"],
                "lines": [],
            }
        inv["lines"].append((r["Item Name"], Decimal(r["Quantity"]), cents(r["Rate"]), cents(r["Line Total"])))
    return invoices


def read_ubl(data):
    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    t = lambda path: root.findtext(path, namespaces=NS)
    party = lambda p: {
        "name": root.findtext(p + "/cac:PartyLegalEntity/cbc:RegistrationName", namespaces=NS) or root.findtext(p + "/cac:PartyName/cbc:Name", namespaces=NS),
        "tax": root.findtext(p + "/cac:PartyTaxScheme/cbc:CompanyID", namespaces=NS),
    }
    return {
        "number": t("cbc:ID"),
        "issue": datetime.strptime(t("cbc:IssueDate"), "%Y-%m-%d").date(),
        "due": t("cbc:DueDate"),
        "currency": t("cbc:DocumentCurrencyCode"),
        "total": cents(t("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount")),
        "payable": cents(t("cac:LegalMonetaryTotal/cbc:PayableAmount")),
        "seller": party("cac:AccountingSupplierParty/cac:Party"),
        "buyer": party("cac:AccountingCustomerParty/cac:Party"),
        "lines": [
            (l.findtext("cac:Item/cbc:Name", namespaces=NS), l.findtext("cbc:InvoicedQuantity", namespaces=NS), l.findtext("cbc:LineExtensionAmount", namespaces=NS))
            for l in root.findall("cac:InvoiceLine", namespaces=NS)
        ],
    }


def best(fn, runs=7):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    base = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/tmp/import-bench")
    csv_bytes = (base / "invoices-10k.csv").read_bytes()
    ubl = [p.read_bytes() for p in sorted((base / "ubl").glob("*.xml"))]
    assert len(read_csv(csv_bytes)) == 5000
    t_csv = best(lambda: read_csv(csv_bytes))
    t_ubl = best(lambda: [read_ubl(b) for b in ubl])
    print(f"python csv_10k_rows: {t_csv * 1000:.1f} ms")
    print(f"python ubl_{len(ubl)}_files: {t_ubl * 1000:.1f} ms")


if __name__ == "__main__":
    main()
