#!/usr/bin/env bats
# seed-claude: Claude.ai and ChatGPT exports to JSONL. Text extraction per format history, branches,
# hidden nodes, filters and their counts, every input form, duplicates across exports, and every
# documented error. The fixtures and their expected outputs are in tests/fixtures/claude/ (see
# make-fixtures.py there for what each message is meant to test).

load helpers

FIX="$SEED_SOURCE_ROOT/tests/fixtures/claude"
EXP="$FIX/expected"

# pick FIXTURE TAIL...: the records of expected/FIXTURE.every.jsonl whose message_id ends in
# -TAIL, in the order given (each must be there exactly once). The .every files hold every message
# that has a text, as `--all-branches --role all --min 0 --max 0 --max-code-ratio 1` writes it.
pick() {
  local file="$EXP/$1.every.jsonl" tail n
  shift
  for tail in "$@"; do
    n=$(grep -c -F -- "-$tail\",\"role\":" "$file" || true)
    if [ "$n" -ne 1 ]; then
      echo "pick: message -$tail is in $file $n times" >&2
      return 1
    fi
    grep -F -- "-$tail\",\"role\":" "$file"
  done
}

# expect_picked FIXTURE TAIL...: $output is exactly those records.
expect_picked() {
  local want
  want=$(pick "$@") || return 1
  expect_jsonl_eq - "$want"
}

# expect_usage_error MESSAGE ARG...: seed-claude ARG... exits 2 with MESSAGE and the --help hint,
# and writes nothing to stdout.
expect_usage_error() {
  local message=$1
  shift
  run -2 --separate-stderr seed-claude "$@"
  [ -z "$output" ]
  expect_stderr_line "seed-claude: $message
Try 'seed-claude --help' for more information."
}

# make_zip OUT MEMBER=FILE...: a zip holding FILE as MEMBER, members in the order given.
make_zip() {
  python3 - "$@" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for spec in sys.argv[2:]:
        member, path = spec.split("=", 1)
        z.write(path, member)
EOF
}

# The Claude export as it arrives: the files in a dated folder inside a zip.
CLAUDE_DIR=data-2025-10-06-00-55-16-batch-0000
make_claude_zip() {
  make_zip "$1" "$CLAUDE_DIR/conversations.json=$FIX/claude-2025.json" \
    "$CLAUDE_DIR/projects.json=$FIX/claude-zip/projects.json" \
    "$CLAUDE_DIR/users.json=$FIX/claude-zip/users.json" \
    "$CLAUDE_DIR/memories.json=$FIX/claude-zip/memories.json"
}

SUMMARY_2024="seed-claude: read 3 conversations (claude 3, chatgpt 0), 8 messages; kept 3, dropped 5 (role 3, short 2)"
SUMMARY_2025="seed-claude: read 3 conversations (claude 3, chatgpt 0), 21 messages; kept 9, dropped 12 (role 8, empty 1, long 1, code 2); unknown content: location_card 1, widget 1"
SUMMARY_2026="seed-claude: read 3 conversations (claude 3, chatgpt 0), 17 messages; kept 6, dropped 11 (off_branch 5, role 6)"
SUMMARY_CHATGPT="seed-claude: read 3 conversations (claude 0, chatgpt 3), 25 messages; kept 5, dropped 20 (off_branch 7, hidden 6, unsupported 1, role 5, empty 1); unknown content: sonic_webpage 1"
SUMMARY_SHARDED="seed-claude: read 4 conversations (claude 0, chatgpt 4), 7 messages; kept 4, dropped 3 (role 3)"

# --- Claude: the format's history -------------------------------------------------------------------

@test "a 2024 export (text only): inline artifact and thinking tags removed, prompts in a row kept, lengths in code points" {
  run -0 --separate-stderr seed-claude "$FIX/claude-2024.json"
  expect_jsonl_eq - "$(cat "$EXP/claude-2024.jsonl")"
  expect_stderr_line "$SUMMARY_2024"
  # The assistant side: the leading space trimmed, <antThinking> and <antArtifact> removed whole
  # with the newline runs they leave made one blank line.
  run -0 --separate-stderr seed-claude --role assistant "$FIX/claude-2024.json"
  expect_picked claude-2024 202400010002 202400010005 202400030002
  expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 8 messages; kept 3, dropped 5 (role 5)"
  [[ "${lines[1]}" == '{"text":"Rye gives the yeast more to eat, so it usually speeds up a revival. Here is a three-day schedule that uses it:\n\nOnce it doubles within six hours of a feeding, go back to your usual white flour.",'* ]]
}

@test "a 2025 export: text blocks, pastes, unicode; thinking, tools and unknown blocks skipped and counted" {
  run -0 --separate-stderr seed-claude "$FIX/claude-2025.json"
  expect_jsonl_eq - "$(cat "$EXP/claude-2025.jsonl")"
  expect_stderr_line "$SUMMARY_2025"
  # Spot checks of what the expected file holds: the paste after the prompt, the text blocks
  # on either side of an unknown block, decoded surrogate pairs, lone surrogates as U+FFFD.
  [[ "${lines[0]}" == '{"text":"Please summarize the meeting notes below in three bullet points, one per decision:\n\nWeekly sync, 3 June\n'*'end of the quarter.","source":"claude_export",'* ]]
  [[ "${lines[2]}" == '{"text":"Book a table for the team lunch on the 24th at this place,\n\nfor eight people around'* ]]
  [[ "${lines[3]}" == '{"text":"I’m planning Mia’s 7th birthday 🎉 and want a dinosaur theme 🦕 with a cake 🎂 that doesn’t need an oven.'* ]]
  [[ "${lines[3]}" == *'"conversation_name":"Planning Mia’s birthday","domain":"nl"}' ]]
  [[ "${lines[5]}" == *'fossils with Mia �!\" Something broke in the emoji there �, can you'* ]]
  [[ "${lines[6]}" == '{"text":"Guests so far: '*'Oskar (dairy).\n\nTimings: 14:00 arrival, 14:30 fossil dig, 15:15 cake, 16:00 pick-up.","source"'* ]]
}

@test "--role assistant and --role all on a 2025 export: joined blocks, placeholders removed, thinking-only messages empty" {
  run -0 --separate-stderr seed-claude --role assistant "$FIX/claude-2025.json"
  expect_picked claude-2025 202500010002 202500010004 202500020002 202500020007
  expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 21 messages; kept 4, dropped 17 (role 13, empty 1, short 3); unknown content: location_card 1, widget 1"
  [[ "${lines[1]}" == '{"text":"Let me chart the revenue by quarter so the trend is easier to see.\n\nThe chart shows revenue rising'* ]]
  [[ "${lines[2]}" == '{"text":"A refrigerator cake works well: layer chocolate biscuits with whipped cream and let it set overnight, then press clean plastic dinosaurs into the top.\n\nFor a volcano,'* ]]
  [[ "${lines[3]}" == '{"text":"Three of the four bakeries near you make dinosaur cakes to order; the one on Hill Street needs a week’s notice and the others three days.\n\nWant me to draft the order message?","source"'* ]]

  run -0 --separate-stderr seed-claude --role all "$FIX/claude-2025.json"
  expect_picked claude-2025 202500010001 202500010002 202500010003 202500010004 202500010006 \
    202500020001 202500020002 202500020003 202500020004 202500020006 202500020007 202500030003 202500030007
  expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 21 messages; kept 13, dropped 8 (empty 2, short 3, long 1, code 2); unknown content: location_card 1, widget 1"
}

@test "senders are compared case-insensitively, others dropped as role; a null or missing name is \"\"" {
  cat > odd.json <<'EOF'
[{"uuid":"k1","name":null,"created_at":"2025-01-01T00:00:00.000000Z","chat_messages":[
  {"uuid":"k1-1","text":"Hello from an upper-case sender","sender":"Human","created_at":"2025-01-01T00:00:00.000000Z","attachments":[],"files":[]},
  {"uuid":"k1-2","text":"A reply","sender":"ASSISTANT","created_at":"2025-01-01T00:00:01.000000Z","attachments":[],"files":[]},
  {"uuid":"k1-3","text":"A note from somebody else","sender":"system","created_at":"2025-01-01T00:00:02.000000Z","attachments":[],"files":[]}]},
 {"uuid":"k2","chat_messages":[{"uuid":"k2-1","text":"No name and no time","sender":"human"}]}]
EOF
  run -0 --separate-stderr seed-claude --role all --min 1 odd.json
  expect_jsonl_eq - '{"text":"Hello from an upper-case sender","source":"claude_export","conversation_id":"k1","message_id":"k1-1","role":"user","created_at":"2025-01-01T00:00:00.000000Z","conversation_name":"","domain":"nl"}
{"text":"A reply","source":"claude_export","conversation_id":"k1","message_id":"k1-2","role":"assistant","created_at":"2025-01-01T00:00:01.000000Z","conversation_name":"","domain":"nl"}
{"text":"No name and no time","source":"claude_export","conversation_id":"k2","message_id":"k2-1","role":"user","created_at":null,"conversation_name":"","domain":"nl"}'
  expect_stderr_line "seed-claude: read 2 conversations (claude 2, chatgpt 0), 4 messages; kept 3, dropped 1 (role 1)"
}

# --- Claude: branches -------------------------------------------------------------------------------

@test "a 2026 export: the active path from current_leaf_message_uuid, else the newest leaf (last in the list on a tie)" {
  run -0 --separate-stderr seed-claude "$FIX/claude-2026-branched.json"
  expect_jsonl_eq - "$(cat "$EXP/claude-2026-branched.jsonl")"
  expect_stderr_line "$SUMMARY_2026"
  # Root to leaf, whatever the list order; the edited prompt's first version and a newer
  # message on the old branch are off the path.
  run -0 --separate-stderr seed-claude --role all "$FIX/claude-2026-branched.json"
  expect_picked claude-2026-branched 202600010001 202600010002 202600010005 202600010006 202600010007 \
    202600020001 202600020003 202600020004 202600030001 202600030003
  expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 17 messages; kept 10, dropped 7 (off_branch 5, short 2)"
  # created_at is passed through as written ("+00:00" here).
  [[ "${lines[8]}" == *'"created_at":"2026-03-05T21:30:01.000000+00:00",'* ]]
}

@test "--all-branches keeps every message in list order, links or not" {
  run -0 --separate-stderr seed-claude --all-branches "$FIX/claude-2026-branched.json"
  expect_picked claude-2026-branched 202600010001 202600010003 202600010009 202600010007 202600010005 \
    202600020001 202600020004 202600030001
  expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 17 messages; kept 8, dropped 9 (role 9)"
  run -0 --separate-stderr seed-claude --all-branches --role all --min 0 --max 0 --max-code-ratio 1 "$FIX/claude-2026-branched.json"
  expect_jsonl_eq - "$(cat "$EXP/claude-2026-branched.every.jsonl")"
  expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 17 messages; kept 17, dropped 0"
  # Without links --all-branches changes nothing.
  run -0 --separate-stderr seed-claude --all-branches "$FIX/claude-2024.json"
  expect_jsonl_eq - "$(cat "$EXP/claude-2024.jsonl")"
  expect_stderr_line "$SUMMARY_2024"
}

@test "a parent that is not in the conversation ends the walk like the root sentinel" {
  cat > dangling.json <<'EOF'
[{"uuid":"b1","name":"Dangling","created_at":"2026-01-01T00:00:00.000000Z","chat_messages":[
  {"uuid":"b1-1","text":"first prompt","content":[{"type":"text","text":"first prompt"}],"sender":"human","created_at":"2026-01-01T00:00:01.000000Z","parent_message_uuid":"00000000-0000-4000-8000-000000000000"},
  {"uuid":"b1-2","text":"first answer","content":[{"type":"text","text":"first answer"}],"sender":"assistant","created_at":"2026-01-01T00:00:02.000000Z","parent_message_uuid":"b1-1"},
  {"uuid":"b1-3","text":"prompt under a lost parent","content":[{"type":"text","text":"prompt under a lost parent"}],"sender":"human","created_at":"2026-01-01T00:00:03.000000Z","parent_message_uuid":"b1-lost"},
  {"uuid":"b1-4","text":"newest answer","content":[{"type":"text","text":"newest answer"}],"sender":"assistant","created_at":"2026-01-01T00:00:04.000000Z","parent_message_uuid":"b1-3"}]}]
EOF
  run -0 --separate-stderr seed-claude --role all --min 1 dangling.json
  expect_jsonl_eq - '{"text":"prompt under a lost parent","source":"claude_export","conversation_id":"b1","message_id":"b1-3","role":"user","created_at":"2026-01-01T00:00:03.000000Z","conversation_name":"Dangling","domain":"nl"}
{"text":"newest answer","source":"claude_export","conversation_id":"b1","message_id":"b1-4","role":"assistant","created_at":"2026-01-01T00:00:04.000000Z","conversation_name":"Dangling","domain":"nl"}'
  expect_stderr_line "seed-claude: read 1 conversations (claude 1, chatgpt 0), 4 messages; kept 2, dropped 2 (off_branch 2)"
}

# --- Claude: attachments and filters --------------------------------------------------------------

@test "--no-attachments leaves pastes out; --all-attachments adds named files too" {
  run -0 --separate-stderr seed-claude --no-attachments "$FIX/claude-2025.json"
  expect_picked claude-2025 202500010003 202500010006 202500020001 202500020003 202500020004 202500030003 202500030007
  expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 21 messages; kept 7, dropped 14 (role 8, empty 2, short 1, long 1, code 2); unknown content: location_card 1, widget 1"

  run -0 --separate-stderr seed-claude --all-attachments "$FIX/claude-2025.json"
  local with_pdf
  with_pdf='{"text":"Can you check these numbers against the attached report and tell me whether the revenue figure in the second bullet is right?\n\nQ2 2025 Report\n\nRevenue: 4.2 million EUR (up 6% on Q1).\nOperating costs: 3.1 million EUR.\nHeadcount at quarter end: 57.","source":"claude_export","conversation_id":"7c41e0a9-52d3-4b6f-a1c8-202500010000","message_id":"7c41e0a9-52d3-4b6f-a1c8-202500010003","role":"user","created_at":"2025-06-03T09:13:50.125000Z","conversation_name":"","domain":"nl"}'
  local before after
  before=$(pick claude-2025 202500010001)
  after=$(pick claude-2025 202500010006 202500020001 202500020003 202500020004 202500020006 202500030003 202500030007)
  expect_jsonl_eq - "$before
$with_pdf
$after"
  expect_stderr_line "$SUMMARY_2025"
}

@test "--min and --max count code points, not bytes; --max 0 is no limit" {
  # 100 and 99 code points, both over 100 bytes.
  run -0 --separate-stderr seed-claude --min 99 "$FIX/claude-2024.json"
  expect_picked claude-2024 202400010001 202400010004 202400030001 202400030003
  expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 8 messages; kept 4, dropped 4 (role 3, short 1)"
  run -0 --separate-stderr seed-claude --min 101 "$FIX/claude-2024.json"
  expect_picked claude-2024 202400010001 202400010004
  expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 8 messages; kept 2, dropped 6 (role 3, short 3)"
  # 2000 and 2001 code points, both over 2,000 bytes.
  run -0 --separate-stderr seed-claude --max 1999 "$FIX/claude-2025.json"
  expect_picked claude-2025 202500010001 202500010003 202500010006 202500020001 202500020003 202500020004 \
    202500020006 202500030007
  expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 21 messages; kept 8, dropped 13 (role 8, empty 1, long 2, code 2); unknown content: location_card 1, widget 1"
  for max in 0 2001; do
    run -0 --separate-stderr seed-claude --max "$max" "$FIX/claude-2025.json"
    expect_picked claude-2025 202500010001 202500010003 202500010006 202500020001 202500020003 202500020004 \
      202500020006 202500030001 202500030003 202500030007
    expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 21 messages; kept 10, dropped 11 (role 8, empty 1, code 2); unknown content: location_card 1, widget 1"
  done
  # --max 0 is no limit, so a large --min with it is fine.
  run -0 --separate-stderr seed-claude --min 2001 --max 0 "$FIX/claude-2025.json"
  expect_picked claude-2025 202500030001
}

@test "--max-code-ratio is the share of code points inside fences, an unclosed fence running to the end" {
  # 38% fenced and 48% in an unclosed fence are dropped at the default 0.3, 19% is kept (the
  # plan's count of ``` per character would keep all three).
  local base="202500010001 202500010003 202500010006 202500020001 202500020003 202500020004 202500020006 202500030003"
  run -0 --separate-stderr seed-claude --max-code-ratio 0.45 "$FIX/claude-2025.json"
  expect_picked claude-2025 $base 202500030005 202500030007
  expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 21 messages; kept 10, dropped 11 (role 8, empty 1, long 1, code 1); unknown content: location_card 1, widget 1"
  for r in 0.5 1; do
    run -0 --separate-stderr seed-claude --max-code-ratio "$r" "$FIX/claude-2025.json"
    expect_picked claude-2025 $base 202500030005 202500030007 202500030008
    expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 21 messages; kept 11, dropped 10 (role 8, empty 1, long 1); unknown content: location_card 1, widget 1"
  done
  for r in 0.1 0; do
    run -0 --separate-stderr seed-claude --max-code-ratio "$r" "$FIX/claude-2025.json"
    expect_picked claude-2025 $base
    expect_stderr_line "seed-claude: read 3 conversations (claude 3, chatgpt 0), 21 messages; kept 8, dropped 13 (role 8, empty 1, long 1, code 3); unknown content: location_card 1, widget 1"
  done
}

# --- ChatGPT ----------------------------------------------------------------------------------------

@test "a ChatGPT export: the current_node path, hidden nodes, multimodal parts, epoch times in UTC" {
  run -0 --separate-stderr seed-claude "$FIX/chatgpt.json"
  expect_jsonl_eq - "$(cat "$EXP/chatgpt.jsonl")"
  expect_stderr_line "$SUMMARY_CHATGPT"
  # create_time 1750537483.102 is .102000 (rounded to the microsecond, not cut to .101999);
  # the prompt's image pointer is skipped and its two strings joined by a blank line; the
  # conversation with title null and no current_node ends at its newest leaf, whose message
  # has no id of its own.
  [[ "${lines[0]}" == *'"created_at":"2025-06-21T20:24:43.102000Z","conversation_name":"Photosynthesis, simply","domain":"nl"}' ]]
  [[ "${lines[1]}" == *'all morning.\n\nIs that a photosynthesis problem or a watering problem?","source"'* ]]
  [[ "${lines[2]}" == *'"role":"user","created_at":null,'* ]]
  [[ "${lines[4]}" == *'"message_id":"6851b0c2-3e7d-4f19-8b2a-c9a700020006","role":"user","created_at":"2025-06-22T13:53:20.000000Z","conversation_name":"","domain":"nl"}' ]]
}

@test "ChatGPT assistant messages: citation spans (with the space before punctuation) and stray marks removed; regenerated answers off the path" {
  run -0 --separate-stderr seed-claude --role assistant "$FIX/chatgpt.json"
  expect_picked chatgpt c9a700010005 c9a700010013 c9a700010016
  expect_stderr_line "seed-claude: read 3 conversations (claude 0, chatgpt 3), 25 messages; kept 3, dropped 22 (off_branch 7, hidden 6, unsupported 1, role 6, short 2); unknown content: sonic_webpage 1"
  [[ "${lines[0]}" == '{"text":"Photosynthesis is how plants turn light into food. Leaves take in carbon dioxide from the air and water from the roots, and chlorophyll uses the energy of sunlight to join them into sugar, releasing oxygen. A good'* ]]
  [[ "${lines[0]}" == *'"created_at":"2025-06-21T20:24:55.123457Z",'* ]]
  [[ "${lines[1]}" == '{"text":"Yellow lower leaves on basil usually mean too much water rather than too little light. Let the top'* ]]
}

@test "ChatGPT --all-branches keeps the other branches in mapping order; hidden stays hidden" {
  run -0 --separate-stderr seed-claude --all-branches --role all --min 0 --max 0 --max-code-ratio 1 "$FIX/chatgpt.json"
  expect_jsonl_eq - "$(cat "$EXP/chatgpt.every.jsonl")"
  expect_stderr_line "seed-claude: read 3 conversations (claude 0, chatgpt 3), 25 messages; kept 17, dropped 8 (hidden 6, unsupported 1, empty 1); unknown content: sonic_webpage 1"
  run -0 --separate-stderr seed-claude --all-branches "$FIX/chatgpt.json"
  expect_picked chatgpt c9a700010003 c9a700010008 c9a700010014 c9a700020001 c9a700020003 c9a700020006
  expect_stderr_line "seed-claude: read 3 conversations (claude 0, chatgpt 3), 25 messages; kept 6, dropped 19 (hidden 6, unsupported 1, role 10, empty 1, short 1); unknown content: sonic_webpage 1"
}

@test "ChatGPT trees: an unknown current_node, a dangling parent and a cycle end the walk; a user's system message is not hidden but is not user or assistant either" {
  cat > trees.json <<'EOF'
[{"id":"t1","title":"Unknown current node","current_node":"gone","mapping":{
  "r":{"id":"r","message":null,"parent":null,"children":["u1"]},
  "u1":{"id":"u1","message":{"id":"u1","author":{"role":"user"},"create_time":10.0,"content":{"content_type":"text","parts":["prompt"]}},"parent":"r","children":["a1","a2"]},
  "a1":{"id":"a1","message":{"id":"a1","author":{"role":"assistant"},"create_time":30.5,"content":{"content_type":"text","parts":["newest answer"]}},"parent":"u1","children":[]},
  "a2":{"id":"a2","message":{"id":"a2","author":{"role":"assistant"},"create_time":20.0,"content":{"content_type":"text","parts":["older answer"]}},"parent":"u1","children":[]}}},
 {"id":"t2","title":"Dangling","current_node":"d2","mapping":{
  "d1":{"id":"d1","message":{"id":"d1","author":{"role":"user"},"create_time":1.0,"content":{"content_type":"text","parts":["before the gap"]}},"parent":null,"children":[]},
  "d2":{"id":"d2","message":{"id":"d2","author":{"role":"user"},"create_time":2.0,"content":{"content_type":"text","parts":["after the gap"]}},"parent":"deleted","children":[]}}},
 {"id":"t3","title":"Cycle","current_node":"y2","mapping":{
  "y1":{"id":"y1","message":{"id":"y1","author":{"role":"user"},"create_time":1.0,"content":{"content_type":"text","parts":["loop one"]}},"parent":"y2","children":["y2"]},
  "y2":{"id":"y2","message":{"id":"y2","author":{"role":"user"},"create_time":2.0,"content":{"content_type":"text","parts":["loop two"]}},"parent":"y1","children":["y1"]},
  "y3":{"id":"y3","message":{"id":"y3","author":{"role":"user"},"create_time":3.0,"content":{"content_type":"text","parts":["outside"]}},"parent":null,"children":[]}}},
 {"id":"t4","title":"System","current_node":"s2","mapping":{
  "s1":{"id":"s1","message":{"id":"s1","author":{"role":"system"},"create_time":null,"content":{"content_type":"text","parts":["Answer like a pirate."]},"metadata":{"is_user_system_message":true}},"parent":null,"children":["s2"]},
  "s2":{"id":"s2","message":{"id":"s2","author":{"role":"user"},"create_time":5.0,"content":{"content_type":"text","parts":["Ahoy"]},"metadata":{}},"parent":"s1","children":[]}}}]
EOF
  run -0 --separate-stderr seed-claude --role all --min 1 trees.json
  expect_jsonl_eq - '{"text":"prompt","source":"chatgpt_export","conversation_id":"t1","message_id":"u1","role":"user","created_at":"1970-01-01T00:00:10.000000Z","conversation_name":"Unknown current node","domain":"nl"}
{"text":"newest answer","source":"chatgpt_export","conversation_id":"t1","message_id":"a1","role":"assistant","created_at":"1970-01-01T00:00:30.500000Z","conversation_name":"Unknown current node","domain":"nl"}
{"text":"after the gap","source":"chatgpt_export","conversation_id":"t2","message_id":"d2","role":"user","created_at":"1970-01-01T00:00:02.000000Z","conversation_name":"Dangling","domain":"nl"}
{"text":"loop one","source":"chatgpt_export","conversation_id":"t3","message_id":"y1","role":"user","created_at":"1970-01-01T00:00:01.000000Z","conversation_name":"Cycle","domain":"nl"}
{"text":"loop two","source":"chatgpt_export","conversation_id":"t3","message_id":"y2","role":"user","created_at":"1970-01-01T00:00:02.000000Z","conversation_name":"Cycle","domain":"nl"}
{"text":"Ahoy","source":"chatgpt_export","conversation_id":"t4","message_id":"s2","role":"user","created_at":"1970-01-01T00:00:05.000000Z","conversation_name":"System","domain":"nl"}'
  # The system message is dropped as role (the records are user or assistant), not as hidden.
  expect_stderr_line "seed-claude: read 4 conversations (claude 0, chatgpt 4), 10 messages; kept 6, dropped 4 (off_branch 3, role 1)"
  run -0 --separate-stderr seed-claude --min 1 trees.json
  expect_stderr_line "seed-claude: read 4 conversations (claude 0, chatgpt 4), 10 messages; kept 5, dropped 5 (off_branch 3, role 2)"
}

@test "a sharded ChatGPT export: the shards in name order; user.json, message_feedback.json, chat.html ignored" {
  run -0 --separate-stderr seed-claude "$FIX/chatgpt-sharded"
  expect_jsonl_eq - "$(cat "$EXP/chatgpt-sharded.jsonl")"
  expect_stderr_line "$SUMMARY_SHARDED"
  # Zipped with the shards stored out of order, beside files whose names only look alike.
  printf 'not json' > garbage
  make_zip export.zip "chat.html=$FIX/chatgpt-sharded/chat.html" \
    "conversations-001.json=$FIX/chatgpt-sharded/conversations-001.json" \
    "user.json=$FIX/chatgpt-sharded/user.json" \
    "conversations-000.json=$FIX/chatgpt-sharded/conversations-000.json" \
    "message_feedback.json=$FIX/chatgpt-sharded/message_feedback.json" \
    "shared_conversations.json=garbage" "conversations-old.json=garbage" "conversations.json.bak=garbage" \
    "dalle-generations/conversations.txt=garbage"
  run -0 --separate-stderr seed-claude export.zip
  expect_jsonl_eq - "$(cat "$EXP/chatgpt-sharded.jsonl")"
  expect_stderr_line "$SUMMARY_SHARDED"
  # The same as a folder.
  mkdir folder
  cp "$FIX"/chatgpt-sharded/* folder/
  for f in shared_conversations.json conversations-old.json conversations.json.bak; do cp garbage "folder/$f"; done
  run -0 --separate-stderr seed-claude folder
  expect_jsonl_eq - "$(cat "$EXP/chatgpt-sharded.jsonl")"
  expect_stderr_line "$SUMMARY_SHARDED"
}

@test "conversation files anywhere in a zip or folder are read in byte order of their paths" {
  make_zip two.zip "b/conversations.json=$FIX/claude-2024.json" "a/conversations.json=$FIX/claude-2026-branched.json"
  run -0 --separate-stderr seed-claude two.zip
  expect_jsonl_eq - "$(cat "$EXP/claude-2026-branched.jsonl" "$EXP/claude-2024.jsonl")"
  expect_stderr_line "seed-claude: read 6 conversations (claude 6, chatgpt 0), 25 messages; kept 9, dropped 16 (off_branch 5, role 9, short 2)"
  mkdir -p tree/b tree/a/deeper tree/B
  cp "$FIX/claude-2024.json" tree/b/conversations.json
  cp "$FIX/claude-2026-branched.json" tree/a/deeper/conversations.json
  cp "$FIX/chatgpt.json" tree/B/conversations-000.json
  run -0 --separate-stderr seed-claude tree
  expect_jsonl_eq - "$(cat "$EXP/chatgpt.jsonl" "$EXP/claude-2026-branched.jsonl" "$EXP/claude-2024.jsonl")"
}

# --- input forms ------------------------------------------------------------------------------------

@test "every input form gives the same records: zip, zip without .zip, folder, bare file, gzip, zstd, stdin" {
  make_claude_zip export.zip
  cp export.zip data-2025-10-06-00-55-16-batch-0000
  mkdir -p unzipped/$CLAUDE_DIR
  cp "$FIX/claude-2025.json" unzipped/$CLAUDE_DIR/conversations.json
  cp "$FIX"/claude-zip/*.json unzipped/$CLAUDE_DIR/
  gzip -c "$FIX/claude-2025.json" > conversations.json.gz
  gzip -c "$FIX/claude-2025.json" > gzipped-without-suffix
  zstd -q -c "$FIX/claude-2025.json" > conversations.json.zst
  for input in export.zip data-2025-10-06-00-55-16-batch-0000 unzipped unzipped/$CLAUDE_DIR \
    "$FIX/claude-2025.json" conversations.json.gz gzipped-without-suffix conversations.json.zst; do
    run -0 --separate-stderr seed-claude "$input"
    expect_jsonl_eq - "$(cat "$EXP/claude-2025.jsonl")"
    expect_stderr_line "$SUMMARY_2025"
  done
  for input in export.zip "$FIX/claude-2025.json" conversations.json.gz; do
    run -0 --separate-stderr seed-claude < "$input"
    expect_jsonl_eq - "$(cat "$EXP/claude-2025.jsonl")"
    expect_stderr_line "$SUMMARY_2025"
    run -0 --separate-stderr seed-claude - < "$input"
    expect_jsonl_eq - "$(cat "$EXP/claude-2025.jsonl")"
  done
}

@test "inputs are read in order, '-' among them; Claude and ChatGPT exports mix" {
  run -0 --separate-stderr seed-claude "$FIX/claude-2024.json" - "$FIX/chatgpt.json" < "$FIX/claude-2026-branched.json"
  expect_jsonl_eq - "$(cat "$EXP/claude-2024.jsonl" "$EXP/claude-2026-branched.jsonl" "$EXP/chatgpt.jsonl")"
  expect_stderr_line "seed-claude: read 9 conversations (claude 6, chatgpt 3), 50 messages; kept 14, dropped 36 (off_branch 12, hidden 6, unsupported 1, role 14, empty 1, short 2); unknown content: sonic_webpage 1"
}

@test "a top-level {\"conversations\": [...]} is read like the array" {
  python3 - "$FIX/chatgpt.json" <<'EOF' > wrapped.json
import json, sys
print(json.dumps({"conversations": json.load(open(sys.argv[1], encoding="utf-8")), "user": {"id": "user-1"}}))
EOF
  run -0 --separate-stderr seed-claude wrapped.json
  expect_jsonl_eq - "$(cat "$EXP/chatgpt.jsonl")"
  expect_stderr_line "$SUMMARY_CHATGPT"
}

@test "a conversation of neither format is skipped and counted; --format forces one" {
  python3 - "$FIX/claude-2024.json" "$FIX/chatgpt.json" <<'EOF' > mixed.json
import json, sys
claude = json.load(open(sys.argv[1], encoding="utf-8"))
chatgpt = json.load(open(sys.argv[2], encoding="utf-8"))
project = {"uuid": "51c3e7a9-2b4d-4f6a-8c1e-3d5f7a9b1c2d", "name": "Team wiki", "docs": []}
print(json.dumps([claude[0], project, chatgpt[1]], ensure_ascii=False))
EOF
  run -0 --separate-stderr seed-claude mixed.json
  local claude chatgpt
  claude=$(pick claude-2024 202400010001 202400010004)
  chatgpt=$(pick chatgpt c9a700020001 c9a700020006)
  expect_jsonl_eq - "$claude
$chatgpt"
  expect_stderr_line "seed-claude: read 3 conversations (claude 1, chatgpt 1), skipped 1 unrecognized conversations, 11 messages; kept 4, dropped 7 (off_branch 3, role 3, short 1)"
  run -0 --separate-stderr seed-claude --format claude mixed.json
  expect_jsonl_eq - "$claude"
  expect_stderr_line "seed-claude: read 3 conversations (claude 1, chatgpt 0), skipped 2 unrecognized conversations, 5 messages; kept 2, dropped 3 (role 2, short 1)"
  run -0 --separate-stderr seed-claude --format chatgpt mixed.json
  expect_jsonl_eq - "$chatgpt"
  expect_stderr_line "seed-claude: read 3 conversations (claude 0, chatgpt 1), skipped 2 unrecognized conversations, 6 messages; kept 2, dropped 4 (off_branch 3, role 1)"
  # A whole export of the other kind.
  run -0 --separate-stderr seed-claude --format chatgpt "$FIX/claude-2025.json"
  [ -z "$output" ]
  expect_stderr_line "seed-claude: read 3 conversations (claude 0, chatgpt 0), skipped 3 unrecognized conversations, 0 messages; kept 0, dropped 0"
  run -0 --separate-stderr seed-claude --format claude "$FIX/chatgpt.json"
  [ -z "$output" ]
  expect_stderr_line "seed-claude: read 3 conversations (claude 0, chatgpt 0), skipped 3 unrecognized conversations, 0 messages; kept 0, dropped 0"
  run -0 --separate-stderr seed-claude --format auto "$FIX/chatgpt.json"
  expect_stderr_line "$SUMMARY_CHATGPT"
}

# --- duplicates -------------------------------------------------------------------------------------

@test "the same export twice, or as a zip and a file: each message once, the rest counted as duplicate" {
  run -0 --separate-stderr seed-claude "$FIX/claude-2025.json" "$FIX/claude-2025.json"
  expect_jsonl_eq - "$(cat "$EXP/claude-2025.jsonl")"
  expect_stderr_line "seed-claude: read 6 conversations (claude 6, chatgpt 0), 42 messages; kept 9, dropped 33 (role 16, empty 2, long 2, code 4, duplicate 9); unknown content: location_card 2, widget 2"
  make_claude_zip export.zip
  run -0 --separate-stderr seed-claude export.zip - < "$FIX/claude-2025.json"
  expect_jsonl_eq - "$(cat "$EXP/claude-2025.jsonl")"
  expect_stderr_line "seed-claude: read 6 conversations (claude 6, chatgpt 0), 42 messages; kept 9, dropped 33 (role 16, empty 2, long 2, code 4, duplicate 9); unknown content: location_card 2, widget 2"
}

@test "two overlapping exports: a conversation in both gives its messages once" {
  # chatgpt-sharded holds an earlier copy of chatgpt.json's cron conversation (same ids).
  run -0 --separate-stderr seed-claude "$FIX/chatgpt-sharded" "$FIX/chatgpt.json"
  local later
  later=$(pick chatgpt c9a700010003 c9a700010008 c9a700010014 c9a700020006)
  expect_jsonl_eq - "$(cat "$EXP/chatgpt-sharded.jsonl")
$later"
  expect_stderr_line "seed-claude: read 7 conversations (claude 0, chatgpt 7), 32 messages; kept 8, dropped 24 (off_branch 7, hidden 6, unsupported 1, role 8, empty 1, duplicate 1); unknown content: sonic_webpage 1"
}

@test "duplicates are keyed by conversation and message: one message id in two conversations is two messages" {
  cat > ids.json <<'EOF'
[{"id":"c1","title":"One","current_node":"m1","mapping":{"m1":{"id":"m1","message":{"id":"m1","author":{"role":"user"},"create_time":1.0,"content":{"content_type":"text","parts":["same id, first conversation"]}},"parent":null,"children":[]}}},
 {"id":"c2","title":"Two","current_node":"m1","mapping":{"m1":{"id":"m1","message":{"id":"m1","author":{"role":"user"},"create_time":1.0,"content":{"content_type":"text","parts":["same id, second conversation"]}},"parent":null,"children":[]}}}]
EOF
  run -0 --separate-stderr seed-claude --min 1 ids.json ids.json
  expect_jsonl_eq - '{"text":"same id, first conversation","source":"chatgpt_export","conversation_id":"c1","message_id":"m1","role":"user","created_at":"1970-01-01T00:00:01.000000Z","conversation_name":"One","domain":"nl"}
{"text":"same id, second conversation","source":"chatgpt_export","conversation_id":"c2","message_id":"m1","role":"user","created_at":"1970-01-01T00:00:01.000000Z","conversation_name":"Two","domain":"nl"}'
  expect_stderr_line "seed-claude: read 4 conversations (claude 0, chatgpt 4), 4 messages; kept 2, dropped 2 (duplicate 2)"
}

# --- output -----------------------------------------------------------------------------------------

@test "-o writes the file only when the run succeeds; -q silences the summary" {
  run -0 --separate-stderr seed-claude -o out.jsonl "$FIX/claude-2024.json"
  [ -z "$output" ]
  expect_stderr_line "$SUMMARY_2024"
  cmp out.jsonl "$EXP/claude-2024.jsonl"
  run -0 --separate-stderr seed-claude -q --output=quiet.jsonl "$FIX/claude-2024.json"
  [ -z "$output" ]
  [ -z "$stderr" ]
  cmp quiet.jsonl "$EXP/claude-2024.jsonl"
  head -c 3000 "$FIX/claude-2024.json" > cut.json
  run -1 --separate-stderr seed-claude -o failed.jsonl "$FIX/claude-2025.json" cut.json
  [ -z "$output" ]
  [[ "$stderr" == "seed-claude: cut.json:"* ]]
  no_files_like 'failed.jsonl*'
  [ "$(compgen -G '*' | sort | tr '\n' ' ')" = "cut.json out.jsonl quiet.jsonl " ]
}

@test "a closed pipe ends seed-claude quietly with status 0" {
  python3 - <<'EOF' > big.json
import json
convs = []
for i in range(30000):
    text = "Question number %d: how do I keep a long-running export job from filling the disk with temporary files?" % i
    convs.append({"uuid": "conv-%d" % i, "name": "", "chat_messages": [
        {"uuid": "msg-%d" % i, "text": text, "content": [{"type": "text", "text": text}], "sender": "human",
         "created_at": "2025-01-01T00:00:00.000000Z", "attachments": [], "files": []}]})
print(json.dumps(convs))
EOF
  run -0 --separate-stderr bash -c 'set -o pipefail; seed-claude big.json | head -n 1'
  assert_output '{"text":"Question number 0: how do I keep a long-running export job from filling the disk with temporary files?","source":"claude_export","conversation_id":"conv-0","message_id":"msg-0","role":"user","created_at":"2025-01-01T00:00:00.000000Z","conversation_name":"","domain":"nl"}'
  [ -z "$stderr" ]
  make_zip big.zip "conversations.json=big.json"
  run -0 --separate-stderr bash -c 'set -o pipefail; seed-claude < big.zip | head -n 1'
  [[ "$output" == '{"text":"Question number 0: '* ]]
  [ -z "$stderr" ]
}

@test "a write error on standard output is loud: exit 1 and one message" {
  run -1 --separate-stderr bash -c 'seed-claude -q "$1" > /dev/full' _ "$FIX/claude-2024.json"
  expect_stderr_line "seed-claude: write error: No space left on device"
}

# --- bad input --------------------------------------------------------------------------------------

@test "truncated JSON: the conversations before the damage are written whole, then exit 1 with the place" {
  # Cut in the middle of the second conversation; the message names where it starts.
  read -r line byte cut < <(python3 - "$FIX/claude-2025.json" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
starts = [i + 1 for i in range(len(data)) if data.startswith(b"\n  {\n", i)]
second, third = starts[1] + 2, starts[2] + 2
print(data[:second].count(b"\n") + 1, second, (second + third) // 2)
EOF
)
  head -c "$cut" "$FIX/claude-2025.json" > cut.json
  run -1 --separate-stderr seed-claude cut.json
  expect_picked claude-2025 202500010001 202500010003 202500010006
  expect_stderr_line "seed-claude: cut.json:$line: the JSON array is not closed (truncated?) (byte $byte); 3 records were written"
  run -1 --separate-stderr seed-claude < cut.json
  expect_picked claude-2025 202500010001 202500010003 202500010006
  expect_stderr_line "seed-claude: <stdin>:$line: the JSON array is not closed (truncated?) (byte $byte); 3 records were written"
  # Inside a zip the message names the member after the zip.
  make_zip cut.zip "data/conversations.json=cut.json"
  run -1 --separate-stderr seed-claude cut.zip
  expect_picked claude-2025 202500010001 202500010003 202500010006
  expect_stderr_line "seed-claude: cut.zip:data/conversations.json:$line: the JSON array is not closed (truncated?) (byte $byte); 3 records were written"
  # Cut after the last conversation, before the closing bracket.
  head -c "$(($(stat -c %s "$FIX/claude-2024.json") - 3))" "$FIX/claude-2024.json" > unclosed.json
  run -1 --separate-stderr seed-claude unclosed.json
  expect_jsonl_eq - "$(cat "$EXP/claude-2024.jsonl")"
  # The file ends "\n]\n": the reader stops at the end of the line before the bracket.
  expect_stderr_line "seed-claude: unclosed.json:$(($(wc -l < "$FIX/claude-2024.json") - 1)): the JSON array is not closed (truncated?) (byte $(($(stat -c %s "$FIX/claude-2024.json") - 3))); $(wc -l < "$EXP/claude-2024.jsonl") records were written"
}

@test "invalid JSON inside a conversation: the ones before it are written, then exit 1 with the line and byte" {
  # The third conversation's first assistant message gets a bare word for its sender.
  read -r line byte < <(python3 - "$FIX/claude-2024.json" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
third = data.index(b'"uuid": "3b9d6f2e-1a4c-4d8e-9b7f-202400030000"')
bad = data.index(b'"sender": "assistant"', third)
open("bad.json", "wb").write(data[:bad] + b'"sender": assistant' + data[bad + len(b'"sender": "assistant"'):])
print(data[:bad].count(b"\n") + 1, bad + len(b'"sender": '))
EOF
)
  run -1 --separate-stderr seed-claude bad.json
  expect_picked claude-2024 202400010001 202400010004
  expect_stderr_line "seed-claude: bad.json:$line: invalid JSON at byte $byte: unexpected 'a', expected a value; 2 records were written"
}

@test "a top level that is not an array of conversations is an error naming the place" {
  # The spec fixes the facts (file, line, byte) and the gist; the wording between may vary.
  python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))[0], indent=1))' "$FIX/claude-2024.json" > one.json
  run -1 --separate-stderr seed-claude one.json
  [ -z "$output" ]
  [ "${#stderr_lines[@]}" -eq 1 ]
  [[ "$stderr" == "seed-claude: one.json:1: expected a JSON array of conversations"*" (byte 0)" ]]
  printf '{"conversations": {"a": 1}}' > wrong-member.json
  run -1 --separate-stderr seed-claude wrong-member.json
  [ "${#stderr_lines[@]}" -eq 1 ]
  [[ "$stderr" == "seed-claude: wrong-member.json:1: expected a JSON array of conversations"*" (byte 0)" ]]
  printf '\n  "conversations"\n' > string.json
  run -1 --separate-stderr seed-claude string.json
  expect_stderr_line "seed-claude: string.json:2: expected a JSON array of conversations, found '\"' (byte 3)"
  : > empty.json
  run -1 --separate-stderr seed-claude empty.json
  [ "${#stderr_lines[@]}" -eq 1 ]
  expect_stderr_line "seed-claude: empty.json:1: empty input, expected a JSON array of conversations (byte 0)"
  # Elements that are not objects are conversations of neither format.
  printf '{"conversations": [1, "x", null]}' > scalars.json
  run -0 --separate-stderr seed-claude scalars.json
  [ -z "$output" ]
  expect_stderr_line "seed-claude: read 3 conversations (claude 0, chatgpt 0), skipped 3 unrecognized conversations, 0 messages; kept 0, dropped 0"
  printf '[]' > none.json
  run -0 --separate-stderr seed-claude none.json
  expect_stderr_line "seed-claude: read 0 conversations (claude 0, chatgpt 0), 0 messages; kept 0, dropped 0"
}

@test "a zip or folder without a conversations file, a corrupt zip, a missing input" {
  make_zip projects-only.zip "data/projects.json=$FIX/claude-zip/projects.json" "data/users.json=$FIX/claude-zip/users.json"
  run -1 --separate-stderr seed-claude projects-only.zip
  [ -z "$output" ]
  expect_stderr_line "seed-claude: projects-only.zip: no conversations.json or conversations-NNN.json in the zip (it holds data/projects.json, data/users.json)"
  mkdir folder
  cp "$FIX/chatgpt-sharded/user.json" "$FIX/chatgpt-sharded/chat.html" folder/
  run -1 --separate-stderr seed-claude folder
  expect_stderr_line "seed-claude: folder: no conversations.json or conversations-NNN.json in the folder"
  run -1 --separate-stderr seed-claude < projects-only.zip
  expect_stderr_line "seed-claude: <stdin>: no conversations.json or conversations-NNN.json in the zip (it holds data/projects.json, data/users.json)"

  make_claude_zip export.zip
  head -c "$(($(stat -c %s export.zip) / 2))" export.zip > half.zip
  run -1 --separate-stderr seed-claude half.zip
  [[ "$stderr" == "seed-claude: half.zip: "*zip* ]]
  [ "${#stderr_lines[@]}" -eq 1 ]
  printf 'PK\003\004this is not a zip entry at all, only garbage after the magic bytes' > garbage.zip
  run -1 --separate-stderr seed-claude garbage.zip
  [ -z "$output" ]
  [[ "$stderr" == "seed-claude: garbage.zip: "*zip* ]]
  [ "${#stderr_lines[@]}" -eq 1 ]

  run -1 --separate-stderr seed-claude "$FIX/claude-2024.json" missing.json
  [ -z "$output" ]
  expect_stderr_line "seed-claude: missing.json: No such file or directory"
}

# --- the command line -------------------------------------------------------------------------------

@test "option errors exit 2 with the reason before anything is read" {
  expect_usage_error "--role: expected 'user', 'assistant' or 'all', not 'bot'" --role bot "$FIX/claude-2024.json"
  expect_usage_error "--format: expected 'claude', 'chatgpt' or 'auto', not 'json'" --format json "$FIX/claude-2024.json"
  expect_usage_error "--min 500 is greater than --max 100" --min 500 --max 100 -o out.jsonl "$FIX/claude-2024.json"
  expect_usage_error "--max: not a non-negative integer: '1O0'" --max 1O0 "$FIX/claude-2024.json"
  expect_usage_error "--min: not a non-negative integer: '-1'" --min -1 "$FIX/claude-2024.json"
  for r in 1.5 -0.1; do
    expect_usage_error "--max-code-ratio: must be between 0 and 1: '$r'" --max-code-ratio "$r" "$FIX/claude-2024.json"
  done
  expect_usage_error "--max-code-ratio: not a number: 'x'" --max-code-ratio x "$FIX/claude-2024.json"
  expect_usage_error "--no-attachments and --all-attachments contradict each other" --no-attachments --all-attachments "$FIX/claude-2025.json"
  expect_usage_error "unrecognized option '--all-branch' (did you mean '--all-branches'?)" --all-branch "$FIX/claude-2024.json"
  expect_usage_error "unrecognized option '--quite' (did you mean '--quiet'?)" --quite
  expect_usage_error "option '--role' needs a value (ROLE)" --role
  expect_usage_error "--output: empty file name" -o '' "$FIX/claude-2024.json"
  # Usage errors come before any input is looked at.
  expect_usage_error "--role: expected 'user', 'assistant' or 'all', not 'bot'" --role bot missing.json
  no_files_like 'out.jsonl*'
}

@test "--help lists every option and exits 0; --version names the tool" {
  run -0 --separate-stderr seed-claude --help
  [ -z "$stderr" ]
  assert_line --index 0 "Usage: seed-claude [OPTIONS] [EXPORT...]"
  local listed
  listed=$(printf '%s\n' "$output" | sed -nE 's/^ +(-[a-zA-Z], )?(--[a-z][a-z0-9-]*).*/\2/p' | sort -u | tr '\n' ' ')
  [ "$listed" = "--all-attachments --all-branches --format --help --max --max-code-ratio --min --no-attachments --output --quiet --role --version " ]
  listed=$(printf '%s\n' "$output" | sed -nE 's/^ +(-[a-zA-Z]), --.*/\1/p' | sort -u | tr '\n' ' ')
  [ "$listed" = "-h -o -q " ]
  run -0 seed-claude -h missing.json
  assert_line --index 0 "Usage: seed-claude [OPTIONS] [EXPORT...]"
  run -0 seed-claude --version
  assert_output "seed-claude (seed-tools) 0.1.0"
}

@test "a compressed zip given by name is read as a stream; a missing input stops the run before anything is written" {
  make_zip export.zip "data/conversations.json=$FIX/claude-2025.json"
  gzip -k export.zip
  run -0 --separate-stderr seed-claude export.zip.gz
  expect_jsonl_eq - "$(cat "$EXP/claude-2025.jsonl")"
  run -1 --separate-stderr seed-claude "$FIX/claude-2025.json" missing.json
  [ -z "$output" ]
  expect_stderr_line "seed-claude: missing.json: No such file or directory"
}

@test "--format reads a conversation that has both shapes as the format asked for" {
  printf '[{"uuid":"c1","name":"n","chat_messages":[],"id":"g1","title":"t","current_node":"m","mapping":{"m":{"id":"m","parent":null,"children":[],"message":{"id":"m","author":{"role":"user"},"create_time":1,"content":{"content_type":"text","parts":["from the mapping"]}}}}}]' > both.json
  run -0 --separate-stderr seed-claude --min 1 both.json
  [ -z "$output" ]
  expect_stderr_line "seed-claude: read 1 conversations (claude 1, chatgpt 0), 0 messages; kept 0, dropped 0"
  run -0 --separate-stderr seed-claude --min 1 --format chatgpt both.json
  expect_jsonl_eq - '{"text":"from the mapping","source":"chatgpt_export","conversation_id":"g1","message_id":"m","role":"user","created_at":"1970-01-01T00:00:01.000000Z","conversation_name":"t","domain":"nl"}'
}

@test "a pipe named on the command line is read once: a zip or a JSON file; invalid UTF-8 is placed by byte" {
  make_zip export.zip "data/conversations.json=$FIX/claude-2025.json"
  run -0 --separate-stderr seed-claude <(cat export.zip)
  expect_jsonl_eq - "$(cat "$EXP/claude-2025.jsonl")"
  printf '[{"uuid":"x","chat_messages":[{"text":"\xff"}]}]' > bad-utf8.json
  run -1 --separate-stderr seed-claude bad-utf8.json
  expect_stderr_line "seed-claude: bad-utf8.json:1: invalid UTF-8 at byte 39 (byte 0xff)"
}
