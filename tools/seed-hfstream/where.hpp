// --where on the client: the dataset viewer's filter syntax evaluated on rows the viewer cannot
// filter (hub files, datasets without a /filter index), with the same meaning as /filter gives it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "json.hpp"
#include "result.hpp"

namespace seed::hfstream {

class RowFilter {
public:
    // Parses EXPRESSION in the viewer's syntax. The failure message says what is wrong and where
    // ("at column 12: expected a value after '='"), without a "--where: " prefix.
    static Result<RowFilter> parse(std::string_view expression);

    // Whether the row (the members of its JSON object) matches. SQL semantics: a comparison with
    // null or a missing column is unknown, and unknown is not a match. Throws seed::Error when a
    // value cannot be compared with a literal (a string column compared with a number that is not
    // a number's spelling, say), naming the column.
    bool matches(const std::vector<json::Member>& row) const;

    // Whether the expression reads the column `name` (names are case-insensitive), so that a
    // reader that can leave columns out (parquet) knows to read it.
    bool reads_column(std::string_view name) const;

    RowFilter(RowFilter&&) noexcept;
    RowFilter& operator=(RowFilter&&) noexcept;
    ~RowFilter();

private:
    struct Tree;
    explicit RowFilter(std::unique_ptr<Tree> tree);
    std::unique_ptr<Tree> tree_;
};

}  // namespace seed::hfstream
