// The end-of-run summary of a capture: responses per status code, every 500,
// every INVITE final response with its ACK outcome, and ACK delays. Built
// from a finished CaptureAnalysis; printed as text for people and as JSON
// for scripts (same content, stable key order).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sipdiag/capture_analysis.hpp"
#include "sipdiag/status_catalogue.hpp"

namespace sipdiag {

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
    };
    struct DelayStats {
        double min = 0, median = 0, max = 0;
        std::size_t count = 0;
    };

    std::uint64_t responses = 0;
    std::uint64_t calls = 0;
    std::vector<CodeCount> codes;             // ascending code
    std::vector<Response> server_errors;      // every 500, frame order
    std::vector<Response> invite_finals;      // every INVITE final response, frame order
    std::uint64_t acknowledged = 0, late = 0, missing = 0, unconfirmed = 0, not_accepted = 0;
    std::optional<DelayStats> ack_delay;      // over acknowledged and late, odd time stamps left out
};

CaptureReport build_report(const CaptureAnalysis& analysis, const StatusCatalogue& catalogue);
std::string report_text(const CaptureReport& report);
std::string report_json(const CaptureReport& report);

}  // namespace sipdiag
