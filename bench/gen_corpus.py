#!/usr/bin/env python3
"""Writes a deterministic synthetic JSONL corpus of about SIZE megabytes to stdout.

Usage: gen_corpus.py SIZE_MB [SEED]

Half code-like records (Python functions with escapes and indentation), half prose with
some non-ASCII text; target lengths log-normal around 670 characters, capped at 6000 (records
overshoot a target by up to a line or sentence), so that a 100..2500 filter drops a few percent. Fields: text, source, language or category, and an id.
"""
import json
import random
import sys

WORDS = ("the of and to in is that for it as with was on be by this are from or an which "
         "data model corpus training token value function return result error system "
         "stream filter record length window python language text sample number file").split()
ACCENTED = ["café", "naïve", "über", "façade", "日本語", "données", "résumé", "Привет", "😀"]
NAMES = ["parse", "load", "count", "merge", "split", "encode", "decode", "render", "fetch", "scan"]


def prose(rng, target):
    out = []
    size = 0
    while size < target:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 18)))
        if rng.random() < 0.15:
            sentence += " " + rng.choice(ACCENTED)
        sentence = sentence.capitalize() + rng.choice(".!?") + (" " if rng.random() < 0.8 else "\n\n")
        out.append(sentence)
        size += len(sentence)
    return "".join(out)


def code(rng, target):
    name = rng.choice(NAMES) + "_" + rng.choice(WORDS)
    lines = [f"def {name}(self, value, *, limit=None):", f'    """{prose(rng, 40).strip()}"""']
    size = sum(len(l) + 1 for l in lines)
    while size < target:
        indent = "    " * rng.randint(1, 3)
        kind = rng.random()
        if kind < 0.3:
            line = f'{indent}if value is None or "{rng.choice(WORDS)}" in value:'
        elif kind < 0.6:
            line = f"{indent}result = {rng.choice(NAMES)}(value[{rng.randint(0, 99)}], limit)"
        elif kind < 0.8:
            line = f"{indent}# {prose(rng, 30).strip()}"
        else:
            line = f"{indent}return {{'{rng.choice(WORDS)}': result, \"n\": {rng.randint(0, 9999)}}}"
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) + "\n"


def main():
    size_mb = float(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    limit = int(size_mb * 1024 * 1024)
    written = 0
    out = sys.stdout
    i = 0
    while written < limit:
        target = min(int(rng.lognormvariate(6.5, 0.8)) + 20, 6000)
        if i % 2 == 0:
            rec = {"text": code(rng, target), "source": "bench-code", "language": "python", "id": i}
        else:
            rec = {"text": prose(rng, target), "source": "bench-nl", "category": rng.choice(["qa", "chat"]), "id": i}
        line = json.dumps(rec, ensure_ascii=False) + "\n"
        out.write(line)
        written += len(line.encode("utf-8"))
        i += 1


if __name__ == "__main__":
    main()
