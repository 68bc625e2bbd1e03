#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sipdiag/status_catalogue.hpp"

namespace sipdiag {
namespace {

std::vector<std::pair<std::uint32_t, std::string>> registry_codes() {
    std::ifstream in(SIPDIAG_REGISTRY_FILE);
    std::vector<std::pair<std::uint32_t, std::string>> codes;
    std::string line;
    while (std::getline(in, line)) {
        const auto tab = line.find('\t');
        const auto tab2 = line.find('\t', tab + 1);
        codes.emplace_back(static_cast<std::uint32_t>(std::stoul(line.substr(0, tab))), line.substr(tab + 1, tab2 - tab - 1));
    }
    return codes;
}

TEST(StatusCatalogue, CoversEveryRegistryCodeWithItsRegisteredPhrase) {
    const auto codes = registry_codes();
    ASSERT_EQ(codes.size(), 75u);
    const auto& catalogue = StatusCatalogue::builtin();
    EXPECT_EQ(catalogue.size(), codes.size());
    for (const auto& [code, phrase] : codes) {
        const Explanation e = catalogue.explain(code);
        EXPECT_TRUE(e.registered) << code;
        EXPECT_EQ(e.info->code, code);
        EXPECT_STREQ(e.info->phrase, phrase.c_str()) << code;
    }
}

TEST(StatusCatalogue, EveryExplanationIsDistinctAndNonEmpty) {
    std::set<std::string> meanings, whens, fixes;
    for (const auto& [code, phrase] : registry_codes()) {
        const StatusInfo& info = *StatusCatalogue::builtin().explain(code).info;
        EXPECT_TRUE(meanings.insert(info.meaning).second) << "meaning of " << code << " repeats";
        EXPECT_TRUE(whens.insert(info.when).second) << "when of " << code << " repeats";
        EXPECT_TRUE(fixes.insert(info.fix).second) << "fix of " << code << " repeats";
        EXPECT_GT(std::string(info.meaning).size(), 20u) << code;
        // Wireshark cuts tree labels at 240 characters, the field name included.
        EXPECT_LE(std::string(info.meaning).size(), 220u) << code;
        EXPECT_LE(std::string(info.when).size(), 220u) << code;
        EXPECT_LE(std::string(info.fix).size(), 220u) << code;
        EXPECT_STRNE(info.rfc, "");
    }
}

TEST(StatusCatalogue, SpecificAdviceWhereItMatters) {
    const auto text = [](std::uint32_t code) {
        const StatusInfo& i = *StatusCatalogue::builtin().explain(code).info;
        return std::string(i.meaning) + ' ' + i.when + ' ' + i.fix;
    };
    EXPECT_NE(text(401).find("WWW-Authenticate"), std::string::npos);
    EXPECT_NE(text(407).find("Proxy-Authenticate"), std::string::npos);
    EXPECT_NE(text(408).find("Timer B"), std::string::npos);
    EXPECT_NE(text(488).find("SDP"), std::string::npos);
    EXPECT_NE(text(503).find("Retry-After"), std::string::npos);
    EXPECT_NE(text(487).find("CANCEL"), std::string::npos);
}

TEST(StatusCatalogue, ClassesFollowTheFirstDigit) {
    EXPECT_EQ(class_of(100), StatusClass::Provisional);
    EXPECT_EQ(class_of(299), StatusClass::Success);
    EXPECT_EQ(class_of(380), StatusClass::Redirection);
    EXPECT_EQ(class_of(499), StatusClass::ClientError);
    EXPECT_EQ(class_of(555), StatusClass::ServerError);
    EXPECT_EQ(class_of(699), StatusClass::GlobalFailure);
    EXPECT_EQ(class_name(StatusClass::ServerError), "Server Error");
    EXPECT_EQ(class_name(StatusClass::ClientError), "Client Error");
}

TEST(StatusCatalogue, UnregisteredCodeFallsBackToItsClass) {
    const Explanation e = StatusCatalogue::builtin().explain(499);
    EXPECT_FALSE(e.registered);
    EXPECT_EQ(e.status_class, StatusClass::ClientError);
    EXPECT_NE(std::string(e.info->meaning).find("treated as 400"), std::string::npos);
    EXPECT_NE(std::string(e.info->meaning).find("8.1.3.2"), std::string::npos);
    EXPECT_FALSE(StatusCatalogue::builtin().explain(599).registered);
    EXPECT_NE(std::string(StatusCatalogue::builtin().explain(599).info->meaning).find("500"), std::string::npos);
}

TEST(StatusCatalogue, AbsurdNumbersAreInvalidNotCrashes) {
    for (const std::uint32_t code : {0u, 99u, 700u, 999u, 4294967295u}) {
        const Explanation e = StatusCatalogue::builtin().explain(code);
        EXPECT_EQ(e.status_class, StatusClass::Invalid) << code;
        EXPECT_FALSE(e.registered);
        ASSERT_NE(e.info, nullptr);
        EXPECT_STREQ(e.info->phrase, "Invalid status code");
    }
}

TEST(StatusCatalogue, LocalRowsOverrideTextButNotRegistration) {
    static const StatusInfo registry[] = {{503, "Service Unavailable", "RFC 3261", "built-in", "w", "f"}};
    static const StatusInfo local[] = {{503, "Service Unavailable", "RFC 3261", "our runbook", "w", "f"},
                                       {499, "Vendor busy", "local", "vendor text", "w", "f"}};
    const StatusCatalogue catalogue{registry, local};
    EXPECT_STREQ(catalogue.explain(503).info->meaning, "our runbook");
    EXPECT_TRUE(catalogue.explain(503).registered);
    EXPECT_STREQ(catalogue.explain(499).info->meaning, "vendor text");
    EXPECT_FALSE(catalogue.explain(499).registered);
    EXPECT_EQ(catalogue.size(), 2u);
}

TEST(StatusCatalogue, LaterEntriesOverrideEarlierOnes) {
    static const StatusInfo rows[] = {
        {500, "Server Internal Error", "RFC 3261", "built-in", "w", "f"},
        {500, "Server Internal Error", "RFC 3261", "override", "w", "f"},
        {799, "Out of range", "none", "ignored", "w", "f"},
    };
    const StatusCatalogue catalogue{rows};
    EXPECT_EQ(catalogue.size(), 1u);
    EXPECT_STREQ(catalogue.explain(500).info->meaning, "override");
    EXPECT_FALSE(catalogue.explain(799).registered);
}

TEST(LayeredCatalogue, KeepsItsOwnCopyOfTheUsersTexts) {
    // The rows it was built from are overwritten and freed afterwards, as
    // Wireshark's table editor does while a row is edited.
    std::vector<std::string> source = {"Our SBC drains for maintenance.", "Nightly window.", "Wait; runbook RB-17."};
    LayeredCatalogue layered({LocalExplanation{503, source[0], source[1], source[2]},
                              LocalExplanation{799, "out of range", "x", "y"},
                              LocalExplanation{499, "A private code.", "Our gateway.", "Ask the gateway team."}});
    for (std::string& text : source) text.assign(text.size(), 'X');
    source.clear();
    source.shrink_to_fit();
    const Explanation replaced = layered.catalogue().explain(503);
    EXPECT_STREQ(replaced.info->meaning, "Our SBC drains for maintenance.");
    EXPECT_STREQ(replaced.info->fix, "Wait; runbook RB-17.");
    EXPECT_TRUE(replaced.registered);
    const Explanation local = layered.catalogue().explain(499);
    EXPECT_STREQ(local.info->meaning, "A private code.");
    EXPECT_FALSE(local.registered);
    EXPECT_STREQ(layered.catalogue().explain(486).info->meaning, StatusCatalogue::builtin().explain(486).info->meaning);
}

}  // namespace
}  // namespace sipdiag
