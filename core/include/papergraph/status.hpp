// Status and StatusOr: recoverable errors as values (abseil habit).
// Library code returns these; only the CLI prints or exits.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace papergraph {

// What went wrong, most specific first.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // the caller passed something unusable
  kNotFound,          // a file, plugin or name does not exist
  kIoError,           // reading or writing failed
  kBadInput,          // a file exists but its content is wrong
  kUnsupported,       // a newer format/ABI, or a construct we refuse
  kPluginError,       // a plugin refused or failed
  kTimeout,           // a time limit ran out
  kInternal           // a bug: an invariant did not hold
};

// Short name of a code ("bad input").
const char* statusCodeName(StatusCode code);

// The result of a fallible call: ok, or a code and a message that names the
// file and the problem.
class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status ok() { return {}; }
  bool isOk() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "bad input: paper.md: invalid UTF-8 at byte 12".
  std::string toString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status badInput(std::string m) { return {StatusCode::kBadInput, std::move(m)}; }
inline Status ioError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status notFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status invalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status unsupported(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }

// A value or the Status saying why there is none.
template <class T>
class StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}       // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {}  // NOLINT: must not be ok
  bool isOk() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_ = Status(StatusCode::kInternal, "StatusOr holds no value");
};

}  // namespace papergraph
