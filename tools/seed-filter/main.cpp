// seed-filter: parse the command line, run the filter, map the outcome to an exit status.
#include "filter.hpp"
#include "tool.hpp"

int main(int argc, char** argv) {
    return seed::tool::guarded_main("seed-filter", [&] {
        const auto args = seed::tool::parse_command_line(seed::filter::command(), argc, argv);
        if (!args) return 0;
        return seed::filter::run(seed::tool::or_usage_error(seed::filter::make_options(*args)));
    });
}
