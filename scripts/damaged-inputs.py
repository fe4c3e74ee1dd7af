#!/usr/bin/env python3
"""Runs the built converter on damaged and random inputs and checks that it never crashes:
every run ends with exit 0, 1 or 2, no signal, and every exit 2 says why.

    swift build && python3 scripts/damaged-inputs.py [--count 200] [--binary .build/debug/reliance-convert]

Inputs: the sample CSV and workbook truncated, with bytes flipped, inserted or deleted, lines
shuffled, quotes added; random bytes; and mappings with random damage. Then the hostile files of
scripts/make-bombs.py (ZIP and workbook bombs), each of which must end within 20 s of CPU time
with peak memory under 64 MiB, and special files as input (a named pipe, /dev/zero), which must be
refused.

Bounds are judged by what the child itself used, from wait4: its CPU time (user and system) and
peak resident memory. Wall-clock time only guards against a hang (120 s), since on a machine busy
with other jobs it measures them as much as the converter.
"""
import argparse
import os
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CPU_SECONDS = 20
PEAK_MIB = 64
HANG_SECONDS = 120


def mutate(data, rng):
    data = bytearray(data)
    kind = rng.randrange(7)
    if kind == 0 and data:
        del data[rng.randrange(len(data)):]
    elif kind == 1:
        for _ in range(rng.randint(1, 50)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == 2:
        for _ in range(rng.randint(1, 20)):
            data.insert(rng.randrange(len(data) + 1), rng.choice(b'";\r\n\t,|\x00\xff\xc3'))
    elif kind == 3 and data:
        start = rng.randrange(len(data))
        del data[start:start + rng.randint(1, 2000)]
    elif kind == 4:
        lines = bytes(data).split(b"\n")
        rng.shuffle(lines)
        data = bytearray(b"\n".join(lines))
    elif kind == 5:
        data = bytearray(rng.randbytes(rng.randint(0, 5000)))
    else:
        data += rng.randbytes(rng.randint(1, 3000))
    return bytes(data)


def hostile_cases(binary, mapping, folder):
    """The bombs and special files: (name, passed, detail) for each."""
    import time
    results = []
    bombs = folder / "bombs"
    subprocess.run([sys.executable, str(ROOT / "scripts/make-bombs.py"), str(bombs)], check=True, capture_output=True)
    cases = [(name, ["validate", str(bombs / name), "--mapping", str(mapping), "--out", str(folder / ("out-" + name)), "--as-of", "2026-01-15"])
             for name in sorted(os.listdir(bombs)) if name.endswith(".xlsx")]
    cases += [(name, ["inspect", str(bombs / name)]) for name in ("zip-claims-4gb.zip", "zip-many-entries.zip")]
    fifo = folder / "pipe.csv"
    os.mkfifo(fifo)
    cases.append(("named pipe", ["validate", str(fifo), "--mapping", str(mapping), "--out", str(folder / "out-fifo")]))
    cases.append(("/dev/zero", ["validate", "/dev/zero", "--mapping", str(mapping), "--out", str(folder / "out-zero")]))
    for name, arguments in cases:
        started = time.monotonic()
        with tempfile.TemporaryFile() as output:
            child = subprocess.Popen([binary] + arguments, stdout=output, stderr=subprocess.STDOUT)
            # wait4 gives this child's own CPU time and peak memory, not those of every child so far.
            while True:
                pid, status, usage = os.wait4(child.pid, os.WNOHANG)
                if pid or time.monotonic() - started > HANG_SECONDS:
                    break
                time.sleep(0.01)
            if not pid:
                child.kill()
                _, _, usage = os.wait4(child.pid, 0)
                child.returncode = -9
                results.append((name, False, f"hang: over {HANG_SECONDS} s, stopped after {usage.ru_utime + usage.ru_stime:.1f} s of CPU time"))
                continue
            child.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            peak = usage.ru_maxrss // 1024
            output.seek(0)
            last = (output.read().decode(errors="replace").strip().splitlines() or [""])[-1][:140]
        ok = child.returncode in (1, 2) and peak < PEAK_MIB and cpu < CPU_SECONDS
        results.append((name, ok, f"exit {child.returncode}, {cpu:.2f} s CPU, {time.monotonic() - started:.2f} s wall, peak {peak} MiB: {last}"))
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--binary", default=str(ROOT / ".build/debug/reliance-convert"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    csv = (ROOT / "samples/kunden-export.csv").read_bytes()
    xlsx = (ROOT / "Tests/EndToEndTests/Fixtures/kunden-export.xlsx").read_bytes()
    mapping = (ROOT / "mappings/kunden-export.yaml").read_bytes().replace(
        b"attachments: ../samples/attachments", b"attachments: " + str(ROOT / "samples/attachments").encode())
    failures = []
    codes = {}
    with tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        for case in range(args.count):
            target = rng.choice(["csv", "csv", "xlsx", "mapping"])
            input_bytes = mutate(csv, rng) if target == "csv" else mutate(xlsx, rng) if target == "xlsx" else csv
            mapping_bytes = mutate(mapping, rng) if target == "mapping" else mapping
            (folder / "input").write_bytes(input_bytes)
            (folder / "mapping.yaml").write_bytes(mapping_bytes)
            out = folder / "out"
            shutil.rmtree(out, ignore_errors=True)
            try:
                run = subprocess.run([args.binary, "convert", str(folder / "input"), "--mapping", str(folder / "mapping.yaml"),
                                      "--out", str(out), "--as-of", "2026-01-15"], capture_output=True, timeout=HANG_SECONDS)
            except subprocess.TimeoutExpired:
                failures.append((case, target, f"hang (over {HANG_SECONDS} s)"))
                (folder / f"failure-{case}").write_bytes(input_bytes)
                continue
            codes[run.returncode] = codes.get(run.returncode, 0) + 1
            if run.returncode < 0 or run.returncode not in (0, 1, 2):
                failures.append((case, target, f"exit {run.returncode}: {run.stderr.decode(errors='replace')[-300:]}"))
                keep = ROOT / f".build/damaged-input-{case}.{target}"
                keep.write_bytes(input_bytes if target != "mapping" else mapping_bytes)
            elif run.returncode == 2 and not run.stderr.strip():
                failures.append((case, target, "exit 2 without a message"))
            elif run.returncode == 2 and out.exists() and any(out.iterdir()):
                failures.append((case, target, "exit 2 but files were written"))
        hostile = hostile_cases(args.binary, ROOT / "mappings/kunden-export.yaml", folder)
    print(f"{args.count} runs, exit codes: {dict(sorted(codes.items()))}")
    for name, ok, detail in hostile:
        print(f"{'ok' if ok else 'FAILED'} {name}: {detail}")
    hostile_failed = sum(1 for _, ok, _ in hostile if not ok)
    for failure in failures:
        print("FAILED case %d (%s): %s" % failure)
    failed = len(failures) + hostile_failed
    print(f"{args.count + len(hostile) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
