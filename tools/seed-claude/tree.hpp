// A read-only view of one value in a tree that json::scan_tree made: members by key, elements in
// order, strings decoded on demand. A missing member is an invalid view, so chains such as
// message["author"]["role"] need no checks on the way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json.hpp"

namespace seed::claude {

class Value {
public:
    Value() = default;
    Value(const std::vector<json::Node>& nodes, std::uint32_t index) : nodes_(&nodes), index_(index) {}

    bool valid() const { return nodes_ != nullptr; }
    json::Type type() const { return valid() ? node().member.type : json::Type::null; }
    bool is(json::Type t) const { return valid() && node().member.type == t; }
    bool is_null() const { return !valid() || node().member.type == json::Type::null; }
    bool is_true() const { return is(json::Type::boolean) && node().member.value == "true"; }
    const json::Member& member() const { return node().member; }
    std::uint32_t index() const { return index_; }

    // The member named `key` (the last of that name), or an invalid view.
    Value operator[](std::string_view key) const {
        Value found;
        if (!is(json::Type::object)) return found;
        for (std::uint32_t c = index_ + 1; c < node().end; c = (*nodes_)[c].end) {
            if (json::key_equals((*nodes_)[c].member, key)) found = Value(*nodes_, c);
        }
        return found;
    }

    // The decoded text of a string, or "" for anything else. Valid while `scratch` is unchanged.
    std::string_view text(std::string& scratch) const {
        if (!is(json::Type::string)) return {};
        return json::string_value(node().member, scratch);
    }
    std::string str() const {
        std::string scratch;
        return std::string(text(scratch));
    }

    // Calls f(Value) for each element of an array or member of an object, in order.
    template <class F>
    void each(F f) const {
        if (!is(json::Type::array) && !is(json::Type::object)) return;
        for (std::uint32_t c = index_ + 1; c < node().end; c = (*nodes_)[c].end) f(Value(*nodes_, c));
    }

    // The key of a member of an object, decoded.
    std::string key() const {
        std::string out;
        if (!valid()) return out;
        if (!node().member.key_escaped) return std::string(node().member.key);
        json::unescape(node().member.key, out);
        return out;
    }

private:
    const json::Node& node() const { return (*nodes_)[index_]; }

    const std::vector<json::Node>* nodes_ = nullptr;
    std::uint32_t index_ = 0;
};

}  // namespace seed::claude
