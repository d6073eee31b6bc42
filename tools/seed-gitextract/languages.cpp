// The language table. Definition node types follow each grammar's own names (0.23.x grammars,
// see grammars.lock); a grammar bump that renames one is caught by the unit tests.
#include "languages.hpp"

extern "C" {
const TSLanguage* tree_sitter_python();
const TSLanguage* tree_sitter_javascript();
const TSLanguage* tree_sitter_typescript();
const TSLanguage* tree_sitter_tsx();
const TSLanguage* tree_sitter_go();
const TSLanguage* tree_sitter_rust();
const TSLanguage* tree_sitter_java();
const TSLanguage* tree_sitter_c();
const TSLanguage* tree_sitter_cpp();
const TSLanguage* tree_sitter_ruby();
}

namespace seed::gitextract {

namespace {

// JavaScript's definitions, shared by TypeScript and TSX. A `const f = () => ...` counts as a
// function (see extract.cpp: the declaration must hold a function).
const std::vector<DefinitionRule> javascript_definitions{
    {"function_declaration", "function"}, {"generator_function_declaration", "function"},
    {"class_declaration", "class"},       {"method_definition", "function"},
    {"lexical_declaration", "function"},  {"variable_declaration", "function"},
};

std::vector<DefinitionRule> typescript_definitions() {
    std::vector<DefinitionRule> rules = javascript_definitions;
    rules.insert(rules.end(), {{"abstract_class_declaration", "class"},
                               {"interface_declaration", "interface"},
                               {"type_alias_declaration", "type"},
                               {"enum_declaration", "enum"}});
    return rules;
}

}  // namespace

const std::vector<Language>& languages() {
    static const std::vector<Language> table{
        {.name = "python",
         .grammar = tree_sitter_python,
         .extensions = {".py", ".pyi"},
         .definitions = {{"function_definition", "function"}, {"class_definition", "class"}},
         .wrappers = {"decorated_definition"},
         .opaque = {"expression_statement", "return_statement", "import_statement", "import_from_statement",
                    "assert_statement", "raise_statement", "delete_statement", "global_statement", "nonlocal_statement",
                    "parameters", "decorator", "comment", "string"}},
        {.name = "javascript",
         .grammar = tree_sitter_javascript,
         .extensions = {".js", ".mjs", ".cjs", ".jsx"},
         .definitions = javascript_definitions},
        {.name = "typescript",
         .grammar = tree_sitter_typescript,
         .extensions = {".ts", ".mts", ".cts"},
         .definitions = typescript_definitions()},
        {.name = "tsx", .grammar = tree_sitter_tsx, .extensions = {".tsx"}, .definitions = typescript_definitions()},
        {.name = "go",
         .grammar = tree_sitter_go,
         .extensions = {".go"},
         .definitions = {{"function_declaration", "function"},
                         {"method_declaration", "method"},
                         {"type_spec", "type"},
                         {"type_alias", "type"}}},
        {.name = "rust",
         .grammar = tree_sitter_rust,
         .extensions = {".rs"},
         .definitions = {{"function_item", "function"},
                         {"impl_item", "impl"},
                         {"struct_item", "struct"},
                         {"enum_item", "enum"},
                         {"trait_item", "trait"},
                         {"macro_definition", "macro"}},
         .leading = {"attribute_item"}},
        {.name = "java",
         .grammar = tree_sitter_java,
         .extensions = {".java"},
         .definitions = {{"class_declaration", "class"},
                         {"interface_declaration", "interface"},
                         {"enum_declaration", "enum"},
                         {"record_declaration", "record"},
                         {"method_declaration", "function"},
                         {"constructor_declaration", "constructor"},
                         {"compact_constructor_declaration", "constructor"}}},
        {.name = "c",
         .grammar = tree_sitter_c,
         .extensions = {".c", ".h"},
         .definitions = {{"function_definition", "function"},
                         {"struct_specifier", "struct"},
                         {"union_specifier", "union"},
                         {"enum_specifier", "enum"}}},
        {.name = "cpp",
         .grammar = tree_sitter_cpp,
         .extensions = {".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".ipp"},
         .definitions = {{"function_definition", "function"},
                         {"class_specifier", "class"},
                         {"struct_specifier", "struct"},
                         {"union_specifier", "union"},
                         {"enum_specifier", "enum"}},
         .wrappers = {"template_declaration"}},
        {.name = "ruby",
         .grammar = tree_sitter_ruby,
         .extensions = {".rb"},
         .definitions = {{"method", "function"},
                         {"singleton_method", "function"},
                         {"class", "class"},
                         {"module", "module"},
                         {"singleton_class", "class"}}},
    };
    return table;
}

const Language* language_for(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    const std::size_t dot = path.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return nullptr;
    const std::string_view extension = path.substr(dot);
    for (const Language& language : languages()) {
        for (const std::string_view e : language.extensions) {
            if (e == extension) return &language;
        }
    }
    return nullptr;
}

const Language* language_named(std::string_view name) {
    for (const Language& language : languages()) {
        if (language.name == name) return &language;
    }
    return nullptr;
}

}  // namespace seed::gitextract
