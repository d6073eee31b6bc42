#!/usr/bin/env python3
"""Writes a deterministic synthetic Claude.ai data export (conversations.json) of about SIZE
megabytes (MiB) to stdout: a JSON array of conversations on ONE line, as claude.ai writes it.

Usage: gen_export.py SIZE_MB [SEED]

The shape is a 2025 export (../shared/reference/export-formats.md, sections 1.2-1.6):
- conversations {uuid, name, summary, created_at, updated_at, account{uuid}, chat_messages[]};
  about 20% have name "", 2% have no messages;
- messages {uuid, text, content[], sender, created_at, updated_at, attachments[], files[]},
  no parent_message_uuid (that came in 2026), human and assistant in turn, with about 6% of
  conversations holding two human messages in a row (an edited prompt, as the flat pre-2026
  list interleaves branches) and 2% two assistant messages in a row (a regeneration);
- content[] of text blocks (start_timestamp, stop_timestamp, type, text, citations); assistant
  messages also carry thinking blocks (30%), artifacts tool_use + tool_result pairs (8%) and
  web_search tool_use + tool_result with cited text (5%); `text` is then the flattened copy:
  the text blocks with the placeholder fence "```\\nThis block is not supported on your current
  device yet.\\n```" for each tool block (thinking leaves nothing);
- timestamps ISO 8601 with microseconds and Z; a message made before the 2025-06-21 backfill
  has its updated_at on that day, as in the reference's sample;
- human messages: 20% short (under 100 characters), 57% of about 100..2000 (prose, some with a
  code fence or a list), 8% mostly code in fences, 15% longer (2000..9000); 5% end in white space;
  1% have text "" and their text only in content[] (as the internal API writes them);
- attachments: 6% of human messages carry a paste (file_name "", file_type "txt",
  extracted_content of 1.5k..30k characters, median about 6k: prose, a log or code) with a
  short prompt ("Please summarize:"), a paragraph of 100..600 characters (30%), or text "" and
  no content block (about 17%); 2% a named file (pdf, md, py, csv) with its extracted text;
  files[] holds an image name on 3%, else [];
- text: sentences with punctuation, commas, quotes, apostrophes (some U+2019), paragraphs,
  lists, ``` fences; 12% of the sentences carry a non-ASCII word or symbol (accents, Cyrillic,
  CJK, Hangul, emoji, dashes), so about 70% of the messages hold some non-ASCII;
  15% of the messages are written with \\uXXXX escapes for everything non-ASCII (surrogate
  pairs for emoji), the rest raw UTF-8.

The file overshoots SIZE by at most one conversation. Counts go to stderr, one line:
conversations, messages, human messages, content-only human messages, pastes, named
attachments, thinking/tool_use blocks, escaped messages, largest conversation in bytes.
"""
import argparse
import base64
import json
import random
import sys
from datetime import datetime, timezone

PLACEHOLDER = "```\nThis block is not supported on your current device yet.\n```"
BACKFILL = datetime(2025, 6, 21, 20, 40, tzinfo=timezone.utc).timestamp()

SUBJECTS = ["my colleague", "my team", "the script", "this function", "the model", "our pipeline", "the API",
            "my manager", "the test suite", "the dataset", "the parser", "the build", "the server", "my code",
            "the query", "the frontend", "the cron job", "the notebook", "our client", "the migration",
            "the service", "my thesis advisor", "the landlord", "the recipe", "my cover letter"]
VERBS = ["keeps failing on", "needs to handle", "is too slow for", "returns the wrong result for",
         "should support", "breaks when it reads", "works fine with", "doesn't scale to",
         "was rewritten to use", "crashes on", "can't deal with", "silently drops", "is supposed to sort",
         "logs a warning about", "was never tested with", "takes forever on", "gets confused by",
         "has to be translated for", "mentions", "depends on"]
OBJECTS = ["large files", "empty input", "the edge cases", "Unicode text", "nested JSON",
           "the new config format", "timestamps with time zones", "a list of dictionaries", "the production data",
           "requests from the frontend", "the CSV export", "duplicate records", "the German invoices",
           "a 3 GB log file", "the weekly report", "user names with accents", "the old database schema",
           "our on-call rotation", "the budget spreadsheet", "the second chapter", "the onboarding guide",
           "the quarterly numbers", "a 40-page PDF", "the Kubernetes manifests", "the unit conversions"]
CLAUSES = ["after the last update", "when I run it on the server", "and I can't figure out why",
           "even though the tests pass", "since we moved to Python 3.11", "if the file is larger than 2 GB",
           "unless I restart it", "but only in production", "whenever the cache is cold",
           "according to the documentation", "as far as I can tell", "for some reason",
           "which is what confuses me", "before the deadline on Friday", "in about half of the cases",
           "with the default settings", "on my laptop but not in CI", "every other Tuesday"]
QUESTIONS = ["Can you help me understand why", "Is there a better way to check whether",
             "Could you explain why", "Any idea why", "Do you know if", "How can I tell whether",
             "What would you do if", "Is it normal that", "Why do you think", "Would it make sense if"]
OPENERS = ["Quick question.", "Thanks, that helped a lot!", "Hmm, not quite.", "OK, here's the context.",
           "Follow-up on the last answer:", "Let me rephrase.", "Good morning!", "That worked, thank you.",
           "Sorry, one more thing.", "I tried your suggestion.", "Here is what I have so far:", "Two things:"]
SHORT = ["thanks!", "Can you make it shorter?", "yes", "Go on.", "What about the second option?",
         "Perfect, thank you 🙏", "Try again, but more formal.", "And in French?", "Why?", "ok",
         "Can you add comments to the code?", "That's wrong, the total should be 1,240.", "Merci beaucoup !",
         "Explain it like I'm five.", "continue", "Please summarize:", "Here it is:", "Same error."]
PASTE_PROMPTS = ["Please summarize:", "Can you review this?", "What's wrong here?", "Translate this to English.",
                 "Here's the log:", "Rewrite this more clearly.", "", "Check this for errors please",
                 "Make this shorter:"]
NON_ASCII = ["café", "naïve", "résumé", "Zürich", "São Paulo", "façade", "jalapeño", "Ångström", "Kraków",
             "crème brûlée", "Привет, как дела?", "東京", "日本語のテキスト", "北京的天气", "한국어", "🎉", "😀",
             "👍", "🚀", "→", "—", "…", "naïveté", "Æsir", "Straße", "€12.50", "±3 °C", "½ cup"]
TITLES = ["Debugging the CSV parser", "Café menu translation", "Memory leak in the worker", "Cover letter draft",
          "Sourdough starter questions", "SQL window functions", "Trip to Kraków", "Refactoring the auth module",
          "Explaining photosynthesis", "Weekly report summary", "Kubernetes pod restarts", "Résumé feedback",
          "Regex for dates", "Birthday poem for Ana", "Understanding eigenvalues", "Budget spreadsheet formulas",
          "Unicode normalization issue", "日本語の勉強", "Landlord email", "Migration plan review"]
LANGS = ["python", "javascript", "sql", "bash", "rust", "", "go"]
NAMES = ["parse", "load", "count", "merge", "split", "encode", "decode", "render", "fetch", "scan", "retry"]


def uuid4(rng):
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sentence(rng):
    r = rng.random()
    if r < 0.45:
        s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}."
    elif r < 0.65:
        s = f"{rng.choice(QUESTIONS)} {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}?"
    elif r < 0.8:
        a, b, c = rng.sample(OBJECTS, 3)
        s = f"I tried {a}, {b} and {c}, but nothing changed {rng.choice(CLAUSES)}."
    elif r < 0.9:
        s = (f"The error says \"{rng.choice(VERBS)} {rng.choice(OBJECTS)}\" and then "
             f"{rng.choice(SUBJECTS)} stops; it's been like this {rng.choice(CLAUSES)}.")
    else:
        s = rng.choice(OPENERS)
    s = s[0].upper() + s[1:]
    if rng.random() < 0.12:
        s = s[:-1] + f" ({rng.choice(NON_ASCII)}){s[-1]}"
    if rng.random() < 0.05:
        s = s.replace("'", "\u2019")
    return s


def paragraph(rng, target):
    out, size = [], 0
    while size < target:
        s = sentence(rng)
        out.append(s)
        size += len(s) + 1
    return " ".join(out)


def code(rng, lines):
    name = f"{rng.choice(NAMES)}_{rng.choice(['rows', 'items', 'events', 'lines', 'users'])}"
    out = [f"def {name}(path, limit=None):", f'    """{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} it."""']
    for _ in range(lines):
        k = rng.random()
        ind = "    " * rng.randint(1, 3)
        if k < 0.3:
            out.append(f'{ind}if row.get("{rng.choice(NAMES)}") is None:')
        elif k < 0.6:
            out.append(f"{ind}result[{rng.randint(0, 99)}] = {rng.choice(NAMES)}(row, limit)")
        elif k < 0.75:
            out.append(f"{ind}# {rng.choice(CLAUSES)}")
        elif k < 0.9:
            out.append(f"{ind}print(f\"{{len(result)}} rows\\t{rng.choice(NON_ASCII[:9])}\")")
        else:
            out.append(f"{ind}return {{'{rng.choice(NAMES)}': result, \"n\": {rng.randint(0, 9999)}}}")
    return "\n".join(out)


def fence(rng, lines):
    return f"```{rng.choice(LANGS)}\n{code(rng, lines)}\n```"


def prose(rng, target, fences=0.15, lists=0.1):
    """Paragraphs (and sometimes a fence or a list) of about `target` characters."""
    parts, size = [], 0
    while size < target:
        r = rng.random()
        if r < fences and size > 0:
            p = fence(rng, rng.randint(3, 14))
        elif r < fences + lists:
            p = "\n".join(f"{rng.choice('-*')} {paragraph(rng, 20)}" for _ in range(rng.randint(2, 5)))
        else:
            p = paragraph(rng, min(target - size, rng.randint(120, 600)))
        parts.append(p)
        size += len(p) + 2
    return "\n\n".join(parts)


def lognorm(rng, median, sigma, lo, hi):
    return max(lo, min(hi, int(rng.lognormvariate(0, sigma) * median)))


def human_text(rng):
    r = rng.random()
    if r < 0.20:
        return rng.choice(SHORT) if rng.random() < 0.6 else sentence(rng)
    if r < 0.77:
        t = prose(rng, lognorm(rng, 450, 0.8, 90, 1900))
    elif r < 0.85:  # mostly code: seed-claude's fenced ratio is above 0.3, the plan's count formula is not
        t = rng.choice(OPENERS) + " " + sentence(rng) + "\n\n" + fence(rng, rng.randint(6, 30))
    else:
        t = prose(rng, lognorm(rng, 3500, 0.4, 2000, 9000))
    if rng.random() < 0.05:
        t += rng.choice(["\n", " ", "\n\n", "  \n"])
    return t


def paste(rng):
    n = lognorm(rng, 6000, 0.8, 1500, 30000)
    r = rng.random()
    if r < 0.5:
        return prose(rng, n, fences=0.03, lists=0.05)
    if r < 0.8:  # a log
        lines, size = [], 0
        while size < n:
            l = (f"2025-0{rng.randint(1, 9)}-{rng.randint(10, 28)} {rng.randint(10, 23)}:{rng.randint(10, 59)}:"
                 f"{rng.randint(10, 59)},{rng.randint(100, 999)} {rng.choice(['INFO', 'WARN', 'ERROR'])} "
                 f"[{rng.choice(NAMES)}] {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}")
            lines.append(l)
            size += len(l) + 1
        return "\n".join(lines) + "\n"
    return code(rng, n // 40) + "\n"


def text_block(rng, t, text, cited=False):
    block = {"start_timestamp": iso(t), "stop_timestamp": iso(t + rng.uniform(0.5, 30)), "type": "text",
             "text": text, "citations": []}
    if cited:
        a = rng.randint(0, max(0, len(text) - 40))
        block["citations"] = [{"uuid": uuid4(rng), "start_index": a, "end_index": a + 30,
                               "details": {"type": "web_search_citation", "url": f"https://example.org/{rng.randint(1, 9999)}"}}]
    block["flags"] = None
    return block


def assistant_message(rng, t, counts):
    """content[] and the flattened text of an assistant message."""
    content, flat = [], []
    if rng.random() < 0.30:
        counts["thinking"] += 1
        content.append({"start_timestamp": iso(t), "stop_timestamp": iso(t + rng.uniform(2, 40)), "type": "thinking",
                        "thinking": prose(rng, lognorm(rng, 900, 0.7, 100, 6000), fences=0, lists=0),
                        "summaries": [{"summary": f"Thinking about {rng.choice(OBJECTS)}."}], "cut_off": False,
                        "signature": base64.b64encode(rng.randbytes(240)).decode(), "flags": None})
    lead = " " if rng.random() < 0.1 else ""
    first = lead + prose(rng, lognorm(rng, 1300, 0.8, 60, 12000), fences=0.25, lists=0.15)
    r = rng.random()
    if r < 0.08:  # an artifact
        counts["tool_use"] += 1
        intro = first[: max(60, len(first) // 3)]
        content.append(text_block(rng, t, intro))
        flat.append(intro)
        lang = rng.choice(["python", "javascript", "markdown"])
        content.append({"start_timestamp": iso(t), "stop_timestamp": iso(t + 9.5), "type": "tool_use",
                        "name": "artifacts", "input": {"id": f"{rng.choice(NAMES)}-artifact", "type": "application/vnd.ant.code",
                                                       "title": rng.choice(TITLES), "command": "create",
                                                       "content": code(rng, rng.randint(10, 80)), "language": lang,
                                                       "version_uuid": uuid4(rng)},
                        "message": "artifacts", "integration_name": None, "integration_icon_url": None,
                        "context": None, "display_content": None, "approval_options": None, "approval_key": None,
                        "flags": None})
        content.append({"start_timestamp": None, "stop_timestamp": None, "type": "tool_result", "name": "artifacts",
                        "content": [{"type": "text", "text": "OK", "uuid": uuid4(rng)}], "is_error": False,
                        "message": None, "display_content": None, "flags": None})
        flat.append(PLACEHOLDER)
        flat.append(PLACEHOLDER)
        rest = paragraph(rng, rng.randint(80, 400))
        content.append(text_block(rng, t + 10, rest))
        flat.append(rest)
    elif r < 0.13:  # a web search, then cited text
        counts["tool_use"] += 1
        q = f"{rng.choice(OBJECTS)} {rng.choice(CLAUSES)}"
        content.append({"start_timestamp": iso(t), "stop_timestamp": iso(t + 1.2), "type": "tool_use",
                        "name": "web_search", "input": {"query": q}, "message": "Searching the web",
                        "integration_name": None, "integration_icon_url": None, "context": None,
                        "display_content": None, "approval_options": None, "approval_key": None, "flags": None})
        content.append({"start_timestamp": None, "stop_timestamp": None, "type": "tool_result", "name": "web_search",
                        "content": [{"type": "knowledge", "title": rng.choice(TITLES), "url": f"https://example.org/{k}",
                                     "metadata": {"type": "webpage_metadata", "site_domain": "example.org",
                                                  "site_name": "Example"}, "is_missing": False,
                                     "text": paragraph(rng, 300)} for k in range(rng.randint(2, 6))],
                        "is_error": False, "message": None, "display_content": None, "flags": None})
        flat.append(PLACEHOLDER)
        flat.append(PLACEHOLDER)
        content.append(text_block(rng, t + 3, first, cited=True))
        flat.append(first)
    else:
        content.append(text_block(rng, t, first))
        flat.append(first)
    return content, "\n\n".join(flat)


def conversation(rng, t0, account, counts):
    t = t0
    name = "" if rng.random() < 0.2 else rng.choice(TITLES)
    summary = "" if rng.random() < 0.9 else paragraph(rng, 400) + "\n\n" + paragraph(rng, 300)
    n_turns = 0 if rng.random() < 0.02 else lognorm(rng, 6, 0.9, 1, 60)
    double_human = rng.random() < 0.06
    double_assistant = rng.random() < 0.02
    messages = []
    for turn in range(n_turns):
        humans = 2 if double_human and turn == n_turns // 2 else 1
        for _ in range(humans):
            t += rng.uniform(20, 900)
            messages.append(human_message(rng, t, counts))
        assistants = 2 if double_assistant and turn == n_turns - 1 else 1
        for _ in range(assistants):
            t += rng.uniform(3, 120)
            content, flat = assistant_message(rng, t, counts)
            messages.append(message(rng, t, "assistant", flat, content, [], []))
    head = {"uuid": uuid4(rng), "name": name, "summary": summary, "created_at": iso(t0),
            "updated_at": iso(t + rng.uniform(1, 60)), "account": {"uuid": account}}
    parts = []
    for m in messages:
        counts["messages"] += 1
        if rng.random() < 0.15:
            counts["escaped"] += 1
            parts.append(json.dumps(m, ensure_ascii=True, separators=(",", ":")))
        else:
            parts.append(json.dumps(m, ensure_ascii=False, separators=(",", ":")))
    return json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"chat_messages":[' + ",".join(parts) + "]}", t


def message(rng, t, sender, text, content, attachments, files):
    updated = t + rng.uniform(0.01, 2) if t >= BACKFILL else BACKFILL + rng.uniform(0, 3600)
    return {"uuid": uuid4(rng), "text": text, "content": content, "sender": sender, "created_at": iso(t),
            "updated_at": iso(updated), "attachments": attachments, "files": files}


def human_message(rng, t, counts):
    counts["human"] += 1
    attachments, files = [], []
    r = rng.random()
    if r < 0.06:
        counts["pastes"] += 1
        p = paste(rng)
        attachments.append({"file_name": "", "file_size": len(p.encode()), "file_type": "txt", "extracted_content": p})
        text = rng.choice(PASTE_PROMPTS) if rng.random() < 0.7 else prose(rng, rng.randint(100, 600), fences=0)
        if text == "" or rng.random() < 0.1:
            text = ""
            return message(rng, t, "human", "", [], attachments, files)
    else:
        text = human_text(rng)
        if r < 0.08:
            counts["named_attachments"] += 1
            ext = rng.choice(["pdf", "md", "py", "csv"])
            body = code(rng, rng.randint(20, 400)) if ext == "py" else prose(rng, lognorm(rng, 8000, 1.0, 500, 80000), fences=0.02)
            attachments.append({"file_name": f"{rng.choice(NAMES)}_{rng.randint(1, 99)}.{ext}",
                                "file_size": len(body.encode()) * (4 if ext == "pdf" else 1),
                                "file_type": {"pdf": "pdf", "md": "text/markdown", "py": "text/x-python", "csv": "text/csv"}[ext],
                                "extracted_content": body})
    if rng.random() < 0.03:
        files.append({"file_name": f"Screenshot 2025-0{rng.randint(1, 9)}-{rng.randint(10, 28)}.png"})
    content = [text_block(rng, t, text)]
    if text and rng.random() < 0.01:  # as the internal API writes it: the text only in content[]
        counts["content_only"] += 1
        return message(rng, t, "human", "", content, attachments, files)
    return message(rng, t, "human", text, content, attachments, files)


def main():
    parser = argparse.ArgumentParser(description="Write a synthetic Claude.ai conversations.json to stdout.")
    parser.add_argument("size_mb", type=float, metavar="SIZE_MB")
    parser.add_argument("seed", type=int, nargs="?", default=1, metavar="SEED")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    limit = int(args.size_mb * 1024 * 1024)
    counts = dict.fromkeys(["conversations", "messages", "human", "content_only", "pastes", "named_attachments",
                            "thinking", "tool_use", "escaped", "largest_conversation_bytes"], 0)
    account = uuid4(rng)
    out = sys.stdout.buffer
    out.write(b"[")
    written = 1
    t = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc).timestamp()
    while written < limit:
        t += rng.uniform(60, 7200)
        conv, _ = conversation(rng, t, account, counts)
        data = (b"," if counts["conversations"] else b"") + conv.encode("utf-8")
        out.write(data)
        written += len(data)
        counts["conversations"] += 1
        counts["largest_conversation_bytes"] = max(counts["largest_conversation_bytes"], len(data))
    out.write(b"]")
    print(" ".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
