#!/usr/bin/env python3
"""Writes the small input fixtures of Tests/RelianceKitTests/Fixtures: one export in every
encoding the reader supports, workbooks written by openpyxl and XlsxWriter (the standard
Python spreadsheet libraries), the sample export as a workbook with real date cells, and the
broken files the reader must survive.

    pip install openpyxl==3.1.5 xlsxwriter==3.3.1
    python3 scripts/make-fixtures.py
"""
import csv as csvmodule
import datetime
import io
import pathlib

import openpyxl
import openpyxl.utils.datetime
import xlsxwriter

ROOT = pathlib.Path(__file__).resolve().parent.parent / "Tests/RelianceKitTests/Fixtures"

ROWS = [
    ["Kundennr", "Vorname", "Nachname", "Ort", "Notiz"],
    ["1", "Jürgen", "Müller", "Köln", "Preis 5 €"],
    ["2", "Zoë", "Œlschläger", "Straße 1", "„Zitat“ – Ende"],
    ["3", "Ånne", "Šimek", "Žilina", "Bemerkung; mit Semikolon"],
]


def csv(rows, delimiter, newline="\r\n"):
    def cell(value):
        if any(c in value for c in (delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value
    return newline.join(delimiter.join(cell(v) for v in row) for row in rows) + newline


def main():
    folder = ROOT / "encodings"
    folder.mkdir(parents=True, exist_ok=True)
    text = csv(ROWS, ";")
    (folder / "utf8.csv").write_bytes(text.encode("utf-8"))
    (folder / "utf8-bom.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (folder / "utf8-lf.csv").write_bytes(csv(ROWS, ";", "\n").encode("utf-8"))
    (folder / "utf8-sep-line.csv").write_bytes(("sep=|\r\n" + csv(ROWS, "|")).encode("utf-8"))
    tab = csv(ROWS, "\t")
    (folder / "utf16le-tab.txt").write_bytes(b"\xff\xfe" + tab.encode("utf-16-le"))
    (folder / "utf16be-tab.txt").write_bytes(b"\xfe\xff" + tab.encode("utf-16-be"))
    (folder / "windows1252.csv").write_bytes(text.encode("cp1252"))
    latin9_rows = [[v.replace("„", '"').replace("“", '"').replace("–", "-") for v in row] for row in ROWS]
    (folder / "latin9.csv").write_bytes(csv(latin9_rows, ";").encode("iso-8859-15"))
    latin1_rows = [[v.replace("€", "EUR").replace("Œ", "Oe").replace("Š", "S").replace("Ž", "Z") for v in row] for row in latin9_rows]
    (folder / "latin1.csv").write_bytes(csv(latin1_rows, ";").encode("iso-8859-1"))
    # 0x81 is undefined in Windows-1252: the row must be rejected naming its line.
    (folder / "windows1252-undefined-byte.csv").write_bytes(
        b"Kundennr;Name\r\n1;M\xfcller\r\n2;Bad\x81Byte\r\n3;Ok\r\n")
    broken = ROOT / "broken"
    broken.mkdir(parents=True, exist_ok=True)
    (broken / "ragged.csv").write_bytes(b"a;b;c\r\n1;2;3\r\n4;5\r\n6;7;8;9\r\n10;11;12\r\n")
    (broken / "runaway-quote.csv").write_bytes(b'a;b;c\r\n1;"open;3\r\n4;5;6\r\n7;"x";9\r\n')
    (broken / "truncated-utf8.csv").write_bytes("a;b\r\n1;Mü".encode("utf-8")[:-1])
    workbooks(ROOT / "workbooks")
    sample_workbook()
    print("fixtures written")


FIXED = datetime.datetime(2024, 1, 1)


def normalize_zip(path):
    """Fixes the timestamps inside a workbook so regenerating it gives the same bytes."""
    import zipfile
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            info.date_time = (2024, 1, 1, 0, 0, 0)
            target.writestr(info, data)


def workbooks(folder):
    folder.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = FIXED
    info = wb.active
    info.title = "Info"
    info["A1"] = "Export vom 01.03.2025"
    sheet = wb.create_sheet("Kunden")
    sheet.append(["Kundennr", "Name", "Telefon", "Geburtsdatum", "Geprüft", "Betrag", "Aktiv", "Leer", "Notiz"])
    sheet.append([4711, "Müller & Söhne <GmbH>", 491701234567, datetime.date(1985, 3, 12),
                  datetime.datetime(2024, 11, 2, 14, 5, 0), 3.5, True, None, "Zeile 1\nZeile 2"])
    sheet.append([4712, "Zoë", "0351 123456", datetime.date(2000, 2, 29), datetime.datetime(2024, 11, 2, 0, 0), -0.25, False, None, None])
    sheet["D3"].number_format = "DD.MM.YYYY"
    sheet.append([])  # an empty row is skipped
    sheet["A5"] = 4713
    sheet["I5"] = "Lücke davor"  # cells B5..H5 are gaps
    sheet["C5"] = 1.5e-7
    for row in (2, 3):
        sheet.cell(row=row, column=4).number_format = "DD.MM.YYYY"
        sheet.cell(row=row, column=5).number_format = "DD.MM.YYYY HH:MM"
    wb.save(folder / "openpyxl-features.xlsx")
    normalize_zip(folder / "openpyxl-features.xlsx")

    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.properties.created = wb.properties.modified = FIXED
    ws = wb.active
    ws.title = "Mac"
    ws.append(["Kundennr", "Geburtsdatum"])
    ws.append([1, datetime.date(1985, 3, 12)])
    ws["B2"].number_format = "yyyy-mm-dd"
    wb.save(folder / "date1904.xlsx")
    normalize_zip(folder / "date1904.xlsx")

    # XlsxWriter in constant-memory mode writes inline strings instead of a shared table.
    path = folder / "xlsxwriter-inline.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    book.set_properties({"created": FIXED})
    ws = book.add_worksheet("Daten")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for col, value in enumerate(["Kundennr", "Name", "Datum", "Wert"]):
        ws.write(0, col, value)
    ws.write(1, 0, 1)
    ws.write(1, 1, "Ärger & Freude")
    ws.write_datetime(1, 2, datetime.datetime(1990, 7, 4), date_format)
    ws.write_formula(1, 3, "=1+1", None, 2)
    ws.write(2, 0, 2)
    ws.write(2, 1, "Zweite")
    book.close()
    normalize_zip(path)


def sample_workbook():
    """The sample export as Excel would hold it: the same text, with real date cells."""
    sample = pathlib.Path(__file__).resolve().parent.parent / "samples/kunden-export.csv"
    rows = list(csvmodule.reader(io.StringIO(sample.read_text(encoding="utf-8"), newline=""), delimiter=";"))
    header = rows[0]
    date_columns = {"Geburtsdatum", "Ausgestellt_am", "Gueltig_bis", "Ident_Datum"}
    stamp_columns = {"Geaendert_am", "Ident_Freigabe", "Ident_Aktualisiert"}
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = FIXED
    ws = wb.active
    ws.title = "Export"
    ws.append(header)
    for values in rows[1:]:
        out = []
        for name, value in zip(header, values):
            parsed = None
            if name in date_columns:
                for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
                    try:
                        parsed = datetime.datetime.strptime(value, pattern).date()
                        break
                    except ValueError:
                        pass
            elif name in stamp_columns:
                try:
                    parsed = datetime.datetime.strptime(value, "%d.%m.%Y %H:%M")
                except ValueError:
                    pass
            out.append(parsed if parsed is not None else value)
        ws.append(out + ([""] * (len(header) - len(out))))
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "DD.MM.YYYY"
    target = pathlib.Path(__file__).resolve().parent.parent / "Tests/EndToEndTests/Fixtures"
    target.mkdir(parents=True, exist_ok=True)
    wb.save(target / "kunden-export.xlsx")
    normalize_zip(target / "kunden-export.xlsx")


if __name__ == "__main__":
    main()
