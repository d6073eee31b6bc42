// seed-claude's units: text clean-up, times, file names, and the messages of a conversation
// (tools/seed-claude/).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "claude.hpp"
#include "conversations.hpp"
#include "exports.hpp"

namespace seed::claude {
namespace {

TEST(ClaudeMarkup, PlaceholderFencesAndLegacyTagsGoWhole) {
    EXPECT_EQ(
        strip_claude_markup("Here:\n\n```\nThis block is not supported on your current device yet.\n```\n\n\nDone."),
        "Here:\n\nDone.");
    EXPECT_EQ(strip_claude_markup("A\n```\nViewing artifacts created via the Analysis Tool web feature preview "
                                  "isn\u2019t yet supported on mobile.\n```\nB"),
              "A\n\nB");
    EXPECT_EQ(strip_claude_markup("Sure. <antThinking>plan it</antThinking>\n<antArtifact identifier=\"x\" "
                                  "type=\"text/markdown\" title=\"T\">\n# Body\n</antArtifact>\nThere it is."),
              "Sure. \n\nThere it is.");
    EXPECT_EQ(strip_claude_markup("I will <antThinking>plan</antThinking> do it."), "I will do it.");
    EXPECT_EQ(strip_claude_markup("an <antThinking> left open"), "an <antThinking> left open");
    EXPECT_EQ(strip_claude_markup("plain\n\n\n\ntext"), "plain\n\n\n\ntext");  // nothing removed: kept as is
}

TEST(ChatgptCitations, SpansGoWithTheSpaceBeforePunctuation) {
    EXPECT_EQ(strip_citations("food \uE200cite\uE202turn0search0\uE201. Next"), "food. Next");
    EXPECT_EQ(strip_citations("a \uE200filecite\uE202turn0file0\uE201 b"), "a b");
    EXPECT_EQ(strip_citations("oxygen\u30103\u2020source\u3011."), "oxygen.");
    EXPECT_EQ(strip_citations("keep \u3010brackets\u3011 here"), "keep \u3010brackets\u3011 here");
    EXPECT_EQ(strip_citations("stray \uE202 mark \uE200"), "stray  mark ");
}

TEST(Text, TrimsUnicodeWhiteSpace) {
    EXPECT_EQ(trim_space(" \u00a0\n Hello \u3000\t"), "Hello");
    EXPECT_EQ(trim_space("\u2003"), "");
    EXPECT_EQ(trim_space("é"), "é");
}

TEST(Times, EpochSecondsAsIsoUtcWithMicroseconds) {
    EXPECT_EQ(iso_from_epoch("1750537483.102"), "2025-06-21T20:24:43.102000Z");
    EXPECT_EQ(iso_from_epoch("0"), "1970-01-01T00:00:00.000000Z");
    EXPECT_EQ(iso_from_epoch("1750537483.9999996"), "2025-06-21T20:24:44.000000Z");
    EXPECT_EQ(iso_from_epoch("-5"), "");
    EXPECT_EQ(iso_from_epoch("1e300"), "");
}

TEST(Exports, ConversationFileNames) {
    EXPECT_TRUE(is_conversations_file("conversations.json"));
    EXPECT_TRUE(is_conversations_file("data-2025-10-06-batch-0000/conversations.json"));
    EXPECT_TRUE(is_conversations_file("export/conversations-000.json"));
    EXPECT_TRUE(is_conversations_file("conversations-12.json"));
    EXPECT_FALSE(is_conversations_file("conversations-.json"));
    EXPECT_FALSE(is_conversations_file("conversations-00a.json"));
    EXPECT_FALSE(is_conversations_file("my-conversations.json"));
    EXPECT_FALSE(is_conversations_file("projects.json"));
}

struct Extracted {
    std::vector<std::string> lines;  // "role drop: text"
    UnknownCounts unknown;
};

Extracted extract_from(const std::string& json, const ExtractOptions& options = {}) {
    std::vector<json::Node> nodes;
    std::size_t consumed = 0;
    EXPECT_FALSE(json::scan_tree(json, nodes, consumed, json::LoneSurrogates::replace).has_value());
    const Value conversation(nodes, 0);
    Format format = Format::claude;
    EXPECT_TRUE(detect_format(conversation, format));
    Extracted out;
    for (const Message& m : extract(conversation, format, options, out.unknown).messages) {
        out.lines.push_back(m.id + " " + m.role + " " + std::string(drop_name(m.drop)) + ": " + m.text);
    }
    return out;
}

TEST(ClaudeMessages, ContentBlocksFirstThenTextThenPastes) {
    const std::string conversation = R"({"uuid":"c","name":"","chat_messages":[
      {"uuid":"1","sender":"human","text":"ignored","content":[{"type":"text","text":" Hi "},{"type":"text","text":"there"},
        {"type":"tool_use","name":"artifacts"},{"type":"text","text":"after"},{"type":"widget"}],
        "attachments":[{"file_name":"","file_type":"txt","extracted_content":" pasted \n"},
                       {"file_name":"a.pdf","extracted_content":"pdf text"}]},
      {"uuid":"2","sender":"Assistant","text":" Old\n```\nThis block is not supported on your current device yet.\n```","content":[{"type":"thinking","thinking":"x"}]},
      {"uuid":"3","sender":"human","text":"","content":[],"attachments":[{"file_name":"","extracted_content":"only a paste"}]},
      {"uuid":"4","sender":"system","text":"s"}]})";
    const Extracted e = extract_from(conversation);
    EXPECT_EQ(e.lines, (std::vector<std::string>{"1 user none: Hi there\n\nafter\n\npasted", "2 assistant none: Old",
                                                 "3 user none: only a paste", "4 system none: s"}));
    EXPECT_EQ(e.unknown, (UnknownCounts{{"widget", 1}}));
    ExtractOptions all;
    all.all_attachments = true;
    EXPECT_EQ(extract_from(conversation, all).lines[0], "1 user none: Hi there\n\nafter\n\npasted\n\npdf text");
    ExtractOptions none;
    none.attachments = false;
    EXPECT_EQ(extract_from(conversation, none).lines[2], "3 user none: ");
}

TEST(ClaudeMessages, TheBranchFromTheCurrentOrNewestLeaf) {
    const std::string root = "00000000-0000-4000-8000-000000000000";
    const std::string messages = R"([
      {"uuid":"a","sender":"human","text":"q1","parent_message_uuid":")" +
                                 root + R"(","created_at":"2026-01-01T00:00:01Z"},
      {"uuid":"b","sender":"assistant","text":"r1","parent_message_uuid":"a","created_at":"2026-01-01T00:00:02Z"},
      {"uuid":"c","sender":"human","text":"q2 first","parent_message_uuid":"b","created_at":"2026-01-01T00:00:03Z"},
      {"uuid":"d","sender":"human","text":"q2 edited","parent_message_uuid":"b","created_at":"2026-01-01T00:00:04Z"}])";
    EXPECT_EQ(extract_from(R"({"uuid":"c","chat_messages":)" + messages + "}").lines,
              (std::vector<std::string>{"a user none: q1", "b assistant none: r1", "d user none: q2 edited",
                                        "c user off_branch: "}));
    EXPECT_EQ(extract_from(R"({"uuid":"c","current_leaf_message_uuid":"c","chat_messages":)" + messages + "}").lines,
              (std::vector<std::string>{"a user none: q1", "b assistant none: r1", "c user none: q2 first",
                                        "d user off_branch: "}));
    ExtractOptions all;
    all.all_branches = true;
    EXPECT_EQ(extract_from(R"({"uuid":"c","chat_messages":)" + messages + "}", all).lines.size(), 4U);
}

TEST(ChatgptMessages, TheActiveBranchWithoutHiddenMessages) {
    const std::string conversation = R"({"id":"c","title":null,"current_node":"u2","mapping":{
      "root":{"id":"root","message":null,"parent":null,"children":["s"]},
      "s":{"id":"s","parent":"root","children":["u1"],"message":{"id":"s","author":{"role":"system"},"content":{"content_type":"text","parts":[""]},"metadata":{"is_visually_hidden_from_conversation":true}}},
      "u1":{"id":"u1","parent":"s","children":["a1","a1b"],"message":{"id":"u1","author":{"role":"user"},"create_time":1750537483.102,"content":{"content_type":"multimodal_text","parts":[{"content_type":"image_asset_pointer"},"Look","at this"]}}},
      "a1":{"id":"a1","parent":"u1","children":[],"message":{"id":"a1","author":{"role":"assistant"},"content":{"content_type":"text","parts":["old answer"]}}},
      "a1b":{"id":"a1b","parent":"u1","children":["t"],"message":{"id":"a1b","author":{"role":"assistant"},"recipient":"python","content":{"content_type":"code","text":"1+1"}}},
      "t":{"id":"t","parent":"a1b","children":["u2"],"message":{"id":"t","author":{"role":"tool","name":"python"},"content":{"content_type":"execution_output","text":"2"}}},
      "u2":{"id":"u2","parent":"t","children":[],"message":{"id":"u2","author":{"role":"user"},"content":{"content_type":"voice_widget","parts":["?"]}}}}})";
    const Extracted e = extract_from(conversation);
    EXPECT_EQ(e.lines,
              (std::vector<std::string>{"s system hidden: ", "u1 user none: Look\n\nat this", "a1b assistant hidden: ",
                                        "t tool hidden: ", "u2 user unsupported: ", "a1 assistant off_branch: "}));
    EXPECT_EQ(e.unknown, (UnknownCounts{{"voice_widget", 1}}));
}

}  // namespace
}  // namespace seed::claude
