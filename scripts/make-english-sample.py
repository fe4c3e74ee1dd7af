#!/usr/bin/env python3
"""Writes samples/crm-export-en.csv, its workbook form samples/crm-export-en.xlsx, and
samples/attachments-en/: an English CRM export as a US partner hands it over. Comma-separated,
US dates (month first; some unambiguous, most not), a month-name date here and there, customers
in the US, Germany, Austria, Italy and the UK with their phones written nationally, IOC country
codes in places, a middle-name column, and columns no Reliance field takes. The workbook has an
Info sheet first and a title block above the header. Deterministic: the same bytes every run.

Beside them, Tests/EndToEndTests/Fixtures/crm-export-en.truth.json records every customer's
real dates, which the test holds the converted ZIPs to.

    pip install openpyxl==3.1.5
    python3 scripts/make-english-sample.py
"""
import csv
import datetime
import io
import json
import pathlib
import random
import zipfile

import openpyxl

ROOT = pathlib.Path(__file__).resolve().parent.parent
rng = random.Random(1966)

HEADER = ["Customer ID", "Created On", "Last Modified", "Salutation", "Title", "First Name", "Middle Name", "Last Name",
          "Street", "House Number", "ZIP Code", "City", "State", "Country", "Date of Birth", "Place of Birth",
          "Country of Birth", "Nationality", "Second Citizenship", "Email Address", "Phone", "Mobile Phone",
          "PEP Precheck", "KYC Provider", "KYC Method", "ID Type", "Document Number", "Issuing Country", "Issue Date",
          "Expiry Date", "Verified At", "Verification Updated", "PEP", "PEP Checked", "PEP Hit Details", "Sanctions",
          "Sanctions Checked", "Sanctions Hit Details", "Professional Client", "IBAN", "BIC", "Bank Name",
          "Risk Tolerance", "Investment Experience", "ID Scan", "Account Manager", "Notes"]

PEOPLE = [
    ("Mr", "James", "Robert", "Miller"), ("Ms", "Linda", "", "Garcia"), ("Mr", "Michael", "J.", "Johnson"),
    ("Mrs", "Patricia", "Ann", "Brown"), ("Mr", "Thomas", "", "Weber"), ("Ms", "Sophie", "Marie", "Gruber"),
    ("Mr", "Luca", "", "Rossi"), ("Mrs", "Emily", "Rose", "Clarke"), ("Mr", "Daniel", "", "Wright"),
    ("Ms", "Hannah", "", "Schneider"), ("Mr", "Giovanni", "Paolo", "Bianchi"), ("Ms", "Olivia", "", "Davis"),
    ("Mr", "William", "Henry", "Taylor"), ("Ms", "Grace", "", "Thompson"), ("Mr", "Felix", "", "Hofer"),
    ("Mrs", "Charlotte", "", "Evans"), ("Mr", "Noah", "Alexander", "Martinez"), ("Ms", "Ava", "", "Wilson"),
    ("Mr", "Lukas", "", "Bauer"), ("Ms", "Isabella", "Grace", "Moore"), ("Mr", "Ethan", "", "Anderson"),
    ("Ms", "Mia", "", "Jackson"), ("Mr", "Oliver", "", "Harris"), ("Mrs", "Amelia", "", "Lewis"),
]

HOMES = {
    "US": [("Broadway", "1550", "10036", "New York", "NY", ["USA", "US", "United States"], "(212) 555-{:04d}", "(917) 555-{:04d}"),
           ("Market Street", "901", "94103", "San Francisco", "CA", ["USA", "US"], "415-555-{:04d}", "1 628 555 {:04d}")],
    "DE": [("Hauptstraße", "12", "01067", "Dresden", "", ["GER", "Germany", "DE"], "0351 555{:04d}", "0170 555{:04d}")],
    "AT": [("Mariahilfer Straße", "45", "1060", "Vienna", "", ["Austria", "AT"], "01 555{:04d}", "0664 555{:04d}")],
    "IT": [("Via del Corso", "120", "00186", "Rome", "", ["Italy", "ITA"], "06 555 {:04d}", "+39 333 555 {:04d}")],
    "GB": [("Baker Street", "221", "NW1 6XE", "London", "", ["United Kingdom", "UK", "GB"], "020 7946 {:04d}", "07700 900{:03d}")],
}
NATIONALITY = {"US": ["American", "US", "USA"], "DE": ["German", "GER"], "AT": ["Austrian", "AUT"], "IT": ["Italian", "ITA"],
               "GB": ["British", "GBR"]}
BANKS = {"US": ("DE89370400440532013000", "COBADEFFXXX", "Commerzbank"), "DE": ("DE02120300000000202051", "BYLADEM1001", "DKB"),
         "AT": ("AT611904300234573201", "BKAUATWW", "UniCredit Bank Austria"), "IT": ("IT60X0542811101000000123456", "BPMOIT22XXX", "Banco BPM"),
         "GB": ("GB29NWBK60161331926819", "NWBKGB2L", "NatWest")}


def fixed_timestamps(path):
    """Sets every entry's time, and the modified date openpyxl stamps on saving, to one day, so a
    rerun writes the same bytes."""
    import re
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    items = [(info, re.sub(rb"<dcterms:modified([^>]*)>[^<]*<", rb"<dcterms:modified\1>2025-03-01T00:00:00Z<", data)
              if info.filename == "docProps/core.xml" else data) for info, data in items]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in items:
            item.date_time = (2025, 3, 1, 0, 0, 0)
            target.writestr(item, data)


def us(date):
    return date.strftime("%m/%d/%Y")


def us_time(moment):
    return moment.strftime("%m/%d/%Y %H:%M")


def main():
    rows = []
    truth = {}
    homes = [(country, home) for country, options in HOMES.items() for home in options]
    for index, (salutation, first, middle, last) in enumerate(PEOPLE):
        number = 1001 + index
        country, (street, house, zip_code, city, state, spellings, phone, mobile) = homes[index % len(homes)]
        # Birth dates: day above 12 for a third of the customers (the export's order shows), the rest ambiguous.
        day = rng.randint(13, 28) if index % 3 == 0 else rng.randint(1, 12)
        birth = datetime.date(rng.randint(1950, 2000), rng.randint(1, 12), day)
        issue = datetime.date(rng.randint(2017, 2023), rng.randint(1, 12), rng.randint(1, 28))
        expire = issue.replace(year=issue.year + 10)
        verified = datetime.datetime(2024, rng.randint(1, 12), rng.randint(1, 28), rng.randint(8, 17), rng.choice([0, 15, 30, 45]))
        updated = verified + datetime.timedelta(minutes=5)
        checked = verified + datetime.timedelta(minutes=1)
        modified = datetime.datetime(2025, 3, rng.randint(1, 28), 10, 0)
        birth_text = birth.strftime("%b %d, %Y") if index in (4, 13) else us(birth)
        iban, bic, bank = BANKS[country]
        rows.append([
            str(number), us(datetime.date(2019, 5, 1) + datetime.timedelta(days=index * 17)), us_time(modified),
            salutation, "Dr." if index % 7 == 3 else "", first, middle, last, street, house, zip_code, city, state,
            spellings[index % len(spellings)], birth_text, city if index % 2 else "Springfield", spellings[0],
            NATIONALITY[country][index % len(NATIONALITY[country])], "AT" if index % 6 == 1 else "",
            f"{first.lower()}.{last.lower()}@example.com", phone.format(1000 + index), mobile.format(100 + index) if index % 4 else "",
            "No", "IDnow" if index % 2 else "WebID", "Video" if index % 3 else "Video Ident",
            "Passport" if index % 2 else "ID Card", f"P{rng.randint(1000000, 9999999)}", spellings[0], us(issue), us(expire),
            us_time(verified), us_time(updated), "No", us_time(checked), "", "No", us_time(checked), "",
            "No", iban, bic, bank, str(rng.randint(1, 5)), str(rng.randint(1, 5)), f"ID-{number}.pdf",
            rng.choice(["J. Smith", "K. Lee", "M. Brown"]), rng.choice(["", "VIP", "called back", "prefers email"]),
        ])
        truth[f"CUST_{number}"] = {"birthDate": birth.isoformat(), "issueDate": issue.isoformat(), "expireDate": expire.isoformat(),
                                   "approveTime": verified.strftime("%Y-%m-%dT%H:%M:00")}
    samples = ROOT / "samples"
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    (samples / "crm-export-en.csv").write_text(text.getvalue(), encoding="utf-8")

    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = datetime.datetime(2025, 3, 1)
    info = wb.active
    info.title = "Info"
    info["A1"] = "CRM export, all active customers"
    info["A2"] = "Exported 03/01/2025 by reporting"
    sheet = wb.create_sheet("Customers")
    sheet["A1"] = "Customer Master Data"
    sheet["A2"] = "Filter: status = active"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    path = samples / "crm-export-en.xlsx"
    wb.save(path)
    fixed_timestamps(path)

    attachments = samples / "attachments-en"
    attachments.mkdir(exist_ok=True)
    for row in rows:
        body = f"%PDF-1.4\n% ID scan {row[0]} {row[5]} {row[7]}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
        (attachments / row[44]).write_text(body, encoding="utf-8")
    (ROOT / "Tests/EndToEndTests/Fixtures/crm-export-en.truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True) + "\n")
    print(f"{len(rows)} customers written")


if __name__ == "__main__":
    main()
