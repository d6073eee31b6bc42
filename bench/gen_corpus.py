#!/usr/bin/env python3
"""Writes a deterministic synthetic JSONL corpus of about SIZE megabytes to stdout.

Usage: gen_corpus.py SIZE_MB [SEED] [--exact-dups F] [--near-dups F] [--edits F]

Half code-like records (Python functions with escapes and indentation), half prose with
some non-ASCII text; target lengths log-normal around 670 characters, capped at 6000 (records
overshoot a target by up to a line or sentence), so that a 100..2500 filter drops a few percent. Fields: text, source, language or category, and an id.

By default no two records have the same text, nor even a similar one. --exact-dups and
--near-dups plant duplicates for seed-dedup's benchmark: that share of the records are copies
of an earlier original record chosen uniformly at random, an exact copy being the whole line
again (id included, so byte-identical), a near copy the same record with --edits of its words
(at least one) replaced by another word, a new text that no earlier record has, and the id
"near<N>-of-<ID of the original>". The originals are the records the same SIZE and SEED give
without copies, in the same order, until the size is reached; the copies come from a random
generator of their own. Planting keeps the originals in memory (about the corpus size) and
prints one line of counts to stderr: records, originals, distinct texts, exact and near copies
and the words replaced in the near copies.
"""
import argparse
import hashlib
import json
import random
import re
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


def edit_words(rng, text, share):
    """The text with `share` of its white-space-separated words (at least one) replaced."""
    parts = re.split(r"(\s+)", text)
    words = [k for k, part in enumerate(parts) if part and not part.isspace()]
    chosen = rng.sample(words, max(1, min(len(words), round(len(words) * share))))
    for k in chosen:
        parts[k] = rng.choice([w for w in WORDS if w != parts[k]])
    return "".join(parts), len(chosen), len(words)


def digest(text):
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def main():
    parser = argparse.ArgumentParser(description="Write a synthetic JSONL corpus to stdout.")
    parser.add_argument("size_mb", type=float, metavar="SIZE_MB")
    parser.add_argument("seed", type=int, nargs="?", default=1, metavar="SEED")
    parser.add_argument("--exact-dups", type=float, default=0.0, metavar="F",
                        help="share of the records that are exact copies of an earlier one")
    parser.add_argument("--near-dups", type=float, default=0.0, metavar="F",
                        help="share of the records that are near copies of an earlier one")
    parser.add_argument("--edits", type=float, default=0.02, metavar="F",
                        help="share of a near copy's words replaced (default 0.02)")
    args = parser.parse_args()
    if not (0 <= args.exact_dups and 0 <= args.near_dups and args.exact_dups + args.near_dups < 1):
        parser.error("--exact-dups and --near-dups must be at least 0 and add up to less than 1")
    size_mb = args.size_mb
    rng = random.Random(args.seed)
    planting = args.exact_dups > 0 or args.near_dups > 0
    copy_rng = random.Random(1_000_003 + args.seed)  # the copies never disturb `rng`
    originals = []  # the originals' lines, UTF-8, for copies
    seen = set()  # digests of every text written, when planting
    exact = near = replaced = near_words = 0
    limit = int(size_mb * 1024 * 1024)
    written = 0
    out = sys.stdout
    i = 0
    while written < limit:
        draw = copy_rng.random() if planting and originals else 1.0
        if draw < args.exact_dups:
            line = originals[copy_rng.randrange(len(originals))].decode("utf-8")
            exact += 1
        elif draw < args.exact_dups + args.near_dups:
            rec = json.loads(originals[copy_rng.randrange(len(originals))])
            while True:
                text, n, words = edit_words(copy_rng, rec["text"], args.edits)
                if digest(text) not in seen:
                    break
            seen.add(digest(text))
            rec["text"] = text
            rec["id"] = f"near{near}-of-{rec['id']}"
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            near += 1
            replaced += n
            near_words += words
        else:
            target = min(int(rng.lognormvariate(6.5, 0.8)) + 20, 6000)
            if i % 2 == 0:
                rec = {"text": code(rng, target), "source": "bench-code", "language": "python", "id": i}
            else:
                rec = {"text": prose(rng, target), "source": "bench-nl", "category": rng.choice(["qa", "chat"]), "id": i}
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            if planting:
                originals.append(line.encode("utf-8"))
                seen.add(digest(rec["text"]))
            i += 1
        out.write(line)
        written += len(line.encode("utf-8"))
    if planting:
        print(f"records {i + exact + near} originals {i} distinct_texts {len(seen)} exact_copies {exact} "
              f"near_copies {near} words_replaced {replaced} near_copy_words {near_words}", file=sys.stderr)

if __name__ == "__main__":
    main()
