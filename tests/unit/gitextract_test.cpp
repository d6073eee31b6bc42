// seed-gitextract's units: the language table and definition finder, the choice of
// definitions, file filters, license identification, dedent and the summary.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "definitions.hpp"
#include "extract.hpp"
#include "filters.hpp"
#include "languages.hpp"
#include "repository.hpp"

namespace seed::gitextract {
namespace {

TEST(Languages, EveryGrammarLoadsAndNamesItsDefinitionNodes) {
    for (const Language& language : languages()) {
        DefinitionFinder finder(language);
        EXPECT_TRUE(finder.ready()) << language.name;
    }
}

TEST(Languages, AreFoundByExtensionAndName) {
    EXPECT_EQ(language_for("a/b/c.py")->name, "python");
    EXPECT_EQ(language_for("x.tsx")->name, "tsx");
    EXPECT_EQ(language_for("x.h")->name, "c");
    EXPECT_EQ(language_for("x.hpp")->name, "cpp");
    EXPECT_EQ(language_for("Makefile"), nullptr);
    EXPECT_EQ(language_for("dir.py/README"), nullptr);
    EXPECT_EQ(language_named("ruby")->name, "ruby");
    EXPECT_EQ(language_named("cobol"), nullptr);
}

// "name kind start-end" of every definition, depth first.
std::vector<std::string> listing(std::string_view language, std::string_view source) {
    DefinitionFinder finder(*language_named(language));
    std::vector<std::string> out;
    const auto walk = [&](const auto& self, const std::vector<Definition>& defs) -> void {
        for (const Definition& d : defs) {
            out.push_back(d.name + " " + std::string(d.kind) + " " + std::to_string(d.start_line) + "-" +
                          std::to_string(d.end_line) + (d.has_error ? " error" : ""));
            self(self, d.children);
        }
    };
    walk(walk, finder.find(source));
    return out;
}

TEST(DefinitionFinder, FindsPythonDefinitionsWithTheirDecorators) {
    const std::string source =
        "import os\n"
        "@dec\n"
        "@other(1,\n"
        "       2)\n"
        "def f(x):\n"
        "    def inner():\n"
        "        return x\n"
        "    return inner\n"
        "\n"
        "class A(Base):\n"
        "    async def run(self):\n"
        "        pass\n"
        "    class B:\n"
        "        x = 1\n"
        "g = lambda: 1\n";
    EXPECT_EQ(listing("python", source),
              (std::vector<std::string>{"f function 2-8", "f.inner function 6-7", "A class 10-14", "A.run method 11-12",
                                        "A.B class 13-14"}));
}

TEST(DefinitionFinder, MarksDefinitionsWithParseErrors) {
    const auto found = listing("python", "def ok():\n    return 1\n\ndef bad(:\n    return 2\n");
    ASSERT_EQ(found.size(), 2u) << ::testing::PrintToString(found);
    EXPECT_EQ(found[0], "ok function 1-2");
}

TEST(DefinitionFinder, TakesCDefinitionsNotPrototypes) {
    EXPECT_EQ(listing("c",
                      "int add(int a, int b);\n"
                      "static int *add(int a, int b) {\n"
                      "    return 0;\n"
                      "}\n"
                      "struct point { int x, y; };\n"
                      "struct point p;\n"),
              (std::vector<std::string>{"add function 2-4", "point struct 5-5"}));
}

TEST(DefinitionFinder, TakesCppTemplatesAndQualifiedMembers) {
    EXPECT_EQ(listing("cpp",
                      "namespace n {\n"
                      "template <class T>\n"
                      "class Box {\n"
                      "  T get() const { return v; }\n"
                      "  T v;\n"
                      "};\n"
                      "}\n"
                      "int Box::size() const {\n"
                      "  return 1;\n"
                      "}\n"),
              (std::vector<std::string>{"Box class 2-6", "Box.get method 4-4", "Box::size function 8-10"}));
}

TEST(DefinitionFinder, TakesJavaScriptArrowFunctionsButNotOtherConstants) {
    EXPECT_EQ(listing("javascript",
                      "const f = (a) => {\n"
                      "  return a;\n"
                      "};\n"
                      "const n = 5;\n"
                      "class K {\n"
                      "  m() { return 1; }\n"
                      "}\n"),
              (std::vector<std::string>{"f function 1-3", "K class 5-7", "K.m method 6-6"}));
}

Definition def(std::string name, std::uint32_t lines, std::vector<Definition> children = {}) {
    Definition d;
    d.name = std::move(name);
    d.end_line = lines;  // the fit function below reads the size from end_line
    d.children = std::move(children);
    return d;
}

std::string chosen(const std::vector<Definition>& defs, Granularity granularity) {
    std::string out;
    choose(
        defs, granularity,
        [](const Definition& d) {
            return d.end_line < 5 ? Fit::too_small : d.end_line > 60 ? Fit::too_large : Fit::fits;
        },
        [&](const Definition& d) { out += "+" + d.name + " "; },
        [&](const Definition& d, Fit) { out += "-" + d.name + " "; });
    return out;
}

TEST(Choose, FitTakesTheOutermostThatFitAndGoesIntoTooLargeOnes) {
    const std::vector<Definition> defs{
        def("big", 100, {def("big.m1", 10), def("big.tiny", 2), def("big.huge", 80, {def("big.huge.x", 6)})}),
        def("ok", 20, {def("ok.inner", 10)}),
        def("small", 3, {def("small.x", 2)}),
    };
    EXPECT_EQ(chosen(defs, Granularity::fit), "-big +big.m1 -big.tiny -big.huge +big.huge.x +ok -small ");
    EXPECT_EQ(chosen(defs, Granularity::all),
              "-big +big.m1 -big.tiny -big.huge +big.huge.x +ok +ok.inner -small -small.x ");
}

TEST(Choose, DropsDefinitionsWithParseErrorsButLooksInside) {
    std::vector<Definition> defs{def("broken", 20, {def("broken.good", 10)})};
    defs[0].has_error = true;
    EXPECT_EQ(chosen(defs, Granularity::fit), "-broken +broken.good ");
}

TEST(Filters, SkipByPathAndContent) {
    const std::vector<std::string> none;
    EXPECT_EQ(skip_by_path("vendor/x.py", none, none, true), Skip::vendored);
    EXPECT_EQ(skip_by_path("a/node_modules/b/x.js", none, none, true), Skip::vendored);
    EXPECT_EQ(skip_by_path("vendor.py", none, none, true), Skip::none);
    EXPECT_EQ(skip_by_path("app.min.js", none, none, true), Skip::minified);
    EXPECT_EQ(skip_by_path("vendor/x.py", none, none, false), Skip::none);
    EXPECT_EQ(skip_by_path("a/x.py", {"b/**"}, none, true), Skip::excluded);
    EXPECT_EQ(skip_by_path("a/x.py", none, {"x.py"}, true), Skip::excluded);

    EXPECT_EQ(skip_by_content(std::string("a\0b", 3), true), Skip::binary);
    EXPECT_EQ(skip_by_content("version https://git-lfs.github.com/spec/v1\noid sha256:abc\n", true), Skip::lfs_pointer);
    EXPECT_EQ(skip_by_content("\xff\xfe", true), Skip::not_utf8);
    EXPECT_EQ(skip_by_content("// Code generated by protoc. DO NOT EDIT.\npackage x\n", true), Skip::generated);
    EXPECT_EQ(skip_by_content("\"\"\"Trees can be generated by parse().\"\"\"\n", true), Skip::none);  // prose
    EXPECT_EQ(skip_by_content("#!/usr/bin/env python\n# Autogenerated by Sphinx\n", true), Skip::generated);
    EXPECT_EQ(skip_by_content(std::string(12, '\n') + "# Generated by x\n", true), Skip::none);  // not the head
    EXPECT_EQ(skip_by_content("x = '" + std::string(1200, 'a') + "'\n", true), Skip::long_lines);
    EXPECT_EQ(skip_by_content("x = '" + std::string(1200, 'a') + "'\n", false), Skip::none);
    EXPECT_EQ(skip_by_content("def f():\n    return 1\n", true), Skip::none);
}

TEST(Licenses, AreIdentifiedBySpdxId) {
    EXPECT_EQ(identify_license("MIT License\n\nPermission is hereby granted, free of charge, to any person"), "MIT");
    EXPECT_EQ(
        identify_license("                                 Apache License\n                           Version 2.0, "
                         "January 2004"),
        "Apache-2.0");
    EXPECT_EQ(identify_license("Redistribution and use in source and binary forms ... Neither the name of"),
              "BSD-3-Clause");
    EXPECT_EQ(identify_license("Redistribution and use in source and binary forms, with or without"), "BSD-2-Clause");
    EXPECT_EQ(identify_license("GNU GENERAL PUBLIC LICENSE\n Version 3, 29 June 2007"), "GPL-3.0");
    EXPECT_EQ(identify_license("All rights reserved."), "");
    EXPECT_TRUE(is_license_file("LICENSE"));
    EXPECT_TRUE(is_license_file("License.txt"));
    EXPECT_TRUE(is_license_file("COPYING"));
    EXPECT_FALSE(is_license_file("README"));
    EXPECT_FALSE(is_license_file("license.py"));
    EXPECT_TRUE(is_license_file("LICENSE-MIT"));
}

TEST(Dedent, RemovesTheCommonIndentationOnly) {
    EXPECT_EQ(dedent("    def f():\n        return 1\n\n    x = 2"), "def f():\n    return 1\n\nx = 2");
    EXPECT_EQ(dedent("\tif x:\n\t\ty()"), "if x:\n\ty()");
    EXPECT_EQ(dedent("a\n  b"), "a\n  b");
    EXPECT_EQ(dedent("  \tmixed\n  other"), "\tmixed\nother");
}

TEST(Repository, TellsUrlsFromPaths) {
    EXPECT_TRUE(is_url("https://github.com/encode/httpx.git"));
    EXPECT_TRUE(is_url("file:///srv/git/x"));
    EXPECT_TRUE(is_url("git@github.com:encode/httpx.git"));
    EXPECT_FALSE(is_url("/src/httpx"));
    EXPECT_FALSE(is_url("../httpx"));
    EXPECT_FALSE(is_url("dir/a@b:c"));  // a colon after a slash is part of a path
}

TEST(Extract, NamesRepositoriesAndSummarizes) {
    EXPECT_EQ(repository_name("/src/httpx/"), "httpx");
    EXPECT_EQ(repository_name("mirrors/starlette.git"), "starlette");
    EXPECT_EQ(repository_name("https://github.com/encode/httpx.git"), "httpx");
    Counts counts;
    counts.repositories = 2;
    counts.files = 10;
    counts.skipped[static_cast<std::size_t>(Skip::vendored)] = 3;
    counts.skipped[static_cast<std::size_t>(Skip::binary)] = 1;
    counts.found = 40;
    counts.kept = 25;
    counts.dropped[static_cast<std::size_t>(Drop::min)] = 14;
    counts.dropped[static_cast<std::size_t>(Drop::parse_error)] = 1;
    EXPECT_EQ(summary_line(counts, Mode::definitions),
              "2 repositories, 10 files (skipped 4: vendored 3, binary 1), kept 25 of 40 definitions (dropped min 14, "
              "parse-error 1)");
}

}  // namespace
}  // namespace seed::gitextract
