#!/usr/bin/env python3
"""Writes small hostile files that once made the converter use unbounded memory or time:

    python3 scripts/make-bombs.py FOLDER

Each is a few hundred KB to about 1 MB and is written with Python's zipfile, the way such files
are made in the wild; sizes in headers are patched where the attack is a lying header.

- forename-bomb.xlsx: a cell whose text is 300 MB in 300,000 rich-text runs (deflates 1000 to 1)
- forename-lying.xlsx: the same sheet with its declared size patched down to 1 MB
- huge-shared-string.xlsx: one shared string of 200 MB in runs
- empty-strings.xlsx: 50 million empty shared strings
- long-cell.xlsx, long-shared-string.xlsx: one cell of 8 MB of random text (inline, and as a
  shared string), which deflates less than 2 to 1 and passes the inflate limit: the cell limit
  must hold it
- far-columns.xlsx: 40,000 rows, each with one value in column XFD (random text, so it deflates
  only about 4 to 1 and passes the inflate limit: the work per row must stay bounded)
- zip-claims-4gb.zip: a 1 KB Reliance ZIP whose main.json claims 4 GB (for inspect)
- zip-many-entries.zip: a ZIP whose central directory lists 1.5 million entries (80 MB, all
  pointing at one empty entry), with the ZIP64 end records a writer adds past 65,535 (for inspect)
"""
import base64
import io
import os
import random
import struct
import sys
import zipfile

HEADER_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "kunden-export.csv")


def column_name(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def header_row():
    with open(HEADER_SOURCE, encoding="utf-8") as f:
        names = f.readline().rstrip("\r\n").split(";")
    cells = "".join(f'<c r="{column_name(i)}1" t="inlineStr"><is><t>{n}</t></is></c>' for i, n in enumerate(names))
    return f'<row r="1">{cells}</row>', names


def workbook(path, sheet_rows, shared=None, patch_sheet_size=None):
    """A minimal workbook: one sheet of the given rows (XML text or an iterable of chunks)."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        if shared is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=False) as f:
                for chunk in shared:
                    f.write(chunk)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=False) as f:
            for chunk in sheet_rows:
                f.write(chunk)
    if patch_sheet_size is not None:
        patch_size(path, "xl/worksheets/sheet1.xml", patch_sheet_size)


def patch_size(path, name, size):
    """Rewrites the uncompressed size of entry `name` in its local header and the central directory."""
    data = bytearray(open(path, "rb").read())
    encoded = name.encode()
    # (signature, offset of the name length, offset of the name, offset of the uncompressed size)
    for signature, length_at, name_at, size_at in ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24)):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", data, at + length_at)[0]
            if bytes(data[at + name_at:at + name_at + length]) == encoded:
                struct.pack_into("<I", data, at + size_at, size)
            at = data.find(signature, at + 4)
    open(path, "wb").write(bytes(data))


def sheet(rows_text):
    yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    for text in rows_text:
        yield text.encode() if isinstance(text, str) else text
    yield b"</sheetData></worksheet>"


def forename_rows():
    header, _ = header_row()
    yield header
    yield '<row r="2"><c r="A2"><v>10000</v></c><c r="E2" t="inlineStr"><is>'
    run = b"<r><t>" + b"A" * 1000 + b"</t></r>"
    for _ in range(300):
        yield run * 1000
    yield "</is></c></row>"


def far_column_rows(rng):
    header, _ = header_row()
    yield header
    for number in range(2, 40_002):
        text = base64.b32encode(rng.randbytes(8)).decode().lower().rstrip("=")
        yield f'<row r="{number}"><c r="A{number}"><v>{number}</v></c><c r="XFD{number}" t="inlineStr"><is><t>{text}</t></is></c></row>'


def many_entries(path, count):
    """A ZIP whose central directory lists `count` entries, all pointing at one stored empty entry."""
    name = b"a"
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0x21, 0, 0, 0, len(name), 0) + name
    records = bytearray()
    for index in range(count):
        entry = b"%07d" % index
        records += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0x21, 0, 0, 0, len(entry), 0, 0, 0, 0, 0, 0) + entry
    start = len(local)
    zip64_end = start + len(records)
    with open(path, "wb") as f:
        f.write(local)
        f.write(records)
        # Past 65,535 entries a writer records the count in the ZIP64 end record; the classic one says 0xFFFF.
        f.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, len(records), start))
        f.write(struct.pack("<IIQI", 0x07064B50, 0, zip64_end, 1))
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, len(records), start, 0))


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    workbook(os.path.join(folder, "forename-bomb.xlsx"), sheet(forename_rows()))
    workbook(os.path.join(folder, "forename-lying.xlsx"), sheet(forename_rows()), patch_sheet_size=1 << 20)

    header, _ = header_row()
    one_string = [b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si>']
    one_string += [(b"<r><t>" + b"B" * 1000 + b"</t></r>") * 1000 for _ in range(200)]
    one_string += [b"</si></sst>"]
    shared_rows = [header, '<row r="2"><c r="A2"><v>10000</v></c><c r="E2" t="s"><v>0</v></c></row>']
    workbook(os.path.join(folder, "huge-shared-string.xlsx"), sheet(shared_rows), shared=one_string)

    empties = [b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    empties += [b"<si/>" * 1_000_000 for _ in range(50)]
    empties += [b"</sst>"]
    workbook(os.path.join(folder, "empty-strings.xlsx"), sheet(shared_rows), shared=empties)

    workbook(os.path.join(folder, "far-columns.xlsx"), sheet(far_column_rows(random.Random(7))))

    rng = random.Random(11)
    runs = [b"<r><t>" + base64.b32encode(rng.randbytes(2500)).lower() + b"</t></r>" for _ in range(2000)]
    long_cell = [header, '<row r="2"><c r="A2"><v>10000</v></c><c r="E2" t="inlineStr"><is>'] + runs + ["</is></c></row>"]
    workbook(os.path.join(folder, "long-cell.xlsx"), sheet(long_cell))
    long_shared = [b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si>']
    long_shared += runs + [b"</si></sst>"]
    workbook(os.path.join(folder, "long-shared-string.xlsx"), sheet(shared_rows), shared=long_shared)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("main.json", b'{"customers":[]}' + b" " * 2000)
    path = os.path.join(folder, "zip-claims-4gb.zip")
    open(path, "wb").write(buffer.getvalue())
    patch_size(path, "main.json", 0xFFFF_FFFE)
    many_entries(os.path.join(folder, "zip-many-entries.zip"), 1_500_000)
    for name in sorted(os.listdir(folder)):
        print(f"{name} {os.path.getsize(os.path.join(folder, name))}")


if __name__ == "__main__":
    main()
