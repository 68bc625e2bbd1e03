#include "sipdiag/inline_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace sipdiag {
namespace {

bool stored_inside(const InlineText<8>& text) {
    const auto* first = reinterpret_cast<const char*>(&text);
    return text.view().data() >= first && text.view().data() < first + sizeof(text);
}

TEST(InlineText, ShortTextsStayInsideLongOnesGetABlock) {
    InlineText<8> text;
    EXPECT_TRUE(text.empty());
    text.assign("a84b4c76");  // exactly the inline size
    EXPECT_EQ(text.view(), "a84b4c76");
    EXPECT_TRUE(stored_inside(text));
    const std::string longer = "a84b4c76e66710@pc33.atlanta.example.com";
    text.assign(longer);
    EXPECT_EQ(text.view(), longer);
    EXPECT_FALSE(stored_inside(text));
    EXPECT_EQ(text.size(), longer.size());
    text.assign("z9");  // back inside after a long one
    EXPECT_EQ(text.view(), "z9");
    EXPECT_TRUE(stored_inside(text));
}

TEST(InlineText, ComparesByContent) {
    const InlineText<8> tag("1928301774");
    EXPECT_TRUE(tag == std::string_view("1928301774"));
    EXPECT_FALSE(tag == std::string_view("192830177"));
    EXPECT_TRUE(std::string_view("1928301774") == tag);
    EXPECT_TRUE(tag != std::string_view("x"));
    InlineText<8> original("1928301774");
    const InlineText<8> moved(std::move(original));
    EXPECT_EQ(moved.view(), "1928301774");
}

}  // namespace
}  // namespace sipdiag
