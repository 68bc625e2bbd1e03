#include "sipdiag/report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace sipdiag {
namespace {

double seconds(std::int64_t ns) { return static_cast<double>(ns) / 1e9; }

std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

CaptureReport::Response describe(const CaptureAnalysis& analysis, const MessageNotes& notes) {
    CaptureReport::Response r;
    r.frame = notes.frame;
    r.time = seconds(notes.time_ns - analysis.capture_start_ns());
    r.status = notes.status;
    r.method = analysis.method_name(notes.cseq_method);
    if (const ResponseDetails* d = analysis.details(notes)) {
        r.call_id = d->call_id();
        r.cseq = d->cseq;
        r.from = d->from_uri;
        r.to = d->to_uri;
    }
    r.outcome = analysis.ack_outcome(notes);
    r.ack_frame = notes.ack_frame;
    r.retransmissions = notes.retransmissions;
    if (notes.ack_frame != kNoFrame) r.ack_delay = seconds(notes.ack_delay_ns);
    r.ack_delay_odd = notes.ack_delay_odd;
    return r;
}

}  // namespace

CaptureReport build_report(const CaptureAnalysis& analysis, const StatusCatalogue& catalogue) {
    CaptureReport report;
    report.calls = analysis.calls();
    std::map<std::uint32_t, std::uint64_t> per_code;
    std::vector<double> delays;
    for (const MessageNotes& notes : analysis.all_notes()) {
        if (notes.role != MessageRole::Response) continue;
        ++report.responses;
        ++per_code[notes.status];
        if (notes.retransmission_of != kNoFrame) continue;  // counted once, as its first transmission
        if (notes.status == 500) report.server_errors.push_back(describe(analysis, notes));
        if (!notes.invite_final) continue;
        auto& final_response = report.invite_finals.emplace_back(describe(analysis, notes));
        switch (final_response.outcome) {
            case AckOutcome::Acknowledged: ++report.acknowledged; break;
            case AckOutcome::Late: ++report.late; break;
            case AckOutcome::Missing: ++report.missing; break;
            case AckOutcome::Unconfirmed: ++report.unconfirmed; break;
            case AckOutcome::NotAccepted: ++report.not_accepted; break;
            case AckOutcome::NotApplicable: break;
        }
        if (final_response.ack_delay && !final_response.ack_delay_odd) delays.push_back(*final_response.ack_delay);
    }
    for (const auto& [code, count] : per_code) {
        const Explanation e = catalogue.explain(code);
        report.codes.push_back({code, std::string(class_name(e.status_class)), e.info->phrase, e.registered, count});
    }
    if (!delays.empty()) {
        std::sort(delays.begin(), delays.end());
        const std::size_t n = delays.size();
        const double median = n % 2 ? delays[n / 2] : (delays[n / 2 - 1] + delays[n / 2]) / 2;
        report.ack_delay = CaptureReport::DelayStats{delays.front(), median, delays.back(), n};
    }
    return report;
}

std::string report_text(const CaptureReport& report) {
    std::ostringstream out;
    out << "SIP diagnostics summary\n"
        << "Calls: " << report.calls << "   Responses: " << report.responses << "\n\n"
        << "Responses per status code\n";
    for (const auto& c : report.codes) {
        out << "  " << c.code << "  " << c.phrase << (c.registered ? "" : " (unregistered)") << "  [" << c.status_class
            << "]  " << c.count << "\n";
    }
    out << "\n500 Server Internal Error: " << report.server_errors.size() << "\n";
    for (const auto& r : report.server_errors) {
        out << "  frame " << r.frame << "  t=" << fixed(r.time, 3) << "s  " << (r.method.empty() ? "?" : r.method)
            << "  Call-ID " << r.call_id << "  " << r.from << " -> " << r.to << "\n";
    }
    out << "\nINVITE final responses: " << report.invite_finals.size() << "  (acknowledged " << report.acknowledged
        << ", late " << report.late << ", missing " << report.missing << ", unconfirmed " << report.unconfirmed << ", not accepted " << report.not_accepted << ")\n";
    for (const auto& r : report.invite_finals) {
        out << "  frame " << r.frame << "  t=" << fixed(r.time, 3) << "s  " << r.status << "  "
            << outcome_name(r.outcome);
        if (r.ack_frame != kNoFrame)
            out << " (ACK frame " << r.ack_frame << ", " << fixed(*r.ack_delay * 1000, 1) << " ms"
                << (r.ack_delay_odd ? ", odd time stamps" : "") << ")";
        if (r.retransmissions) out << "  retransmitted " << r.retransmissions << "x";
        if (r.outcome == AckOutcome::Missing || r.outcome == AckOutcome::Unconfirmed ||
            r.outcome == AckOutcome::NotAccepted)
            out << "  Call-ID " << r.call_id << "  " << r.from << " -> " << r.to;
        out << "\n";
    }
    out << "\nACK delay: ";
    if (report.ack_delay)
        out << "min " << fixed(report.ack_delay->min * 1000, 1) << " ms, median " << fixed(report.ack_delay->median * 1000, 1)
            << " ms, max " << fixed(report.ack_delay->max * 1000, 1) << " ms over " << report.ack_delay->count << " ACKs\n";
    else
        out << "no acknowledged INVITE final response\n";
    return out.str();
}

std::string report_json(const CaptureReport& report) {
    using nlohmann::ordered_json;
    const auto response = [](const CaptureReport::Response& r) {
        ordered_json j{{"frame", r.frame},     {"time", r.time},     {"status", r.status}, {"method", r.method},
                       {"call_id", r.call_id}, {"cseq", r.cseq},     {"from", r.from},     {"to", r.to}};
        return j;
    };
    ordered_json codes = ordered_json::array();
    for (const auto& c : report.codes)
        codes.push_back({{"code", c.code}, {"class", c.status_class}, {"phrase", c.phrase},
                         {"registered", c.registered}, {"count", c.count}});
    ordered_json errors = ordered_json::array();
    for (const auto& r : report.server_errors) errors.push_back(response(r));
    ordered_json finals = ordered_json::array();
    for (const auto& r : report.invite_finals) {
        ordered_json j = response(r);
        j["ack"] = std::string(outcome_name(r.outcome));
        j["ack_frame"] = r.ack_frame == kNoFrame ? ordered_json(nullptr) : ordered_json(r.ack_frame);
        j["ack_delay"] = r.ack_delay ? ordered_json(*r.ack_delay) : ordered_json(nullptr);
        j["ack_delay_odd"] = r.ack_delay_odd;
        j["retransmissions"] = r.retransmissions;
        finals.push_back(std::move(j));
    }
    ordered_json delay = nullptr;
    if (report.ack_delay)
        delay = {{"count", report.ack_delay->count}, {"min", report.ack_delay->min},
                 {"median", report.ack_delay->median}, {"max", report.ack_delay->max}};
    const ordered_json root{
        {"calls", report.calls},
        {"responses", report.responses},
        {"codes", codes},
        {"server_internal_errors", errors},
        {"invite_final_responses", finals},
        {"ack_outcomes",
         {{"acknowledged", report.acknowledged}, {"late", report.late}, {"missing", report.missing},
          {"unconfirmed", report.unconfirmed}, {"not_accepted", report.not_accepted}}},
        {"ack_delay", delay},
    };
    // Header values come from the wire and may not be UTF-8: replace, never throw.
    return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace sipdiag
