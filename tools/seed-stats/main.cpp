// seed-stats: parse the command line, run the report, map the outcome to an exit status.
#include "stats.hpp"
#include "tool.hpp"

int main(int argc, char** argv) {
    return seed::tool::guarded_main("seed-stats", [&] {
        const auto args = seed::tool::parse_command_line(seed::stats::command(), argc, argv);
        if (!args) return 0;
        return seed::stats::run(seed::tool::or_usage_error(seed::stats::make_options(*args)));
    });
}
