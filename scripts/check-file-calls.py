#!/usr/bin/env python3
"""Checks that only the file-system layer (Sources/FileSystem) meets the operating system's files.

Outside that folder no Swift file may call a POSIX file function (`open`, `openat`, `fstat`,
`read`, `pread`, `write`, `rename`, ... listed in CALLS below) as a free function or through
`Glibc.`/`Darwin.`, nor build a `/proc/self/fd` path: readers take the layer's descriptors.
Comments and the text of string literals are ignored for calls, and so is a method: `x.read()`,
or `read(...)` alone in a module that declares its own `func read` (Swift finds the method
there first, so code that means the C function must write `Glibc.read`, which always counts).
A `/proc/self/fd` in a string counts. Prints each offender as `file:line: error: ...` and exits 1 when there is one.

    python3 scripts/check-file-calls.py [--root Sources]
"""
import argparse
import importlib.util
import os
import re
import sys

LAYER = "FileSystem"
CALLS = [
    "open", "openat", "openat2", "creat", "close", "dup", "dup2", "fstat", "fstatat", "stat", "lstat", "statx",
    "read", "pread", "readv", "write", "pwrite", "writev", "lseek", "fsync", "fdatasync", "ftruncate", "truncate",
    "flock", "fcntl", "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat", "unlink",
    "unlinkat", "mkdir", "mkdirat", "rmdir", "opendir", "fdopendir", "readdir", "closedir", "rewinddir",
    "mkstemp", "mkdtemp", "realpath", "access", "faccessat", "chmod", "fchmod", "fchmodat",
    "reliance_open_beneath", "reliance_rename_noreplace",
]
# A call: the name after `Glibc.`/`Darwin.`, or alone (not after `.` or a letter), then `(`.
QUALIFIED = re.compile(r"\b(?:Glibc|Darwin)\.(" + "|".join(CALLS) + r")\s*\(")
# Not after `case ` either: an enum case of that name (`case write(WriteError)`) is no call.
ALONE = re.compile(r"(?<![\w.])(?<!case )(" + "|".join(CALLS) + r")\s*\(")
DECLARED = re.compile(r"\bfunc\s+(" + "|".join(CALLS) + r")\s*[(<]")
PROC = "/proc/self/fd"


def load_code_of():
    """`code_of` of check-layers.py: a file's code with comments and string text blanked."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check-layers.py")
    spec = importlib.util.spec_from_file_location("check_layers", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.code_of


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", "Sources"))
    args = parser.parse_args()
    root = os.path.normpath(args.root)
    code_of = load_code_of()
    offenders = []
    checked = 0
    for module in sorted(os.listdir(root)):
        if module == LAYER or not os.path.isdir(os.path.join(root, module)):
            continue
        files = {}
        for base, folders, names in os.walk(os.path.join(root, module)):
            folders.sort()
            for name in sorted(names):
                if name.endswith(".swift"):
                    with open(os.path.join(base, name), encoding="utf-8") as f:
                        text = f.read()
                    files[os.path.join(base, name)] = (text, code_of(text))
        # The module's own methods of those names: an unqualified call reaches them, not C's.
        own = {name for _, code in files.values() for name in DECLARED.findall(code)}
        for path, (text, code) in files.items():
            checked += 1
            for number, (line, raw) in enumerate(zip(code.split("\n"), text.split("\n")), 1):
                calls = [m for m in QUALIFIED.finditer(line)]
                calls += [m for m in ALONE.finditer(line) if m.group(1) not in own]
                for match in calls:
                    offenders.append(f"{path}:{number}: error: calls {match.group(1)}(); "
                                     f"files are met only through {LAYER} (docs/development.md, \"File-system layer\")")
                comment = raw.find("//")
                at = raw.find(PROC)
                if at >= 0 and (comment < 0 or comment > at):
                    offenders.append(f"{path}:{number}: error: builds a {PROC} path; pass the layer's FileDescriptor instead")
    for offender in offenders:
        print(offender, file=sys.stderr)
    if offenders:
        print(f"\n{len(offenders)} file-system call(s) outside Sources/{LAYER}", file=sys.stderr)
        return 1
    print(f"ok: {checked} Swift files outside Sources/{LAYER} make no POSIX file call and build no {PROC} path")
    return 0


if __name__ == "__main__":
    sys.exit(main())
