// seed-dedup: parse the command line, run the dedup, map the outcome to an exit status.
#include "dedup.hpp"
#include "tool.hpp"

int main(int argc, char** argv) {
    return seed::tool::guarded_main("seed-dedup", [&] {
        const auto args = seed::tool::parse_command_line(seed::dedup::command(), argc, argv);
        if (!args) return 0;
        return seed::dedup::run(seed::tool::or_usage_error(seed::dedup::make_options(*args)));
    });
}
