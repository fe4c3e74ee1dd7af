#!/usr/bin/env python3
"""Writes the small input fixtures of Tests/RelianceKitTests/Fixtures: one export in every
encoding the reader supports, workbooks written by openpyxl and XlsxWriter (the standard
Python spreadsheet libraries), the sample export as a workbook with real date cells, and the
broken files the reader must survive.

    pip install openpyxl==3.1.5 xlsxwriter==3.3.1 xlwt==1.3.0 msoffcrypto-tool==6.1.0 odfpy==1.4.1
    python3 scripts/make-fixtures.py
"""
import csv as csvmodule
import datetime
import io
import pathlib
import re

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
    as_excel_shows(ROOT / "workbooks")
    title_rows(ROOT / "workbooks")
    displayed_digits(ROOT / "workbooks")
    table_totals(ROOT / "workbooks")
    long_sheet(ROOT / "workbooks")
    odd_numbers(ROOT / "workbooks")
    other_formats(ROOT / "workbooks")
    sample_workbook()
    sample_table_workbook()
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


def mac_1904_workbook():
    """A workbook in the 1904 date system, as Mac Excel wrote them: one birth date."""
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.properties.created = wb.properties.modified = FIXED
    ws = wb.active
    ws.title = "Mac"
    ws.append(["Kundennr", "Geburtsdatum"])
    ws.append([1, datetime.date(1985, 3, 12)])
    ws["B2"].number_format = "yyyy-mm-dd"
    return wb


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

    mac_1904_workbook().save(folder / "date1904.xlsx")
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


def rewrite_zip(path, edit):
    """Rewrites a saved workbook part by part: `edit(name, data)` returns a list of (name, data)."""
    import zipfile
    with zipfile.ZipFile(path) as source:
        items = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in items:
            for new_name, new_data in edit(name, data):
                info = zipfile.ZipInfo(new_name, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, new_data)


def as_excel_shows(folder):
    """Workbooks whose cells Excel shows otherwise than their stored values, and packages that
    differ from the usual layout, written by XlsxWriter and openpyxl and edited where no writer
    produces the case."""
    import warnings
    # Number formats that change the text a person sees.
    path = folder / "number-formats.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": FIXED})
    ws = book.add_worksheet("Formate")
    formats = {code: book.add_format({"num_format": code}) for code in ["00000", "[hh]:mm:ss", "mmmmm", "0.00", "[h]:mm", "#,##0", "0%", "0000000000"]}
    for col, name in enumerate(["PLZ", "Dauer", "Monat", "Betrag", "Stunden", "Summe", "Quote", "Konto", "Wert", "Gross"]):
        ws.write(0, col, name)
    ws.write_number(1, 0, 1067, formats["00000"])
    ws.write_number(1, 1, 1.5, formats["[hh]:mm:ss"])
    ws.write_datetime(1, 2, datetime.datetime(2025, 3, 1), formats["mmmmm"])
    ws.write_number(1, 3, 3.5, formats["0.00"])
    ws.write_number(1, 4, 2.25, formats["[h]:mm"])
    ws.write_number(1, 5, 1234567, formats["#,##0"])
    ws.write_number(1, 6, 0.125, formats["0%"])
    ws.write_number(1, 7, 123456789, formats["0000000000"])
    ws.write_number(1, 8, 68.66499999999999)
    ws.write_number(1, 9, 12345678901234567)
    book.close()
    normalize_zip(path)

    # 1904 date system followed by the x15 extension element Excel 2013+ writes.
    path = folder / "date1904-extension.xlsx"
    mac_1904_workbook().save(path)
    extension = (b'<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}" '
                 b'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">'
                 b'<x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>')
    rewrite_zip(path, lambda name, data: [(name, data.replace(b"</workbook>", extension + b"</workbook>"))
                                          if name == "xl/workbook.xml" else (name, data)])

    # Line ends inside XML text: a literal CR LF is LF; _x000D_ before it keeps one CR.
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = FIXED
    ws = wb.active
    ws.append(["Kundennr", "Notiz", "Escaped"])
    ws.append([1, "MARK-A", "MARK-B"])
    path = folder / "line-ends.xlsx"
    wb.save(path)
    rewrite_zip(path, lambda name, data: [(name, data.replace(b"MARK-A", b"Zeile 1\r\nZeile 2").replace(b"MARK-B", b"eins_x000D_\r\nzwei"))])

    # Part names in another case than the relationships give them, the workbook part elsewhere.
    # XlsxWriter writes a shared-strings part (openpyxl writes strings inline).
    def shared_strings_book(path):
        book = xlsxwriter.Workbook(str(path))
        book.set_properties({"created": FIXED})
        ws = book.add_worksheet("Kunden")
        ws.write_row(0, 0, ["Kundennr", "Name"])
        ws.write_row(1, 0, [1, "Müller"])
        book.close()

    path = folder / "part-names.xlsx"
    shared_strings_book(path)

    def move(name, data):
        data = data.replace(b"/xl/workbook.xml", b"/xl/main.xml").replace(b'Target="xl/workbook.xml"', b'Target="xl/main.xml"')
        if name == "xl/workbook.xml":
            return [("xl/main.xml", data)]
        if name == "xl/_rels/workbook.xml.rels":
            return [("xl/_rels/main.xml.rels", data)]
        if name == "xl/sharedStrings.xml":
            return [("xl/SharedStrings.XML", data)]
        return [(name, data)]
    rewrite_zip(path, move)

    # Two ZIP entries for one part; a DOCTYPE with an entity in the shared strings.
    path = folder / "duplicate-part.xlsx"
    shared_strings_book(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rewrite_zip(path, lambda name, data: [(name, data), (name, data)]
                    if name == "xl/sharedStrings.xml" else [(name, data)])
    path = folder / "entity.xlsx"
    shared_strings_book(path)
    rewrite_zip(path, lambda name, data: [(name, data.replace(b"<sst ", b'<!DOCTYPE sst [<!ENTITY a5 "aaaaa">]><sst ').replace(b"M\xc3\xbcller", b"&a5;"))]
                if name == "xl/sharedStrings.xml" else [(name, data)])


def displayed_digits(folder):
    """Number formats whose digits Excel rounds or pads: fixed decimals rounded from Excel's
    15-digit decimal half away from zero, whole-number formats on fractions, optional digits
    (`#.##`), a date with fractional seconds, and two built-in format ids the styles part
    redefines (as LibreOffice and some exporters write them)."""
    path = folder / "displayed-digits.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": FIXED})
    ws = book.add_worksheet("Ziffern")
    codes = ["0.00", "00000", "0", "#.##", "dd.mm.yyyy hh:mm:ss.000", 14, 2]
    formats = [book.add_format({"num_format": code}) for code in codes]
    ws.write_row(0, 0, ["Betrag", "PLZ", "Ganz", "Kurz", "Zeitpunkt", "Datum", "Quote"])
    rows = [
        [43.625, 12.3, 0.5, 12.3, datetime.datetime(1952, 10, 11, 14, 35, 27), datetime.datetime(1985, 3, 12, 14, 5), 3.14159],
        [1.005, 1067, 2.5, 12, datetime.datetime(2024, 11, 2, 14, 5, 0, 600000), None, None],
        [-43.625, 99999.5, -0.4, 0.5, None, None, None],
    ]
    for number, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            if isinstance(value, datetime.datetime):
                ws.write_datetime(number, col, value, formats[col])
            elif value is not None:
                ws.write_number(number, col, value, formats[col])
    book.close()

    def redefine(name, data):
        if name != "xl/styles.xml":
            return [(name, data)]
        text = data.decode("utf-8")
        count = int(re.search(r'<numFmts count="(\d+)">', text).group(1))
        text = re.sub(r'<numFmts count="\d+">', f'<numFmts count="{count + 2}"><numFmt numFmtId="14" formatCode="dd.mm.yyyy hh:mm"/>'
                      '<numFmt numFmtId="2" formatCode="0.000"/>', text)
        return [(name, text.encode("utf-8"))]
    rewrite_zip(path, redefine)


def table_totals(folder):
    """Customers in an Excel table with a totals row, as Excel's "Format as Table" and "Total Row"
    make it: the totals row is the table's last row (totalsRowCount in its table part). A second
    sheet's table covers two of three columns, and its totals row has a value beside the table."""
    path = folder / "table-totals.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": FIXED})
    ws = book.add_worksheet("Kunden")
    ws.add_table(0, 0, 3, 3, {
        "columns": [{"header": "Kundennr", "total_string": "Summe"}, {"header": "Vorname", "total_function": "count"},
                    {"header": "Nachname"}, {"header": "Betrag", "total_function": "sum", "total_value": 5.75}],
        "data": [[4711, "Anna", "Müller", 3.5], [4712, "Jürgen", "Fischer", 2.25]],
        "total_row": True,
    })
    ws = book.add_worksheet("Neben")
    ws.add_table(0, 0, 2, 1, {
        "columns": [{"header": "Kundennr", "total_string": "Summe"}, {"header": "Vorname", "total_function": "count", "total_value": 1}],
        "data": [[4711, "Anna"]], "total_row": True,
    })
    ws.write(0, 2, "Notiz")
    ws.write(2, 2, "neben der Tabelle")
    book.close()
    normalize_zip(path)


def long_sheet(folder):
    """A sheet longer than the rows looked at for the header, with every kind of cell after them:
    shared strings, numbers, dates and times, booleans, error values, gaps, a value right of the
    header, and an Excel table whose totals row stands in the middle of the sheet. The reader keeps
    these rows from its first read; this sheet shows that they convert as a second read gives them."""
    path = folder / "long-sheet.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": FIXED})
    ws = book.add_worksheet("Kunden")
    date = book.add_format({"num_format": "dd.mm.yyyy"})
    stamp = book.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    clock = book.add_format({"num_format": "hh:mm:ss"})
    zip_code = book.add_format({"num_format": "00000"})
    ws.add_table(0, 0, 6, 2, {
        "columns": [{"header": "Kundennr", "total_string": "Summe"}, {"header": "Vorname", "total_function": "count"},
                    {"header": "Nachname"}],
        "data": [[4000 + n, "Anna", "Müller"] for n in range(5)],
        "total_row": True,
    })
    ws.write_row(0, 3, ["PLZ", "Geburtsdatum", "Freigabe", "Uhrzeit", "Aktiv", "Betrag", "Notiz"])
    names = ["Jürgen", "Zoë", "Łukasz", "Ἀθηνᾶ", "O'Brien", "Ана", "李", "Anne-Marie"]
    for n in range(1, 300):
        row = n + 6
        if n % 37 == 0:
            continue  # an empty row
        ws.write_number(row, 0, 4711 + n)
        ws.write_string(row, 1, names[n % len(names)])
        if n % 5:
            ws.write_string(row, 2, "Nachname " + str(n % 11) * (n % 40))
        ws.write_number(row, 3, 1067 + n, zip_code)
        ws.write_datetime(row, 4, datetime.datetime(1950, 1, 1) + datetime.timedelta(days=97 * n), date)
        ws.write_datetime(row, 5, datetime.datetime(2024, 11, 2, 14, 5) + datetime.timedelta(minutes=13 * n), stamp)
        ws.write_datetime(row, 6, datetime.datetime(1899, 12, 31, 8, 30) + datetime.timedelta(seconds=61 * n), clock)
        if n % 3 == 0:
            ws.write_boolean(row, 7, n % 2 == 0)
        ws.write_number(row, 8, n * 1.25 if n % 7 else -0.0001 * n)
        if n % 13 == 0:
            ws.write_formula(row, 9, "=1/0", None, "#DIV/0!")
        elif n % 17 == 0:
            ws.write_string(row, 9, "rechts davon", None)
            ws.write_string(row, 12, "außerhalb der Kopfzeile")
        elif n % 2:
            ws.write_string(row, 9, "Zeile 1\nZeile 2")
    book.close()
    normalize_zip(path)


def odd_numbers(folder):
    """Numbers no Excel writes, in a workbook written by hand as a damaged or hostile one is:
    NaN, infinities and a number past a double's range, and numbers in date, time and duration
    formats outside the dates Excel shows (it shows ####, or 00.01.1900 for day 0). None may stop
    the reader; each is a damaged cell of its row, and the last day Excel shows still reads as a
    date."""
    formats = ["dd.mm.yyyy", "hh:mm:ss", "[h]:mm:ss", "0.00"]
    styles = "".join(f'<numFmt numFmtId="{164 + i}" formatCode="{code}"/>' for i, code in enumerate(formats))
    xfs = '<xf numFmtId="0"/>' + "".join(f'<xf numFmtId="{164 + i}" applyNumberFormat="1"/>' for i in range(len(formats)))
    header = ["Kundennr", "Datum", "Uhrzeit", "Dauer", "Betrag", "Zahl"]
    rows = ['<row r="1">' + "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>' for i, name in enumerate(header)) + "</row>"]
    for number, value in enumerate(["NaN", "INF", "-inf", "1e400", "-1", "2958466", "2958465.5", "1E+308", "0"], start=2):
        cells = f'<c r="A{number}"><v>{number}</v></c>'
        cells += "".join(f'<c r="{chr(66 + i)}{number}" s="{i + 1}"><v>{value}</v></c>' for i in range(len(formats)))
        cells += f'<c r="F{number}"><v>{value}</v></c>'
        rows.append(f'<row r="{number}">{cells}</row>')
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Kunden" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<numFmts count="{len(formats)}">{styles}</numFmts><cellXfs count="{len(formats) + 1}">{xfs}</cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>" + "".join(rows) + "</sheetData></worksheet>",
    }
    hand_written(folder / "odd-numbers.xlsx", parts)
    # The same sheet cut short after its third row, in a sound archive: the XML ends unclosed, as
    # when a program that streams a sheet dies halfway. The rows after the cut are lost, so the
    # workbook is refused rather than read as if it ended there.
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet[:sheet.index('<row r="4">')]
    hand_written(folder / "cut-sheet.xlsx", parts)


def hand_written(path, parts):
    import zipfile
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)


def title_rows(folder):
    """An export as people hand them over: an Info sheet first, and a title block above the header."""
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = FIXED
    info = wb.active
    info.title = "Info"
    info["A1"] = "Kundenexport"
    info["A2"] = "Erstellt am 01.03.2025"
    sheet = wb.create_sheet("Kunden")
    sheet["A1"] = "Kundenexport März 2025"
    sheet["A2"] = "Filter: alle aktiven Kunden"
    sheet.append(["Kundennr", "Vorname", "Nachname", "PLZ"])
    sheet.append([4711, "Anna", "Müller", "01067"])
    sheet.append([4712, "Jürgen", "Fischer", "04109"])
    wb.save(folder / "title-rows.xlsx")
    normalize_zip(folder / "title-rows.xlsx")


def other_formats(folder):
    """Files that are not .xlsx workbooks, as the programs that write them do: a legacy .xls
    (xlwt), a password-protected .xlsx (msoffcrypto-tool), an .ods (odfpy), and an .xlsb (its
    package layout, with the binary workbook part no Python library writes)."""
    import xlwt
    book = xlwt.Workbook()
    sheet = book.add_sheet("Kunden")
    for col, value in enumerate(["Kundennr", "Name"]):
        sheet.write(0, col, value)
    sheet.write(1, 0, 1)
    sheet.write(1, 1, "Müller")
    book.save(str(folder / "legacy.xls"))

    import msoffcrypto.format.ooxml
    plain = folder / "openpyxl-features.xlsx"
    with open(plain, "rb") as source, open(folder / "encrypted.xlsx", "wb") as target:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("geheim", target)

    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P
    document = OpenDocumentSpreadsheet()
    table = Table(name="Kunden")
    for values in (["Kundennr", "Name"], ["1", "Müller"]):
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(folder / "export.ods"))

    import zipfile
    with zipfile.ZipFile(folder / "binary.xlsb", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>')
        z.writestr("xl/workbook.bin", bytes(64))


def sample_rows():
    """The sample export's header and rows, with its dates and timestamps as date values."""
    sample = pathlib.Path(__file__).resolve().parent.parent / "samples/kunden-export.csv"
    rows = list(csvmodule.reader(io.StringIO(sample.read_text(encoding="utf-8"), newline=""), delimiter=";"))
    header = rows[0]
    date_columns = {"Geburtsdatum", "Ausgestellt_am", "Gueltig_bis", "Ident_Datum"}
    stamp_columns = {"Geaendert_am", "Ident_Freigabe", "Ident_Aktualisiert"}
    parsed_rows = []
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
        parsed_rows.append(out + ([""] * (len(header) - len(out))))
    return header, parsed_rows


def sample_workbook():
    """The sample export as Excel would hold it: the same text, with real date cells."""
    header, rows = sample_rows()
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = FIXED
    ws = wb.active
    ws.title = "Export"
    ws.append(header)
    for out in rows:
        ws.append(out)
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



def sample_table_workbook():
    """The sample export as an Excel table with a totals row (a label and a count), the way an
    analyst formats an export before handing it over: the totals row is not a customer."""
    header, rows = sample_rows()
    path = pathlib.Path(__file__).resolve().parent.parent / "Tests/EndToEndTests/Fixtures/kunden-export-table.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": FIXED})
    ws = book.add_worksheet("Export")
    date_format = book.add_format({"num_format": "DD.MM.YYYY"})
    stamp_format = book.add_format({"num_format": "DD.MM.YYYY HH:MM"})
    columns = [{"header": name} for name in header]
    columns[0]["total_string"] = "Summe"
    columns[1]["total_function"] = "count"
    columns[1]["total_value"] = len(rows)
    ws.add_table(0, 0, len(rows) + 1, len(header) - 1, {"columns": columns, "total_row": True, "style": "Table Style Light 9"})
    for number, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            if isinstance(value, datetime.datetime):
                ws.write_datetime(number, col, value, stamp_format)
            elif isinstance(value, datetime.date):
                ws.write_datetime(number, col, datetime.datetime.combine(value, datetime.time()), date_format)
            elif value != "":
                ws.write_string(number, col, value)
    book.close()
    normalize_zip(path)


if __name__ == "__main__":
    main()
