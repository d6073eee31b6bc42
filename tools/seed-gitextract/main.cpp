// seed-gitextract: parse the command line, run the extraction, map the outcome to an exit status.
#include "extract.hpp"
#include "tool.hpp"

int main(int argc, char** argv) {
    return seed::tool::guarded_main("seed-gitextract", [&] {
        const auto args = seed::tool::parse_command_line(seed::gitextract::command(), argc, argv);
        if (!args) return 0;
        return seed::gitextract::run(seed::tool::or_usage_error(seed::gitextract::make_options(*args)));
    });
}
