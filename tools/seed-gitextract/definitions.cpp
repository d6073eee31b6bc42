// Finding definitions with tree-sitter, and choosing which become records.
#include "definitions.hpp"

#include <algorithm>
#include <cstring>

namespace seed::gitextract {

namespace {

std::string_view text_of(TSNode node, std::string_view source) {
    const std::uint32_t begin = ts_node_start_byte(node);
    const std::uint32_t end = ts_node_end_byte(node);
    return begin <= end && end <= source.size() ? source.substr(begin, end - begin) : std::string_view();
}

TSNode field(TSNode node, const char* name) {
    return ts_node_child_by_field_name(node, name, static_cast<std::uint32_t>(std::strlen(name)));
}

bool type_is(TSNode node, std::string_view type) { return !ts_node_is_null(node) && type == ts_node_type(node); }

// Kinds whose functions are methods.
bool holds_methods(std::string_view kind) {
    return kind == "class" || kind == "struct" || kind == "impl" || kind == "trait" || kind == "interface" ||
           kind == "module" || kind == "record" || kind == "enum";
}

// The variable_declarator of a JavaScript declaration whose value is a function, or a null node.
TSNode function_declarator(TSNode declaration) {
    const std::uint32_t count = ts_node_named_child_count(declaration);
    for (std::uint32_t i = 0; i < count; ++i) {
        const TSNode child = ts_node_named_child(declaration, i);
        if (!type_is(child, "variable_declarator")) continue;
        const TSNode value = field(child, "value");
        if (type_is(value, "arrow_function") || type_is(value, "function_expression") || type_is(value, "function") ||
            type_is(value, "generator_function")) {
            return child;
        }
    }
    return TSNode{};
}

// The name a C or C++ declarator declares: int *f(int x), int (*f(void))(int), V& operator+=(...)
// all name what sits at the bottom of their nested declarators.
std::string declared_name(TSNode declarator, std::string_view source) {
    while (!ts_node_is_null(declarator)) {
        const std::string_view t = ts_node_type(declarator);
        if (t == "identifier" || t == "field_identifier" || t == "qualified_identifier" || t == "operator_name" ||
            t == "destructor_name" || t == "type_identifier") {
            return std::string(text_of(declarator, source));
        }
        TSNode inner = field(declarator, "declarator");
        if (ts_node_is_null(inner)) inner = ts_node_named_child(declarator, 0);  // reference_declarator, (...)
        declarator = inner;
    }
    return std::string();
}

// The type a Go method's receiver names, without pointer or type arguments: (s *Server[T]) -> Server.
std::string receiver_type(TSNode receiver, std::string_view source) {
    TSNode type = field(ts_node_named_child(receiver, 0), "type");
    while (!ts_node_is_null(type) &&
           (type_is(type, "pointer_type") || type_is(type, "generic_type") || type_is(type, "parenthesized_type"))) {
        const TSNode inner = field(type, "type");
        type = ts_node_is_null(inner) ? ts_node_named_child(type, 0) : inner;
    }
    return std::string(text_of(type, source));
}

// The last token of a node that is not a comment: tree-sitter-python's blocks take in the
// comments after their last statement, which are not part of the definition (ast ends there too).
TSNode last_token(TSNode node) {
    for (;;) {
        std::uint32_t i = ts_node_child_count(node);
        if (i == 0) return node;
        TSNode child{};
        while (i-- > 0) {
            child = ts_node_child(node, i);
            if (!type_is(child, "comment")) break;
            child = TSNode{};
        }
        if (ts_node_is_null(child)) return node;
        node = child;
    }
}

// The name of a definition node, as written: its `name` field, or what its declarator chain
// (C, C++) or its first spec (Go types) names.
std::string name_of(TSNode node, std::string_view source) {
    const std::string_view type = ts_node_type(node);
    if (type == "lexical_declaration" || type == "variable_declaration") {
        const TSNode declarator = function_declarator(node);
        return ts_node_is_null(declarator) ? std::string() : std::string(text_of(field(declarator, "name"), source));
    }
    if (type == "method_declaration" && !ts_node_is_null(field(node, "receiver"))) {  // Go: func (s *T) M()
        return receiver_type(field(node, "receiver"), source) + "." + std::string(text_of(field(node, "name"), source));
    }
    if (type == "impl_item") return std::string(text_of(field(node, "type"), source));                 // Rust
    if (type == "singleton_class") return "<< " + std::string(text_of(field(node, "value"), source));  // Ruby
    const TSNode name = field(node, "name");
    if (!ts_node_is_null(name)) return std::string(text_of(name, source));
    // C: typedef struct { ... } T; names the struct by its typedef.
    const TSNode parent = ts_node_parent(node);
    if ((type == "struct_specifier" || type == "union_specifier" || type == "enum_specifier") &&
        type_is(parent, "type_definition")) {
        return declared_name(field(parent, "declarator"), source);
    }
    return declared_name(field(node, "declarator"), source);
}

}  // namespace

DefinitionFinder::DefinitionFinder(const Language& language) : language_(language), parser_(ts_parser_new()) {
    const TSLanguage* grammar = language.grammar();
    if (!ts_parser_set_language(parser_, grammar)) return;
    for (const DefinitionRule& rule : language.definitions) {
        const TSSymbol symbol = ts_language_symbol_for_name(grammar, rule.node_type.data(),
                                                            static_cast<std::uint32_t>(rule.node_type.size()), true);
        if (symbol == 0) return;
        rules_.push_back(Rule{symbol, rule.kind});
    }
    for (const std::string_view wrapper : language.wrappers) {
        const TSSymbol symbol =
            ts_language_symbol_for_name(grammar, wrapper.data(), static_cast<std::uint32_t>(wrapper.size()), true);
        if (symbol == 0) return;
        wrappers_.push_back(symbol);
    }
    for (const std::string_view type : language.leading) {
        const TSSymbol symbol =
            ts_language_symbol_for_name(grammar, type.data(), static_cast<std::uint32_t>(type.size()), true);
        if (symbol == 0) return;
        leading_.push_back(symbol);
    }
    for (const std::string_view type : language.opaque) {
        const TSSymbol symbol =
            ts_language_symbol_for_name(grammar, type.data(), static_cast<std::uint32_t>(type.size()), true);
        if (symbol == 0) return;
        opaque_.push_back(symbol);
    }
    ready_ = true;
}

DefinitionFinder::~DefinitionFinder() { ts_parser_delete(parser_); }

const DefinitionFinder::Rule* DefinitionFinder::rule_for(TSNode node) const {
    const TSSymbol symbol = ts_node_symbol(node);
    for (const Rule& rule : rules_) {
        if (rule.symbol == symbol) return &rule;
    }
    return nullptr;
}

bool DefinitionFinder::is_leading(TSNode node) const {
    return !ts_node_is_null(node) &&
           std::find(leading_.begin(), leading_.end(), ts_node_symbol(node)) != leading_.end();
}

bool DefinitionFinder::is_wrapper(TSNode node) const {
    return std::find(wrappers_.begin(), wrappers_.end(), ts_node_symbol(node)) != wrappers_.end();
}

bool DefinitionFinder::is_definition(TSNode node, TSNode& named, const Rule*& rule) const {
    named = node;
    // A wrapper stands for the definition it holds (a decorator or template line belongs to it).
    while (is_wrapper(named)) {
        TSNode inner{};
        const std::uint32_t count = ts_node_named_child_count(named);
        for (std::uint32_t i = count; i-- > 0;) {  // the definition comes after the decorators
            const TSNode child = ts_node_named_child(named, i);
            if (rule_for(child) || is_wrapper(child)) {
                inner = child;
                break;
            }
        }
        if (ts_node_is_null(inner)) return false;
        named = inner;
    }
    rule = rule_for(named);
    if (!rule) return false;
    const std::string_view type = ts_node_type(named);
    if (type == "lexical_declaration" || type == "variable_declaration") {
        return !ts_node_is_null(function_declarator(named));
    }
    if (type == "struct_specifier" || type == "union_specifier" || type == "enum_specifier" ||
        type == "class_specifier" || type == "method_declaration") {
        // A definition, not a use of the type; a Java method with a body, not an abstract one.
        // (Go's method_declaration always has a body.)
        return !ts_node_is_null(field(named, "body"));
    }
    return true;
}

std::vector<Definition> DefinitionFinder::find(std::string_view source) {
    std::vector<Definition> top;
    if (!ready_) return top;
    std::unique_ptr<TSTree, void (*)(TSTree*)> tree(
        ts_parser_parse_string(parser_, nullptr, source.data(), static_cast<std::uint32_t>(source.size())),
        ts_tree_delete);
    if (!tree) return top;

    // One level per depth of the cursor: where definitions found there go, who owns them, and
    // the node a wrapper at the level above already stands for.
    struct Level {
        std::vector<Definition>* into;
        const Definition* owner;
        TSNode wrapped;
    };
    std::vector<Level> levels{{&top, nullptr, TSNode{}}};
    TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree.get()));
    for (;;) {
        const TSNode node = ts_tree_cursor_current_node(&cursor);
        const Level level = levels.back();
        Level below{level.into, level.owner, TSNode{}};
        TSNode named{};
        const Rule* rule = nullptr;
        const bool already = !ts_node_is_null(level.wrapped) && ts_node_eq(node, level.wrapped);
        if (!already && ts_node_is_named(node) && is_definition(node, named, rule)) {
            Definition def;
            def.name = name_of(named, source);
            if (level.owner && !level.owner->name.empty() && !def.name.empty()) {
                def.name = level.owner->name + "." + def.name;
            }
            def.kind =
                rule->kind == "function" && level.owner && holds_methods(level.owner->kind) ? "method" : rule->kind;
            // Rust's #[...] attributes are siblings before the item, and belong to it.
            TSNode first = node;
            for (TSNode before = ts_node_prev_named_sibling(first); is_leading(before);
                 before = ts_node_prev_named_sibling(first)) {
                first = before;
            }
            const TSNode last = last_token(node);
            const TSPoint start = ts_node_start_point(first);
            const TSPoint end = ts_node_end_point(last);
            def.start_line = start.row + 1;
            def.end_line = end.column == 0 && end.row > start.row ? end.row : end.row + 1;
            const std::size_t start_byte = ts_node_start_byte(first);
            def.begin = source.rfind('\n', start_byte == 0 ? 0 : start_byte - 1);
            def.begin = def.begin == std::string_view::npos || start_byte == 0 ? 0 : def.begin + 1;
            std::size_t end_byte = ts_node_end_byte(last);
            if (end.column == 0 && end.row > start.row && end_byte > 0) --end_byte;  // ends at a line start
            def.end = std::min(source.find('\n', end_byte), source.size());
            if (def.end > def.begin && source[def.end - 1] == '\r') --def.end;  // CRLF: the line without its end
            def.has_error = ts_node_has_error(node);
            level.into->push_back(std::move(def));
            Definition* made = &level.into->back();
            below = Level{&made->children, made, ts_node_eq(named, node) ? TSNode{} : named};
        } else if (already) {
            below = Level{level.into, level.owner, TSNode{}};
        }
        const bool opaque = std::find(opaque_.begin(), opaque_.end(), ts_node_symbol(node)) != opaque_.end();
        if (!opaque && ts_tree_cursor_goto_first_child(&cursor)) {
            levels.push_back(below);
            continue;
        }
        bool more = false;
        while (!(more = ts_tree_cursor_goto_next_sibling(&cursor))) {
            if (!ts_tree_cursor_goto_parent(&cursor)) break;
            levels.pop_back();
        }
        if (!more) break;
    }
    ts_tree_cursor_delete(&cursor);
    return top;
}

void choose(const std::vector<Definition>& definitions, Granularity granularity,
            const std::function<Fit(const Definition&)>& fit, const std::function<void(const Definition&)>& take,
            const std::function<void(const Definition&, Fit)>& drop) {
    for (const Definition& def : definitions) {
        const Fit verdict = def.has_error ? Fit::parse_error : fit(def);
        if (verdict == Fit::fits) {
            take(def);
            if (granularity == Granularity::all) choose(def.children, granularity, fit, take, drop);
            continue;
        }
        drop(def, verdict);
        // Nested definitions may still fit: inside one too large, or one with an error elsewhere.
        if (granularity == Granularity::all || verdict != Fit::too_small) {
            choose(def.children, granularity, fit, take, drop);
        }
    }
}

}  // namespace seed::gitextract
