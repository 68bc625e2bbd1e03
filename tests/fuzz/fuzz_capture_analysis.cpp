// Fuzz target: any sequence of SIP messages -- in or out of order, with
// absurd codes, missing or hostile headers -- must never crash the analysis,
// and what it concludes must stay self-consistent.
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "fuzz_input.hpp"
#include "sipdiag/capture_analysis.hpp"
#include "sipdiag/report.hpp"

namespace {

using sipdiag::fuzz::FuzzInput;

// Small alphabets so that messages often belong to the same call.
constexpr std::string_view kMethods[] = {"INVITE", "ACK", "BYE", "CANCEL", "PRACK", "OPTIONS", "UPDATE", ""};
constexpr std::string_view kCallIds[] = {"a@h", "b@h", "", "c"};
constexpr std::string_view kTags[] = {"t1", "t2", "", "t3"};
constexpr std::string_view kBranches[] = {"z9hG4bK1", "z9hG4bK2", ""};
constexpr std::uint32_t kCodes[] = {100, 180, 183, 200, 202, 299, 302, 407, 486, 487, 500, 503, 603, 699, 0, 99, 700};

void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzInput in(data, size);
    sipdiag::CaptureAnalysis analysis(sipdiag::AnalysisSettings{1 + in.byte() % 1000u});
    std::uint32_t frame = 1;
    std::int64_t time_ns = 0;
    while (!in.empty()) {
        const std::uint8_t op = in.byte();
        if (op % 8 == 0) {
            analysis.observe_time(time_ns += std::int64_t{in.byte()} * 100'000'000);
            continue;
        }
        sipdiag::SipMessage m;
        frame += op % 3;  // sometimes the same frame again
        m.frame = frame;
        m.index = in.byte() % 4;
        time_ns += (op & 0x80) ? -std::int64_t{in.byte()} * 1'000'000 : std::int64_t{in.byte()} * 50'000'000;
        m.time_ns = time_ns;
        m.is_request = op & 0x10;
        m.method = in.pick(kMethods);
        const std::uint8_t code = in.byte();
        m.status = code < std::size(kCodes) ? kCodes[code] : (code == 0xff ? in.u32() : 200);
        m.call_id = in.pick(kCallIds);
        m.from_tag = in.pick(kTags);
        m.to_tag = in.pick(kTags);
        m.via_branch = in.pick(kBranches);
        if (in.byte() % 4) m.cseq = in.byte() % 4;
        m.cseq_method = in.pick(kMethods);
        analysis.observe(m);
    }

    std::uint64_t last_position = 0;
    for (const auto& notes : analysis.all_notes()) {
        const std::uint64_t position = (std::uint64_t{notes.frame} << 16) | notes.index;
        check(position >= last_position, "notes in frame order");
        last_position = position;
        check(analysis.notes_for_frame(notes.frame).size() >= 1, "notes findable by frame");
        if (notes.role == sipdiag::MessageRole::Response) {
            check(notes.ack_frame == sipdiag::kNoFrame || notes.ack_frame >= notes.frame, "ACK after its response");
            check(notes.retransmission_of == sipdiag::kNoFrame || notes.retransmission_of <= notes.frame,
                  "retransmission after the original");
            check(!notes.invite_final || notes.retransmission_of == sipdiag::kNoFrame, "first transmission");
            (void)analysis.ack_outcome(notes);
        } else {
            check(notes.response_frame == sipdiag::kNoFrame || notes.response_frame <= notes.frame,
                  "ACK acknowledges an earlier response");
        }
        (void)analysis.method_name(notes.cseq_method);
        (void)analysis.details(notes);
    }
    const auto report = sipdiag::build_report(analysis, sipdiag::StatusCatalogue::builtin());
    const auto json = nlohmann::json::parse(sipdiag::report_json(report));
    check(json["invite_final_responses"].size() == report.invite_finals.size(), "JSON lists every INVITE final");
    check(!sipdiag::report_text(report).empty(), "text report");
    return 0;
}
