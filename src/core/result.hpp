#pragma once
// Results, not exceptions, carry failures inside gatecheck; src/main.cpp is the one place
// that turns an Error into "gatecheck: error: ..." and an exit code.
#include <string>
#include <utility>
#include <variant>

namespace gc {

enum class ErrorKind {
    usage,     // bad command line
    config,    // malformed or invalid configuration
    input,     // the path is not a crate, Cargo.toml is broken, ...
    io,        // a file could not be written
    internal,  // a bug in gatecheck
};

struct Error {
    ErrorKind kind = ErrorKind::internal;
    std::string message;
};

inline Error make_error(ErrorKind kind, std::string message) {
    return Error{kind, std::move(message)};
}

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    const Error& error() const { return std::get<1>(v_); }

    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

private:
    std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

}  // namespace gc
