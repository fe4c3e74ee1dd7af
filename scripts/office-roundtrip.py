#!/usr/bin/env python3
"""The round trip a person makes with rejects.csv: convert an export, fix every rejected row,
save the fixed file the way an office program does, and feed it back. Runs the built binary.

    swift build && python3 scripts/office-roundtrip.py [--binary .build/debug/reliance-convert] [--keep DIR]

For the German sample (`samples/kunden-export.csv`, `;`) and the English one
(`samples/crm-export-en.csv`, `,`, with a few cells broken so that rows are rejected, and the
mapping `init` writes for it): the script converts the export, corrects every row of
`rejects.csv` from a table of what a person would type, then has LibreOffice (`soffice
--headless`) open the corrected file and save it as CSV under German (`de-DE`: `;`,
Windows-1252) and US (`en-US`: `,`, UTF-8) settings, which is where two-digit years
(`06.06.57`, `01/20/25 03:26 PM`), lost leading zeros (`1067`) and `?` for letters Windows-1252
lacks (`Ay?e`) come from. Each re-saved file is fed back into the same folder with the same
mapping, and the script asserts:

- the run knew it for a fed-back file (`summary.json`: "run": "adds to the folder");
- every corrected row converted;
- every checked value in its `main.json` (the dates, the corrected cells, postal codes, names)
  is what the person typed, read as the mapping reads it; a value the re-save changed beyond
  repair (a letter lost to `?`) must have been warned about or rejected, never passed on silently.

It also feeds back, under each locale, one row that cannot survive a re-save (a phone number
typed without spaces, which the office program turns into a number), and asserts that the
converter rejects or warns about what it read instead of converting it silently.

Exits 1 on any failure; prints a table of what it checked. Needs `soffice`
(Debian: libreoffice-calc-nogui).
"""
import argparse
import csv
import io
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

ROOT = pathlib.Path(__file__).resolve().parent.parent
AS_OF = "2026-01-15"
NOW = "2026-01-15T08:00:00"
BERLIN = ZoneInfo("Europe/Berlin")
REPORT_COLUMNS = ["_row", "_line", "_errors", "_key", "_duplicate_of", "_source_row", "_source_line", "_source_sha256", "_warnings"]


@dataclass
class Locale:
    """How a person with this locale saves a CSV in LibreOffice."""
    tag: str
    lcid: int           # the import and export language (LibreOffice's token 6)
    posix: str          # the process locale LibreOffice starts with
    separator: str
    charset: int        # LibreOffice's text encoding number: 1 Windows-1252, 76 UTF-8
    encoding: str       # the same, for Python


LOCALES = [
    Locale("de-DE", 1031, "de_DE.UTF-8", ";", 1, "cp1252"),
    Locale("en-US", 1033, "en_US.UTF-8", ",", 76, "utf-8"),
]


@dataclass
class Check:
    """How a column's typed value is read into main.json, for the comparison."""
    path: str           # where the value lands in main.json (`person.zip`, `events.0.date`)
    kind: str           # text, date, birth, timestamp
    formats: tuple = ()  # strptime formats the mapping's patterns amount to, for dates


@dataclass
class Sample:
    name: str
    export: pathlib.Path
    mapping: pathlib.Path
    attachments: pathlib.Path
    id_column: str
    key_prefix: str
    corrections: dict               # customer key -> {column: what the person types}
    expected: dict                  # customer key -> {main.json path: value} where the mapping rewrites the value
    checks: dict                    # column -> Check
    broken: dict = field(default_factory=dict)  # customer id -> {column: a broken value}, to make rejects
    # A correction typed so that it cannot survive a re-save: key -> (column, typed, main.json path).
    unsafe: tuple = ()


GERMAN_DATE = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")
GERMAN_TIME = ("%d.%m.%Y %H:%M",)
US_DATE = ("%m/%d/%Y", "%b %d, %Y")
US_TIME = ("%m/%d/%Y %H:%M",)

GERMAN = dict(
    id_column="Kundennr", key_prefix="CUST_",
    corrections={
        "CUST_10005": {"Geburtsdatum": "28.02.1990"},
        "CUST_10011": {"Geburtsdatum": "14.07.1970"},
        "CUST_10017": {"Staatsangehoerigkeit": "deutsch"},
        "CUST_10023": {"IBAN": "DE89370400440532013000"},
        # The scan was missing: the person puts it into the attachments folder (see `attachments`).
        "CUST_10029": {"Ausweis_Datei": "10029-ausweis.pdf"},
        "CUST_10035": {"PEP_Treffer": "Mitglied des Bundestages", "PEP_Listen": "EU-PEP, DE-Bundestag"},
        "CUST_10041": {"Telefon": "0221 9876543"},
        "CUST_10047": {"E-Mail": "sabine.schmidt@example.de", "Gueltig_bis": "20.12.2033"},
        # A second row under 10052: it is another customer, who gets an id of its own.
        "CUST_10052": {"Kundennr": "10062"},
        "CUST_10057": {"PEP": "nein"},
        # The row cut short after ten cells, completed from the customer's file.
        "10099": {
            "Vorname": "Ayşe", "Nachname": "Yılmaz", "Land": "Deutschland", "Geburtsdatum": "06.06.1957",
            "Geburtsort": "Dresden", "Geburtsland": "Deutschland", "Staatsangehoerigkeit": "deutsch",
            "Telefon": "0351 7654321", "E-Mail": "ayse.yilmaz@example.de", "PEP_Vorpruefung": "Nein",
            "Ident_Anbieter": "IDNOW", "Ausweisart": "Personalausweis", "Ausweis_Land": "DE",
            "Ausweisnummer": "L01X99990", "Ausgestellt_am": "01.03.2020", "Gueltig_bis": "01.03.2030",
            "Ident_Methode": "Video", "Ident_Freigabe": "01.03.2024 16:00", "Ident_Aktualisiert": "01.03.2024 17:30",
            "PEP": "nein", "PEP_Geprueft": "2024-11-01T14:06:00+01:00", "Sanktion": "nein",
            "Sanktion_Geprueft": "2024-11-01T14:06:00Z", "Professionell": "nein",
            "IBAN": "DE02120300000000202051", "BIC": "BYLADEM1001", "Bank": "DKB", "Erfahrung_AE1": "2",
            "Ausweis_Datei": "10099-ausweis.pdf", "Ident_Datum": "01.03.2024",
        },
    },
    expected={
        "CUST_10017": {"person.nationality": "DE"},
        "CUST_10041": {"person.phonePriv.0": "+492219876543"},
        "CUST_10057": {"person.compliance.pep": False},
        "CUST_10099": {"person.country": "DE", "person.nationality": "DE", "person.phonePriv.0": "+493517654321"},
    },
    # The phone typed without spaces: the office program reads a number and drops the leading 0.
    unsafe=("CUST_10041", "Telefon", "02219876543", "person.phonePriv.0"),
    checks={
        "Geaendert_am": Check("modified", "timestamp", GERMAN_TIME),
        "Vorname": Check("person.foreName", "text"), "Nachname": Check("person.surName", "text"),
        "PLZ": Check("person.zip", "text"),
        "Geburtsdatum": Check("person.birthDate", "birth", GERMAN_DATE),
        "E-Mail": Check("person.email", "text"),
        "Ausweisnummer": Check("person.idDocument.documentNumber", "text"),
        "Zusatznummer": Check("person.idDocument.additionalNumber", "text"),
        "Ausgestellt_am": Check("person.idDocument.issueDate", "date", GERMAN_DATE),
        "Gueltig_bis": Check("person.idDocument.expireDate", "date", GERMAN_DATE),
        "Ident_Freigabe": Check("person.verification.approveTime", "timestamp", GERMAN_TIME),
        "Ident_Aktualisiert": Check("person.verification.updateTime", "timestamp", GERMAN_TIME),
        "PEP_Geprueft": Check("person.compliance.pepChecked", "timestamp"),
        "Sanktion_Geprueft": Check("person.compliance.sanctionChecked", "timestamp"),
        "PEP_Treffer": Check("person.compliance.pepHit", "text"),
        "IBAN": Check("person.bankAccounts.0.iban", "text"),
        "Ausweis_Datei": Check("events.0.file", "text"),
        "Ident_Datum": Check("events.0.date", "date", GERMAN_DATE),
    },
)

# The English sample converts whole; these cells are broken to give the person rows to fix,
# and the corrections put back what the CRM holds.
ENGLISH_BROKEN = {
    "1003": {"Date of Birth": "02/30/1982"},
    "1005": {"Email Address": "thomas.weber.example.com"},
    "1011": {"Country": "Atlantis"},
    "1015": {"IBAN": "DE02120300000000202052"},
    "1022": {"Expiry Date": "01/01/2015"},
}

ENGLISH = dict(
    id_column="Customer ID", key_prefix="CUST_",
    broken=ENGLISH_BROKEN,
    corrections={},     # filled from the sample's own cells (see english_sample)
    expected={"CUST_1011": {"person.country": "IT"}},
    checks={
        "Last Modified": Check("modified", "timestamp", US_TIME),
        "Last Name": Check("person.surName", "text"),
        "ZIP Code": Check("person.zip", "text"),
        "Date of Birth": Check("person.birthDate", "birth", US_DATE),
        "Email Address": Check("person.email", "text"),
        "Document Number": Check("person.idDocument.documentNumber", "text"),
        "Issue Date": Check("person.idDocument.issueDate", "date", US_DATE),
        "Expiry Date": Check("person.idDocument.expireDate", "date", US_DATE),
        "Verified At": Check("person.verification.approveTime", "timestamp", US_TIME),
        "Verification Updated": Check("person.verification.updateTime", "timestamp", US_TIME),
        "PEP Checked": Check("person.compliance.pepChecked", "timestamp", US_TIME),
        "Sanctions Checked": Check("person.compliance.sanctionChecked", "timestamp", US_TIME),
        "IBAN": Check("person.bankAccounts.0.iban", "text"),
        "ID Scan": Check("events.0.file", "text"),
    },
)


class Failures:
    def __init__(self):
        self.rows = []      # (case, what, count, outcome)
        self.failed = []

    def record(self, case, what, count, problems):
        self.rows.append((case, what, count, "ok" if not problems else f"FAIL ({len(problems)})"))
        for problem in problems:
            self.failed.append(f"{case}: {what}: {problem}")


def run(binary, *args, expect=None):
    process = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, timeout=300)
    if expect is not None and process.returncode not in expect:
        raise SystemExit(f"office-roundtrip: `{' '.join(map(str, args))}` exited {process.returncode}:\n{process.stderr}")
    return process


def read_csv(path, encoding="utf-8-sig", delimiter=None):
    text = pathlib.Path(path).read_text(encoding=encoding)
    if delimiter is None:
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=";,").delimiter
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return rows[0], rows[1:], delimiter


def write_csv(path, header, rows, delimiter, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def english_sample(work, binary):
    """The English export with broken cells, its mapping from `init`, and the corrections."""
    header, rows, delimiter = read_csv(ROOT / "samples/crm-export-en.csv")
    column = {name: index for index, name in enumerate(header)}
    corrections = {}
    for row in rows:
        broken = ENGLISH_BROKEN.get(row[column["Customer ID"]], {})
        if broken:
            corrections["CUST_" + row[column["Customer ID"]]] = {name: row[column[name]] for name in broken}
        for name, value in broken.items():
            row[column[name]] = value
    export = work / "crm-export-en-broken.csv"
    write_csv(export, header, rows, delimiter, encoding="utf-8")
    mapping = work / "crm-export-en.yaml"
    run(binary, "init", ROOT / "samples/crm-export-en.csv", "--out", mapping, "--force", expect={0})
    return Sample(name="English", export=export, mapping=mapping, attachments=ROOT / "samples/attachments-en",
                  **{**ENGLISH, "corrections": corrections})


def german_sample(work):
    """The German sample, with the scans the person adds for the rows they complete."""
    attachments = work / "attachments-de"
    shutil.copytree(ROOT / "samples/attachments", attachments)
    for name in ("10029-ausweis.pdf", "10099-ausweis.pdf"):
        shutil.copyfile(attachments / "10028-ausweis.pdf", attachments / name)
    return Sample(name="German", export=ROOT / "samples/kunden-export.csv", mapping=ROOT / "mappings/kunden-export.yaml",
                  attachments=attachments, **GERMAN)


def correct(sample, rejects_path):
    """The rejects report with every row corrected as the person would: (header, rows, delimiter, keys)."""
    header, rows, delimiter = read_csv(rejects_path)
    column = {name: index for index, name in enumerate(header)}
    keys = []
    for row in rows:
        key = row[column["_key"]] or row[column[sample.id_column]]
        fixes = sample.corrections.get(key)
        if fixes is None:
            raise SystemExit(f"office-roundtrip: {sample.name}: no correction for rejected row {key}: {row[column['_errors']]}")
        for name, value in fixes.items():
            row[column[name]] = value
        keys.append(sample.key_prefix + row[column[sample.id_column]])
    if set(sample.corrections) - {row[column["_key"]] or row[column[sample.id_column]] for row in rows}:
        raise SystemExit(f"office-roundtrip: {sample.name}: corrections for rows that were not rejected")
    return header, rows, delimiter, keys


def resave(source, target_folder, locale, profile, import_separator):
    """Opens `source` in LibreOffice under `locale` and saves it as CSV the way its user would."""
    target_folder.mkdir(parents=True, exist_ok=True)
    # Import: the file's separator, UTF-8 (the report's BOM says so), the locale's language,
    # special numbers (dates, times) detected as a person typing them would have them read.
    import_options = f"{ord(import_separator)},34,76,1,,{locale.lcid},false,true"
    # Export: the locale's separator and encoding, cells saved as shown.
    export_options = f"{ord(locale.separator)},34,{locale.charset},1,,{locale.lcid},false,true,true"
    environment = {"LC_ALL": locale.posix, "LANG": locale.posix, "PATH": "/usr/bin:/bin", "HOME": str(profile.parent)}
    process = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         f"--infilter=Text - txt - csv (StarCalc):{import_options}",
         "--convert-to", f"csv:Text - txt - csv (StarCalc):{export_options}", "--outdir", str(target_folder), str(source)],
        capture_output=True, text=True, timeout=180, env=environment)
    result = target_folder / source.name
    if process.returncode != 0 or not result.exists():
        raise SystemExit(f"office-roundtrip: LibreOffice did not save {source} under {locale.tag}:\n{process.stdout}{process.stderr}")
    return result


def expected_value(check, typed):
    """What main.json must hold for a cell the person typed as `typed`, or None to skip."""
    if check.kind == "text":
        return typed
    if check.kind == "timestamp" and not check.formats:
        moment = datetime.fromisoformat(typed.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(BERLIN).replace(tzinfo=None)
        return moment.isoformat()
    for pattern in check.formats:
        try:
            moment = datetime.strptime(typed, pattern)
        except ValueError:
            continue
        if "%y" in pattern and check.kind == "birth" and moment.year > int(AS_OF[:4]) - 18:
            moment = moment.replace(year=moment.year - 100)
        return moment.isoformat() if check.kind == "timestamp" else moment.date().isoformat()
    raise SystemExit(f"office-roundtrip: the typed value {typed!r} matches none of {check.formats}")


def value_at(document, path):
    value = document["customers"][0]
    for part in path.split("."):
        value = value[int(part)] if part.isdigit() else value.get(part) if isinstance(value, dict) else None
        if value is None:
            return None
    return value


def report_path(path):
    """`events.0.file` as the reports name it: `events[1].file`."""
    return ".".join(f"[{int(part) + 1}]" if part.isdigit() else part for part in path.split(".")).replace(".[", "[")


def warned_fields(folder, key):
    _, rows, _ = read_csv(folder / "warnings.csv", delimiter=",")
    return {(row[3], row[4]) for row in rows if row[0] == key}


def compare(sample, out, typed_rows, saved_rows, header, keys):
    """Compares each converted row's main.json with what the person typed.
    Returns (values compared, values warned because the re-save changed them, problems)."""
    column = {name: index for index, name in enumerate(header)}
    compared, warned, problems = 0, [], []
    for typed, saved, key in zip(typed_rows, saved_rows, keys):
        archive = out / (key + ".zip")
        if not archive.exists():
            problems.append(f"{key} did not convert")
            continue
        with zipfile.ZipFile(archive) as zipped:
            document = json.loads(zipped.read("main.json"))
        wanted = {}
        for name, check in sample.checks.items():
            if typed[column[name]]:
                wanted[check.path] = (name, expected_value(check, typed[column[name]]))
        for path, value in sample.expected.get(key, {}).items():
            wanted[path] = ("", value)
        for path, (name, value) in wanted.items():
            compared += 1
            got = value_at(document, path)
            if got == value:
                continue
            # A value the re-save changed (a letter lost to `?`) may differ only where a warning names its field.
            lost = name and saved[column[name]] != typed[column[name]]
            if lost and report_path(path) in {field for field, _ in warned_fields(out, key)}:
                warned.append(f"{key} {path}: typed {typed[column[name]]!r}, saved {saved[column[name]]!r}, warned")
                continue
            problems.append(f"{key} {path}: typed {typed[column[name]] if name else ''!r}, "
                            f"saved {saved[column[name]] if name else ''!r}, converted {got!r}, wanted {value!r}")
    return compared, warned, problems


def round_trip(sample, locale, binary, work, failures):
    case = f"{sample.name} {locale.tag}"
    folder = work / f"{sample.name}-{locale.tag}"
    out = folder / "out"
    folder.mkdir(parents=True)
    common = ["--as-of", AS_OF, "--now", NOW, "--attachments", sample.attachments, "--quiet"]
    run(binary, "convert", sample.export, "--mapping", sample.mapping, "--out", out, *common, expect={1})
    header, typed_rows, delimiter, keys = correct(sample, out / "rejects.csv")
    fixed = folder / "typed" / "rejects-fixed.csv"
    fixed.parent.mkdir()
    write_csv(fixed, header, typed_rows, delimiter)
    saved_path = resave(fixed, folder / "saved", locale, work / f"profile-{locale.tag}", delimiter)
    saved_header, saved_rows, _ = read_csv(saved_path, encoding=locale.encoding, delimiter=locale.separator)
    problems = []
    if saved_header != header or len(saved_rows) != len(typed_rows):
        problems.append("the re-saved file does not have the corrected file's header and rows")
    changed = sum(1 for typed, saved in zip(typed_rows, saved_rows) for a, b in zip(typed, saved) if a != b)
    failures.record(case, f"LibreOffice re-saved {len(typed_rows)} rows ({locale.separator!r}, {locale.encoding})",
                    f"{changed} cells changed", problems)

    back = run(binary, "convert", saved_path, "--mapping", sample.mapping, "--out", out, *common)
    summary = json.loads((out / "summary.json").read_text())
    problems = []
    if summary.get("run") != "adds to the folder":
        problems.append(f"summary.json says run {summary.get('run')!r}, not 'adds to the folder'")
    counts = summary.get("counts", {})
    if counts.get("rejected") or counts.get("converted") != len(keys) or back.returncode != 0:
        _, rejected, _ = read_csv(out / "rejects.csv")
        problems += [f"row {row[-9 + 3]} rejected: {row[-9 + 2]}" for row in rejected]
        problems.append(f"exit {back.returncode}, counts {counts}")
    failures.record(case, "fed back: adds to the folder, every row converts", f"{counts.get('converted')}/{len(keys)} rows", problems)

    compared, warned, problems = compare(sample, out, typed_rows, saved_rows, header, keys)
    failures.record(case, "converted values equal the typed ones", f"{compared} values", problems)
    if warned:
        failures.record(case, "values the re-save changed, warned", f"{len(warned)} values", [])
        for line in warned:
            print(f"  {case}: {line}")
    if sample.unsafe:
        unsafe(sample, locale, binary, folder, header, typed_rows, delimiter, keys, common, failures)


def unsafe(sample, locale, binary, folder, header, typed_rows, delimiter, keys, common, failures):
    """Feeds back a correction typed so that the re-save damages it: it must be rejected or warned."""
    case = f"{sample.name} {locale.tag}"
    key, name, typed, path = sample.unsafe
    column = {title: index for index, title in enumerate(header)}
    row = list(typed_rows[keys.index(key)])
    row[column[name]] = typed
    fixed = folder / "unsafe-typed" / "rejects-fixed.csv"
    fixed.parent.mkdir()
    write_csv(fixed, header, [row], delimiter)
    saved_path = resave(fixed, folder / "unsafe-saved", locale, folder.parent / f"profile-{locale.tag}", delimiter)
    _, saved_rows, _ = read_csv(saved_path, encoding=locale.encoding, delimiter=locale.separator)
    saved = saved_rows[0][column[name]]
    out = folder / "unsafe-out"
    run(binary, "convert", saved_path, "--mapping", sample.mapping, "--out", out, *common)
    field_name = report_path(path)
    _, rejected, _ = read_csv(out / "rejects.csv")
    errors = [cells[len(header) - len(REPORT_COLUMNS) + 2] for cells in rejected]
    outcome = ("rejected" if any(f"{field_name} [" in text for text in errors)
               else "warned" if field_name in {found for found, _ in warned_fields(out, key)} else None)
    problems = [] if saved != typed and outcome else [
        f"{name} typed {typed!r}, saved {saved!r}: " + ("the re-save kept it" if saved == typed else "converted silently")]
    failures.record(case, f"{name} typed {typed}, saved {saved}: not converted silently", outcome or "silent", problems)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=str(ROOT / ".build/debug/reliance-convert"))
    parser.add_argument("--keep", help="a folder to keep the files in (default: a temporary one, removed)")
    arguments = parser.parse_args()
    binary = pathlib.Path(arguments.binary).resolve()
    if not binary.exists():
        raise SystemExit(f"office-roundtrip: no binary at {binary}; run swift build")
    if shutil.which("soffice") is None:
        raise SystemExit("office-roundtrip: soffice is missing (Debian: apt-get install libreoffice-calc-nogui)")
    work = pathlib.Path(arguments.keep or tempfile.mkdtemp(prefix="office-roundtrip-")).resolve()
    if arguments.keep:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    failures = Failures()
    try:
        samples = [german_sample(work), english_sample(work, binary)]
        for sample in samples:
            for locale in LOCALES:
                round_trip(sample, locale, binary, work, failures)
    finally:
        if not arguments.keep:
            shutil.rmtree(work, ignore_errors=True)
    width = max(len(row[1]) for row in failures.rows)
    for case, what, count, outcome in failures.rows:
        print(f"{case:<15} {what:<{width}}  {count:<18} {outcome}")
    for line in failures.failed:
        print("  " + line, file=sys.stderr)
    print(f"office-roundtrip: {'FAILED' if failures.failed else 'passed'}")
    return 1 if failures.failed else 0


if __name__ == "__main__":
    sys.exit(main())
