// Differential check of the core's header reader against Wireshark's own SIP
// dissector. Reads `tshark -T json -x --no-duplicate-keys` from standard
// input; for every SIP message it runs read_sip_message and request_uri_of on
// the message's raw bytes (the `sip` item), as the plugin does, and compares
// with the fields Wireshark decoded: start line, request URI, Call-ID, CSeq
// number and method, From tag, To tag, top Via branch.
//
// A value Wireshark decodes must be read identically; a value only the core
// reads is counted, not failed: parameter names in another case (`TAG=`,
// `Branch=`), for instance, which Wireshark does not take for a tag or branch.
// Not compared, on purpose:
// - a CSeq whose number is not a 32-bit decimal ("abc INVITE", 4294967296):
//   Wireshark decodes it anyway (number 0, or wrapped; method "abc INVITE"),
//   the core leaves the number out, which the analysis treats as unusable;
// - text with bytes that are not UTF-8: tshark's JSON shows U+FFFD instead.
// Where the top Via's first element has no branch but a later element of the
// same line has one, Wireshark reports that later branch and the core none;
// no capture here has one, and it would show up as a disagreement.
//
// usage: tshark -r CAP -T json -x --no-duplicate-keys | differential_reader NAME
// Exit status 0 when everything agrees, 1 on a disagreement (each one printed
// with frame, message and header), 2 when no SIP message was seen.
#include <charconv>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sipdiag/header_block.hpp"
#include "sipdiag/sip_headers_reader.hpp"
#include "sipdiag/sip_message.hpp"

namespace {

using Json = nlohmann::ordered_json;  // document order matters: first header wins

std::string hex_decode(std::string_view hex) {
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        unsigned value = 0;
        std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
        out.push_back(static_cast<char>(value));
    }
    return out;
}

// With --no-duplicate-keys a key seen several times holds an array of its
// values; the first one is the first in the tree.
const Json* first_of(const Json& value) {
    if (value.is_array()) return value.empty() ? nullptr : &value.front();
    return &value;
}

// The first value of `key` anywhere below `node`, in document order.
const Json* find_first(const Json& node, std::string_view key) {
    if (node.is_object()) {
        for (const auto& [name, child] : node.items()) {
            if (name == key) return first_of(child);
            if (const Json* found = find_first(child, key)) return found;
        }
    } else if (node.is_array()) {
        for (const Json& child : node)
            if (const Json* found = find_first(child, key)) return found;
    }
    return nullptr;
}

std::optional<std::string> string_at(const Json* node) {
    if (node == nullptr || !node->is_string()) return std::nullopt;
    return node->get<std::string>();
}

// Wireshark's value of `field` inside the first `tree` of the header part.
std::optional<std::string> decoded(const Json& headers, std::string_view tree, std::string_view field) {
    const Json* subtree = find_first(headers, tree);
    return subtree != nullptr ? string_at(find_first(*subtree, field)) : std::nullopt;
}

struct Totals {
    long messages = 0;
    long compared = 0;
    long core_only = 0;
    long skipped = 0;  // not comparable, see the top of the file
    long disagreements = 0;
};

class Checker {
public:
    explicit Checker(std::string capture) : capture_(std::move(capture)) {}

    void packet(const Json& packet) {
        const Json& layers = packet["_source"]["layers"];
        const std::string frame = layers.contains("frame") ? layers["frame"].value("frame.number", "?") : "?";
        message_in_frame_ = 0;
        visit(layers, frame);
    }
    const Totals& totals() const { return totals_; }

private:
    // SIP items sit at the top of the layers, or inside ICMP for a quoted copy.
    void visit(const Json& node, const std::string& frame) {
        if (!node.is_object()) return;
        if (node.contains("sip") && node.contains("sip_raw")) {
            const Json& sip = node["sip"];
            const Json& raw = node["sip_raw"];
            // Several messages: parallel arrays; one: an object and a [hex, pos, len...] array.
            if (sip.is_array()) {
                for (std::size_t i = 0; i < sip.size() && i < raw.size(); ++i) message(sip[i], raw[i], frame);
            } else {
                message(sip, raw, frame);
            }
        }
        for (const auto& [name, child] : node.items())
            if (name != "sip" && child.is_object()) visit(child, frame);
    }

    void message(const Json& sip, const Json& raw, const std::string& frame) {
        if (!sip.is_object() || !raw.is_array() || raw.empty() || !raw[0].is_string()) return;
        ++totals_.messages;
        const std::string bytes = hex_decode(raw[0].get<std::string>());
        sipdiag::SipMessage core;
        const sipdiag::SplitMessage split = sipdiag::read_sip_message(bytes, core);
        where_ = "frame " + frame + " message " + std::to_string(message_in_frame_++);

        const auto start_line = string_at(find_first(sip, "sip.Request-Line"));
        const auto status_line = string_at(find_first(sip, "sip.Status-Line"));
        if (start_line) compare("request line", start_line, split.start_line);
        if (status_line) compare("status line", status_line, split.start_line);
        if (start_line) compare("request URI", string_at(find_first(sip, "sip.r-uri")),
                                sipdiag::request_uri_of(split.start_line));

        const Json* headers = find_first(sip, "sip.msg_hdr_tree");
        if (headers == nullptr) return;
        compare("Call-ID", string_at(find_first(*headers, "sip.Call-ID")), core.call_id);
        compare("From tag", decoded(*headers, "sip.From_tree", "sip.from.tag"), core.from_tag);
        compare("To tag", decoded(*headers, "sip.To_tree", "sip.to.tag"), core.to_tag);
        compare("Via branch", decoded(*headers, "sip.Via_tree", "sip.Via.branch"), core.via_branch);
        if (core.cseq_header && !core.cseq) {  // an unusable number: see the top of the file
            ++totals_.skipped;
            return;
        }
        compare("CSeq method", decoded(*headers, "sip.CSeq_tree", "sip.CSeq.method"), core.cseq_method);
        compare("CSeq number", decoded(*headers, "sip.CSeq_tree", "sip.CSeq.seq"),
                core.cseq ? std::to_string(*core.cseq) : std::string());
    }

    static bool has_non_ascii(std::string_view text) {
        for (const char c : text)
            if (static_cast<unsigned char>(c) >= 0x80) return true;
        return false;
    }

    void compare(std::string_view header, const std::optional<std::string>& wireshark, std::string_view core) {
        if (!wireshark) {
            if (!core.empty()) ++totals_.core_only;
            return;
        }
        if (wireshark->find("\xEF\xBF\xBD") != std::string::npos && has_non_ascii(core)) {  // U+FFFD
            ++totals_.skipped;
            return;
        }
        ++totals_.compared;
        if (*wireshark == core) return;
        ++totals_.disagreements;
        std::cout << capture_ << ": " << where_ << ": " << header << ": Wireshark \"" << *wireshark
                  << "\", core \"" << core << "\"\n";
    }

    std::string capture_;
    std::string where_;
    int message_in_frame_ = 0;
    Totals totals_;
};

}  // namespace

int main(int argc, char** argv) {
    Checker checker(argc > 1 ? argv[1] : "stdin");
    // tshark prints one packet per top-level array element, "  {" to "  }":
    // parse them one at a time so that a large capture needs little memory.
    std::string line;
    std::string chunk;
    bool inside = false;
    while (std::getline(std::cin, line)) {
        if (!inside && line == "  {") inside = true;
        if (inside) chunk += line + '\n';
        if (inside && (line == "  }" || line == "  },")) {
            if (chunk.size() >= 2 && chunk[chunk.size() - 2] == ',') chunk.erase(chunk.size() - 2, 1);
            checker.packet(Json::parse(chunk));
            chunk.clear();
            inside = false;
        }
    }
    const Totals& totals = checker.totals();
    std::cout << (argc > 1 ? argv[1] : "stdin") << ": " << totals.messages << " SIP messages, " << totals.compared
              << " values compared, " << totals.disagreements << " disagreements, " << totals.core_only
              << " values read only by the core, " << totals.skipped << " not comparable\n";
    if (totals.messages == 0) return 2;
    return totals.disagreements == 0 ? 0 : 1;
}
