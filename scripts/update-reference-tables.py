#!/usr/bin/env python3
"""Regenerates docs/reference.md's field table (`reliance-convert fields --markdown`) and error-code
table (`reliance-convert fields --error-codes`), both printed by the tool from its own tables.
DocumentationTests fails until the document matches.

    swift build && python3 scripts/update-reference-tables.py
"""
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main():
    readme = (ROOT / "docs/reference.md").read_text(encoding="utf-8")
    fields = subprocess.run([str(ROOT / ".build/debug/reliance-convert"), "fields", "--markdown"],
                            capture_output=True, text=True, check=True).stdout
    start, end = "<!-- fields:begin -->\n", "<!-- fields:end -->"
    readme = readme[:readme.index(start) + len(start)] + fields + readme[readme.index(end):]
    codes = subprocess.run([str(ROOT / ".build/debug/reliance-convert"), "fields", "--error-codes"],
                           capture_output=True, text=True, check=True).stdout
    start, end = "<!-- codes:begin -->\n", "<!-- codes:end -->"
    readme = readme[:readme.index(start) + len(start)] + codes + readme[readme.index(end):]
    (ROOT / "docs/reference.md").write_text(readme, encoding="utf-8")
    print("docs/reference.md tables updated")


if __name__ == "__main__":
    main()
