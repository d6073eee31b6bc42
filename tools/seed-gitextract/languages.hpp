// The languages seed-gitextract reads: file extensions, the tree-sitter grammar, and which
// syntax nodes are whole definitions (and of what kind).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

namespace seed::gitextract {

// A node type that makes a definition, and the kind it is reported as.
struct DefinitionRule {
    std::string_view node_type;
    std::string_view kind;  // "function", "class", ...; a function inside a class-like kind is a "method"
};

struct Language {
    std::string_view name;  // as in the output's "language" field and --lang
    const TSLanguage* (*grammar)();
    std::vector<std::string_view> extensions;  // with the dot: ".py"
    std::vector<DefinitionRule> definitions;
    // Nodes that wrap one definition and belong to it: Python's decorated_definition (the
    // decorators), C++'s template_declaration (the template line).
    std::vector<std::string_view> wrappers = {};
    // Nodes that never hold a definition, so their subtrees are not walked (Python: the simple
    // statements; a def is a compound statement and cannot sit inside an expression).
    std::vector<std::string_view> opaque = {};
    // Siblings just before a definition that belong to it (Rust's #[...] attributes).
    std::vector<std::string_view> leading = {};
};

// Every language, in a fixed order.
const std::vector<Language>& languages();

// The language of `path` by its extension, or null.
const Language* language_for(std::string_view path);

// The language named `name`, or null.
const Language* language_named(std::string_view name);

}  // namespace seed::gitextract
