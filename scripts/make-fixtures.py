#!/usr/bin/env python3
"""Writes the small input fixtures of Tests/RelianceKitTests/Fixtures: one export in every
encoding the reader supports, and the broken files the reader must survive. Deterministic.

    python3 scripts/make-fixtures.py
"""
import pathlib

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
    print("fixtures written")


if __name__ == "__main__":
    main()
