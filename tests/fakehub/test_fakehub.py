#!/usr/bin/env python3
"""Self-test of the fake Hugging Face services (fakehub.py): starts it as a subprocess, reads
its port line and checks every documented behaviour over HTTP (urllib, http.client).

    python3 -m unittest tests/fakehub/test_fakehub.py
"""

import gzip
import hashlib
import http.client
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

FAKEHUB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fakehub.py")
PARQUET_MJS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parquet.mjs")

OASST = "OpenAssistant/oasst1"
DOLLY = "databricks/databricks-dolly-15k"
SMOL = "bigcode/the-stack-smol"
STACK = "bigcode/the-stack"
GHCODE = "codeparrot/github-code"
FORMATS = "seed-tools/formats"
BENCH = "seed-tools/row-groups"
GOOD = "hf_good"

OASST_COLUMNS = ["message_id", "parent_id", "user_id", "created_date", "text", "role", "lang", "review_count",
                 "review_result", "deleted", "rank", "synthetic", "model_name", "detoxify", "message_tree_id",
                 "tree_state", "emojis", "labels"]
SMOL_COLUMNS = ["content", "avg_line_length", "max_line_length", "alphanum_fraction", "licenses",
                "repository_name", "path", "size", "lang"]
STACK_COLUMNS = ["hexsha", "size", "ext", "lang"] + [
    f"max_{k}_{c}" for k in ("stars", "issues", "forks")
    for c in ("repo_path", "repo_name", "repo_head_hexsha", "repo_licenses", "count",
              f"repo_{k}_event_min_datetime", f"repo_{k}_event_max_datetime")] + [
    "content", "avg_line_length", "max_line_length", "alphanum_fraction"]
MSG_SCRIPT = ("The dataset viewer doesn't support this dataset because it runs arbitrary Python code. You can "
              "convert it to a Parquet data-only dataset by using the convert_to_parquet CLI from the datasets "
              "library. See: https://huggingface.co/docs/datasets/main/en/cli#convert-to-parquet")
MSG_UNAUTH = ("The dataset does not exist, or is not accessible without authentication (private or gated). "
              "Please check the spelling of the dataset name or retry with authentication.")
MSG_AUTH = ("The dataset does not exist, or is not accessible with the current credentials (private or gated). "
            "Please check the spelling of the dataset name or retry with other authentication credentials.")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect)


def start_fake(*args, env=None, stderr=None):
    proc = subprocess.Popen([sys.executable, FAKEHUB, *args], stdout=subprocess.PIPE, env=env, stderr=stderr)
    line = proc.stdout.readline().decode()
    m = re.fullmatch(r"(\d+) (\d+)\n", line)
    if not m:
        proc.kill()
        raise RuntimeError(f"bad port line {line!r}")
    return proc, int(m.group(1)), int(m.group(2))


def stop_fake(proc):
    proc.send_signal(signal.SIGTERM)
    rc = proc.wait(10)
    proc.stdout.close()
    return rc


def read_parquet(bodies):
    """Each parquet file (bytes) as parquet.mjs --read (node and hyparquet) reads it: num_rows,
    columns, row_groups, key_value_metadata and rows."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, body in enumerate(bodies):
            paths.append(os.path.join(tmp, f"{i}.parquet"))
            with open(paths[-1], "wb") as f:
                f.write(body)
        run = subprocess.run(["node", PARQUET_MJS, "--read", *paths], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             check=False)
        if run.returncode != 0:
            raise AssertionError(f"parquet.mjs --read failed: {run.stderr.decode()}")
        return json.loads(run.stdout)


def parquet_columns(features):
    """The viewer's features in parquet.mjs' notation (what the parquet files must hold)."""
    def one(f):
        if "_type" not in f:
            return {"struct": [[k, one(v)] for k, v in f.items()]}
        if f["_type"] == "List":
            return {"list": one(f["feature"])}
        return {"string": "STRING", "int64": "INT64", "int32": "INT32", "float64": "DOUBLE",
                "bool": "BOOLEAN"}[f["dtype"]]
    return [[f["name"], one(f["type"])] for f in features]


def is_parquet(body):
    return len(body) > 12 and body[:4] == b"PAR1" and body[-4:] == b"PAR1"


class FakeHubTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proc, cls.main_port, cls.cdn_port = start_fake()
        cls.main = f"http://127.0.0.1:{cls.main_port}"
        cls.cdn = f"http://127.0.0.1:{cls.cdn_port}"

    @classmethod
    def tearDownClass(cls):
        cls.proc.send_signal(signal.SIGTERM)
        rc = cls.proc.wait(10)
        cls.proc.stdout.close()
        if rc != 0:
            raise AssertionError(f"fakehub exited with {rc} on SIGTERM")

    def setUp(self):
        self.control({"reset": True})

    # -- helpers

    def request(self, url, token=None, headers=None, method="GET", data=None):
        h = dict(headers or {})
        if token is not None:
            h["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(url, headers=h, method=method, data=data)
        try:
            with OPENER.open(req, timeout=10) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            with e:
                return e.code, e.headers, e.read()

    def viewer(self, route, token=None, headers=None, **params):
        return self.request(f"{self.main}/{route}?{urllib.parse.urlencode(params)}", token, headers)

    def viewer_json(self, route, token=None, **params):
        status, headers, body = self.viewer(route, token, **params)
        self.assertEqual(status, 200, body)
        return json.loads(body)

    def control(self, body):
        status, _, out = self.request(f"{self.main}/_control", method="POST", data=json.dumps(body).encode(),
                                      headers={"Content-Type": "application/json"})
        self.assertEqual(status, 200, out)
        return json.loads(out)

    def log(self):
        return json.loads(self.request(f"{self.main}/_log")[2])

    def all_rows(self, dataset, split="train", token=None):
        rows, offset = [], 0
        while True:
            page = self.viewer_json("rows", token, dataset=dataset, config="default", split=split, offset=offset)
            rows += page["rows"]
            if not page["rows"]:
                return rows
            offset += len(page["rows"])

    def assert_viewer_error(self, response, status, code, message):
        got_status, headers, body = response
        self.assertEqual(got_status, status, body)
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertEqual(headers["X-Error-Code"], code)
        self.assertEqual(headers["Cache-Control"], "max-age=10")
        self.assertEqual(json.loads(body), {"error": message})

    def assert_hub_error(self, response, status, code, message=None):
        got_status, headers, body = response
        self.assertEqual(got_status, status, body)
        self.assertEqual(headers.get("X-Error-Code"), code)
        if message is not None:
            self.assertEqual(json.loads(body), {"error": message})
            self.assertEqual(headers["X-Error-Message"], message)

    def tree(self, repo, rev_and_path, token=None, **params):
        """Every entry of a listing, following Link rel="next"; also returns the page count."""
        url = f"{self.main}/api/datasets/{repo}/tree/{rev_and_path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        entries, pages = [], 0
        while url:
            status, headers, body = self.request(url, token)
            self.assertEqual(status, 200, body)
            page = json.loads(body)
            self.assertLessEqual(len(page), 2)
            entries += page
            pages += 1
            link = headers.get("Link")
            url = re.fullmatch(r'<([^>]+)>; rel="next"', link).group(1) if link else None
        return entries, pages

    # -- viewer: /rows

    def test_rows_page_shape_and_headers(self):
        status, headers, body = self.viewer("rows", dataset=OASST, config="default", split="train")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertEqual(headers["Cache-Control"], "max-age=120")
        self.assertRegex(headers["X-Revision"], r"^[0-9a-f]{40}$")
        self.assertIsNone(headers.get("X-Error-Code"))
        page = json.loads(body)
        self.assertEqual(body, json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode())  # compact
        self.assertEqual(list(page), ["features", "rows", "num_rows_total", "num_rows_per_page", "partial"])
        self.assertEqual(page["num_rows_total"], 250)
        self.assertEqual(page["num_rows_per_page"], 100)
        self.assertIs(page["partial"], False)
        self.assertEqual(len(page["rows"]), 100)
        self.assertEqual([f["feature_idx"] for f in page["features"]], list(range(18)))
        self.assertEqual([f["name"] for f in page["features"]], OASST_COLUMNS)
        for i, item in enumerate(page["rows"]):
            self.assertEqual(list(item), ["row_idx", "row", "truncated_cells"])
            self.assertEqual(item["row_idx"], i)
            self.assertEqual(item["truncated_cells"], [])
            self.assertEqual(list(item["row"]), OASST_COLUMNS)

    def test_rows_paging(self):
        page = self.viewer_json("rows", dataset=OASST, config="default", split="train", offset=200, length=100)
        self.assertEqual([r["row_idx"] for r in page["rows"]], list(range(200, 250)))   # short last page
        page = self.viewer_json("rows", dataset=OASST, config="default", split="train", offset=5, length=3)
        self.assertEqual([r["row_idx"] for r in page["rows"]], [5, 6, 7])
        self.assertEqual(page["num_rows_per_page"], 100)
        for offset in (250, 1000):
            page = self.viewer_json("rows", dataset=OASST, config="default", split="train", offset=offset)
            self.assertEqual(page["rows"], [])
            self.assertEqual(page["num_rows_total"], 250)
        page = self.viewer_json("rows", dataset=OASST, config="default", split="train", length=0)
        self.assertEqual(page["rows"], [])
        page = self.viewer_json("rows", dataset=OASST, config="default", split="validation", offset=25)
        self.assertEqual([r["row_idx"] for r in page["rows"]], list(range(25, 30)))

    def test_rows_parameter_errors(self):
        base = {"dataset": OASST, "config": "default", "split": "train"}
        cases = [
            ({"length": "101"}, "InvalidParameter", "Parameter 'length' must not be greater than 100"),
            ({"length": "-1"}, "InvalidParameter", "Parameter 'length' must be positive"),
            ({"length": "ten"}, "InvalidParameter", "Parameter 'length' must be integer"),
            ({"offset": "-1"}, "InvalidParameter", "Parameter 'offset' must be positive"),
            ({"offset": "1.5"}, "InvalidParameter", "Parameter 'offset' must be integer"),
            ({"offset": ""}, "InvalidParameter", "Parameter 'offset' must be integer"),
        ]
        for extra, code, message in cases:
            with self.subTest(extra=extra):
                self.assert_viewer_error(self.viewer("rows", **base, **extra), 422, code, message)
        for missing in ("dataset", "config", "split"):
            with self.subTest(missing=missing):
                params = {k: v for k, v in base.items() if k != missing}
                self.assert_viewer_error(self.viewer("rows", **params), 422, "MissingRequiredParameter",
                                         f"Parameter '{missing}' is required")
        self.assert_viewer_error(self.viewer("rows", dataset=OASST, config=" ", split="train"), 422,
                                 "MissingRequiredParameter", "Parameter 'config' is required")

    def test_unknown_config_or_split(self):
        for config, split in (("nope", "train"), ("default", "test")):
            for route in ("rows", "first-rows"):
                with self.subTest(route=route, config=config):
                    self.assert_viewer_error(self.viewer(route, dataset=OASST, config=config, split=split),
                                             404, "ResponseNotFound", "Not found.")
        self.assert_viewer_error(self.viewer("splits", dataset=OASST, config="nope"), 404, "ResponseNotFound",
                                 "Not found.")

    # -- viewer: datasets

    def test_oasst1_rows(self):
        train = [r["row"] for r in self.all_rows(OASST)]
        self.assertEqual(len(train), 250)
        self.assertEqual(len(self.all_rows(OASST, "validation")), 30)
        ids = {r["message_id"] for r in train}
        self.assertEqual(len(ids), 250)
        self.assertEqual({r["role"] for r in train}, {"prompter", "assistant"})
        langs = [r["lang"] for r in train]
        self.assertTrue({"en", "es", "de", "ru", "zh"} <= set(langs))
        self.assertGreater(langs.count("en"), len(langs) / 3)
        roots = [r for r in train if r["parent_id"] is None]
        self.assertTrue(roots)
        for r in train:
            if r["parent_id"] is None:
                self.assertEqual(r["role"], "prompter")
                self.assertEqual(r["message_tree_id"], r["message_id"])
                self.assertIsNone(r["rank"])
            else:
                self.assertIn(r["parent_id"], ids)
            self.assertIsInstance(r["review_count"], int)
            self.assertIn(r["review_result"], (True, False, None))
            self.assertIsInstance(r["deleted"], bool)
            self.assertIsInstance(r["synthetic"], bool)
            if r["detoxify"] is not None:
                self.assertEqual(list(r["detoxify"]), ["toxicity", "severe_toxicity", "obscene", "identity_attack",
                                                       "insult", "threat", "sexual_explicit"])
                self.assertTrue(all(isinstance(v, float) for v in r["detoxify"].values()))
            if r["emojis"] is not None:
                self.assertEqual(list(r["emojis"]), ["name", "count"])
                self.assertEqual(len(r["emojis"]["name"]), len(r["emojis"]["count"]))
            if r["labels"] is not None:
                self.assertEqual(list(r["labels"]), ["name", "value", "count"])
                self.assertEqual(len({len(v) for v in r["labels"].values()}), 1)
        ranks = [r["rank"] for r in train if r["role"] == "assistant"]
        self.assertIn(None, ranks)
        self.assertIn(0, ranks)
        for column in ("detoxify", "emojis", "labels", "review_result"):
            self.assertIn(None, [r[column] for r in train], column)
            self.assertTrue([r for r in train if r[column] is not None], column)
        self.assertTrue(any(not r["text"].isascii() for r in train))
        self.assertTrue(any("'" in r["text"] for r in train))

    def test_oasst1_features(self):
        page = self.viewer_json("rows", dataset=OASST, config="default", split="train", length=1)
        types = {f["name"]: f["type"] for f in page["features"]}
        self.assertEqual(types["rank"], {"dtype": "int32", "_type": "Value"})
        self.assertEqual(types["deleted"], {"dtype": "bool", "_type": "Value"})
        self.assertEqual(types["detoxify"]["toxicity"], {"dtype": "float64", "_type": "Value"})
        self.assertEqual(types["emojis"], {"name": {"feature": {"dtype": "string", "_type": "Value"}, "_type": "List"},
                                           "count": {"feature": {"dtype": "int32", "_type": "Value"}, "_type": "List"}})
        self.assertEqual(list(types["labels"]), ["name", "value", "count"])

    def test_raw_utf8_in_viewer_bodies(self):
        _, _, body = self.viewer("rows", dataset=OASST, config="default", split="train")
        self.assertNotIn(b"\\u", body)
        self.assertTrue(any(b >= 0x80 for b in body))

    def test_dolly_rows(self):
        rows = [r["row"] for r in self.all_rows(DOLLY)]
        self.assertEqual(len(rows), 230)
        self.assertEqual(list(rows[0]), ["instruction", "context", "response", "category"])
        self.assertEqual({r["category"] for r in rows},
                         {"open_qa", "general_qa", "classification", "closed_qa", "brainstorming",
                          "information_extraction", "summarization", "creative_writing"})
        empty = sum(r["context"] == "" for r in rows)
        self.assertTrue(0.4 * 230 <= empty <= 0.6 * 230, empty)

    def test_gated_and_missing_datasets_in_the_viewer(self):
        params = {"dataset": SMOL, "config": "default", "split": "train"}
        for route in ("rows", "first-rows", "is-valid", "splits", "filter"):
            with self.subTest(route=route):
                self.assert_viewer_error(self.viewer(route, **params), 401, "ExternalUnauthenticatedError", MSG_UNAUTH)
                self.assert_viewer_error(self.viewer(route, token="hf_bad", **params), 401,
                                         "ExternalUnauthenticatedError", MSG_UNAUTH)
                self.assert_viewer_error(self.viewer(route, token="hf_noaccess", **params), 404,
                                         "ExternalAuthenticatedError", MSG_AUTH)
        rows = self.all_rows(SMOL, token=GOOD)
        self.assertEqual(len(rows), 160)
        self.assertEqual([r["row"]["lang"] for r in rows], ["Go"] * 40 + ["Python"] * 120)
        self.assertEqual(list(rows[0]["row"]), SMOL_COLUMNS)
        for item in rows:
            r = item["row"]
            self.assertEqual(r["size"], len(r["content"].encode()))
            self.assertIsInstance(r["licenses"], list)
        # the plan's wrong id: the viewer cannot tell missing from gated
        missing = {"dataset": "databricks/dolly-15k", "config": "default", "split": "train"}
        self.assert_viewer_error(self.viewer("rows", **missing), 401, "ExternalUnauthenticatedError", MSG_UNAUTH)
        self.assert_viewer_error(self.viewer("rows", token=GOOD, **missing), 404, "ExternalAuthenticatedError",
                                 MSG_AUTH)
        # an invalid token fails even on a public dataset (the Hub's auth-check answers 401)
        self.assert_viewer_error(self.viewer("rows", token="hf_bad", dataset=OASST, config="default", split="train"),
                                 401, "ExternalUnauthenticatedError", MSG_UNAUTH)
        self.assertEqual(self.viewer("rows", token="hf_noaccess", dataset=OASST, config="default", split="train")[0],
                         200)

    # -- viewer: metadata endpoints

    def test_is_valid(self):
        for dataset, token, flag in ((OASST, None, True), (DOLLY, None, True), (SMOL, GOOD, False)):
            with self.subTest(dataset=dataset):
                body = self.viewer_json("is-valid", token, dataset=dataset)
                self.assertEqual(set(body), {"preview", "viewer", "search", "filter", "statistics"})
                self.assertIs(body["filter"], flag)
                self.assertIs(body["viewer"], True)
        self.assert_viewer_error(self.viewer("is-valid"), 422, "MissingRequiredParameter",
                                 "Parameter 'dataset' is required")

    def test_splits(self):
        body = self.viewer_json("splits", dataset=OASST)
        self.assertEqual(body, {"splits": [{"dataset": OASST, "config": "default", "split": "train"},
                                           {"dataset": OASST, "config": "default", "split": "validation"}],
                                "pending": [], "failed": []})
        body = self.viewer_json("splits", dataset=DOLLY, config="default")
        self.assertEqual(body, {"splits": [{"dataset": DOLLY, "config": "default", "split": "train"}]})
        self.assert_viewer_error(self.viewer("splits", config="default"), 422, "MissingRequiredParameter",
                                 "Parameters 'dataset' and 'config' are required")

    def test_first_rows_info_size(self):
        body = self.viewer_json("first-rows", dataset=OASST, config="default", split="train")
        self.assertEqual(list(body), ["dataset", "config", "split", "features", "rows", "truncated"])
        self.assertEqual(len(body["rows"]), 100)
        self.assertIs(body["truncated"], True)
        body = self.viewer_json("first-rows", dataset=OASST, config="default", split="validation")
        self.assertEqual(len(body["rows"]), 30)
        self.assertIs(body["truncated"], False)
        self.assert_viewer_error(self.viewer("first-rows", dataset=OASST, config="default"), 422,
                                 "MissingRequiredParameter", "Parameters 'dataset', 'config' and 'split' are required")
        info = self.viewer_json("info", dataset=DOLLY, config="default")
        self.assertEqual(info["partial"], False)
        self.assertEqual(info["dataset_info"]["features"]["category"], {"dtype": "string", "_type": "Value"})
        self.assertEqual(info["dataset_info"]["splits"]["train"]["num_examples"], 230)
        info = self.viewer_json("info", dataset=OASST)
        self.assertEqual(list(info), ["dataset_info", "pending", "failed", "partial"])
        self.assertEqual(info["dataset_info"]["default"]["splits"]["validation"]["num_examples"], 30)
        size = self.viewer_json("size", dataset=OASST)
        self.assertEqual(size["size"]["dataset"]["num_rows"], 280)
        self.assertEqual([s["num_rows"] for s in size["size"]["splits"]], [250, 30])
        size = self.viewer_json("size", token=GOOD, dataset=SMOL, config="default")
        self.assertEqual(size["size"]["config"]["num_columns"], 9)
        self.assertEqual(size["partial"], False)

    def test_unknown_path_is_nginx_404(self):
        status, headers, body = self.request(f"{self.main}/search-everything?dataset=x")
        self.assertEqual(status, 404)
        self.assertEqual(headers["Content-Type"], "text/html")
        self.assertIn(b"<center>nginx</center>", body)

    def test_gzip_when_asked(self):
        url = f"{self.main}/rows?dataset={OASST}&config=default&split=train&length=3"
        status, headers, body = self.request(url, headers={"Accept-Encoding": "gzip"})
        self.assertEqual(headers["Content-Encoding"], "gzip")
        self.assertEqual(gzip.decompress(body), self.request(url)[2])

    def test_keep_alive(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.main_port, timeout=10)
        for _ in range(3):
            conn.request("GET", f"/is-valid?dataset={OASST}")
            r = conn.getresponse()
            self.assertEqual(r.status, 200)
            r.read()
            self.assertFalse(r.will_close)
        conn.close()

    # -- viewer: /filter

    def filter(self, where=None, dataset=OASST, token=None, **params):
        if where is not None:
            params["where"] = where
        return self.viewer("filter", token, dataset=dataset, config="default", split=params.pop("split", "train"),
                           **params)

    def filter_idx(self, where, **params):
        status, _, body = self.filter(where, **params)
        self.assertEqual(status, 200, (where, body))
        page = json.loads(body)
        return [r["row_idx"] for r in page["rows"]], page["num_rows_total"]

    def test_filter_validator(self):
        accepted = ["\"role\"='assistant'", "\"role\" = 'assistant'", "\"lang\"='en' AND \"role\"='prompter'",
                    "\"lang\"='en' and \"role\"='prompter'", "\"lang\"='en' or \"lang\"='de'",
                    "(\"lang\"='en' OR \"lang\"='de') AND \"role\"='assistant'",
                    "\"text\" LIKE '%the%'", "\"text\" ILIKE '%THE%'", "\"text\" GLOB '*the*'",
                    "\"text\" SIMILAR TO '.*the.*'", "\"text\" NOT LIKE '%the%'", "\"rank\" IS NULL",
                    "\"rank\" IS NOT NULL", "\"deleted\"=false", "\"deleted\" = true",
                    "\"review_count\">=3", "\"review_count\"<>5", "\"review_count\"!=5", "\"review_count\"=1.5",
                    "\"review_count\"<2", "\"review_count\"<=2", "\"review_count\">4",
                    "\"detoxify\".\"toxicity\">0.1", "\"text\".length()>5", "\"text\"='O''Hara'"]
        for where in accepted:
            with self.subTest(where=where):
                self.assertEqual(self.filter(where)[0], 200)
        rejected = ["role='assistant'", "\"lang\" IN ('en','de')", "\"lang\" BETWEEN 'a' AND 'z'",
                    "NOT \"deleted\"", "\"lang\"='en'  AND \"role\"='prompter'",
                    "\"lang\"='en' AND  \"role\"='prompter'", "\"lang\"='en' And \"role\"='prompter'",
                    "\"review_count\"=-1", "\"review_count\"=1e5", "\"lang\"='en';", "\"text\"='a--b'",
                    "\"text\"='/*'", "\"text\"='*/'", "\"lang\"=\"role\"", "\"deleted\"=TRUE"]
        for where in rejected:
            with self.subTest(where=where):
                self.assert_viewer_error(self.filter(where), 422, "InvalidParameter",
                                         "Parameter 'where' contains errors or invalid symbols")
        for orderby in ("\"lang\", \"role\"", "\"rank\" NULLS LAST", "rank"):
            with self.subTest(orderby=orderby):
                self.assert_viewer_error(self.filter("\"role\"='assistant'", orderby=orderby), 422, "InvalidParameter",
                                         "Parameter 'orderby' contains errors or invalid symbols")
        # past the regex, what DuckDB would refuse
        for where in ("\"nope\"='x'", "\"lang\"=5", "\"detoxify\"='x'", "\"lang\"='en')",
                      "\"review_count\"='many'", "\"detoxify\".\"nope\">1", "\"text\".nosuchfunc()>1",
                      "\"review_count\" LIKE '1%'", "\"lang\"=<'en'"):
            with self.subTest(where=where):
                self.assert_viewer_error(self.filter(where), 422, "InvalidParameter", "A query parameter is invalid")

    def test_filter_evaluation(self):
        rows = [r["row"] for r in self.all_rows(OASST)]

        def expect(where, pred, **params):
            want = [i for i, r in enumerate(rows) if pred(r)]
            got, total = self.filter_idx(where, length=100, **params)
            self.assertEqual(total, len(want), where)
            off = int(params.get("offset", 0))
            self.assertEqual(got, want[off:off + 100], where)
            return want

        expect("\"lang\"='en' AND \"role\"='assistant'", lambda r: r["lang"] == "en" and r["role"] == "assistant")
        want = expect("\"role\"='assistant'", lambda r: r["role"] == "assistant")
        self.assertGreater(len(want), 100)   # more than a page
        expect("\"role\"='assistant'", lambda r: r["role"] == "assistant", offset=100)
        expect("(\"lang\"='es' OR \"lang\"='de') AND \"role\"='assistant'",
               lambda r: r["lang"] in ("es", "de") and r["role"] == "assistant")
        expect("\"lang\"='ru' or \"lang\"='zh' and \"role\"='prompter'",   # AND binds tighter
               lambda r: r["lang"] == "ru" or (r["lang"] == "zh" and r["role"] == "prompter"))
        expect("\"rank\" IS NULL", lambda r: r["rank"] is None)
        expect("\"rank\" IS NOT NULL AND \"rank\">=1", lambda r: r["rank"] is not None and r["rank"] >= 1)
        expect("\"rank\"<>0", lambda r: r["rank"] is not None and r["rank"] != 0)   # NULL is not a match
        expect("\"review_result\"=false", lambda r: r["review_result"] is False)
        expect("\"deleted\"=true", lambda r: r["deleted"] is True)
        expect("\"review_count\">=3", lambda r: r["review_count"] >= 3)
        expect("\"review_count\"='3'", lambda r: r["review_count"] == 3)
        expect("\"text\" LIKE '%What''s%'", lambda r: "What's" in r["text"])
        expect("\"text\" ILIKE 'what%'", lambda r: r["text"].lower().startswith("what"))
        expect("\"text\" LIKE '%Größe%'", lambda r: "Größe" in r["text"])
        expect("\"text\" GLOB '*?'", lambda r: len(r["text"]) >= 1)   # ? is any one character
        expect("\"text\" GLOB '*[?]'", lambda r: r["text"].endswith("?"))
        expect("\"detoxify\".\"toxicity\">0.15",
               lambda r: r["detoxify"] is not None and r["detoxify"]["toxicity"] > 0.15)
        expect("\"text\".length()<40", lambda r: len(r["text"]) < 40)
        expect("\"LANG\"='zh'", lambda r: r["lang"] == "zh")   # DuckDB identifiers ignore case
        want = expect("\"lang\"='nope'", lambda r: False)
        self.assertEqual(want, [])
        # no where: everything; row_idx are the original ones
        self.assertEqual(self.filter_idx(None, offset=240)[0], list(range(240, 250)))
        self.assertEqual(self.filter_idx("\"role\"='prompter'", split="validation")[1],
                         sum(r["row"]["role"] == "prompter" for r in self.all_rows(OASST, "validation")))

    def test_filter_page_shape_and_orderby(self):
        status, headers, body = self.filter("\"role\"='assistant'", length=5, offset=2)
        self.assertEqual(status, 200)
        self.assertRegex(headers["X-Revision"], r"^[0-9a-f]{40}$")
        page = json.loads(body)
        self.assertEqual(list(page), ["features", "rows", "num_rows_total", "num_rows_per_page", "partial"])
        self.assertEqual(len(page["rows"]), 5)
        self.assertEqual(page["num_rows_per_page"], 100)
        self.assertTrue(all(r["row"]["role"] == "assistant" and r["truncated_cells"] == [] for r in page["rows"]))
        page = json.loads(self.filter("\"role\"='assistant'", orderby="\"rank\" DESC")[2])
        ranks = [r["row"]["rank"] for r in page["rows"]]
        present = [x for x in ranks if x is not None]
        self.assertEqual(present, sorted(present, reverse=True))
        self.assertEqual(ranks, present + [None] * (len(ranks) - len(present)))   # NULLS LAST
        page = json.loads(self.filter("\"lang\"='de'", orderby="\"review_count\"")[2])
        counts = [r["row"]["review_count"] for r in page["rows"]]
        self.assertEqual(counts, sorted(counts))
        self.assert_viewer_error(self.filter("\"lang\"='x'", length=101), 422, "InvalidParameter",
                                 "Parameter 'length' must not be greater than 100")
        # the-stack-smol has no filter index (is-valid says filter: false)
        self.assert_viewer_error(self.filter("\"lang\"='Go'", dataset=SMOL, token=GOOD), 404, "ResponseNotFound",
                                 "Not found.")
        dolly = self.filter_idx("\"context\"='' AND \"category\"='brainstorming'", dataset=DOLLY)
        self.assertGreater(dolly[1], 0)

    # -- Hub: tree

    def test_tree_pagination_and_shapes(self):
        entries, pages = self.tree(SMOL, "main", token=GOOD, recursive="true")
        self.assertEqual([e["path"] for e in entries],
                         [".gitattributes", "README.md", "data", "data/go", "data/go/data.json", "data/python",
                          "data/python/data.json"])
        self.assertEqual(pages, 4)
        by_path = {e["path"]: e for e in entries}
        self.assertEqual(by_path["data"]["type"], "directory")
        self.assertEqual(by_path["data"]["size"], 0)
        go, py = by_path["data/go/data.json"], by_path["data/python/data.json"]
        self.assertEqual(list(go), ["type", "oid", "size", "path"])
        self.assertEqual(list(py), ["type", "oid", "size", "lfs", "path"])
        self.assertEqual(set(py["lfs"]), {"oid", "size", "pointerSize"})
        self.assertEqual(py["lfs"]["size"], py["size"])
        body = self.request(f"{self.main}/datasets/{SMOL}/resolve/main/data/go/data.json", GOOD)[2]
        self.assertEqual(go["size"], len(body))
        self.assertEqual(go["oid"], hashlib.sha1(b"blob %d\0" % len(body) + body).hexdigest())
        # limit does not change the page size
        status, headers, body = self.request(f"{self.main}/api/datasets/{SMOL}/tree/main?recursive=true&limit=1000",
                                             GOOD)
        self.assertEqual(len(json.loads(body)), 2)
        self.assertIn("limit=1000", headers["Link"])

    def test_tree_paths_and_revisions(self):
        root, _ = self.tree(OASST, "main")
        self.assertEqual([e["path"] for e in root], [".gitattributes", "2023-04-12_oasst_ready.messages.jsonl.gz",
                                                     "README.md", "data"])
        for spelled in ("main/data%2Fpython", "main/data/python", "main/data/python/"):
            with self.subTest(spelled=spelled):
                entries, _ = self.tree(SMOL, spelled, token=GOOD)
                self.assertEqual([e["path"] for e in entries], ["data/python/data.json"])
        entries, _ = self.tree(OASST, "refs%2Fconvert%2Fparquet", recursive="true")
        self.assertEqual([e["path"] for e in entries if e["type"] == "file"],
                         [".gitattributes", "default/train/0000.parquet", "default/validation/0000.parquet"])
        entries, _ = self.tree(OASST, "refs/convert/parquet/default%2Ftrain")
        self.assertEqual([e["path"] for e in entries], ["default/train/0000.parquet"])
        sha = self.request(f"{self.main}/api/datasets/{DOLLY}/tree/main")[1]["X-Repo-Commit"]
        entries, _ = self.tree(DOLLY, sha)
        self.assertIn("databricks-dolly-15k.jsonl", [e["path"] for e in entries])
        self.assert_hub_error(self.request(f"{self.main}/api/datasets/{OASST}/tree/nope"), 404, "RevisionNotFound")
        self.assert_hub_error(self.request(f"{self.main}/api/datasets/{OASST}/tree/main/nope"), 404, "EntryNotFound")
        self.assert_hub_error(self.request(f"{self.main}/api/datasets/{OASST}/tree/main/README.md"), 404,
                              "EntryNotFound")
        status, headers, _ = self.request(f"{self.main}/api/datasets/{OASST}/tree/main?cursor=garbage")
        self.assertEqual(status, 400)

    def test_hub_access(self):
        for url in (f"{self.main}/api/datasets/{SMOL}/tree/main", f"{self.main}/datasets/{SMOL}/resolve/main/README.md"):
            with self.subTest(url=url):
                self.assert_hub_error(self.request(url), 401, "GatedRepo",
                                      f"Access to dataset {SMOL} is restricted. You must have access to it and be "
                                      "authenticated to access it. Please log in.")
                self.assert_hub_error(self.request(url, "hf_noaccess"), 403, "GatedRepo",
                                      f"Access to dataset {SMOL} is restricted and you are not in the authorized list. "
                                      f"Visit https://huggingface.co/datasets/{SMOL} to ask for access.")
                self.assert_hub_error(self.request(url, "hf_bad"), 401, None,
                                      "Invalid credentials in Authorization header")
                self.assertEqual(self.request(url, GOOD)[0], 200)
        for url in (f"{self.main}/api/datasets/databricks/dolly-15k/tree/main",
                    f"{self.main}/datasets/databricks/dolly-15k/resolve/main/databricks-dolly-15k.jsonl"):
            for token in (None, GOOD):
                with self.subTest(url=url, token=token):
                    self.assert_hub_error(self.request(url, token), 404, "RepoNotFound", "Repository not found")

    # -- Hub: resolve and the CDN

    def test_resolve_small_file(self):
        status, headers, body = self.request(f"{self.main}/datasets/{DOLLY}/resolve/main/databricks-dolly-15k.jsonl")
        self.assertEqual(status, 200)
        self.assertRegex(headers["X-Repo-Commit"], r"^[0-9a-f]{40}$")
        self.assertEqual(int(headers["Content-Length"]), len(body))
        self.assertEqual(headers["ETag"], '"%s"' % hashlib.sha1(b"blob %d\0" % len(body) + body).hexdigest())
        rows = [json.loads(line) for line in body.decode().splitlines()]
        self.assertEqual(len(rows), 230)
        self.assertEqual(rows, [r["row"] for r in self.all_rows(DOLLY)])
        status, headers, part = self.request(f"{self.main}/datasets/{DOLLY}/resolve/main/databricks-dolly-15k.jsonl",
                                             headers={"Range": "bytes=10-"})
        self.assertEqual((status, part), (206, body[10:]))
        self.assertEqual(headers["Content-Range"], f"bytes 10-{len(body) - 1}/{len(body)}")
        go = self.request(f"{self.main}/datasets/{SMOL}/resolve/main/data%2Fgo%2Fdata.json", GOOD)
        self.assertEqual(go[0], 200)
        self.assertEqual(len(go[2].splitlines()), 40)
        self.assertIn(b"\\/", go[2])   # pandas-style escaped slashes
        self.assert_hub_error(self.request(f"{self.main}/datasets/{DOLLY}/resolve/main/nope.jsonl"), 404,
                              "EntryNotFound", "Entry not found")
        self.assert_hub_error(self.request(f"{self.main}/datasets/{DOLLY}/resolve/v9/databricks-dolly-15k.jsonl"), 404,
                              "RevisionNotFound")

    def test_resolve_lfs_redirects_to_the_cdn(self):
        url = f"{self.main}/datasets/{SMOL}/resolve/main/data/python/data.json"
        status, headers, _ = self.request(url, GOOD)
        self.assertEqual(status, 302)
        location = headers["Location"]
        self.assertTrue(location.startswith(f"{self.cdn}/"), location)
        size = int(headers["X-Linked-Size"])
        sha256 = headers["X-Linked-Etag"].strip('"')
        status, headers, _ = self.request(url, GOOD, method="HEAD")
        self.assertEqual((status, headers["Location"]), (302, location))
        # the client follows without the token
        status, headers, body = self.request(location)
        self.assertEqual(status, 200)
        self.assertEqual(len(body), size)
        self.assertEqual(hashlib.sha256(body).hexdigest(), sha256)
        rows = [json.loads(line) for line in body.decode().splitlines()]
        self.assertEqual(len(rows), 120)
        self.assertEqual(list(rows[0]), SMOL_COLUMNS)
        self.assertEqual({r["lang"] for r in rows}, {"Python"})
        tree, _ = self.tree(SMOL, "main/data/python", token=GOOD)
        self.assertEqual(tree[0]["lfs"]["oid"], sha256)
        status, headers, part = self.request(location, headers={"Range": "bytes=100-199"})
        self.assertEqual((status, part, headers["Content-Range"]), (206, body[100:200], f"bytes 100-199/{size}"))
        self.assertEqual(self.request(location, headers={"Range": f"bytes={size}-"})[0], 416)
        self.assertEqual(self.request(location.split("?")[0])[0], 403)   # the signed query is needed
        self.assertEqual(self.request(f"{self.cdn}/repos/00/00/{'0' * 64}")[0], 404)
        # the log tells whether a token reached the CDN
        self.request(location, token=GOOD)
        cdn = [e for e in self.log() if e["port"] == "cdn"]
        self.assertEqual([e["authorization"] for e in cdn[:2]], [False, False])
        self.assertEqual(cdn[-1]["token_prefix"], "hf_goo")
        # oasst1's raw export: gzip JSON Lines, raw labels as objects
        status, headers, _ = self.request(f"{self.main}/datasets/{OASST}/resolve/main/"
                                          "2023-04-12_oasst_ready.messages.jsonl.gz")
        self.assertEqual(status, 302)
        lines = gzip.decompress(self.request(headers["Location"])[2]).decode().splitlines()
        self.assertEqual(len(lines), 280)
        first = json.loads(lines[0])
        self.assertNotIn("parent_id", first)
        labelled = [json.loads(x)["labels"] for x in lines if "labels" in json.loads(x)]
        self.assertTrue(all(isinstance(v, dict) and "value" in v for lab in labelled for v in lab.values()))
        # a %2F-encoded revision
        status, headers, _ = self.request(f"{self.main}/datasets/{OASST}/resolve/refs%2Fconvert%2Fparquet/"
                                          "default/train/0000.parquet")
        self.assertEqual(status, 302)
        self.assertTrue(is_parquet(self.request(headers["Location"])[2]))

    # -- faults, control and log

    def test_not_ready(self):
        rows_url = f"{self.main}/rows?dataset={OASST}&config=default&split=train&length=1"
        self.control({"not_ready": 2})
        self.assertEqual(self.viewer("splits", dataset=OASST)[0], 200)   # not a data request: untouched
        for _ in range(2):
            self.assert_viewer_error(self.request(rows_url), 500, "ResponseNotReady",
                                     "The server is busier than usual and the response is not ready yet. "
                                     "Please retry later.")
        self.assertEqual(self.request(rows_url)[0], 200)
        self.assertEqual([e["fault"] for e in self.log()], [None, "not_ready", "not_ready", None])
        self.assertEqual([e["status"] for e in self.log()], [200, 500, 500, 200])

    def test_rate_limit(self):
        self.control({"rate_limit": 1, "retry_after": 1})
        status, headers, body = self.request(f"{self.main}/api/datasets/{OASST}/tree/main")
        self.assertEqual(status, 429)
        self.assertEqual(headers["Retry-After"], "1")
        self.assertEqual(headers["RateLimit"], '"api";r=0;t=1')
        self.assertIsNone(headers.get("X-Error-Code"))
        self.assertEqual(self.request(f"{self.main}/api/datasets/{OASST}/tree/main")[0], 200)
        self.control({"rate_limit": 1, "retry_after": None})
        status, headers, _ = self.request(f"{self.main}/datasets/{DOLLY}/resolve/main/README.md")
        self.assertEqual(status, 429)
        self.assertIsNone(headers.get("Retry-After"))
        self.assertEqual(headers["RateLimit"], '"resolvers";r=0;t=1')

    def test_plain_500(self):
        self.control({"plain_500": 1})
        status, headers, body = self.viewer("filter", dataset=OASST, config="default", split="train")
        self.assertEqual((status, body), (500, b"Internal Server Error"))
        self.assertTrue(headers["Content-Type"].startswith("text/plain"))
        self.assertIsNone(headers.get("X-Error-Code"))

    def test_truncate(self):
        self.control({"truncate": 1})
        conn = http.client.HTTPConnection("127.0.0.1", self.main_port, timeout=10)
        conn.request("GET", f"/rows?dataset={OASST}&config=default&split=train")
        r = conn.getresponse()
        self.assertEqual(r.status, 200)
        with self.assertRaises(http.client.IncompleteRead):
            r.read()
        conn.close()
        self.assertEqual(self.viewer("rows", dataset=OASST, config="default", split="train")[0], 200)
        # on the CDN, at a chosen byte
        self.control({"truncate": 1, "match": ["cdn"], "truncate_at": 100})
        status, headers, _ = self.request(f"{self.main}/datasets/{SMOL}/resolve/main/data/python/data.json", GOOD)
        self.assertEqual(status, 302)
        conn = http.client.HTTPConnection("127.0.0.1", self.cdn_port, timeout=10)
        conn.request("GET", headers["Location"][len(self.cdn):])
        r = conn.getresponse()
        with self.assertRaises(http.client.IncompleteRead) as cm:
            r.read()
        self.assertEqual(len(cm.exception.partial), 100)
        conn.close()

    def test_drop(self):
        self.control({"drop": 1})
        conn = http.client.HTTPConnection("127.0.0.1", self.main_port, timeout=10)
        conn.request("GET", f"/datasets/{DOLLY}/resolve/main/README.md")
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionResetError)):
            conn.getresponse()
        conn.close()
        self.assertEqual(self.request(f"{self.main}/datasets/{DOLLY}/resolve/main/README.md")[0], 200)
        self.assertEqual([e["fault"] for e in self.log()], ["drop", None])
        self.assertEqual(self.log()[0]["status"], None)

    def test_latency_and_reset(self):
        state = self.control({"latency_ms": 50})
        self.assertEqual(state["latency_ms"], 50)
        t = time.monotonic()
        self.viewer("is-valid", dataset=OASST)
        self.assertGreaterEqual(time.monotonic() - t, 0.05)
        self.control({"not_ready": 3})
        state = self.control({"reset": True})
        self.assertEqual((state["latency_ms"], state["faults"], state["logged"]), (0, [], 0))
        self.assertEqual(self.log(), [])
        self.assertEqual(self.viewer("rows", dataset=OASST, config="default", split="train", length=1)[0], 200)

    def test_faults_in_arrival_order_and_thread_safe(self):
        self.control({"not_ready": 1, "plain_500": 1})
        self.control({"rate_limit": 1})
        url = f"{self.main}/rows?dataset={OASST}&config=default&split=train&length=1"
        self.assertEqual([self.request(url)[0] for _ in range(4)], [500, 500, 429, 200])
        self.assertEqual([e["fault"] for e in self.log()], ["not_ready", "plain_500", "rate_limit", None])
        self.control({"reset": True, "not_ready": 5})
        statuses = []
        lock = threading.Lock()

        def hit():
            s = self.request(url)[0]
            with lock:
                statuses.append(s)

        threads = [threading.Thread(target=hit) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(statuses), [200] * 15 + [500] * 5)
        log = self.log()
        self.assertEqual(len(log), 20)
        self.assertEqual([e["seq"] for e in log], list(range(20)))
        self.assertEqual(sum(e["fault"] == "not_ready" for e in log), 5)

    def test_control_rejects_bad_bodies(self):
        for body in (b'{"not_ready": -1}', b'{"bogus": 1}', b'[1]', b'not json', b'{"match": ["nowhere"], "drop": 1}',
                     b'{"stall": 1, "stall_at": -5}', b'{"stall": true}', b'{"truncate": 1, "truncate_at": "10"}'):
            with self.subTest(body=body):
                status, _, out = self.request(f"{self.main}/_control", method="POST", data=body)
                self.assertEqual(status, 400)
                self.assertIn("error", json.loads(out))
        self.assertEqual(json.loads(self.request(f"{self.main}/_control")[2])["faults"], [])

    def test_log_fields(self):
        self.viewer("rows", token="hf_noaccess", dataset=OASST, config="default", split="train", length=2)
        self.request(f"{self.main}/api/datasets/{OASST}/tree/refs%2Fconvert%2Fparquet?recursive=true")
        log = self.log()
        self.assertEqual(len(log), 2)
        self.assertEqual(set(log[0]), {"seq", "method", "port", "path", "query", "params", "authorization",
                                       "authorization_prefix", "token_prefix", "range", "fault", "status",
                                       "sent"})
        self.assertEqual(log[0]["sent"], len(self.viewer("rows", token="hf_noaccess", dataset=OASST,
                                                         config="default", split="train", length=2)[2]))
        self.assertEqual((log[0]["method"], log[0]["port"], log[0]["path"]), ("GET", "main", "/rows"))
        self.assertEqual(log[0]["params"], {"dataset": OASST, "config": "default", "split": "train", "length": "2"})
        self.assertEqual(log[0]["query"], urllib.parse.urlencode(log[0]["params"]))
        self.assertEqual((log[0]["authorization"], log[0]["authorization_prefix"], log[0]["token_prefix"]),
                         (True, "Bearer", "hf_noa"))
        self.assertEqual(log[1]["path"], f"/api/datasets/{OASST}/tree/refs%2Fconvert%2Fparquet")
        self.assertEqual((log[1]["authorization"], log[1]["authorization_prefix"]), (False, None))

    # -- bigcode/the-stack: gated, parquet only, a partial viewer export

    def fetch(self, repo, path, token=None, rev="main"):
        """A file's bytes through resolve (following a 302 to the CDN without the token); also
        whether it was a redirect."""
        status, headers, body = self.request(f"{self.main}/datasets/{repo}/resolve/{rev}/{path}", token)
        if status == 302:
            self.assertTrue(headers["Location"].startswith(f"{self.cdn}/"))
            status, _, body = self.request(headers["Location"])
            self.assertEqual(status, 200)
            return body, True
        self.assertEqual(status, 200, body)
        return body, False

    def test_the_stack_hub_files(self):
        parquet = ["data/c++/train-00000-of-00001.parquet", "data/c-sharp/train-00000-of-00001.parquet",
                   "data/go/train-00000-of-00001.parquet", "data/python/train-00000-of-00003.parquet",
                   "data/python/train-00001-of-00003.parquet", "data/python/train-00002-of-00003.parquet"]
        entries, pages = self.tree(STACK, "main", token=GOOD, recursive="true")
        self.assertEqual([e["path"] for e in entries],
                         [".gitattributes", "README.md", "data", "data/c++", parquet[0], "data/c-sharp", parquet[1],
                          "data/go", parquet[2], "data/python"] + parquet[3:])
        self.assertEqual(pages, 7)
        by_path = {e["path"]: e for e in entries}
        for d in ("data", "data/c++", "data/c-sharp", "data/go", "data/python"):
            self.assertEqual((by_path[d]["type"], by_path[d]["size"]), ("directory", 0))
        for p in parquet:
            self.assertEqual(list(by_path[p]), ["type", "oid", "size", "lfs", "path"])
        self.assertEqual(len({by_path[p]["lfs"]["oid"] for p in parquet}), 6)   # six distinct objects
        readme = self.fetch(STACK, "README.md", GOOD)[0]
        self.assertIn(b"extra_gated_prompt", readme)
        # the + of c++, raw or %2B, in the path of tree and resolve
        for spelled in ("main/data/c++", "main/data/c%2B%2B", "main/data%2Fc%2B%2B"):
            with self.subTest(spelled=spelled):
                self.assertEqual([e["path"] for e in self.tree(STACK, spelled, token=GOOD)[0]], [parquet[0]])
        locations = set()
        for spelled in ("data/c++/train-00000-of-00001.parquet", "data/c%2B%2B/train-00000-of-00001.parquet",
                        "data%2Fc%2B%2B%2Ftrain-00000-of-00001.parquet"):
            with self.subTest(spelled=spelled):
                status, headers, _ = self.request(f"{self.main}/datasets/{STACK}/resolve/main/{spelled}", GOOD)
                self.assertEqual(status, 302)
                locations.add(headers["Location"])
                self.assertEqual(headers["X-Linked-Etag"], f'"{by_path[parquet[0]]["lfs"]["oid"]}"')
        self.assertEqual(len(locations), 1)
        body = self.request(locations.pop())[2]
        self.assertTrue(is_parquet(body))
        self.assertEqual(len(body), by_path[parquet[0]]["size"])
        self.assertEqual(by_path[parquet[0]]["lfs"]["size"], len(body))
        entries, pages = self.tree(STACK, "main/data/python", token=GOOD)
        self.assertEqual(([e["path"] for e in entries], pages), (parquet[3:], 2))
        # the partial export
        entries, _ = self.tree(STACK, "refs%2Fconvert%2Fparquet", token=GOOD, recursive="true")
        self.assertEqual([e["path"] for e in entries if e["type"] == "file"],
                         [".gitattributes", "default/partial-train/0000.parquet"])
        # gated exactly like the-stack-smol
        for url in (f"{self.main}/api/datasets/{STACK}/tree/main/data%2Fpython",
                    f"{self.main}/datasets/{STACK}/resolve/main/data/go/train-00000-of-00001.parquet"):
            with self.subTest(url=url):
                self.assert_hub_error(self.request(url), 401, "GatedRepo",
                                      f"Access to dataset {STACK} is restricted. You must have access to it and be "
                                      "authenticated to access it. Please log in.")
                self.assert_hub_error(self.request(url, "hf_noaccess"), 403, "GatedRepo",
                                      f"Access to dataset {STACK} is restricted and you are not in the authorized "
                                      f"list. Visit https://huggingface.co/datasets/{STACK} to ask for access.")
                self.assert_hub_error(self.request(url, "hf_bad"), 401, None,
                                      "Invalid credentials in Authorization header")

    def test_the_stack_viewer(self):
        params = {"dataset": STACK, "config": "default", "split": "train"}
        for route in ("rows", "first-rows", "is-valid", "splits", "info", "size", "filter"):
            with self.subTest(route=route):
                self.assert_viewer_error(self.viewer(route, **params), 401, "ExternalUnauthenticatedError", MSG_UNAUTH)
                self.assert_viewer_error(self.viewer(route, token="hf_noaccess", **params), 404,
                                         "ExternalAuthenticatedError", MSG_AUTH)
        page = self.viewer_json("rows", GOOD, **params)
        self.assertEqual((page["num_rows_total"], page["partial"]), (60, True))
        self.assertEqual([f["name"] for f in page["features"]], STACK_COLUMNS)
        self.assertEqual(len(STACK_COLUMNS), 29)
        types = {f["name"]: f["type"] for f in page["features"]}
        self.assertEqual(types["max_forks_repo_licenses"], {"feature": {"dtype": "string", "_type": "Value"},
                                                            "_type": "List"})
        self.assertEqual(types["max_stars_count"], {"dtype": "int64", "_type": "Value"})
        rows = [r["row"] for r in self.all_rows(STACK, token=GOOD)]
        self.assertEqual([r["lang"] for r in rows], ["Go"] * 20 + ["Python"] * 40)
        for r in rows:
            self.assertEqual(list(r), STACK_COLUMNS)
            data = r["content"].encode()
            self.assertEqual(r["size"], len(data))
            self.assertEqual(r["hexsha"], hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest())
            self.assertEqual(r["ext"], {"Go": "go", "Python": "py"}[r["lang"]])
            for k in ("stars", "issues", "forks"):
                dates = (r[f"max_{k}_repo_{k}_event_min_datetime"], r[f"max_{k}_repo_{k}_event_max_datetime"])
                if r[f"max_{k}_count"] is None:
                    self.assertEqual(dates, (None, None))
                else:
                    self.assertRegex(dates[0], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$")
                    self.assertLessEqual(dates[0], dates[1])
        self.assertIn(None, [r["max_stars_count"] for r in rows])
        self.assertEqual(self.viewer_json("is-valid", GOOD, dataset=STACK),
                         {"preview": True, "viewer": True, "search": False, "filter": False, "statistics": True})
        self.assert_viewer_error(self.viewer("filter", GOOD, where="\"lang\"='Go'", **params), 404,
                                 "ResponseNotFound", "Not found.")
        self.assertEqual(self.viewer_json("splits", GOOD, dataset=STACK),
                         {"splits": [{"dataset": STACK, "config": "default", "split": "train"}],
                          "pending": [], "failed": []})   # /splits has no partial flag
        first = self.viewer_json("first-rows", GOOD, **params)
        self.assertEqual((len(first["rows"]), first["truncated"]), (60, False))
        for level in ({"dataset": STACK}, {"dataset": STACK, "config": "default"}):
            with self.subTest(level=level):
                self.assertIs(self.viewer_json("info", GOOD, **level)["partial"], True)
                size = self.viewer_json("size", GOOD, **level)
                self.assertIs(size["partial"], True)
                self.assertEqual([(s["num_rows"], s["estimated_num_rows"]) for s in size["size"]["splits"]],
                                 [(60, 546000000)])
                top = size["size"]["config" if "config" in level else "dataset"]
                self.assertEqual((top["num_rows"], top["estimated_num_rows"]), (60, 546000000))
        # a complete export says partial: false and estimates nothing
        size = self.viewer_json("size", dataset=DOLLY)
        self.assertEqual((size["partial"], size["size"]["dataset"]["estimated_num_rows"]), (False, None))

    # -- codeparrot/github-code: a loading script; the viewer answers 501

    def test_github_code(self):
        body = self.viewer_json("is-valid", dataset=GHCODE)
        self.assertEqual(body, {"preview": False, "viewer": False, "search": False, "filter": False,
                                "statistics": False})
        self.assertEqual(self.viewer_json("is-valid", GOOD, dataset=GHCODE, config="default")["viewer"], False)
        cases = [("splits", {}), ("splits", {"config": "default"}), ("info", {}), ("size", {"config": "default"}),
                 ("rows", {"config": "default", "split": "train"}),
                 ("first-rows", {"config": "all-all", "split": "train"}),
                 ("filter", {"config": "default", "split": "train", "where": "\"language\"='Python'"})]
        for route, extra in cases:
            for token in (None, GOOD):
                with self.subTest(route=route, extra=extra, token=token):
                    response = self.viewer(route, token, dataset=GHCODE, **extra)
                    self.assert_viewer_error(response, 501, "DatasetWithScriptNotSupportedError", MSG_SCRIPT)
                    self.assertRegex(response[1]["X-Revision"], r"^[0-9a-f]{40}$")
        # parameters are checked first, and an invalid token still fails
        self.assert_viewer_error(self.viewer("rows", dataset=GHCODE, config="default"), 422,
                                 "MissingRequiredParameter", "Parameter 'split' is required")
        self.assert_viewer_error(self.viewer("splits", "hf_bad", dataset=GHCODE), 401,
                                 "ExternalUnauthenticatedError", MSG_UNAUTH)
        entries, _ = self.tree(GHCODE, "main", recursive="true")
        self.assertEqual([e["path"] for e in entries],
                         [".gitattributes", "README.md", "data"] + [f"data/train-0000{k}-of-00004.parquet"
                                                                    for k in range(4)] + ["github-code.py"])
        script, redirected = self.fetch(GHCODE, "github-code.py")
        self.assertFalse(redirected)
        self.assertIn(b"class GithubCode(datasets.GeneratorBasedBuilder)", script)
        body, redirected = self.fetch(GHCODE, "data/train-00003-of-00004.parquet")
        self.assertTrue(redirected and is_parquet(body))
        self.assert_hub_error(self.request(f"{self.main}/api/datasets/{GHCODE}/tree/refs%2Fconvert%2Fparquet"),
                              404, "RevisionNotFound")

    # -- the parquet files (written by parquet.mjs): read back with node and hyparquet

    def test_parquet_exports_hold_the_viewer_rows(self):
        """Every refs/convert/parquet file holds the rows the viewer serves for its split, in
        order, with the viewer's columns and types; so do oasst1's data files."""
        cases = []   # (dataset, revision, path, split)
        for dataset in (OASST, DOLLY, SMOL, STACK, FORMATS):
            entries, _ = self.tree(dataset, "refs%2Fconvert%2Fparquet", GOOD, recursive="true")
            for e in entries:
                if e["path"].endswith(".parquet"):
                    cases.append((dataset, "refs%2Fconvert%2Fparquet", e["path"],
                                  e["path"].split("/")[1].removeprefix("partial-")))
        self.assertEqual(len(cases), 6)
        cases += [(OASST, "main", "data/train-00000-of-00001-b42a775f407cee45.parquet", "train"),
                  (OASST, "main", "data/validation-00000-of-00001-134b8fd0c89408b6.parquet", "validation")]
        bodies = [self.fetch(dataset, path, GOOD, rev)[0] for dataset, rev, path, _ in cases]
        self.assertEqual(len({hashlib.sha256(b).digest() for b in bodies}), len(bodies))   # distinct CDN objects
        for (dataset, rev, path, split), body, got in zip(cases, bodies, read_parquet(bodies)):
            with self.subTest(dataset=dataset, path=path):
                self.assertTrue(is_parquet(body))
                page = self.viewer_json("rows", GOOD, dataset=dataset, config="default", split=split, length=1)
                rows = [r["row"] for r in self.all_rows(dataset, split, GOOD)]
                self.assertEqual(got["columns"], parquet_columns(page["features"]))
                self.assertEqual(got["num_rows"], len(rows))
                self.assertEqual(got["rows"], rows)
                if rev == "main":
                    self.assertEqual([g["num_rows"] for g in got["row_groups"]], [len(rows)])
                    continue
                # row groups of 100 rows, snappy, and the features in the "huggingface" metadata
                self.assertEqual([g["num_rows"] for g in got["row_groups"]],
                                 [min(100, len(rows) - k) for k in range(0, len(rows), 100)])
                self.assertEqual({c for g in got["row_groups"] for c in g["codecs"]}, {"SNAPPY"})
                kv = {e["key"]: e.get("value") for e in got["key_value_metadata"]}
                self.assertEqual(json.loads(kv["huggingface"])["info"]["features"],
                                 self.viewer_json("info", GOOD, dataset=dataset, config="default")
                                 ["dataset_info"]["features"])
                size = self.viewer_json("size", GOOD, dataset=dataset, config="default")["size"]["splits"]
                self.assertEqual([s["num_bytes_parquet_files"] for s in size if s["split"] == split], [len(body)])

    def test_the_stack_parquet_files(self):
        stack_columns = parquet_columns(self.viewer_json("rows", GOOD, dataset=STACK, config="default",
                                                         split="train", length=1)["features"])
        types = dict(stack_columns)
        self.assertEqual((types["size"], types["max_stars_count"], types["avg_line_length"], types["content"]),
                         ("INT64", "INT64", "DOUBLE", "STRING"))
        self.assertEqual(types["max_issues_repo_licenses"], {"list": "STRING"})
        files = [("data/python/train-0000%d-of-00003.parquet" % k, "Python", "py", [50, 50, 50, 50]) for k in range(3)]
        files += [("data/go/train-00000-of-00001.parquet", "Go", "go", [50, 30]),
                  ("data/c++/train-00000-of-00001.parquet", "C++", "cpp", [40]),
                  ("data/c-sharp/train-00000-of-00001.parquet", "C#", "cs", [40])]
        tree = {e["path"]: e for e in self.tree(STACK, "main", GOOD, recursive="true")[0]}
        bodies = [self.fetch(STACK, path, GOOD)[0] for path, *_ in files]
        python_contents = []
        for (path, lang, ext, groups), body, got in zip(files, bodies, read_parquet(bodies)):
            with self.subTest(path=path):
                self.assertTrue(is_parquet(body))
                self.assertEqual((tree[path]["size"], tree[path]["lfs"]["size"]), (len(body), len(body)))
                self.assertEqual(got["columns"], stack_columns)
                self.assertEqual([g["num_rows"] for g in got["row_groups"]], groups)
                self.assertEqual(got["num_rows"], sum(groups))
                self.assertEqual({c for g in got["row_groups"] for c in g["codecs"]}, {"SNAPPY"})
                for r in got["rows"]:
                    self.assertEqual((r["lang"], r["ext"]), (lang, ext))
                    data = r["content"].encode()
                    self.assertEqual(r["size"], len(data))
                    self.assertEqual(r["hexsha"], hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest())
                    self.assertIsInstance(r["max_stars_repo_licenses"], list)
                    for k in ("stars", "issues", "forks"):
                        if r[f"max_{k}_count"] is None:
                            self.assertIsNone(r[f"max_{k}_repo_{k}_event_min_datetime"])
                if lang == "Python":
                    python_contents += [r["content"] for r in got["rows"]]
        # the profile's filter has something to drop and something to keep
        plain = [c for c in python_contents if "def " not in c and "class " not in c]
        self.assertTrue(50 <= len(plain) <= 250, len(plain))
        self.assertTrue(any("class " in c for c in python_contents))
        self.assertEqual(len(set(python_contents)), 600)

    def test_github_code_parquet_files(self):
        paths = [f"data/train-0000{k}-of-00004.parquet" for k in range(4)]
        bodies = [self.fetch(GHCODE, p)[0] for p in paths]
        got = read_parquet(bodies)
        rows = []
        for k, f in enumerate(got):
            with self.subTest(k=k):
                self.assertEqual(f["columns"], [["code", "STRING"], ["repo_name", "STRING"], ["path", "STRING"],
                                                ["language", "STRING"], ["license", "STRING"], ["size", "INT32"]])
                self.assertEqual([g["num_rows"] for g in f["row_groups"]], [100, 50])
                self.assertEqual({c for g in f["row_groups"] for c in g["codecs"]}, {"GZIP" if k == 2 else "SNAPPY"})
                rows += f["rows"]
        self.assertEqual(len(rows), 600)
        self.assertTrue(all(r["size"] == len(r["code"].encode()) for r in rows))
        self.assertTrue({"Python", "GO", "JavaScript", "C++", "C#", "Shell"} <= {r["language"] for r in rows})
        python = [r["code"] for r in rows if r["language"] == "Python"]
        self.assertTrue(any("def " in c for c in python))
        self.assertTrue(any("def " not in c and "class " not in c for c in python))

    def test_parquet_ranges_and_the_log(self):
        """A client reads the footer with range requests; the log says what it asked and got."""
        path = "data/python/train-00001-of-00003.parquet"
        status, headers, _ = self.request(f"{self.main}/datasets/{STACK}/resolve/main/{path}", GOOD)
        self.assertEqual(status, 302)
        location, size = headers["Location"], int(headers["X-Linked-Size"])
        tree = {e["path"]: e for e in self.tree(STACK, "main/data/python", GOOD)[0]}
        self.assertEqual((tree[path]["size"], tree[path]["lfs"]["size"]), (size, size))
        whole = self.request(location)[2]
        self.assertEqual(len(whole), size)
        self.control({"reset": True})
        status, headers, tail = self.request(location, headers={"Range": f"bytes={size - 8}-"})
        self.assertEqual((status, headers["Content-Range"], tail), (206, f"bytes {size - 8}-{size - 1}/{size}",
                                                                     whole[-8:]))
        self.assertEqual(tail[4:], b"PAR1")
        footer_len = int.from_bytes(tail[:4], "little")
        start = size - 8 - footer_len
        status, headers, footer = self.request(location, headers={"Range": f"bytes={start}-{size - 9}"})
        self.assertEqual((status, footer), (206, whole[start:size - 8]))
        status, _, head = self.request(location, headers={"Range": "bytes=0-3"})
        self.assertEqual((status, head), (206, b"PAR1"))
        self.assertEqual(self.request(location, headers={"Range": f"bytes={size}-"})[0], 416)
        self.assertEqual(self.request(location, method="HEAD")[0], 200)
        self.assertEqual([(e["port"], e["status"], e["range"], e["sent"]) for e in self.log()],
                         [("cdn", 206, f"bytes={size - 8}-", 8), ("cdn", 206, f"bytes={start}-{size - 9}", footer_len),
                          ("cdn", 206, "bytes=0-3", 4), ("cdn", 416, f"bytes={size}-", 0), ("cdn", 200, None, 0)])

    def test_no_benchmark_repo_by_default(self):
        self.assert_hub_error(self.request(f"{self.main}/api/datasets/{BENCH}/tree/main"), 404, "RepoNotFound")

    # -- seed-tools/formats: one set of rows in many file formats

    def formats_rows(self):
        return [r["row"] for r in self.all_rows(FORMATS)]

    def test_formats_jsonl_and_compressed(self):
        rows = self.formats_rows()
        self.assertEqual(len(rows), 25)
        self.assertEqual(list(rows[0]), ["text", "id", "score", "tags", "meta"])
        self.assertEqual([r["id"] for r in rows], list(range(25)))
        jsonl, redirected = self.fetch(FORMATS, "data/rows.jsonl")
        self.assertFalse(redirected)
        self.assertTrue(jsonl.endswith(b"}\n"))
        lines = jsonl.split(b"\n")[:-1]
        self.assertEqual(len(lines), 25)
        self.assertEqual([json.loads(x) for x in lines], rows)
        texts = [r["text"] for r in rows]
        self.assertEqual((texts.count(None), texts.count("")), (1, 1))
        self.assertTrue(any("\n" in t for t in texts if t))
        self.assertEqual(jsonl.count(b"\\u00e9"), 1)                  # é escaped, once
        self.assertNotIn("é".encode(), jsonl)
        self.assertEqual(jsonl.count(b"\\ud83d\\ude80"), 1)           # 🚀 as an escaped surrogate pair
        self.assertIn("🎉".encode(), jsonl)                           # beyond the BMP, raw
        self.assertIn("café au lait (an escaped e-acute)", texts)
        self.assertTrue(any(t and "🚀" in t for t in texts))
        self.assertTrue(all(isinstance(r["score"], float) for r in rows))
        self.assertIn([], [r["tags"] for r in rows])
        self.assertEqual(rows[9]["meta"], {"lang": None, "len": None})
        for name in ("data/rows.jsonl.gz", "data/rows.json.gz"):
            body, redirected = self.fetch(FORMATS, name)
            self.assertTrue(redirected, name)
            self.assertEqual(body[:2], b"\x1f\x8b")
            self.assertEqual(body[4:8], b"\0\0\0\0")   # mtime 0
        self.assertEqual(gzip.decompress(self.fetch(FORMATS, "data/rows.jsonl.gz")[0]), jsonl)
        zst, redirected = self.fetch(FORMATS, "data/rows.jsonl.zst")
        self.assertTrue(redirected)
        self.assertEqual(zst[:4], b"\x28\xb5\x2f\xfd")
        self.assertEqual(subprocess.run(["zstd", "-d", "-q", "-c"], input=zst, stdout=subprocess.PIPE,
                                        check=True).stdout, jsonl)
        pretty = self.fetch(FORMATS, "data/rows.json")[0]
        self.assertTrue(pretty.startswith(b'[\n  {\n    "text": "Hello, world!",\n    "id": 0,'))
        self.assertEqual(json.loads(pretty), rows)
        self.assertEqual(pretty.count(b"\\u00e9"), 1)
        compact = gzip.decompress(self.fetch(FORMATS, "data/rows.json.gz")[0])
        self.assertTrue(compact.startswith(b'[{"text":"Hello, world!","id":0,'))
        self.assertEqual(json.loads(compact), rows)

    def test_formats_odd_layouts_and_bad_files(self):
        rows = self.formats_rows()
        crlf = self.fetch(FORMATS, "data/crlf.jsonl")[0]
        self.assertTrue(crlf.startswith(b"\xef\xbb\xbf{"))
        self.assertEqual(crlf.count(b"\r\n"), 4)
        self.assertEqual(crlf.count(b"\n"), 4)
        self.assertTrue(crlf.endswith(b"}"))
        self.assertEqual([json.loads(x) for x in crlf[3:].split(b"\r\n")], rows[:5])
        blank = self.fetch(FORMATS, "data/blank-lines.jsonl")[0]
        lines = blank.split(b"\n")
        self.assertEqual([i for i, x in enumerate(lines) if x], [0, 2, 3, 6])
        self.assertEqual(lines[7:], [b"", b""])
        self.assertEqual([json.loads(x) for x in lines if x], rows[:4])
        broken = self.fetch(FORMATS, "bad/broken.jsonl")[0].split(b"\n")
        self.assertEqual((len(broken), broken[-1]), (6, b""))
        for i, line in enumerate(broken[:5]):
            if i == 2:
                with self.assertRaises(json.JSONDecodeError):
                    json.loads(line)
            else:
                self.assertEqual(json.loads(line)["id"], i)
        not_object = [json.loads(x) for x in self.fetch(FORMATS, "bad/not-object.jsonl")[0].splitlines()]
        self.assertEqual([type(x) for x in not_object], [dict, list, dict])
        self.assertEqual(not_object[1], [1, 2])
        prose = self.fetch(FORMATS, "bad/not-json.txt")[0]
        self.assertGreaterEqual(len(prose.splitlines()), 3)
        with self.assertRaises(json.JSONDecodeError):
            json.loads(prose.splitlines()[0])

    def test_formats_tree_and_many(self):
        root, pages = self.tree(FORMATS, "main")
        self.assertEqual([(e["type"], e["path"]) for e in root],
                         [("file", ".gitattributes"), ("file", "README.md"), ("directory", "bad"),
                          ("directory", "data"), ("directory", "many")])
        self.assertEqual(pages, 3)
        data, _ = self.tree(FORMATS, "main/data")
        self.assertEqual([e["path"] for e in data],
                         ["data/blank-lines.jsonl", "data/crlf.jsonl", "data/rows.json", "data/rows.json.gz",
                          "data/rows.jsonl", "data/rows.jsonl.gz", "data/rows.jsonl.zst"])
        lfs = [e["path"] for e in data if "lfs" in e]
        self.assertEqual(lfs, ["data/rows.json.gz", "data/rows.jsonl.gz", "data/rows.jsonl.zst"])
        gitattributes = self.fetch(FORMATS, ".gitattributes")[0]
        for pattern in (b"*.gz filter=lfs", b"*.zst filter=lfs"):
            self.assertIn(pattern, gitattributes)
        many, pages = self.tree(FORMATS, "main/many")
        self.assertEqual(pages, 6)
        self.assertEqual([e["path"] for e in many], [f"many/part-{k:04d}.jsonl" for k in range(12)])
        ids = []
        for e in many:
            body, redirected = self.fetch(FORMATS, e["path"])
            self.assertFalse(redirected)
            self.assertEqual(len(body), e["size"])
            part = [json.loads(x) for x in body.splitlines()]
            self.assertEqual(len(part), 10)
            self.assertTrue(all(list(r) == ["text", "id"] for r in part))
            ids += [r["id"] for r in part]
        self.assertEqual(ids, list(range(120)))
        everything, _ = self.tree(FORMATS, "main", recursive="true")
        self.assertEqual(len(everything), 2 + 3 + 7 + 3 + 12)
        parquet, _ = self.tree(FORMATS, "refs%2Fconvert%2Fparquet", recursive="true")
        self.assertIn("default/train/0000.parquet", [e["path"] for e in parquet])

    def test_formats_viewer(self):
        self.assertEqual(self.viewer_json("is-valid", dataset=FORMATS),
                         {"preview": True, "viewer": True, "search": True, "filter": True, "statistics": True})
        page = self.viewer_json("rows", dataset=FORMATS, config="default", split="train", length=5)
        self.assertEqual((page["num_rows_total"], page["partial"]), (25, False))
        self.assertEqual(page["features"][4]["type"], {"lang": {"dtype": "string", "_type": "Value"},
                                                       "len": {"dtype": "int64", "_type": "Value"}})
        self.assertEqual(self.filter_idx("\"text\" IS NULL", dataset=FORMATS), ([9], 1))
        self.assertEqual(self.filter_idx("\"text\"=''", dataset=FORMATS), ([8], 1))
        rows = self.formats_rows()
        want = [i for i, r in enumerate(rows) if r["meta"]["lang"] == "en"]
        self.assertEqual(self.filter_idx("\"meta\".\"lang\"='en'", dataset=FORMATS), (want, len(want)))
        self.assertEqual(self.viewer_json("size", dataset=FORMATS)["size"]["dataset"]["num_bytes_original_files"],
                         len(self.fetch(FORMATS, "data/rows.jsonl")[0]))

    # -- the stall fault, and resuming with Range

    def raw_get(self, port, target):
        """Sends a GET on a raw socket; returns the socket, the status line and headers, and the
        body bytes already read with them."""
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            self.assertTrue(chunk, data)
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
        return sock, lines[0], headers, body

    def read_exactly(self, sock, body, n):
        while len(body) < n:
            chunk = sock.recv(n - len(body))
            self.assertTrue(chunk, f"EOF after {len(body)} of {n} bytes")
            body += chunk
        return body

    def assert_nothing_more(self, sock):
        readable, _, _ = select.select([sock], [], [], 0.2)
        self.assertEqual(readable, [], "the stalled answer sent more")

    def test_stall(self):
        full = self.request(f"{self.main}/datasets/{DOLLY}/resolve/main/databricks-dolly-15k.jsonl")[2]
        self.control({"reset": True, "stall": 1, "stall_at": 1000})
        sock, status, headers, body = self.raw_get(self.main_port, f"/datasets/{DOLLY}/resolve/main/"
                                                                   "databricks-dolly-15k.jsonl")
        self.assertEqual(status, "HTTP/1.1 200 OK")
        self.assertEqual(int(headers["content-length"]), len(full))
        self.assertNotIn("connection", headers)
        body = self.read_exactly(sock, body, 1000)
        self.assertEqual(body, full[:1000])
        self.assert_nothing_more(sock)
        log = self.log()
        self.assertEqual([(e["fault"], e["status"], e["sent"]) for e in log], [("stall", 200, 1000)])
        # other connections are served meanwhile
        self.assertEqual(self.request(f"{self.main}/datasets/{DOLLY}/resolve/main/databricks-dolly-15k.jsonl")[2],
                         full)
        self.assertEqual(self.log()[-1]["sent"], len(full))
        sock.close()
        # on the CDN (named in match), half the body by default
        status, headers, _ = self.request(f"{self.main}/datasets/{FORMATS}/resolve/main/data/rows.jsonl.zst")
        self.assertEqual(status, 302)
        location = headers["Location"]
        zst = self.request(location)[2]
        self.control({"reset": True, "stall": 1, "match": ["cdn"]})
        status, _, redirect = self.request(f"{self.main}/datasets/{FORMATS}/resolve/main/data/rows.jsonl.zst")
        self.assertEqual(status, 302)
        sock, status, headers, body = self.raw_get(self.cdn_port, location[len(self.cdn):])
        self.assertEqual((status, int(headers["content-length"])), ("HTTP/1.1 200 OK", len(zst)))
        body = self.read_exactly(sock, body, len(zst) // 2)
        self.assertEqual(body, zst[:len(zst) // 2])
        self.assert_nothing_more(sock)
        sock.close()
        log = self.log()
        self.assertEqual([(e["port"], e["fault"], e["sent"]) for e in log],
                         [("main", None, len(redirect)), ("cdn", "stall", len(zst) // 2)])
        self.assertEqual(self.control({})["faults"], [])

    def test_range_resume_after_truncate(self):
        path = f"/datasets/{DOLLY}/resolve/main/databricks-dolly-15k.jsonl"
        status, headers, full = self.request(self.main + path)
        self.assertEqual(status, 200)
        self.assertIsNone(headers.get("Content-Range"))
        self.assertEqual(headers["Accept-Ranges"], "bytes")
        size = len(full)

        def resume(port, target, url, want):
            self.control({"reset": True, "truncate": 1, "truncate_at": 1000,
                          "match": ["cdn"] if port == self.cdn_port else ["resolve"]})
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", target)
            r = conn.getresponse()
            self.assertEqual((r.status, int(r.headers["Content-Length"])), (200, len(want)))
            with self.assertRaises(http.client.IncompleteRead) as cm:
                r.read()
            conn.close()
            got = cm.exception.partial
            self.assertEqual(got, want[:1000])
            status, headers, rest = self.request(url, headers={"Range": f"bytes={len(got)}-"})
            self.assertEqual(status, 206)
            self.assertEqual(headers["Content-Range"], f"bytes {len(got)}-{len(want) - 1}/{len(want)}")
            self.assertEqual(int(headers["Content-Length"]), len(want) - len(got))
            self.assertEqual(got + rest, want)
            log = self.log()
            self.assertEqual([(e["fault"], e["status"], e["range"], e["sent"]) for e in log],
                             [("truncate", 200, None, 1000), (None, 206, f"bytes={len(got)}-", len(want) - 1000)])

        resume(self.main_port, path, self.main + path, full)   # a plain git file, on the main port
        location = self.request(f"{self.main}/datasets/{FORMATS}/resolve/main/data/rows.jsonl.zst")[1]["Location"]
        resume(self.cdn_port, location[len(self.cdn):], location, self.request(location)[2])   # LFS, on the CDN
        for spec, expect in (("bytes=0-", (206, full)), (f"bytes={size - 1}-", (206, full[-1:])),
                             ("bytes=10-19", (206, full[10:20])), (f"bytes={size}-", (416, b"")),
                             ("bytes=20-10", (200, full)), ("bytes=-100", (200, full)),
                             ("bytes=0-1,5-6", (200, full))):
            with self.subTest(spec=spec):
                status, headers, body = self.request(self.main + path, headers={"Range": spec})
                self.assertEqual((status, body), expect)
                if status == 416:
                    self.assertEqual(headers["Content-Range"], f"bytes */{size}")


class ProcessTest(unittest.TestCase):
    def test_latency_option_and_sigterm(self):
        proc, main_port, cdn_port = start_fake("--latency-ms", "30")
        try:
            self.assertNotEqual(main_port, cdn_port)
            state = json.loads(urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
                f"http://127.0.0.1:{main_port}/_control").read())
            self.assertEqual(state["latency_ms"], 30)
        finally:
            proc.send_signal(signal.SIGTERM)
            self.assertEqual(proc.wait(10), 0)
            self.assertEqual(proc.stdout.read(), b"")   # nothing after the port line
            proc.stdout.close()


class ParquetCacheTest(unittest.TestCase):
    """The parquet cache (FAKEHUB_PARQUET_CACHE, one folder per test), --bench-parquet, and the
    fake's refusal to start without node."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.cache = os.path.join(self.tmp.name, "cache")
        self.env = dict(os.environ, FAKEHUB_PARQUET_CACHE=self.cache)

    def tearDown(self):
        self.tmp.cleanup()

    def start(self, *args):
        """Starts a fake on this test's cache; returns it, its ports, its stderr file and the
        seconds until its port line."""
        stderr = open(os.path.join(self.tmp.name, f"stderr-{time.monotonic_ns()}"), "w+")
        self.addCleanup(stderr.close)
        started = time.monotonic()
        proc, main_port, cdn_port = start_fake("--verbose", *args, env=self.env, stderr=stderr)
        self.addCleanup(self.kill, proc)
        return proc, main_port, cdn_port, stderr, time.monotonic() - started

    @staticmethod
    def kill(proc):
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()

    def cache_state(self):
        return {name: (st.st_ino, st.st_mtime_ns) for name in os.listdir(self.cache)
                for st in [os.stat(os.path.join(self.cache, name))]}

    def get(self, url, headers=None):
        try:
            with OPENER.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            with e:
                return e.code, e.headers, e.read()

    def test_cache_written_once_then_reused(self):
        proc, main_port, _, stderr, cold = self.start()
        self.assertEqual(stop_fake(proc), 0)
        stderr.seek(0)
        self.assertRegex(stderr.read(), r"fakehub: wrote 18 parquet file\(s\) to ")
        first = self.cache_state()
        self.assertEqual(len([n for n in first if n.endswith(".parquet")]), 18)
        self.assertEqual(len([n for n in first if n.endswith(".sha256")]), 18)
        self.assertEqual(len([n for n in first if n.startswith("manifest-")]), 1)
        self.assertFalse([n for n in first if ".tmp-" in n])
        proc, main_port, _, stderr, warm = self.start()
        try:
            status, headers, _ = self.get(f"http://127.0.0.1:{main_port}/datasets/{FORMATS}/resolve/"
                                          "refs%2Fconvert%2Fparquet/default/train/0000.parquet")
            self.assertEqual(status, 302)
            body = self.get(headers["Location"])[2]
            self.assertEqual(hashlib.sha256(body).hexdigest(), headers["X-Linked-Etag"].strip('"'))
        finally:
            self.assertEqual(stop_fake(proc), 0)
        stderr.seek(0)
        self.assertIn("fakehub: 18 parquet file(s) from the cache", stderr.read())
        self.assertEqual(self.cache_state(), first)   # nothing rewritten
        sys.stderr.write(f" [start: cold {cold:.2f} s, warm {warm:.2f} s] ")
        # a lost manifest: the specs are built again, but the files are still there
        for name in first:
            if name.startswith("manifest-"):
                os.unlink(os.path.join(self.cache, name))
        proc, *_, stderr, _ = self.start()
        self.assertEqual(stop_fake(proc), 0)
        self.assertEqual({k: v for k, v in self.cache_state().items() if k.endswith(".parquet")},
                         {k: v for k, v in first.items() if k.endswith(".parquet")})

    def test_concurrent_cold_starts(self):
        procs = [subprocess.Popen([sys.executable, FAKEHUB], stdout=subprocess.PIPE, env=self.env) for _ in range(3)]
        for proc in procs:
            self.addCleanup(self.kill, proc)
        etags = set()
        for proc in procs:
            ports = proc.stdout.readline().decode().split()
            self.assertEqual(len(ports), 2, "a fake did not start")
            status, headers, _ = self.get(f"http://127.0.0.1:{ports[0]}/datasets/{DOLLY}/resolve/"
                                          "refs%2Fconvert%2Fparquet/default/train/0000.parquet")
            etags.add(headers["X-Linked-Etag"])
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            self.assertEqual(proc.wait(10), 0)
        self.assertEqual(len(etags), 1)
        self.assertFalse([n for n in os.listdir(self.cache) if ".tmp-" in n])

    def test_bench_parquet(self):
        proc, main_port, _, _, _ = self.start("--bench-parquet", "3")
        main = f"http://127.0.0.1:{main_port}"
        try:
            with OPENER.open(f"{main}/api/datasets/{BENCH}/tree/main/data", timeout=10) as r:
                entries = json.loads(r.read())
            path = "data/train-00000-of-00001.parquet"
            self.assertEqual([e["path"] for e in entries], [path])
            status, headers, _ = self.get(f"{main}/datasets/{BENCH}/resolve/main/{path}")
            self.assertEqual(status, 302)
            body = self.get(headers["Location"])[2]
            self.assertEqual(len(body), entries[0]["lfs"]["size"])
            readme = self.get(f"{main}/datasets/{BENCH}/resolve/main/README.md")[2]
            self.assertIn(b"\nviewer: false\n", readme)
            for route, params in (("is-valid", {}), ("splits", {}), ("rows", {"config": "default", "split": "train"})):
                with self.subTest(route=route):
                    query = urllib.parse.urlencode({"dataset": BENCH, **params})
                    with self.assertRaises(urllib.error.HTTPError) as cm:
                        OPENER.open(f"{main}/{route}?{query}", timeout=10)
                    with cm.exception as e:
                        self.assertEqual((e.code, e.headers["X-Error-Code"]), (501, "NotSupportedDisabledViewerError"))
                        self.assertEqual(json.loads(e.read()), {
                            "error": f"Not supported: dataset viewer is disabled in {BENCH} configuration."})
        finally:
            self.assertEqual(stop_fake(proc), 0)
        got = read_parquet([body])[0]
        self.assertEqual(got["columns"], [["content", "STRING"], ["lang", "STRING"], ["path", "STRING"]])
        self.assertEqual([g["num_rows"] for g in got["row_groups"]], [3] * 100)
        sizes = [len(r["content"].encode()) for r in got["rows"]]
        self.assertTrue(all(1024 <= n <= 4096 for n in sizes), (min(sizes), max(sizes)))
        self.assertEqual(len({r["content"] for r in got["rows"]}), 300)
        self.assertGreater(len(body), sum(sizes) // 3)   # code, not a repeated string: snappy keeps most of it
        self.assertTrue({"Python", "Go"} <= {r["lang"] for r in got["rows"]})
        # a second start with the same option reuses the file
        before = self.cache_state()
        proc, *_ = self.start("--bench-parquet", "3")
        self.assertEqual(stop_fake(proc), 0)
        self.assertEqual(self.cache_state(), before)

    def test_without_node(self):
        env = dict(self.env, PATH=os.path.join(self.tmp.name, "empty"))
        run = subprocess.run([sys.executable, FAKEHUB], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             timeout=30, check=False)
        self.assertEqual((run.returncode, run.stdout), (1, b""))
        self.assertIn(b"the node command missing (./bootstrap.sh installs them)", run.stderr)


if __name__ == "__main__":
    unittest.main()
