// seed-hfstream: parse the command line, stream the dataset, map the outcome to an exit status.
#include "hfstream.hpp"
#include "tool.hpp"

int main(int argc, char** argv) {
    return seed::tool::guarded_main("seed-hfstream", [&] {
        const auto args = seed::tool::parse_command_line(seed::hfstream::command(), argc, argv);
        if (!args) return 0;
        return seed::hfstream::run(seed::tool::or_usage_error(seed::hfstream::make_options(*args)));
    });
}
