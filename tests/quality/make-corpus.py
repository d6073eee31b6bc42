#!/usr/bin/env python3
"""Writes a deterministic JSONL corpus for seed-filter's quality rules (tests/cli/seed-filter-quality.bats).

Usage: make-corpus.py [--seed N] [--part all|prose|code|c4-empty] [-o FILE]
       make-corpus.py [--seed N] --split DIR     (DIR/prose.jsonl, DIR/code.jsonl, DIR/c4-empty.jsonl)

Records ("id" says what each is for; every record has "text", "source" and "id", code records
also "language", "lang" or "path"):
  clean-prose-K   English prose that passes every rule of --gopher-repetition, --gopher-quality,
                  --c4-lines and --fineweb with the defaults, already in C4's form (seed-filter
                  keeps it byte for byte); some with emoji, accents, a line of Japanese, \\u escapes
  rewrite-K       prose that passes them all but that --c4-lines rewrites (CRLF, blank lines,
                  trailing spaces, citations, menu lines, javascript and policy lines, a long token)
  plant-RULE-K    a record that fails RULE and passes every rule before it (the first failing
                  rule drops a record), for every rule of those sets but c4-empty; "plant-empty-1"
                  has an empty text
  clean-code-K    code that passes every rule of --code-quality
  plant-RULE-K    for each rule of --code-quality, code that fails it first
  plant-c4-empty-K (part c4-empty) prose of which C4 keeps no line: dropped by c4-empty when
                  --c4-min-sentences is 0 or c4-min-sentences is disabled

Part "prose" is the prose records in the order above, "code" the code records, "c4-empty" the
c4-empty records; "all" all of them. Every record is checked against tests/quality/reference.py
while it is made (each plant fails exactly its rule first, clean records pass unchanged).
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402

NL_SETS = ["gopher-repetition", "gopher-quality", "c4-lines", "fineweb"]
NL = reference.Options(sets=NL_SETS)
CODE = reference.Options(sets=["code-quality"])
C4_EMPTY = reference.Options(sets=NL_SETS, disable=["c4-min-sentences"])

COMMON = """
river mountain garden window morning evening village market letter bridge station forest winter summer
teacher student doctor painter farmer sailor writer engine machine kitchen table chair basket lantern
harbor castle tower island meadow valley desert ocean country city street corner road path journey
story history answer question reason method result change moment season weather thunder rain cloud
silver golden bright quiet gentle rapid narrow ancient modern simple careful honest clever patient
walked carried opened closed painted built watched followed noticed listened answered remembered
gathered crossed climbed reached finished started visited repaired measured counted explained
bread cheese apple orange coffee butter honey salt pepper paper pencil ribbon blanket pillow
friend neighbor family cousin uncle sister brother mother father child people crowd stranger
slowly quickly softly loudly early late often rarely almost nearly always sometimes never again
yellow purple green black white brown crimson velvet marble copper stone wooden glass iron
music dance song poem picture painting drawing sketch map chart clock calendar diary
café naïve résumé façade jalapeño piñata über
""".split()
FUNCTION = """a the of and to in that with be have on for is it was as at by from or an this are not
but his her they we you he she its our their""".split()
STOP = ["the", "be", "to", "of", "and", "that", "have", "with"]
FUNCTION_NO_STOP = [w for w in FUNCTION if w not in STOP]
LONG = """extraordinary magnificent conversation neighborhood wonderfully architecture
responsibility independence comfortable experimental understanding photographer
instrumental philosophical international celebration construction
environmental unforgettable temperatures significantly mathematician
""".split()
LONGISH = """remarkable travellers discovered beautiful mountains northward carefully gathered
important documents yesterday wandering musicians performed countless delightful evenings
generous merchants exchanged colourful materials secretly collected forgotten treasures
curious scientists examined peculiar specimens patiently observed migrating butterflies
talented engineers designed elaborate machinery""".split()
EMOJI = ["😀", "🎉", "👍", "🌧️", "🚲", "☕", "🌍", "✨"]
JAPANESE = ["今日は天気がとても良いです。", "私は毎朝コーヒーを飲みます。", "東京の駅はいつも人が多いです。",
            "彼女は図書館で本を読んでいました。", "明日は友達と山に登る予定です。", "この町には古い寺がたくさんあります。",
            "子供たちは公園で元気に遊んでいます。", "新しい店が駅の近くに開きました。", "昨日の夜は雨が強く降りました。",
            "日本語の勉強は難しいですが楽しいです。", "猫が窓のそばで静かに寝ています。", "春になると桜の花が咲きます。"]
CHINESE = ["我们明天早上去公园散步。", "这本书非常有意思。", "他每天坐地铁上班。", "今年夏天特别热。",
           "妈妈在厨房做饭。", "学校旁边有一家小书店。", "孩子们在河边放风筝。", "老师给我们讲了一个故事。",
           "火车晚上八点到达北京。", "这个城市的冬天很长。"]
RUSSIAN = ["Вчера вечером мы долго гуляли по старому парку.", "Осенью листья медленно падают на землю.",
           "Бабушка испекла вкусный пирог для внуков.", "Поезд прибыл на вокзал точно по расписанию.",
           "Маленькая собака весело бегала вокруг дома.", "Зимой здесь бывает очень холодно и снежно.",
           "Студенты внимательно слушали нового преподавателя.", "Рыбаки рано утром вышли в открытое море.",
           "Художник нарисовал красивый портрет девушки.", "Летом мы часто купаемся в тёплой реке.",
           "Инженеры построили новый мост через реку.", "Дети собирали грибы и ягоды в лесу."]
SYLLABLES = [c + v for c in "bcdfghjklmnpqrstvwxz" for v in "aeiou"]


class Maker:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.used = set()

    # ---- words and sentences

    def pseudo(self, syllables=2):
        """A made-up word used nowhere else in the corpus."""
        for _ in range(1000):
            w = "".join(self.rng.choice(SYLLABLES) for _ in range(syllables))
            if w not in self.used:
                self.used.add(w)
                return w
        raise SystemExit("make-corpus.py: out of made-up words")

    def word(self, stop=True):
        r = self.rng.random()
        if r < 0.3:
            return self.rng.choice(FUNCTION if stop else FUNCTION_NO_STOP)
        return self.rng.choice(COMMON)

    def sentence(self, n=None, stop=True, end=None):
        n = n or self.rng.randint(8, 14)
        ws = [self.word(stop) for _ in range(n)]
        if n > 6 and self.rng.random() < 0.4:
            k = self.rng.randint(2, n - 3)
            ws[k] += ","
        s = " ".join(ws)
        return s[0].upper() + s[1:] + (end or self.rng.choice(".!?" if self.rng.random() < 0.3 else "."))

    def line(self, stop=True):
        return " ".join(self.sentence(stop=stop) for _ in range(self.rng.randint(1, 2)))

    def lines(self, n, stop=True):
        return [self.line(stop) for _ in range(n)]

    # ---- checking

    def first_failure(self, text, opts=NL, extra=None):
        rec = {"text": text, **(extra or {})}
        return reference.evaluate(rec, opts)

    def make(self, want, build, opts=NL, extra=None, tries=60):
        """A text from build() whose first failing rule is `want` (None: passes, unchanged)."""
        for _ in range(tries):
            text = build()
            ev = self.first_failure(text, opts, extra)
            if want is None and ev.rule is None and ev.text is None:
                return text
            if want == "rewrite" and ev.rule is None and ev.text is not None:
                return text
            if want is not None and ev.rule == want:
                return text
        raise SystemExit(f"make-corpus.py: could not make a record for {want}: last got {ev.rule} "
                         f"{ev.value}\n{text[:400]!r}")


def clean_prose(m, k):
    """Clean English prose in C4's form: 5..10 lines, sometimes emoji, a Japanese line."""
    def build():
        ls = m.lines(m.rng.randint(5, 10))
        if k % 3 == 1:
            i = m.rng.randrange(len(ls))
            ws = ls[i].split(" ")
            ws.insert(m.rng.randint(1, len(ws) - 1), m.rng.choice(EMOJI))
            ls[i] = " ".join(ws)
        if k % 4 == 2:
            ls.insert(m.rng.randint(1, len(ls)), m.rng.choice(JAPANESE) + m.rng.choice(JAPANESE))
        if k % 5 == 3:
            ls.insert(m.rng.randint(1, len(ls)), "She said: “" + m.sentence() + "”")
        return "\n".join(ls)
    return m.make(None, build)


def rewrite_prose(m, k):
    def build():
        ls = m.lines(m.rng.randint(6, 9))
        if k == 1:  # CRLF line breaks and a final one
            return "\r\n".join(ls) + "\r\n"
        if k == 2:  # paragraphs, indentation, trailing white space
            return "  " + ls[0] + "   \n" + "\n".join(ls[1:3]) + "\n\n\n" + "\t" + "\n".join(ls[3:]) + " \n \n"
        if k == 3:  # menu, javascript, policy, few words, citations
            out = ["Home | About | Contact", ls[0], ls[1] + "[12]", "[1] " + ls[2],
                   "Please enable JavaScript in your browser to see the map.", ls[3] + "[citation needed]",
                   "By using this site you accept our Terms of Use and the rules.", "Thanks.", ls[4] + " [edit]"]
            return "\n".join(out + ls[5:])
        if k == 4:  # a token longer than 1000 chars
            return "\n".join(ls[:3] + ["The separator " + "=" * 1001 + " comes next."] + ls[3:])
        if k == 5:  # CRLF, blank lines, an ellipsis line, a line without punctuation
            return "\r\n".join(ls[:3] + ["", "To be continued...", "Chapter two", ""] + ls[3:])
        return "\n".join(ls) + "\n"  # a final line break
    return m.make("rewrite", build)


# ---- the prose plants: for each rule, builders of texts that fail it first


def plants_prose(m):
    p = {}
    lines = m.lines

    def dup_paragraphs(crlf):
        def build():
            a, b = lines(2), lines(2)
            return ("\r\n" if crlf else "\n").join(a + [""] + b + [""] + a)
        return build
    p["gopher-dup-paragraphs"] = [dup_paragraphs(False), dup_paragraphs(True)]

    def dup_paragraph_chars():
        a = "\n".join(lines(4))
        return "\n\n".join([a, m.line(), m.line(), m.line(), a])
    p["gopher-dup-paragraph-chars"] = [dup_paragraph_chars, dup_paragraph_chars]

    def dup_lines():
        ls = [m.sentence() for _ in range(6)]
        return "\n".join(ls + ls[:3])
    p["gopher-dup-lines"] = [dup_lines, dup_lines]

    def dup_line_chars():
        long = " ".join(m.sentence() for _ in range(3))
        ls = [m.sentence(6) for _ in range(8)]
        return "\n".join(ls[:2] + [long] + ls[2:6] + [long] + ls[6:])
    p["gopher-dup-line-chars"] = [dup_line_chars, dup_line_chars]

    def repeated_gram(gram, every):
        def build():
            out = []
            for _ in range(6):
                ws = [m.rng.choice(COMMON) for _ in range(every)]
                ws.insert(m.rng.randint(1, every - 1), gram)
                s = " ".join(ws)
                out.append(s[0].upper() + s[1:] + ".")
            return "\n".join(out)
        return build
    p["gopher-top-2-gram"] = [repeated_gram("green tea and green tea", 4), repeated_gram("green tea", 2)]
    p["gopher-top-3-gram"] = [repeated_gram("big red elephants", 8), repeated_gram("big red elephants", 9)]
    p["gopher-top-4-gram"] = [repeated_gram("very old wooden bridges", 13), repeated_gram("very old wooden bridges", 14)]

    def wrap(ws, width):
        out = []
        for i in range(0, len(ws), width):
            out.append(" ".join(ws[i:i + width]) + ".")
        return "\n".join(out)

    def dup5():
        seq = [m.pseudo(3) for _ in range(30)]
        ws = [m.pseudo(3) for _ in range(7)] + seq + [m.pseudo(3) for _ in range(50)] + seq + [m.pseudo(3) for _ in range(9)]
        return wrap(ws, 12)
    p["gopher-dup-5-grams"] = [dup5, dup5]

    def dup_blocks(n, first_filler):
        """Five blocks of n words (the last one long), each twice, between words used once;
        each try puts one more word between blocks, until only the n-gram rule fails."""
        tries = iter(range(first_filler, 100))

        def build():
            filler = next(tries)
            blocks = [[m.pseudo(2) for _ in range(n - 1)] + [m.pseudo(5)] for _ in range(5)]
            ws = []
            for b in blocks:
                ws += [m.pseudo(3) for _ in range(filler)] + b
            for b in blocks:
                ws += [m.pseudo(3) for _ in range(filler)] + b
            return wrap(ws + [m.pseudo(3) for _ in range(3)], 11)
        return build
    for n in range(6, 11):
        p[f"gopher-dup-{n}-grams"] = [dup_blocks(n, 2), dup_blocks(n, 5)]

    p["gopher-min-words"] = [lambda: "\n".join(lines(2)), lambda: m.sentence(20) + "\n" + m.sentence(25)]

    def cjk_long(crlf):
        def build():
            ls = []
            for _ in range(2001):
                ls.append("".join(chr(m.rng.randint(0x4E00, 0x9FA5)) for _ in range(45))
                          + "".join(chr(m.rng.randint(0x3041, 0x3093)) for _ in range(5)) + "。")
            return ("\r\n" if crlf else "\n").join(ls)
        return build
    p["gopher-max-words"] = [cjk_long(False), cjk_long(True)]

    def japanese():
        return "\n".join(m.rng.sample(JAPANESE, 8))

    def chinese():
        ss = m.rng.sample(CHINESE, 10)
        return "".join(ss[:5]) + "\n" + "".join(ss[5:])

    def tiny_words():
        ws = ["".join(m.rng.choice("abcdefghijklmnoprstuvw") for _ in range(m.rng.randint(1, 2))) for _ in range(70)]
        return wrap(ws, 10)
    p["gopher-min-mean-word-length"] = [japanese, chinese, tiny_words]

    def long_words():
        out = []
        for _ in range(7):
            ws = [m.rng.choice(LONG) for _ in range(8)] + ["the"]
            m.rng.shuffle(ws)
            s = " ".join(ws)
            out.append(s[0].upper() + s[1:] + ".")
        return "\n".join(out)
    p["gopher-max-mean-word-length"] = [long_words, long_words]

    def insert_every(tokens_, every, make_token):
        out = []
        for i, t in enumerate(tokens_):
            out.append(t)
            if i % every == every - 1:
                out.append(make_token())
        return out

    def hashtags():
        ls = []
        for _ in range(6):
            ws = m.sentence(10).split(" ")
            ws = insert_every(ws[:-1], 4, lambda: "#" + m.rng.choice(COMMON)) + ws[-1:]
            ls.append(" ".join(ws))
        return "\n".join(ls)
    p["gopher-hash-ratio"] = [hashtags, hashtags]

    def ellipses(mark):
        def build():
            ls = []
            for _ in range(6):
                ws = m.sentence(10).split(" ")
                for k in (3, 7):
                    ws[k] += mark
                ls.append(" ".join(ws))
            return "\n".join(ls)
        return build
    p["gopher-ellipsis-ratio"] = [ellipses("..."), ellipses("\u2026")]

    def bullets(mark):
        return lambda: "\n".join(mark + " " + s for s in lines(8))
    p["gopher-bullet-lines"] = [bullets("-"), bullets("\u2022"), bullets("*")]

    def ellipsis_lines(mark):
        def build():
            ls = [m.sentence(12) for _ in range(10)]
            for k in (1, 4, 6, 8):
                ls[k] = ls[k][:-1] + mark
            return "\n".join(ls)
        return build
    p["gopher-ellipsis-lines"] = [ellipsis_lines("..."), ellipsis_lines("\u2026 ")]

    def numbers():
        ls = []
        for _ in range(6):
            ws = [m.rng.choice(COMMON) for _ in range(5)] + [str(m.rng.randint(100, 99999)) for _ in range(5)]
            m.rng.shuffle(ws)
            ls.append("In " + str(m.rng.randint(1900, 2024)) + " " + ", ".join(ws) + ".")
        return "\n".join(ls)

    def emoji():
        ls = []
        for _ in range(6):
            ws = m.sentence(12).split(" ")
            ls.append(" ".join(insert_every(ws, 2, lambda: m.rng.choice(EMOJI))))
        return "\n".join(ls)
    p["gopher-alpha-tokens"] = [numbers, emoji]

    p["gopher-stop-words"] = [lambda: "\n".join(m.line(stop=False) for _ in range(6)),
                              lambda: "\n".join(m.rng.sample(RUSSIAN, 8))]

    def with_line(special, at=None):
        def build():
            ls = lines(6)
            ls.insert(m.rng.randint(0, 6) if at is None else at, special)
            return "\n".join(ls)
        return build
    p["c4-lorem-ipsum"] = [with_line("Lorem ipsum dolor sit amet, consectetur adipiscing elit."),
                           with_line("He typed LOREM IPSUM into every empty field of the form.")]

    def curly_then_lorem():
        ls = lines(6)
        ls.insert(2, "Write {name} in the first field of the form.")
        ls.insert(4, "Lorem ipsum dolor sit amet, consectetur adipiscing elit.")
        return "\n".join(ls)
    p["c4-curly-bracket"] = [with_line("Use the template {title} for the page heading."), curly_then_lorem]

    def few_sentences(headings):
        def build():
            ls = [m.sentence(m.rng.randint(15, 18), end=".") for _ in range(4 - bool(headings))]
            for _ in range(headings):
                ls.insert(m.rng.randint(0, len(ls)), " ".join(m.rng.choice(COMMON) for _ in range(4)).title())
            return "\n".join(ls)
        return build
    p["c4-min-sentences"] = [few_sentences(0), few_sentences(4)]

    def quoted_lines():
        quotes = [("\"", "\""), ("“", "”"), ("«", "»")]
        ls = []
        for _ in range(7):
            o, c = m.rng.choice(quotes)
            ls.append(m.sentence(8, end=":") + " " + o + m.sentence(4, end=".") + " " + m.sentence(9)[:-1] + c)
        ls.insert(3, "彼は言った「" + m.rng.choice(JAPANESE) + "」")
        return "\n".join(ls)
    p["fineweb-punct-lines"] = [quoted_lines, quoted_lines]

    def short_lines():
        ls = []
        while len(ls) < 12:
            s = m.sentence(m.rng.randint(4, 5), end=".")
            if len(s) <= 30 and s not in ls:
                ls.append(s)
        return "\n".join(ls)
    p["fineweb-short-lines"] = [short_lines, short_lines]

    def dup_one_line(blank):
        def build():
            ls = lines(14)
            ls.insert(m.rng.randint(8, 14), ls[m.rng.randint(0, 5)])
            if blank:
                ls.insert(7, "")
            return "\n".join(ls)
        return build
    p["fineweb-dup-chars"] = [dup_one_line(False), dup_one_line(True)]

    def newlines():
        ls = []
        while len(ls) < 20:
            s = " ".join(m.rng.choice(LONGISH) for _ in range(3))
            s = s[0].upper() + s[1:] + "."
            if len(s) > 30 and s not in ls:
                ls.append(s)
        for _ in range(4):  # lines without punctuation, removed by C4
            ls.insert(m.rng.randint(0, len(ls)), " ".join(m.word() for _ in range(16)))
        return "\n".join(ls)
    p["fineweb-newlines"] = [newlines, newlines]
    return p


def plants_c4_empty(m):
    def build():
        return "\n".join(m.sentence(12)[:-1] for _ in range(6))

    def headings():
        return "\n".join(m.sentence(12)[:-1] + " -" for _ in range(6))
    return [build, headings]


# ---- code

def py_function(m, comments=True, docstring=True):
    name = m.rng.choice(["parse", "load", "merge", "render"]) + "_" + m.rng.choice(COMMON[:40])
    out = [f"def {name}(items, limit=10):"]
    if docstring:
        out.append(f'    """{m.sentence(8)}"""')
    if comments:
        out.append(f"    # {m.sentence(6)}")
    out += ["    result = []", "    for item in items:", "        if len(result) >= limit:", "            break",
            f'        result.append(item.strip() + "{m.rng.choice(COMMON)}")', "    return result", ""]
    return out


def c_function(m, comments=True):
    name = m.rng.choice(["count", "scan", "hash", "copy"]) + "_" + m.rng.choice(COMMON[:40])
    out = []
    if comments:
        out.append(f"/* {m.sentence(7)} */")
    out += [f"static int {name}(const char *s, int n) {{", "    int total = 0;",
            "    for (int i = 0; i < n; ++i) {"]
    if comments:
        out.append("        // count the letters, not the marks")
    out += ["        if (s[i] != '/' && s[i] != '\"') total += s[i];", "    }",
            '    printf("see http://example.com/%d\\n", total);', "    return total;", "}", ""]
    return out


def clean_code(m):
    """(builder, extra fields) for each clean code record."""
    r = []
    r.append((lambda: "\n".join(py_function(m) + py_function(m, docstring=False)), {"language": "python"}))
    r.append((lambda: "import os\n\n" + "\n".join(py_function(m, comments=False)), {"language": "Python"}))
    r.append((lambda: "#include <stdio.h>\n\n" + "\n".join(c_function(m) + c_function(m, False)), {"lang": "C"}))
    r.append((lambda: "\r\n".join(c_function(m) + c_function(m)), {"path": "src/scan.cpp"}))
    r.append((lambda: "#!/bin/sh\n# " + m.sentence(6) + "\nset -e\nif [ $# -eq 0 ]; then\n  echo \"usage: $0 FILE # not a comment\"\n"
              "  exit 2\nfi\nfor f in \"$@\"; do\n  wc -l \"$f\"  # count lines\ndone\n", {"path": "tools/run.sh"}))
    r.append((lambda: "// " + m.sentence(6) + "\r\nconst url = 'http://example.com/a';\r\nconst t = `multi\r\n// not a comment\r\nline`;\r\n"
              "export function get(id) {\r\n  return fetch(url + id); // the request\r\n}\r\n", {"language": "JavaScript"}))
    r.append((lambda: "-- " + m.sentence(6) + "\nSELECT name, count(*) AS n\nFROM items\nWHERE note <> '-- not a comment'\n"
              "GROUP BY name\nORDER BY n DESC;\n", {"lang": "SQL"}))
    r.append((lambda: '<?xml version="1.0" encoding="UTF-8"?>\n<!-- ' + m.sentence(5) + ' -->\n<config>\n  <item name="a">1</item>\n'
              '  <item name="b">2</item>\n</config>\n', {"language": "XML"}))
    r.append((lambda: '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<!-- ' + m.sentence(5)
              + ' -->\n<dict>\n  <key>Name</key>\n  <string>demo</string>\n</dict>\n</plist>\n', {"language": "plist"}))
    r.append((lambda: ";; " + m.sentence(6) + "\n(defun greet (name)\n  \"Say hello; not a comment.\"\n  (format t \"Hello ~a~%\" name))\n"
              "(greet #\\;)\n", {"path": "lisp/greet.el"}))
    r.append((lambda: "% " + m.sentence(6) + "\n\\section{Results}\nWe measured 50\\% of the runs.\n\\begin{itemize}\n"
              "  \\item first % a remark\n  \\item second\n\\end{itemize}\n", {"path": "paper/main.tex"}))
    r.append((lambda: "       IDENTIFICATION DIVISION.\n       PROGRAM-ID. HELLO.\n       PROCEDURE DIVISION.\n"
              "           DISPLAY 'HELLO WORLD'.\n           STOP RUN.\n", {"language": "COBOL"}))  # comments not measured

    # Comment syntax corners: markers inside strings, lifetimes, prefixes, long brackets, nesting.
    r.append((lambda: "// " + m.sentence(5) + "\nfn longest<'a>(x: &'a str, y: &'a str) -> &'a str {\n"
              "    let url = \"http://example.com/*x*/\"; // the site\n    if x.len() > y.len() { x } else { y }\n}\n",
              {"path": "src/lib.rs"}))
    r.append((lambda: "import re\n\n\nclass Pattern:\n    rb\"\"\"" + m.sentence(6) + "\"\"\"\n\n"
              "    TEMPLATE = \"\"\"not a docstring # nor a comment\"\"\"\n    HASH = 'a # b'  # a real comment\n"
              "    ESCAPED = \"say \\\"#\\\" twice\"\n\n    def match(self, s):\n        return re.match(r'\\d+#', s)\n",
              {"language": "python"}))
    r.append((lambda: "--[==[ " + m.sentence(5) + "\n]] still inside ]==]\nlocal t = {-1, 2} -- a table\n"
              "print(\"-- no comment\", t[1])\n--[[ short ]] print('x')\n", {"lang": "Lua"}))
    r.append((lambda: "{- outer {- inner -} still outer -}\nmodule Main where\n\nmain :: IO ()\n"
              "main = print [x | x <- [1..10], x /= 3] -- the list\n", {"language": "Haskell"}))
    r.append((lambda: "# " + m.sentence(5) + "\ndef greet(name)\n  puts \"#{name} # not a comment\"  # greeting\n"
              "  puts 'it''s $# fine'\nend\n", {"path": "lib/greet.rb"}))
    r.append((lambda: "% " + m.sentence(5) + "\na = b'; % transpose\ns = 'it''s 50% done'; % ok\n"
              "disp(s)\n", {"language": "MATLAB"}))
    r.append((lambda: "package main\n\n// " + m.sentence(5) + "\nvar raw = `first\n// not a comment\nlast`\n\n"
              "/* block\n   comment */\nfunc main() { println(raw) }\n", {"lang": "Go"}))
    r.append((lambda: "# Title\n\n<!-- " + m.sentence(5) + " -->\nSome text with `code` and a [link](http://x.y).\n",
              {"path": "docs/README.md"}))

    def long_line():
        data = ", ".join(str(m.rng.randint(100, 999)) for _ in range(200))[:990]
        return "\n".join(py_function(m) + ["TABLE = [" + data.rsplit(",", 1)[0] + "]"] + py_function(m) * 2)
    r.append((long_line, {"language": "python"}))

    def exactly_1000():
        line = "X = '" + "ab" * 497 + "'"
        return "\n".join(py_function(m) * 3 + [line])
    r.append((exactly_1000, {"language": "python"}))

    def marker_on_line_6():
        return "\n".join(["# " + m.sentence(5) for _ in range(5)] + ["# do not edit the list below by hand"]
                         + py_function(m))
    r.append((marker_on_line_6, {"language": "python"}))
    return r


def plants_code(m):
    p = {}

    def long_line(n, lang_field, crlf=False):
        def build():
            body = c_function(m) if lang_field != "language" else py_function(m)
            line = "X = '" + "ab" * ((n - 6) // 2) + "b" * (n % 2) + "'"  # n chars
            return ("\r\n" if crlf else "\n").join(body[:3] + [line] + body[3:])
        return build
    p["code-max-line-length"] = [(long_line(1001, "language"), {"language": "python"}),
                                 (long_line(1600, "lang", True), {"lang": "c"}),
                                 (lambda: "function f(a){return a.map(x=>x*2)}" * 40 + "\n", {"path": "dist/app.min.js"})]

    def wide(language):
        def build():
            out = ["# " + m.sentence(8)]
            for _ in range(12):
                out.append("result = compute(" + ", ".join(f"{m.rng.choice(COMMON)}_{i}=value_{i}" for i in range(6)) + ")")
            return "\n".join(out)
        return build
    p["code-mean-line-length"] = [(wide("python"), {"language": "python"}), (wide("python"), {"path": "gen/wide.py"})]

    def art():
        out = ["# " + m.sentence(5)]
        for _ in range(10):
            out.append("#   +----+----+----+----+   " + m.rng.choice(["|", "||", "|  |"]))
        out.append("x = 1")
        return "\n".join(out)

    def spaces():
        return "\n".join("        " * m.rng.randint(1, 3) + m.rng.choice(["{", "}", "};", "})", "});"]) for _ in range(30)) \
            + "\n// " + m.sentence(4) + "\n"
    p["code-alnum"] = [(art, {"language": "python"}), (spaces, {"lang": "javascript"})]

    p["code-min-comments"] = [
        (lambda: "\n".join(py_function(m, comments=False, docstring=False) * 2), {"language": "python"}),
        (lambda: "\n".join(c_function(m, comments=False) * 2), {"lang": "C"}),
        (lambda: "set -e\nif [ $# -gt 1 ]; then\n  echo \"${#1} chars # not a comment\"\nfi\nexit 0\n", {"path": "bin/count.sh"}),
    ]

    def license_header():
        body = "\n".join(" * " + m.sentence(10) for _ in range(12))
        return "/*\n" + body + "\n */\nint main(void) { return 0; }\n"

    def docstrings():
        out = ['"""' + "\n".join(m.sentence(10) for _ in range(8)) + '"""', "# " + m.sentence(10),
               "x = 1", "    r'''" + m.sentence(12) + "'''", "# " + m.sentence(12)]
        return "\n".join(out) + "\n"
    p["code-max-comments"] = [(license_header, {"lang": "c"}), (docstrings, {"language": "python"})]

    p["code-xml-header"] = [
        (lambda: "TEMPLATE = '<?xml version=\"1.0\"?>'  # the header\n" + "\n".join(py_function(m)), {"language": "python"}),
        (lambda: "// " + m.sentence(4) + "\nString h = \"<?xml version=\\\"1.0\\\"?>\";\n" + "\n".join(c_function(m)),
         {"path": "src/Main.java"}),
    ]
    p["code-autogenerated"] = [
        (lambda: "// Code generated by protoc-gen-go. DO NOT EDIT.\n" + "\n".join(c_function(m)), {"language": "go"}),
        (lambda: "# " + m.sentence(4) + "\n# This file was automatically generated; changes are lost.\n"
         + "\n".join(py_function(m)), {"language": "python"}),
        (lambda: "\n".join(["# " + m.sentence(5) for _ in range(4)] + ["# AUTO-GENERATED by make, do not change"]
                           + py_function(m)), {"path": "build/config.py"}),
    ]
    return p


# ---- the corpus


def record(text, id_, source, extra=None, escaped=False):
    rec = {"text": text, "source": source, **(extra or {}), "id": id_}
    return json.dumps(rec, ensure_ascii=escaped, separators=(",", ":"))


def corpus(seed):
    m = Maker(seed)
    prose, code, c4_empty = [], [], []
    for k in range(1, 21):
        prose.append(record(clean_prose(m, k), f"clean-prose-{k}", "prose", escaped=k % 6 == 5))
    for k in range(1, 7):
        prose.append(record(rewrite_prose(m, k), f"rewrite-{k}", "prose"))
    prose.append(record("", "plant-empty-1", "prose"))
    for rule, builders in plants_prose(m).items():
        for k, build in enumerate(builders, 1):
            prose.append(record(m.make(rule, build), f"plant-{rule}-{k}", "prose", escaped=k == 2 and rule == "gopher-stop-words"))
    for k, build in enumerate(plants_c4_empty(m), 1):
        c4_empty.append(record(m.make("c4-empty", build, C4_EMPTY), f"plant-c4-empty-{k}", "prose"))
    for k, (build, extra) in enumerate(clean_code(m), 1):
        code.append(record(m.make(None, build, CODE, extra), f"clean-code-{k}", "code", extra))
    for rule, builders in plants_code(m).items():
        for k, (build, extra) in enumerate(builders, 1):
            code.append(record(m.make(rule, build, CODE, extra), f"plant-{rule}-{k}", "code", extra))
    return {"prose": prose, "code": code, "c4-empty": c4_empty}


def main():
    ap = argparse.ArgumentParser(description="Write the quality-rule test corpus.")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--part", choices=["all", "prose", "code", "c4-empty"], default="all")
    ap.add_argument("-o", dest="output")
    ap.add_argument("--split", metavar="DIR", help="write each part to DIR/PART.jsonl")
    a = ap.parse_args()
    parts = corpus(a.seed)
    if a.split:
        for name, lines in parts.items():
            with open(os.path.join(a.split, name + ".jsonl"), "w", encoding="utf-8", newline="") as f:
                f.writelines(line + "\n" for line in lines)
        return
    lines = parts["prose"] + parts["code"] + parts["c4-empty"] if a.part == "all" else parts[a.part]
    out = open(a.output, "w", encoding="utf-8", newline="") if a.output else sys.stdout
    with out:
        for line in lines:
            out.write(line + "\n")


if __name__ == "__main__":
    main()
