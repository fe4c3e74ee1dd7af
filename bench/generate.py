#!/usr/bin/env python3
"""Writes a deterministic synthetic export for the benchmark: N rows with the sample's German
headers, a realistic mix of spellings, about 10% rows that must be rejected, and one small
attachment per row.

    python3 bench/generate.py N FOLDER
"""
import pathlib
import random
import sys

HEADER = ("Kundennr;Geaendert_am;Anrede;Titel;Vorname;Nachname;Strasse;Hausnr;PLZ;Ort;Land;Geburtsdatum;Geburtsort;"
          "Geburtsland;Staatsangehoerigkeit;Weitere_Staatsangehoerigkeiten;Telefon;Telefon2;Mobil;E-Mail;PEP_Vorpruefung;"
          "Ident_Anbieter;Ausweisart;Ausweis_Land;Ausweisnummer;Zusatznummer;Ausgestellt_am;Gueltig_bis;Ident_Methode;"
          "Ident_Freigabe;Ident_Aktualisiert;PEP;PEP_Geprueft;PEP_Treffer;PEP_Listen;Sanktion;Sanktion_Geprueft;"
          "Professionell;IBAN;BIC;Bank;Erfahrung_AE1;Erfahrung_AE2;Ausweis_Datei;Ident_Datum")

FIRST = ["Anna Maria", "Jürgen", "Sabine", "Thomas", "Claire", "David", "Özlem", "Lukas", "Chloé", "Björn", "Ingrid", "Klaus-Peter"]
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Krüger"]
SALUTATION = ["Frau", "Herr", "Fr.", "Hr.", "Mrs", "Mr", "weiblich", "männlich"]
COUNTRY = ["Deutschland", "DE", "Germany", "BRD", "DEU", "276"]
NATIONALITY = ["deutsch", "DE", "Deutschland", "German", "österreichisch", "AT", "Frankreich", "Polen"]
PLACES = [("Dresden", "01067"), ("Leipzig", "04109"), ("Berlin", "10115"), ("Hamburg", "20095"), ("München", "80331")]
IBANS = [("DE89370400440532013000", "COBADEFFXXX"), ("DE02120300000000202051", "BYLADEM1001"), ("AT611904300234573201", "BKAUATWW")]


def main():
    count = int(sys.argv[1])
    folder = pathlib.Path(sys.argv[2])
    (folder / "attachments").mkdir(parents=True, exist_ok=True)
    rng = random.Random(42)
    lines = [HEADER]
    for i in range(count):
        nr = 1_000_000 + i
        city, plz = PLACES[i % len(PLACES)]
        iban, bic = IBANS[i % len(IBANS)]
        birth = f"{1 + i % 28:02d}.{1 + i % 12:02d}.{1940 + i % 60}"
        if rng.random() < 0.10:  # about one row in ten is rejected, for one of several reasons
            kind = rng.randrange(4)
            if kind == 0:
                birth = "31.02.1990"
            elif kind == 1:
                iban = "DE89370400440532013001"
            elif kind == 2:
                city = ""
            else:
                birth = "14.07.2015"
        pep = "nein"
        row = [
            str(nr), f"{1 + i % 28:02d}.03.2025 10:{i % 60:02d}", SALUTATION[i % len(SALUTATION)], "Dr." if i % 7 == 0 else "",
            FIRST[i % len(FIRST)], LAST[i % len(LAST)], "Hauptstraße", str(1 + i % 90), plz, city, COUNTRY[i % len(COUNTRY)],
            birth, PLACES[(i + 2) % len(PLACES)][0], "Deutschland", NATIONALITY[i % len(NATIONALITY)], "AT" if i % 5 == 0 else "",
            "0351 1234567", "" if i % 3 else "0171 2345678", "0170 1234567", f"kunde{nr}@example.de", "Nein", "IDNOW",
            "Personalausweis" if i % 2 else "Reisepass", "DE", f"L01X{i % 100000:05d}", "", "01.06.2019", "01.06.2029", "VIDEO",
            "02.11.2024 14:05", "02.11.2024 14:10", pep, "2024-11-02T14:06:00+01:00", "", "", "nein", "2024-11-02T14:06:00Z",
            "nein", iban, bic, "Bank", str(1 + i % 5), str(1 + i % 4), f"{nr}-ausweis.pdf", "02.11.2024",
        ]
        lines.append(";".join(row))
        (folder / "attachments" / f"{nr}-ausweis.pdf").write_bytes(b"%PDF-1.4\n% benchmark attachment " + str(nr).encode() + b"\n%%EOF\n")
    (folder / "export.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


if __name__ == "__main__":
    main()
