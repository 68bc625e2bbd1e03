#include "sipdiag/report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

#include "sipdiag/reason_warning.hpp"

namespace sipdiag {
namespace {

constexpr std::string_view kUnknown = "(unknown)";
constexpr CallOutcome kOutcomeOrder[kCallOutcomes] = {CallOutcome::Answered,   CallOutcome::AnsweredNoAck,
                                                      CallOutcome::Rejected,   CallOutcome::Cancelled,
                                                      CallOutcome::Unanswered, CallOutcome::Undecided};

double seconds(std::int64_t ns) { return static_cast<double>(ns) / 1e9; }

std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string or_unknown(std::string text) { return text.empty() ? std::string(kUnknown) : text; }

CaptureReport::Response describe(const CaptureAnalysis& analysis, const MessageNotes& notes) {
    CaptureReport::Response r;
    r.frame = notes.frame;
    r.time = seconds(notes.time_ns - analysis.capture_start_ns());
    r.status = notes.status;
    r.method = analysis.method_name(notes.cseq_method);
    if (const std::optional<ResponseDetails> d = analysis.details(notes)) {
        r.call_id = d->call_id();
        r.cseq = d->cseq;
        r.from = d->from_uri;
        r.to = d->to_uri;
        r.responder = to_string(d->responder);
        r.agent = d->agent;
    }
    r.outcome = analysis.ack_outcome(notes);
    r.ack_frame = notes.ack_frame;
    r.retransmissions = notes.retransmissions;
    if (notes.ack_frame != kNoFrame) r.ack_delay = seconds(notes.ack_delay_ns);
    r.ack_delay_odd = notes.ack_delay_odd;
    return r;
}

CallSummary summarise_call(const CaptureAnalysis& analysis, const CallRecord& call, const StatusCatalogue& catalogue) {
    CallSummary c;
    c.invite_frame = call.invite_frame;
    c.time = seconds(call.invite_time_ns - analysis.capture_start_ns());
    c.call_id = call.call_id();
    c.from = call.from_uri();
    c.to = call.to_uri();
    c.request_uri = call.request_uri();
    c.user_agent = call.user_agent();
    c.outcome = analysis.call_outcome(call);
    if (const MessageNotes* final_response = analysis.deciding_final(call)) c.final_status = final_response->status;
    if (const auto ns = analysis.call_duration_ns(call)) c.duration = seconds(*ns);
    c.ended_by = call.ended_by;
    c.bye_frame = call.bye_frame;
    c.reason = call.bye_reason;
    if (const auto values = parse_reason(c.reason); !values.empty())
        c.reason_meaning = reason_meaning(values.front(), catalogue);
    return c;
}

// Counts names for one list of an EndpointGroup.
class Counter {
public:
    void add(std::string name) { ++counts_[or_unknown(std::move(name))]; }
    // Most frequent first; equal counts by name, so the order is stable.
    std::vector<Tally> sorted() const {
        std::vector<Tally> out;
        out.reserve(counts_.size());
        for (const auto& [name, count] : counts_) out.push_back({name, count});
        std::stable_sort(out.begin(), out.end(), [](const Tally& a, const Tally& b) { return a.count > b.count; });
        return out;
    }

private:
    std::map<std::string, std::uint64_t> counts_;
};

struct GroupBuilder {
    GroupBuilder(std::string_view problem, std::string_view side, std::string_view detail_label) {
        group.problem = problem;
        group.side = side;
        group.detail_label = detail_label;
    }
    EndpointGroup group;
    Counter addresses, details;
    void add(const NetEndpoint& where, std::string_view detail) {
        ++group.total;
        addresses.add(address_text(where));
        if (!group.detail_label.empty()) details.add(std::string(detail));
    }
    EndpointGroup finish() {
        group.addresses = addresses.sorted();
        group.details = details.sorted();
        return std::move(group);
    }
};

// The side that failed, for each kind of problem (see report.hpp). Ports are
// left out: a TCP peer changes port with every connection.
std::vector<EndpointGroup> group_by_endpoint(const CaptureAnalysis& analysis) {
    GroupBuilder unacked_2xx("2xx not acknowledged", "caller (UAC): the 2xx went to it", "agent");
    GroupBuilder unacked_error("non-2xx final not acknowledged", "previous hop: the response went to it", "");
    GroupBuilder server_error("500 Server Internal Error", "server: it sent the 500", "agent");
    GroupBuilder unanswered("unanswered call", "next hop: the INVITE went to it", "Request-URI host");
    GroupBuilder misrouted("ACK misrouted", "caller (UAC): it sent the ACK", "route check");
    analysis.for_each_note([&](const MessageNotes& notes) {
        if (const KeptRouteCheck* check = analysis.route_check(notes); check != nullptr && is_misrouted(check->verdict)) {
            NetEndpoint sender;
            for (const MessageNotes& response : analysis.notes_for_frame(notes.response_frame))
                if (const std::optional<ResponseDetails> d = analysis.details(response); d && response.invite_final)
                    sender = d->requester;
            misrouted.add(sender, std::string(route_check_name(check->verdict)));
        }
        if (notes.role != MessageRole::Response || notes.retransmission_of != kNoFrame) return;
        const std::optional<ResponseDetails> d = analysis.details(notes);
        if (!d) return;
        if (notes.status == 500) server_error.add(d->responder, d->agent);
        if (!notes.invite_final) return;
        const AckOutcome outcome = analysis.ack_outcome(notes);
        if (notes.status < 300 && (outcome == AckOutcome::Missing || outcome == AckOutcome::NotAccepted)) {
            const CallRecord* call = analysis.call(notes);
            unacked_2xx.add(d->requester, call != nullptr ? call->user_agent() : std::string_view());
        } else if (notes.status >= 300 && outcome == AckOutcome::Missing) {
            unacked_error.add(d->requester, {});
        }
    });
    for (const CallRecord& call : analysis.calls_seen())
        if (analysis.call_outcome(call) == CallOutcome::Unanswered) unanswered.add(call.next_hop, uri_host(call.request_uri()));
    return {unacked_2xx.finish(), unacked_error.finish(), server_error.finish(), unanswered.finish(),
            misrouted.finish()};
}

// Prints at most `limit` of `items` with `line`, then how many were left out.
template <typename T, typename Line>
void capped(std::ostream& out, const std::vector<T>& items, std::size_t limit, std::string_view indent, Line line) {
    std::size_t shown = 0;
    for (const T& item : items) {
        if (shown == limit) break;
        line(item);
        ++shown;
    }
    if (items.size() > shown) out << indent << "... and " << items.size() - shown << " more\n";
}

void response_line(std::ostream& out, const CaptureReport::Response& r) {
    out << "  frame " << r.frame << "  t=" << fixed(r.time, 3) << "s  " << r.status << "  " << outcome_name(r.outcome);
    if (r.ack_frame != kNoFrame)
        out << " (ACK frame " << r.ack_frame << ", " << fixed(*r.ack_delay * 1000, 1) << " ms"
            << (r.ack_delay_odd ? ", odd time stamps" : "") << ")";
    if (r.retransmissions) out << "  retransmitted " << r.retransmissions << "x";
    if (r.outcome != AckOutcome::Late) out << "  Call-ID " << r.call_id << "  " << r.from << " -> " << r.to;
    out << "\n";
}

void call_line(std::ostream& out, const CallSummary& c) {
    out << "  INVITE frame " << c.invite_frame << "  t=" << fixed(c.time, 3) << "s  Call-ID " << c.call_id << "  "
        << c.from << " -> " << c.to;
    if (!c.request_uri.empty()) out << "  Request-URI " << c.request_uri;
    out << "\n";
}

template <typename Keep>
std::vector<CaptureReport::Response> responses_where(const CaptureReport& report, Keep keep) {
    std::vector<CaptureReport::Response> out;
    for (const auto& r : report.invite_finals)
        if (keep(r.outcome)) out.push_back(r);
    return out;
}

std::vector<CallSummary> calls_where(const CaptureReport& report, CallOutcome outcome) {
    std::vector<CallSummary> out;
    for (const auto& c : report.call_list)
        if (c.outcome == outcome) out.push_back(c);
    return out;
}

std::string outcome_counts_text(const CaptureReport& report) {
    std::string text;
    for (const CallOutcome outcome : kOutcomeOrder) {
        if (!text.empty()) text += ", ";
        text += std::string(call_outcome_name(outcome)) + " " + std::to_string(report.outcome_count(outcome));
    }
    return text;
}

nlohmann::ordered_json outcome_counts_json(const CaptureReport& report) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const CallOutcome outcome : kOutcomeOrder) j[std::string(call_outcome_name(outcome))] = report.outcome_count(outcome);
    return j;
}

nlohmann::ordered_json tallies_json(const std::vector<Tally>& tallies) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const Tally& t : tallies) j.push_back({{"name", t.name}, {"count", t.count}});
    return j;
}

nlohmann::ordered_json optional_json(const auto& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

// Header values come from the wire and may not be UTF-8: replace, never throw.
std::string dump(const nlohmann::ordered_json& root) {
    return root.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string uri_host(std::string_view uri) {
    if (const auto open = uri.find('<'); open != std::string_view::npos) {
        uri.remove_prefix(open + 1);
        uri = uri.substr(0, uri.find('>'));
    }
    while (!uri.empty() && (uri.front() == ' ' || uri.front() == '\t')) uri.remove_prefix(1);
    const auto colon = uri.find(':');
    if (colon == std::string_view::npos) return {};
    uri.remove_prefix(colon + 1);  // the scheme
    uri = uri.substr(0, uri.find_first_of(";?>"));
    if (const auto at = uri.rfind('@'); at != std::string_view::npos) uri.remove_prefix(at + 1);
    if (!uri.empty() && uri.front() == '[') return std::string(uri.substr(1, uri.find(']') - 1));
    return std::string(uri.substr(0, uri.find(':')));
}

CaptureReport build_report(const CaptureAnalysis& analysis, const StatusCatalogue& catalogue) {
    CaptureReport report;
    report.calls = analysis.calls();
    std::map<std::uint32_t, std::uint64_t> per_code;
    std::vector<double> delays;
    analysis.for_each_note([&](const MessageNotes& notes) {
        if (notes.role != MessageRole::Response) return;
        ++report.responses;
        ++per_code[notes.status];
        if (notes.retransmission_of != kNoFrame) return;  // counted once, as its first transmission
        if (notes.status == 500) report.server_errors.push_back(describe(analysis, notes));
        if (!notes.invite_final) return;
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
    });
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
    std::map<std::uint32_t, std::uint64_t> rejected;
    for (const CallRecord& call : analysis.calls_seen()) {
        CallSummary& c = report.call_list.emplace_back(summarise_call(analysis, call, catalogue));
        ++report.call_outcomes[static_cast<std::size_t>(c.outcome)];
        if (c.outcome == CallOutcome::Rejected && c.final_status) ++rejected[*c.final_status];
    }
    for (const auto& [code, count] : rejected) report.rejected_by_code.push_back({std::to_string(code), count});
    report.endpoints = group_by_endpoint(analysis);
    analysis.for_each_note([&](const MessageNotes& notes) {
        if (const KeptRouteCheck* check = analysis.route_check(notes); check != nullptr && is_misrouted(check->verdict))
            ++report.misrouted_acks;
    });
    return report;
}

std::string report_text(const CaptureReport& report, TextLimits limits) {
    std::ostringstream out;
    out << "SIP diagnostics summary\n"
        << "Calls: " << report.calls << "   Responses: " << report.responses << "\n"
        << "Calls by outcome: " << outcome_counts_text(report) << "\n";
    if (!report.rejected_by_code.empty()) {
        // The most frequent codes, so that the line stays one line.
        std::vector<Tally> codes = report.rejected_by_code;
        std::stable_sort(codes.begin(), codes.end(), [](const Tally& a, const Tally& b) { return a.count > b.count; });
        out << "Rejected calls by final code:";
        const std::size_t shown = std::min(codes.size(), limits.problem_lines);
        for (std::size_t i = 0; i < shown; ++i) out << "  " << codes[i].name << " x" << codes[i].count;
        if (codes.size() > shown) out << "  ... and " << codes.size() - shown << " more codes";
        out << "\n";
    }
    out << "\nResponses per status code\n";
    for (const auto& c : report.codes) {
        out << "  " << c.code << "  " << c.phrase << (c.registered ? "" : " (unregistered)") << "  [" << c.status_class
            << "]  " << c.count << "\n";
    }
    out << "\nINVITE final responses: " << report.invite_finals.size() << "  (acknowledged " << report.acknowledged
        << ", late " << report.late << ", missing " << report.missing << ", unconfirmed " << report.unconfirmed
        << ", not accepted " << report.not_accepted << ")\n"
        << "ACKs of a 2xx not sent where it said (misrouted): " << report.misrouted_acks << "\n"
        << "ACK delay: ";
    if (report.ack_delay)
        out << "min " << fixed(report.ack_delay->min * 1000, 1) << " ms, median " << fixed(report.ack_delay->median * 1000, 1)
            << " ms, max " << fixed(report.ack_delay->max * 1000, 1) << " ms over " << report.ack_delay->count << " ACKs\n";
    else
        out << "no acknowledged INVITE final response\n";

    // Problems only, each list cut short: the JSON has them all.
    out << "\n500 Server Internal Error: " << report.server_errors.size() << "\n";
    capped(out, report.server_errors, limits.problem_lines, "  ", [&](const CaptureReport::Response& r) {
        out << "  frame " << r.frame << "  t=" << fixed(r.time, 3) << "s  " << (r.method.empty() ? "?" : r.method)
            << "  Call-ID " << r.call_id << "  " << r.from << " -> " << r.to;
        if (!r.responder.empty()) out << "  from " << r.responder;
        if (!r.agent.empty()) out << "  agent " << r.agent;
        out << "\n";
    });
    const auto unacked = responses_where(report, [](AckOutcome o) {
        return o == AckOutcome::Missing || o == AckOutcome::Unconfirmed || o == AckOutcome::NotAccepted;
    });
    out << "ACK missing, unconfirmed or not accepted: " << unacked.size() << "\n";
    capped(out, unacked, limits.problem_lines, "  ", [&](const CaptureReport::Response& r) { response_line(out, r); });
    const auto late = responses_where(report, [](AckOutcome o) { return o == AckOutcome::Late; });
    out << "Late ACK (after retransmissions): " << late.size() << "\n";
    capped(out, late, limits.problem_lines, "  ", [&](const CaptureReport::Response& r) { response_line(out, r); });
    const auto no_answer = calls_where(report, CallOutcome::Unanswered);
    out << "Unanswered calls: " << no_answer.size() << "\n";
    capped(out, no_answer, limits.problem_lines, "  ", [&](const CallSummary& c) { call_line(out, c); });
    const auto no_ack = calls_where(report, CallOutcome::AnsweredNoAck);
    out << "Answered calls whose ACK never came: " << no_ack.size() << "\n";
    capped(out, no_ack, limits.problem_lines, "  ", [&](const CallSummary& c) { call_line(out, c); });

    out << "\nProblems by endpoint (the side that failed)";
    bool any = false;
    for (const EndpointGroup& g : report.endpoints) {
        if (g.total == 0) continue;
        if (!any) out << "\n";
        any = true;
        out << "  " << g.problem << ": " << g.total << ", " << g.side << "\n";
        const auto list = [&](std::string_view label, const std::vector<Tally>& tallies) {
            capped(out, tallies, limits.top_entries, "    ", [&](const Tally& t) {
                out << "    " << label << "  " << t.count << "  " << t.name << "\n";
            });
        };
        list("address", g.addresses);
        if (!g.detail_label.empty()) list(g.detail_label, g.details);
    }
    if (!any) out << ": none\n";
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
    for (const auto& r : report.server_errors) {
        ordered_json j = response(r);
        j["responder"] = r.responder;
        j["agent"] = r.agent;
        errors.push_back(std::move(j));
    }
    ordered_json finals = ordered_json::array();
    for (const auto& r : report.invite_finals) {
        ordered_json j = response(r);
        j["ack"] = std::string(outcome_name(r.outcome));
        j["ack_frame"] = r.ack_frame == kNoFrame ? ordered_json(nullptr) : ordered_json(r.ack_frame);
        j["ack_delay"] = optional_json(r.ack_delay);
        j["ack_delay_odd"] = r.ack_delay_odd;
        j["retransmissions"] = r.retransmissions;
        finals.push_back(std::move(j));
    }
    ordered_json delay = nullptr;
    if (report.ack_delay)
        delay = {{"count", report.ack_delay->count}, {"min", report.ack_delay->min},
                 {"median", report.ack_delay->median}, {"max", report.ack_delay->max}};
    ordered_json rejected = ordered_json::array();
    for (const Tally& t : report.rejected_by_code)
        rejected.push_back({{"code", std::stoul(t.name)}, {"count", t.count}});
    ordered_json endpoints = ordered_json::array();
    for (const EndpointGroup& g : report.endpoints) {
        ordered_json j{{"problem", g.problem}, {"side", g.side}, {"total", g.total},
                       {"addresses", tallies_json(g.addresses)}};
        if (!g.detail_label.empty()) {
            j["detail"] = g.detail_label;
            j["details"] = tallies_json(g.details);
        }
        endpoints.push_back(std::move(j));
    }
    const ordered_json root{
        {"calls", report.calls},
        {"call_outcomes", outcome_counts_json(report)},
        {"rejected_by_code", rejected},
        {"responses", report.responses},
        {"codes", codes},
        {"server_internal_errors", errors},
        {"invite_final_responses", finals},
        {"ack_outcomes",
         {{"acknowledged", report.acknowledged}, {"late", report.late}, {"missing", report.missing},
          {"unconfirmed", report.unconfirmed}, {"not_accepted", report.not_accepted}}},
        {"misrouted_acks", report.misrouted_acks},
        {"ack_delay", delay},
        {"endpoints", endpoints},
    };
    return dump(root);
}

std::string calls_text(const CaptureReport& report) {
    std::ostringstream out;
    out << "SIP diagnostics: calls\n"
        << "Calls: " << report.calls << "   (" << outcome_counts_text(report) << ")\n";
    for (const CallSummary& c : report.call_list) {
        out << "  INVITE frame " << c.invite_frame << "  t=" << fixed(c.time, 3) << "s  " << c.from << " -> " << c.to
            << "  " << call_outcome_name(c.outcome);
        if (c.final_status) out << "  final " << *c.final_status;
        if (c.duration) out << "  duration " << fixed(*c.duration, 3) << "s";
        if (c.ended_by != CallParty::None) out << "  ended by " << party_name(c.ended_by) << " (BYE frame " << c.bye_frame << ")";
        if (!c.reason.empty()) out << "  Reason: " << c.reason << "  -- " << c.reason_meaning;
        out << "\n";
    }
    return out.str();
}

std::string calls_json(const CaptureReport& report) {
    using nlohmann::ordered_json;
    ordered_json list = ordered_json::array();
    for (const CallSummary& c : report.call_list) {
        const bool ended = c.ended_by != CallParty::None;
        list.push_back({
            {"invite_frame", c.invite_frame},
            {"time", c.time},
            {"call_id", c.call_id},
            {"from", c.from},
            {"to", c.to},
            {"request_uri", c.request_uri},
            {"user_agent", c.user_agent},
            {"outcome", std::string(call_outcome_name(c.outcome))},
            {"final_status", optional_json(c.final_status)},
            {"duration", optional_json(c.duration)},
            {"ended_by", ended ? ordered_json(std::string(party_name(c.ended_by))) : ordered_json(nullptr)},
            {"bye_frame", c.bye_frame == kNoFrame ? ordered_json(nullptr) : ordered_json(c.bye_frame)},
            {"reason", c.reason.empty() ? ordered_json(nullptr) : ordered_json(c.reason)},
            {"reason_meaning", c.reason.empty() ? ordered_json(nullptr) : ordered_json(c.reason_meaning)},
        });
    }
    return dump(ordered_json{{"calls", report.calls}, {"call_outcomes", outcome_counts_json(report)}, {"list", list}});
}

}  // namespace sipdiag
