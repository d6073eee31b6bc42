#!/usr/bin/env python3
"""fakehub: a local fake of the Hugging Face dataset viewer API and Hub file API, for tests.

    python3 tests/fakehub/fakehub.py [--latency-ms N] [--verbose] [--dolly-rows N] [--bench-parquet ROWS_PER_GROUP]

Binds two HTTP/1.1 servers on 127.0.0.1 with ephemeral ports, prints one line "MAIN_PORT CDN_PORT"
on stdout and runs until SIGTERM or SIGINT (exit status 0). The main port serves the viewer
paths (/is-valid /splits /rows /filter /first-rows /info /size) and the Hub paths
(/api/datasets/{repo}/tree/{rev}[/{path}], /datasets/{repo}/resolve/{rev}/{path}); the CDN port
serves the bodies that resolve redirects to (302) for LFS files. Control and log, on the main
port: POST /_control (JSON), GET /_control (state), GET /_log. See tests/fakehub/README.md and
shared/reference/hf-api.md (the behaviour reproduced here).

Python standard library only, plus the zstd command once at start (for one .zst file) and node
with hyparquet-writer (tests/parquet/node_modules), which writes the .parquet files through
parquet.mjs into a cache (FAKEHUB_PARQUET_CACHE, else ${TMPDIR:-/tmp}/fakehub-parquet); the fake
exits with a message without them. Every dataset is synthetic and generated deterministically at
start (hash-based, no random module), so every run serves the same bytes.
"""

import argparse
import base64
import functools
import gzip
import hashlib
import http.server
import json
import mmap
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

# ------------------------------------------------------------------------------------------------
# Deterministic helpers


def _h(*parts):
    """A 64-bit integer that depends only on parts."""
    data = "\x1f".join(map(str, parts)).encode("utf-8")
    return int.from_bytes(hashlib.sha256(data).digest()[:8], "big")


def pick(seq, *key):
    return seq[_h(*key) % len(seq)]


def frac(*key):
    """A float in [0, 1) that depends only on key."""
    return _h(*key) / 2.0**64


def between(lo, hi, *key):
    """An integer in [lo, hi]."""
    return lo + _h(*key) % (hi - lo + 1)


def uuid_of(*key):
    x = hashlib.sha256(("uuid\x1f" + "\x1f".join(str(p) for p in key)).encode()).hexdigest()
    return f"{x[:8]}-{x[8:12]}-4{x[13:16]}-{'89ab'[int(x[16], 16) % 4]}{x[17:20]}-{x[20:32]}"


def sha1_hex(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def git_blob_sha1(content):
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def compact_json(obj):
    """What the viewer sends (orjson): compact, raw UTF-8."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


# ------------------------------------------------------------------------------------------------
# Feature types, as the viewer writes them (datasets >= 4: "List", struct = dict without _type)


def V(dtype):
    return {"dtype": dtype, "_type": "Value"}


def L(feature):
    return {"feature": feature, "_type": "List"}


OASST_FEATURES = [
    ("message_id", V("string")),
    ("parent_id", V("string")),
    ("user_id", V("string")),
    ("created_date", V("string")),
    ("text", V("string")),
    ("role", V("string")),
    ("lang", V("string")),
    ("review_count", V("int32")),
    ("review_result", V("bool")),
    ("deleted", V("bool")),
    ("rank", V("int32")),
    ("synthetic", V("bool")),
    ("model_name", V("string")),
    ("detoxify", {k: V("float64") for k in ("toxicity", "severe_toxicity", "obscene", "identity_attack",
                                              "insult", "threat", "sexual_explicit")}),
    ("message_tree_id", V("string")),
    ("tree_state", V("string")),
    # Sequence({"name", "count"}) is stored as a struct of lists
    ("emojis", {"name": L(V("string")), "count": L(V("int32"))}),
    ("labels", {"name": L(V("string")), "value": L(V("float64")), "count": L(V("int32"))}),
]

DOLLY_FEATURES = [
    ("instruction", V("string")),
    ("context", V("string")),
    ("response", V("string")),
    ("category", V("string")),
]

SMOL_FEATURES = [
    ("content", V("string")),
    ("avg_line_length", V("float64")),
    ("max_line_length", V("int64")),
    ("alphanum_fraction", V("float64")),
    ("licenses", L(V("string"))),
    ("repository_name", V("string")),
    ("path", V("string")),
    ("size", V("int64")),
    ("lang", V("string")),
]


def _stack_features():
    out = [("hexsha", V("string")), ("size", V("int64")), ("ext", V("string")), ("lang", V("string"))]
    for kind, event in (("stars", "stars"), ("issues", "issues"), ("forks", "forks")):
        out += [(f"max_{kind}_repo_path", V("string")), (f"max_{kind}_repo_name", V("string")),
                (f"max_{kind}_repo_head_hexsha", V("string")), (f"max_{kind}_repo_licenses", L(V("string"))),
                (f"max_{kind}_count", V("int64")),
                (f"max_{kind}_repo_{event}_event_min_datetime", V("string")),
                (f"max_{kind}_repo_{event}_event_max_datetime", V("string"))]
    return out + [("content", V("string")), ("avg_line_length", V("float64")), ("max_line_length", V("int64")),
                  ("alphanum_fraction", V("float64"))]


STACK_FEATURES = _stack_features()   # the 29 columns of bigcode/the-stack

FORMATS_FEATURES = [
    ("text", V("string")),
    ("id", V("int64")),
    ("score", V("float64")),
    ("tags", L(V("string"))),
    ("meta", {"lang": V("string"), "len": V("int64")}),
]

# ------------------------------------------------------------------------------------------------
# Synthetic data: OpenAssistant/oasst1

OASST_LANGS = ["en"] * 11 + ["es"] * 3 + ["de"] * 2 + ["ru"] * 2 + ["zh"] * 2

OASST_PROMPTS = {
    "en": [
        "What is the capital of {country}?",
        "What's the difference between a list and a tuple in Python?",
        "Can you explain how {topic} works, in simple terms?",
        "Write a short poem about {thing}.",
        "How do I read a file line by line in Python?",
        "I'm planning a trip to {country}. What should I pack?",
        "Is it true that \"{thing}\" was invented in {country}?",
        "Give me three tips for a naïve beginner who wants to learn {topic}.",
    ],
    "es": [
        "¿Cuál es la capital de {country}?",
        "¿Cómo funciona {topic}? Explícalo con un ejemplo.",
        "Escribe un poema corto sobre {thing}, por favor.",
    ],
    "de": [
        "Was ist der Unterschied zwischen einer Straße und einer Gasse?",
        "Wie funktioniert {topic}? Bitte erkläre es kurz.",
        "Schreib ein kurzes Gedicht über {thing}.",
    ],
    "ru": [
        "Какая столица у страны {country}?",
        "Объясни, пожалуйста, как работает {topic}.",
        "Напиши короткое стихотворение о {thing}.",
    ],
    "zh": [
        "{country}的首都是哪里？",
        "请简单解释一下{topic}是如何工作的。",
        "写一首关于{thing}的短诗。",
    ],
}

OASST_ANSWERS = {
    "en": [
        "The capital of {country} is {capital}. It's also the largest city in the country.",
        "Here are a few points:\n\n1. Start small.\n2. Practice every day.\n3. Read other people's code.\n\nGood luck! 🙂",
        "Sure! {topic} works in three steps — input, processing and output. Let me know if you'd like more detail.",
        "You can use:\n\n```python\nwith open(\"data.txt\", encoding=\"utf-8\") as f:\n    for line in f:\n        print(line.rstrip(\"\\n\"))\n```\n\nThe `with` block closes the file for you.",
        "A list is mutable, a tuple isn't: you can append to a list but not to a tuple.",
        "“{thing}” is a lovely subject. Here is a haiku:\n\nQuiet {thing} waits\nunder a pale winter sky —\nthe café is warm.",
    ],
    "es": [
        "La capital de {country} es {capital}. ¡Espero que te sirva!",
        "Claro: {topic} funciona en tres pasos. Primero se reciben los datos, después se procesan y al final se muestran.",
        "Aquí tienes un poema:\n\nEl {thing} canta bajito,\nla mañana se despierta.",
    ],
    "de": [
        "Eine Straße ist in der Regel breiter und für Autos gedacht; eine Gasse ist schmal.",
        "Gern! {topic} funktioniert in drei Schritten: Eingabe, Verarbeitung und Ausgabe. Die Größe der Daten spielt dabei kaum eine Rolle.",
        "Hier ist ein Gedicht:\n\nDer {thing} ruht im Morgenlicht,\nund über ihm die Wolken dicht.",
    ],
    "ru": [
        "Столица страны {country} — {capital}.",
        "Конечно! {topic} работает в три шага: ввод, обработка и вывод.",
        "Вот стихотворение:\n\nТихо {thing} у окна,\nи за окном — весна.",
    ],
    "zh": [
        "{country}的首都是{capital}。",
        "当然可以！{topic}分为三个步骤：输入、处理和输出。",
        "这是一首短诗：\n\n{thing}在窗前，\n春风拂过山川。",
    ],
}

OASST_FOLLOWUPS = {
    "en": ["Thanks! Can you give me an example?", "That's helpful. What about \"edge cases\"?"],
    "es": ["¡Gracias! ¿Puedes darme un ejemplo?"],
    "de": ["Danke! Kannst du ein Beispiel geben?"],
    "ru": ["Спасибо! Можешь привести пример?"],
    "zh": ["谢谢！能举个例子吗？"],
}

COUNTRIES = [("France", "Paris"), ("Japan", "Tokyo"), ("Spain", "Madrid"), ("Germany", "Berlin"),
             ("Brazil", "Brasília"), ("Canada", "Ottawa"), ("Kenya", "Nairobi"), ("Peru", "Lima")]
TOPICS = ["a hash table", "public-key cryptography", "photosynthesis", "a compiler", "TCP", "gradient descent"]
THINGS = ["the sea", "autumn leaves", "a lighthouse", "coffee", "the moon", "a cat"]

EMOJI_NAMES = ["+1", "-1", "_skip_reply", "_skip_ranking", "_skip_labeling", "red_flag", "heart", "smile"]
PROMPTER_LABELS = ["spam", "lang_mismatch", "pii", "not_appropriate", "hate_speech", "sexual_content",
                   "quality", "toxicity", "humor", "creativity", "violence"]
ASSISTANT_LABELS = ["spam", "fails_task", "lang_mismatch", "pii", "not_appropriate", "hate_speech",
                    "sexual_content", "quality", "toxicity", "humor", "helpfulness", "creativity", "violence"]
DETOXIFY_KEYS = ["toxicity", "severe_toxicity", "obscene", "identity_attack", "insult", "threat", "sexual_explicit"]


def _fill(template, key):
    country, capital = pick(COUNTRIES, *key, "country")
    return template.format(country=country, capital=capital, topic=pick(TOPICS, *key, "topic"),
                           thing=pick(THINGS, *key, "thing"))


def _oasst_date(split, tree, depth, *key):
    day = between(0, 58, split, tree, "day")
    seconds = between(0, 86399 - 4000, split, tree, "sec") + depth * 600 + between(0, 500, *key, "jitter")
    micros = between(0, 999999, *key, "us")
    month, mday = (2, day + 1) if day < 28 else (3, day - 27)
    return (f"2023-{month:02d}-{mday:02d}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:"
            f"{seconds % 60:02d}.{micros:06d}+00:00")


def _oasst_message(split, tree, idx, parent, role, rank, lang, depth, tree_id):
    key = (split, tree, idx)
    if role == "prompter":
        text = _fill(pick(OASST_PROMPTS[lang], *key, "p") if parent is None else pick(OASST_FOLLOWUPS[lang], *key, "f"), key)
        labels_names = PROMPTER_LABELS
    else:
        text = _fill(pick(OASST_ANSWERS[lang], *key, "a"), key)
        labels_names = ASSISTANT_LABELS
    message_id = uuid_of("oasst", *key)
    review_count = between(0, 5, *key, "rc") if frac(*key, "rc0") > 0.06 else 0
    review_result = None if review_count == 0 else frac(*key, "rr") > 0.05
    detoxify = None
    if frac(*key, "detox?") > 0.08:
        detoxify = {}
        for k in DETOXIFY_KEYS:
            scale = 0.3 if k == "toxicity" else 0.01
            detoxify[k] = round(max(0.0001, frac(*key, "detox", k) * scale), 6)
    emojis = None
    if frac(*key, "emo?") > 0.2:
        n = between(1, 3, *key, "emo-n")
        start = between(0, len(EMOJI_NAMES) - 1, *key, "emo-start")
        names = [EMOJI_NAMES[(start + i) % len(EMOJI_NAMES)] for i in range(n)]
        emojis = {"name": names, "count": [between(1, 12, *key, "emo", nm) for nm in names]}
    labels = None
    if frac(*key, "lab?") > 0.05:
        count = between(1, 4, *key, "lab-count")
        labels = {"name": list(labels_names),
                  "value": [between(0, 4 * count, *key, "lab", nm) / (4 * count) for nm in labels_names],
                  "count": [count] * len(labels_names)}
    return {
        "message_id": message_id,
        "parent_id": parent,
        "user_id": uuid_of("oasst-user", between(0, 60, *key, "user")),
        "created_date": _oasst_date(split, tree, depth, *key),
        "text": text,
        "role": role,
        "lang": lang,
        "review_count": review_count,
        "review_result": review_result,
        "deleted": frac(*key, "del") < 0.03,
        "rank": rank,
        "synthetic": False,
        "model_name": None,
        "detoxify": detoxify,
        "message_tree_id": tree_id if tree_id is not None else message_id,
        "tree_state": "ready_for_export",
        "emojis": emojis,
        "labels": labels,
    }


def gen_oasst(split, n):
    rows = []
    tree = 0
    while len(rows) < n:
        lang = pick(OASST_LANGS, split, tree, "lang")
        idx = 0
        root = _oasst_message(split, tree, idx, None, "prompter", None, lang, 0, None)
        tree_id = root["message_id"]
        tree_rows = [root]
        replies = between(1, 3, split, tree, "replies")
        first_reply = None
        for r in range(replies):
            idx += 1
            m = _oasst_message(split, tree, idx, tree_id, "assistant", r if replies > 1 else None, lang, 1, tree_id)
            tree_rows.append(m)
            first_reply = first_reply or m
        if frac(split, tree, "followup") < 0.5:
            idx += 1
            f = _oasst_message(split, tree, idx, first_reply["message_id"], "prompter", None, lang, 2, tree_id)
            tree_rows.append(f)
            idx += 1
            tree_rows.append(_oasst_message(split, tree, idx, f["message_id"], "assistant", None, lang, 3, tree_id))
        rows.extend(tree_rows)
        tree += 1
    return rows[:n]


def oasst_raw_line(row):
    """A message as in the raw 2023-04-12_oasst_ready.messages.jsonl.gz export: no nulls, emojis
    and labels as objects."""
    out = {}
    for k, v in row.items():
        if v is None:
            continue
        if k == "emojis":
            v = dict(zip(v["name"], v["count"]))
        elif k == "labels":
            v = {nm: {"value": val, "count": c} for nm, val, c in zip(v["name"], v["value"], v["count"])}
        out[k] = v
    return json.dumps(out)


# ------------------------------------------------------------------------------------------------
# Synthetic data: databricks/databricks-dolly-15k

DOLLY_CATEGORIES = ["open_qa", "general_qa", "classification", "closed_qa", "brainstorming",
                    "information_extraction", "summarization", "creative_writing"]

DOLLY_PARAGRAPHS = [
    "Virgin Australia, the trading name of Virgin Australia Airlines Pty Ltd, is an Australian-based airline. "
    "It commenced services on 31 August 2000 as Virgin Blue, with two aircraft on a single route.[3]",
    "The Zürich Opera House (German: Opernhaus Zürich) is an opera house in the Swiss city of Zürich. "
    "It opened in 1891 and seats about 1,100 people.",
    "Python is a high-level, general-purpose programming language. Its design philosophy emphasizes code "
    "readability with the use of significant indentation.\nPython is dynamically typed and garbage-collected.",
    "A café is a type of restaurant which typically serves coffee and tea, in addition to light refreshments "
    "such as baked goods or snacks. The word comes from the French café, meaning \"coffee\".",
    "Mount Kilimanjaro is a dormant volcano in Tanzania. It has three volcanic cones: Kibo, Mawenzi, and Shira. "
    "It is the highest mountain in Africa, about 5,895 metres (19,341 ft) above sea level.",
]

DOLLY_INSTRUCTIONS = {
    "open_qa": ["Why can camels survive for long without water?", "What is the boiling point of water at sea level?",
                "Who wrote \"Pride and Prejudice\"?"],
    "general_qa": ["What are some good habits for learning a new language?", "How do I keep a sourdough starter alive?",
                   "What's the best way to learn to ride a bike?"],
    "classification": ["Identify which instrument is string or percussion: Cuica, Ukulele",
                       "Classify each of the following as a fruit or a vegetable: tomato, carrot, apple",
                       "Which of these are cities in Switzerland: Zürich, Lyon, Basel, Genève?"],
    "closed_qa": ["When did Virgin Australia start operating?", "How many people does the opera house seat?",
                  "Given this paragraph, what is the main subject?"],
    "brainstorming": ["Give me a list of ideas for a rainy afternoon.", "What are some names for a coffee shop?",
                      "Brainstorm ways to reduce food waste at home."],
    "information_extraction": ["Extract the dates mentioned in this text.", "From the passage, list the named places.",
                               "What numbers appear in the paragraph? Separate them with commas."],
    "summarization": ["Summarize this paragraph in one sentence.", "Give me a short summary of the text below.",
                      "What is this passage about, in two sentences?"],
    "creative_writing": ["Write a short story about a lighthouse keeper.", "Write a haiku about a naïve robot.",
                         "Write a limerick about a café in Zürich."],
}

DOLLY_RESPONSES = {
    "open_qa": ["Camels use the fat in their humps to keep them filled with energy and hydration for long periods.",
                "100 °C (212 °F).", "Jane Austen wrote \"Pride and Prejudice\" in 1813."],
    "general_qa": ["Practice a little every day, speak with native speakers and don't be afraid of mistakes.",
                   "Feed it flour and water daily and keep it somewhere warm.",
                   "Start on a gentle slope, keep pedalling and look ahead, not down."],
    "classification": ["Ukulele is string, Cuica is percussion.", "Tomato and apple are fruits; carrot is a vegetable.",
                       "Zürich, Basel and Genève are in Switzerland; Lyon is in France."],
    "closed_qa": ["It started on 31 August 2000.", "About 1,100 people.", "The paragraph is about the subject it names first."],
    "brainstorming": ["- Bake bread\n- Read a novel\n- Play a board game\n- Write letters",
                      "Bean There, The Daily Grind, Brew & Co., Café Olé",
                      "Plan meals, freeze leftovers, compost scraps and shop with a list."],
    "information_extraction": ["31 August 2000", "Zürich, Tanzania, Africa", "1891, 1,100, 5,895, 19,341"],
    "summarization": ["The text describes a place and when it was founded.",
                      "It is a short history of an institution and its size.",
                      "The passage explains what the subject is and why it is notable."],
    "creative_writing": ["Every night the keeper climbed the 112 steps. One night the light went out — and the sea went quiet.",
                         "Small robot believes\nevery cloud is made of milk —\nnaïve and happy.",
                         "A café in Zürich once served\nSuch coffee that nobody swerved..."],
}


def gen_dolly(n):
    rows = []
    for i in range(n):
        cat = DOLLY_CATEGORIES[(i + between(0, 7, "dolly-cat", i // 8)) % 8]
        if cat in ("closed_qa", "information_extraction", "summarization"):
            has_context = True
        elif cat in ("classification", "general_qa", "creative_writing"):
            has_context = frac("dolly-ctx", i) < 0.4
        else:
            has_context = False
        rows.append({
            "instruction": pick(DOLLY_INSTRUCTIONS[cat], "dolly-i", i),
            "context": pick(DOLLY_PARAGRAPHS, "dolly-c", i) if has_context else "",
            "response": pick(DOLLY_RESPONSES[cat], "dolly-r", i),
            "category": cat,
        })
    return rows


# ------------------------------------------------------------------------------------------------
# Synthetic data: bigcode/the-stack-smol

SMOL_REPOS = ["octo-org/toolbox", "jdoe/scripts", "acme/data-pipeline", "lena-k/webapp", "ml6team/utils",
              "go-kit/examples", "nimbus/cli", "zhang-wei/algos"]
SMOL_LICENSES = [["MIT"], ["Apache-2.0"], ["BSD-3-Clause"], ["MIT", "Apache-2.0"], ["GPL-3.0-only"], ["ISC"]]
SMOL_WORDS = ["load", "parse", "merge", "count", "filter", "render", "fetch", "split", "clean", "index"]
SMOL_NOUNS = ["config", "records", "tokens", "users", "lines", "rows", "paths", "events"]


def _python_snippet(i):
    verb, noun = pick(SMOL_WORDS, "py-v", i), pick(SMOL_NOUNS, "py-n", i)
    lines = [f'"""Helpers to {verb} {noun}."""', "", "import json", "import os", ""]
    if frac("py-url", i) < 0.5:
        lines += [f'BASE_URL = "https://example.org/api/v1/{noun}/"', ""]
    lines += [f"def {verb}_{noun}(path, limit={between(1, 500, 'py-l', i)}):",
              f'    """{verb.capitalize()} up to `limit` {noun} from a JSON Lines file."""',
              "    out = []",
              '    with open(path, encoding="utf-8") as f:',
              "        for line in f:",
              "            if len(out) >= limit:",
              "                break",
              '            out.append(json.loads(line.rstrip("\\n")))',
              "    return out"]
    if frac("py-cls", i) < 0.4:
        lines += ["", "", f"class {noun.capitalize()}Store:",
                  f"    def __init__(self, root=os.sep):",
                  "        self.root = root",
                  "",
                  "    def __repr__(self):",
                  f"        return f\"{noun.capitalize()}Store(root={{self.root!r}})\""]
    if frac("py-uni", i) < 0.2:
        lines += ["", "# Größe in Bytes — size in bytes, 大小"]
    return "\n".join(lines) + "\n"


def _go_snippet(i):
    verb, noun = pick(SMOL_WORDS, "go-v", i), pick(SMOL_NOUNS, "go-n", i)
    name = verb.capitalize() + noun.capitalize()
    lines = ["package " + noun, "", "import (", '\t"fmt"', '\t"strings"', ")", "",
             f"// {name} joins the {noun} with a separator.",
             f"func {name}(items []string, sep string) string {{",
             "\tif len(items) == 0 {",
             '\t\treturn ""',
             "\t}",
             '\treturn strings.Join(items, sep) + "\\n"',
             "}", "",
             "func main() {",
             f'\tfmt.Println({name}([]string{{"a/b", "c\\\\d"}}, ", "))',
             "}"]
    if frac("go-uni", i) < 0.25:
        lines.insert(7, "// 计算 — computes, ü")
    return "\n".join(lines) + "\n"


def _smol_row(content, i, lang, ext):
    line_lengths = [len(line) for line in content.splitlines()]
    owner_repo = pick(SMOL_REPOS, "smol-repo", lang, i)
    return {
        "content": content,
        "avg_line_length": round(sum(line_lengths) / len(line_lengths), 6),
        "max_line_length": max(line_lengths),
        "alphanum_fraction": round(sum(map(str.isalnum, content)) / len(content), 6),
        "licenses": pick(SMOL_LICENSES, "smol-lic", lang, i),
        "repository_name": owner_repo,
        "path": f"{pick(['src', 'lib', 'cmd', 'pkg', 'internal'], 'smol-dir', lang, i)}/"
                f"{pick(SMOL_WORDS, 'smol-f', lang, i)}_{i}.{ext}",
        "size": len(content.encode("utf-8")),
        "lang": lang,
    }


def gen_smol(lang, n):
    if lang == "Python":
        return [_smol_row(_python_snippet(i), i, "Python", "py") for i in range(n)]
    return [_smol_row(_go_snippet(i), i, "Go", "go") for i in range(n)]


def smol_jsonl(rows):
    """pandas' to_json(orient="records", lines=True) style: compact, ASCII (\\u escapes) and
    escaped slashes (\\/)."""
    return "".join(json.dumps(r, separators=(",", ":")).replace("/", "\\/") + "\n" for r in rows).encode("ascii")


# ------------------------------------------------------------------------------------------------
# Synthetic data: bigcode/the-stack (viewer rows only: its files are parquet placeholders)

STACK_GO_ROWS, STACK_PYTHON_ROWS = 20, 40


def _stack_datetime(*key):
    day = between(0, 2400, *key, "day")   # 2015-01-01 .. mid-2021
    year, rest = 2015 + day // 366, day % 366
    month, mday = 1 + rest // 31 % 12, 1 + rest % 28
    s = between(0, 86399, *key, "sec")
    return f"{year:04d}-{month:02d}-{mday:02d}T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000Z"


def _stack_row(content, i, lang, ext):
    key = ("stack", lang, i)
    data = content.encode("utf-8")
    line_lengths = [len(line) for line in content.splitlines()]
    path = (f"{pick(['src', 'lib', 'cmd', 'pkg', 'internal'], *key, 'dir')}/"
            f"{pick(SMOL_WORDS, *key, 'file')}_{i}.{ext}")
    owner_repo = pick(SMOL_REPOS, *key, "repo")
    row = {"hexsha": git_blob_sha1(data), "size": len(data), "ext": ext, "lang": lang}
    for kind, top in (("stars", 40000), ("issues", 900), ("forks", 6000)):
        # the max_* columns name the copy of the file with the most stars, issues or forks: often
        # the same repository, sometimes a fork of it
        repo = owner_repo if frac(*key, kind, "same") < 0.7 else pick(SMOL_REPOS, *key, kind, "repo")
        count = None if frac(*key, kind, "null") < 0.3 else between(1, top, *key, kind, "count")
        first = last = None
        if count is not None:
            first, last = sorted([_stack_datetime(*key, kind, "a"), _stack_datetime(*key, kind, "b")])
        row[f"max_{kind}_repo_path"] = path
        row[f"max_{kind}_repo_name"] = repo
        row[f"max_{kind}_repo_head_hexsha"] = sha1_hex(f"head:{repo}:{lang}:{i}")
        row[f"max_{kind}_repo_licenses"] = pick(SMOL_LICENSES, *key, kind, "lic")
        row[f"max_{kind}_count"] = count
        row[f"max_{kind}_repo_{kind}_event_min_datetime"] = first
        row[f"max_{kind}_repo_{kind}_event_max_datetime"] = last
    row["content"] = content
    row["avg_line_length"] = round(sum(line_lengths) / len(line_lengths), 6)
    row["max_line_length"] = max(line_lengths)
    row["alphanum_fraction"] = round(sum(map(str.isalnum, content)) / len(content), 6)
    return row


def gen_stack():
    """The rows of the fake's partial parquet export: data/go, then data/python (other snippets
    than the-stack-smol's)."""
    return ([_stack_row(_go_snippet(1000 + i), i, "Go", "go") for i in range(STACK_GO_ROWS)]
            + [_stack_row(_python_snippet(1000 + i), i, "Python", "py") for i in range(STACK_PYTHON_ROWS)])


def _python_script_snippet(i):
    """A Python module with neither "def " nor "class " in it: a script or a settings module."""
    verb, noun = pick(SMOL_WORDS, "pys-v", i), pick(SMOL_NOUNS, "pys-n", i)
    if frac("pys-kind", i) < 0.5:
        lines = [f"# {verb.capitalize()} the {noun} of the files named on the command line.", "import sys", "",
                 "total = 0",
                 "for name in sys.argv[1:]:",
                 '    with open(name, encoding="utf-8") as f:',
                 f"        total += sum(1 for line in f if line.strip())",
                 f'print(f"{noun}: {{total}}")']
    else:
        lines = [f'"""Settings to {verb} {noun}."""', "",
                 f"LIMIT = {between(1, 500, 'pys-l', i)}",
                 f'ROOT = "/var/lib/{noun}"',
                 f"WORKERS = {between(1, 16, 'pys-w', i)}",
                 f'FORMATS = ["jsonl", "csv", "{pick(SMOL_NOUNS, "pys-f", i)}"]',
                 "", 'if __name__ == "__main__":', "    print(LIMIT, ROOT, WORKERS, FORMATS)"]
    if frac("pys-uni", i) < 0.2:
        lines.append("# Größe — 大小")
    text = "\n".join(lines) + "\n"
    assert "def " not in text and "class " not in text
    return text


def _cpp_snippet(i):
    verb, noun = pick(SMOL_WORDS, "cpp-v", i), pick(SMOL_NOUNS, "cpp-n", i)
    return "\n".join([
        "#include <string>", "#include <vector>", "",
        f"// {verb}_{noun} counts the {noun} longer than limit.",
        f"std::size_t {verb}_{noun}(const std::vector<std::string>& items, std::size_t limit = {between(1, 99, 'cpp-l', i)}) {{",
        "    std::size_t n = 0;",
        "    for (const auto& s : items) {",
        "        if (s.size() > limit) ++n;",
        "    }",
        "    return n;",
        "}"]) + "\n"


def _csharp_snippet(i):
    verb, noun = pick(SMOL_WORDS, "cs-v", i), pick(SMOL_NOUNS, "cs-n", i)
    return "\n".join([
        "using System;", "using System.Collections.Generic;", "",
        f"namespace Acme.{noun.capitalize()}", "{",
        f"    public static class {verb.capitalize()}{noun.capitalize()}", "    {",
        "        public static int Count(IEnumerable<string> items)", "        {",
        "            var n = 0;",
        f"            foreach (var item in items) if (item.Length > {between(1, 99, 'cs-l', i)}) n++;",
        "            return n;", "        }", "    }", "}"]) + "\n"


def _javascript_snippet(i):
    verb, noun = pick(SMOL_WORDS, "js-v", i), pick(SMOL_NOUNS, "js-n", i)
    name = verb + noun.capitalize()
    return "\n".join([
        "'use strict';", "",
        f"// {name} returns the first {noun} of a JSON document, trimmed.",
        f"function {name}(text, limit = {between(1, 500, 'js-l', i)}) {{",
        "  const items = JSON.parse(text);",
        "  return items.slice(0, limit).map((x) => String(x).trim());",
        "}", "",
        f"module.exports = {{ {name} }};"]) + "\n"


def _shell_snippet(i):
    verb, noun = pick(SMOL_WORDS, "sh-v", i), pick(SMOL_NOUNS, "sh-n", i)
    return "\n".join([
        "#!/bin/sh", f"# {verb} the {noun} under a directory", "set -eu",
        'dir="${1:-.}"',
        f"find \"$dir\" -name '*.{noun}' | head -n {between(1, 500, 'sh-l', i)} | wc -l"]) + "\n"


# bigcode/the-stack's data files (not the viewer's rows): (directory, lang, ext, snippet, files, rows per file)
STACK_FILES = [
    ("data/python", "Python", "py", None, 3, 200),
    ("data/go", "Go", "go", _go_snippet, 1, 80),
    ("data/c++", "C++", "cpp", _cpp_snippet, 1, 40),
    ("data/c-sharp", "C#", "cs", _csharp_snippet, 1, 40),
]
STACK_ROW_GROUP = 50
STACK_PYTHON_PAGE_SIZE = 8192   # several pages per column chunk of content
STACK_PYTHON_SCRIPTS = 0.25     # the share of Python files with neither "def " nor "class "


def stack_file_spec(lang, ext, snippet, k, n):
    return parquet_spec(STACK_FEATURES, gen_stack_file(lang, ext, snippet, k, n), STACK_ROW_GROUP,
                        page_size=STACK_PYTHON_PAGE_SIZE if lang == "Python" else None)


def github_code_spec(k):
    return parquet_spec(GHCODE_FEATURES, gen_github_code(k), GHCODE_ROW_GROUP,
                        codec="GZIP" if k == GHCODE_GZIP_FILE else "SNAPPY")


def gen_stack_file(lang, ext, snippet, k, n):
    """The rows of one of the-stack's data files (the k-th of its directory)."""
    rows = []
    for j in range(k * n, (k + 1) * n):
        if lang == "Python":
            content = (_python_script_snippet(j) if frac("stack-file-script", j) < STACK_PYTHON_SCRIPTS
                       else _python_snippet(5000 + j))
        else:
            content = snippet(5000 + j)
        # a first line of its own: the-stack has no two files alike (it is deduplicated)
        content = f"{'#' if lang == 'Python' else '//'} {pick(SMOL_WORDS, 'stack-file', lang, j)}_{j}.{ext}\n{content}"
        rows.append(_stack_row(content, 1000 + j, lang, ext))
    return rows


# codeparrot/github-code's data files: 4 files of 150 rows; the third is GZIP, the others SNAPPY
GHCODE_FILES, GHCODE_ROWS, GHCODE_ROW_GROUP, GHCODE_GZIP_FILE = 4, 150, 100, 2
GHCODE_LANGS = [("Python", "py")] * 4 + [("GO", "go"), ("JavaScript", "js"), ("C++", "cpp"), ("C#", "cs"),
                                         ("Shell", "sh")]
GHCODE_LICENSES = ["mit", "apache-2.0", "gpl-3.0", "gpl-2.0", "bsd-3-clause", "agpl-3.0", "isc"]
GHCODE_FEATURES = [("code", V("string")), ("repo_name", V("string")), ("path", V("string")),
                   ("language", V("string")), ("license", V("string")), ("size", V("int32"))]
_GHCODE_SNIPPETS = {"GO": _go_snippet, "JavaScript": _javascript_snippet, "C++": _cpp_snippet,
                    "C#": _csharp_snippet, "Shell": _shell_snippet}


def gen_github_code(k):
    rows = []
    for j in range(k * GHCODE_ROWS, (k + 1) * GHCODE_ROWS):
        lang, ext = pick(GHCODE_LANGS, "ghc-lang", j)
        if lang == "Python":
            code = _python_script_snippet(20000 + j) if frac("ghc-script", j) < 0.35 else _python_snippet(20000 + j)
        else:
            code = _GHCODE_SNIPPETS[lang](20000 + j)
        rows.append({"code": code, "repo_name": pick(SMOL_REPOS, "ghc-repo", j),
                     "path": f"{pick(['src', 'lib', 'cmd', 'scripts', 'tools'], 'ghc-dir', j)}/"
                             f"{pick(SMOL_WORDS, 'ghc-file', j)}_{j}.{ext}",
                     "language": lang, "license": pick(GHCODE_LICENSES, "ghc-lic", j),
                     "size": len(code.encode("utf-8"))})
    return rows


# ------------------------------------------------------------------------------------------------
# Synthetic data: seed-tools/formats (not a real dataset: one set of rows in many file formats)

# (text, meta.lang); "é" appears only in row 6 and "🚀" only in row 12: the serializer writes
# them as \u escapes (see formats_dumps)
FORMATS_TEXTS = [
    ("Hello, world!", "en"),
    ("Grüße aus München", "de"),
    ("¡Hola, señor! ¿Cómo estás?", "es"),
    ("Привет, мир", "ru"),
    ("你好，世界", "zh"),
    ("Party time 🎉🎈 (emoji beyond the BMP, written raw)", "en"),
    ("café au lait (an escaped e-acute)", "fr"),
    ("line one\nline two\nline three", "en"),
    ("", "und"),
    (None, None),
    ("tab\tseparated\tvalues", "en"),
    ("a quote \" and a backslash \\ inside", "en"),
    ("rocket 🚀 (an escaped surrogate pair)", "en"),
    ("naïve façade … ☃", "en"),
    ("  leading and trailing spaces  ", "en"),
    ("ends with a newline\n", "en"),
    ("Ελληνικά: καλημέρα", "el"),
    ("עברית: שלום", "he"),
    ("日本語のテキスト", "ja"),
    ("a Windows line end\r\ninside", "en"),
    ("a long line, " * 40 + "the end", "en"),
    ("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters beyond the BMP", "en"),
    ("नमस्ते दुनिया", "hi"),
    ("JSON-looking text: {\"a\": [1, 2]}", "en"),
    ("the last row", "en"),
]
FORMATS_SCORES = {0: 0.0, 8: -1.5, 13: 1e-05, 20: 123456.789, 24: 1.0}
FORMATS_TAGS = [[], ["a"], ["x", "y"], ["ünïcode", "tag"], ["one", "two", "three"], ["🎉"]]
FORMATS_ESCAPES = [("é", "\\u00e9"), ("🚀", "\\ud83d\\ude80")]
FORMATS_MANY_FILES, FORMATS_MANY_ROWS = 12, 10   # many/part-0000.jsonl ..: ids 0..119 in path order


def gen_formats():
    rows = []
    for i, (text, lang) in enumerate(FORMATS_TEXTS):
        score = FORMATS_SCORES.get(i, round(frac("formats-score", i) * 200 - 50, 3))
        rows.append({"text": text, "id": i, "score": score, "tags": pick(FORMATS_TAGS, "formats-tags", i),
                     "meta": {"lang": lang, "len": None if text is None else len(text)}})
    return rows


def formats_dumps(obj, **kwargs):
    """Raw UTF-8 JSON except for the two characters written as \\u escapes."""
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    for raw, escaped in FORMATS_ESCAPES:
        text = text.replace(raw, escaped)
    return text


def formats_files(rows):
    """(path, bytes, lfs) of the main branch of seed-tools/formats, except .gitattributes and README.md."""
    lines = [formats_dumps(r) for r in rows]
    jsonl = "".join(line + "\n" for line in lines).encode("utf-8")
    files = [
        ("data/rows.jsonl", jsonl, False),
        ("data/rows.jsonl.gz", gzip.compress(jsonl, mtime=0), True),
        ("data/rows.jsonl.zst", zstd_compress(jsonl), True),
        ("data/rows.json", (formats_dumps(rows, indent=2) + "\n").encode("utf-8"), False),
        ("data/rows.json.gz", gzip.compress(formats_dumps(rows, separators=(",", ":")).encode("utf-8"), mtime=0), True),
        # a UTF-8 BOM, CRLF line ends, no line end after the last row
        ("data/crlf.jsonl", b"\xef\xbb\xbf" + "\r\n".join(lines[:5]).encode("utf-8"), False),
        # blank lines between rows 0 and 1 (one), rows 2 and 3 (two), and after row 3 (one)
        ("data/blank-lines.jsonl",
         (lines[0] + "\n\n" + lines[1] + "\n" + lines[2] + "\n\n\n" + lines[3] + "\n\n").encode("utf-8"), False),
        ("bad/broken.jsonl", b'{"text": "one", "id": 0}\n{"text": "two", "id": 1}\n{"text": "three", "id":\n'
                             b'{"text": "four", "id": 3}\n{"text": "five", "id": 4}\n', False),
        ("bad/not-object.jsonl", b'{"text": "one", "id": 0}\n[1,2]\n{"text": "three", "id": 2}\n', False),
        ("bad/not-json.txt", b"This file is not JSON at all.\nIt is a few lines of prose,\n"
                             b"the kind of thing a README might say.\n", False),
    ]
    for part in range(FORMATS_MANY_FILES):
        text = "".join(json.dumps({"text": f"part {part}, row {k}: {pick(SMOL_WORDS, 'many', part, k)} "
                                           f"{pick(SMOL_NOUNS, 'many-n', part, k)}",
                                   "id": part * FORMATS_MANY_ROWS + k}) + "\n" for k in range(FORMATS_MANY_ROWS))
        files.append((f"many/part-{part:04d}.jsonl", text.encode("ascii"), False))
    return files


def zstd_compress(data):
    """zstd -3 by the zstd command (Python 3.11 has no zstd module): the same bytes on every run
    with the same zstd."""
    exe = shutil.which("zstd")
    if exe is None:
        sys.exit("fakehub: the zstd command is missing (./bootstrap.sh installs it); it is needed to build "
                 "data/rows.jsonl.zst of seed-tools/formats")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZSTD_")}   # no ZSTD_CLEVEL, ZSTD_NBTHREADS
    out = subprocess.run([exe, "-3", "-q", "-c", "-"], input=data, stdout=subprocess.PIPE, env=env, check=False)
    if out.returncode != 0 or not out.stdout:
        sys.exit(f"fakehub: zstd failed (exit status {out.returncode}) while building data/rows.jsonl.zst")
    return out.stdout


# ------------------------------------------------------------------------------------------------
# codeparrot/github-code: a loading-script dataset (the viewer refuses it; files only)

GITHUB_CODE_SCRIPT = '''"""GitHub Code dataset (fakehub synthetic copy of the loading script)."""

import pyarrow.parquet as pq

import datasets

_REPO_NAME = "codeparrot/github-code"
_LANG_TO_EXTENSION = {
    "C": [".c"], "C#": [".cs"], "C++": [".cpp", ".hpp", ".cc"], "GO": [".go"], "Java": [".java"],
    "JavaScript": [".js"], "Python": [".py"], "Rust": [".rs"], "Shell": [".sh", ".bash"],
}
_LICENSES = ["mit", "apache-2.0", "gpl-3.0", "gpl-2.0", "bsd-3-clause", "agpl-3.0", "isc"]
_LANG_CONFIGS = ["all"] + list(_LANG_TO_EXTENSION)
_LICENSE_CONFIGS = ["all"] + _LICENSES
_NUM_FILES = 4
_DATA_FILES = [f"data/train-{i:05d}-of-{_NUM_FILES:05d}.parquet" for i in range(_NUM_FILES)]


class GithubCodeConfig(datasets.BuilderConfig):
    def __init__(self, *args, languages=["all"], licenses=["all"], **kwargs):
        super().__init__(*args, name="+".join(languages) + "-" + "+".join(licenses), **kwargs)
        self.languages = set(_LANG_TO_EXTENSION) if languages == ["all"] else set(languages)
        self.licenses = set(_LICENSES) if licenses == ["all"] else set(licenses)


class GithubCode(datasets.GeneratorBasedBuilder):
    BUILDER_CONFIG_CLASS = GithubCodeConfig
    BUILDER_CONFIGS = [GithubCodeConfig(languages=[lang], licenses=[lic])
                       for lang in _LANG_CONFIGS for lic in _LICENSE_CONFIGS]
    DEFAULT_CONFIG_NAME = "all-all"

    def _info(self):
        return datasets.DatasetInfo(features=datasets.Features({
            "code": datasets.Value("string"), "repo_name": datasets.Value("string"),
            "path": datasets.Value("string"), "language": datasets.Value("string"),
            "license": datasets.Value("string"), "size": datasets.Value("int32"),
        }))

    def _split_generators(self, dl_manager):
        files = dl_manager.download(_DATA_FILES)
        return [datasets.SplitGenerator(name=datasets.Split.TRAIN, gen_kwargs={"files": files})]

    def _generate_examples(self, files):
        key = 0
        for path in files:
            for batch in pq.ParquetFile(path).iter_batches():
                for row in batch.to_pylist():
                    if row["language"] in self.config.languages and row["license"] in self.config.licenses:
                        yield key, row
                        key += 1
'''


# ------------------------------------------------------------------------------------------------
# Parquet files: written by parquet.mjs (node and hyparquet-writer, from tests/parquet/node_modules),
# once per spec, into a cache shared by every fake (and by concurrent fakes)

FAKEHUB_DIR = os.path.dirname(os.path.abspath(__file__))
PARQUET_SCRIPT = os.path.join(FAKEHUB_DIR, "parquet.mjs")
PARQUET_MODULES = os.path.normpath(os.path.join(FAKEHUB_DIR, "..", "parquet", "node_modules"))
PARQUET_PACKAGES = ("hyparquet-writer", "hyparquet")
PARQUET_MMAP_BYTES = 8 << 20   # bigger cached files are mapped, not read (the benchmark file)
EXPORT_ROW_GROUP = 100   # rows per row group of the refs/convert/parquet files
BENCH_REPO, BENCH_FILE, BENCH_ROW_GROUPS = "seed-tools/row-groups", "data/train-00000-of-00001.parquet", 100

_PARQUET_DTYPES = {"string": "STRING", "int64": "INT64", "int32": "INT32", "float64": "DOUBLE", "bool": "BOOLEAN"}


def parquet_type(feature):
    """A viewer feature type in parquet.mjs' notation."""
    if "_type" not in feature:
        return {"struct": [[k, parquet_type(v)] for k, v in feature.items()]}
    if feature["_type"] == "List":
        return {"list": parquet_type(feature["feature"])}
    return _PARQUET_DTYPES[feature["dtype"]]


def parquet_spec(features, rows, row_group_size, codec="SNAPPY", page_size=None, hf_metadata=False):
    """A file for parquet.mjs: columns (name, viewer feature type) and rows. hf_metadata: the
    "huggingface" key-value metadata that the datasets library writes (the features)."""
    spec = {"columns": [[n, parquet_type(t)] for n, t in features], "rows": rows,
            "rowGroupSize": row_group_size, "codec": codec}
    if page_size is not None:
        spec["pageSize"] = page_size
    if hf_metadata:
        spec["kvMetadata"] = [{"key": "huggingface",
                               "value": json.dumps({"info": {"features": dict(features)}}, separators=(",", ":"))}]
    return spec


def bench_spec(rows_per_group):
    return {"columns": [["content", "STRING"], ["lang", "STRING"], ["path", "STRING"]],
            "generate": {"kind": "code", "rowGroups": BENCH_ROW_GROUPS, "rowsPerGroup": rows_per_group},
            "codec": "SNAPPY"}


def parquet_cache_dir():
    return os.environ.get("FAKEHUB_PARQUET_CACHE") or os.path.join(os.environ.get("TMPDIR") or "/tmp",
                                                                    "fakehub-parquet")


def _parquet_tools():
    """node and the fingerprint of what writes the files (parquet.mjs, the package versions); exits
    with a message when something is missing."""
    node = shutil.which("node")
    versions = []
    for name in PARQUET_PACKAGES:
        try:
            with open(os.path.join(PARQUET_MODULES, name, "package.json"), encoding="utf-8") as f:
                versions.append(f"{name}@{json.load(f)['version']}")
        except (OSError, ValueError, KeyError):
            versions.append(None)
    missing = ([] if node else ["the node command"]) + [
        f"{name} in {PARQUET_MODULES}" for name, v in zip(PARQUET_PACKAGES, versions) if v is None]
    if missing:
        sys.exit(f"fakehub: {' and '.join(missing)} missing (./bootstrap.sh installs them); they are needed to "
                 "write the .parquet files")
    with open(PARQUET_SCRIPT, "rb") as f:
        fingerprint = hashlib.sha256(f.read() + "\x1f".join(versions).encode()).hexdigest()
    return node, fingerprint


class CachedFile:
    """A file of the parquet cache: its content (bytes, or an mmap for big files), size and sha256."""

    def __init__(self, path):
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > PARQUET_MMAP_BYTES:
                self.content = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            else:
                self.content = f.read()
        self.size = size
        self.sha256 = None
        try:   # the sidecar "SHA256 SIZE" saves hashing a big file on every start
            with open(path[:-len(".parquet")] + ".sha256", encoding="ascii") as f:
                sha, sidecar_size = f.read().split()
            if int(sidecar_size) == size and re.fullmatch(r"[0-9a-f]{64}", sha):
                self.sha256 = sha
        except (OSError, ValueError):
            pass
        if self.sha256 is None:
            self.sha256 = hashlib.sha256(self.content).hexdigest()
            _replace_file(path[:-len(".parquet")] + ".sha256", f"{self.sha256} {size}\n".encode("ascii"))


def _replace_file(path, data):
    """Writes a small file of the cache (a manifest, a sidecar) under a temporary name, then renames
    it. Only saves work on later starts: a cache the fake cannot write to is not an error."""
    tmp = f"{path}.tmp-{os.getpid()}-{threading.get_ident()}"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def build_parquet(specs, options, verbose=False):
    """{name: spec thunk} -> {name: CachedFile}; a name is a tuple of strings, options what else
    the specs depend on (the fake's options). A file is cached as DIR/KEY.parquet, KEY being a hash
    of its spec and of the writer (parquet.mjs, the package versions). The missing files are
    written by one run of parquet.mjs under temporary names, then renamed, so fakes that start
    together are safe (they write the same bytes). DIR/manifest-M.json, M being a hash of this
    file's source, the writer, the names and options, gives the KEY of each name: with it, a
    start builds no spec (and hashes no rows)."""
    node, fingerprint = _parquet_tools()
    cache = parquet_cache_dir()
    with open(os.path.abspath(__file__), "rb") as f:
        source = f.read()
    ident = json.dumps([fingerprint, hashlib.sha256(source).hexdigest(), options, sorted(specs)]).encode()
    manifest = os.path.join(cache, f"manifest-{hashlib.sha256(ident).hexdigest()[:16]}.json")
    keys = None
    try:
        with open(manifest, encoding="utf-8") as f:
            keys = {tuple(name): key for *name, key in json.load(f)}
        if set(keys) != set(specs) or not all(os.path.exists(os.path.join(cache, k + ".parquet"))
                                              for k in keys.values()):
            keys = None
    except (OSError, ValueError, TypeError):
        keys = None
    if keys is None:
        keys, blobs = {}, {}
        for name, thunk in specs.items():
            blobs[name] = json.dumps(thunk(), sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                                     allow_nan=False).encode()
            keys[name] = hashlib.sha256(fingerprint.encode() + b"\x1f" + blobs[name]).hexdigest()[:16]
        _write_parquet(node, cache, {name: (keys[name], blobs[name]) for name in specs
                                     if not os.path.exists(os.path.join(cache, keys[name] + ".parquet"))}, verbose)
        _replace_file(manifest, json.dumps([[*name, key] for name, key in sorted(keys.items())]).encode())
    elif verbose:
        sys.stderr.write(f"fakehub: {len(specs)} parquet file(s) from the cache {cache}\n")
    return {name: CachedFile(os.path.join(cache, key + ".parquet")) for name, key in keys.items()}


def _write_parquet(node, cache, todo, verbose):
    """Writes {name: (key, spec JSON)} to cache/KEY.parquet with parquet.mjs (one run)."""
    started = time.monotonic()
    try:
        os.makedirs(cache, exist_ok=True)
    except OSError as e:
        sys.exit(f"fakehub: cannot create the parquet cache {cache}: {e}")
    if not todo:
        return
    final = {name: os.path.join(cache, key + ".parquet") for name, (key, _) in todo.items()}
    tmp = {name: os.path.join(cache, f"{key}.tmp-{os.getpid()}.parquet") for name, (key, _) in todo.items()}
    # each file's spec with its output path first (the spec's own keys are sorted)
    job = b"[" + b",".join(b'{"path":' + json.dumps(tmp[name]).encode() + b"," + blob[1:]
                           for name, (_, blob) in todo.items()) + b"]"
    try:
        run = subprocess.run([node, PARQUET_SCRIPT], input=job, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             check=False)
        if run.returncode != 0:
            sys.exit(f"fakehub: node {PARQUET_SCRIPT} failed (exit status {run.returncode}) while writing the "
                     f".parquet files:\n{run.stderr.decode(errors='replace').strip()}")
        for name in todo:
            with open(tmp[name], "rb") as f:
                digest = hashlib.sha256()
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    digest.update(chunk)
                size = f.tell()
            os.replace(tmp[name], final[name])
            _replace_file(final[name][:-len(".parquet")] + ".sha256", f"{digest.hexdigest()} {size}\n".encode())
    finally:
        for path in tmp.values():
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
    if verbose:
        sys.stderr.write(f"fakehub: wrote {len(todo)} parquet file(s) to {cache} in "
                         f"{time.monotonic() - started:.2f} s\n")


# ------------------------------------------------------------------------------------------------
# The catalogue: viewer datasets and Hub repositories

STACK_ESTIMATED_NUM_ROWS = 546_000_000   # "about 546M rows" (reference section 3)


class RepoFile:
    def __init__(self, path, content, lfs=False, sha256=None):
        self.path = path
        self.content = content   # bytes, or an mmap (a big cached parquet file)
        self.lfs = lfs
        self.size = len(content)
        self.sha256 = sha256 or hashlib.sha256(content).hexdigest()
        self.pointer = (f"version https://git-lfs.github.com/spec/v1\noid sha256:{self.sha256}\n"
                        f"size {self.size}\n").encode("ascii")
        # the git object is the pointer file for LFS files
        self.git_oid = git_blob_sha1(self.pointer if lfs else content)

    def tree_entry(self):
        entry = {"type": "file", "oid": self.git_oid, "size": self.size}
        if self.lfs:
            entry["lfs"] = {"oid": self.sha256, "size": self.size, "pointerSize": len(self.pointer)}
        entry["path"] = self.path
        return entry


class Revision:
    def __init__(self, name, sha, files):
        self.name = name
        self.sha = sha
        self.files = {f.path: f for f in files}
        dirs = set()
        for p in self.files:
            parts = p.split("/")[:-1]
            for k in range(1, len(parts) + 1):
                dirs.add("/".join(parts[:k]))
        self.dirs = dirs

    def entries(self, base, recursive):
        """Tree entries under base ("" = root), in git order (a directory sorts as "name/")."""
        prefix = base + "/" if base else ""
        out = []
        for d in self.dirs:
            if d.startswith(prefix) and (recursive or "/" not in d[len(prefix):]):
                out.append((d + "/", {"type": "directory", "oid": sha1_hex(f"tree:{self.sha}:{d}"), "size": 0, "path": d}))
        for p, f in self.files.items():
            if p.startswith(prefix) and (recursive or "/" not in p[len(prefix):]):
                out.append((p, f.tree_entry()))
        out.sort(key=lambda e: e[0].encode("utf-8"))
        return [e for _, e in out]


class Repo:
    def __init__(self, repo_id, gated, revisions):
        self.id = repo_id
        self.gated = gated
        self.revisions = {}
        for r in revisions:
            self.revisions[r.name] = r
        main = self.revisions["main"]
        self.revisions[main.sha] = main


class ViewerConfig:
    def __init__(self, name, features, splits, builder_name, original_bytes, parquet_bytes):
        self.name = name
        self.features = features            # list of (name, type)
        self.splits = splits                # dict split -> rows (in order)
        self.builder_name = builder_name
        self.original_bytes = original_bytes  # dict split -> size of the source files
        self.parquet_bytes = parquet_bytes    # dict split -> size of its refs/convert/parquet files


class ViewerDataset:
    def __init__(self, dataset_id, gated, sha, configs, filter_ok, partial=False, estimated_num_rows=None,
                 unsupported=None):
        self.id = dataset_id
        self.gated = gated
        self.sha = sha
        self.configs = {c.name: c for c in configs}
        self.filter_ok = filter_ok
        # partial: the parquet export holds only the first part of each split (the rows served
        # here); estimated_num_rows is what /size guesses for the whole of each split
        self.partial = partial
        self.estimated_num_rows = estimated_num_rows
        # unsupported: "script", a loading-script dataset, which the viewer refuses (501 on every
        # endpoint but /is-valid); "disabled", viewer: false in the README (501 on every endpoint)
        self.unsupported = unsupported


def _gitattributes(lfs_patterns):
    lines = [f"{p} filter=lfs diff=lfs merge=lfs -text" for p in lfs_patterns]
    return ("\n".join(lines) + "\n").encode("ascii")


def build_catalogue(dolly_rows=230, bench_parquet=None, verbose=False):
    """(datasets, repos). The rows first, then every .parquet file (build_parquet: from the cache
    or written by node), then the repositories. bench_parquet: rows per row group of the
    benchmark repository seed-tools/row-groups (None: no such repository)."""
    datasets, repos = {}, {}

    # -- the rows
    oasst_train, oasst_val = gen_oasst("train", 250), gen_oasst("validation", 30)
    dolly = gen_dolly(dolly_rows)
    smol_py, smol_go = gen_smol("Python", 120), gen_smol("Go", 40)
    stack = gen_stack()
    formats = gen_formats()

    # -- the parquet files: (repo, revision, path) -> spec thunk (called only when the cache
    # has no manifest for this source and these options)
    train_pq = "data/train-00000-of-00001-b42a775f407cee45.parquet"
    val_pq = "data/validation-00000-of-00001-134b8fd0c89408b6.parquet"
    CONVERT = "refs/convert/parquet"

    def export(features, rows):   # refs/convert/parquet: row groups of 100 rows, the features in the metadata
        return lambda: parquet_spec(features, rows, EXPORT_ROW_GROUP, hf_metadata=True)

    specs = {
        ("OpenAssistant/oasst1", "main", train_pq): lambda: parquet_spec(OASST_FEATURES, oasst_train, 1000),
        ("OpenAssistant/oasst1", "main", val_pq): lambda: parquet_spec(OASST_FEATURES, oasst_val, 1000),
        ("OpenAssistant/oasst1", CONVERT, "default/train/0000.parquet"): export(OASST_FEATURES, oasst_train),
        ("OpenAssistant/oasst1", CONVERT, "default/validation/0000.parquet"): export(OASST_FEATURES, oasst_val),
        ("databricks/databricks-dolly-15k", CONVERT, "default/train/0000.parquet"): export(DOLLY_FEATURES, dolly),
        ("bigcode/the-stack-smol", CONVERT, "default/train/0000.parquet"): export(SMOL_FEATURES, smol_go + smol_py),
        ("bigcode/the-stack", CONVERT, "default/partial-train/0000.parquet"): export(STACK_FEATURES, stack),
        ("seed-tools/formats", CONVERT, "default/train/0000.parquet"): export(FORMATS_FEATURES, formats),
    }
    for d, lang, ext, snippet, n_files, n_rows in STACK_FILES:
        for k in range(n_files):
            specs[("bigcode/the-stack", "main", f"{d}/train-{k:05d}-of-{n_files:05d}.parquet")] = functools.partial(
                stack_file_spec, lang, ext, snippet, k, n_rows)
    for k in range(GHCODE_FILES):
        specs[("codeparrot/github-code", "main", f"data/train-{k:05d}-of-{GHCODE_FILES:05d}.parquet")] = \
            functools.partial(github_code_spec, k)
    if bench_parquet is not None:
        specs[(BENCH_REPO, "main", BENCH_FILE)] = functools.partial(bench_spec, bench_parquet)
    built = build_parquet(specs, {"dolly_rows": dolly_rows, "bench_parquet": bench_parquet}, verbose)

    def pq(repo_id, rev, path):
        f = built[(repo_id, rev, path)]
        return RepoFile(path, f.content, lfs=True, sha256=f.sha256)

    def export_files(repo_id, paths):
        return [RepoFile(".gitattributes", _gitattributes(["*.parquet"]))] + [pq(repo_id, CONVERT, p) for p in paths]

    # OpenAssistant/oasst1
    raw = "".join(oasst_raw_line(r) + "\n" for r in oasst_train + oasst_val).encode("utf-8")
    oasst_gz = gzip.compress(raw, mtime=0)
    sha = sha1_hex("fakehub:OpenAssistant/oasst1")
    readme = ("---\nlicense: apache-2.0\ndataset_info:\n  features:\n"
              + "".join(f"  - name: {n}\n" for n, _ in OASST_FEATURES)
              + "  splits:\n  - name: train\n    num_examples: 250\n  - name: validation\n    num_examples: 30\n"
              "---\n# OpenAssistant Conversations (fakehub synthetic copy)\n").encode("utf-8")
    oasst_export = ["default/train/0000.parquet", "default/validation/0000.parquet"]
    repos["OpenAssistant/oasst1"] = Repo("OpenAssistant/oasst1", False, [
        Revision("main", sha, [
            RepoFile(".gitattributes", _gitattributes(["*.parquet", "*.jsonl.gz"])),
            RepoFile("2023-04-12_oasst_ready.messages.jsonl.gz", oasst_gz, lfs=True),
            RepoFile("README.md", readme),
            pq("OpenAssistant/oasst1", "main", train_pq),
            pq("OpenAssistant/oasst1", "main", val_pq),
        ]),
        Revision(CONVERT, sha1_hex("fakehub:OpenAssistant/oasst1:refs/convert/parquet"),
                 export_files("OpenAssistant/oasst1", oasst_export)),
    ])
    datasets["OpenAssistant/oasst1"] = ViewerDataset("OpenAssistant/oasst1", False, sha, [
        ViewerConfig("default", OASST_FEATURES, {"train": oasst_train, "validation": oasst_val}, "parquet",
                     {"train": built[("OpenAssistant/oasst1", "main", train_pq)].size,
                      "validation": built[("OpenAssistant/oasst1", "main", val_pq)].size},
                     _export_sizes(built, "OpenAssistant/oasst1", oasst_export)),
    ], filter_ok=True)

    # databricks/databricks-dolly-15k (the real id; "databricks/dolly-15k" does not exist)
    dolly_bytes = "".join(json.dumps(r) + "\n" for r in dolly).encode("ascii")
    sha = sha1_hex("fakehub:databricks/databricks-dolly-15k")
    repos["databricks/databricks-dolly-15k"] = Repo("databricks/databricks-dolly-15k", False, [
        Revision("main", sha, [
            RepoFile(".gitattributes", _gitattributes(["*.parquet"])),
            RepoFile("README.md", b"---\nlicense: cc-by-sa-3.0\n---\n# databricks-dolly-15k (fakehub synthetic copy)\n"),
            # a plain git file here (the real one is LFS) so that resolve answers 200 with the body
            RepoFile("databricks-dolly-15k.jsonl", dolly_bytes),
        ]),
        Revision(CONVERT, sha1_hex("fakehub:databricks/databricks-dolly-15k:refs/convert/parquet"),
                 export_files("databricks/databricks-dolly-15k", ["default/train/0000.parquet"])),
    ])
    datasets["databricks/databricks-dolly-15k"] = ViewerDataset("databricks/databricks-dolly-15k", False, sha, [
        ViewerConfig("default", DOLLY_FEATURES, {"train": dolly}, "json", {"train": len(dolly_bytes)},
                     _export_sizes(built, "databricks/databricks-dolly-15k", ["default/train/0000.parquet"])),
    ], filter_ok=True)

    # bigcode/the-stack-smol (gated)
    py_bytes, go_bytes = smol_jsonl(smol_py), smol_jsonl(smol_go)
    sha = sha1_hex("fakehub:bigcode/the-stack-smol")
    repos["bigcode/the-stack-smol"] = Repo("bigcode/the-stack-smol", True, [
        Revision("main", sha, [
            RepoFile(".gitattributes", _gitattributes(["*.parquet", "data/python/data.json"])),
            RepoFile("README.md", b"---\nextra_gated_prompt: |-\n  ## Terms of Use for The Stack\n"
                                  b"  You agree to the terms before accessing this dataset.\n"
                                  b"---\n# the-stack-smol (fakehub synthetic copy)\n"),
            RepoFile("data/go/data.json", go_bytes),
            RepoFile("data/python/data.json", py_bytes, lfs=True),
        ]),
        Revision(CONVERT, sha1_hex("fakehub:bigcode/the-stack-smol:refs/convert/parquet"),
                 export_files("bigcode/the-stack-smol", ["default/train/0000.parquet"])),
    ])
    # the viewer reads the data files in sorted order: data/go before data/python
    datasets["bigcode/the-stack-smol"] = ViewerDataset("bigcode/the-stack-smol", True, sha, [
        ViewerConfig("default", SMOL_FEATURES, {"train": smol_go + smol_py}, "json",
                     {"train": len(go_bytes) + len(py_bytes)},
                     _export_sizes(built, "bigcode/the-stack-smol", ["default/train/0000.parquet"])),
    ], filter_ok=False)

    # bigcode/the-stack (gated like the-stack-smol): parquet only, a partial viewer export
    sha = sha1_hex("fakehub:bigcode/the-stack")
    stack_files = [p for r, rev, p in specs if r == "bigcode/the-stack" and rev == "main"]
    repos["bigcode/the-stack"] = Repo("bigcode/the-stack", True, [
        Revision("main", sha, [
            RepoFile(".gitattributes", _gitattributes(["*.parquet"])),
            RepoFile("README.md", b"---\nextra_gated_prompt: |-\n  ## Terms of Use for The Stack\n"
                                  b"  You agree to the terms before accessing this dataset.\n"
                                  b"extra_gated_fields:\n  I have read the Terms of Use: checkbox\n"
                                  b"---\n# The Stack (fakehub synthetic copy)\n"),
        ] + [pq("bigcode/the-stack", "main", p) for p in stack_files]),
        Revision(CONVERT, sha1_hex("fakehub:bigcode/the-stack:refs/convert/parquet"),
                 export_files("bigcode/the-stack", ["default/partial-train/0000.parquet"])),
    ])
    datasets["bigcode/the-stack"] = ViewerDataset("bigcode/the-stack", True, sha, [
        ViewerConfig("default", STACK_FEATURES, {"train": stack}, "parquet",
                     {"train": sum(built[("bigcode/the-stack", "main", p)].size for p in stack_files)},
                     {"train": built[("bigcode/the-stack", CONVERT, "default/partial-train/0000.parquet")].size}),
    ], filter_ok=False, partial=True, estimated_num_rows=STACK_ESTIMATED_NUM_ROWS)

    # codeparrot/github-code: public, a loading script over parquet files; the viewer refuses it.
    # No refs/convert/parquet: script datasets get no export.
    sha = sha1_hex("fakehub:codeparrot/github-code")
    repos["codeparrot/github-code"] = Repo("codeparrot/github-code", False, [
        Revision("main", sha, [
            RepoFile(".gitattributes", _gitattributes(["*.parquet"])),
            RepoFile("README.md", b"---\nannotations_creators: []\nlanguage:\n- code\nlicense:\n- other\n"
                                  b"task_categories:\n- text-generation\n---\n"
                                  b"# GitHub Code (fakehub synthetic copy)\n"),
            RepoFile("github-code.py", GITHUB_CODE_SCRIPT.encode("utf-8")),
        ] + [pq("codeparrot/github-code", "main", f"data/train-{k:05d}-of-{GHCODE_FILES:05d}.parquet")
             for k in range(GHCODE_FILES)]),
    ])
    datasets["codeparrot/github-code"] = ViewerDataset("codeparrot/github-code", False, sha, [], filter_ok=False,
                                                       unsupported="script")

    # seed-tools/formats: not a real dataset; the same rows in several formats, and bad files
    files = formats_files(formats)
    sha = sha1_hex("fakehub:seed-tools/formats")
    repos["seed-tools/formats"] = Repo("seed-tools/formats", False, [
        Revision("main", sha, [
            RepoFile(".gitattributes", _gitattributes(["*.parquet", "*.gz", "*.zst"])),
            RepoFile("README.md", b"---\nlicense: cc0-1.0\nconfigs:\n- config_name: default\n"
                                  b"  data_files: data/rows.jsonl\n---\n"
                                  b"# seed-tools/formats\n\nNot a real dataset: fakehub's test files.\n"),
        ] + [RepoFile(path, content, lfs=lfs) for path, content, lfs in files]),
        Revision(CONVERT, sha1_hex("fakehub:seed-tools/formats:refs/convert/parquet"),
                 export_files("seed-tools/formats", ["default/train/0000.parquet"])),
    ])
    datasets["seed-tools/formats"] = ViewerDataset("seed-tools/formats", False, sha, [
        ViewerConfig("default", FORMATS_FEATURES, {"train": formats}, "json", {"train": len(files[0][1])},
                     _export_sizes(built, "seed-tools/formats", ["default/train/0000.parquet"])),
    ], filter_ok=True)

    # seed-tools/row-groups (--bench-parquet): one big parquet file; the viewer is disabled (501)
    if bench_parquet is not None:
        sha = sha1_hex("fakehub:" + BENCH_REPO)
        repos[BENCH_REPO] = Repo(BENCH_REPO, False, [
            Revision("main", sha, [
                RepoFile(".gitattributes", _gitattributes(["*.parquet"])),
                RepoFile("README.md", b"---\nlicense: cc0-1.0\nviewer: false\n---\n# seed-tools/row-groups\n\n"
                                      b"Not a real dataset: fakehub's benchmark file, 100 row groups.\n"),
                pq(BENCH_REPO, "main", BENCH_FILE),
            ]),
        ])
        datasets[BENCH_REPO] = ViewerDataset(BENCH_REPO, False, sha, [], filter_ok=False, unsupported="disabled")
    return datasets, repos


def _export_sizes(built, repo_id, paths):
    """{split: bytes of its refs/convert/parquet files} (paths: default/{split}/0000.parquet)."""
    out = {}
    for p in paths:
        split = p.split("/")[1]
        out[split] = out.get(split, 0) + built[(repo_id, "refs/convert/parquet", p)].size
    return out



# ------------------------------------------------------------------------------------------------
# /filter: the validator (regexes of the dataset viewer's filter route) and an evaluator of what
# passes it (the part of DuckDB's SQL that the regexes let through)

SQL_INVALID_SYMBOLS = re.compile(r"(?:;|--|/\*|\*/)", flags=re.IGNORECASE)
_NUMBER = r"[0-9][0-9\.]*"
_VARCHAR = r"'([^']|'')*'"
_KEY = r'"([^"]|"")+"'
_COL = rf"{_KEY}(\.{_KEY})*"
_ARGS = f"({_NUMBER}|{_VARCHAR}|,| )*"
_FUNC = rf"[a-z_]+\({_ARGS}\)"
_TCOL = rf"\(?{_COL}\)?(\.{_FUNC})?"
_OP = r"(=|<|>|!|~|\*| |(like)|(ilike)|(glob)|(similar to)|(is)|(not)|(LIKE)|(ILIKE)|(GLOB)|(SIMILAR TO)|(IS)|(NOT))+"
_VAL = f"({_NUMBER}|{_VARCHAR}|(true|false|null|NULL))"
_EXPR = rf"\(?{_TCOL} ?{_OP} ?{_VAL}\)?"
SQL_MATCH_WHERE = re.compile(f"^{_EXPR}( (and|or|AND|OR) {_EXPR})*$")
SQL_MATCH_ORDERBY = re.compile(f"^{_TCOL}( (asc|desc|ASC|DESC))?$")


class InvalidQuery(Exception):
    pass


_TOKEN_OPS = ["!~~*", "!~~", "~~~", "~~*", "!~", "~~", "<>", "!=", "<=", ">=", "==", "=", "<", ">", "~",
              "(", ")", ".", ",", "*", "!"]


def _tokenize(s):
    toks, i, n = [], 0, len(s)
    while i < n:
        c = s[i]
        if c.isspace():
            i += 1
        elif c == '"' or c == "'":
            j, buf = i + 1, []
            while True:
                if j >= n:
                    raise InvalidQuery("unterminated quote")
                if s[j] == c:
                    if j + 1 < n and s[j + 1] == c:
                        buf.append(c)
                        j += 2
                        continue
                    break
                buf.append(s[j])
                j += 1
            toks.append(("IDENT" if c == '"' else "STR", "".join(buf)))
            i = j + 1
        elif c.isdigit():
            j = i
            while j < n and (s[j].isdigit() or s[j] == "."):
                j += 1
            text = s[i:j]
            try:
                value = int(text) if "." not in text else float(text)
            except ValueError:
                raise InvalidQuery("bad number")
            toks.append(("NUM", value))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (s[j].isalnum() or s[j] == "_"):
                j += 1
            toks.append(("WORD", s[i:j].lower()))
            i = j
        else:
            for op in _TOKEN_OPS:
                if s.startswith(op, i):
                    toks.append(("OP", op))
                    i += len(op)
                    break
            else:
                raise InvalidQuery("unexpected character")
    toks.append(("END", None))
    return toks


class _Parser:
    def __init__(self, text):
        self.toks = _tokenize(text)
        self.i = 0

    def peek(self, k=0):
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def take(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def word(self, w, k=0):
        t = self.peek(k)
        return t[0] == "WORD" and t[1] == w

    def op(self, o):
        t = self.peek()
        return t[0] == "OP" and t[1] == o

    def expect_op(self, o):
        if not self.op(o):
            raise InvalidQuery(f"expected {o}")
        self.take()

    def parse_all(self):
        e = self.parse_or()
        if self.peek()[0] != "END":
            raise InvalidQuery("trailing input")
        return e

    def parse_or(self):
        e = self.parse_and()
        while self.word("or"):
            self.take()
            e = ("or", e, self.parse_and())
        return e

    def parse_and(self):
        e = self.parse_not()
        while self.word("and"):
            self.take()
            e = ("and", e, self.parse_not())
        return e

    def parse_not(self):
        if self.word("not"):
            self.take()
            return ("not", self.parse_not())
        return self.parse_cmp()

    def parse_cmp(self):
        left = self.parse_postfix()
        t = self.peek()
        if t[0] == "OP" and t[1] in ("=", "==", "<>", "!=", "<", "<=", ">", ">="):
            self.take()
            return ("cmp", {"==": "=", "!=": "<>"}.get(t[1], t[1]), left, self.parse_postfix())
        if t[0] == "OP" and t[1] in ("~~", "!~~", "~~*", "!~~*", "~~~", "~", "!~"):
            self.take()
            kind = {"~~": "like", "!~~": "like", "~~*": "ilike", "!~~*": "ilike", "~~~": "glob",
                    "~": "similar", "!~": "similar"}[t[1]]
            e = ("match", kind, left, self.parse_postfix())
            return ("not", e) if t[1].startswith("!") else e
        if self.word("is"):
            self.take()
            negate = False
            if self.word("not"):
                self.take()
                negate = True
            v = self.take()
            if v == ("WORD", "null"):
                e = ("isnull", left)
            elif v in (("WORD", "true"), ("WORD", "false")):
                e = ("isbool", v[1] == "true", left)
            else:
                raise InvalidQuery("IS needs NULL, TRUE or FALSE")
            return ("not", e) if negate else e
        negate = False
        if self.word("not") and (self.word("like", 1) or self.word("ilike", 1) or self.word("glob", 1)
                                 or self.word("similar", 1)):
            self.take()
            negate = True
        for kind in ("like", "ilike", "glob", "similar"):
            if self.word(kind):
                self.take()
                if kind == "similar":
                    if not self.word("to"):
                        raise InvalidQuery("SIMILAR needs TO")
                    self.take()
                e = ("match", kind, left, self.parse_postfix())
                return ("not", e) if negate else e
        if negate:
            raise InvalidQuery("NOT where an operator was expected")
        return left

    def parse_postfix(self):
        e = self.parse_primary()
        while self.op("."):
            self.take()
            t = self.take()
            if t[0] == "IDENT":
                e = ("field", e, t[1])
            elif t[0] == "WORD":
                self.expect_op("(")
                args = [e]
                if not self.op(")"):
                    args.append(self.parse_or())
                    while self.op(","):
                        self.take()
                        args.append(self.parse_or())
                self.expect_op(")")
                e = ("func", t[1], args)
            else:
                raise InvalidQuery("bad postfix")
        return e

    def parse_primary(self):
        t = self.take()
        if t[0] == "IDENT":
            return ("col", t[1])
        if t[0] == "STR":
            return ("lit", t[1], "str")
        if t[0] == "NUM":
            return ("lit", t[1], "num")
        if t == ("WORD", "true") or t == ("WORD", "false"):
            return ("lit", t[1] == "true", "bool")
        if t == ("WORD", "null"):
            return ("lit", None, "null")
        if t == ("OP", "("):
            e = self.parse_or()
            self.expect_op(")")
            return e
        raise InvalidQuery("unexpected token")


def _feature_type(f):
    if "_type" not in f:
        return ("struct", {k: _feature_type(v) for k, v in f.items()})
    if f["_type"] == "List":
        return ("list", _feature_type(f["feature"]))
    dt = f["dtype"]
    if dt == "string":
        return ("str",)
    if dt == "bool":
        return ("bool",)
    return ("num",)


def _lookup(fields, name):
    # DuckDB identifiers are case-insensitive, quoted or not
    for k in fields:
        if k.lower() == name.lower():
            return k
    raise InvalidQuery(f"no column {name}")


_BOOL_STRINGS = {"true": True, "t": True, "1": True, "false": False, "f": False, "0": False}


def _cast_literal(node, to):
    """A string literal compared with a number or a bool column is cast (as DuckDB does)."""
    _, value, kind = node
    if kind == to or kind == "null":
        return node
    if kind == "str" and to == "num":
        try:
            return ("lit", int(value.strip()) if re.fullmatch(r"\s*[+-]?\d+\s*", value) else float(value), "num")
        except ValueError:
            raise InvalidQuery("conversion error")
    if kind == "str" and to == "bool" and value.strip().lower() in _BOOL_STRINGS:
        return ("lit", _BOOL_STRINGS[value.strip().lower()], "bool")
    raise InvalidQuery("type mismatch")


class _Checker:
    """Types the tree (raising InvalidQuery where DuckDB would fail) and rewrites it with the
    real column names and cast literals."""

    FUNCS = {"length": 1, "len": 1, "strlen": 1, "lower": 1, "upper": 1, "trim": 1,
             "contains": 2, "starts_with": 2, "prefix": 2, "ends_with": 2, "suffix": 2}

    def __init__(self, features):
        self.columns = {name: _feature_type(f) for name, f in features}

    def check(self, e):
        kind = e[0]
        if kind == "col":
            name = _lookup(self.columns, e[1])
            return ("col", name), self.columns[name]
        if kind == "lit":
            return e, (e[2],)
        if kind == "field":
            inner, t = self.check(e[1])
            if t[0] != "struct":
                raise InvalidQuery("field of a non-struct")
            name = _lookup(t[1], e[2])
            return ("field", inner, name), t[1][name]
        if kind == "func":
            name, args = e[1], e[2]
            if name not in self.FUNCS or len(args) != self.FUNCS[name]:
                raise InvalidQuery(f"no function {name}")
            checked = [self.check(a) for a in args]
            types = [t[0] for _, t in checked]
            nodes = [n for n, _ in checked]
            if name in ("length", "len"):
                if types[0] not in ("str", "list", "null"):
                    raise InvalidQuery("length of what")
                return ("func", name, nodes), ("num",)
            if any(t not in ("str", "null") for t in types):
                raise InvalidQuery("string function on a non-string")
            if name == "strlen":
                return ("func", name, nodes), ("num",)
            return ("func", name, nodes), (("bool",) if self.FUNCS[name] == 2 else ("str",))
        if kind in ("and", "or"):
            a, ta = self.check(e[1])
            b, tb = self.check(e[2])
            for t in (ta, tb):
                if t[0] not in ("bool", "null"):
                    raise InvalidQuery("AND/OR of a non-boolean")
            return (kind, a, b), ("bool",)
        if kind == "not":
            a, ta = self.check(e[1])
            if ta[0] not in ("bool", "null"):
                raise InvalidQuery("NOT of a non-boolean")
            return ("not", a), ("bool",)
        if kind == "isnull":
            a, _ = self.check(e[1])
            return ("isnull", a), ("bool",)
        if kind == "isbool":
            a, ta = self.check(e[2])
            if ta[0] not in ("bool", "null"):
                raise InvalidQuery("IS TRUE of a non-boolean")
            return ("isbool", e[1], a), ("bool",)
        if kind == "cmp":
            a, ta = self.check(e[2])
            b, tb = self.check(e[3])
            if ta[0] in ("struct", "list") or tb[0] in ("struct", "list"):
                raise InvalidQuery("comparison of nested values")
            if ta[0] != tb[0] and "null" not in (ta[0], tb[0]):
                if b[0] == "lit":
                    b = _cast_literal(b, ta[0])
                elif a[0] == "lit":
                    a = _cast_literal(a, tb[0])
                else:
                    raise InvalidQuery("type mismatch")
            return ("cmp", e[1], a, b), ("bool",)
        if kind == "match":
            a, ta = self.check(e[2])
            b, tb = self.check(e[3])
            if ta[0] not in ("str", "null") or tb[0] not in ("str", "null"):
                raise InvalidQuery("pattern match on a non-string")
            if e[1] == "similar" and b[0] == "lit" and b[1] is not None:
                try:
                    re.compile(b[1])
                except re.error:
                    raise InvalidQuery("bad regular expression")
            return ("match", e[1], a, b), ("bool",)
        raise InvalidQuery("unknown node")


def _like_regex(pattern, flags=0):
    out = []
    for ch in pattern:
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
    return re.compile("".join(out), re.DOTALL | flags)


def _glob_regex(pattern):
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch == "[":
            j = pattern.find("]", i + 1)
            if j < 0:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1:j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out), re.DOTALL)


def _eval(e, row):
    kind = e[0]
    if kind == "col":
        return row[e[1]]
    if kind == "lit":
        return e[1]
    if kind == "field":
        v = _eval(e[1], row)
        return None if v is None else v.get(e[2])
    if kind == "func":
        args = [_eval(a, row) for a in e[2]]
        if any(a is None for a in args):
            return None
        name = e[1]
        if name in ("length", "len", "strlen"):
            return len(args[0]) if name != "strlen" else len(args[0].encode("utf-8"))
        if name == "lower":
            return args[0].lower()
        if name == "upper":
            return args[0].upper()
        if name == "trim":
            return args[0].strip(" ")
        if name == "contains":
            return args[1] in args[0]
        if name in ("starts_with", "prefix"):
            return args[0].startswith(args[1])
        return args[0].endswith(args[1])
    if kind == "and":
        a, b = _eval(e[1], row), _eval(e[2], row)
        if a is False or b is False:
            return False
        return None if a is None or b is None else True
    if kind == "or":
        a, b = _eval(e[1], row), _eval(e[2], row)
        if a is True or b is True:
            return True
        return None if a is None or b is None else False
    if kind == "not":
        a = _eval(e[1], row)
        return None if a is None else not a
    if kind == "isnull":
        return _eval(e[1], row) is None
    if kind == "isbool":
        return _eval(e[2], row) is e[1]
    if kind == "cmp":
        a, b = _eval(e[2], row), _eval(e[3], row)
        if a is None or b is None:
            return None
        op = e[1]
        return {"=": a == b, "<>": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
    if kind == "match":
        a, b = _eval(e[2], row), _eval(e[3], row)
        if a is None or b is None:
            return None
        if e[1] == "like":
            return _like_regex(b).fullmatch(a) is not None
        if e[1] == "ilike":
            return _like_regex(b.lower()).fullmatch(a.lower()) is not None
        if e[1] == "glob":
            return _glob_regex(b).fullmatch(a) is not None
        return re.fullmatch(b, a, re.DOTALL) is not None
    raise InvalidQuery("unknown node")


def compile_where(where, features):
    tree, t = _Checker(features).check(_Parser(where).parse_all())
    if t[0] not in ("bool", "null"):
        raise InvalidQuery("WHERE needs a boolean")
    return lambda row: _eval(tree, row) is True


def compile_orderby(orderby, features):
    m = re.search(r" (asc|desc|ASC|DESC)$", orderby)
    desc = bool(m) and m.group(1).lower() == "desc"
    expr = orderby[:m.start()] if m else orderby
    parser = _Parser(expr)
    tree = parser.parse_postfix()
    if parser.peek()[0] != "END":
        raise InvalidQuery("trailing input")
    tree, t = _Checker(features).check(tree)
    if t[0] not in ("str", "num", "bool"):
        raise InvalidQuery("cannot order by this")
    return (lambda row: _eval(tree, row)), desc


# ------------------------------------------------------------------------------------------------
# Responses

NGINX_404 = (b"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found"
             b"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")

MSG_UNAUTHENTICATED = ("The dataset does not exist, or is not accessible without authentication (private or gated). "
                       "Please check the spelling of the dataset name or retry with authentication.")
MSG_AUTHENTICATED = ("The dataset does not exist, or is not accessible with the current credentials (private or "
                     "gated). Please check the spelling of the dataset name or retry with other authentication "
                     "credentials.")
MSG_NOT_READY = "The server is busier than usual and the response is not ready yet. Please retry later."
MSG_WHERE = "Parameter 'where' contains errors or invalid symbols"
MSG_ORDERBY = "Parameter 'orderby' contains errors or invalid symbols"
MSG_QUERY_INVALID = "A query parameter is invalid"
# DatasetWithScriptNotSupportedError's default message (dataset-viewer libs/libcommon/src/libcommon/exceptions.py)
MSG_SCRIPT = ("The dataset viewer doesn't support this dataset because it runs arbitrary Python code. You can "
              "convert it to a Parquet data-only dataset by using the convert_to_parquet CLI from the datasets "
              "library. See: https://huggingface.co/docs/datasets/main/en/cli#convert-to-parquet")

MAX_AGE_LONG, MAX_AGE_SHORT = 120, 10
MAX_NUM_ROWS_PER_PAGE = 100
TREE_PAGE_SIZE = 2
VALID_TOKENS = {"hf_good": True, "hf_noaccess": False}   # token -> may read gated repositories
CDN_EXPIRES = "4102444800"


class Response:
    def __init__(self, status, body=b"", content_type=None, headers=None, compressible=False):
        self.status = status
        self.body = body
        self.headers = list(headers or [])
        if content_type:
            self.headers.insert(0, ("Content-Type", content_type))
        self.compressible = compressible


def viewer_json(content, status=200, error_code=None, revision=None):
    headers = [("Cache-Control", f"max-age={MAX_AGE_LONG if status == 200 else MAX_AGE_SHORT}"),
               ("Access-Control-Allow-Origin", "*")]
    if error_code:
        headers.append(("X-Error-Code", error_code))
    if revision:
        headers.append(("X-Revision", revision))
    return Response(status, compact_json(content), "application/json", headers, compressible=True)


def viewer_error(status, code, message):
    return viewer_json({"error": message}, status, error_code=code)


def hub_error(status, message, code=None, extra=None):
    headers = [("X-Error-Message", message)]
    if code:
        headers.insert(0, ("X-Error-Code", code))
    headers += extra or []
    return Response(status, compact_json({"error": message}), "application/json; charset=utf-8", headers,
                    compressible=True)


def unsupported_error(ds):
    if ds.unsupported == "script":
        # a cached job error: the revision of the dataset comes with it
        return viewer_json({"error": MSG_SCRIPT}, 501, error_code="DatasetWithScriptNotSupportedError",
                           revision=ds.sha)
    # raised before any job, from the dataset's card (libcommon.operations): no revision
    return viewer_error(501, "NotSupportedDisabledViewerError",
                        f"Not supported: dataset viewer is disabled in {ds.id} configuration.")


def _sum_or_none(values):
    values = list(values)
    return None if any(v is None for v in values) else sum(values)


def plain_500():
    return Response(500, b"Internal Server Error", "text/plain; charset=utf-8")


class ViewerError(Exception):
    def __init__(self, response):
        self.response = response


def _b64(obj):
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")


def _unb64(text):
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


# ------------------------------------------------------------------------------------------------
# State: faults and the request log (shared by every handler thread)

FAULT_KINDS = ("not_ready", "rate_limit", "plain_500", "truncate", "drop", "stall")
STALL_MAX_SECONDS = 60      # a stalled answer is closed after this long if the client has not closed it
STALL_POLL_SECONDS = 0.25   # how often a stalled handler looks at the clock (it wakes at once on EOF)
REQUEST_CLASSES = ("rows", "filter", "first-rows", "splits", "is-valid", "info", "size", "tree", "resolve", "cdn")
DEFAULT_MATCH = {"not_ready": ("rows", "filter")}
DEFAULT_MATCH_OTHER = ("rows", "filter", "resolve", "tree")


class State:
    def __init__(self, latency_ms):
        self.lock = threading.Lock()
        self.default_latency_ms = latency_ms
        self.latency_ms = latency_ms
        self.faults = []     # FIFO of dicts: kind, remaining, match, options
        self.log = []

    def control(self, body):
        """Applies a /_control body; raises ValueError with a message on a bad body."""
        if not isinstance(body, dict):
            raise ValueError("the body must be a JSON object")
        known = set(FAULT_KINDS) | {"reset", "latency_ms", "retry_after", "match", "truncate_at", "stall_at"}
        unknown = sorted(set(body) - known)
        if unknown:
            raise ValueError(f"unknown control key(s): {', '.join(unknown)}")
        match = body.get("match")
        if match is not None:
            if isinstance(match, str):
                match = [match]
            if not isinstance(match, list) or not match or any(m not in REQUEST_CLASSES for m in match):
                raise ValueError(f"match must be a list of: {', '.join(REQUEST_CLASSES)}")
        new = []
        for kind in body:
            if kind not in FAULT_KINDS:
                continue
            count = body[kind]
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise ValueError(f"{kind} must be a non-negative integer")
            if count:
                opts = {}
                if kind == "rate_limit":
                    ra = body.get("retry_after", 1)
                    if ra is not None and (not isinstance(ra, int) or isinstance(ra, bool) or ra < 0):
                        raise ValueError("retry_after must be a non-negative integer or null")
                    opts["retry_after"] = ra
                at = kind + "_at"
                if kind in ("truncate", "stall") and body.get(at) is not None:
                    ta = body[at]
                    if not isinstance(ta, int) or isinstance(ta, bool) or ta < 0:
                        raise ValueError(f"{at} must be a non-negative integer")
                    opts[at] = ta
                new.append({"kind": kind, "remaining": count,
                            "match": list(match or DEFAULT_MATCH.get(kind, DEFAULT_MATCH_OTHER)), **opts})
        latency = body.get("latency_ms")
        if latency is not None and (not isinstance(latency, (int, float)) or isinstance(latency, bool) or latency < 0):
            raise ValueError("latency_ms must be a non-negative number")
        with self.lock:
            if body.get("reset"):
                self.faults.clear()
                self.log.clear()
                self.latency_ms = self.default_latency_ms
            if latency is not None:
                self.latency_ms = latency
            self.faults.extend(new)
            return self._snapshot()

    def _snapshot(self):
        return {"latency_ms": self.latency_ms, "faults": [dict(f) for f in self.faults], "logged": len(self.log)}

    def snapshot(self):
        with self.lock:
            return self._snapshot()

    def arrive(self, entry, request_class):
        """Logs a request and takes the fault it gets, if any (both in arrival order)."""
        with self.lock:
            entry["seq"] = len(self.log)
            self.log.append(entry)
            fault = None
            if request_class is not None:
                for f in self.faults:
                    if request_class in f["match"]:
                        f["remaining"] -= 1
                        fault = dict(f)
                        if f["remaining"] == 0:
                            self.faults.remove(f)
                        break
            entry["fault"] = fault["kind"] if fault else None
            return fault, self.latency_ms

    def update(self, entry, **fields):
        with self.lock:
            entry.update(fields)

    def add_sent(self, entry, n):
        with self.lock:
            entry["sent"] += n

    def get_log(self):
        with self.lock:
            return [dict(e) for e in self.log]


# ------------------------------------------------------------------------------------------------
# The application: routes


def _split_repo_path(rest, marker):
    """rest = '{owner}/{name}/{marker}/{...}' (owner/name may also come as one %2F-encoded segment).
    Returns (repo_id, remaining raw segments) or None."""
    segs = rest.split("/")
    first = urllib.parse.unquote(segs[0])
    if "/" in first:
        repo_id, i = first, 1
    elif len(segs) >= 2:
        repo_id, i = first + "/" + urllib.parse.unquote(segs[1]), 2
    else:
        return None
    if len(segs) <= i or segs[i] != marker:
        return None
    return repo_id, segs[i + 1:]


class App:
    def __init__(self, state, dolly_rows=230, bench_parquet=None, verbose=False):
        self.state = state
        self.datasets, self.repos = build_catalogue(dolly_rows, bench_parquet, verbose)
        self.cdn_objects = {}
        for repo in self.repos.values():
            for rev in repo.revisions.values():
                for f in rev.files.values():
                    if f.lfs:
                        self.cdn_objects[f.sha256] = f
        self.main_port = None
        self.cdn_port = None
        # Answers of /rows and /filter by query and token: the data never changes, and building a
        # page of JSON costs the fake ~10 ms of a GIL-bound thread, which would cap a benchmark of
        # several clients in flight at the fake's speed instead of the client's.
        self.page_cache = {}
        self.page_cache_lock = threading.Lock()

    # -- auth

    @staticmethod
    def token(headers):
        value = headers.get("Authorization")
        if value is None:
            return None
        if value[:7].lower() == "bearer ":
            return value[7:].strip()
        return ""   # present but not a bearer token: invalid

    # -- viewer

    def viewer(self, route, params, headers):
        key = None
        if route in ("rows", "filter"):
            key = (route, tuple(sorted(params.items())), headers.get("Authorization"))
            with self.page_cache_lock:
                cached = self.page_cache.get(key)
            if cached is not None:
                return cached
        try:
            response = self._viewer(route, params, headers)
        except ViewerError as e:
            return e.response
        if key is not None and response.status == 200:
            with self.page_cache_lock:
                self.page_cache[key] = response
        return response

    @staticmethod
    def _param(params, name):
        v = params.get(name)
        return v if v is not None and v.strip() else None

    @staticmethod
    def _int_param(params, name, default):
        text = params.get(name)
        if text is None:
            return default
        try:
            value = int(text)
        except ValueError:
            raise ViewerError(viewer_error(422, "InvalidParameter", f"Parameter '{name}' must be integer"))
        if value < 0:
            raise ViewerError(viewer_error(422, "InvalidParameter", f"Parameter '{name}' must be positive"))
        if name == "length" and value > MAX_NUM_ROWS_PER_PAGE:
            raise ViewerError(viewer_error(422, "InvalidParameter",
                                           f"Parameter 'length' must not be greater than {MAX_NUM_ROWS_PER_PAGE}"))
        return value

    def _auth_dataset(self, dataset_id, headers):
        token = self.token(headers)
        ds = self.datasets.get(dataset_id)
        if token is not None and token not in VALID_TOKENS:
            raise ViewerError(viewer_error(401, "ExternalUnauthenticatedError", MSG_UNAUTHENTICATED))
        if ds is None or (ds.gated and not VALID_TOKENS.get(token, False)):
            if token is None:
                raise ViewerError(viewer_error(401, "ExternalUnauthenticatedError", MSG_UNAUTHENTICATED))
            raise ViewerError(viewer_error(404, "ExternalAuthenticatedError", MSG_AUTHENTICATED))
        return ds

    @staticmethod
    def _not_found():
        return ViewerError(viewer_error(404, "ResponseNotFound", "Not found."))

    def _config(self, ds, name):
        if name not in ds.configs:
            raise self._not_found()
        return ds.configs[name]

    def _split_rows(self, ds, config, split):
        c = self._config(ds, config)
        if split not in c.splits:
            raise self._not_found()
        return c, c.splits[split]

    @staticmethod
    def _features_list(features):
        return [{"feature_idx": i, "name": n, "type": t} for i, (n, t) in enumerate(features)]

    @staticmethod
    def _row_items(rows_with_idx):
        return [{"row_idx": i, "row": r, "truncated_cells": []} for i, r in rows_with_idx]

    def _viewer(self, route, params, headers):
        p = lambda name: self._param(params, name)
        if route in ("rows", "filter"):
            dataset, config, split = p("dataset"), p("config"), p("split")
            for name, value in (("dataset", dataset), ("config", config), ("split", split)):
                if value is None:
                    raise ViewerError(viewer_error(422, "MissingRequiredParameter", f"Parameter '{name}' is required"))
            where = orderby = None
            if route == "filter":
                where, orderby = params.get("where") or None, params.get("orderby") or None
                if where is not None and (SQL_INVALID_SYMBOLS.search(where) or not SQL_MATCH_WHERE.match(where)):
                    raise ViewerError(viewer_error(422, "InvalidParameter", MSG_WHERE))
                if orderby is not None and (SQL_INVALID_SYMBOLS.search(orderby) or not SQL_MATCH_ORDERBY.match(orderby)):
                    raise ViewerError(viewer_error(422, "InvalidParameter", MSG_ORDERBY))
            offset = self._int_param(params, "offset", 0)
            length = self._int_param(params, "length", MAX_NUM_ROWS_PER_PAGE)
            ds = self._auth_dataset(dataset, headers)
            if ds.unsupported:
                raise ViewerError(unsupported_error(ds))
            if route == "filter" and not ds.filter_ok:
                raise self._not_found()
            c, rows = self._split_rows(ds, config, split)
            if route == "rows":  # a slice, not the whole split: benchmarks ask for many pages
                page = [(offset + i, r) for i, r in enumerate(rows[offset:offset + length])]
                return viewer_json({"features": self._features_list(c.features), "rows": self._row_items(page),
                                    "num_rows_total": len(rows), "num_rows_per_page": MAX_NUM_ROWS_PER_PAGE,
                                    "partial": ds.partial}, revision=ds.sha)
            indexed = list(enumerate(rows))
            if route == "filter":
                try:
                    if where is not None:
                        keep = compile_where(where, c.features)
                        indexed = [(i, r) for i, r in indexed if keep(r)]
                    if orderby is not None:
                        key, desc = compile_orderby(orderby, c.features)
                        present = [(i, r) for i, r in indexed if key(r) is not None]
                        nulls = [(i, r) for i, r in indexed if key(r) is None]
                        present.sort(key=lambda ir: key(ir[1]), reverse=desc)
                        indexed = present + nulls   # DuckDB's default: NULLS LAST
                except InvalidQuery:
                    raise ViewerError(viewer_error(422, "InvalidParameter", MSG_QUERY_INVALID))
                except TypeError:   # e.g. ordering mixed types
                    raise ViewerError(viewer_error(422, "InvalidParameter", MSG_QUERY_INVALID))
            page = indexed[offset:offset + length]
            return viewer_json({"features": self._features_list(c.features), "rows": self._row_items(page),
                                "num_rows_total": len(indexed), "num_rows_per_page": MAX_NUM_ROWS_PER_PAGE,
                                "partial": ds.partial}, revision=ds.sha)

        # the api service's endpoints: the level comes from the parameters given
        dataset, config, split = p("dataset"), p("config"), p("split")
        levels = {"is-valid": ("dataset", "config", "split"), "splits": ("dataset", "config"),
                  "first-rows": ("split",), "info": ("dataset", "config"), "size": ("dataset", "config")}[route]
        if "split" in levels and (split is not None or levels == ("split",)):
            level = "split"
        elif "config" in levels and config is not None:
            level = "config"
        else:
            level = "dataset"
        missing = {"dataset": dataset is None,
                   "config": dataset is None or config is None,
                   "split": dataset is None or config is None or split is None}[level]
        if missing:
            message = {"dataset": "Parameter 'dataset' is required",
                       "config": "Parameters 'dataset' and 'config' are required",
                       "split": "Parameters 'dataset', 'config' and 'split' are required"}[level]
            raise ViewerError(viewer_error(422, "MissingRequiredParameter", message))
        ds = self._auth_dataset(dataset, headers)
        if ds.unsupported:   # nothing is computed for a script dataset, at any level
            if route == "is-valid" and ds.unsupported == "script":
                return viewer_json({"preview": False, "viewer": False, "search": False, "filter": False,
                                    "statistics": False}, revision=ds.sha)
            return unsupported_error(ds)
        configs = list(ds.configs.values()) if level == "dataset" else [self._config(ds, config)]
        if level == "split":
            self._split_rows(ds, config, split)

        if route == "is-valid":
            return viewer_json({"preview": True, "viewer": True, "search": ds.filter_ok, "filter": ds.filter_ok,
                                "statistics": True}, revision=ds.sha)
        if route == "splits":
            body = {"splits": [{"dataset": ds.id, "config": c.name, "split": s} for c in configs for s in c.splits]}
            if level == "dataset":
                body.update({"pending": [], "failed": []})
            return viewer_json(body, revision=ds.sha)
        if route == "first-rows":
            c, rows = self._split_rows(ds, config, split)
            return viewer_json({"dataset": ds.id, "config": c.name, "split": split,
                                "features": self._features_list(c.features),
                                "rows": self._row_items(list(enumerate(rows))[:MAX_NUM_ROWS_PER_PAGE]),
                                "truncated": len(rows) > MAX_NUM_ROWS_PER_PAGE}, revision=ds.sha)
        if route == "info":
            infos = {c.name: self._info(ds, c) for c in configs}
            if level == "dataset":
                return viewer_json({"dataset_info": infos, "pending": [], "failed": [], "partial": ds.partial},
                                   revision=ds.sha)
            return viewer_json({"dataset_info": infos[config], "partial": ds.partial}, revision=ds.sha)
        # size
        split_sizes = [self._split_size(ds, c, s) for c in configs for s in c.splits]
        config_sizes = []
        for c in configs:
            mine = [s for s in split_sizes if s["config"] == c.name]
            config_sizes.append({"dataset": ds.id, "config": c.name,
                                 "num_bytes_original_files": sum(c.original_bytes.values()),
                                 "num_bytes_parquet_files": sum(s["num_bytes_parquet_files"] for s in mine),
                                 "num_bytes_memory": sum(s["num_bytes_memory"] for s in mine),
                                 "num_rows": sum(s["num_rows"] for s in mine),
                                 "num_columns": len(c.features),
                                 "estimated_num_rows": _sum_or_none(s["estimated_num_rows"] for s in mine)})
        if level == "config":
            return viewer_json({"size": {"config": config_sizes[0], "splits": split_sizes}, "partial": ds.partial},
                               revision=ds.sha)
        total = {"dataset": ds.id}
        for k in ("num_bytes_original_files", "num_bytes_parquet_files", "num_bytes_memory", "num_rows"):
            total[k] = sum(c[k] for c in config_sizes)
        total["estimated_num_rows"] = _sum_or_none(c["estimated_num_rows"] for c in config_sizes)
        return viewer_json({"size": {"dataset": total, "configs": config_sizes, "splits": split_sizes},
                            "pending": [], "failed": [], "partial": ds.partial}, revision=ds.sha)

    @staticmethod
    def _split_size(ds, c, split):
        rows = c.splits[split]
        memory = sum(len(compact_json(r)) for r in rows)
        return {"dataset": ds.id, "config": c.name, "split": split, "num_bytes_parquet_files": c.parquet_bytes[split],
                "num_bytes_memory": memory, "num_rows": len(rows), "num_columns": len(c.features),
                "estimated_num_rows": ds.estimated_num_rows}

    def _info(self, ds, c):
        splits = {s: {"name": s, "num_bytes": self._split_size(ds, c, s)["num_bytes_memory"],
                      "num_examples": len(rows), "dataset_name": ds.id.split("/")[1]} for s, rows in c.splits.items()}
        size = sum(v["num_bytes"] for v in splits.values())
        return {"description": "", "citation": "", "homepage": "", "license": "",
                "features": {n: t for n, t in c.features}, "builder_name": c.builder_name,
                "dataset_name": ds.id.split("/")[1], "config_name": c.name,
                "version": {"version_str": "0.0.0", "major": 0, "minor": 0, "patch": 0},
                "splits": splits, "download_size": sum(c.original_bytes.values()), "dataset_size": size}

    # -- hub

    def _hub_repo(self, repo_id, headers):
        """The repository, or an error Response."""
        token = self.token(headers)
        if token is not None and token not in VALID_TOKENS:
            return hub_error(401, "Invalid credentials in Authorization header")
        repo = self.repos.get(repo_id)
        if repo is None:
            return hub_error(404, "Repository not found", "RepoNotFound")
        if repo.gated and not VALID_TOKENS.get(token, False):
            if token is None:
                return hub_error(401, f"Access to dataset {repo_id} is restricted. You must have access to it and "
                                      "be authenticated to access it. Please log in.", "GatedRepo")
            return hub_error(403, f"Access to dataset {repo_id} is restricted and you are not in the authorized "
                                  f"list. Visit https://huggingface.co/datasets/{repo_id} to ask for access.",
                             "GatedRepo")
        return repo

    @staticmethod
    def _rev_and_path(repo, segs):
        """Splits the raw segments after tree/ or resolve/ into a known revision and a path
        (either may contain %2F-encoded or raw slashes). Returns (revision or None, rev name, path)."""
        for k in range(len(segs), 0, -1):
            name = "/".join(urllib.parse.unquote(s) for s in segs[:k])
            if name in repo.revisions:
                path = "/".join(urllib.parse.unquote(s) for s in segs[k:])
                return repo.revisions[name], name, path.strip("/")
        return None, urllib.parse.unquote(segs[0]) if segs else "", ""

    def tree(self, raw_path, params, headers):
        parsed = _split_repo_path(raw_path[len("/api/datasets/"):], "tree")
        if parsed is None or not parsed[1] or not parsed[1][0]:
            return None
        repo_id, segs = parsed
        repo = self._hub_repo(repo_id, headers)
        if isinstance(repo, Response):
            return repo
        rev, rev_name, path = self._rev_and_path(repo, segs)
        if rev is None:
            return hub_error(404, f"Invalid rev id: {rev_name}", "RevisionNotFound")
        if path and path not in rev.dirs:
            return hub_error(404, f"Entry not found: {path} is not a directory in {repo_id}@{rev_name}"
                             if path in rev.files else "Entry not found", "EntryNotFound")
        recursive = params.get("recursive", "").lower() in ("true", "1")
        entries = rev.entries(path, recursive)
        if params.get("expand", "").lower() in ("true", "1"):
            for e in entries:
                e["lastCommit"] = {"id": rev.sha, "title": "Upload folder using huggingface_hub",
                                   "date": "2024-01-02T03:04:05.000Z"}
        start = 0
        if "cursor" in params:
            try:
                start = int(_unb64(params["cursor"])["offset"])
                assert 0 <= start <= len(entries)
            except Exception:
                return hub_error(400, "Invalid cursor")
        page = entries[start:start + TREE_PAGE_SIZE]
        extra = [("X-Repo-Commit", rev.sha)]
        if start + TREE_PAGE_SIZE < len(entries):
            query = [(k, v) for k, v in params.items() if k != "cursor"]
            query.append(("cursor", _b64({"offset": start + TREE_PAGE_SIZE})))
            url = f"http://127.0.0.1:{self.main_port}{raw_path}?{urllib.parse.urlencode(query)}"
            extra.append(("Link", f'<{url}>; rel="next"'))
        return Response(200, compact_json(page), "application/json; charset=utf-8", extra, compressible=True)

    def resolve(self, raw_path, headers):
        parsed = _split_repo_path(raw_path[len("/datasets/"):], "resolve")
        if parsed is None or not parsed[1]:
            return None
        repo_id, segs = parsed
        repo = self._hub_repo(repo_id, headers)
        if isinstance(repo, Response):
            return repo
        rev, rev_name, path = self._rev_and_path(repo, segs)
        if rev is None:
            return hub_error(404, f"Invalid rev id: {rev_name}", "RevisionNotFound")
        f = rev.files.get(path)
        if f is None:
            return hub_error(404, "Entry not found", "EntryNotFound")
        common = [("X-Repo-Commit", rev.sha), ("Accept-Ranges", "bytes")]
        if f.lfs:
            query = urllib.parse.urlencode([
                ("response-content-disposition", f"inline; filename*=UTF-8''{urllib.parse.quote(path.split('/')[-1])}"),
                ("Expires", CDN_EXPIRES), ("Signature", self.cdn_signature(f.sha256)), ("Key-Pair-Id", "KFAKEHUB")])
            location = f"http://127.0.0.1:{self.cdn_port}/repos/{f.sha256[:2]}/{f.sha256[2:4]}/{f.sha256}?{query}"
            body = f"Found. Redirecting to {location}".encode("ascii")
            return Response(302, body, "text/plain; charset=utf-8",
                            [("Location", location), ("ETag", f'"{f.git_oid}"'), ("X-Linked-Etag", f'"{f.sha256}"'),
                             ("X-Linked-Size", str(f.size))] + common)
        ctype = ("application/octet-stream" if path.endswith((".gz", ".zst", ".parquet"))
                 else "text/plain; charset=utf-8")
        return ranged(f.content, headers, ctype, [("ETag", f'"{f.git_oid}"')] + common)

    @staticmethod
    def cdn_signature(sha256):
        return hashlib.sha256(("fakehub-cdn:" + sha256).encode()).hexdigest()[:40]

    def cdn(self, raw_path, params, headers):
        m = re.fullmatch(r"/repos/[0-9a-f]{2}/[0-9a-f]{2}/([0-9a-f]{64})", raw_path)
        if not m or m.group(1) not in self.cdn_objects:
            return Response(404, b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
                                 b"<Message>The specified key does not exist.</Message></Error>", "application/xml")
        if params.get("Signature") != self.cdn_signature(m.group(1)) or params.get("Expires") != CDN_EXPIRES:
            return Response(403, b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                                 b"<Message>Access denied</Message></Error>", "application/xml")
        f = self.cdn_objects[m.group(1)]
        return ranged(f.content, headers, "application/octet-stream", [("ETag", f'"{f.sha256}"')])


def ranged(content, headers, ctype, extra):
    """200 with the content, or 206/416 for a 'Range: bytes=N-[M]' request. Other forms (suffix
    ranges, several ranges) and invalid ones (M < N) are ignored: 200, as RFC 9110 allows."""
    spec = headers.get("Range")
    m = re.fullmatch(r"bytes=(\d+)-(\d*)", spec.strip()) if spec else None
    if m and not (m.group(2) and int(m.group(2)) < int(m.group(1))):
        size = len(content)
        first = int(m.group(1))
        last = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
        if first >= size:
            return Response(416, b"", ctype, [("Content-Range", f"bytes */{size}")] + extra)
        return Response(206, content[first:last + 1], ctype, [("Content-Range", f"bytes {first}-{last}/{size}")] + extra)
    return Response(200, content, ctype, extra)


# ------------------------------------------------------------------------------------------------
# HTTP

VIEWER_ROUTES = {"/is-valid": "is-valid", "/splits": "splits", "/rows": "rows", "/filter": "filter",
                 "/first-rows": "first-rows", "/info": "info", "/size": "size"}


class Handler(http.server.BaseHTTPRequestHandler):
    # Headers and body go out in separate writes; with Nagle's algorithm the body would wait
    # for the client's delayed ACK (40 ms), a stall no real server adds.
    disable_nagle_algorithm = True
    protocol_version = "HTTP/1.1"
    def version_string(self):
        return "fakehub/1"

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("fakehub %s: %s\n" % (self.server.role, fmt % args))

    def do_GET(self):
        self._handle()

    def do_HEAD(self):
        self._handle()

    def do_POST(self):
        self._handle()

    def _classify(self, raw_path):
        if self.server.role == "cdn":
            return "cdn"
        if raw_path in VIEWER_ROUTES:
            return VIEWER_ROUTES[raw_path]
        if raw_path.startswith("/api/datasets/") and "/tree/" in raw_path:
            return "tree"
        if raw_path.startswith("/datasets/") and "/resolve/" in raw_path:
            return "resolve"
        return None

    def _handle(self):
        app, state = self.server.app, self.server.state
        raw_path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body_in = self.rfile.read(length) if length > 0 else b""
        params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))

        if self.server.role == "main" and raw_path in ("/_control", "/_log"):
            self._send(self._control(raw_path, body_in))
            return

        auth = self.headers.get("Authorization")
        token = auth[7:].strip() if auth is not None and auth[:7].lower() == "bearer " else None
        entry = {"seq": None, "method": self.command, "port": self.server.role, "path": raw_path, "query": query,
                 "params": params, "authorization": auth is not None,
                 "authorization_prefix": auth[:6] if auth is not None else None,
                 "token_prefix": token[:6] if token is not None else None,
                 "range": self.headers.get("Range"), "fault": None, "status": None, "sent": 0}
        request_class = self._classify(raw_path)
        fault, latency_ms = state.arrive(entry, request_class)
        if latency_ms:
            time.sleep(latency_ms / 1000.0)
        kind = fault["kind"] if fault else None
        if kind == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return

        if kind == "not_ready":
            resp = viewer_error(500, "ResponseNotReady", MSG_NOT_READY)
        elif kind == "rate_limit":
            bucket = "resolvers" if request_class in ("resolve", "cdn") else "api"
            t = fault.get("retry_after")
            headers = [("RateLimit", f'"{bucket}";r=0;t={t if t is not None else 1}'),
                       ("RateLimit-Policy", f'"fixed window";"{bucket}";q={3000 if bucket == "resolvers" else 500};w=300')]
            if t is not None:
                headers.append(("Retry-After", str(t)))
            resp = Response(429, compact_json({"error": "too many requests"}), "application/json", headers)
        elif kind == "plain_500":
            resp = plain_500()
        else:
            try:
                resp = self._route(app, request_class, raw_path, params)
            except Exception:   # a bug in the fake: say so loudly, answer like a crashed server
                import traceback
                traceback.print_exc()
                resp = plain_500()
        self._send(resp, cut=fault if kind in ("truncate", "stall") else None, entry=entry)

    def _route(self, app, request_class, raw_path, params):
        if self.server.role == "cdn":
            return app.cdn(raw_path, params, self.headers)
        resp = None
        if request_class in VIEWER_ROUTES.values():
            resp = app.viewer(request_class, params, self.headers)
        elif request_class == "tree":
            resp = app.tree(raw_path, params, self.headers)
        elif request_class == "resolve":
            resp = app.resolve(raw_path, self.headers)
        return resp or Response(404, NGINX_404, "text/html")

    def _control(self, raw_path, body_in):
        state = self.server.state
        if raw_path == "/_log":
            return Response(200, compact_json(state.get_log()), "application/json")
        if self.command == "GET":
            return Response(200, compact_json(state.snapshot()), "application/json")
        try:
            body = json.loads(body_in.decode("utf-8") or "{}")
            snapshot = state.control(body)
        except (ValueError, UnicodeDecodeError) as e:
            return Response(400, compact_json({"error": str(e)}), "application/json")
        return Response(200, compact_json({"ok": True, **snapshot}), "application/json")

    def _send(self, resp, cut=None, entry=None):
        """Sends resp. cut: a truncate or stall fault, which sends only part of the body. entry:
        the log entry, whose status and sent (body bytes written) this keeps up to date."""
        body = resp.body
        headers = list(resp.headers)
        accept = self.headers.get("Accept-Encoding", "")
        if resp.compressible and body and re.search(r"\bgzip\b", accept):
            body = gzip.compress(body, compresslevel=1, mtime=0)  # cheap: benchmarks measure the client
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        if entry is not None:
            self.server.state.update(entry, status=resp.status)
        self.send_response(resp.status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if cut and cut["kind"] == "truncate":
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        if not cut:
            self._write(body, entry)
            return
        # the real headers and Content-Length, then part of the body (never all of it)
        at = cut.get(cut["kind"] + "_at", len(body) // 2)
        self._write(body[:min(at, max(len(body) - 1, 0))], entry)
        if cut["kind"] == "stall":
            self._stall()
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _write(self, data, entry):
        """Writes data to the socket. The log counts the bytes before they go, so that a client
        that has received them finds them in the log; a failed write takes back what did not go."""
        state = self.server.state
        if entry is not None:
            state.add_sent(entry, len(data))
        view, done = memoryview(data), 0
        try:
            while done < len(view):
                done += self.connection.send(view[done:done + 65536])
        finally:
            if entry is not None and done < len(view):
                state.add_sent(entry, done - len(view))

    def _stall(self):
        """Sends nothing more and waits until the client closes the connection (EOF or reset) or
        STALL_MAX_SECONDS pass."""
        deadline = time.monotonic() + STALL_MAX_SECONDS
        poller = select.poll()   # not select.select: no FD_SETSIZE limit when many connections are open
        poller.register(self.connection, select.POLLIN)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                if poller.poll(min(left, STALL_POLL_SECONDS) * 1000):
                    if not self.connection.recv(65536):   # EOF; anything else the client sends is dropped
                        return
            except OSError:   # reset
                return


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # the default 5 drops connections when many requests are in flight

    def __init__(self, role, app, state, verbose):
        super().__init__(("127.0.0.1", 0), Handler)
        self.role, self.app, self.state, self.verbose = role, app, state, verbose

    def handle_error(self, request, client_address):
        # broken pipes and resets from clients that give up are expected in fault tests
        if self.verbose:
            super().handle_error(request, client_address)


def main(argv=None):
    ap = argparse.ArgumentParser(description="A local fake of the Hugging Face dataset viewer and Hub file APIs.")
    ap.add_argument("--latency-ms", type=float, default=0.0, help="sleep this long before every answer")
    ap.add_argument("--verbose", action="store_true", help="log requests and handler errors to stderr")
    ap.add_argument("--dolly-rows", type=int, default=230, help="rows of the dolly dataset (benchmarks want more)")
    ap.add_argument("--bench-parquet", type=int, metavar="ROWS_PER_GROUP",
                    help=f"serve {BENCH_REPO}: {BENCH_FILE} of {BENCH_ROW_GROUPS} row groups of this many rows")
    args = ap.parse_args(argv)
    if args.bench_parquet is not None and args.bench_parquet < 1:
        ap.error("--bench-parquet needs a positive number of rows per row group")

    state = State(args.latency_ms)
    app = App(state, args.dolly_rows, args.bench_parquet, args.verbose)
    main_srv = Server("main", app, state, args.verbose)
    cdn_srv = Server("cdn", app, state, args.verbose)
    app.main_port, app.cdn_port = main_srv.server_address[1], cdn_srv.server_address[1]

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (main_srv, cdn_srv)]
    for t in threads:
        t.start()

    sys.stdout.write(f"{app.main_port} {app.cdn_port}\n")
    sys.stdout.flush()
    # nothing else goes to stdout: the reader (often a FIFO) may be gone
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)

    while not stop.wait(3600):
        pass
    for s in (main_srv, cdn_srv):
        s.shutdown()
        s.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
