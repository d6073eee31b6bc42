# Helpers for the tests of seed-hfstream's parquet reading that both tests/cli/parquet.bats and
# tests/cli/seed-hfstream.bats use: the records the fake's parquet files should give, made from
# the fake's own row generators (fakehub.py), and the summary's "fetched X MiB of Y MiB of
# parquet", made from the fake's log and listing. Load after ../fakehub/fakehub.

# fakehub_parquet_records DATASET [--text COLS] [--columns COLS] [--keep PYEXPR] [--offset K]
#                         [--limit N]
# The records of the data files of DATASET (bigcode/the-stack: data/python/*.parquet;
# codeparrot/github-code: data/*.parquet) in path order, from the rows fakehub.py writes into
# them: the rows for which PYEXPR (on the row r) holds, counted through all the files; from the
# K-th of them, N of them; each with a text (the string, non-empty COLS joined by a blank line)
# as text, source, dataset, config default, split train, file, row_idx (counted in its file),
# then the listed columns (default: every column but the text columns), leaving out the names
# the record sets itself. Compact JSON, raw UTF-8.
fakehub_parquet_records() {
  python3 - "$@" <<'EOF'
import argparse, json, os, sys
sys.path.insert(0, os.path.join(os.environ["SEED_SOURCE_ROOT"], "tests", "fakehub"))
import fakehub
ap = argparse.ArgumentParser()
ap.add_argument("dataset")
ap.add_argument("--text", default="text")
ap.add_argument("--columns", default="")
ap.add_argument("--keep", default="True")
ap.add_argument("--offset", type=int, default=0)
ap.add_argument("--limit", type=int)
a = ap.parse_args()
if a.dataset == "bigcode/the-stack":
    files = [(f"data/python/train-{k:05d}-of-00003.parquet", fakehub.gen_stack_file("Python", "py", None, k, 200))
             for k in range(3)]
elif a.dataset == "codeparrot/github-code":
    files = [(f"data/train-{k:05d}-of-00004.parquet", fakehub.gen_github_code(k)) for k in range(4)]
else:
    sys.exit(f"fakehub_parquet_records: no parquet data files known for {a.dataset}")
matches = [(path, i, r) for path, rows in files for i, r in enumerate(rows) if eval(a.keep, {"r": r})]
matches = matches[a.offset:] if a.limit is None else matches[a.offset:a.offset + a.limit]
text_columns = a.text.split(",")
reserved = {"text", "source", "dataset", "config", "split", "file", "row_idx"}
for path, i, r in matches:
    text = "\n\n".join(r[c] for c in text_columns if isinstance(r.get(c), str) and r[c])
    if not text:
        continue
    record = {"text": text, "source": a.dataset, "dataset": a.dataset, "config": "default", "split": "train",
              "file": path, "row_idx": i}
    others = a.columns.split(",") if a.columns else [c for c in r if c not in text_columns]
    for c in others:
        if c in r and c not in reserved:
            record[c] = r[c]
    print(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
EOF
}

# The profiles' --where, as a Python expression on the row r.
STACK_KEEP="'def ' in r['content'] or 'class ' in r['content']"
GITHUB_CODE_KEEP="r['language'] == 'Python' and ('def ' in r['code'] or 'class ' in r['code'])"

# fetched_summary REPO REV FOLDER [FILE...]: the summary's "fetched X MiB of Y MiB of parquet"
# for a run that read the parquet files FILE... (paths in the repository; default: every .parquet
# file) of the listing of FOLDER of REPO at REV (FOLDER "" for the whole repository): X the bytes
# the fake's CDN sent without a fault (so an error body or a cut-off body is not counted), from
# its log; Y the sizes of those files in the Hub's listing (every page of it, with the token
# hf_good). The log is read before the listing adds its own requests to it.
fetched_summary() {
  python3 - "$FAKEHUB_MAIN" "$@" <<'EOF'
import json, re, sys, urllib.parse, urllib.request
base, repo, rev, folder, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], set(sys.argv[5:])
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
fetched = sum(e["sent"] for e in json.load(opener.open(base + "/_log")) if e["port"] == "cdn" and not e["fault"])
url = (f"{base}/api/datasets/{repo}/tree/{urllib.parse.quote(rev, safe='')}"
       f"{'/' + folder if folder else ''}?recursive=true&expand=false")
size, found = 0, set()
while url:
    answer = opener.open(urllib.request.Request(url, headers={"Authorization": "Bearer hf_good"}))
    for e in json.load(answer):
        if e["type"] == "file" and (e["path"] in files if files else e["path"].endswith(".parquet")):
            size += e["size"]
            found.add(e["path"])
    link = re.search(r'<([^>]*)>; rel="next"', answer.headers.get("Link") or "")
    url = link.group(1) if link else None
if not found or files - found:
    sys.exit(f"fetched_summary: not in the listing of {repo}@{rev} {folder}: {sorted(files - found) or 'no parquet file'}")
print(f"fetched {fetched / 1048576:.1f} MiB of {size / 1048576:.1f} MiB of parquet")
EOF
}

# listed_size REPO REV PATH: the size of the file PATH of REPO at REV in the Hub's listing of its
# folder (with the token hf_good; the listing is logged by the fake like any request).
listed_size() {
  python3 - "$FAKEHUB_MAIN" "$@" <<'EOF'
import json, re, sys, urllib.parse, urllib.request
base, repo, rev, path = sys.argv[1:]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
url = f"{base}/api/datasets/{repo}/tree/{urllib.parse.quote(rev, safe='')}/{path.rpartition('/')[0]}"
while url:
    answer = opener.open(urllib.request.Request(url, headers={"Authorization": "Bearer hf_good"}))
    for e in json.load(answer):
        if e["path"] == path:
            sys.exit(print(e["size"]))
    link = re.search(r'<([^>]*)>; rel="next"', answer.headers.get("Link") or "")
    url = link.group(1) if link else None
sys.exit(f"listed_size: {path} is not in the listing of {repo}@{rev}")
EOF
}

# parquet_floats: the JSONL records on stdin (compact, raw UTF-8, as expected_records writes them
# from the viewer's rows) with each float written as a parquet DOUBLE is made JSON: its shortest
# digits in fixed or scientific notation, whichever is shorter (fixed for a tie), as C++'s
# std::to_chars writes them (0.0 is 0, 0.0003 is 3e-04, 1e20 is 1e+20; see seed-hfstream(1),
# PARQUET). Everything else is written as json.dumps writes it.
parquet_floats() {
  python3 -c '
import json, math, sys
def number(v):
    if v == 0:
        return "-0" if math.copysign(1, v) < 0 else "0"
    sign, digits, exp = __import__("decimal").Decimal(repr(v)).normalize().as_tuple()
    d = "".join(map(str, digits))
    e = exp + len(d) - 1
    sci = d[0] + ("." + d[1:] if len(d) > 1 else "") + "e" + ("-" if e < 0 else "+") + "%02d" % abs(e)
    if exp >= 0:
        fixed = d + "0" * exp
    elif -exp < len(d):
        fixed = d[:exp] + "." + d[exp:]
    else:
        fixed = "0." + "0" * (-exp - len(d)) + d
    return ("-" if sign else "") + (fixed if len(fixed) <= len(sci) else sci)
def dump(v):
    if isinstance(v, float):
        return number(v)
    if isinstance(v, list):
        return "[" + ",".join(map(dump, v)) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + dump(x) for k, x in v.items()) + "}"
    return json.dumps(v, ensure_ascii=False)
for line in sys.stdin:
    print(dump(json.loads(line)))'
}

# inject_after_request PATH JSON: waits, polling the fake's log (no sleeping), until a request
# to PATH has arrived, then POSTs JSON to /_control. With latency_ms, the request waits that long
# for its answer, so the faults posted hit the requests after it.
inject_after_request() {
  python3 - "$FAKEHUB_MAIN" "$1" "$2" <<'EOF'
import json, sys, time, urllib.request
base, path, body = sys.argv[1:]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
deadline = time.monotonic() + 30
while not any(e["path"] == path for e in json.load(opener.open(base + "/_log"))):
    if time.monotonic() > deadline:
        sys.exit(f"inject_after_request: no request to {path} within 30 s")
opener.open(urllib.request.Request(base + "/_control", data=body.encode(), method="POST"))
EOF
}
