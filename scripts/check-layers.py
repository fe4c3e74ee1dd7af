#!/usr/bin/env python3
"""Checks that the folders of Sources/RelianceKit depend one way.

A folder uses another when one of its files names a type, or calls a free function, that the
other declares at its top level (or a member that the other adds to a type from outside the
module, such as `String`). Comments and the text of string literals are ignored; what a string
interpolates is code and counts. The script prints each folder with the folders it uses, then
checks two things and exits 1 when either fails:

- the graph has no cycle (the cycle is printed, each edge with a file and the name it uses);
- every edge goes down the layer order below: a folder uses only folders of lower layers.
  Folders of one layer use none of each other.

It also checks that no module of Sources imports a module it must stay apart from
(FORBIDDEN_IMPORTS): a build folder holds every module built, so an import the package does not
declare can still compile.

    python3 scripts/check-layers.py [--verbose] [--root Sources/RelianceKit]
"""
import argparse
import os
import re
import sys

# Bottom first. docs/development.md ("Layers") says why each sits where it does.
LAYERS = [
    ["Support"],
    ["Model"],
    ["Mapping"],
    ["Normalizing"],
    ["Input"],
    ["Validating"],
    ["Output"],
    ["Pipeline"],
    ["Scaffold"],
    ["Studio"],
]

# Which modules of Sources may not import which. `upload` reads a folder's files through
# OutputFiles and the file-system layer, never through the converter (docs/development.md, "Modules").
FORBIDDEN_IMPORTS = {
    "RelianceUpload": ["RelianceKit", "RelianceStudio"],
}

IMPORT = re.compile(r"^\s*(?:@\w+\s+)*import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?(\w+)", re.M)
DECLARATION = re.compile(r"\b(?:class|struct|enum|protocol|actor|typealias)\s+([A-Za-z_]\w*)")
EXTENSION = re.compile(r"\bextension\s+([A-Za-z_][\w.]*)")
FUNCTION = re.compile(r"\bfunc\s+([A-Za-z_]\w*)")
MEMBER = re.compile(r"\b(?:func|var|let)\s+([A-Za-z_]\w*)")
WORD = re.compile(r"(\.?)\b([A-Za-z_]\w*)\b(\s*\()?")


def code_of(text):
    """The file's code with comments and string text blanked (newlines kept, so lines count)."""
    out = []
    i, n = 0, len(text)

    def blank(chunk):
        out.append("".join("\n" if c == "\n" else " " for c in chunk))

    def string(i, hashes, triple):
        """Skips a string literal whose opening quote(s) end before i; returns the index after it."""
        close = ('"""' if triple else '"') + "#" * hashes
        escape = "\\" + "#" * hashes
        start = i
        while i < n:
            if text.startswith(escape + "(", i):
                blank(text[start:i])
                out.append(" " * len(escape) + "(")
                i = code(i + len(escape) + 1, depth_stop=True)
                out.append(")")
                i += 1
                start = i
                continue
            if text.startswith(escape, i):
                i += len(escape) + 1
                continue
            if text.startswith(close, i):
                blank(text[start:i + len(close)])
                return i + len(close)
            if text[i] == "\n" and not triple and hashes == 0:
                break
            i += 1
        blank(text[start:i])
        return i

    def code(i, depth_stop=False):
        depth = 0
        while i < n:
            c = text[i]
            if text.startswith("//", i):
                end = text.find("\n", i)
                end = n if end < 0 else end
                blank(text[i:end])
                i = end
            elif text.startswith("/*", i):
                level, j = 1, i + 2
                while j < n and level:
                    if text.startswith("/*", j):
                        level, j = level + 1, j + 2
                    elif text.startswith("*/", j):
                        level, j = level - 1, j + 2
                    else:
                        j += 1
                blank(text[i:j])
                i = j
            elif c == "#" and re.match(r'#+"', text[i:]):
                hashes = len(re.match(r"#+", text[i:]).group(0))
                triple = text.startswith('"""', i + hashes)
                width = hashes + (3 if triple else 1)
                blank(text[i:i + width])
                i = string(i + width, hashes, triple)
            elif c == '"':
                triple = text.startswith('"""', i)
                width = 3 if triple else 1
                blank(text[i:i + width])
                i = string(i + width, 0, triple)
            elif depth_stop and c == "(":
                depth += 1
                out.append(c)
                i += 1
            elif depth_stop and c == ")":
                if depth == 0:
                    return i
                depth -= 1
                out.append(c)
                i += 1
            else:
                out.append(c)
                i += 1
        return i

    code(0)
    return "".join(out)


def top_level(code):
    """Each line's text at brace depth 0, with its line number, and the text one level inside
    each top-level `extension`, as (extended type, line number, text)."""
    depth = 0
    outer, inner = [], []
    extended = None
    for number, line in enumerate(code.split("\n"), 1):
        at_top = []
        inside = []
        for c in line:
            if depth == 0:
                at_top.append(c)
            elif depth == 1 and extended:
                inside.append(c)
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    extended = None
        text = "".join(at_top)
        match = EXTENSION.search(text)
        if match and depth > 0:
            extended = match.group(1).split(".")[0]
        outer.append((number, text))
        if inside:
            inner.append((extended, number, "".join(inside)))
    return outer, inner


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", "Sources", "RelianceKit"))
    parser.add_argument("--verbose", action="store_true", help="list the names behind each edge")
    args = parser.parse_args()
    root = os.path.normpath(args.root)
    folders = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    files = {}
    for folder in folders:
        for base, _, names in os.walk(os.path.join(root, folder)):
            for name in sorted(names):
                if name.endswith(".swift"):
                    path = os.path.join(base, name)
                    with open(path, encoding="utf-8") as f:
                        files[path] = (folder, code_of(f.read()))

    types, functions, members = {}, {}, {}
    for path, (folder, code) in files.items():
        outer, inner = top_level(code)
        for _, text in outer:
            for name in DECLARATION.findall(text):
                types.setdefault(name, folder)
            for name in FUNCTION.findall(text):
                functions.setdefault(name, folder)
        for extended, _, text in inner:
            members.setdefault(extended, []).append((folder, MEMBER.findall(text)))
    # Members added to a type from outside the module (String, Character) belong to the folder
    # that adds them; members of the module's own types are reached through their type.
    foreign = {}
    for extended, lists in members.items():
        if extended in types:
            continue
        for folder, names in lists:
            for name in names:
                foreign.setdefault(name, folder)

    uses = {folder: {} for folder in folders}
    names = {}
    for path, (folder, code) in files.items():
        own = set(DECLARATION.findall(code))
        for number, line in enumerate(code.split("\n"), 1):
            for dot, word, call in WORD.findall(line):
                if word in own:
                    continue
                target = None
                if word in types and not dot:
                    target = types[word]
                elif word in functions and call and not dot and not re.search(r"\bfunc\s+$", line[:line.find(word)]):
                    target = functions[word]
                elif word in foreign and dot:
                    target = foreign[word]
                if target and target != folder:
                    uses[folder].setdefault(target, (os.path.relpath(path, root), number, word))
                    if args.verbose:
                        names.setdefault((folder, target), set()).add(word)

    for folder in folders:
        used = uses[folder]
        print(f"{folder}: {', '.join(sorted(used)) or '-'}")
        for target in sorted(used) if args.verbose else []:
            print(f"    {target}: {', '.join(sorted(names[(folder, target)]))}")

    failed = False
    cycle = find_cycle(folders, uses)
    if cycle:
        failed = True
        print("\nerror: the folders depend on each other in a cycle:", file=sys.stderr)
        for a, b in zip(cycle, cycle[1:]):
            path, line, name = uses[a][b]
            print(f"  {a} -> {b}  ({path}:{line} uses {name})", file=sys.stderr)

    rank = {folder: index for index, layer in enumerate(LAYERS) for folder in layer}
    unplaced = [folder for folder in folders if folder not in rank]
    for folder in unplaced:
        failed = True
        print(f"error: {folder} has no place in the layer order; add it to LAYERS in {sys.argv[0]} and to docs/development.md",
              file=sys.stderr)
    for folder in folders:
        for target, (path, line, name) in sorted(uses[folder].items()):
            if folder in rank and target in rank and rank[target] >= rank[folder]:
                failed = True
                print(f"{os.path.join(root, path)}:{line}: error: {folder} uses {name} from {target}, "
                      f"which is not below it in the layer order", file=sys.stderr)
    for problem in forbidden_imports(os.path.dirname(root)):
        failed = True
        print(problem, file=sys.stderr)
    if not failed:
        print("\nok: the folders depend one way, down the layer order, and no module imports one it must stay apart from")
    return 1 if failed else 0


def forbidden_imports(sources):
    """An error line for each import that FORBIDDEN_IMPORTS rules out, in the modules under `sources`."""
    problems = []
    for module, forbidden in sorted(FORBIDDEN_IMPORTS.items()):
        for base, folders, names in os.walk(os.path.join(sources, module)):
            folders.sort()
            for name in sorted(names):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(base, name)
                with open(path, encoding="utf-8") as f:
                    code = code_of(f.read())
                for match in IMPORT.finditer(code):
                    if match.group(1) in forbidden:
                        line = code.count("\n", 0, match.start(1)) + 1
                        problems.append(f"{path}:{line}: error: {module} imports {match.group(1)}, "
                                        f"which it must not (FORBIDDEN_IMPORTS in {sys.argv[0]})")
    return problems


def find_cycle(folders, uses):
    """A cycle of the graph as a list of folders, first repeated at the end; None when there is none."""
    state, stack = {}, []

    def visit(folder):
        state[folder] = "open"
        stack.append(folder)
        for target in sorted(uses[folder]):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[folder] = "done"
        return None

    for folder in folders:
        if folder not in state:
            found = visit(folder)
            if found:
                return found
    return None


if __name__ == "__main__":
    sys.exit(main())
