#!/usr/bin/env python3
"""Writes the exports `init` is held to, each in Tests/RelianceKitTests/Fixtures/init-NAME/:

    export.csv / export.xlsx   the export, as the program named below writes it
    answers.json               what a person fills in for each TODO line init leaves (by the line's key)
    truth.json                 every customer's real values, by their path in main.json

The six exports imitate what migration teams are handed:
    excel-de     Excel "CSV (Trennzeichen-getrennt)" in German locale: Windows-1252, `sep=;` first line,
                 CRLF, a trailing delimiter on every line, customers in Switzerland and Austria with
                 German mobile numbers, "kein Treffer" in a yes/no column, "eSignatur (QES)" as a method
    excel-us     Excel "CSV UTF-8": byte order mark, comma, US dates, 24-hour times, customers in the
                 US, Germany and the UK with their phones written nationally
    libreoffice  a LibreOffice round trip: every text quoted, postal codes that lost their leading
                 zero, WAHR/FALSCH, salutation codes 1/2 beside a letter salutation
    crm-report   a CRM report workbook (Dynamics 365 column names) with a title block, a GUID id,
                 a job-title column, date cells
    datev        a DATEV "Debitoren/Kreditoren" file: EXTF metadata line, repeated "Leerfeld" columns,
                 Windows-1252, KYC data in "Individuelles Feld" columns
    salesforce   a Salesforce contacts report: "Account Name" is the household or company, "Title" the
                 job title, Dr./Prof. among the salutations, the report's footer lines at the end

The truth is the data the exports are written from, never what the converter makes of them.
Deterministic: the same bytes every run.

    pip install openpyxl==3.1.5
    python3 scripts/make-init-fixtures.py
    swift build && python3 scripts/make-init-fixtures.py --samples     # the samples' answer keys and truths
"""
import csv
import datetime
import importlib.util
import io
import json
import pathlib
import random
import re
import zipfile

import openpyxl

ROOT = pathlib.Path(__file__).resolve().parent.parent
BASE = ROOT / "Tests" / "RelianceKitTests" / "Fixtures"

FIRST = [("Herr", "Thomas"), ("Frau", "Anna"), ("Herr", "Jürgen"), ("Frau", "Sabine"), ("Herr", "Lukas"), ("Frau", "Maria"),
         ("Herr", "Stefan"), ("Frau", "Claudia"), ("Herr", "Michael"), ("Frau", "Petra"), ("Herr", "Andreas"), ("Frau", "Julia"),
         ("Herr", "Björn"), ("Frau", "Sophie"), ("Herr", "Felix"), ("Frau", "Hannah")]
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter",
        "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Werner"]
HOMES = {
    "DE": [("Hauptstraße", "01067", "Dresden"), ("Karl-Liebknecht-Straße", "04109", "Leipzig"), ("Invalidenstraße", "10115", "Berlin"),
           ("Mönckebergstraße", "20095", "Hamburg"), ("Schildergasse", "50667", "Köln")],
    "CH": [("Bahnhofstrasse", "8001", "Zürich"), ("Marktgasse", "3011", "Bern")],
    "AT": [("Mariahilfer Straße", "1060", "Wien"), ("Getreidegasse", "5020", "Salzburg")],
    "US": [("Broadway", "10036", "New York"), ("Market Street", "94103", "San Francisco")],
    "GB": [("Baker Street", "NW1 6XE", "London")],
}
COUNTRY_DE = {"DE": "Deutschland", "CH": "Schweiz", "AT": "Österreich", "US": "USA", "GB": "Großbritannien"}
COUNTRY_EN = {"DE": "Germany", "CH": "Switzerland", "AT": "Austria", "US": "United States", "GB": "United Kingdom"}
NATION_DE = {"DE": "deutsch", "CH": "schweizerisch", "AT": "österreichisch", "US": "amerikanisch", "GB": "britisch"}
IBANS = [("DE89370400440532013000", "COBADEFFXXX", "Commerzbank"), ("DE02120300000000202051", "BYLADEM1001", "DKB"),
         ("DE44500105175407324931", "INGDDEFFXXX", "ING")]
JOBS = ["Sales Manager", "Head of IT", "CFO", "Consultant", "Teacher", "Engineer", "Physician", "Retired"]
AS_OF = datetime.date(2025, 3, 1)


def people(seed, count, countries):
    """The customers behind an export: real values, as the truth records them."""
    rng = random.Random(seed)
    result = []
    for n in range(count):
        salutation, first = FIRST[(n * 5 + seed) % len(FIRST)]
        last = LAST[(n * 7 + seed) % len(LAST)]
        country = countries[n % len(countries)]
        street, zip_code, city = HOMES[country][n % len(HOMES[country])]
        birth = datetime.date(1940 + rng.randrange(60), 1 + rng.randrange(12), 1 + rng.randrange(28))
        issue = datetime.date(2016 + rng.randrange(8), 1 + rng.randrange(12), 1 + rng.randrange(28))
        approve = datetime.datetime(2024, 1 + rng.randrange(12), 1 + rng.randrange(28), 8 + rng.randrange(10), rng.choice([0, 15, 30, 45]))
        # Customers abroad often keep their German mobile number.
        german_mobile = country == "DE" or n % 3 == 0
        mobile_national = f"0151 {rng.randrange(10**7, 10**8)}" if german_mobile else {
            "CH": f"079 {rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
            "AT": f"0664 {rng.randrange(10**6, 10**7)}", "US": f"(917) 555-{rng.randrange(1000, 9999)}",
            "GB": f"07700 900{rng.randrange(100, 999)}"}[country]
        digits = re.sub(r"\D", "", mobile_national)
        mobile = "+49" + digits[1:] if german_mobile else {"CH": "+41" + digits[1:], "AT": "+43" + digits[1:], "US": "+1" + digits,
                                                           "GB": "+44" + digits[1:]}[country]
        iban, bic, bank = IBANS[n % len(IBANS)]
        title = ["", "", "", "Dr.", "", "Prof. Dr.", "", ""][n % 8]
        result.append(dict(
            n=n, salutation=salutation, title=title, first=first, last=last, country=country, street=street, number=str(1 + n % 40),
            zip=zip_code, city=city, birth=birth, birthPlace=["München", "Berlin", "Dresden", "Zürich", "Wien"][n % 5], nationality=country,
            mobile_national=mobile_national, mobile=mobile, email=f"{MAP_ASCII(first)}.{MAP_ASCII(last)}{n}@example.de".lower(),
            docType=["IDCARD", "PASSPORT"][n % 2], docNumber=f"L01X{rng.randrange(10**4, 10**5)}", issueCountry=country,
            issue=issue, expire=issue.replace(year=issue.year + 10), approve=approve, update=approve + datetime.timedelta(minutes=5),
            method=["VIDEO", "QES", "BANK"][n % 3], vendor=["IDNOW", "WEBID"][n % 2], pep=False, sanction=False,
            professional=False, iban=iban, bic=bic, bank=bank, job=JOBS[n % len(JOBS)],
        ))
    return result


def MAP_ASCII(text):
    return text.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss")


def truth(person, key, holder=True, title=True, salutation=True, phone=True, professional=True):
    """The values of main.json the export carries, by path."""
    values = {
        "person.foreName": person["first"], "person.surName": person["last"], "person.zip": person["zip"], "person.city": person["city"],
        "person.country": person["country"], "person.birthDate": person["birth"].isoformat(), "person.nationality": person["nationality"],
        "person.email": person["email"], "person.idDocument.docType": person["docType"], "person.idDocument.documentNumber": person["docNumber"],
        "person.idDocument.issueCountry": person["issueCountry"], "person.idDocument.issueDate": person["issue"].isoformat(),
        "person.idDocument.expireDate": person["expire"].isoformat(),
        "person.verification.approveTime": person["approve"].strftime("%Y-%m-%dT%H:%M:%S"),
        "person.verification.verificationMethod": person["method"], "person.verification.vendor": person["vendor"],
        "person.compliance.pep": False, "person.compliance.sanction": False,
        "person.bankAccounts[0].iban": person["iban"], "person.bankAccounts[0].bic": person["bic"],
    }
    if salutation:
        values["person.salutation"] = person["salutation"]
    if title and person["title"]:
        values["person.title"] = person["title"]
    if phone:
        values["person.mobile"] = person["mobile"]
    if professional:
        values["person.professional.isProfessional"] = person["professional"]
    if holder is True:
        values["person.bankAccounts[0].accountHolder"] = f"{person['last']}, {person['first']}"
    elif holder:
        values["person.bankAccounts[0].accountHolder"] = holder
    return key, values


def write(name, export_name, data, answers, truths):
    folder = BASE / f"init-{name}"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("export.*"):
        old.unlink()
    if isinstance(data, bytes):
        (folder / export_name).write_bytes(data)
    else:
        data(folder / export_name)
    (folder / "answers.json").write_text(json.dumps(answers, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (folder / "truth.json").write_text(json.dumps(dict(truths), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def csv_text(rows, delimiter, quoting=csv.QUOTE_MINIMAL, line="\r\n"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=line)
    writer.writerows(rows)
    return out.getvalue()


def de(date):
    return date.strftime("%d.%m.%Y")


def excel_de():
    group = people(11, 40, ["DE", "DE", "CH", "AT"])
    header = ["Kundennummer", "Anrede", "Titel", "Vorname", "Nachname", "Straße", "Hausnummer", "PLZ", "Ort", "Land", "Geburtsdatum",
              "Geburtsort", "Staatsangehörigkeit", "Mobil", "E-Mail", "Ausweisart", "Ausweisnummer", "Ausstellungsland", "Ausgestellt am",
              "Gültig bis", "Identifizierungsverfahren", "Ident-Anbieter", "Legitimiert am", "PEP", "PEP geprüft am", "Sanktionstreffer",
              "Prof. Kunde", "Kontoinhaber", "IBAN", "BIC", "Kreditinstitut", ""]
    rows = [header]
    methods = {"VIDEO": "Videoident", "QES": "eSignatur (QES)", "BANK": "Bankident"}
    for p in group:
        rows.append([str(50000 + p["n"]), p["salutation"], p["title"], p["first"], p["last"], p["street"], p["number"], p["zip"], p["city"],
                     COUNTRY_DE[p["country"]], de(p["birth"]), p["birthPlace"], NATION_DE[p["nationality"]], p["mobile_national"], p["email"],
                     ["Personalausweis", "Reisepass"][p["docType"] == "PASSPORT"], p["docNumber"], COUNTRY_DE[p["issueCountry"]],
                     de(p["issue"]), de(p["expire"]), methods[p["method"]], ["IDnow", "WebID"][p["vendor"] == "WEBID"],
                     p["approve"].strftime("%d.%m.%Y %H:%M"), "nein", p["approve"].strftime("%d.%m.%Y %H:%M"),
                     ["nein", "kein Treffer"][p["n"] % 2], ["nein", "ja"][p["professional"]], f"{p['first']} {p['last']}",
                     p["iban"], p["bic"], p["bank"], ""])
    data = ("sep=;\r\n" + csv_text(rows, ";")).encode("cp1252")
    answers = {"precheckPep": "{ const: \"False\" }", "birthPlace": "Geburtsort", "updateTime": "{ column: \"Legitimiert am\", format: \"dd.MM.yyyy HH:mm\" }",
               "sanctionChecked": "{ column: \"PEP geprüft am\", format: \"dd.MM.yyyy HH:mm\" }", "KYC": "\"Ident-Anbieter\"",
               "question": "{ name: { const: AE1 }, value: { const: \"1\" } }", "minimumConverted": 36}
    truths = []
    for p in group:
        key, values = truth(p, f"CUST_{50000 + p['n']}", holder=f"{p['first']} {p['last']}")
        values["person.street"] = f"{p['street']} {p['number']}"
        truths.append((key, values))
    write("excel-de", "export.csv", data, answers, truths)


def us(date):
    return f"{date.month}/{date.day}/{date.year}"


def excel_us():
    group = people(23, 36, ["US", "DE", "GB", "US"])
    header = ["Client ID", "Salutation", "First Name", "Last Name", "Street Address", "City", "ZIP", "Country", "Date of Birth", "Place of Birth",
              "Nationality", "Mobile Phone", "Email", "ID Type", "ID Number", "Issuing Country", "Issue Date", "Expiry Date", "Verified On",
              "Verification Method", "KYC Vendor", "PEP", "Sanctions", "Professional", "Account Holder", "IBAN", "BIC"]
    rows = [header]
    for p in group:
        rows.append([f"C-{7000 + p['n']}", {"Herr": "Mr.", "Frau": "Ms."}[p["salutation"]], p["first"], p["last"], f"{p['number']} {p['street']}",
                     p["city"], p["zip"], COUNTRY_EN[p["country"]], us(p["birth"]), p["birthPlace"], COUNTRY_EN[p["nationality"]],
                     p["mobile_national"], p["email"], ["ID Card", "Passport"][p["docType"] == "PASSPORT"], p["docNumber"],
                     COUNTRY_EN[p["issueCountry"]], us(p["issue"]), us(p["expire"]), us(p["approve"]) + p["approve"].strftime(" %H:%M"),
                     {"VIDEO": "Video", "QES": "QES", "BANK": "Bank transfer"}[p["method"]], ["IDnow", "WebID"][p["vendor"] == "WEBID"],
                     "No", "No", ["No", "Yes"][p["professional"]], f"{p['first']} {p['last']}", p["iban"], p["bic"]])
    data = b"\xef\xbb\xbf" + csv_text(rows, ",").encode("utf-8")
    answers = {"precheckPep": "{ const: \"False\" }", "updateTime": "{ column: \"Verified On\", format: \"M/d/yyyy H:mm\" }",
               "pepChecked": "{ column: \"Verified On\", format: \"M/d/yyyy H:mm\" }",
               "sanctionChecked": "{ column: \"Verified On\", format: \"M/d/yyyy H:mm\" }", "KYC": "\"KYC Vendor\"",
               "question": "{ name: { const: AE1 }, value: { const: \"1\" } }", "minimumConverted": 30}
    # The street column holds number and street: the truth is that text.
    truths = []
    for p in group:
        key, values = truth(p, f"CUST_C-{7000 + p['n']}", title=False, holder=f"{p['first']} {p['last']}")
        values["person.street"] = f"{p['number']} {p['street']}"
        truths.append((key, values))
    write("excel-us", "export.csv", data, answers, truths)


def libreoffice():
    group = people(37, 40, ["DE"])
    header = ["KdNr", "Anrede", "Briefanrede", "Titel", "Vorname", "Nachname", "Strasse", "Hausnr", "PLZ", "Ort", "Land", "Geburtsdatum",
              "Geburtsort", "Nationalitaet", "Handy", "Email", "Ausweistyp", "Ausweisnr", "Ausweis Land", "Ausgestellt", "Ablaufdatum",
              "Ident Methode", "Ident Anbieter", "Identifiziert am", "PEP", "Sanktion", "Professionell", "IBAN", "BIC"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(header)
    for p in group:
        greeting = ("Sehr geehrter Herr " if p["salutation"] == "Herr" else "Sehr geehrte Frau ") + p["last"]
        zip_lost = int(p["zip"])  # the spreadsheet read the postal code as a number
        writer.writerow([10000 + p["n"], 1 if p["salutation"] == "Herr" else 2, greeting, p["title"], p["first"], p["last"], p["street"],
                         int(p["number"]), zip_lost, p["city"], "DE", de(p["birth"]), p["birthPlace"], "DE", p["mobile_national"], p["email"],
                         p["docType"], p["docNumber"], "DE", de(p["issue"]), de(p["expire"]), p["method"], p["vendor"],
                         p["approve"].strftime("%d.%m.%Y %H:%M"), "FALSCH", "FALSCH", ["FALSCH", "WAHR"][p["professional"]],
                         p["iban"], p["bic"]])
    data = out.getvalue().encode("utf-8")
    answers = {"precheckPep": "{ const: \"False\" }", "updateTime": "{ column: \"Identifiziert am\", format: \"dd.MM.yyyy HH:mm\" }",
               "pepChecked": "{ column: \"Identifiziert am\", format: \"dd.MM.yyyy HH:mm\" }",
               "sanctionChecked": "{ column: \"Identifiziert am\", format: \"dd.MM.yyyy HH:mm\" }",
               "question": "{ name: { const: AE1 }, value: { const: \"1\" } }", "minimumConverted": 40}
    truths = []
    for p in group:
        key, values = truth(p, f"CUST_{10000 + p['n']}")
        values["person.street"] = f"{p['street']} {p['number']}"
        truths.append((key, values))
    write("libreoffice", "export.csv", data, answers, truths)


def crm_report():
    group = people(41, 30, ["DE", "AT", "DE"])
    header = ["(Do Not Modify) Contact", "(Do Not Modify) Row Checksum", "Salutation", "First Name", "Last Name", "Job Title",
              "Address 1: Street 1", "Address 1: ZIP/Postal Code", "Address 1: City", "Address 1: Country/Region", "Birthday", "Mobile Phone",
              "Email", "ID Document Type", "Document Number", "Issuing Country", "Issue Date", "Expiry Date", "ID Verification Method",
              "Identity Provider", "Verified On", "PEP", "Sanctions", "Professional Client", "IBAN", "BIC"]

    def save(path):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Kontakte"
        sheet.append(["Aktive Kontakte mit Identifizierung"])
        sheet.append(["Gefiltert nach: Status = Aktiv; Erstellt von: Migration"])
        sheet.append([])
        sheet.append(header)
        for p in group:
            guid = f"{p['n']:08x}-5e1f-4c3a-9d2b-{p['n'] * 7919:012x}"
            sheet.append([guid, f"{p['n'] * 31:x}", {"Herr": "Mr.", "Frau": "Ms."}[p["salutation"]], p["first"], p["last"], p["job"],
                          f"{p['street']} {p['number']}", p["zip"], p["city"], COUNTRY_EN[p["country"]], p["birth"], p["mobile_national"],
                          p["email"], ["ID Card", "Passport"][p["docType"] == "PASSPORT"], p["docNumber"], COUNTRY_EN[p["issueCountry"]],
                          p["issue"], p["expire"], {"VIDEO": "Video identification", "QES": "Qualified electronic signature", "BANK": "Bank transfer"}[p["method"]],
                          ["IDnow GmbH", "WebID Solutions GmbH"][p["vendor"] == "WEBID"], p["approve"], "No", "No",
                          ["No", "Yes"][p["professional"]], p["iban"], p["bic"]])
        for row in sheet.iter_rows(min_row=5):
            for cell in row:
                if isinstance(cell.value, datetime.datetime):
                    cell.number_format = "dd.mm.yyyy hh:mm"
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "dd.mm.yyyy"
        book.properties.creator = "CRM"
        book.properties.created = datetime.datetime(2025, 3, 1)
        book.properties.modified = datetime.datetime(2025, 3, 1)
        book.save(path)
        fixed_timestamps(path)

    answers = {"precheckPep": "{ const: \"False\" }", "birthPlace": "{ const: unbekannt }", "nationality": "\"Address 1: Country/Region\"",
               "updateTime": "\"Verified On\"", "pepChecked": "\"Verified On\"", "sanctionChecked": "\"Verified On\"",
               "KYC": "\"Identity Provider\"", "question": "{ name: { const: AE1 }, value: { const: \"1\" } }", "minimumConverted": 30}
    truths = []
    for p in group:
        guid = f"{p['n']:08x}-5e1f-4c3a-9d2b-{p['n'] * 7919:012x}"
        key, values = truth(p, f"CUST_{guid}", title=False)
        values["person.street"] = f"{p['street']} {p['number']}"
        truths.append((key, values))
    write("crm-report", "export.xlsx", save, answers, truths)


def fixed_timestamps(path):
    """The English sample's: every entry's time, and the modified date openpyxl stamps, set to one day."""
    spec = importlib.util.spec_from_file_location("english_sample", ROOT / "scripts" / "make-english-sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.fixed_timestamps(path)


def datev():
    group = people(53, 32, ["DE", "DE", "AT"])
    meta = ['"EXTF"', "700", "16", '"Debitoren/Kreditoren"', "5", "20250301101500123", "", '"RE"', '""', '""', "1001", "12345", "20250101", "5",
            "", "", '""', '""', "", "0", "", "", "", ""]
    header = ["Konto", "Name (Adressatentyp Unternehmen)", "Name (Adressatentyp natürl. Person)", "Vorname (Adressatentyp natürl. Person)",
              "Adressatentyp", "Leerfeld", "Anrede", "Titel/Akad. Grad", "Straße", "Postleitzahl", "Ort", "Land", "Leerfeld", "Telefon",
              "E-Mail", "Leerfeld", "IBAN-Nr. 1", "SWIFT-Code 1", "Abw. Kontoinhaber 1", "Leerfeld", "Individuelles Feld 1",
              "Individuelles Feld 2", "Individuelles Feld 3", "Individuelles Feld 4", "Individuelles Feld 5", "Individuelles Feld 6",
              "Individuelles Feld 7", "Individuelles Feld 8", "Individuelles Feld 9", "Individuelles Feld 10"]
    lines = [";".join(meta), ";".join(f'"{name}"' for name in header)]
    for p in group:
        cells = [str(10000 + p["n"]), "", p["last"], p["first"], "1", "", p["salutation"], p["title"], f"{p['street']} {p['number']}", p["zip"],
                 p["city"], p["country"], "", "", p["email"], "", p["iban"], p["bic"], "", "", de(p["birth"]), p["birthPlace"],
                 p["nationality"], ["Personalausweis", "Reisepass"][p["docType"] == "PASSPORT"], p["docNumber"], de(p["issue"]),
                 de(p["expire"]), p["approve"].strftime("%d.%m.%Y %H:%M"), {"VIDEO": "Videoident", "QES": "eSignatur (QES)", "BANK": "Bankident"}[p["method"]],
                 ["IDnow", "WebID"][p["vendor"] == "WEBID"]]
        lines.append(";".join(cell if cell.isdigit() or cell == "" else f'"{cell}"' for cell in cells))
    data = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    fields = {"birthDate": "{ column: \"Individuelles Feld 1\", format: \"dd.MM.yyyy\" }", "birthPlace": "\"Individuelles Feld 2\"",
              "nationality": "\"Individuelles Feld 3\"",
              "docType": "{ column: \"Individuelles Feld 4\", map: { Personalausweis: IDCARD, Reisepass: PASSPORT } }",
              "issueCountry": "Land", "documentNumber": "\"Individuelles Feld 5\"",
              "issueDate": "{ column: \"Individuelles Feld 6\", format: \"dd.MM.yyyy\" }",
              "expireDate": "{ column: \"Individuelles Feld 7\", format: \"dd.MM.yyyy\" }",
              "approveTime": "{ column: \"Individuelles Feld 8\", format: \"dd.MM.yyyy HH:mm\" }",
              "updateTime": "{ column: \"Individuelles Feld 8\", format: \"dd.MM.yyyy HH:mm\" }",
              "verificationMethod": "{ column: \"Individuelles Feld 9\", map: { Videoident: VIDEO, \"eSignatur (QES)\": QES, Bankident: BANK } }",
              "vendor": "\"Individuelles Feld 10\"", "KYC": "\"Individuelles Feld 10\"",
              "precheckPep": "{ const: \"False\" }", "pep": "{ const: nein }", "pepChecked": "{ column: \"Individuelles Feld 8\", format: \"dd.MM.yyyy HH:mm\" }",
              "sanction": "{ const: nein }", "sanctionChecked": "{ column: \"Individuelles Feld 8\", format: \"dd.MM.yyyy HH:mm\" }",
              "isProfessional": "{ const: nein }", "question": "{ name: { const: AE1 }, value: { const: \"1\" } }", "minimumConverted": 32}
    truths = []
    for p in group:
        key, values = truth(p, f"CUST_{10000 + p['n']}", phone=False, professional=False, holder=False)
        values["person.street"] = f"{p['street']} {p['number']}"
        truths.append((key, values))
    write("datev", "export.csv", data, fields, truths)


def salesforce():
    group = people(67, 36, ["DE", "CH", "DE", "AT"])
    header = ["Contact ID", "Salutation", "First Name", "Last Name", "Title", "Account Name", "Mailing Street", "Mailing City",
              "Mailing Zip/Postal Code", "Mailing Country", "Birthdate", "Mobile", "Email", "ID Document Type", "ID Number", "ID Issuing Country",
              "ID Issue Date", "ID Expiry Date", "Verified On", "ID Verification Method", "KYC Vendor", "PEP", "Sanctions",
              "Professional Investor", "IBAN", "BIC", "Last Modified Date"]
    rows = [header]
    for p in group:
        # Salesforce's salutation picklist holds Dr. and Prof. beside Mr. and Ms.: a doctor's salutation is their title.
        salutation = p["title"].split()[0] if p["title"] else {"Herr": "Mr.", "Frau": "Ms."}[p["salutation"]]
        account = "Private Clients" if p["n"] % 3 else f"{p['last']} Household"
        rows.append([f"0035g00000{p['n']:05d}AAA", salutation, p["first"], p["last"], p["job"], account, f"{p['street']} {p['number']}",
                     p["city"], p["zip"], COUNTRY_EN[p["country"]], de(p["birth"]), p["mobile_national"], p["email"],
                     ["ID Card", "Passport"][p["docType"] == "PASSPORT"], p["docNumber"], COUNTRY_EN[p["issueCountry"]], de(p["issue"]),
                     de(p["expire"]), p["approve"].strftime("%d.%m.%Y %H:%M"), {"VIDEO": "Video-Ident", "QES": "eSignatur (QES)", "BANK": "Kontoident"}[p["method"]],
                     ["IDnow", "WebID"][p["vendor"] == "WEBID"], "false", "false", ["false", "true"][p["professional"]], p["iban"], p["bic"],
                     "01.03.2025 10:00"])
    footer = [[""], ["\"Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved.\""], ["\"Confidential Information - Do Not Distribute\""],
              ["\"Generated By:  Migration User  01.03.2025 10:15\""], ["\"Beispiel Bank AG\""]]
    text = csv_text(rows, ",", quoting=csv.QUOTE_ALL, line="\n") + "".join(row[0] + "\n" for row in footer)
    answers = {"precheckPep": "{ const: \"False\" }", "birthPlace": "{ const: unbekannt }", "nationality": "\"Mailing Country\"",
               "updateTime": "{ column: \"Verified On\", format: \"dd.MM.yyyy HH:mm\" }",
               "pepChecked": "{ column: \"Verified On\", format: \"dd.MM.yyyy HH:mm\" }",
               "sanctionChecked": "{ column: \"Verified On\", format: \"dd.MM.yyyy HH:mm\" }", "KYC": "\"KYC Vendor\"",
               "question": "{ name: { const: AE1 }, value: { const: \"1\" } }", "minimumConverted": 36}
    truths = []
    for p in group:
        key, values = truth(p, f"CUST_0035g00000{p['n']:05d}AAA", salutation=not p["title"])
        values["person.street"] = f"{p['street']} {p['number']}"
        values["person.title"] = p["title"].split()[0] if p["title"] else None
        if values["person.title"] is None:
            del values["person.title"]
        truths.append((key, values))
    write("salesforce", "export.csv", text.encode("utf-8"), answers, truths)


def samples():
    """Answer keys and truths for the samples. kunden-export: what the reviewed mapping
    mappings/kunden-export.yaml converts it to (run after `swift build`). crm-export-en: read from
    the CSV by the rules of scripts/make-english-sample.py, with the dates it recorded."""
    import subprocess
    import tempfile
    folder = BASE / "init-samples"
    binary = ROOT / ".build" / "debug" / "reliance-convert"
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([str(binary), "convert", str(ROOT / "samples/kunden-export.csv"), "--mapping", str(ROOT / "mappings/kunden-export.yaml"),
                        "--out", work, "--as-of", "2025-03-01", "--now", "2025-03-01T12:00:00"], check=False, capture_output=True)
        truths = {}
        for path in sorted(pathlib.Path(work).glob("CUST_*.zip")):
            with zipfile.ZipFile(path) as archive:
                customer = json.loads(archive.read("main.json"))["customers"][0]
            truths[customer["key"]] = flatten(customer["person"], "person.", skip={"key", "modified", "type", "customFields"})
    (folder / "kunden-export").mkdir(parents=True, exist_ok=True)
    (folder / "kunden-export" / "truth.json").write_text(json.dumps(truths, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (folder / "kunden-export" / "answers.json").write_text(json.dumps({"minimumConverted": 40}, indent=1) + "\n", encoding="utf-8")

    countries = {"USA": "US", "US": "US", "United States": "US", "GER": "DE", "Germany": "DE", "DE": "DE", "Austria": "AT", "AT": "AT",
                 "Italy": "IT", "ITA": "IT", "United Kingdom": "GB", "UK": "GB", "GB": "GB"}

    def phone(text, country):
        digits = re.sub(r"\D", "", text)
        if text.startswith("+"):
            return "+" + digits
        if country == "US":
            return "+1" + digits[-10:]
        return {"DE": "+49", "AT": "+43", "GB": "+44"}.get(country, "+39") + (digits if country == "IT" else digits[1:])

    dates = json.loads((ROOT / "Tests/EndToEndTests/Fixtures/crm-export-en.truth.json").read_text())
    truths = {}
    with open(ROOT / "samples/crm-export-en.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            country = countries[row["Country"]]
            key = f"CUST_{row['Customer ID']}"
            values = {"person.salutation": "Herr" if row["Salutation"] == "Mr" else "Frau",
                      "person.foreName": " ".join(part for part in (row["First Name"], row["Middle Name"]) if part),
                      "person.surName": row["Last Name"], "person.street": f"{row['Street']} {row['House Number']}", "person.zip": row["ZIP Code"],
                      "person.city": row["City"], "person.country": country, "person.email": row["Email Address"],
                      "person.phonePriv": [phone(row["Phone"], country)], "person.birthDate": dates[key]["birthDate"],
                      "person.idDocument.issueDate": dates[key]["issueDate"], "person.idDocument.expireDate": dates[key]["expireDate"],
                      "person.verification.approveTime": dates[key]["approveTime"], "person.idDocument.documentNumber": row["Document Number"],
                      "person.idDocument.docType": "PASSPORT" if row["ID Type"] == "Passport" else "IDCARD",
                      "person.verification.verificationMethod": "VIDEO", "person.verification.vendor": row["KYC Provider"].upper(),
                      "person.bankAccounts[0].iban": row["IBAN"], "person.bankAccounts[0].bic": row["BIC"],
                      "person.bankAccounts[0].accountHolder": f"{row['Last Name']}, {row['First Name']}"}
            if row["Title"]:
                values["person.title"] = row["Title"]
            if row["Mobile Phone"]:
                values["person.mobile"] = phone(row["Mobile Phone"], country)
            truths[key] = values
    (folder / "crm-export-en").mkdir(parents=True, exist_ok=True)
    (folder / "crm-export-en" / "truth.json").write_text(json.dumps(truths, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (folder / "crm-export-en" / "answers.json").write_text(json.dumps({"minimumConverted": 24}, indent=1) + "\n", encoding="utf-8")


def flatten(value, prefix, skip=()):
    """A payload object's leaves by path (`person.bankAccounts[0].iban`); lists of scalars stay lists."""
    result = {}
    for name, item in value.items():
        if name in skip:
            continue
        if isinstance(item, dict):
            result.update(flatten(item, f"{prefix}{name}.", skip))
        elif isinstance(item, list) and item and isinstance(item[0], dict):
            for index, entry in enumerate(item):
                result.update(flatten(entry, f"{prefix}{name}[{index}].", skip))
        elif item is not None and item != []:
            result[prefix + name] = item
    return result


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["--samples"]:
        samples()
        sys.exit(0)
    excel_de()
    excel_us()
    libreoffice()
    crm_report()
    datev()
    salesforce()
