#!/usr/bin/env python3
"""An independent implementation of seed-filter's quality measures (seed-filter(1), QUALITY
MEASURES; the contract of issue 8), for the tests to check the C++ against.

Written from the specification in Python 3's standard library only; character classes come
from unicodedata (Unicode 14.0 with Python 3.11). It favours plain definitions over speed.

As a program it reads JSONL records (FILEs in order, stdin when none or "-") and writes one
line per record that seed-filter would write: the object seed-filter --annotate adds as the
record's "quality" member, same keys, order and numbers. The rule-set and threshold options
are seed-filter's:

    reference.py --gopher-repetition --gopher-quality --c4-lines --fineweb --code-quality corpus.jsonl

With --verdicts it writes instead, for each record, what seed-filter without --annotate does
with it: {"kept":true} plus "text" when C4 rewrote it, or the "rejected_by" object
({"rule":"gopher-min-words","value":23,"threshold":50}).

As a module: tokens(), split_lines(), the measure_* functions, c4_clean(), Options and
evaluate() (one record's verdict and measures), format_number().
"""

import argparse
import functools
import json
import re
import sys
import unicodedata
from decimal import Decimal

# ---------------------------------------------------------------------------------------------
# Characters

# Unicode's White_Space property (Python's str.isspace also takes U+001C..U+001F; these do not).
WHITE_SPACE = frozenset([0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028,
                         0x2029, 0x202F, 0x205F, 0x3000])

# Each character of these ranges that is a letter is a word by itself (CJK ideographs, Hiragana).
IDEOGRAPHIC = [(0x3040, 0x309F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF)]

JOINERS = frozenset("'\u2019.,-")  # kept inside a word between two word characters

TERMINAL = frozenset(".!?\u2026\u203c\u2047\u2048\u2049\u3002\uff01\uff1f\uff61\uff0e\u061f\u06d4\u0964\u0965\u1362")
CLOSING_QUOTES = frozenset("\"'\u201d\u2019\u00bb\u300d\u300f")
BULLETS = frozenset("-*\u2022\u2023\u25e6\u2043\u2219\u25aa\u25cf")


def is_space(ch):
    return ord(ch) in WHITE_SPACE


def _class_of(cp):
    """One letter per class: S white space, I ideograph (a word by itself), L letter, M mark,
    N number, C connector punctuation (word characters), J a joiner, O control/format/unassigned
    (kept inside a word it follows: a zero width joiner counts as part of the word), P any other
    punctuation or symbol."""
    if cp in WHITE_SPACE:
        return "S"
    ch = chr(cp)
    cat = unicodedata.category(ch)
    if cat[0] == "L":
        return "I" if any(lo <= cp <= hi for lo, hi in IDEOGRAPHIC) else "L"
    if cat[0] == "M":
        return "M"
    if cat[0] == "N":
        return "N"
    if cat == "Pc":
        return "C"
    if ch in JOINERS:
        return "J"
    if cat[0] in "PS":
        return "P"
    return "O"


class _Classes(dict):
    def __missing__(self, cp):
        c = self[cp] = _class_of(cp)
        return c


_CLASSES = _Classes()


def classes(text):
    """The class letters of `text`, one per character."""
    return text.translate(_CLASSES)


def is_letter(ch):
    return unicodedata.category(ch)[0] == "L"


def is_alnum(ch):
    return unicodedata.category(ch)[0] in "LN"


def strip(s):
    i, j = 0, len(s)
    while i < j and is_space(s[i]):
        i += 1
    while j > i and is_space(s[j - 1]):
        j -= 1
    return s[i:j]


def rstrip(s):
    j = len(s)
    while j > 0 and is_space(s[j - 1]):
        j -= 1
    return s[:j]


def ascii_lower(s):
    return s.translate(_ASCII_LOWER)


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


@functools.lru_cache(maxsize=None)
def fold(word):
    """Case folding for stop words: the simple lower case of ASCII, Latin-1, Latin Extended-A,
    Greek and Cyrillic capitals (final sigma as sigma); other characters as they are."""
    out = []
    for ch in word:
        cp = ord(ch)
        if cp == 0x130:
            out.append("i")
        elif cp == 0x3C2:
            out.append("\u03c3")
        elif cp < 0x180 or 0x386 <= cp <= 0x3AB or 0x400 <= cp <= 0x42F:
            low = ch.lower()
            out.append(low if len(low) == 1 else ch)
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Tokens and lines

# A symbol run takes the marks and format characters after it: an emoji and its variation
# selector ("🌧️") or skin tone is one symbol, not a symbol and a word of marks.
_TOKEN = re.compile(r"I|[LMNC](?:[LMNCO]|J(?=[LMNC]))*|[JOP][JOPM]*")


class Token:
    __slots__ = ("text", "word", "has_letter")

    def __init__(self, text, word, has_letter):
        self.text, self.word, self.has_letter = text, word, has_letter

    def __repr__(self):
        return f"Token({self.text!r}, word={self.word})"


@functools.lru_cache(maxsize=16)  # the measures of one text split it several times
def tokens(text):
    """Words (runs of word characters with inner joiners; each ideograph alone) and symbol
    tokens (runs of other non-space characters, with the marks that follow them), in order."""
    cls = classes(text)
    out = []
    for m in _TOKEN.finditer(cls):
        kind = m.group()
        out.append(Token(text[m.start():m.end()], kind[0] not in "JOP", "L" in kind or kind == "I"))
    return tuple(out)


def words(text):
    return [t.text for t in tokens(text) if t.word]


def split_lines(text):
    """(start, end) of each line; "\\r" before "\\n" belongs to the break; a final break starts
    no line."""
    out = []
    start = 0
    n = len(text)
    while start < n:
        nl = text.find("\n", start)
        if nl < 0:
            out.append((start, n))
            break
        end = nl - 1 if nl > start and text[nl - 1] == "\r" else nl
        out.append((start, end))
        start = nl + 1
    return out


def lines(text):
    return [text[a:b] for a, b in split_lines(text)]


def is_blank(line):
    return all(is_space(c) for c in line)


def ratio(part, whole):
    return part / whole if whole else 0.0


# ---------------------------------------------------------------------------------------------
# Gopher quality

ENGLISH_STOP_WORDS = ["the", "be", "to", "of", "and", "that", "have", "with"]


def measure_gopher_quality(text, stop_words=ENGLISH_STOP_WORDS):
    toks = tokens(text)
    ws = [t.text for t in toks if t.word]
    folded = {fold(w) for w in stop_words}
    ls = lines(text)
    bullets = 0
    ellipsis_lines = 0
    for line in ls:
        s = strip(line)
        if s and s[0] in BULLETS:
            bullets += 1
        if s.endswith("...") or s.endswith("\u2026"):
            ellipsis_lines += 1
    return {
        "gopher_words": len(ws),
        "gopher_mean_word_length": ratio(sum(len(w) for w in ws), len(ws)),
        "gopher_hash_ratio": ratio(text.count("#"), len(ws)),
        "gopher_ellipsis_ratio": ratio(text.count("...") + text.count("\u2026"), len(ws)),
        "gopher_bullet_lines": ratio(bullets, len(ls)),
        "gopher_ellipsis_lines": ratio(ellipsis_lines, len(ls)),
        "gopher_alpha_tokens": ratio(sum(1 for t in toks if t.has_letter), len(toks)),
        "gopher_stop_words": sum(1 for w in ws if fold(w) in folded),
    }


# ---------------------------------------------------------------------------------------------
# Gopher repetition


def paragraphs(text):
    """The paragraphs: from the first non-blank line's start to the last one's end, split at
    runs of blank lines."""
    out = []
    current = None
    for a, b in split_lines(text):
        if is_blank(text[a:b]):
            if current:
                out.append(text[current[0]:current[1]])
            current = None
        elif current:
            current[1] = b
        else:
            current = [a, b]
    if current:
        out.append(text[current[0]:current[1]])
    return out


def duplicates(pieces):
    """(number of pieces equal to an earlier one, their chars)."""
    seen = set()
    n = chars = 0
    for p in pieces:
        if p in seen:
            n += 1
            chars += len(p)
        else:
            seen.add(p)
    return n, chars


def top_ngram(ws, n, chars):
    if len(ws) < n:
        return 0.0
    counts = {}
    for i in range(len(ws) - n + 1):
        g = tuple(ws[i:i + n])
        counts[g] = counts.get(g, 0) + 1
    best, best_count = None, 0
    for g, c in counts.items():  # first occurrence order: ties go to the earlier n-gram
        if c > best_count:
            best, best_count = g, c
    return ratio(best_count * (sum(len(w) for w in best) + n - 1), chars)


def duplicated_ngrams(ws, n, chars):
    seen = set()
    total = 0
    i = 0
    while i + n <= len(ws):
        g = tuple(ws[i:i + n])
        if g in seen:
            total += sum(len(w) for w in g)
            i += n
        else:
            seen.add(g)
            i += 1
    return ratio(total, chars)


def measure_gopher_repetition(text):
    chars = len(text)
    paras = paragraphs(text)
    dup_p, dup_p_chars = duplicates(paras)
    nonblank = [line for line in lines(text) if not is_blank(line)]
    dup_l, dup_l_chars = duplicates(nonblank)
    ws = words(text)
    out = {
        "gopher_dup_paragraphs": ratio(dup_p, len(paras)),
        "gopher_dup_paragraph_chars": ratio(dup_p_chars, chars),
        "gopher_dup_lines": ratio(dup_l, len(nonblank)),
        "gopher_dup_line_chars": ratio(dup_l_chars, chars),
    }
    for n in (2, 3, 4):
        out[f"gopher_top_{n}_gram"] = top_ngram(ws, n, chars)
    for n in range(5, 11):
        out[f"gopher_dup_{n}_grams"] = duplicated_ngrams(ws, n, chars)
    return out


# ---------------------------------------------------------------------------------------------
# FineWeb


def measure_fineweb(text, short_line_length=30):
    nonblank = [line for line in lines(text) if not is_blank(line)]
    punct = sum(1 for line in nonblank if rstrip(line)[-1] in TERMINAL)
    short = sum(1 for line in nonblank if len(line) <= short_line_length)
    _, dup_chars = duplicates(nonblank)
    breaks = text.count("\n")
    break_chars = breaks + text.count("\r\n")
    return {
        "fineweb_punct_lines": ratio(punct, len(nonblank)),
        "fineweb_short_lines": ratio(short, len(nonblank)),
        "fineweb_dup_chars": ratio(dup_chars, len(text) - break_chars),
        "fineweb_newlines": ratio(breaks, len(words(text))),
    }


# ---------------------------------------------------------------------------------------------
# C4

C4_LINE_RULES = ["long-word", "no-terminal-punct", "few-words", "javascript", "policy"]
POLICY = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"]
_CITATION = re.compile(r"\[[0-9]*\]|\[edit\]|\[citation needed\]")


def count_sentences(line):
    """Runs of terminal punctuation, closing quotes allowed after them, before white space or
    the end of the line."""
    n = 0
    state = False  # after terminal punctuation (and maybe closing quotes)
    for ch in line + " ":
        if ch in TERMINAL:
            state = True
        elif is_space(ch):
            n += state
            state = False
        elif not (state and ch in CLOSING_QUOTES):
            state = False
    return n


class C4Result:
    def __init__(self):
        self.lorem_ipsum = False
        self.curly_bracket = False
        self.sentences = 0
        self.kept = []
        self.removed = dict.fromkeys(C4_LINE_RULES, 0)

    @property
    def text(self):
        return "\n".join(self.kept)


def c4_clean(text, min_words_per_line=3, max_word_length=1000, disabled=(), stop_lorem=False, stop_curly=False):
    """C4's line cleaning. `disabled`: names of line rules turned off. stop_*: end at the first
    line with lorem ipsum / a curly bracket (the record is dropped then)."""
    r = C4Result()
    for raw in lines(text):
        line = strip(raw)
        if not line:
            continue
        if "long-word" not in disabled and any(len(t.text) > max_word_length for t in tokens(line)):
            r.removed["long-word"] += 1
            continue
        # The spec says "then trailing white space removed again"; its own "the kept lines
        # (trimmed, citations removed)" and seed-filter(1) trim both ends, as taken here.
        line = strip(_CITATION.sub("", line))
        terminal = bool(line) and not (line.endswith("...") or line.endswith("\u2026")) and (
            line[-1] in TERMINAL or line[-1] in CLOSING_QUOTES)
        if not terminal and "no-terminal-punct" not in disabled:
            r.removed["no-terminal-punct"] += 1
            continue
        if len(words(line)) < min_words_per_line and "few-words" not in disabled:
            r.removed["few-words"] += 1
            continue
        lower = ascii_lower(line)
        if "lorem ipsum" in lower:
            r.lorem_ipsum = True
            if stop_lorem:
                return r
        if "javascript" in lower and "javascript" not in disabled:
            r.removed["javascript"] += 1
            continue
        if "{" in line:
            r.curly_bracket = True
            if stop_curly:
                return r
        if any(p in lower for p in POLICY) and "policy" not in disabled:
            r.removed["policy"] += 1
            continue
        r.sentences += count_sentences(line)
        r.kept.append(line)
    return r


# ---------------------------------------------------------------------------------------------
# Code

# Comment syntax families by language name (lower case), as code_quality.hpp lists them.
FAMILIES = {
    "c": ("actionscript apex c c# c++ cpp csharp css cuda d dart glsl go golang groovy hlsl java javascript js jsx "
          "kotlin less objc objective-c objective-c++ php protobuf rust sass scala scss solidity swift "
          "systemverilog ts tsx typescript verilog zig").split() + ["protocol buffer"],
    "python": "cython py python python3 starlark".split(),
    "hash": ("awk bash cmake coffeescript crystal dockerfile elixir fish graphql julia make makefile nim nix perl "
             "powershell r raku rb ruby sh shell tcl toml yaml yml zsh").split(),
    "dash": "ada agda elm haskell idris lua plpgsql plsql purescript sql tsql vhdl".split(),
    "percent": "erlang latex matlab octave postscript prolog tex".split(),
    "semicolon": "asm assembly clojure clojurescript elisp lisp nasm racket scheme".split()
                 + ["common lisp", "emacs lisp"],
    "markup": "html markdown md plist svelte svg vue wsdl xaml xhtml xml xsd xsl xslt".split(),
}
FAMILY_OF = {name: family for family, names in FAMILIES.items() for name in names}

# File names and extensions (compared as written) to language names.
FILE_NAMES = {"Makefile": "makefile", "GNUmakefile": "makefile", "makefile": "makefile", "Dockerfile": "dockerfile",
              "CMakeLists.txt": "cmake", "Gemfile": "ruby", "Rakefile": "ruby"}
EXTENSIONS = {
    "C": "cpp", "R": "r", "S": "assembly", "adb": "ada", "ads": "ada", "asm": "assembly", "bash": "bash", "c": "c",
    "c++": "cpp", "cc": "cpp", "cjs": "javascript", "clj": "clojure", "cljc": "clojure", "cljs": "clojurescript",
    "cmake": "cmake", "coffee": "coffeescript", "cpp": "cpp", "cs": "c#", "css": "css", "cts": "typescript",
    "cu": "cuda", "cxx": "cpp", "dart": "dart", "el": "emacs lisp", "elm": "elm", "erl": "erlang", "ex": "elixir",
    "exs": "elixir", "go": "go", "gradle": "groovy", "groovy": "groovy", "h": "c", "h++": "cpp", "hh": "cpp",
    "hpp": "cpp", "hrl": "erlang", "hs": "haskell", "htm": "html", "html": "html", "hxx": "cpp", "ipp": "cpp",
    "java": "java", "jl": "julia", "js": "javascript", "jsx": "javascript", "kt": "kotlin", "kts": "kotlin",
    "less": "less", "lisp": "lisp", "lsp": "lisp", "lua": "lua", "m": "objective-c", "markdown": "markdown",
    "md": "markdown", "mjs": "javascript", "mk": "makefile", "mm": "objective-c++", "mts": "typescript", "nim": "nim",
    "php": "php", "pl": "perl", "plist": "plist", "pm": "perl", "proto": "protobuf", "ps1": "powershell",
    "py": "python", "pyi": "python", "pyx": "cython", "r": "r", "rb": "ruby", "rkt": "racket", "rs": "rust",
    "s": "assembly", "sass": "sass", "scala": "scala", "scm": "scheme", "scss": "scss", "sh": "shell",
    "sol": "solidity", "sql": "sql", "sv": "systemverilog", "svelte": "svelte", "svg": "svg", "swift": "swift",
    "tex": "tex", "toml": "toml", "ts": "typescript", "tsx": "tsx",
}
# The spec names xml, xslt, svg, xaml, xsd, wsdl and html; the C++ adds the other XML formats
# (plist, xhtml, xsl), which is taken as right here (see the report of the tests).
XML_LIKE = frozenset("xml xslt svg xaml xsd wsdl html plist xhtml xsl".split())


def language_of_path(path):
    name = path.rsplit("/", 1)[-1]
    if name in FILE_NAMES:
        return FILE_NAMES[name]
    dot = name.rfind(".")
    if dot <= 0:
        return ""
    return EXTENSIONS.get(name[dot + 1:], "")


def record_language(record):
    for key in ("language", "lang"):
        if isinstance(record.get(key), str):
            return record[key]
    for key in ("path", "max_stars_repo_path"):
        if isinstance(record.get(key), str):
            return language_of_path(record[key])
    return ""


_LONG_BRACKET = re.compile(r"\[(=*)\[")  # Lua's --[[ and --[==[


class _Scanner:
    """Counts the chars inside comments, markers included."""

    def __init__(self, text):
        self.t = text
        self.n = len(text)
        self.chars = 0

    def at(self, i):
        return self.t[i] if i < self.n else ""

    def add(self, a, b):
        self.chars += b - a

    def line_comment(self, i):
        end = self.t.find("\n", i)
        if end < 0:
            end = self.n
        elif self.t[end - 1] == "\r":
            end -= 1
        self.add(i, end)
        return end

    def block(self, i, body, close):
        k = self.t.find(close, body)
        end = self.n if k < 0 else k + len(close)
        self.add(i, end)
        return end

    def escaped(self, i):
        k = i
        while k > 0 and self.t[k - 1] == "\\":
            k -= 1
        return (i - k) % 2 == 1

    def string(self, i, spans_lines):
        """Where scanning goes on after the quote at i: past the string's closing quote; for a
        string that must end on its line and does not, right after the quote; a string that
        may span lines and is left open runs to the end of the text."""
        q = self.t[i]
        j = i + 1
        while j < self.n:
            c = self.t[j]
            if c == q:
                return j + 1
            if c == "\\":
                j += 3 if self.t[j + 1:j + 3] == "\r\n" else 2
                continue
            if c == "\n" and not spans_lines:
                return i + 1
            j += 1
        return self.n if spans_lines else i + 1

    def scan(self, family):
        getattr(self, "scan_" + family)()
        return self.chars

    def scan_c(self):
        t, i = self.t, 0
        while i < self.n:
            c = t[i]
            if c == "/" and self.at(i + 1) == "/":
                i = self.line_comment(i)
            elif c == "/" and self.at(i + 1) == "*":
                i = self.block(i, i + 2, "*/")
            elif c in "\"'":
                i = self.string(i, False)
            elif c == "`":
                i = self.string(i, True)
            else:
                i += 1

    def scan_python(self):
        t, i = self.t, 0
        while i < self.n:
            c = t[i]
            if c == "#":
                i = self.line_comment(i)
            elif c in "\"'" and t[i:i + 3] == c * 3:
                j = i + 3
                end = self.n
                while j < self.n:
                    if t[j] == "\\":
                        j += 2
                    elif t[j:j + 3] == c * 3:
                        end = j + 3
                        break
                    else:
                        j += 1
                start = i
                while start > 0 and i - start < 2 and t[start - 1] in "rRbBuUfF":
                    start -= 1
                k = start
                while k > 0 and t[k - 1] in " \t":
                    k -= 1
                if k == 0 or t[k - 1] == "\n":
                    self.add(start, end)
                i = end
            elif c in "\"'":
                i = self.string(i, False)
            else:
                i += 1

    def scan_hash(self):
        t, i = self.t, 0
        while i < self.n:
            c = t[i]
            before = t[i - 1] if i > 0 else " "
            if c == "#":
                i = self.line_comment(i) if before in " \t\n\r\f\v;" else i + 1
            elif c == "'" and before.isascii() and before.isalnum():
                i += 1
            elif c in "\"'":
                i = self.string(i, True)
            else:
                i += 1

    def scan_dash(self):
        t, i = self.t, 0
        while i < self.n:
            c = t[i]
            if c == "-" and self.at(i + 1) == "-":
                m = _LONG_BRACKET.match(t, i + 2)
                if m:
                    close = "]" + m.group(1) + "]"
                    i = self.block(i, m.end(), close)
                else:
                    i = self.line_comment(i)
            elif c == "{" and self.at(i + 1) == "-" and (i + 2 == self.n or t[i + 2] in " \t\n\r\f\v-|#"):
                depth, j = 1, i + 2
                while j < self.n:
                    if t[j:j + 2] == "{-":
                        depth += 1
                        j += 2
                    elif t[j:j + 2] == "-}":
                        depth -= 1
                        j += 2
                        if depth == 0:
                            break
                    else:
                        j += 1
                self.add(i, min(j, self.n))
                i = j
            elif c in "\"'":
                i = self.string(i, False)
            else:
                i += 1

    def scan_percent(self):
        t, i = self.t, 0
        while i < self.n:
            c = t[i]
            before = t[i - 1] if i > 0 else " "
            if c not in "%\"'":
                i += 1
            elif self.escaped(i):
                i += 1
            elif c == "%":
                i = self.line_comment(i)
            elif c == "'" and ((before.isascii() and before.isalnum()) or before in "_)]}.'"):
                i += 1
            else:
                i = self.string(i, False)

    def scan_semicolon(self):
        t, i = self.t, 0
        while i < self.n:
            c = t[i]
            if c == "'":
                i += 3 if self.at(i + 2) == "'" and self.at(i + 1) not in ("\n", "") else 1
            elif c not in ";\"":
                i += 1
            elif self.escaped(i):
                i += 1
            elif c == ";":
                i = self.line_comment(i)
            else:
                i = self.string(i, True)

    def scan_markup(self):
        i = self.t.find("<!--")
        while i >= 0:
            i = self.t.find("<!--", self.block(i, i + 4, "-->"))


def comment_chars(text, family):
    return _Scanner(text).scan(family)


GENERATED_MARKERS = ["auto-generated", "autogenerated", "automatically generated", "generated automatically",
                     "do not edit", "code generated by"]


def measure_code(text, language):
    ls = lines(text)
    lengths = [len(line) for line in ls]
    family = FAMILY_OF.get(language.lower())
    head = "\n".join(text.split("\n")[:5])
    xml_at = text.find("<?xml version=")
    return {
        "code_max_line_length": max(lengths, default=0),
        "code_mean_line_length": ratio(sum(lengths), len(lengths)),
        "code_alnum": ratio(sum(map(classes(text).count, "LIN")), len(text)),
        "code_comments": None if family is None else ratio(comment_chars(text, family), len(text)),
        "code_xml_header": 0 <= xml_at < 100 and language.lower() not in XML_LIKE,
        "code_autogenerated": any(m in ascii_lower(head) for m in GENERATED_MARKERS),
    }


# ---------------------------------------------------------------------------------------------
# Rules

# name, set, option, measure, bound ("min", "max", "flag"), kind ("count", "fraction", "number",
# "flag"), default threshold: the table of the specification, in rule order.
RULES = [
    ("gopher-dup-paragraphs", "gopher-repetition", "gopher-max-dup-paragraphs", "gopher_dup_paragraphs", "max",
     "fraction", 0.3),
    ("gopher-dup-paragraph-chars", "gopher-repetition", "gopher-max-dup-paragraph-chars", "gopher_dup_paragraph_chars",
     "max", "fraction", 0.2),
    ("gopher-dup-lines", "gopher-repetition", "gopher-max-dup-lines", "gopher_dup_lines", "max", "fraction", 0.3),
    ("gopher-dup-line-chars", "gopher-repetition", "gopher-max-dup-line-chars", "gopher_dup_line_chars", "max",
     "fraction", 0.2),
    *[(f"gopher-top-{n}-gram", "gopher-repetition", f"gopher-max-top-{n}-gram", f"gopher_top_{n}_gram", "max",
       "fraction", t) for n, t in ((2, 0.20), (3, 0.18), (4, 0.16))],
    *[(f"gopher-dup-{n}-grams", "gopher-repetition", f"gopher-max-dup-{n}-grams", f"gopher_dup_{n}_grams", "max",
       "fraction", t) for n, t in ((5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10))],
    ("gopher-min-words", "gopher-quality", "gopher-min-words", "gopher_words", "min", "count", 50),
    ("gopher-max-words", "gopher-quality", "gopher-max-words", "gopher_words", "max", "count", 100000),
    ("gopher-min-mean-word-length", "gopher-quality", "gopher-min-mean-word-length", "gopher_mean_word_length", "min",
     "number", 3),
    ("gopher-max-mean-word-length", "gopher-quality", "gopher-max-mean-word-length", "gopher_mean_word_length", "max",
     "number", 10),
    ("gopher-hash-ratio", "gopher-quality", "gopher-max-hash-ratio", "gopher_hash_ratio", "max", "number", 0.1),
    ("gopher-ellipsis-ratio", "gopher-quality", "gopher-max-ellipsis-ratio", "gopher_ellipsis_ratio", "max", "number",
     0.1),
    ("gopher-bullet-lines", "gopher-quality", "gopher-max-bullet-lines", "gopher_bullet_lines", "max", "fraction", 0.9),
    ("gopher-ellipsis-lines", "gopher-quality", "gopher-max-ellipsis-lines", "gopher_ellipsis_lines", "max",
     "fraction", 0.3),
    ("gopher-alpha-tokens", "gopher-quality", "gopher-min-alpha-tokens", "gopher_alpha_tokens", "min", "fraction",
     0.8),
    ("gopher-stop-words", "gopher-quality", "gopher-min-stop-words", "gopher_stop_words", "min", "count", 2),
    ("c4-lorem-ipsum", "c4-lines", None, "c4_lorem_ipsum", "flag", "flag", None),
    ("c4-curly-bracket", "c4-lines", None, "c4_curly_bracket", "flag", "flag", None),
    ("c4-min-sentences", "c4-lines", "c4-min-sentences", "c4_sentences", "min", "count", 5),
    ("c4-empty", "c4-lines", None, "c4_lines_kept", "min", "count", 1),
    ("fineweb-punct-lines", "fineweb", "fineweb-min-punct-lines", "fineweb_punct_lines", "min", "fraction", 0.12),
    ("fineweb-short-lines", "fineweb", "fineweb-max-short-lines", "fineweb_short_lines", "max", "fraction", 0.67),
    ("fineweb-dup-chars", "fineweb", "fineweb-max-dup-chars", "fineweb_dup_chars", "max", "fraction", 0.01),
    ("fineweb-newlines", "fineweb", "fineweb-max-newlines-per-word", "fineweb_newlines", "max", "number", 0.3),
    ("code-max-line-length", "code-quality", "code-max-line-length", "code_max_line_length", "max", "count", 1000),
    ("code-mean-line-length", "code-quality", "code-max-mean-line-length", "code_mean_line_length", "max", "number",
     100),
    ("code-alnum", "code-quality", "code-min-alnum", "code_alnum", "min", "fraction", 0.25),
    ("code-min-comments", "code-quality", "code-min-comments", "code_comments", "min", "fraction", 0.01),
    ("code-max-comments", "code-quality", "code-max-comments", "code_comments", "max", "fraction", 0.8),
    ("code-xml-header", "code-quality", None, "code_xml_header", "flag", "flag", None),
    ("code-autogenerated", "code-quality", None, "code_autogenerated", "flag", "flag", None),
]
RULE_NAMES = [r[0] for r in RULES]
SETS = ["gopher-repetition", "gopher-quality", "c4-lines", "fineweb", "code-quality"]


def format_number(value, kind="number"):
    """A value as seed-filter writes it: counts as integers, others in the shortest form that
    reads back the same, fixed or with an exponent, whichever is shorter (fixed on a tie):
    0.1, 0.3333333333333333, 4, 1e-05, 1e-04, 0.001, 1e+05."""
    if kind == "count":
        return str(int(value))
    value = float(value)
    if value == 0:
        return "0"
    sign, digits, exp = Decimal(repr(value)).normalize().as_tuple()
    ds = "".join(map(str, digits))
    neg = "-" if sign else ""
    sci_exp = exp + len(ds) - 1
    sci = ds[0] + ("." + ds[1:] if len(ds) > 1 else "") + "e" + ("-" if sci_exp < 0 else "+") + f"{abs(sci_exp):02d}"
    if exp >= 0:
        fixed = ds + "0" * exp
    else:
        point = len(ds) + exp
        fixed = ds[:point] + "." + ds[point:] if point > 0 else "0." + "0" * -point + ds
    return neg + (fixed if len(fixed) <= len(sci) else sci)


class Options:
    """Which rules are on and their parameters, as seed-filter's options set them."""

    def __init__(self, sets=(), thresholds=None, disable=(), stop_words=None, short_line_length=30,
                 c4_min_words_per_line=3, c4_max_word_length=1000, annotate=False):
        self.on = {}
        self.threshold = {}
        thresholds = thresholds or {}
        for name, rule_set, option, _, _, _, default in RULES:
            self.threshold[name] = thresholds.get(name, default)
            self.on[name] = rule_set in sets or name in thresholds
        self.c4_disabled = set()
        for name in disable:
            if name in self.on:
                self.on[name] = False
            elif name.startswith("c4-") and name[3:] in C4_LINE_RULES:
                self.c4_disabled.add(name[3:])
            else:
                raise ValueError(f"--disable: no quality rule is named '{name}'")
        self.stop_words = list(stop_words) if stop_words is not None else ENGLISH_STOP_WORDS
        self.short_line_length = short_line_length
        self.c4_min_words_per_line = c4_min_words_per_line
        self.c4_max_word_length = c4_max_word_length
        self.annotate = annotate

    def any_on(self, rule_set):
        return any(self.on[r[0]] for r in RULES if r[1] == rule_set)


class Evaluation:
    def __init__(self):
        self.rule = None       # the first failing rule, without annotate
        self.value = None      # its value
        self.quality = []      # (measure, JSON text) with annotate
        self.text = None       # the text C4 made, when different
        self.c4_removed = None  # lines removed by C4 by line rule, when the record passed C4


def record_text(record):
    """The text seed-filter takes: the first of text, content, code that is a non-empty string;
    "" when one is empty and none is not; None when there is none."""
    empty = False
    for key in ("text", "content", "code"):
        v = record.get(key)
        if v is None:
            continue
        if not isinstance(v, str):
            return None
        if v:
            return v
        empty = True
    return "" if empty else None


def evaluate(record, opts):
    """What the quality rules make of a record whose text is non-empty."""
    text = record_text(record)
    ev = Evaluation()

    def check(measures, first, last):
        i0, i1 = RULE_NAMES.index(first), RULE_NAMES.index(last)
        for i in range(i0, i1 + 1):
            name, _, _, measure, bound, kind, _ = RULES[i]
            if not opts.on[name]:
                continue
            value = measures[measure]
            if opts.annotate:
                if i > 0 and RULES[i - 1][3] == measure and opts.on[RULES[i - 1][0]]:
                    continue
                if value is None:
                    shown = "null"
                elif kind == "flag":
                    shown = "true" if value else "false"
                else:
                    shown = format_number(value, kind)
                ev.quality.append((measure, shown))
                continue
            if value is None:
                continue
            t = opts.threshold[name]
            if (bound == "min" and value < t) or (bound == "max" and value > t) or (bound == "flag" and value):
                ev.rule, ev.value = name, value
                return True
        return False

    if opts.any_on("gopher-repetition"):
        if check(measure_gopher_repetition(text), "gopher-dup-paragraphs", "gopher-dup-10-grams"):
            return ev
    if opts.any_on("gopher-quality"):
        if check(measure_gopher_quality(text, opts.stop_words), "gopher-min-words", "gopher-stop-words"):
            return ev
    if opts.any_on("c4-lines"):
        stop = not opts.annotate
        c = c4_clean(text, opts.c4_min_words_per_line, opts.c4_max_word_length, opts.c4_disabled,
                     stop_lorem=stop and opts.on["c4-lorem-ipsum"], stop_curly=stop and opts.on["c4-curly-bracket"])
        measures = {"c4_lorem_ipsum": c.lorem_ipsum, "c4_curly_bracket": c.curly_bracket,
                    "c4_sentences": c.sentences, "c4_lines_kept": len(c.kept)}
        if check(measures, "c4-lorem-ipsum", "c4-empty"):
            return ev
        if opts.annotate:
            ev.quality.append(("c4_lines_removed", str(sum(c.removed.values()))))
        else:
            ev.c4_removed = c.removed
            if c.text != text:
                ev.text = text = c.text
    if opts.any_on("fineweb"):
        if check(measure_fineweb(text, opts.short_line_length), "fineweb-punct-lines", "fineweb-newlines"):
            return ev
    if opts.any_on("code-quality"):
        if check(measure_code(text, record_language(record)), "code-max-line-length", "code-autogenerated"):
            return ev
    return ev


def quality_json(ev):
    return "{" + ",".join(f'"{k}":{v}' for k, v in ev.quality) + "}"


def rejected_by_json(ev, opts):
    name = ev.rule
    info = RULES[RULE_NAMES.index(name)]
    kind = info[5]
    if kind == "flag":
        value, threshold = "true", "null"
    else:
        value, threshold = format_number(ev.value, kind), format_number(opts.threshold[name], kind)
    return f'{{"rule":"{name}","value":{value},"threshold":{threshold}}}'


# ---------------------------------------------------------------------------------------------
# Command line


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for s in SETS:
        p.add_argument("--" + s, action="store_true")
    for name, _, option, _, _, kind, _ in RULES:
        if option:
            p.add_argument("--" + option, dest="t_" + name, type=int if kind == "count" else float)
    p.add_argument("--fineweb-short-line-length", type=int, default=30)
    p.add_argument("--c4-min-words-per-line", type=int, default=3)
    p.add_argument("--c4-max-word-length", type=int, default=1000)
    p.add_argument("--stop-words")
    p.add_argument("--disable")
    p.add_argument("--verdicts", action="store_true", help="write what the rules do with each record")
    p.add_argument("files", nargs="*")
    a = p.parse_args(argv)
    thresholds = {name: getattr(a, "t_" + name) for name, _, option, *_ in RULES
                  if option and getattr(a, "t_" + name) is not None}
    opts = Options(sets=[s for s in SETS if getattr(a, s.replace("-", "_"))], thresholds=thresholds,
                   disable=a.disable.split(",") if a.disable else (),
                   stop_words=a.stop_words.split(",") if a.stop_words else None,
                   short_line_length=a.fineweb_short_line_length, c4_min_words_per_line=a.c4_min_words_per_line,
                   c4_max_word_length=a.c4_max_word_length, annotate=not a.verdicts)
    return opts, a.files or ["-"]


def read_records(files):
    for name in files:
        f = sys.stdin if name == "-" else open(name, encoding="utf-8")
        with f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def main(argv=None):
    opts, files = parse_args(sys.argv[1:] if argv is None else argv)
    out = sys.stdout
    for record in read_records(files):
        text = record_text(record)
        if text is None:
            sys.exit("reference.py: a record without text")
        if text == "":
            if not opts.annotate:
                out.write('{"rule":"empty","value":null,"threshold":null}\n')
            continue
        ev = evaluate(record, opts)
        if opts.annotate:
            out.write(quality_json(ev) + "\n")
        elif ev.rule:
            out.write(rejected_by_json(ev, opts) + "\n")
        elif ev.text is not None:
            out.write(json.dumps({"kept": True, "text": ev.text}, ensure_ascii=False, separators=(",", ":")) + "\n")
        else:
            out.write('{"kept":true}\n')


if __name__ == "__main__":
    main()
