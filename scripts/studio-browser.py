#!/usr/bin/env python3
"""Browser tests of the mapping studio (`reliance-convert studio`, docs/studio.md).

    python3 scripts/studio-browser.py --binary .build/debug/reliance-convert [--screenshot docs/studio.png]

Each test starts its own studio on a copy of the sample in a temporary folder, drives the page
in headless Chromium through Selenium (the system's chromium and chromedriver; nothing is
downloaded) and compares what the page shows or saves with what the command-line tool says.
Prints `ok N name` or `FAIL N name: why` per test and exits 1 when any test fails.
"""

import argparse
import csv
import http.client
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "kunden-export.csv"
ATTACHMENTS = ROOT / "samples" / "attachments"
MAPPING = ROOT / "mappings" / "kunden-export.yaml"
SAMPLE_NAME = "samples/kunden-export.csv"
MAPPING_NAME = "mappings/kunden-export.yaml"
ADDRESS = re.compile(r"^reliance-convert studio: (http://127\.0\.0\.1:(\d+))/\?token=([0-9a-f]+)$")

BINARY = None


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


# ---- The studio process -----------------------------------------------------------------------

class Studio:
    """One `studio` process in a folder, with the address it printed."""

    def __init__(self, folder, input_name, mapping_name, *extra):
        self.folder = Path(folder)
        command = [BINARY, "studio", input_name, "--mapping", mapping_name, "--no-open", "--port", "0", *extra]
        self.process = subprocess.Popen(command, cwd=self.folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, encoding="utf-8")
        line = self._first_line(timeout=60)
        match = ADDRESS.match(line.strip())
        if not match:
            self.stop()
            raise Failure(f"the studio printed {line!r}, not its address; stderr: {self.process.stderr.read()[:500]!r}")
        self.origin, self.port, self.token = match.group(1), int(match.group(2)), match.group(3)
        self.url = line.strip().split(": ", 1)[1]
        self._cookie = None
        self._fields = None

    def _first_line(self, timeout):
        result = []
        reader = threading.Thread(target=lambda: result.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not result or not result[0]:
            self.stop()
            raise Failure("the studio printed no address")
        return result[0]

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    # Plain HTTP, for the tests that do not need the page.

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def cookie(self):
        if self._cookie is None:
            status, headers, _ = self.request("GET", "/?token=" + self.token, cookie=False)
            check(status in (301, 302, 303, 307, 308), f"the token exchange answered {status}, not a redirect")
            set_cookie = headers.get("set-cookie", "")
            check(set_cookie, "the token exchange set no cookie")
            check("httponly" in set_cookie.lower(), f"the cookie is not HttpOnly: {set_cookie}")
            check("samesite=strict" in set_cookie.lower(), f"the cookie is not SameSite=Strict: {set_cookie}")
            self._cookie = set_cookie.split(";", 1)[0]
        return self._cookie

    def request(self, method, path, body=None, cookie=True, host=None, origin="own", content_type="application/json",
                token="own"):
        headers = {"Host": host or f"127.0.0.1:{self.port}"}
        if cookie:
            headers["Cookie"] = self.cookie()
        data = None
        if method == "POST":
            data = json.dumps(body if body is not None else {}).encode("utf-8")
            if content_type:
                headers["Content-Type"] = content_type
            if origin:
                headers["Origin"] = self.origin if origin == "own" else origin
            if token:
                headers["X-Studio-Token"] = self.token if token == "own" else token
        connection = self.connection()
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, payload
        finally:
            connection.close()

    def field(self, path):
        """The studio's name of a payload field given as `validate` names it (`person.birthDate`):
        the contract's examples write `customer.person.birthDate`, so either spelling is taken."""
        if self._fields is None:
            self._fields = [field["path"] for field in self.api("GET", "/api/fields")["fields"]]
        for candidate in (path, "customer." + path):
            if candidate in self._fields:
                return candidate
        raise Failure(f"the studio lists no field {path}")

    def api(self, method, path, body=None):
        status, _, payload = self.request(method, path, body)
        check(status == 200, f"{method} {path} answered {status}: {payload[:300]!r}")
        return json.loads(payload)


# ---- The browser ------------------------------------------------------------------------------

def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    options.add_argument("--headless=new")
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")
    options.add_argument("--window-size=1280,900")
    options.add_argument("--disable-gpu")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument("--no-first-run")
    options.add_argument("--disable-background-networking")
    options.add_argument("--disable-component-update")
    options.add_argument("--disable-sync")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    driver.set_window_size(1280, 900)
    return driver


class Page:
    """The studio's page in the browser, with waits for it to settle after each action."""

    def __init__(self, driver, studio):
        self.driver = driver
        self.studio = studio
        driver.get(studio.url)
        WebDriverWait(driver, 30).until(lambda d: urlsplit(d.current_url).path == "/" and "token=" not in d.current_url)
        self.settle(-1)
        check(driver.find_element(By.ID, "columns-table").find_elements(By.CSS_SELECTOR, "tr[data-column]"),
              "the page shows no columns")

    def generation(self):
        return int(self.driver.find_element(By.TAG_NAME, "body").get_attribute("data-generation") or 0)

    def settle(self, before, timeout=60):
        def settled(driver):
            body = driver.find_element(By.TAG_NAME, "body")
            return body.get_attribute("data-busy") == "0" and int(body.get_attribute("data-generation") or 0) > before
        WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(settled)

    def act(self, action):
        before = self.generation()
        action()
        self.settle(before)
        status = self.driver.find_element(By.ID, "status")
        if status.get_attribute("data-kind") == "error":
            raise Failure("the page says: " + status.text)

    def js(self, script, *arguments):
        return self.driver.execute_script(script, *arguments)

    def by_id(self, name):
        return self.driver.find_element(By.ID, name)

    def rows(self, table, attributes):
        return self.js(
            "return Array.from(document.querySelectorAll(arguments[0]), r => arguments[1].map(a => r.getAttribute(a)));",
            table, attributes)

    def columns(self):
        return [row[0] for row in self.rows("#columns-table tr[data-column]", ["data-column"])]

    def groups(self, severity="error"):
        counts = {}
        for field, code, kind, count in self.rows("#rejects-table tr[data-group-field]",
                                                  ["data-group-field", "data-group-code", "data-severity", "data-count"]):
            if kind == severity:
                counts[(normal_field(field), code)] = int(count)
        return counts

    def rejected_rows(self):
        return {int(row[0]) for row in self.rows("#grid tr[data-row]", ["data-row"])}

    def set_line(self, path, line):
        row = self.driver.find_element(By.CSS_SELECTOR, f'#fields-table tr[data-field="{path}"]')
        field = row.find_element(By.CSS_SELECTOR, "input.field-line")
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(Keys.DELETE)
        self.act(lambda: field.send_keys(line + Keys.ENTER) if line else field.send_keys(Keys.ENTER))

    def line_of(self, path):
        return self.js('const r = document.querySelector(`#fields-table tr[data-field="${arguments[0]}"]`);'
                       'return r ? r.getAttribute("data-line") : undefined;', path)

    def choose_date_column(self, name):
        self.act(lambda: Select(self.by_id("dates-column")).select_by_value(name))

    def use_format(self, date_format):
        button = self.driver.find_element(
            By.CSS_SELECTOR, f'#dates-table tr[data-format="{date_format}"] button[data-action="use-format"]')
        self.act(button.click)

    def show_row(self, number):
        field = self.by_id("row-number")
        field.clear()
        field.send_keys(str(number))
        self.act(lambda: self.by_id("row-show").click())

    def save(self):
        self.act(lambda: self.by_id("save").click())
        check(not self.by_id("dirty").is_displayed(), "the page still marks the mapping unsaved after saving")


def normal_field(field):
    """A finding's field as `validate` reports it: no `customer.` prefix, list indexes dropped."""
    field = re.sub(r"\[\d*\]", "[]", field)
    return field[len("customer."):] if field.startswith("customer.") else field


# ---- Folders and the command-line tool ----------------------------------------------------------

def project_copy(folder, mapping=True):
    """The sample and its mapping laid out as in the repository (the mapping finds
    ../samples/attachments)."""
    (folder / "samples").mkdir()
    (folder / "mappings").mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE_NAME)
    shutil.copytree(ATTACHMENTS, folder / "samples" / "attachments")
    if mapping:
        shutil.copy(MAPPING, folder / MAPPING_NAME)
    return folder


def tool(folder, *arguments, ok=(0, 1)):
    result = subprocess.run([BINARY, *arguments], cwd=folder, capture_output=True)
    check(result.returncode in ok, f"`{' '.join(arguments)}` exited {result.returncode}: {result.stderr[:400]!r}")
    return result


def rejects_by_field_and_code(path):
    """Rows per (field, code) in a rejects.csv, from its `_errors` column."""
    counts = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            seen = set()
            for part in row["_errors"].split(" | "):
                match = re.match(r"(\S+) \[([a-z0-9-]+)\]", part)
                check(match, f"cannot read the finding {part!r} in {path}")
                seen.add((normal_field(match.group(1)), match.group(2)))
            for key in seen:
                counts[key] = counts.get(key, 0) + 1
    return counts


def rejected_row_numbers(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {int(row["_row"]) for row in csv.DictReader(handle, delimiter=";")}


def init_list_items(yaml_text):
    """The text of every list item (`- { … }`) `init` writes, without its `# check` comment."""
    return {re.sub(r"\s+#.*$", "", match.group(1)).strip()
            for match in re.finditer(r"(?m)^ *- (\{.*)$", yaml_text)}


def init_proposals(yaml_text, header):
    """(path, line) of every `key: value` line `init` writes under `customer:` that reads a column
    of the header, without its `# check` comment; list items (`- { … }`) are left out."""
    pairs = set()
    stack = []
    for line in yaml_text.split("\n"):
        match = re.match(r"^( *)([A-Za-z_][\w-]*):(?: +(.*))?$", line)
        if not match:
            continue
        indent, key, value = len(match.group(1)), match.group(2), match.group(3) or ""
        while stack and stack[-1][0] >= indent:
            stack.pop()
        value = re.sub(r"\s+#.*$", "", value).strip() if not value.startswith("#") else ""
        if not value:
            stack.append((indent, key))
            continue
        path = ".".join([name for _, name in stack] + [key])
        if path.startswith("customer.") and any(names_column(value, column) for column in header):
            pairs.add((path, value))
    return pairs


def names_column(value, column):
    return re.search(r"(^|[\s{,\[\"])" + re.escape(column) + r"($|[\s},\]\"])", value) is not None


def csv_header(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle, delimiter=";"))


# ---- The tests ------------------------------------------------------------------------------------

def test_columns_and_proposals_equal_init(driver, folder):
    notes = []
    project_copy(folder, mapping=False)
    header = csv_header(folder / SAMPLE_NAME)
    scaffold = tool(folder, "init", SAMPLE_NAME, "--out", "-", ok=(0,)).stdout.decode("utf-8")
    expected = init_proposals(scaffold, header)
    items = init_list_items(scaffold)
    check(len(expected) > 20, f"init's scaffold yielded only {len(expected)} proposals; the parser is wrong")
    studio = Studio(folder, SAMPLE_NAME, "mappings/new.yaml")
    try:
        page = Page(driver, studio)
        check(page.columns() == header, f"the columns shown {page.columns()} are not the export's {header}")
        rows = page.rows("#columns-table tr[data-column]",
                         ["data-column", "data-proposal-path", "data-proposal-line", "data-proposal-why", "data-proposal-paths"])
        whys = {why for _, path, _, why, _ in rows if path}
        check(whys <= {"exact", "synonym", "similar"}, f"unknown reasons {whys}")
        expected = {(normal_field(path), line) for path, line in expected}
        shown = {(normal_field(path), line) for _, path, line, _, _ in rows if path and line}
        # A field inside list items is proposed with its item's line, as init writes the item.
        foreign = sorted((path, line) for path, line in shown - expected if line not in items)
        check(not foreign, f"proposals on the page that init does not write: {foreign}")
        # Every line init writes is proposed by a column it reads: a column may be proposed for
        # several fields (Ident_Anbieter is both a custom field's value and verification.vendor).
        by_column = {row[0]: set(normal_field(path) for path in (row[4] or "").split()) for row in rows}
        unproposed = [(path, line) for path, line in sorted(expected - shown)
                      if not any(path in by_column.get(column, set()) for column in header if names_column(line, column))]
        check(not unproposed, f"init's lines no column proposes: {unproposed}")
        listed = sum(1 for row in rows if row[1] and row[2] in items)
        notes.append(f"{listed} columns proposed for fields inside list items")
        session = studio.api("GET", "/api/session")
        check(not session["mapping"]["exists"], "the studio says the missing mapping exists")
        check(not (folder / "mappings" / "new.yaml").exists(), "the studio wrote the mapping before a save")
    finally:
        studio.stop()
    return "; ".join(notes)


def test_date_format_regroups_rejects_like_validate(driver, folder):
    project_copy(folder)
    studio = Studio(folder, SAMPLE_NAME, MAPPING_NAME)
    try:
        page = Page(driver, studio)
        before = page.groups()
        page.choose_date_column("Geburtsdatum")
        check(page.rows("#dates-table tr[data-format]", ["data-format"]), "no candidate formats for Geburtsdatum")
        page.use_format("dd.MM.yyyy")
        line = page.line_of(studio.field("person.birthDate"))
        check(line and "dd.MM.yyyy" in line and "d.M.yyyy" not in line, f"birthDate's line is now {line!r}")
        after = page.groups()
        check(after != before, f"the rejects did not change: {after}")
        check(after.get(("person.birthDate", "invalid-date"), 0) > before.get(("person.birthDate", "invalid-date"), 0),
              "one format for birthDate rejected no more rows as invalid-date")
        check(page.by_id("rejects-change").is_displayed(), "no change line after the edit")
        page.save()
    finally:
        studio.stop()
    tool(folder, "validate", SAMPLE_NAME, "--mapping", MAPPING_NAME, "--out", "validated")
    expected = rejects_by_field_and_code(folder / "validated" / "rejects.csv")
    check(after == expected, f"page {sorted(after.items())} != validate {sorted(expected.items())}")


def test_row_is_byte_identical_to_preview(driver, folder):
    project_copy(folder)
    studio = Studio(folder, SAMPLE_NAME, MAPPING_NAME)
    try:
        page = Page(driver, studio)
        for number in (2, 10, 30):
            expected = tool(folder, "preview", SAMPLE_NAME, "--mapping", MAPPING_NAME, "--row", str(number), ok=(0,)).stdout
            page.show_row(number)
            shown = page.js("return document.getElementById('row-json').textContent;").encode("utf-8")
            check(shown == expected, f"row {number}: the page shows {len(shown)} bytes, preview prints {len(expected)}; "
                  f"they differ from byte {next((i for i, (a, b) in enumerate(zip(shown, expected)) if a != b), min(len(shown), len(expected)))}")
            answer = studio.api("GET", f"/api/row?n={number}")
            check(answer["mainJSON"].encode("utf-8") == expected, f"row {number}: the API's mainJSON is not preview's stdout")
        page.show_row(7)
        check(page.js("return document.getElementById('row-json').textContent;") == "", "a rejected row shows a main.json")
        findings = page.js("return Array.from(document.querySelectorAll('#row-findings li'), li => li.textContent);")
        check(any("invalid-date" in finding for finding in findings), f"row 7's findings are {findings}")
    finally:
        studio.stop()


def test_one_format_change_is_a_one_line_diff(driver, folder):
    project_copy(folder)
    mapping = folder / MAPPING_NAME
    text = mapping.read_text(encoding="utf-8")
    # A comment on the very line the edit changes, besides the file's own comments.
    text = re.sub(r"(\n    birthDate: .*)\n", r"\1   # day first, as the CRM writes it\n", text, count=1)
    mapping.write_text(text, encoding="utf-8")
    for command in (["init", "-q"], ["add", MAPPING_NAME],
                    ["-c", "user.name=Studio Test", "-c", "user.email=studio@example.invalid", "commit", "-qm", "mapping"]):
        subprocess.run(["git", *command], cwd=folder, check=True, capture_output=True)
    comments = [line[line.index("#"):] for line in text.split("\n") if re.search(r"(^|\s)#", line)]
    studio = Studio(folder, SAMPLE_NAME, MAPPING_NAME)
    try:
        page = Page(driver, studio)
        page.choose_date_column("Geburtsdatum")
        page.use_format("dd.MM.yyyy")
        page.save()
    finally:
        studio.stop()
    numstat = subprocess.run(["git", "diff", "--numstat"], cwd=folder, capture_output=True, text=True).stdout
    check(numstat == f"1\t1\t{MAPPING_NAME}\n", f"git diff --numstat says {numstat!r}")
    saved = mapping.read_text(encoding="utf-8")
    lost = [comment for comment in comments if comment not in saved]
    check(not lost, f"comments lost: {lost}")
    check(re.search(r"\n    birthDate: \{ column: Geburtsdatum, format: \"?dd\.MM\.yyyy\"? \} +# day first", saved),
          "the edited line is not birthDate with the one format and its comment")


UNDO_FIELDS = ["person.title", "person.birthPlace", "person.mobile", "person.email", "person.birthCountry",
               "person.country", "person.idDocument.additionalNumber", "person.verification.verificationMethod",
               "person.compliance.pepChecked", "person.city"]


def test_twenty_edits_twenty_undos_restore_the_file(driver, folder):
    project_copy(folder)
    original = (folder / MAPPING_NAME).read_bytes()
    studio = Studio(folder, SAMPLE_NAME, MAPPING_NAME)
    try:
        page = Page(driver, studio)
        for path in map(studio.field, UNDO_FIELDS):
            page.set_line(path, "")
            check(page.line_of(path) is None, f"{path} still has a line after it was emptied")
            page.set_line(path, "Bank")
            check(page.line_of(path) == "Bank", f"{path}'s line is {page.line_of(path)!r}")
        check(studio.api("GET", "/api/session")["mapping"]["edits"] >= 20, "the studio counts fewer than 20 edits")
        body = page.driver.find_element(By.TAG_NAME, "body")
        for number in range(20):
            if number % 2:
                page.act(page.by_id("undo").click)
            else:  # the keyboard, with the focus outside a text field
                page.js("document.activeElement && document.activeElement.blur();")
                page.act(lambda: webdriver.ActionChains(page.driver).key_down(Keys.CONTROL).send_keys("z")
                         .key_up(Keys.CONTROL).perform())
        check(page.by_id("undo").get_attribute("disabled") is not None, "Undo is still enabled after twenty undos")
        check(page.by_id("redo").get_attribute("disabled") is None, "Redo is not enabled after the undos")
        page.save()
    finally:
        studio.stop()
    saved = (folder / MAPPING_NAME).read_bytes()
    check(saved == original, f"the saved file differs from the original ({len(saved)} vs {len(original)} bytes)")


def pass_rows_export(folder, count=3):
    """A copy of the sample in which `count` converting rows carry the unmapped document type
    `Pass`; returns the file's name and those rows."""
    tool(folder, "validate", SAMPLE_NAME, "--mapping", MAPPING_NAME, "--out", "before")
    rejected = rejected_row_numbers(folder / "before" / "rejects.csv")
    lines = (folder / SAMPLE_NAME).read_bytes().decode("utf-8").split("\n")
    header = lines[0].lstrip("\ufeff").rstrip("\r").split(";")
    column = header.index("Ausweisart")
    chosen = []
    # Before the first multi-line record a row's number is its line's.
    for number in range(3, 12):
        cells = lines[number - 1].rstrip("\r").split(";")
        if number in rejected or '"' in lines[number - 1] or len(cells) != len(header):
            continue
        if cells[column] in ("Reisepass", "Personalausweis"):
            cells[column] = "Pass"
            lines[number - 1] = ";".join(cells) + ("\r" if lines[number - 1].endswith("\r") else "")
            chosen.append(number)
        if len(chosen) == count:
            break
    check(len(chosen) == count, "the sample has too few plain converting rows to alter")
    name = "samples/kunden-pass.csv"
    (folder / name).write_bytes("\n".join(lines).encode("utf-8"))
    return name, set(chosen)


def test_alias_removes_exactly_those_rows_from_the_rejects(driver, folder):
    project_copy(folder)
    name, chosen = pass_rows_export(folder)
    studio = Studio(folder, name, MAPPING_NAME)
    try:
        page = Page(driver, studio)
        before = page.rejected_rows()
        check(chosen <= before, f"rows {sorted(chosen - before)} with Pass are not rejected")
        page.act(lambda: Select(page.by_id("values-path")).select_by_value(studio.field("person.idDocument.docType")))
        row = page.driver.find_element(By.CSS_SELECTOR, '#values-table tr[data-value="Pass"]')
        check(row.get_attribute("data-covered") == "false", "Pass is shown as covered before the alias")
        check(row.get_attribute("data-count") == str(len(chosen)), f"Pass counts {row.get_attribute('data-count')} rows")
        Select(row.find_element(By.CSS_SELECTOR, "select.alias-to")).select_by_value("PASSPORT")
        page.act(row.find_element(By.CSS_SELECTOR, 'button[data-action="alias"]').click)
        after = page.rejected_rows()
        check(after == before - chosen, f"rejected before {sorted(before)}, after {sorted(after)}, aliased {sorted(chosen)}")
        covered = page.rows('#values-table tr[data-value="Pass"]', ["data-covered"])
        check(["false"] not in covered, "Pass is still shown as not covered after the alias")
        change = page.by_id("rejects-change").text
        check(f"+{len(chosen)} convert" in change, f"the change line says {change!r}")
    finally:
        studio.stop()


def test_fixed_row_converts_with_add_undamaged(driver, folder):
    project_copy(folder)
    export = folder / SAMPLE_NAME
    text = export.read_bytes().decode("utf-8")
    original_cells = "Sabine;Richter;Königstraße;18;"
    check(text.count(original_cells) == 1, "the sample's row 19 is not as this test expects")
    export.write_bytes(text.replace(original_cells, "Sabine;Richter-Kőszegi;Königstraße;18;").encode("utf-8"))
    tool(folder, "convert", SAMPLE_NAME, "--mapping", MAPPING_NAME, "--out", "out")
    check(not (folder / "out" / "CUST_10017.zip").exists(), "row 19 (customer 10017) converted before the fix")
    studio = Studio(folder, SAMPLE_NAME, MAPPING_NAME)
    try:
        page = Page(driver, studio)
        header = page.js("return Array.from(document.querySelectorAll('#grid thead th[data-col]'), th => th.textContent);")
        row = page.driver.find_element(By.CSS_SELECTOR, '#grid tr[data-row="19"]')
        cell = row.find_element(By.CSS_SELECTOR, f'input[data-col="{header.index("Staatsangehoerigkeit")}"]')
        check(cell.get_attribute("value") == "Atlantis", f"row 19's nationality shows {cell.get_attribute('value')!r}")
        cell.clear()
        cell.send_keys("AT")
        check(row.get_attribute("data-edited") == "true", "the grid does not mark the edited row")
        page.act(page.by_id("save-fixed").click)
        fixed = studio.api("GET", "/api/session")["fixed"]["path"]
    finally:
        studio.stop()
    fixed_path = folder / fixed if not os.path.isabs(fixed) else Path(fixed)
    check(fixed_path.exists(), f"no fixed-rows file at {fixed_path}")
    fixed_text = fixed_path.read_bytes().decode("utf-8")
    for word in ("Richter-Kőszegi", "Königstraße", "1999-02-20", "2024-11-18T14:06:00+01:00"):
        check(word in fixed_text, f"the fixed-rows file lost {word!r}")
    tool(folder, "convert", str(fixed_path.relative_to(folder)), "--mapping", MAPPING_NAME, "--out", "out", "--add")
    archive = folder / "out" / "CUST_10017.zip"
    check(archive.exists(), "the fixed row's ZIP was not made by convert --add")
    with zipfile.ZipFile(archive) as opened:
        main = json.loads(opened.read("main.json"))
    person = main["customers"][0]["person"]
    check(person["birthDate"] == "1999-02-20", f"birthDate became {person['birthDate']!r}")
    check(person["surName"] == "Richter-Kőszegi", f"surName became {person['surName']!r}")
    check(person["street"].startswith("Königstraße"), f"street became {person['street']!r}")
    check(person["nationality"] == "AT", f"nationality became {person['nationality']!r}")
    check((folder / "out" / "CUST_10000.zip").exists(), "convert --add retired the other rows' ZIPs")


def listening_addresses(pid):
    """The local addresses of the listening TCP sockets the process holds."""
    inodes = set()
    for descriptor in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(descriptor)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                address, port = fields[1].split(":")
                if width == 8:
                    octets = [str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)]
                    found.append((".".join(octets), int(port, 16)))
                else:
                    found.append(("ipv6:" + address, int(port, 16)))
    return found


def test_refuses_foreign_requests_and_stays_on_its_origin(driver, folder):
    project_copy(folder)
    studio = Studio(folder, SAMPLE_NAME, MAPPING_NAME)
    try:
        status, headers, _ = studio.request("GET", "/api/session")
        check(status == 200, f"a proper request answered {status}")
        policy = [part.strip() for part in headers.get("content-security-policy", "").split(";")]
        check(policy[0] == "default-src 'self'" and not any("*" in part or "unsafe" in part or "http" in part for part in policy),
              f"the Content-Security-Policy is {headers.get('content-security-policy')!r}")
        for name, value in (("x-frame-options", "DENY"),
                            ("x-content-type-options", "nosniff"), ("cache-control", "no-store"),
                            ("referrer-policy", "no-referrer")):
            check(headers.get(name) == value, f"{name} is {headers.get(name)!r}")
        check(not any(name.startswith("access-control-") for name in headers), "a CORS header was sent")
        refusals = {
            "a foreign Host": studio.request("GET", "/api/session", host=f"evil.example:{studio.port}"),
            "a foreign Host on a write": studio.request("POST", "/api/undo", host=f"evil.example:{studio.port}"),
            "no cookie": studio.request("GET", "/api/session", cookie=False),
            "a page without the cookie": studio.request("GET", "/", cookie=False),
            "a foreign Origin": studio.request("POST", "/api/undo", origin="http://evil.example"),
            "no Origin": studio.request("POST", "/api/undo", origin=None),
            "no token": studio.request("POST", "/api/undo", token=None),
            "a wrong token": studio.request("POST", "/api/undo", token="0" * 64),
            "a text/plain write": studio.request("POST", "/api/undo", content_type="text/plain"),
            "a write without the cookie": studio.request("POST", "/api/undo", cookie=False),
        }
        wrong = {name: answer[0] for name, answer in refusals.items() if answer[0] != 403}
        check(not wrong, f"not refused with 403: {wrong}")
        status, _, _ = studio.request("POST", "/api/undo")
        check(status == 200, f"a proper write answered {status}")
        listening = listening_addresses(studio.process.pid)
        check(listening, "no listening socket found for the studio's process")
        check(all(address == "127.0.0.1" for address, _ in listening), f"the studio listens on {listening}")

        driver.get_log("performance")  # drop what earlier tests left
        driver.get_log("browser")
        page = Page(driver, studio)
        page.choose_date_column("Geburtsdatum")
        page.show_row(2)
        page.act(lambda: Select(page.by_id("values-path")).select_by_value(studio.field("person.idDocument.docType")))
        page.use_format("dd.MM.yyyy")
        page.act(page.by_id("undo").click)
        urls = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
        check(len(urls) > 10, f"only {len(urls)} requests were logged")
        foreign = [url for url in urls if not (url == studio.origin or url.startswith(studio.origin + "/"))]
        check(not foreign, f"requests to elsewhere: {foreign[:5]}")
        check(not page.js("return document.querySelectorAll('[style]').length"), "an element carries a style attribute")
        console = [entry for entry in driver.get_log("browser")
                   if entry.get("level") == "SEVERE" and "/favicon.ico" not in entry.get("message", "")]
        check(not console, f"the console shows errors: {[entry['message'] for entry in console][:3]}")
    finally:
        studio.stop()


def test_kill_during_save_leaves_old_or_new(driver, folder):
    project_copy(folder)
    mapping = folder / MAPPING_NAME
    hidden_leftovers = set()
    formats = ['"dd.MM.yyyy"', '["dd.MM.yyyy", "yyyy-MM-dd"]']
    outcomes = {"old": 0, "new": 0}
    for attempt in range(20):
        old = mapping.read_bytes()
        studio = Studio(folder, SAMPLE_NAME, MAPPING_NAME)
        try:
            # Two edits, one of them new in every attempt, so old and new always differ.
            line = "{ column: Geburtsdatum, format: " + formats[attempt % 2] + " }"
            studio.api("POST", "/api/edit", {"path": studio.field("person.birthDate"), "line": line})
            session = studio.api("POST", "/api/edit", {"path": studio.field("person.birthPlace"),
                                                       "line": f"{{ const: Ort-{attempt} }}"})
            new = session["mapping"]["text"].encode("utf-8")
            check(new != old, "the edits did not change the mapping text")
            studio.cookie()
            sender = threading.Thread(target=lambda: swallow(lambda: studio.request("POST", "/api/save")), daemon=True)
            sender.start()
            time.sleep(random.uniform(0, 0.004))
            os.kill(studio.process.pid, signal.SIGKILL)
            studio.process.wait()
            sender.join(5)
        finally:
            studio.stop()
        now = mapping.read_bytes()
        check(now in (old, new), f"attempt {attempt}: the mapping is neither the old nor the new text ({len(now)} bytes)")
        outcomes["new" if now == new and new != old else "old"] += 1
        visible = sorted(p.name for p in mapping.parent.iterdir() if p.name != mapping.name and not p.name.startswith("."))
        check(not visible, f"attempt {attempt}: files left beside the mapping: {visible}")
        hidden_leftovers.update(p.name for p in mapping.parent.iterdir() if p.name.startswith("."))
    note = f"old {outcomes['old']}, new {outcomes['new']}"
    if hidden_leftovers:
        note += f"; hidden files left: {sorted(hidden_leftovers)[:3]}{'…' if len(hidden_leftovers) > 3 else ''}"
    return note


def swallow(action):
    try:
        action()
    except (OSError, http.client.HTTPException):
        pass


def write_workbook(path, sheets):
    """A minimal .xlsx: `sheets` maps a sheet's name to its rows of text cells."""
    def column(index):
        name = ""
        index += 1
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        return name

    def escape(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

    names = list(sheets)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                         '<Default Extension="xml" ContentType="application/xml"/>'
                         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                         + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                                   for i in range(len(names)))
                         + "</Types>")
        archive.writestr("_rels/.rels",
                         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                         "</Relationships>")
        archive.writestr("xl/workbook.xml",
                         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                         + "".join(f'<sheet name="{escape(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, name in enumerate(names))
                         + "</sheets></workbook>")
        archive.writestr("xl/_rels/workbook.xml.rels",
                         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         + "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                                   for i in range(len(names)))
                         + "</Relationships>")
        for i, name in enumerate(names):
            rows = "".join(
                f'<row r="{r + 1}">' + "".join(
                    f'<c r="{column(c)}{r + 1}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
                    for c, value in enumerate(cells) if value != "") + "</row>"
                for r, cells in enumerate(sheets[name]))
            archive.writestr(f"xl/worksheets/sheet{i + 1}.xml",
                             '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                             f"<sheetData>{rows}</sheetData></worksheet>")


WORKBOOK = {
    "Hinweise": [["Notiz", "Stand"], ["Export aus dem CRM", "2025-03-01"]],
    "Kunden": [["Kundenliste Stand 01.03.2025", "", "", "", ""],
               ["Kundennr", "Vorname", "Nachname", "Geburtsdatum", "Straße"],
               ["K-1", "Anna", "Müller", "01.01.1980", "Hauptstraße 1"],
               ["K-2", "Jürgen", "Weiß", "02.02.1970", "Grimmaische Str. 2"],
               ["K-3", "Zoë", "Kőszegi", "03.03.1960", "Königstraße 3"]],
    "Archiv": [["Archivnr", "Grund"], ["A-1", "alt"]],
}


def test_workbook_sheet_picker_and_header_row(driver, folder):
    write_workbook(folder / "kunden.xlsx", WORKBOOK)
    studio = Studio(folder, "kunden.xlsx", "kunden.yaml")
    try:
        page = Page(driver, studio)
        picker = page.by_id("sheet-picker")
        check(picker.is_displayed(), "no sheet picker for a workbook")
        options = [option.get_attribute("value") for option in Select(picker).options]
        check(options == list(WORKBOOK), f"the picker offers {options}")
        check(page.columns() == WORKBOOK["Hinweise"][0], f"the first sheet's columns are shown as {page.columns()}")
        page.act(lambda: Select(page.by_id("sheet-picker")).select_by_value("Kunden"))
        check(Select(page.by_id("sheet-picker")).first_selected_option.get_attribute("value") == "Kunden",
              "the picker does not show the chosen sheet")
        for header_row in (2, 3):
            field = page.by_id("header-row")
            field.send_keys(Keys.CONTROL, "a")
            field.send_keys(str(header_row))
            page.act(lambda: page.by_id("header-row").send_keys(Keys.ENTER))
            wanted = WORKBOOK["Kunden"][header_row - 1]
            check(page.columns() == wanted, f"with header row {header_row} the columns shown are {page.columns()}, not {wanted}")
            session = studio.api("GET", "/api/session")
            check(session["input"]["sheet"] == "Kunden" and session["input"]["headerRow"] == header_row,
                  f"the session reads {session['input']['sheet']!r} from row {session['input']['headerRow']}")
            check(page.by_id("header-row").get_attribute("value") == str(header_row), "the header-row field was reset")
        text = session["mapping"]["text"]
        check(re.search(r"sheet: \"?Kunden\"?", text) and re.search(r"header_row: 3", text),
              f"the mapping's input is not set: {[line for line in text.splitlines() if 'input' in line]}")
    finally:
        studio.stop()

    csv_folder = folder / "csv"
    csv_folder.mkdir()
    project_copy(csv_folder)
    studio = Studio(csv_folder, SAMPLE_NAME, MAPPING_NAME)
    try:
        page = Page(driver, studio)
        check(not page.by_id("sheet-picker").is_displayed(), "a sheet picker is shown for a CSV export")
    finally:
        studio.stop()


TESTS = [
    ("columns and proposals equal init", test_columns_and_proposals_equal_init),
    ("a date format regroups the rejects as validate counts them", test_date_format_regroups_rejects_like_validate),
    ("the row shown is byte-identical to preview", test_row_is_byte_identical_to_preview),
    ("one format change saved is a one-line git diff", test_one_format_change_is_a_one_line_diff),
    ("twenty edits and twenty undos save the original bytes", test_twenty_edits_twenty_undos_restore_the_file),
    ("aliasing a document type removes exactly those rows from the rejects", test_alias_removes_exactly_those_rows_from_the_rejects),
    ("a fixed row converts with convert --add, undamaged", test_fixed_row_converts_with_add_undamaged),
    ("foreign requests are refused and the page stays on its origin", test_refuses_foreign_requests_and_stays_on_its_origin),
    ("kill -9 during a save leaves the old or the new mapping", test_kill_during_save_leaves_old_or_new),
    ("a workbook offers the sheet picker and the header row", test_workbook_sheet_picker_and_header_row),
]


def screenshot(driver, target):
    with tempfile.TemporaryDirectory(prefix="studio-shot-") as temporary:
        folder = project_copy(Path(temporary))
        studio = Studio(folder, SAMPLE_NAME, MAPPING_NAME)
        try:
            page = Page(driver, studio)
            page.show_row(2)
            page.choose_date_column("Geburtsdatum")
            page.act(lambda: Select(page.by_id("values-path")).select_by_value(studio.field("person.salutation")))
            # 1280 px wide as the page is meant to be read; tall enough to show the side panels.
            driver.set_window_size(1280, 1500)
            driver.execute_script("window.scrollTo(0, 0);")
            time.sleep(0.3)
            driver.save_screenshot(str(target))
            driver.set_window_size(1280, 900)
        finally:
            studio.stop()


def main():
    global BINARY
    parser = argparse.ArgumentParser(description="Browser tests of the mapping studio.")
    parser.add_argument("--binary", required=True, help="the reliance-convert binary to test")
    parser.add_argument("--screenshot", help="after the tests, save a screenshot of the page here")
    parser.add_argument("--only", type=int, action="append", help="run only test N (repeatable)")
    arguments = parser.parse_args()
    BINARY = str(Path(arguments.binary).resolve())
    os.environ.setdefault("SE_AVOID_STATS", "true")

    driver = make_driver()
    failures = 0
    try:
        for number, (name, test) in enumerate(TESTS, start=1):
            if arguments.only and number not in arguments.only:
                continue
            with tempfile.TemporaryDirectory(prefix=f"studio-test-{number}-") as temporary:
                started = time.monotonic()
                try:
                    note = test(driver, Path(temporary))
                    seconds = time.monotonic() - started
                    print(f"ok {number} {name}" + (f" ({note})" if note else "") + f" [{seconds:.1f}s]", flush=True)
                except Exception as error:  # a test's failure, whatever raised it
                    failures += 1
                    reason = str(error) if isinstance(error, Failure) else "".join(
                        traceback.format_exception_only(type(error), error)).strip()
                    print(f"FAIL {number} {name}: {reason}", flush=True)
                    if not isinstance(error, Failure) and os.environ.get("STUDIO_TEST_TRACE"):
                        traceback.print_exc()
        if arguments.screenshot:
            screenshot(driver, Path(arguments.screenshot).resolve())
            print(f"screenshot: {arguments.screenshot}")
    finally:
        driver.quit()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
