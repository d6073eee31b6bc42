// Definitions in one source file: the tree of functions, classes, ... that tree-sitter finds,
// and the choice of which of them become records (--granularity).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "languages.hpp"

namespace seed::gitextract {

struct Definition {
    std::string name;              // qualified by the enclosing definitions: "Client.send"
    std::string_view kind;         // "function", "method", "class", ...
    std::uint32_t start_line = 0;  // 1-based, inclusive; a decorator or template line counts
    std::uint32_t end_line = 0;
    std::size_t begin = 0;  // byte range of the whole lines, without the last line's "\n"
    std::size_t end = 0;
    bool has_error = false;  // its subtree holds a parse error
    std::vector<Definition> children;
};

// Parses source files of one language and lists their definitions. Keeps its parser, so make
// one per thread.
class DefinitionFinder {
public:
    explicit DefinitionFinder(const Language& language);
    ~DefinitionFinder();
    DefinitionFinder(const DefinitionFinder&) = delete;
    DefinitionFinder& operator=(const DefinitionFinder&) = delete;

    // False when the grammar does not load into this libtree-sitter (ABI) or names a
    // definition node type it does not have.
    bool ready() const { return ready_; }

    // The outermost definitions of `source`, each with its nested ones.
    std::vector<Definition> find(std::string_view source);

private:
    struct Rule {
        TSSymbol symbol;
        std::string_view kind;
    };

    const Rule* rule_for(TSNode node) const;
    bool is_wrapper(TSNode node) const;
    bool is_leading(TSNode node) const;
    // The definition a node stands for, or null: wrappers stand for the definition they wrap.
    bool is_definition(TSNode node, TSNode& named, const Rule*& rule) const;

    const Language& language_;
    TSParser* parser_ = nullptr;
    std::vector<Rule> rules_;
    std::vector<TSSymbol> wrappers_;
    std::vector<TSSymbol> opaque_;
    std::vector<TSSymbol> leading_;
    bool ready_ = false;
};

enum class Granularity { fit, all };

// Whether a definition's text is within the bounds, or why not.
enum class Fit { fits, too_small, too_large, parse_error };

// Walks the definitions: with `all`, every definition at every depth; with `fit`, the outermost
// that fit, going into those too large to find nested ones that do. Calls take(def) for each
// chosen definition in source order, and drop(def, why) for each one not chosen (and, for fit,
// not gone into or gone into because too large).
void choose(const std::vector<Definition>& definitions, Granularity granularity,
            const std::function<Fit(const Definition&)>& fit, const std::function<void(const Definition&)>& take,
            const std::function<void(const Definition&, Fit)>& drop);

}  // namespace seed::gitextract
