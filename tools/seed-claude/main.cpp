// seed-claude: parse the command line, convert the exports, map the outcome to an exit status.
#include "claude.hpp"
#include "tool.hpp"

int main(int argc, char** argv) {
    return seed::tool::guarded_main("seed-claude", [&] {
        const auto args = seed::tool::parse_command_line(seed::claude::command(), argc, argv);
        if (!args) return 0;
        return seed::claude::run(seed::tool::or_usage_error(seed::claude::make_options(*args)));
    });
}
