#include "text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sipdiag::text {
namespace {

std::size_t find_any_slowly(std::string_view text, std::size_t i, std::string_view bytes) {
    while (i < text.size() && bytes.find(text[i]) == std::string_view::npos) ++i;
    return i;
}

// Every length around the sixteen-byte blocks, every start, a hit at every
// place (and none): the block loop, the overlapping last block and the
// byte loop must all agree with a plain scan.
TEST(Text, IsSpaceIsExactlySpaceTabCrLf) {
    for (int byte = 0; byte < 256; ++byte) {
        const char c = static_cast<char>(byte);
        EXPECT_EQ(text::is_space(c), c == ' ' || c == '\t' || c == '\r' || c == '\n') << byte;
    }
}

TEST(TextFindAny, AgreesWithAPlainScan) {
    for (std::size_t size = 0; size <= 50; ++size) {
        for (std::size_t hit = 0; hit <= size; ++hit) {
            for (const char delimiter : {';', ','}) {
                std::string text(size, 'a');
                if (hit < size) text[hit] = delimiter;
                if (hit + 3 < size) text[hit + 3] = ';';  // a second hit after the first
                for (std::size_t start = 0; start <= size + 1; ++start) {
                    SCOPED_TRACE("size " + std::to_string(size) + ", hit " + std::to_string(hit) + ", start " +
                                 std::to_string(start));
                    const std::size_t expected = start > size ? start : find_any_slowly(text, start, ";,");
                    EXPECT_EQ((find_any<';', ','>(text, start)), expected);
                }
            }
        }
    }
}

// A view into a longer buffer: bytes after its end are never taken as hits.
TEST(TextFindAny, StopsAtTheEndOfTheView) {
    const std::string buffer = "abcdefghijklmnopqrstuvwxyz;;;;;;;;;;;;;;;;";
    for (std::size_t size = 0; size <= 26; ++size) {
        const std::string_view view(buffer.data(), size);
        for (std::size_t start = 0; start <= size; ++start) EXPECT_EQ((find_any<';'>(view, start)), size);
    }
}

}  // namespace
}  // namespace sipdiag::text
