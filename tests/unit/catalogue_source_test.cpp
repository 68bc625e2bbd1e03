#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sipdiag/catalogue_source.hpp"

namespace sipdiag {
namespace {

const std::string kHeader = "# comment\ncode\tphrase\trfc\tmeaning\twhen\tfix\n";

TEST(CatalogueSource, ParsesValidRows) {
    const auto result = parse_catalogue(kHeader + "200\tOK\tRFC 3261\tm\tw\tf\r\n\n# x\n486\tBusy Here\tRFC 3261\tm2\tw2\tf2\n");
    ASSERT_TRUE(result.ok()) << result.errors.front();
    ASSERT_EQ(result.rows.size(), 2u);
    EXPECT_EQ(result.rows[1].code, 486u);
    EXPECT_EQ(result.rows[1].fix, "f2");
    EXPECT_EQ(result.rows[0].fix, "f");  // CR stripped
}

TEST(CatalogueSource, RejectsDuplicateCode) {
    const auto result = parse_catalogue(kHeader + "200\tOK\tR\tm\tw\tf\n200\tOK\tR\tm\tw\tf\n");
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0], "line 4: duplicate code 200");
}

TEST(CatalogueSource, RejectsEmptyText) {
    const auto result = parse_catalogue(kHeader + "200\tOK\tR\t\tw\tf\n");
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_NE(result.errors[0].find("empty or invalid meaning"), std::string::npos);
    EXPECT_TRUE(result.rows.empty());
}

TEST(CatalogueSource, RejectsBadCodesAndColumnCounts) {
    for (const char* row : {"abc\tX\tR\tm\tw\tf\n", "99\tX\tR\tm\tw\tf\n", "700\tX\tR\tm\tw\tf\n",
                            "200x\tX\tR\tm\tw\tf\n", "200\tOK\tR\tm\tw\n", "200\tOK\tR\tm\tw\tf\textra\n"}) {
        EXPECT_FALSE(parse_catalogue(kHeader + row).ok()) << row;
    }
    EXPECT_FALSE(parse_catalogue("200\tOK\tR\tm\tw\tf\n").ok());  // header missing
}

TEST(CatalogueSource, ReportsMissingRequiredCodes) {
    const auto result = parse_catalogue(kHeader + "200\tOK\tR\tm\tw\tf\n");
    const auto errors = missing_codes(result.rows, {200, 500});
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0], "missing code 500");
}

TEST(CatalogueSource, ShippedCatalogueIsValid) {
    std::ifstream in(SIPDIAG_CATALOGUE_FILE);
    std::ostringstream text;
    text << in.rdbuf();
    const auto result = parse_catalogue(text.str());
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(result.rows.size(), 75u);
}

}  // namespace
}  // namespace sipdiag
