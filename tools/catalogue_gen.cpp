// Build step: validates data/status-codes.tsv against the IANA registry list
// and writes it out as a C++ table, so the plugin never reads files at run
// time. Any problem fails the build with a line-numbered message.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "sipdiag/catalogue_source.hpp"

namespace {

std::string read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot read ") + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Registry lines: code<TAB>phrase<TAB>document.
std::map<std::uint32_t, std::pair<std::string, std::string>> read_registry(const std::string& text) {
    std::map<std::uint32_t, std::pair<std::string, std::string>> registry;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto tab1 = line.find('\t');
        const auto tab2 = line.find('\t', tab1 + 1);
        if (tab1 == std::string::npos || tab2 == std::string::npos) continue;
        registry[static_cast<std::uint32_t>(std::stoul(line.substr(0, tab1)))] = {line.substr(tab1 + 1, tab2 - tab1 - 1), line.substr(tab2 + 1)};
    }
    return registry;
}

std::string cxx_literal(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: sipdiag-catalogue-gen CATALOGUE.tsv REGISTRY.tsv OUTPUT.cpp\n";
        return 2;
    }
    try {
        auto parsed = sipdiag::parse_catalogue(read_file(argv[1]));
        const auto registry = read_registry(read_file(argv[2]));
        std::vector<std::uint32_t> required;
        for (const auto& [code, facts] : registry) required.push_back(code);
        for (auto& error : sipdiag::missing_codes(parsed.rows, required)) parsed.errors.push_back(std::move(error));
        for (const auto& row : parsed.rows) {
            const auto it = registry.find(row.code);
            if (it != registry.end() && (it->second.first != row.phrase || it->second.second != row.rfc))
                parsed.errors.push_back("code " + std::to_string(row.code) + ": phrase or rfc differs from the registry");
        }
        if (!parsed.ok()) {
            for (const auto& error : parsed.errors) std::cerr << argv[1] << ": " << error << '\n';
            return 1;
        }

        std::ofstream out(argv[3], std::ios::binary | std::ios::trunc);
        out << "// Generated from " << argv[1] << " -- edit that file, not this one.\n"
            << "#include \"builtin_catalogue.hpp\"\n\nnamespace sipdiag::generated {\nnamespace {\n"
            << "constexpr StatusInfo kRows[] = {\n";
        for (const auto& row : parsed.rows) {
            out << "    {" << row.code << ", " << cxx_literal(row.phrase) << ", " << cxx_literal(row.rfc) << ",\n     "
                << cxx_literal(row.meaning) << ",\n     " << cxx_literal(row.when) << ",\n     "
                << cxx_literal(row.fix) << "},\n";
        }
        out << "};\n}  // namespace\n\nstd::span<const StatusInfo> builtin_status_rows() noexcept { return kRows; }\n\n"
            << "}  // namespace sipdiag::generated\n";
        if (!out) throw std::runtime_error(std::string("cannot write ") + argv[3]);
    } catch (const std::exception& e) {
        std::cerr << "sipdiag-catalogue-gen: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
