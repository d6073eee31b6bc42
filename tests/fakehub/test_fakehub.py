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
import signal
import subprocess
import sys
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

FAKEHUB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fakehub.py")

OASST = "OpenAssistant/oasst1"
DOLLY = "databricks/databricks-dolly-15k"
SMOL = "bigcode/the-stack-smol"
GOOD = "hf_good"

OASST_COLUMNS = ["message_id", "parent_id", "user_id", "created_date", "text", "role", "lang", "review_count",
                 "review_result", "deleted", "rank", "synthetic", "model_name", "detoxify", "message_tree_id",
                 "tree_state", "emojis", "labels"]
SMOL_COLUMNS = ["content", "avg_line_length", "max_line_length", "alphanum_fraction", "licenses",
                "repository_name", "path", "size", "lang"]
MSG_UNAUTH = ("The dataset does not exist, or is not accessible without authentication (private or gated). "
              "Please check the spelling of the dataset name or retry with authentication.")
MSG_AUTH = ("The dataset does not exist, or is not accessible with the current credentials (private or gated). "
            "Please check the spelling of the dataset name or retry with other authentication credentials.")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect)


def start_fake(*args):
    proc = subprocess.Popen([sys.executable, FAKEHUB, *args], stdout=subprocess.PIPE)
    line = proc.stdout.readline().decode()
    m = re.fullmatch(r"(\d+) (\d+)\n", line)
    if not m:
        proc.kill()
        raise RuntimeError(f"bad port line {line!r}")
    return proc, int(m.group(1)), int(m.group(2))


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
        self.assertTrue(self.request(headers["Location"])[2].startswith(b"PAR1"))

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
        for body in (b'{"not_ready": -1}', b'{"bogus": 1}', b'[1]', b'not json', b'{"match": ["nowhere"], "drop": 1}'):
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
                                       "authorization_prefix", "token_prefix", "range", "fault", "status"})
        self.assertEqual((log[0]["method"], log[0]["port"], log[0]["path"]), ("GET", "main", "/rows"))
        self.assertEqual(log[0]["params"], {"dataset": OASST, "config": "default", "split": "train", "length": "2"})
        self.assertEqual(log[0]["query"], urllib.parse.urlencode(log[0]["params"]))
        self.assertEqual((log[0]["authorization"], log[0]["authorization_prefix"], log[0]["token_prefix"]),
                         (True, "Bearer", "hf_noa"))
        self.assertEqual(log[1]["path"], f"/api/datasets/{OASST}/tree/refs%2Fconvert%2Fparquet")
        self.assertEqual((log[1]["authorization"], log[1]["authorization_prefix"]), (False, None))


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


if __name__ == "__main__":
    unittest.main()
