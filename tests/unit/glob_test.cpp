// Path globs (common/glob): seed-gitextract's --include/--exclude, seed-hfstream's --data-files.
#include "glob.hpp"

#include <gtest/gtest.h>

namespace seed {
namespace {

TEST(Glob, MatchesComponentsAndDoubleStars) {
    EXPECT_TRUE(glob_match("*.py", "a/b/c.py"));
    EXPECT_FALSE(glob_match("*.py", "a/b/c.pyc"));
    EXPECT_TRUE(glob_match("src/*.py", "src/x.py"));
    EXPECT_FALSE(glob_match("src/*.py", "src/a/x.py"));
    EXPECT_TRUE(glob_match("src/**/*.py", "src/x.py"));
    EXPECT_TRUE(glob_match("src/**/*.py", "src/a/b/x.py"));
    EXPECT_TRUE(glob_match("**/test_*.py", "a/test_x.py"));
    EXPECT_TRUE(glob_match("/docs/**", "docs/a/b"));
    EXPECT_FALSE(glob_match("docs/**", "src/docs/a"));
    EXPECT_TRUE(glob_match("x?.[ch]", "x1.c"));
    EXPECT_FALSE(glob_match("x?.[!ch]", "x1.c"));
    EXPECT_TRUE(glob_match("[a-c]*", "b.go"));
    EXPECT_TRUE(glob_match("tests", "a/tests/x.py"));  // a folder, as in .gitignore
    EXPECT_TRUE(glob_match("tests/", "tests/x.py"));
    EXPECT_FALSE(glob_match("tests/", "a/tests"));       // a file named tests is not a folder
    EXPECT_TRUE(glob_match("src/gen", "src/gen/x.py"));  // everything in a folder a path names
    EXPECT_FALSE(glob_match("src/gen", "src/general.py"));
}

TEST(Glob, WholePathsForHubDataFiles) {
    EXPECT_TRUE(glob_match_whole("data/python/*", "data/python/a.json"));
    EXPECT_FALSE(glob_match_whole("data/python/*", "data/python/sub/a.json"));
    EXPECT_TRUE(glob_match_whole("data/python/**", "data/python/sub/a.json"));
    EXPECT_FALSE(glob_match_whole("*.json", "data/a.json"));  // from the top, not in any folder
    EXPECT_TRUE(glob_match_whole("**/*.json", "data/a.json"));
    EXPECT_TRUE(glob_match_whole("data/python", "data/python/a.json"));  // a folder and all in it
    EXPECT_TRUE(glob_match_whole("/data/python/", "data/python/x/a.json"));
    EXPECT_FALSE(glob_match_whole("data/py", "data/python/a.json"));
    EXPECT_TRUE(glob_match_whole("data/c++/train-*.parquet", "data/c++/train-00000-of-00001.parquet"));
}

TEST(Glob, LiteralFolderIsWhereAListingStarts) {
    EXPECT_EQ(glob_literal_folder("data/python/*"), "data/python");
    EXPECT_EQ(glob_literal_folder("data/python/*.json"), "data/python");
    EXPECT_EQ(glob_literal_folder("/data/python/data.json"), "data/python");
    EXPECT_EQ(glob_literal_folder("data/*/train-*.parquet"), "data");
    EXPECT_EQ(glob_literal_folder("data/c++/*"), "data/c++");
    EXPECT_EQ(glob_literal_folder("**/*.jsonl"), "");
    EXPECT_EQ(glob_literal_folder("*.jsonl"), "");
    EXPECT_EQ(glob_literal_folder("d[ae]ta/x"), "");
}

TEST(Glob, PathComponents) {
    EXPECT_EQ(path_components("a/b/c"), (std::vector<std::string_view>{"a", "b", "c"}));
    EXPECT_EQ(path_components(""), (std::vector<std::string_view>{""}));
}

}  // namespace
}  // namespace seed
