#!/usr/bin/env python3
"""Regenerates the README's field table (from `reliance-convert fields --markdown`) and error-code
table (from FindingCode in Sources/RelianceKit/Model/FindingCode.swift). DocumentationTests fails
until the README matches.

    swift build && python3 scripts/update-readme-tables.py
"""
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    fields = subprocess.run([str(ROOT / ".build/debug/reliance-convert"), "fields", "--markdown"],
                            capture_output=True, text=True, check=True).stdout
    start, end = "<!-- fields:begin -->\n", "<!-- fields:end -->"
    readme = readme[:readme.index(start) + len(start)] + fields + readme[readme.index(end):]
    source = (ROOT / "Sources/RelianceKit/Model/FindingCode.swift").read_text(encoding="utf-8")
    cases = dict(re.findall(r'case (\w+) = "([\w-]+)"', source))
    meanings = dict(re.findall(r'case \.(\w+): "([^"]+)"', source))
    rows = ["| code | meaning |", "| --- | --- |"] + [f"| `{code}` | {meanings[name]} |" for name, code in cases.items()]
    intro = "Errors reject a row; warnings never do.\n\n"
    start = readme.index(intro) + len(intro)
    readme = readme[:start] + "\n".join(rows) + "\n" + readme[readme.index("\n## Exit codes"):]
    (ROOT / "README.md").write_text(readme, encoding="utf-8")
    print("README tables updated")


if __name__ == "__main__":
    main()
