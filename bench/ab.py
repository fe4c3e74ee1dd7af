#!/usr/bin/env python3
"""Compares two builds of reliance-convert on the same export, run after run in turn.

    bench/ab.py OLD NEW [--rows N] [--runs K] [--job validate|convert] [--jobs J] [--one-core]

Generates the benchmark export on tmpfs (once per row count, kept in /dev/shm), then runs OLD
and NEW alternately K times each and prints, for each, the best wall time and the CPU time of
that run, and NEW's change against OLD. Interleaving matters: a shared machine's speed drifts by
tens of percent within minutes, which separate runs of each build would read as a difference.

With --check, NEW's output must match OLD's: every ZIP, rejects.csv and manifest byte for byte,
and summary.json apart from the run's duration (both builds run with the same --now). With
--check-contents (for a change of how entries are compressed), every ZIP must hold the same
entries in the same order with the same bytes, and manifest.csv must match but for its ZIP hashes.
"""
import argparse
import csv
import filecmp
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def export(rows):
    folder = f"/dev/shm/reliance-ab-{rows}"
    if not os.path.exists(os.path.join(folder, "export.csv")):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(rows), folder], check=True)
        shutil.copy(os.path.join(HERE, "mapping.yaml"), os.path.join(folder, "mapping.yaml"))
    return folder


def command(binary, job, data, out, jobs, one_core):
    cmd = [binary, job, os.path.join(data, "export.csv"), "--mapping", os.path.join(data, "mapping.yaml"),
           "--out", out, "--as-of", "2026-01-15", "--now", "2026-01-15T10:00:00", "--quiet"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    return (["taskset", "-c", "0"] if one_core else []) + cmd


def run(cmd, out):
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    status = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if status not in (0, 1):
        sys.exit(f"{cmd[0]} exited with {status}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def same_entries(old, new):
    """The two ZIPs hold the same entries, in the same order, with the same bytes."""
    with zipfile.ZipFile(old) as a, zipfile.ZipFile(new) as b:
        if a.testzip() is not None or b.testzip() is not None:
            return False
        names = [info.filename for info in a.infolist()]
        return names == [info.filename for info in b.infolist()] and all(a.read(n) == b.read(n) for n in names)


def manifest_without_hashes(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return [{k: v for k, v in row.items() if k != "sha256"} for row in csv.DictReader(handle)]


def same_file(old, new, name, contents):
    a, b = os.path.join(old, name), os.path.join(new, name)
    if not (os.path.exists(a) and os.path.exists(b)):
        return False
    if contents and name.endswith(".zip"):
        return same_entries(a, b)
    if contents and name == "manifest.csv":
        return manifest_without_hashes(a) == manifest_without_hashes(b)
    return filecmp.cmp(a, b, shallow=False)


def same_output(old, new, contents=False):
    """Every file but the lock and summary.json byte for byte (ZIPs by their entries and the
    manifest without its hashes when `contents`); summary.json without its duration."""
    names = sorted((set(os.listdir(old)) | set(os.listdir(new))) - {".reliance-convert.lock"})
    differing = [name for name in names if name != "summary.json" and not same_file(old, new, name, contents)]

    def timeless(value):
        if isinstance(value, dict):
            return {k: timeless(v) for k, v in value.items() if k != "durationSeconds"}
        if isinstance(value, list):
            return [timeless(v) for v in value]
        return value

    summaries = [os.path.join(folder, "summary.json") for folder in (old, new)]
    if all(os.path.exists(path) for path in summaries):
        loaded = [timeless(json.load(open(path))) for path in summaries]
        if loaded[0] != loaded[1]:
            differing.append("summary.json")
    return differing, len(names)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rows", type=int, default=30000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--job", choices=["validate", "convert"], default="validate")
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--one-core", action="store_true", help="pin both builds to CPU 0 (with --jobs 1: the one-core figure)")
    parser.add_argument("--check", action="store_true", help="also compare the outputs (convert)")
    parser.add_argument("--check-contents", action="store_true",
                        help="compare the outputs with ZIPs by their entries, not their bytes (convert)")
    args = parser.parse_args()

    data = export(args.rows)
    outs = {"old": "/dev/shm/reliance-ab-out-old", "new": "/dev/shm/reliance-ab-out-new"}
    binaries = {"old": os.path.abspath(args.old), "new": os.path.abspath(args.new)}
    best = {}
    for _ in range(args.runs):
        for name in ("old", "new"):
            wall, cpu = run(command(binaries[name], args.job, data, outs[name], args.jobs, args.one_core), outs[name])
            if name not in best or wall < best[name][0]:
                best[name] = (wall, cpu)
    print(f"{args.job}, {args.rows} rows, best of {args.runs} interleaved runs each")
    for name in ("old", "new"):
        wall, cpu = best[name]
        print(f"{name:4} wall {wall:7.3f} s   cpu {cpu:7.3f} s   {args.rows / wall:9.0f} rows/s")
    change = lambda key: 100 * (best["new"][key] / best["old"][key] - 1)
    print(f"new against old: wall {change(0):+.1f} %, cpu {change(1):+.1f} %")
    if args.check or args.check_contents:
        differing, count = same_output(outs["old"], outs["new"], contents=args.check_contents)
        if differing:
            sys.exit(f"outputs differ: {', '.join(differing[:10])}{' …' if len(differing) > 10 else ''}")
        print(f"outputs identical ({count} files{', ZIPs by their entries' if args.check_contents else ''})")
    for out in outs.values():
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
