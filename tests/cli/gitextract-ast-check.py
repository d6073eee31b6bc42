#!/usr/bin/env python3
"""Checks seed-gitextract's Python definitions against Python's own ast module.

    tests/cli/gitextract-ast-check.py [--rev REV] [--tool PATH] REPOSITORY

Reads every Python file (.py, .pyi: the extensions seed-gitextract gives to Python) of the
commit's tree through `git ls-tree` and `git cat-file --batch` (never the work tree), parses each
with ast and collects (path, start_line, end_line) of every FunctionDef, AsyncFunctionDef and
ClassDef at every depth, the start being the line of the first decorator's '@' when there is one
and the end node.end_lineno. Then runs

    seed-gitextract --granularity all --min 0 --max 100000000 --min-lines 0 --max-lines 100000000
                    --no-default-excludes --lang python --rev COMMIT REPOSITORY

and compares the (path, start_line, end_line) sets of its records. Files that ast cannot parse
(syntax errors, NUL bytes, Git LFS pointers, ...) and files that are not UTF-8 (which
seed-gitextract skips by design) are left out on both sides and listed.

Exit status: 0 when both sides agree (a one-line summary on stdout), 1 when they differ (each
difference on stdout as "missing" (ast has it, the tool does not) or "extra" (the tool has it,
ast does not), with the definition's first source line), 2 when the check cannot run.
"""

import argparse
import ast
import collections
import io
import json
import os
import subprocess
import sys
import tempfile
import tokenize
import warnings

PYTHON_EXTENSIONS = (".py", ".pyi")
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def fail(message):
    print(f"gitextract-ast-check: {message}", file=sys.stderr)
    sys.exit(2)


def shown(path):
    """A path for printing: bytes that are not UTF-8 become U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def count(n, what):
    return f"{n} {what}" + ("" if n == 1 else "s")


def git(repo, *args, **kwargs):
    try:
        return subprocess.run(["git", "-C", repo, *args], check=True, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, **kwargs).stdout
    except subprocess.CalledProcessError as e:
        fail(f"git {' '.join(args)}: {e.stderr.decode(errors='replace').strip()}")


def python_blobs(repo, commit):
    """Yields (path, bytes) for every Python blob of the commit's tree, in tree order."""
    listing = git(repo, "ls-tree", "-r", "-z", "--full-tree", commit)
    wanted = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.split(b" ")
        # Blobs only: not submodules (commits), not symbolic links (mode 120000).
        if kind != b"blob" or mode == b"120000":
            continue
        name = os.fsdecode(path)
        if name.endswith(PYTHON_EXTENSIONS):
            wanted.append((name, sha.decode()))
    if not wanted:
        return
    with tempfile.TemporaryFile() as shas:
        shas.write("".join(sha + "\n" for _, sha in wanted).encode())
        shas.seek(0)
        with subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"], stdin=shas,
                              stdout=subprocess.PIPE) as cat:
            for name, sha in wanted:
                header = cat.stdout.readline().split()
                if len(header) != 3 or header[0].decode() != sha:
                    fail(f"git cat-file --batch: cannot read {name} ({sha}): {b' '.join(header).decode()}")
                size = int(header[2])
                data = cat.stdout.read(size)
                cat.stdout.read(1)  # the newline after the content
                yield name, data
        if cat.returncode != 0:
            fail("git cat-file --batch failed")


def decorator_lines(data):
    """The (line, column) of every '@' token that starts a decorator."""
    found = []
    try:
        for tok in tokenize.tokenize(io.BytesIO(data).readline):
            if tok.type == tokenize.OP and tok.string == "@":
                found.append(tok.start)
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def ast_definitions(data):
    """(start_line, end_line, first source line) of every definition at every depth."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escape sequences and the like
        tree = ast.parse(data)
    ats = None
    lines = data.decode("utf-8", errors="replace").split("\n")
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, DEFINITIONS):
            continue
        start = node.lineno
        if node.decorator_list:
            first = node.decorator_list[0]
            # The decorator expression may start after its '@' (`@(\n  name\n)`): take the
            # '@' token that comes last before it.
            if ats is None:
                ats = decorator_lines(data)
            before = [at for at in ats if at < (first.lineno, first.col_offset)]
            start = before[-1][0] if before else first.lineno
        found.append((start, node.end_lineno, lines[start - 1] if start <= len(lines) else ""))
    return found


def tool_records(tool, repo, commit):
    command = [tool, "--granularity", "all", "--min", "0", "--max", "100000000", "--min-lines", "0",
               "--max-lines", "100000000", "--no-default-excludes", "--lang", "python", "--rev", commit, repo]
    try:
        run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        fail(f"cannot run {tool}: {e.strerror} (put seed-gitextract on PATH or give --tool)")
    if run.returncode != 0:
        fail(f"{' '.join(command)} exited with {run.returncode}:\n{run.stderr.decode(errors='replace').rstrip()}")
    records = []
    for number, raw in enumerate(run.stdout.split(b"\n"), 1):
        if not raw:
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            # Not UTF-8 (a file name that is not?): keep the bytes as os.fsdecode would.
            print(f"seed-gitextract wrote invalid UTF-8 on line {number} ({e.reason} at byte {e.start})",
                  file=sys.stderr)
            line = raw.decode("utf-8", errors="surrogateescape")
        try:
            record = json.loads(line)
        except ValueError as e:
            fail(f"seed-gitextract wrote invalid JSON on line {number}: {e}: {line[:200]}")
        if record.get("commit") != commit:
            fail(f"seed-gitextract read commit {record.get('commit')}, not {commit}")
        if record.get("language") == "python":
            records.append(record)
    return records, run.stderr.decode(errors="replace").strip().splitlines()


def main():
    parser = argparse.ArgumentParser(
        description="Compare seed-gitextract's Python definitions with Python's ast module.")
    parser.add_argument("repository", help="a local git repository (work tree or bare)")
    parser.add_argument("--rev", default="HEAD", help="the commit to read (default HEAD)")
    parser.add_argument("--tool", default=os.environ.get("SEED_GITEXTRACT", "seed-gitextract"),
                        help="the seed-gitextract to run (default: $SEED_GITEXTRACT, else from PATH)")
    parser.add_argument("--quiet", "-q", action="store_true", help="do not list the files left out")
    args = parser.parse_args()

    commit = git(args.repository, "rev-parse", "--verify", "--end-of-options", args.rev + "^{commit}").decode().strip()

    expected = collections.Counter()
    first_lines = {}
    left_out = {}  # path -> why
    files = 0
    for path, data in python_blobs(args.repository, commit):
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:
            left_out[path] = "its path is not UTF-8"
            continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            left_out[path] = f"not UTF-8 (skipped by seed-gitextract): {e.reason} at byte {e.start}"
            continue
        try:
            found = ast_definitions(data)
        except (SyntaxError, ValueError) as e:
            where = f"line {e.lineno}: " if getattr(e, "lineno", None) else ""
            left_out[path] = f"ast cannot parse it: {where}{e.msg if hasattr(e, 'msg') else e}"
            continue
        files += 1
        for start, end, line in found:
            expected[(path, start, end)] += 1
            first_lines[(path, start)] = line

    records, tool_stderr = tool_records(args.tool, args.repository, commit)
    got = collections.Counter()
    for record in records:
        if record["path"] in left_out:
            continue
        got[(record["path"], record["start_line"], record["end_line"])] += 1
        first_lines.setdefault((record["path"], record["start_line"]),
                               record["text"].split("\n", 1)[0])

    if not args.quiet:
        for path in sorted(left_out):
            print(f"left out {shown(path)}: {left_out[path]}")
    missing = expected - got
    extra = got - expected
    for label, diff in (("missing", missing), ("extra", extra)):
        for path, start, end in sorted(diff.elements()):
            line = shown(first_lines.get((path, start), "").strip())
            print(f"{label} {shown(path)}:{start}-{end}: {line}")
    summary = (f"{count(sum(expected.values()), 'definition')} in {count(files, 'file')} of {commit[:12]}"
               f" ({count(len(left_out), 'file')} left out)")
    if missing or extra:
        print(f"DISAGREE: {sum(missing.values())} missing, {sum(extra.values())} extra"
              f" of {summary}; seed-gitextract said: {tool_stderr[-1] if tool_stderr else ''}")
        return 1
    print(f"agree: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
