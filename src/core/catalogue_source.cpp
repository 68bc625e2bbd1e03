#include "sipdiag/catalogue_source.hpp"

#include <array>
#include <charconv>
#include <set>

namespace sipdiag {
namespace {

constexpr std::array<std::string_view, 6> kColumns = {"code", "phrase", "rfc",
                                                      "meaning", "when", "fix"};

std::string at_line(std::size_t line, std::string_view what) {
    return "line " + std::to_string(line) + ": " + std::string(what);
}

// Splits on TAB; returns false when the column count is wrong.
bool split_row(std::string_view line, std::array<std::string_view, kColumns.size()>& out) {
    std::size_t column = 0;
    while (true) {
        const auto tab = line.find('\t');
        if (column == out.size()) return false;
        out[column++] = line.substr(0, tab);
        if (tab == std::string_view::npos) break;
        line.remove_prefix(tab + 1);
    }
    return column == out.size();
}

bool has_control_char(std::string_view field) {
    for (const unsigned char c : field)
        if (c < 0x20 || c == 0x7f) return true;
    return false;
}

}  // namespace

CatalogueParseResult parse_catalogue(std::string_view text) {
    CatalogueParseResult result;
    std::set<std::uint32_t> seen;
    bool header_seen = false;
    std::size_t line_no = 0;

    while (!text.empty()) {
        const auto eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;

        std::array<std::string_view, kColumns.size()> fields;
        if (!split_row(line, fields)) {
            result.errors.push_back(at_line(line_no, "expected 6 tab-separated columns"));
            continue;
        }
        if (!header_seen) {
            header_seen = true;
            if (fields != kColumns)
                result.errors.push_back(at_line(line_no, "header must be: code phrase rfc meaning when fix"));
            continue;
        }

        CatalogueRow row;
        const auto code_text = fields[0];
        const auto [end, ec] = std::from_chars(code_text.data(), code_text.data() + code_text.size(), row.code);
        if (ec != std::errc{} || end != code_text.data() + code_text.size() || row.code < 100 || row.code > 699) {
            result.errors.push_back(at_line(line_no, "code must be a number from 100 to 699"));
            continue;
        }
        if (!seen.insert(row.code).second) {
            result.errors.push_back(at_line(line_no, "duplicate code " + std::string(code_text)));
            continue;
        }
        bool row_ok = true;
        for (std::size_t i = 1; i < fields.size(); ++i) {
            if (fields[i].empty() || has_control_char(fields[i])) {
                result.errors.push_back(at_line(line_no, "code " + std::string(code_text) + ": empty or invalid " +
                                                              std::string(kColumns[i])));
                row_ok = false;
            }
        }
        if (!row_ok) continue;
        row.phrase = fields[1];
        row.rfc = fields[2];
        row.meaning = fields[3];
        row.when = fields[4];
        row.fix = fields[5];
        result.rows.push_back(std::move(row));
    }
    if (!header_seen) result.errors.emplace_back("no header line");
    return result;
}

std::vector<std::string> missing_codes(const std::vector<CatalogueRow>& rows,
                                       const std::vector<std::uint32_t>& required) {
    std::set<std::uint32_t> present;
    for (const auto& row : rows) present.insert(row.code);
    std::vector<std::string> errors;
    for (const auto code : required)
        if (!present.count(code)) errors.push_back("missing code " + std::to_string(code));
    return errors;
}

}  // namespace sipdiag
