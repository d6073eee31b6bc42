#!/usr/bin/env python3
"""Self-test of the parquet test tools (README.md): write.mjs writes its files twice (the
bytes must agree), read.mjs (hyparquet) must print every NAME.jsonl exactly as written, as
judged by compare.py, and compare.py must find planted differences. When the Apache
parquet-testing files are there (../shared/reference/parquet/testing), read.mjs must read
them, with a few known values.

    python3 tests/parquet/test_parquet_tools.py
"""

import concurrent.futures
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
WRITE = os.path.join(HERE, "write.mjs")
READ = os.path.join(HERE, "read.mjs")
COMPARE = os.path.join(HERE, "compare.py")
REFERENCE = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "reference", "parquet", "testing"))

NAMES = ["the-stack", "github-code", "shapes", "encodings", "codecs-uncompressed", "codecs-snappy",
         "codecs-gzip", "codecs-brotli", "large-strings"]


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def node():
    path = shutil.which("node")
    if not path or not os.path.isdir(os.path.join(HERE, "node_modules", "hyparquet-writer")):
        raise RuntimeError("needs node and tests/parquet/node_modules: run ./bootstrap.sh")
    return path


class ParquetTools(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = node()
        cls.tmp = tempfile.mkdtemp(prefix="parquet-tools-")
        cls.out = os.path.join(cls.tmp, "a")
        cls.again = os.path.join(cls.tmp, "b")
        # two runs at once: the files, and a check that they come out the same
        runs = [subprocess.Popen([cls.node, WRITE, d], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for d in (cls.out, cls.again)]
        cls.results = [(p.wait(timeout=120), *p.communicate()) for p in runs]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def read(self, parquet, *columns):
        return run([self.node, READ, parquet, *columns], timeout=120)

    def compare(self, expected, actual):
        return run([sys.executable, COMPARE, expected, actual], timeout=120)

    def test_write_succeeds_quietly(self):
        for status, stdout, stderr in self.results:
            self.assertEqual((status, stdout, stderr), (0, "", ""))

    def test_writes_each_file_with_its_rows(self):
        expected = sorted(f"{n}.{ext}" for n in NAMES for ext in ("parquet", "jsonl"))
        self.assertEqual(sorted(os.listdir(self.out)), expected)
        counts = {"the-stack": 3000, "github-code": 2000, "shapes": 50, "encodings": 4000, "large-strings": 4}
        for name, count in counts.items():
            with open(os.path.join(self.out, f"{name}.jsonl"), encoding="utf-8") as f:
                self.assertEqual(sum(1 for _ in f), count, name)

    def test_write_is_deterministic(self):
        for name in sorted(os.listdir(self.out)):
            with open(os.path.join(self.out, name), "rb") as a, open(os.path.join(self.again, name), "rb") as b:
                self.assertTrue(a.read() == b.read(), f"{name} differs between two runs")

    def test_read_reproduces_every_jsonl(self):
        def check(name):
            parquet = os.path.join(self.out, f"{name}.parquet")
            actual = os.path.join(self.tmp, f"{name}.actual.jsonl")
            result = self.read(parquet)
            with open(actual, "w", encoding="utf-8", newline="\n") as f:
                f.write(result.stdout)
            return name, result, self.compare(os.path.join(self.out, f"{name}.jsonl"), actual)

        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            for name, result, compared in pool.map(check, NAMES):
                with self.subTest(name):
                    self.assertEqual((result.returncode, result.stderr), (0, ""))
                    self.assertEqual(compared.returncode, 0, compared.stdout)

    def test_compare_finds_a_difference_planted_in_read_output(self):
        result = self.read(os.path.join(self.out, "shapes.parquet"))
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines(keepends=True)
        row = json.loads(lines[2])
        self.assertEqual(row["person"]["scores"], [1.5, None, -0.25])
        row["person"]["scores"][1] = 0
        lines[2] = json.dumps(row, ensure_ascii=False) + "\n"
        planted = os.path.join(self.tmp, "shapes.planted.jsonl")
        with open(planted, "w", encoding="utf-8", newline="\n") as f:
            f.writelines(lines)
        compared = self.compare(os.path.join(self.out, "shapes.jsonl"), planted)
        self.assertEqual(compared.returncode, 1)
        self.assertEqual(compared.stdout, "rows: expected 50, actual 50\n"
                                          "line 3: at $.person.scores[1]: expected null, got number 0\n")

    def test_read_selects_columns_in_schema_order(self):
        result = self.read(os.path.join(self.out, "shapes.parquet"), "person,id", "attrs")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        self.assertEqual(len(rows), 50)
        self.assertEqual(list(rows[2]), ["id", "person", "attrs"])
        self.assertEqual(rows[2]["attrs"], {"a": 1, "b": None})

    def test_read_rejects_an_unknown_column_and_a_non_parquet_file(self):
        result = self.read(os.path.join(self.out, "shapes.parquet"), "nope")
        self.assertEqual(result.returncode, 1)
        self.assertIn('no column named "nope"', result.stderr)
        result = self.read(os.path.join(self.out, "shapes.jsonl"))
        self.assertEqual(result.returncode, 1)
        self.assertTrue(result.stderr.startswith("read.mjs: "), result.stderr)


class Compare(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="parquet-compare-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def files(self, expected, actual):
        paths = []
        for name, text in (("expected.jsonl", expected), ("actual.jsonl", actual)):
            path = os.path.join(self.tmp, name)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            paths.append(path)
        return run([sys.executable, COMPARE, *paths], timeout=60)

    def test_equal(self):
        result = self.files('{"a":1,"b":[1.5,null]}\n{"a":2}\n', '{"b":[1.5,null],"a":1.0}\n{"a":2}\n')
        self.assertEqual((result.returncode, result.stdout), (0, "rows: expected 2, actual 2: equal\n"))

    def test_planted_difference_is_reported_with_line_and_path(self):
        expected = '{"id":1,"x":{"tags":["a","b"]}}\n{"id":2,"x":{"tags":["a","b"]}}\n'
        actual = expected.replace('{"id":2,"x":{"tags":["a","b"]}}', '{"id":2,"x":{"tags":["a","c"]}}')
        result = self.files(expected, actual)
        self.assertEqual(result.returncode, 1)
        self.assertIn("rows: expected 2, actual 2", result.stdout)
        self.assertIn('line 2: at $.x.tags[1]: expected "b", got "c"', result.stdout)

    def test_floats_compare_exactly(self):
        result = self.files('{"v":12.34}\n', '{"v":12.340000000000002}\n')
        self.assertEqual(result.returncode, 1)
        self.assertIn("line 1: at $.v: expected 12.34, got 12.340000000000002", result.stdout)

    def test_integers_compare_exactly(self):
        result = self.files('{"v":9007199254740993}\n', '{"v":9007199254740992}\n')
        self.assertEqual(result.returncode, 1)
        result = self.files('{"v":9007199254740993}\n', '{"v":9007199254740992.0}\n')
        self.assertEqual(result.returncode, 1)

    def test_boolean_is_not_a_number(self):
        result = self.files('{"v":true}\n', '{"v":1}\n')
        self.assertEqual(result.returncode, 1)
        self.assertIn("expected boolean true, got number 1", result.stdout)

    def test_missing_and_extra_keys_and_rows(self):
        self.assertIn("at $.b: missing key", self.files('{"a":1,"b":2}\n', '{"a":1}\n').stdout)
        self.assertIn("at $.c: unexpected key", self.files('{"a":1}\n', '{"a":1,"c":3}\n').stdout)
        result = self.files('{"a":1}\n{"a":2}\n', '{"a":1}\n')
        self.assertEqual(result.returncode, 1)
        self.assertIn("rows: expected 2, actual 1", result.stdout)
        self.assertIn("line 2: missing in actual", result.stdout)

    def test_not_json(self):
        self.assertIn("invalid JSON", self.files('{"a":null}\n', '{"a":NaN}\n').stdout)
        self.assertIn("duplicate key", self.files('{"a":1}\n', '{"a":1,"a":1}\n').stdout)


@unittest.skipUnless(os.path.isdir(REFERENCE), "no parquet-testing files at " + REFERENCE)
class Conformance(unittest.TestCase):
    """read.mjs on the Apache parquet-testing files (see README.md for what it reads)."""

    # hyparquet cannot hold the 1 GiB strings of the first; the second is malformed on purpose
    REJECTED = {"large_string_map.brotli", "nation.dict-malformed"}
    # ZSTD pages go through the zstd command (node 20 has no zstd)
    ZSTD = {"byte_stream_split.zstd", "delta_length_byte_array", "page_v2_empty_compressed"}

    @classmethod
    def setUpClass(cls):
        cls.node = node()
        names = sorted(f[:-len(".parquet")] for f in os.listdir(REFERENCE) if f.endswith(".parquet"))

        def read(name):
            return name, run([cls.node, READ, os.path.join(REFERENCE, name + ".parquet")], timeout=300)

        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            cls.results = dict(pool.map(read, names))

    def rows(self, name):
        result = self.results[name]
        self.assertEqual(result.returncode, 0, result.stderr)
        return [json.loads(line) for line in result.stdout.splitlines()]

    def test_reads_all_but_the_rejected_files(self):
        for name, result in self.results.items():
            if name in self.ZSTD and not shutil.which("zstd"):
                continue
            with self.subTest(name):
                self.assertEqual(result.returncode, 1 if name in self.REJECTED else 0, result.stderr)

    def test_known_values(self):
        rows = self.rows("alltypes_plain")
        self.assertEqual(len(rows), 8)
        self.assertEqual(rows[1], {"id": 5, "bool_col": False, "tinyint_col": 1, "smallint_col": 1, "int_col": 1,
                                   "bigint_col": 10, "float_col": 1.1, "double_col": 10.1,
                                   "date_string_col": "03/01/09", "string_col": "1",
                                   "timestamp_col": "2009-03-01T00:01:00.000000000Z"})
        self.assertEqual([r["long_col"] for r in self.rows("concatenated_gzip_members")], list(range(1, 514)))
        self.assertEqual([r["e"] for r in self.rows("datapage_v2.snappy")], [[1, 2, 3], None, None, [1, 2, 3], [1, 2]])
        lz4 = [{"c0": 1593604800, "c1": "abc", "v11": 42}, {"c0": 1593604800, "c1": "def", "v11": 7.7},
               {"c0": 1593604801, "c1": "abc", "v11": 42.125}, {"c0": 1593604801, "c1": "def", "v11": 7.7}]
        for name in ("hadoop_lz4_compressed", "lz4_raw_compressed", "non_hadoop_lz4_compressed"):
            self.assertEqual(self.rows(name), lz4, name)
        self.assertEqual(self.rows("nested_lists.snappy")[0], {"a": [[["a", "b"], ["c"]], [None, ["d"]]], "b": 1})
        self.assertEqual(self.rows("nullable.impala")[2],
                         {"id": 3, "int_array": [], "int_array_Array": [None], "int_map": {},
                          "int_Map_Array": [None, None],
                          "nested_struct": {"A": None, "b": None, "C": {"d": []}, "g": {}}})
        self.assertEqual(self.rows("null_list"), [{"emptylist": []}])

    def test_delta_byte_array_matches_its_csv(self):
        with open(os.path.join(REFERENCE, "delta_byte_array_expect.csv"), newline="", encoding="utf-8") as f:
            expected = [{k: v or None for k, v in row.items()} for row in csv.DictReader(f)]
        self.assertEqual(self.rows("delta_byte_array"), expected)


if __name__ == "__main__":
    unittest.main()
