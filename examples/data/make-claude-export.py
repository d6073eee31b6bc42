#!/usr/bin/env python3
"""Writes examples/data/claude-export/conversations.json: a small Claude.ai data export, our own
invented chats, shaped like the real one (tests/fixtures/claude/claude-2025.json). It is the chat
export examples/acquire.sh reads offline. Deterministic: the same bytes every run.

    python3 examples/data/make-claude-export.py
"""
import json
import pathlib

ACCOUNT = {"uuid": "5e0d7a52-9b1c-4f3e-8d20-a0c1b2d3e4f5"}

# (name, [(sender, text), ...]) per conversation, in the export's order.
CHATS = [
    ("Sourdough starter", [
        ("human", "My sourdough starter smells like nail polish remover after three days on the counter. "
                  "Is it ruined, or is that a normal stage? I feed it equal weights of rye flour and water once a day."),
        ("assistant", "That smell is acetone-like byproducts from hungry yeast; it is normal. Feed it twice a day "
                      "and keep it a little warmer for a week."),
        ("human", "thanks!"),
        ("human", "How can I tell when the starter is strong enough to bake with? I have read about the float test "
                  "but people online seem to disagree about whether it means anything."),
        ("assistant", "Look for it to double within four to eight hours of a feed, reliably, for a few days in a row."),
    ]),
    ("Bike chain", [
        ("human", "The chain on my commuter bike skips under load on the two smallest rear cogs, but only when I "
                  "stand up on the pedals. The chain is about a year old. What should I check first?"),
        ("assistant", "Measure the chain's stretch with a checker; at 0.75% replace it, and expect the small cogs "
                      "to need replacing too."),
        ("human", "If the cassette is worn as well, can I replace just the two small cogs, or does the whole "
                  "cassette have to go? I would like to keep the cost down if that is possible."),
    ]),
    ("Parsing a log file", [
        ("human", "Why does this only print the first match?\n\n```python\nimport re\n\nfor line in open('app.log'):\n"
                  "    m = re.search(r'ERROR (\\w+)', line)\n    if m:\n        print(m.group(1))\n        break\n```"),
        ("assistant", "The break ends the loop after the first match; remove it."),
        ("human", "Right, I missed the break. While I am at it: what is a sensible way to count how often each "
                  "error code appears in a log of a few hundred megabytes without reading it all into memory?"),
    ]),
    ("Toast for a wedding", [
        ("human", "I am giving a two-minute toast at my sister's wedding next month. She and her partner met on a "
                  "hiking trip when they both got lost. Can you suggest a structure that is warm but not sappy?"),
        ("assistant", "Open with the lost-on-a-trail story, turn it into what you have seen them find in each other, "
                      "and close with a wish and the raised glass."),
        ("human", "Could you make the closing line a little funnier, maybe something about them never needing a map "
                  "again? The rest of the guests will mostly be family, so gentle teasing is fine."),
    ]),
    ("Sourdough again", [
        # The first prompt of "Sourdough starter", pasted again: an exact duplicate for seed-dedup.
        ("human", "My sourdough starter smells like nail polish remover after three days on the counter. "
                  "Is it ruined, or is that a normal stage? I feed it equal weights of rye flour and water once a day."),
        ("assistant", "As before: it is normal, feed it more often."),
    ]),
    ("Garden planning", [
        ("human", "I have a small north-facing balcony that gets about three hours of direct sun in the late "
                  "afternoon. Which herbs and vegetables would actually do well there in pots over the summer?"),
        ("assistant", "Mint, parsley, chives, lettuce and other leafy greens tolerate that light; skip tomatoes."),
        # The first prompt of this conversation asked again with thanks added: a near-duplicate.
        ("human", "I have a small north-facing balcony that gets about three hours of direct sun in the late "
                  "afternoon. Which herbs and vegetables would actually do well there in pots over the summer? "
                  "Thank you!"),
        ("human", "ok"),
    ]),
    ("Networking question", [
        ("human", "Explain the TCP three-way handshake to me as if I were a new support engineer who understands "
                  "what an IP address is but has never looked at a packet capture before."),
        ("assistant", "The client sends SYN, the server answers SYN-ACK, the client sends ACK: both sides now know "
                      "the other's starting sequence number."),
        ("human", "And what does it mean when a capture shows lots of SYN packets from clients but no SYN-ACK "
                  "coming back from the server? Where would you start looking in that situation?"),
    ]),
]


def stamp(conv, msg, second):
    return f"2025-09-{conv + 1:02d}T10:{msg:02d}:{second:02d}.000000Z"


def main():
    out = []
    for c, (name, messages) in enumerate(CHATS):
        conv_uuid = f"0a5e7d1c-3b2f-4c6d-9e8f-2025090{c:05d}"
        chat = []
        for m, (sender, text) in enumerate(messages):
            t = stamp(c, m, 10)
            chat.append({
                "uuid": f"{conv_uuid[:-5]}{c:02d}{m + 1:03d}",
                "text": text,
                "content": [{"start_timestamp": t, "stop_timestamp": t, "flags": None,
                             "type": "text", "text": text, "citations": []}],
                "sender": sender,
                "created_at": t,
                "updated_at": t,
                "attachments": [],
                "files": [],
            })
        out.append({
            "uuid": conv_uuid,
            "name": name,
            "summary": "",
            "created_at": stamp(c, 0, 0),
            "updated_at": stamp(c, len(messages), 0),
            "account": ACCOUNT,
            "chat_messages": chat,
        })
    path = pathlib.Path(__file__).resolve().parent / "claude-export" / "conversations.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
