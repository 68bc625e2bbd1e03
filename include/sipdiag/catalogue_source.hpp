// Reading and validating the human-editable catalogue file (TSV). Used at
// build time to compile the catalogue into the plugin, and by tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sipdiag {

struct CatalogueRow {
    std::uint32_t code = 0;
    std::string phrase, rfc, meaning, when, fix;
};

struct CatalogueParseResult {
    std::vector<CatalogueRow> rows;
    std::vector<std::string> errors;  // "line N: ..." — empty when valid
    bool ok() const { return errors.empty(); }
};

// Format: '#' comment lines, one header line "code<TAB>phrase<TAB>rfc<TAB>
// meaning<TAB>when<TAB>fix", then one row per code. Rejects: wrong column
// count, non-numeric or out-of-range code (100-699), duplicate code, empty
// field, control characters inside a field.
CatalogueParseResult parse_catalogue(std::string_view text);

// Codes that `rows` must contain (e.g. the IANA registry); returns one error
// per missing code.
std::vector<std::string> missing_codes(const std::vector<CatalogueRow>& rows,
                                       const std::vector<std::uint32_t>& required);

}  // namespace sipdiag
