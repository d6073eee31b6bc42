// The rule table.
#include "rules.hpp"

namespace seed::filter {

namespace {

using Bound::max;
using Bound::min;
using Bound::truth;
using enum ValueKind;
using enum RuleSet;

constexpr std::array<RuleInfo, rule_count> rules{{
    {"empty", base, "", "", truth, none, 0, ""},
    {"min", base, "", "", min, count, 0, ""},
    {"max", base, "", "", max, count, 0, ""},
    {"min-lines", base, "", "", min, count, 0, ""},
    {"max-lines", base, "", "", max, count, 0, ""},
    {"require-any", base, "", "", truth, none, 0, ""},
    {"code-ratio", base, "", "", max, fraction, 0, ""},
    {"field", base, "", "", truth, none, 0, ""},

    {"gopher-dup-paragraphs", gopher_repetition, "gopher-max-dup-paragraphs", "gopher_dup_paragraphs", max, fraction,
     0.3, "max share of duplicate paragraphs (0.3)"},
    {"gopher-dup-paragraph-chars", gopher_repetition, "gopher-max-dup-paragraph-chars", "gopher_dup_paragraph_chars",
     max, fraction, 0.2, "max share of chars in duplicate paragraphs (0.2)"},
    {"gopher-dup-lines", gopher_repetition, "gopher-max-dup-lines", "gopher_dup_lines", max, fraction, 0.3,
     "max share of duplicate lines (0.3)"},
    {"gopher-dup-line-chars", gopher_repetition, "gopher-max-dup-line-chars", "gopher_dup_line_chars", max, fraction,
     0.2, "max share of chars in duplicate lines (0.2)"},
    {"gopher-top-2-gram", gopher_repetition, "gopher-max-top-2-gram", "gopher_top_2_gram", max, fraction, 0.20,
     "max share of chars in the top 2-gram (0.20)"},
    {"gopher-top-3-gram", gopher_repetition, "gopher-max-top-3-gram", "gopher_top_3_gram", max, fraction, 0.18,
     "max share of chars in the top 3-gram (0.18)"},
    {"gopher-top-4-gram", gopher_repetition, "gopher-max-top-4-gram", "gopher_top_4_gram", max, fraction, 0.16,
     "max share of chars in the top 4-gram (0.16)"},
    {"gopher-dup-5-grams", gopher_repetition, "gopher-max-dup-5-grams", "gopher_dup_5_grams", max, fraction, 0.15,
     "max share of chars in repeated 5-grams (0.15)"},
    {"gopher-dup-6-grams", gopher_repetition, "gopher-max-dup-6-grams", "gopher_dup_6_grams", max, fraction, 0.14,
     "max share of chars in repeated 6-grams (0.14)"},
    {"gopher-dup-7-grams", gopher_repetition, "gopher-max-dup-7-grams", "gopher_dup_7_grams", max, fraction, 0.13,
     "max share of chars in repeated 7-grams (0.13)"},
    {"gopher-dup-8-grams", gopher_repetition, "gopher-max-dup-8-grams", "gopher_dup_8_grams", max, fraction, 0.12,
     "max share of chars in repeated 8-grams (0.12)"},
    {"gopher-dup-9-grams", gopher_repetition, "gopher-max-dup-9-grams", "gopher_dup_9_grams", max, fraction, 0.11,
     "max share of chars in repeated 9-grams (0.11)"},
    {"gopher-dup-10-grams", gopher_repetition, "gopher-max-dup-10-grams", "gopher_dup_10_grams", max, fraction, 0.10,
     "max share of chars in repeated 10-grams (0.10)"},

    {"gopher-min-words", gopher_quality, "gopher-min-words", "gopher_words", min, count, 50, "min words (50)"},
    {"gopher-max-words", gopher_quality, "gopher-max-words", "gopher_words", max, count, 100000, "max words (100000)"},
    {"gopher-min-mean-word-length", gopher_quality, "gopher-min-mean-word-length", "gopher_mean_word_length", min,
     number, 3, "min mean word length in chars (3)"},
    {"gopher-max-mean-word-length", gopher_quality, "gopher-max-mean-word-length", "gopher_mean_word_length", max,
     number, 10, "max mean word length in chars (10)"},
    {"gopher-hash-ratio", gopher_quality, "gopher-max-hash-ratio", "gopher_hash_ratio", max, number, 0.1,
     "max '#' per word (0.1)"},
    {"gopher-ellipsis-ratio", gopher_quality, "gopher-max-ellipsis-ratio", "gopher_ellipsis_ratio", max, number, 0.1,
     "max ellipses per word (0.1)"},
    {"gopher-bullet-lines", gopher_quality, "gopher-max-bullet-lines", "gopher_bullet_lines", max, fraction, 0.9,
     "max share of lines starting with a bullet (0.9)"},
    {"gopher-ellipsis-lines", gopher_quality, "gopher-max-ellipsis-lines", "gopher_ellipsis_lines", max, fraction, 0.3,
     "max share of lines ending with an ellipsis (0.3)"},
    {"gopher-alpha-tokens", gopher_quality, "gopher-min-alpha-tokens", "gopher_alpha_tokens", min, fraction, 0.8,
     "min share of tokens with a letter (0.8)"},
    {"gopher-stop-words", gopher_quality, "gopher-min-stop-words", "gopher_stop_words", min, count, 2,
     "min stop words (2)"},

    {"c4-lorem-ipsum", c4, "", "c4_lorem_ipsum", truth, flag, 0, ""},
    {"c4-curly-bracket", c4, "", "c4_curly_bracket", truth, flag, 0, ""},
    {"c4-min-sentences", c4, "c4-min-sentences", "c4_sentences", min, count, 5, "min sentences in the kept lines (5)"},
    {"c4-empty", c4, "", "c4_lines_kept", min, count, 1, ""},

    {"fineweb-punct-lines", fineweb, "fineweb-min-punct-lines", "fineweb_punct_lines", min, fraction, 0.12,
     "min share of lines ending in punctuation (0.12)"},
    {"fineweb-short-lines", fineweb, "fineweb-max-short-lines", "fineweb_short_lines", max, fraction, 0.67,
     "max share of short lines (0.67)"},
    {"fineweb-dup-chars", fineweb, "fineweb-max-dup-chars", "fineweb_dup_chars", max, fraction, 0.01,
     "max share of chars in duplicate lines (0.01)"},
    {"fineweb-newlines", fineweb, "fineweb-max-newlines-per-word", "fineweb_newlines", max, number, 0.3,
     "max line breaks per word (0.3)"},

    {"code-max-line-length", code, "code-max-line-length", "code_max_line_length", max, count, 1000,
     "max line length in chars (1000)"},
    {"code-mean-line-length", code, "code-max-mean-line-length", "code_mean_line_length", max, number, 100,
     "max mean line length in chars (100)"},
    {"code-alnum", code, "code-min-alnum", "code_alnum", min, fraction, 0.25, "min share of letters and digits (0.25)"},
    {"code-min-comments", code, "code-min-comments", "code_comments", min, fraction, 0.01,
     "min share of chars in comments (0.01)"},
    {"code-max-comments", code, "code-max-comments", "code_comments", max, fraction, 0.8,
     "max share of chars in comments (0.8)"},
    {"code-xml-header", code, "", "code_xml_header", truth, flag, 0, ""},
    {"code-autogenerated", code, "", "code_autogenerated", truth, flag, 0, ""},
}};

}  // namespace

const RuleInfo& rule_info(Rule rule) { return rules[static_cast<std::size_t>(rule)]; }

std::optional<Rule> rule_named(std::string_view name) {
    for (std::size_t i = 0; i < rule_count; ++i) {
        if (rules[i].name == name) return rule_at(i);
    }
    return std::nullopt;
}

std::string_view set_option(RuleSet set) {
    switch (set) {
        case RuleSet::base: return "";
        case RuleSet::gopher_repetition: return "gopher-repetition";
        case RuleSet::gopher_quality: return "gopher-quality";
        case RuleSet::c4: return "c4-lines";
        case RuleSet::fineweb: return "fineweb";
        case RuleSet::code: return "code-quality";
    }
    return "";
}

bool fails(const RuleInfo& rule, double value, double threshold) {
    switch (rule.bound) {
        case Bound::min: return value < threshold;
        case Bound::max: return value > threshold;
        case Bound::truth: return value != 0;
    }
    return false;
}

}  // namespace seed::filter
