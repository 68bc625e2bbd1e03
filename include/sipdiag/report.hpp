// The end-of-run reports of a capture, built from a finished CaptureAnalysis:
//  - the summary: calls by outcome, responses per status code, the problems
//    (500s, ACKs missing or late, calls unanswered or never acknowledged) and
//    the addresses and agents that those problems point at;
//  - the calls list: one line per call, how it went and how it ended.
// Each is printed as text for people (short: problem lists are capped) and as
// JSON for scripts (complete lists, stable key order).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sipdiag/capture_analysis.hpp"
#include "sipdiag/status_catalogue.hpp"

namespace sipdiag {

inline constexpr std::size_t kCallOutcomes = 6;  // CallOutcome values

struct CallSummary {
    std::uint32_t invite_frame = 0;
    double time = 0;  // seconds since the first frame
    std::string call_id, from, to, request_uri, user_agent;
    CallOutcome outcome = CallOutcome::Undecided;
    std::optional<std::uint32_t> final_status;  // the response that decided the call
    std::optional<double> duration;             // seconds, 2xx to BYE
    CallParty ended_by = CallParty::None;
    std::uint32_t bye_frame = kNoFrame;
    std::string reason;          // Reason header of the BYE, as received
    std::string reason_meaning;  // what its first value means; "" without a Reason
};

// How often one address or agent shows up among the problems of one kind.
struct Tally {
    std::string name;  // "(unknown)" when the capture does not say
    std::uint64_t count = 0;
};

// One kind of problem, and the side of the exchange that failed: its
// addresses and a second view (its agent, or the host it was asked for).
struct EndpointGroup {
    std::string problem;       // e.g. "2xx not acknowledged"
    std::string side;          // e.g. "caller (UAC)"
    std::string detail_label;  // "agent", "Request-URI host", or "" when there is none
    std::uint64_t total = 0;
    std::vector<Tally> addresses;  // most frequent first, then by name
    std::vector<Tally> details;
};

struct CaptureReport {
    struct CodeCount {
        std::uint32_t code = 0;
        std::string status_class;
        std::string phrase;
        bool registered = false;
        std::uint64_t count = 0;
    };
    struct Response {  // one notable response (a 500, or an INVITE final)
        std::uint32_t frame = 0;
        double time = 0;  // seconds since the first frame
        std::uint32_t status = 0;
        std::string method;  // of the request answered (CSeq)
        std::string call_id, from, to;
        std::uint32_t cseq = 0;
        AckOutcome outcome = AckOutcome::NotApplicable;
        std::uint32_t ack_frame = kNoFrame;
        std::uint32_t retransmissions = 0;
        std::optional<double> ack_delay;  // seconds
        bool ack_delay_odd = false;       // negative or beyond 64*T1: left out of the delay statistics
        std::string responder, agent;     // 500s: who sent it, its Server/User-Agent
    };
    struct DelayStats {
        double min = 0, median = 0, max = 0;
        std::size_t count = 0;
    };

    std::uint64_t responses = 0;
    std::uint64_t calls = 0;
    std::array<std::uint64_t, kCallOutcomes> call_outcomes{};  // indexed by CallOutcome
    std::vector<Tally> rejected_by_code;      // ascending code, names are the codes
    std::vector<CodeCount> codes;             // ascending code
    std::vector<Response> server_errors;      // every 500, frame order
    std::vector<Response> invite_finals;      // every INVITE final response, frame order
    std::uint64_t acknowledged = 0, late = 0, missing = 0, unconfirmed = 0, not_accepted = 0;
    std::uint64_t misrouted_acks = 0;         // ACKs of a 2xx sent elsewhere than the 2xx said
    std::optional<DelayStats> ack_delay;      // over acknowledged and late, odd time stamps left out
    std::vector<CallSummary> call_list;       // every call, INVITE frame order
    std::vector<EndpointGroup> endpoints;     // one per problem kind, fixed order, also when empty

    std::uint64_t outcome_count(CallOutcome outcome) const { return call_outcomes[static_cast<std::size_t>(outcome)]; }
};

// Lines per problem section and entries per endpoint list in the text
// summary; the JSON has everything.
struct TextLimits {
    std::size_t problem_lines = 10;
    std::size_t top_entries = 5;
};

CaptureReport build_report(const CaptureAnalysis& analysis, const StatusCatalogue& catalogue);
std::string report_text(const CaptureReport& report, TextLimits limits = {});
std::string report_json(const CaptureReport& report);

// The calls list (-z sipdiag,calls), from the same report.
std::string calls_text(const CaptureReport& report);
std::string calls_json(const CaptureReport& report);

// The host of a SIP URI ("sip:bob@example.net:5060;transport=tcp" gives
// "example.net"); "" when there is none.
std::string uri_host(std::string_view uri);

}  // namespace sipdiag
