// Result<T>: a value or an error message, for code below the tool edge.
// A reduced std::expected (C++23); callers turn failures into exit codes once, at the top.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace seed {

// The error half of a Result; `return Fail{"message"};` converts to any Result<T>.
struct Fail {
    std::string message;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Fail failure) : state_(std::in_place_index<1>, std::move(failure)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    const std::string& error() const { return std::get<1>(state_).message; }

private:
    std::variant<T, Fail> state_;
};

// Result<void>: success or a message.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Fail failure) : failure_(std::move(failure.message)), failed_(true) {}

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const std::string& error() const { return failure_; }

private:
    std::string failure_;
    bool failed_ = false;
};

}  // namespace seed
