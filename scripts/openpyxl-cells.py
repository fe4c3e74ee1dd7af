#!/usr/bin/env python3
"""Prints every cell of the given workbooks as openpyxl reads them, as JSON, for the test that
compares the project's own workbook reader with an independent one cell by cell.

    python3 scripts/openpyxl-cells.py A.xlsx B.xlsx …

Output: {file: {sheet: [[row, column, kind, value], …]} | "error: …"} with kinds s (text),
n (number, as Python's repr of the float), b (boolean), d (date or date-time, ISO 8601),
t (time of day or duration; not compared). Empty cells are left out. Text has OOXML's _xHHHH_
escapes decoded, as Excel shows them and openpyxl does not.
"""
import datetime
import json
import re
import sys

import openpyxl


def cell(value):
    if isinstance(value, bool):
        return "b", "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return "n", repr(float(value))
    if isinstance(value, datetime.datetime):
        return "d", value.isoformat() if (value.hour, value.minute, value.second) != (0, 0, 0) else value.date().isoformat()
    if isinstance(value, datetime.date):
        return "d", value.isoformat()
    if isinstance(value, (datetime.time, datetime.timedelta)):
        return "t", str(value)
    # openpyxl leaves OOXML's _xHHHH_ escapes in the text; Excel shows the character (_x000D_ is a CR).
    return "s", re.sub(r"_x([0-9A-Fa-f]{4})_", lambda match: chr(int(match.group(1), 16)), str(value))


def main():
    result = {}
    for path in sys.argv[1:]:
        try:
            book = openpyxl.load_workbook(path, data_only=True)
        except Exception as error:  # openpyxl refuses some packages the reader accepts (part names in another case)
            result[path] = f"error: {type(error).__name__}"
            continue
        sheets = {}
        for sheet in book.worksheets:
            cells = []
            for row in sheet.iter_rows():
                for item in row:
                    if item.value is None or item.value == "":
                        continue
                    kind, value = cell(item.value)
                    cells.append([item.row, item.column, kind, value])
            sheets[sheet.title] = cells
        result[path] = sheets
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
