// Fuzz target: any sequence of SIP messages -- in or out of order, with
// absurd codes, missing or hostile headers -- must never crash the analysis,
// and what it concludes must stay self-consistent.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <utility>
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
constexpr std::string_view kHeaderBlocks[] = {
    "",
    "Contact: <sip:b@192.0.2.2>\r\nRecord-Route: <sip:p1;lr>, <sip:p2;lr>\r\n",
    "Route: <sip:p2;lr>\r\nRoute: <sip:p1;lr>\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\n",
    "Reason: Q.850;cause=16;text=\"x\", SIP;cause=abc\r\nWarning: 399 h \"w\"\r\n",
    "Contact: garbage\r\nReason: \r\nWarning: 9999\r\nUser-Agent: ua\r\nServer: s\r\n",
};
constexpr std::string_view kRequestUris[] = {"sip:b@192.0.2.2", "sip:p1;lr", "", "sips:[2001:db8::1]:5061"};
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
        m.header_block = in.pick(kHeaderBlocks);
        m.request_uri = in.pick(kRequestUris);
        const std::uint8_t where = in.byte();
        m.destination.family = static_cast<sipdiag::NetEndpoint::Family>(where % 3);
        m.destination.address[3] = where;
        m.destination.port = static_cast<std::uint16_t>(5060 + where % 2);
        m.transport = static_cast<sipdiag::Transport>(where % 4);
        analysis.observe(m);
    }

    // What the analysis concludes must hold together: every link points at
    // a frame that was observed and carries a note of the right role that
    // links back, every outcome is a defined one and agrees with the note,
    // and the report counts what the notes say.
    using sipdiag::AckOutcome;
    using sipdiag::kNoFrame;
    using sipdiag::MessageNotes;
    using sipdiag::MessageRole;
    const auto find = [&](std::uint32_t at, MessageRole role, auto&& also) {
        for (const MessageNotes& other : analysis.notes_for_frame(at))
            if (other.frame == at && other.role == role && also(other)) return true;
        return false;
    };
    std::uint64_t last_position = 0;
    std::size_t invite_finals = 0;
    std::uint64_t outcomes[6] = {};
    std::size_t visited = 0;
    analysis.for_each_note([&](const MessageNotes& notes) {
        ++visited;
        const std::uint64_t position = (std::uint64_t{notes.frame} << 16) | notes.index;
        check(position > last_position || visited == 1, "notes in frame order, each once");
        last_position = position;
        const auto same_frame = analysis.notes_for_frame(notes.frame);
        check(std::count(same_frame.begin(), same_frame.end(), notes) == 1, "every note is found under its own frame");
        check((notes.details != sipdiag::kNoDetails) == analysis.details(notes).has_value(),
              "details exist exactly when referenced");
        (void)analysis.method_name(notes.cseq_method);
        if (notes.role == MessageRole::Response) {
            const AckOutcome outcome = analysis.ack_outcome(notes);
            const auto value = static_cast<unsigned>(outcome);
            check(value <= static_cast<unsigned>(AckOutcome::NotAccepted), "a defined ACK outcome");
            ++outcomes[value];
            check(notes.invite_final == (outcome != AckOutcome::NotApplicable),
                  "an ACK outcome for exactly the INVITE final responses");
            if (notes.invite_final) ++invite_finals;
            const bool acked = outcome == AckOutcome::Acknowledged || outcome == AckOutcome::Late ||
                               outcome == AckOutcome::NotAccepted;
            check(!notes.invite_final || acked == (notes.ack_frame != kNoFrame),
                  "acknowledged exactly when an ACK is linked");
            check(notes.ack_frame == kNoFrame ||
                      find(notes.ack_frame, MessageRole::Ack,
                           [&](const MessageNotes& ack) { return ack.response_frame == notes.frame; }),
                  "a response's ACK is an observed ACK that links back to it");
            check(notes.retransmission_of == kNoFrame ||
                      (notes.retransmission_of <= notes.frame &&
                       find(notes.retransmission_of, MessageRole::Response,
                            [&](const MessageNotes& first) { return first.status == notes.status; })),
                  "a retransmission repeats an observed earlier response with its status");
            check(!notes.invite_final || notes.retransmission_of == kNoFrame,
                  "an INVITE final response is a first transmission");
        } else if (notes.role == MessageRole::Invite) {
            check((notes.retransmission_of == kNoFrame) == (analysis.call(notes) != nullptr),
                  "an INVITE note is either a call's start or a retransmission");
        } else if (notes.role == MessageRole::Ack) {
            check(notes.response_frame == kNoFrame ||
                      (notes.response_frame <= notes.frame &&
                       find(notes.response_frame, MessageRole::Response,
                            [&](const MessageNotes& response) { return response.invite_final; })),
                  "an ACK acknowledges an observed earlier INVITE final response");
        }
    });
    check(visited == analysis.note_count(), "every note visited");
    for (const sipdiag::CallRecord& call : analysis.calls_seen()) {
        const auto outcome = static_cast<unsigned>(analysis.call_outcome(call));
        check(outcome <= static_cast<unsigned>(sipdiag::CallOutcome::Undecided), "a defined call outcome");
        if (const MessageNotes* decided = analysis.deciding_final(call))
            check(decided->role == MessageRole::Response && decided->invite_final && decided->status >= 200,
                  "a call is decided by an INVITE final response");
        check(find(call.invite_frame, MessageRole::Invite, [&](const MessageNotes& n) { return analysis.call(n) == &call; }),
              "a call starts at an observed INVITE that names it");
        (void)analysis.call_duration_ns(call);
    }
    analysis.for_each_note([&](const MessageNotes& notes) {
        check((notes.route_check != sipdiag::kNoDetails) == (analysis.route_check(notes) != nullptr),
              "route checks exist exactly when referenced");
        if (analysis.route_check(notes) != nullptr)
            check(notes.role == MessageRole::Ack && notes.ack_kind == sipdiag::AckKind::EndToEnd,
                  "only ACKs of 2xx are route-checked");
        if (const sipdiag::HeaderTexts* texts = analysis.header_texts(notes))
            check(!texts->reasons.empty() || !texts->warnings.empty(), "kept header texts are not empty");
    });
    std::uint32_t last_alert_frame = 0;
    std::map<std::pair<int, std::uint32_t>, std::size_t> alerted;  // (kind, frame it is about) -> alerts
    for (const sipdiag::Alert& alert : analysis.all_alerts()) {
        check(alert.frame >= last_alert_frame, "alerts in frame order");
        last_alert_frame = alert.frame;
        check(alert.about_frame <= alert.frame, "an alert comes after what it is about");
        // A frame may hold several messages (TCP): at most one alert for each.
        const std::size_t said = ++alerted[{static_cast<int>(alert.kind), alert.about_frame}];
        std::size_t could_be = 0;
        if (alert.kind == sipdiag::AlertKind::AckMissing) {
            for (const MessageNotes& n : analysis.notes_for_frame(alert.about_frame)) could_be += n.invite_final;
        } else {
            for (const sipdiag::CallRecord& call : analysis.calls_seen()) could_be += call.invite_frame == alert.about_frame;
        }
        check(said <= could_be, "one alert per message");
        check(!analysis.alerts_for_frame(alert.frame).empty(), "alerts are found by their frame");
        if (alert.kind == sipdiag::AlertKind::AckMissing)
            check(find(alert.about_frame, MessageRole::Response,
                       [&](const MessageNotes& n) { return n.invite_final && n.status == alert.status; }),
                  "an ACK-missing alert is about an INVITE final response");
    }
    const auto report = sipdiag::build_report(analysis, sipdiag::StatusCatalogue::builtin());
    check(report.invite_finals.size() == invite_finals, "the report lists every INVITE final response");
    check(report.acknowledged == outcomes[static_cast<unsigned>(AckOutcome::Acknowledged)] &&
              report.late == outcomes[static_cast<unsigned>(AckOutcome::Late)] &&
              report.missing == outcomes[static_cast<unsigned>(AckOutcome::Missing)] &&
              report.unconfirmed == outcomes[static_cast<unsigned>(AckOutcome::Unconfirmed)] &&
              report.not_accepted == outcomes[static_cast<unsigned>(AckOutcome::NotAccepted)],
          "the report counts each ACK outcome as the analysis does");
    const auto json = nlohmann::json::parse(sipdiag::report_json(report));
    check(json["invite_final_responses"].size() == invite_finals, "JSON lists every INVITE final response");
    check(!sipdiag::report_text(report).empty(), "text report");
    return 0;
}
