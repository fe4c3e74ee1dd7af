#!/usr/bin/env python3
"""The reference the benchmark measures against: the same job (the benchmark export and its
mapping) done the way a developer would write it in Python with csv, json and zipfile. It reads
every row, normalizes and validates the fields the export carries, writes one ZIP per valid row
(main.json plus the attachment, deflated, under a temporary name then renamed) and rejects.csv.

    python3 bench/reference.py EXPORT.csv ATTACHMENTS OUT
"""
import csv
import datetime
import json
import os
import sys
import zipfile

COUNTRIES = {"deutschland": "DE", "de": "DE", "germany": "DE", "brd": "DE", "deu": "DE", "276": "DE", "at": "AT",
             "österreich": "AT", "frankreich": "FR", "polen": "PL", "deutsch": "DE", "german": "DE", "österreichisch": "AT",
             "bundesrepublik deutschland": "DE", "deutsche": "DE"}
SALUTATIONS = {"frau": "Frau", "herr": "Herr", "fr.": "Frau", "hr.": "Herr", "mrs": "Frau", "mr": "Herr",
               "weiblich": "Frau", "männlich": "Herr"}
BOOLEANS = {"ja": True, "nein": False, "yes": True, "no": False, "true": True, "false": False, "1": True, "0": False, "n": False, "j": True}
DOC_TYPES = {"personalausweis": "IDCARD", "reisepass": "PASSPORT", "idcard": "IDCARD", "passport": "PASSPORT"}
AS_OF = datetime.date(2026, 1, 15)
BERLIN = datetime.timezone(datetime.timedelta(hours=1))


def date(text, pattern="%d.%m.%Y"):
    if len(text) == 10 and text[4] == "-":
        return datetime.date.fromisoformat(text)
    return datetime.datetime.strptime(text, pattern).date()


def stamp(text):
    if "T" in text:
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return value.astimezone(BERLIN).replace(tzinfo=None)
    return datetime.datetime.strptime(text, "%d.%m.%Y %H:%M")


def phone(text):
    digits = "".join(c for c in text if c.isdigit() or c == "+")
    return "+49" + digits[1:] if digits.startswith("0") else digits


def iban_ok(iban):
    iban = iban.replace(" ", "").upper()
    return int("".join(str(int(c, 36)) for c in iban[4:] + iban[:4])) % 97 == 1


def convert(row, attachments):
    errors = []

    def need(name):
        value = row[name].strip()
        if not value:
            errors.append(f"{name}: missing")
        return value

    try:
        birth = date(need("Geburtsdatum"))
        age = AS_OF.year - birth.year - ((AS_OF.month, AS_OF.day) < (birth.month, birth.day))
        if age < 18:
            errors.append("birthDate: too young")
    except ValueError:
        errors.append("birthDate: invalid date")
        birth = None
    iban = row["IBAN"].replace(" ", "").upper()
    if iban and not iban_ok(iban):
        errors.append("iban: invalid")
    nationality = COUNTRIES.get(need("Staatsangehoerigkeit").lower())
    if nationality is None:
        errors.append("nationality: unknown")
    for name in ("Vorname", "Nachname", "Ort", "PLZ", "Geburtsort"):
        need(name)
    path = os.path.join(attachments, row["Ausweis_Datei"])
    if not os.path.isfile(path):
        errors.append("file: missing")
    if errors:
        return None, errors
    modified = stamp(row["Geaendert_am"]).isoformat()
    person = {
        "key": f"PERS_{row['Kundennr']}", "modified": modified, "type": 0,
        "precheckPep": "True" if BOOLEANS[row["PEP_Vorpruefung"].lower()] else "False",
        "salutation": SALUTATIONS.get(row["Anrede"].lower()), "foreName": row["Vorname"], "surName": row["Nachname"],
        "street": f"{row['Strasse']} {row['Hausnr']}", "zip": row["PLZ"], "city": row["Ort"],
        "country": COUNTRIES.get(row["Land"].lower()), "birthDate": birth.isoformat(), "birthPlace": row["Geburtsort"],
        "nationality": nationality, "phonePriv": [phone(p) for p in (row["Telefon"], row["Telefon2"]) if p],
        "email": row["E-Mail"], "mobile": phone(row["Mobil"]),
        "customFields": [{"name": "KYC", "value": row["Ident_Anbieter"]}],
        "idDocument": {"docType": DOC_TYPES[row["Ausweisart"].lower()], "issueCountry": "DE", "documentNumber": row["Ausweisnummer"],
                       "issueDate": date(row["Ausgestellt_am"]).isoformat(), "expireDate": date(row["Gueltig_bis"]).isoformat()},
        "verification": {"verificationMethod": row["Ident_Methode"].upper(), "approveTime": stamp(row["Ident_Freigabe"]).isoformat(),
                         "updateTime": stamp(row["Ident_Aktualisiert"]).isoformat(), "vendor": row["Ident_Anbieter"].upper()},
        "compliance": {"pep": BOOLEANS[row["PEP"].lower()], "pepChecked": stamp(row["PEP_Geprueft"]).isoformat(), "pepHit": None,
                       "pepListNames": [], "sanction": BOOLEANS[row["Sanktion"].lower()],
                       "sanctionChecked": stamp(row["Sanktion_Geprueft"]).isoformat(), "sanctionHit": None, "sanctionListNames": []},
        "professional": {"isProfessional": BOOLEANS[row["Professionell"].lower()]},
        "bankAccounts": [{"key": f"BA_{row['Kundennr']}_1", "modified": modified, "accountHolder": f"{row['Nachname']}, {row['Vorname']}",
                          "iban": iban, "bic": row["BIC"], "bank": row["Bank"], "currency": "EUR"}],
    }
    customer = {"key": f"CUST_{row['Kundennr']}", "modified": modified, "person": {k: v for k, v in person.items() if v is not None},
                "investmentSurveys": [{"key": f"INVST_{row['Kundennr']}_1", "modified": modified, "standard_questionnaire": {
                    "question": [{"name": "AE1", "value": row["Erfahrung_AE1"]}, {"name": "AE2", "value": row["Erfahrung_AE2"]}]}}],
                "events": [{"key": f"ATT_{row['Kundennr']}_1", "modified": modified, "date": date(row["Ident_Datum"]).isoformat(),
                            "subject": "Identification", "category": "KYC", "file": row["Ausweis_Datei"]}]}
    return ({"customers": [customer]}, path), []


def main():
    source, attachments, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    with open(source, encoding="utf-8-sig", newline="") as handle, \
            open(os.path.join(out, ".rejects.tmp"), "w", encoding="utf-8-sig", newline="") as rejects_file:
        reader = csv.DictReader(handle, delimiter=";")
        rejects = csv.writer(rejects_file, delimiter=";")
        rejects.writerow(reader.fieldnames + ["_errors"])
        for row in reader:
            result, errors = convert(row, attachments)
            if errors:
                rejects.writerow(list(row.values()) + [" | ".join(errors)])
                continue
            payload, attachment = result
            key = payload["customers"][0]["key"]
            temporary = os.path.join(out, f".{key}.tmp")
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("main.json", json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
                archive.write(attachment, os.path.basename(attachment))
            os.replace(temporary, os.path.join(out, key + ".zip"))
    os.replace(os.path.join(out, ".rejects.tmp"), os.path.join(out, "rejects.csv"))


if __name__ == "__main__":
    main()
