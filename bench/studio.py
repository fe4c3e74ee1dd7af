#!/usr/bin/env python3
"""The studio's load time and how long an edit takes to regroup the rejects, on the realistic export.

    python3 bench/studio.py [--binary .build/release/reliance-convert] [--rows 30000] [--edits 60]

Generates the export with bench/generate.py (realistic profile, small attachments) on tmpfs, then:
- reference: `validate` on the same export and mapping, the converter's own full pass (best of 3);
- load: from starting `studio` to its address being printed (the rows read, the first evaluation,
  init's proposals), best of 3;
- edits: each edit as the page makes it, POST /api/edit and then GET /api/rejects, timed from
  sending the edit to receiving the regrouped rejects; p50, p95 and max over the edits of lines,
  and the median of the edits of the settings (which evaluate every row again) apart.
Prints the figures and their ratios to the reference run; asserts nothing (speed is measured here,
never in a test).
"""
import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Edits an analyst makes while building a mapping: date formats tried, a column swapped, an alias,
# the date order, a line removed and put back. Each is applied in turn, round and round.
EDITS = [
    ("person.birthDate", '{ column: Geburtsdatum, format: "dd.MM.yyyy" }'),
    ("person.birthDate", '{ column: Geburtsdatum, format: ["dd.MM.yyyy", "d.M.yyyy", "dd.MM.yy", "yyyy-MM-dd"] }'),
    ("person.email", "Mobil"),
    ("person.email", "E-Mail"),
    ("person.idDocument.docType", "{ column: Ausweisart, map: { Personalausweis: IDCARD, Reisepass: PASSPORT, Pass: PASSPORT } }"),
    ("person.idDocument.docType", "{ column: Ausweisart, map: { Personalausweis: IDCARD, Reisepass: PASSPORT } }"),
    ("settings.date_order", "MDY"),
    ("settings.date_order", "DMY"),
    ("person.title", None),
    ("person.title", "Titel"),
    ("person.idDocument.issueDate", '{ column: Ausgestellt_am, format: "d.M.yyyy" }'),
    ("person.idDocument.issueDate", '{ column: Ausgestellt_am, format: "dd.MM.yyyy" }'),
]


def best_of(runs, job):
    return min(job() for _ in range(runs))


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def start_studio(binary, data, mapping):
    start = time.perf_counter()
    process = subprocess.Popen([binary, "studio", data + "/export.csv", "--mapping", mapping, "--no-open", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    loaded = time.perf_counter() - start
    match = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]+)", line)
    if not match:
        process.kill()
        sys.exit("the studio printed no address: " + line + process.stderr.read())
    return process, int(match.group(1)), match.group(2), loaded


def request(port, token, method, path, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Host": f"127.0.0.1:{port}", "Cookie": "reliance_studio=" + token}
    if method == "POST":
        headers.update({"Content-Type": "application/json", "X-Studio-Token": token, "Origin": f"http://127.0.0.1:{port}"})
    connection.request(method, path, body=json.dumps(body).encode() if body is not None else None, headers=headers)
    answer = connection.getresponse()
    data = answer.read()
    connection.close()
    if answer.status != 200:
        sys.exit(f"{method} {path}: {answer.status} {data[:300]!r}")
    return json.loads(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/reliance-convert"))
    parser.add_argument("--rows", type=int, default=30000)
    parser.add_argument("--edits", type=int, default=60)
    parser.add_argument("--work", default="/dev/shm/reliance-studio-bench")
    arguments = parser.parse_args()
    shutil.rmtree(arguments.work, ignore_errors=True)
    os.makedirs(arguments.work)
    data = arguments.work + "/data"
    subprocess.run([sys.executable, os.path.join(ROOT, "bench/generate.py"), str(arguments.rows), data,
                    "--profile", "realistic", "--attachments", "small"], check=True, stdout=subprocess.DEVNULL)
    mapping = data + "/mapping.yaml"
    shutil.copy(os.path.join(ROOT, "bench/mapping.yaml"), mapping)
    export = next(name for name in os.listdir(data) if name.endswith(".csv"))
    if export != "export.csv":
        os.rename(os.path.join(data, export), data + "/export.csv")

    validate = best_of(3, lambda: timed([arguments.binary, "validate", data + "/export.csv", "--mapping", mapping,
                                         "--out", arguments.work + "/out"]))
    loads = []
    for _ in range(3):
        process, port, token, loaded = start_studio(arguments.binary, data, mapping)
        loads.append(loaded)
        process.kill()
        process.wait()
    process, port, token, _ = start_studio(arguments.binary, data, mapping)
    try:
        first = request(port, token, "GET", "/api/rejects")
        times = []
        settings = []
        for index in range(arguments.edits):
            path, line = EDITS[index % len(EDITS)]
            start = time.perf_counter()
            request(port, token, "POST", "/api/edit", {"path": path, "line": line})
            rejects = request(port, token, "GET", "/api/rejects")
            (settings if path.startswith("settings.") else times).append(time.perf_counter() - start)
        columns_start = time.perf_counter()
        request(port, token, "GET", "/api/columns")
        columns = time.perf_counter() - columns_start
    finally:
        process.kill()
        process.wait()
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(f"rows: {arguments.rows} (bench/generate.py, realistic profile); rejected at start {first['rejected']}, "
          f"at the end {rejects['rejected']}; machine: {os.cpu_count()} cores")
    print(f"{'job':<34}{'seconds':>10}{'÷ validate':>12}")
    print(f"{'validate (reference, best of 3)':<34}{validate:>10.3f}{1:>12.2f}")
    print(f"{'studio load (best of 3)':<34}{min(loads):>10.3f}{min(loads) / validate:>12.2f}")
    print(f"{'line edit → rejects, p50':<34}{statistics.median(times):>10.3f}{statistics.median(times) / validate:>12.2f}")
    print(f"{'line edit → rejects, p95':<34}{p95:>10.3f}{p95 / validate:>12.2f}")
    print(f"{'line edit → rejects, max':<34}{times[-1]:>10.3f}{times[-1] / validate:>12.2f}")
    print(f"{'settings edit → rejects, median':<34}{statistics.median(settings):>10.3f}{statistics.median(settings) / validate:>12.2f}")
    print(f"{'columns panel (first request)':<34}{columns:>10.3f}{columns / validate:>12.2f}")
    print(f"targets: load ≤ 2 s, p95 ≤ 0.300 s (over {len(times)} edits of lines; {len(settings)} edits of the settings, "
          "which evaluate every row, apart)")
    shutil.rmtree(arguments.work, ignore_errors=True)


if __name__ == "__main__":
    main()
