// seed-claude: Claude.ai and ChatGPT data exports to seed records, one per message kept, read as
// a stream one conversation at a time.
#pragma once

#include <cstdint>
#include <optional>

#include "cli.hpp"
#include "conversations.hpp"
#include "result.hpp"
#include "tool.hpp"

namespace seed::claude {

enum class Roles { user, assistant, all };

struct ConvertOptions {
    std::optional<Format> format;  // nullopt: from each conversation's members
    Roles roles = Roles::user;
    std::uint64_t min_chars = 100;   // code points, as the plan counts
    std::uint64_t max_chars = 2000;  // 0: no limit
    double max_code_ratio = 0.3;
    ExtractOptions extract;
    tool::IoOptions io;  // inputs, -o, -q
};

const cli::Command& command();
Result<ConvertOptions> make_options(const cli::Args& args);
int run(const ConvertOptions& options);

}  // namespace seed::claude
