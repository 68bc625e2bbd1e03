// Fuzz target: the catalogue parser takes any text and either accepts rows
// that satisfy its rules or reports errors -- never crashes.
#include <cstdlib>
#include <set>
#include <string_view>

#include "sipdiag/catalogue_source.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto result = sipdiag::parse_catalogue(std::string_view(reinterpret_cast<const char*>(data), size));
    std::set<std::uint32_t> codes;
    for (const auto& row : result.rows) {
        if (row.code < 100 || row.code > 699 || !codes.insert(row.code).second || row.meaning.empty() ||
            row.when.empty() || row.fix.empty())
            std::abort();
    }
    return 0;
}
