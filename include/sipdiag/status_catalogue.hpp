// The SIP status-code catalogue: what every response code means, when it is
// seen and what to do about it. Plain C++, no Wireshark dependency.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>
#include <string_view>

namespace sipdiag {

// The six response classes of RFC 3261 section 7.2, plus Invalid for numbers
// outside 100-699 that a broken peer may still put on the wire.
enum class StatusClass : std::uint8_t {
    Invalid,
    Provisional,
    Success,
    Redirection,
    ClientError,
    ServerError,
    GlobalFailure,
};

StatusClass class_of(std::uint32_t code) noexcept;
std::string_view class_name(StatusClass cls) noexcept;

// One catalogue row. Members are NUL-terminated C strings because Wireshark
// copies C strings into its tree; the storage outlives every use (static
// data, or a table owned for the whole session).
struct StatusInfo {
    std::uint16_t code;
    const char* phrase;   // registered reason phrase (not the one on the wire)
    const char* rfc;      // defining document
    const char* meaning;  // what the code says
    const char* when;     // where it is typically seen
    const char* fix;      // what to check or do first
};

// The answer for one code: always complete, even for codes the registry does
// not know (then `registered` is false and the text is the class fallback).
struct Explanation {
    std::uint32_t code;
    StatusClass status_class;
    bool registered;
    const StatusInfo* info;  // never null
};

class StatusCatalogue {
public:
    static constexpr std::uint32_t kFirstCode = 100;
    static constexpr std::uint32_t kLastCode = 699;

    // `registered`: rows of the registry (the built-in catalogue). `local`:
    // the user's own rows, which replace the text of a registered code or
    // explain a private one (still `registered == false`). Within each span a
    // later row wins over an earlier one.
    explicit StatusCatalogue(std::span<const StatusInfo> registered,
                             std::span<const StatusInfo> local = {}) noexcept;

    // The catalogue compiled from data/status-codes.tsv, and its rows.
    static const StatusCatalogue& builtin() noexcept;
    static std::span<const StatusInfo> builtin_rows() noexcept;

    Explanation explain(std::uint32_t code) const noexcept;
    std::size_t size() const noexcept { return count_; }

private:
    void index(std::span<const StatusInfo> rows, bool registered) noexcept;

    std::array<const StatusInfo*, kLastCode - kFirstCode + 1> by_code_{};
    std::array<bool, kLastCode - kFirstCode + 1> registered_{};
    std::size_t count_ = 0;
};

// One row of a user's own explanation table.
struct LocalExplanation {
    std::uint32_t code = 0;
    std::string meaning, when, fix;
};

// The built-in catalogue with a user's own rows on top. It owns a copy of
// every text it hands out, so the table it was built from may change or be
// freed at any time (Wireshark's table editor does both while a row is
// edited). Rows with a code outside 100-699 are ignored.
class LayeredCatalogue {
public:
    explicit LayeredCatalogue(std::vector<LocalExplanation> rows);
    LayeredCatalogue(const LayeredCatalogue&) = delete;
    LayeredCatalogue& operator=(const LayeredCatalogue&) = delete;

    const StatusCatalogue& catalogue() const noexcept { return catalogue_; }

private:
    static std::vector<StatusInfo> info_rows(const std::vector<LocalExplanation>& rows);

    const std::vector<LocalExplanation> texts_;  // never changed: rows_ point into it
    const std::vector<StatusInfo> rows_;
    const StatusCatalogue catalogue_;
};

// The text used for codes that are in range but unregistered, and for
// numbers that are not SIP status codes at all.
const StatusInfo& fallback_info(StatusClass cls) noexcept;

}  // namespace sipdiag
