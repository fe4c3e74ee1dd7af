#!/usr/bin/env bash
# The project's test command: installs what the tests need where it is missing (Debian, as root),
# then runs the suite, the damaged-input run and the office round trip against the built binary.
#
#   scripts/test.sh            # what CI runs
#   swift test                 # the suite alone, once the packages below are installed
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
    # "install ok installed" only: a removed package whose configuration files remain still answers `dpkg -s`.
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update && apt-get install -y "$1"
    else
        echo "scripts/test.sh: the tests need the Debian package $1; install it (sudo apt-get install $1)" >&2
        exit 2
    fi
}
need zlib1g-dev   # deflate, inflate and CRC-32 for the ZIP module
need unzip        # tests check every ZIP with `unzip -t`
need p7zip-full   # and with 7-Zip
need tzdata       # time zones for timestamps (Europe/Berlin)
need default-jdk-headless   # every ZIP is read through java.util.zip.ZipInputStream, as a JVM on the receiving side would
need libreoffice-calc-nogui  # scripts/office-roundtrip.py re-saves a fixed rejects.csv as a person's office program does
command -v python3 >/dev/null || need python3   # tests read ZIPs with Python's zipfile as an independent reader
need chromium          # the studio's page is tested in a real browser, headless
need chromium-driver   # driven through WebDriver (scripts/studio-browser.py)
# openpyxl, the independent workbook reader the workbook fixtures are compared with, cell by cell.
python3 -c "import openpyxl" 2>/dev/null || python3 -m pip install --quiet openpyxl==3.1.5 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages openpyxl==3.1.5
# Selenium drives that browser; the driver's path is given, so it downloads nothing.
python3 -c "import selenium" 2>/dev/null || python3 -m pip install --quiet selenium==4.51.0 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages selenium==4.51.0

python3 scripts/check-layers.py   # the folders of RelianceKit depend one way (docs/development.md, "Layers")
python3 scripts/check-file-calls.py   # only Sources/FileSystem calls open, fstat, read, rename ... (docs/development.md, "File-system layer")
python3 scripts/generate-studio-page.py --check   # the page embedded in the binary is the one in Sources/RelianceStudio/Page
swift build
swift test
# Damaged, random and hostile inputs against the built binary: exit 0, 1 or 2 only, no hang,
# bombs within 10 s and 64 MiB.
python3 scripts/damaged-inputs.py --count 150
# rejects.csv fixed, re-saved by LibreOffice under de-DE and en-US, and fed back: every row converts
# to the values the person typed, and what a re-save destroys is rejected or warned.
python3 scripts/office-roundtrip.py
# The mapping studio in headless Chromium: proposals equal init's, counts equal validate's, the row
# equals preview's, one-line saves, undo, aliases, fixed rows through --add, the security checks,
# kill -9 during a save, a workbook's sheets (docs/studio.md).
python3 scripts/studio-browser.py --binary .build/debug/reliance-convert
