#!/usr/bin/env python3
"""Writes samples/kunden-export.csv and its attachments: a legacy CRM export with German
headers, `;` as delimiter, the mixed spellings real exports carry, and a few rows that
must be rejected, each for a different reason. Deterministic: run it again, get the same bytes.

    python3 scripts/make-sample.py
"""
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parent.parent / "samples"
rng = random.Random(4711)

HEADER = ["Kundennr", "Geaendert_am", "Anrede", "Titel", "Vorname", "Nachname", "Strasse", "Hausnr", "PLZ", "Ort",
          "Land", "Geburtsdatum", "Geburtsort", "Geburtsland", "Staatsangehoerigkeit", "Weitere_Staatsangehoerigkeiten",
          "Telefon", "Telefon2", "Mobil", "E-Mail", "PEP_Vorpruefung", "Ident_Anbieter", "Ausweisart",
          "Ausweis_Land", "Ausweisnummer", "Zusatznummer", "Ausgestellt_am", "Gueltig_bis", "Ident_Methode",
          "Ident_Freigabe", "Ident_Aktualisiert", "PEP", "PEP_Geprueft", "PEP_Treffer", "PEP_Listen", "Sanktion",
          "Sanktion_Geprueft", "Professionell", "IBAN", "BIC", "Bank", "Erfahrung_AE1", "Erfahrung_AE2",
          "Ausweis_Datei", "Ident_Datum"]

FIRST = [("Frau", "Anna Maria"), ("Herr", "Jürgen"), ("Fr.", "Sabine"), ("Hr.", "Thomas"), ("Mrs", "Claire"),
         ("Mr", "David"), ("weiblich", "Özlem"), ("männlich", "Lukas"), ("Frau", "Chloé"), ("Herr", "Björn"),
         ("Divers", "Alex"), ("Frau", "Ingrid"), ("Herrn", "Klaus-Peter"), ("F", "Marie"), ("M", "Jan")]
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
        "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger"]
PLACES = [("Dresden", "01067", "Hauptstraße"), ("Leipzig", "04109", "Grimmaische Str."), ("Berlin", "10115", "Invalidenstraße"),
          ("Hamburg", "20095", "Mönckebergstraße"), ("München", "80331", "Kaufingerstraße"), ("Köln", "50667", "Hohe Str."),
          ("Frankfurt am Main", "60311", "Zeil"), ("Chemnitz", "09111", "Straße der Nationen"), ("Stuttgart", "70173", "Königstraße")]
COUNTRY = ["Deutschland", "DE", "Germany", "BRD", "deutschland", "DEU", "276", "Bundesrepublik Deutschland"]
NATIONALITY = ["deutsch", "DE", "Deutschland", "German", "österreichisch", "AT", "Frankreich", "türkisch", "Polen", "NL"]
TITLES = ["", "", "", "Dr.", "dr", "Prof. Dr.", "Dr. med.", "prof"]
VENDORS = ["IDNOW", "WebID", "Sumsub", "idnow", "POSTIDENT"]
BANKS = [("DE89370400440532013000", "COBADEFFXXX", "Commerzbank"), ("DE02120300000000202051", "BYLADEM1001", "DKB"),
         ("DE44 5001 0517 5407 3249 31", "INGDDEFFXXX", "ING"), ("DE02500105170137075030", "INGDDEFF", "ING"),
         ("AT611904300234573201", "BKAUATWW", "Bank Austria"), ("", "", "")]


def iban_check(iban):
    s = iban.replace(" ", "")
    digits = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(digits) % 97 == 1


def birth(i):
    year = 1940 + (i * 7) % 60
    month = 1 + (i * 5) % 12
    day = 1 + (i * 11) % 28
    forms = [f"{day:02d}.{month:02d}.{year}", f"{year}-{month:02d}-{day:02d}", f"{day}.{month}.{year}",
             f"{day:02d}.{month:02d}.{str(year)[2:]}"]
    return forms[i % len(forms)]


def row(i):
    salutation, first = FIRST[i % len(FIRST)]
    last = LAST[(i * 3) % len(LAST)]
    city, plz, street = PLACES[i % len(PLACES)]
    if plz.startswith("0") and i % 2 == 0:
        plz = plz[1:]  # a spreadsheet dropped the leading zero
    iban, bic, bank = BANKS[i % len(BANKS)]
    pep = "nein" if i % 9 else "ja"
    nr = f"{10000 + i}"
    issue = f"{1 + i % 28:02d}.{1 + i % 12:02d}.{2016 + i % 8}"
    expire = f"{1 + i % 28:02d}.{1 + i % 12:02d}.{2026 + i % 8}"
    approve = f"{1 + i % 28:02d}.{1 + (i + 3) % 12:02d}.2024 {8 + i % 10:02d}:{(i * 7) % 60:02d}"
    update = f"{1 + i % 28:02d}.{1 + (i + 3) % 12:02d}.2024 {9 + i % 10:02d}:{(i * 7) % 60:02d}"
    phone = ["0351 1234567", "+49 (0)30 555 1234".replace("(0)", ""), "030/555-9876", "0049 89 12345678", ""][i % 5]
    values = {
        "Kundennr": nr,
        "Geaendert_am": f"{1 + i % 28:02d}.03.2025 10:{i % 60:02d}",
        "Anrede": salutation,
        "Titel": TITLES[i % len(TITLES)],
        "Vorname": first,
        "Nachname": last,
        "Strasse": street,
        "Hausnr": str(1 + i % 40),
        "PLZ": plz,
        "Ort": city,
        "Land": COUNTRY[i % len(COUNTRY)],
        "Geburtsdatum": birth(i),
        "Geburtsort": PLACES[(i + 4) % len(PLACES)][0],
        "Geburtsland": ["Deutschland", "DE", "", "Österreich", "Türkei", "Polen"][i % 6],
        "Staatsangehoerigkeit": NATIONALITY[i % len(NATIONALITY)],
        "Weitere_Staatsangehoerigkeiten": ["", "", "AT", "Frankreich, Italien", ""][i % 5],
        "Telefon": phone,
        "Telefon2": "" if i % 4 else "0171 2345678",
        "Mobil": "" if i % 3 else f"0170 {1000000 + i * 37}",
        "E-Mail": f"{first.split()[0].lower()}.{last.lower()}@example.de".replace("ü", "ue").replace("ö", "oe").replace("é", "e").replace("ø", "o").replace("ö", "oe").replace("Ö", "Oe").replace("ß", "ss"),
        "PEP_Vorpruefung": "Nein" if pep == "nein" else "Ja",
        "Ident_Anbieter": VENDORS[i % len(VENDORS)].upper(),
        "Ausweisart": ["Personalausweis", "Reisepass", "IDCARD", "passport"][i % 4],
        "Ausweis_Land": "DE" if i % 7 else "Deutschland",
        "Ausweisnummer": f"L01X{(i * 7919) % 100000:05d}",
        "Zusatznummer": "" if i % 2 else f"T22{(i * 31) % 1000000:06d}",
        "Ausgestellt_am": issue,
        "Gueltig_bis": expire,
        "Ident_Methode": ["Video", "VIDEO", "QES", "bank"][i % 4],
        "Ident_Freigabe": approve,
        "Ident_Aktualisiert": update,
        "PEP": pep,
        "PEP_Geprueft": f"2024-11-{1 + i % 28:02d}T14:06:00+01:00",
        "PEP_Treffer": "" if pep == "nein" else "Mitglied eines Landesparlaments",
        "PEP_Listen": "" if pep == "nein" else "EU-PEP, DE-Landtage",
        "Sanktion": ["nein", "n", "0", "false"][i % 4],
        "Sanktion_Geprueft": f"2024-11-{1 + i % 28:02d}T14:06:00Z",
        "Professionell": "nein",
        "IBAN": iban,
        "BIC": bic,
        "Bank": bank,
        "Erfahrung_AE1": str(1 + i % 5),
        "Erfahrung_AE2": "" if i % 3 else str(1 + i % 4),
        "Ausweis_Datei": f"{nr}-ausweis.pdf",
        "Ident_Datum": approve.split()[0],
    }
    return values


def damage(rows):
    """A handful of rows that must be rejected, each for its own reason."""
    rows[5]["Geburtsdatum"] = "31.02.1990"                      # impossible date
    rows[11]["Geburtsdatum"] = "14.07.2010"                     # under 18
    rows[17]["Staatsangehoerigkeit"] = "Atlantis"               # unknown country
    rows[23]["IBAN"] = "DE89370400440532013001"                 # checksum
    rows[23]["BIC"] = "COBADEFFXXX"
    rows[29]["Ausweis_Datei"] = "fehlt-ausweis.pdf"             # missing attachment
    rows[35]["PEP"] = "ja"                                      # PEP without hit or lists
    rows[41]["Telefon"] = "4.9170E+11"                          # spreadsheet damage
    rows[47]["Gueltig_bis"] = "01.01.2015"                      # expires before issue
    rows[47]["E-Mail"] = "kein-at-zeichen.example.de"           # and an invalid e-mail
    rows[53]["Kundennr"] = rows[52]["Kundennr"]                 # duplicate key
    rows[53]["Ausweis_Datei"] = rows[52]["Ausweis_Datei"]
    rows[57]["PEP"] = ""                                        # required boolean left empty


def cell(value):
    if any(c in value for c in ';"\n\r') or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


def main():
    rows = [row(i) for i in range(60)]
    damage(rows)
    for r in rows:
        assert r["IBAN"] == "" or iban_check(r["IBAN"]) or r is rows[23], r["IBAN"]
    lines = [";".join(HEADER)]
    for i, r in enumerate(rows):
        line = ";".join(cell(r[h]) for h in HEADER)
        if i == 9:
            line = line.replace("Hauptstraße", '"Hauptstraße; Hinterhaus\nAufgang B"', 1) if "Hauptstraße" in line else line
        lines.append(line)
    # A row cut short by a broken export: fewer fields than the header.
    lines.append("10099;01.03.2025 10:00;Herr;;Max;Mustermann;Musterweg;1;01067;Dresden")
    (ROOT / "attachments").mkdir(parents=True, exist_ok=True)
    (ROOT / "kunden-export.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    for r in rows:
        name = r["Ausweis_Datei"]
        if name.startswith("fehlt"):
            continue
        body = (f"%PDF-1.4\n% Ausweiskopie {r['Kundennr']} {r['Vorname']} {r['Nachname']}\n"
                "1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
        (ROOT / "attachments" / name).write_bytes(body.encode("utf-8"))
    print(f"wrote {len(rows) + 1} rows")


if __name__ == "__main__":
    main()
