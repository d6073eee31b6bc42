#!/usr/bin/env python3
"""compare.py EXPECTED.jsonl ACTUAL.jsonl: compare two JSONL row files as parsed JSON.

Each line is parsed with Python's json module and the values are compared:
objects as key sets (key order is ignored, a duplicate key is a difference),
arrays element by element, strings exactly, booleans only with booleans, and
numbers by exact value (ints as ints, floats as Python floats, so 1 equals 1.0
but 12.34 does not equal 12.340000000000002). NaN/Infinity are not JSON.

Prints the row counts and, on a difference, the first differing line, the key
path inside it and both values. Exit 0 when equal, 1 when not, 2 on bad usage
or an unreadable file.
"""

import json
import sys

MAX_SHOWN = 200


class Duplicate(Exception):
    pass


def _no_constants(name):
    raise ValueError(f"{name} is not JSON")


def _pairs(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise Duplicate(key)
        out[key] = value
    return out


def parse(line):
    return json.loads(line, parse_constant=_no_constants, object_pairs_hook=_pairs)


def shown(value):
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > MAX_SHOWN:
        text = text[:MAX_SHOWN] + f"... ({len(text)} chars)"
    return text


def kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def described(value):
    return "null" if value is None else f"{kind(value)} {shown(value)}"


def difference(expected, actual, path):
    """Return (path, message) for the first difference, or None."""
    ek, ak = kind(expected), kind(actual)
    if ek != ak:
        return path, f"expected {described(expected)}, got {described(actual)}"
    if ek == "object":
        for key in expected:
            if key not in actual:
                return f"{path}.{key}", f"missing key (expected {shown(expected[key])})"
        for key in actual:
            if key not in expected:
                return f"{path}.{key}", f"unexpected key (got {shown(actual[key])})"
        for key in expected:
            found = difference(expected[key], actual[key], f"{path}.{key}")
            if found:
                return found
        return None
    if ek == "array":
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = difference(e, a, f"{path}[{i}]")
            if found:
                return found
        if len(expected) != len(actual):
            return path, f"expected {len(expected)} elements, got {len(actual)}"
        return None
    if expected == actual:
        return None
    message = f"expected {shown(expected)}, got {shown(actual)}"
    if ek == "string":
        at = next((i for i, (x, y) in enumerate(zip(expected, actual)) if x != y), min(len(expected), len(actual)))
        message += f" (lengths {len(expected)} and {len(actual)}, first difference at character {at}:" \
                   f" {shown(expected[at:at + 20])} vs {shown(actual[at:at + 20])})"
    return path, message


def read_lines(filename):
    with open(filename, encoding="utf-8", newline="\n") as f:
        text = f.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def main(argv):
    if len(argv) != 3:
        print("usage: compare.py EXPECTED.jsonl ACTUAL.jsonl", file=sys.stderr)
        return 2
    try:
        expected, actual = read_lines(argv[1]), read_lines(argv[2])
    except (OSError, UnicodeDecodeError) as e:
        print(f"compare.py: {e}", file=sys.stderr)
        return 2
    counts = f"rows: expected {len(expected)}, actual {len(actual)}"
    for number, (e_line, a_line) in enumerate(zip(expected, actual), start=1):
        values = []
        for name, line in ((argv[1], e_line), (argv[2], a_line)):
            try:
                values.append(parse(line))
            except Duplicate as d:
                print(f"{counts}\nline {number}: {name}: duplicate key {shown(str(d))}")
                return 1
            except ValueError as err:
                print(f"{counts}\nline {number}: {name}: invalid JSON: {err}")
                return 1
        found = difference(values[0], values[1], "$")
        if found:
            print(f"{counts}\nline {number}: at {found[0]}: {found[1]}")
            return 1
    if len(expected) != len(actual):
        print(f"{counts}\nline {min(len(expected), len(actual)) + 1}: "
              f"{'missing in actual' if len(expected) > len(actual) else 'extra in actual'}")
        return 1
    print(f"{counts}: equal")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
