#include "reports.hpp"

#include <cstdio>
#include <cstring>
#include <string>

#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>
#include <epan/tap.h>

#include "capture_state.hpp"
#include "settings.hpp"
#include "ws_compat.hpp"
#include "sipdiag/report.hpp"

namespace sipdiag::plugin {
namespace {

int sipdiag_tap = -1;

// What the tap carries for one frame.
struct FrameTap {
    const CaptureAnalysis* analysis;
    const MessageNotes* notes;
    std::size_t count;
};

// --- tshark -z sipdiag,summary[,json] and -z sipdiag,calls[,json] --------
// Both are built from the analysis itself when the run ends, so they are the
// same in one pass and in two: by then every ACK and BYE has been seen.
enum class Listing : std::uint8_t { Summary, Calls };
struct ReportListener {
    Listing listing;
    bool json;
};
// A listener holds nothing but what to print, so constants serve every run.
constexpr ReportListener kListeners[] = {
    {Listing::Summary, false}, {Listing::Summary, true}, {Listing::Calls, false}, {Listing::Calls, true}};

void draw_report(void* tapdata) {
    const auto* listener = static_cast<const ReportListener*>(tapdata);
    const CaptureAnalysis* analysis = current_analysis();
    if (analysis == nullptr) return;
    const CaptureReport report = build_report(*analysis, active_catalogue());
    std::string text;
    if (listener->listing == Listing::Summary)
        text = listener->json ? report_json(report) : report_text(report);
    else
        text = listener->json ? calls_json(report) : calls_text(report);
    std::fwrite(text.data(), 1, text.size(), stdout);
}

bool start_report(Listing listing, const char* argument) {
    const bool json = argument != nullptr && std::strstr(argument, ",json") != nullptr;
    // Tap listeners take a mutable pointer; draw_report only reads through it.
    auto* listener = const_cast<ReportListener*>(&kListeners[(listing == Listing::Calls ? 2 : 0) + (json ? 1 : 0)]);
    GString* error = register_tap_listener("sipdiag", listener, nullptr, TL_REQUIRES_NOTHING, nullptr, nullptr,
                                           draw_report, nullptr);
    if (error != nullptr) {
        std::fprintf(stderr, "sipdiag: cannot start the %s report: %s\n",
                     listing == Listing::Calls ? "calls" : "summary", error->str);
        g_string_free(error, TRUE);
        return false;
    }
    return true;
}

StatTapInitResult init_summary(const char* argument, void*) {
    [[maybe_unused]] const bool started = start_report(Listing::Summary, argument);  // the 4.0 macro drops its argument
    SIPDIAG_STAT_TAP_INIT_RETURN(started);
}

StatTapInitResult init_calls(const char* argument, void*) {
    [[maybe_unused]] const bool started = start_report(Listing::Calls, argument);  // the 4.0 macro drops its argument
    SIPDIAG_STAT_TAP_INIT_RETURN(started);
}

// --- Statistics tree (GUI menu, and tshark -z sipdiag,tree) -----------------
const char* kCodesNode = "Responses by status code";
const char* kAckNode = "INVITE final responses by ACK outcome";
const char* kErrorNode = "500 Server Internal Error by request method";
const char* kCallsNode = "Calls by outcome";
int codes_node = 0, ack_node = 0, error_node = 0, calls_node = 0;

void init_tree(stats_tree* st) {
    codes_node = stats_tree_create_node(st, kCodesNode, 0, STAT_DT_INT, TRUE);
    ack_node = stats_tree_create_node(st, kAckNode, 0, STAT_DT_INT, TRUE);
    error_node = stats_tree_create_node(st, kErrorNode, 0, STAT_DT_INT, TRUE);
    calls_node = stats_tree_create_node(st, kCallsNode, 0, STAT_DT_INT, TRUE);
}

tap_packet_status tree_packet(stats_tree* st, packet_info* pinfo, epan_dissect_t*, const void* data, tap_flags_t) {
    const auto* frame = static_cast<const FrameTap*>(data);
    const StatusCatalogue& catalogue = active_catalogue();
    for (std::size_t i = 0; i < frame->count; ++i) {
        const MessageNotes& notes = frame->notes[i];
        // A call's outcome, like an ACK's, is known on a later pass only.
        if (notes.role == MessageRole::Invite && notes.call != kNoCall && PINFO_FD_VISITED(pinfo)) {
            if (const CallRecord* call = frame->analysis->call(notes)) {
                tick_stat_node(st, kCallsNode, 0, TRUE);
                tick_stat_node(st, std::string(call_outcome_name(frame->analysis->call_outcome(*call))).c_str(),
                               calls_node, FALSE);
            }
        }
        if (notes.role != MessageRole::Response) continue;
        const Explanation e = catalogue.explain(notes.status);
        char label[128];
        std::snprintf(label, sizeof label, "%u %s", notes.status, e.info->phrase);
        tick_stat_node(st, kCodesNode, 0, TRUE);
        const int class_node = tick_stat_node(st, std::string(class_name(e.status_class)).c_str(), codes_node, TRUE);
        tick_stat_node(st, label, class_node, FALSE);
        if (notes.status == 500 && notes.retransmission_of == kNoFrame) {
            tick_stat_node(st, kErrorNode, 0, TRUE);
            const std::string& method = frame->analysis->method_name(notes.cseq_method);
            tick_stat_node(st, method.empty() ? "(no CSeq)" : method.c_str(), error_node, FALSE);
        }
        // ACK outcomes need the whole capture: only a later pass (the GUI's
        // statistics, tshark -2) knows them; tshark's one pass has -z sipdiag,summary.
        if (notes.invite_final && PINFO_FD_VISITED(pinfo)) {
            tick_stat_node(st, kAckNode, 0, TRUE);
            tick_stat_node(st, std::string(outcome_name(frame->analysis->ack_outcome(notes))).c_str(), ack_node, FALSE);
        }
    }
    return TAP_PACKET_REDRAW;
}

}  // namespace

void register_reports() {
    sipdiag_tap = register_tap("sipdiag");
    static stat_tap_ui summary = {SIPDIAG_STAT_GROUP_TELEPHONY, "SIP diagnostics summary", "sipdiag,summary",
                                  init_summary, 0, nullptr};
    register_stat_tap_ui(&summary, nullptr);
    static stat_tap_ui calls = {SIPDIAG_STAT_GROUP_TELEPHONY, "SIP diagnostics calls", "sipdiag,calls", init_calls, 0,
                                nullptr};
    register_stat_tap_ui(&calls, nullptr);
    SIPDIAG_REGISTER_STATS_TREE("sipdiag", "sipdiag", "SIP diagnostics", tree_packet, init_tree);
}

bool reports_listening() { return have_tap_listener(sipdiag_tap); }

void tap_frame(packet_info* pinfo, std::span<const MessageNotes> notes) {
    if (notes.empty() || !reports_listening()) return;
    // A copy: the span may view a scratch buffer that the next lookup reuses.
    auto* copy = static_cast<MessageNotes*>(wmem_memdup(pinfo->pool, notes.data(), notes.size_bytes()));
    auto* frame = wmem_new(pinfo->pool, FrameTap);
    *frame = FrameTap{current_analysis(), copy, notes.size()};
    tap_queue_packet(sipdiag_tap, pinfo, frame);
}

}  // namespace sipdiag::plugin
