#include "settings.hpp"

#include "ws_compat.hpp"

#include <memory>
#include <string>
#include <vector>

#include <epan/prefs.h>
#include <epan/uat.h>
#include <wsutil/report_message.h>
#include <wsutil/strtoi.h>


namespace sipdiag::plugin {
namespace {

// Preference storage: Wireshark writes these directly.
guint pref_t1_ms = 500;
PrefBool pref_explain_success = true;
PrefBool pref_long_explanations = true;

// One row of the user's explanation table. C layout and GLib strings: the
// UAT machinery allocates, copies and frees these.
struct UserExplanation {
    guint code;
    char* meaning;
    char* when;
    char* fix;
};

UserExplanation* user_rows = nullptr;
guint user_row_count = 0;

// The built-in catalogue with the usable rows on top, rebuilt whenever the
// table changes. It keeps its own copies of the texts: Wireshark's table
// editor frees and replaces rows while one is being edited.
std::unique_ptr<LayeredCatalogue> layered_catalogue;

UAT_DEC_CB_DEF(user_explanation, code, UserExplanation)
UAT_CSTRING_CB_DEF(user_explanation, meaning, UserExplanation)
UAT_CSTRING_CB_DEF(user_explanation, when, UserExplanation)
UAT_CSTRING_CB_DEF(user_explanation, fix, UserExplanation)

void* copy_row(void* destination, const void* source, size_t) {
    auto* to = static_cast<UserExplanation*>(destination);
    const auto* from = static_cast<const UserExplanation*>(source);
    to->code = from->code;
    to->meaning = g_strdup(from->meaning);
    to->when = g_strdup(from->when);
    to->fix = g_strdup(from->fix);
    return to;
}

void free_row(void* record) {
    auto* row = static_cast<UserExplanation*>(record);
    g_free(row->meaning);
    g_free(row->when);
    g_free(row->fix);
}

bool blank(const char* text) {
    if (text == nullptr) return true;
    for (; *text; ++text)
        if (!g_ascii_isspace(*text)) return false;
    return true;
}

// Why a row cannot be used, or an empty string. Bad rows are not rejected at
// load time, because Wireshark then drops the whole table: they stay in the
// table for the user to fix, are skipped, and each is reported once.
std::string row_problem(const UserExplanation& row) {
    if (row.code < StatusCatalogue::kFirstCode || row.code > StatusCatalogue::kLastCode)
        return "a SIP status code is 100 to 699";
    if (blank(row.meaning) || blank(row.when) || blank(row.fix)) return "meaning, when and fix must all be filled in";
    return {};
}

void rebuild_catalogue() {
    std::vector<LocalExplanation> rows;
    for (guint i = 0; i < user_row_count; ++i) {
        const UserExplanation& row = user_rows[i];
        if (const std::string problem = row_problem(row); !problem.empty()) {
            report_warning("sipdiag status explanations: row %u (code %u) ignored: %s", i + 1, row.code,
                           problem.c_str());
            continue;
        }
        rows.push_back(LocalExplanation{row.code, row.meaning, row.when, row.fix});
    }
    layered_catalogue = rows.empty() ? nullptr : std::make_unique<LayeredCatalogue>(std::move(rows));
}

void reset_catalogue() { layered_catalogue.reset(); }

Options current_options;
void (*notify_change)() = nullptr;

void apply_preferences() {
    current_options.t1_ms = pref_t1_ms == 0 ? 500 : pref_t1_ms;
    current_options.explain_success = pref_explain_success;
    current_options.long_explanations = pref_long_explanations;
    if (notify_change) notify_change();
}

}  // namespace

void register_settings(int proto, void (*on_change)()) {
    notify_change = on_change;
    module_t* module = prefs_register_protocol(proto, apply_preferences);
    prefs_register_uint_preference(module, "t1_ms", "Timer T1 (ms)",
                                   "RFC 3261 Timer T1 of the network; an INVITE final response gets 64*T1 "
                                   "(32 s at 500 ms) for its ACK before it counts as missing",
                                   10, &pref_t1_ms);
    // Severities are set in Wireshark's own Expert Info Severity table now.
    prefs_register_obsolete_preference(module, "ack_missing_severity");
    prefs_register_obsolete_preference(module, "server_error_severity");
    prefs_register_bool_preference(module, "explain_success", "Expert info for 1xx and 2xx",
                                   "Add the sipdiag.status.explained.1xx and .2xx expert infos to provisional and success responses too "
                                   "(turn off to keep the expert dialog to problems)",
                                   &pref_explain_success);
    prefs_register_bool_preference(module, "long_explanations", "Add the long explanation fields",
                                   "Add meaning, when, fix and RFC to each response (turn off for lighter trees)",
                                   &pref_long_explanations);

    static uat_field_t fields[] = {
        UAT_FLD_DEC(user_explanation, code, "Code", "SIP status code, 100 to 699"),
        UAT_FLD_CSTRING(user_explanation, meaning, "Meaning", "What the code means"),
        UAT_FLD_CSTRING(user_explanation, when, "When you see it", "Where it typically comes from"),
        UAT_FLD_CSTRING(user_explanation, fix, "What to check", "What to check or do first"),
        UAT_END_FIELDS,
    };
    uat_t* table = uat_new("sipdiag status explanations", sizeof(UserExplanation), "sipdiag_status_explanations",
                           TRUE, &user_rows, &user_row_count, UAT_AFFECTS_DISSECTION, nullptr, copy_row, nullptr,
                           free_row, rebuild_catalogue, reset_catalogue, fields);
    prefs_register_uat_preference(module, "status_explanations", "Status code explanations",
                                  "Your own explanations: they replace the built-in text of a code, or explain a "
                                  "private code",
                                  table);
}

const Options& options() { return current_options; }

AnalysisSettings analysis_settings() { return AnalysisSettings{current_options.t1_ms}; }

const StatusCatalogue& active_catalogue() {
    return layered_catalogue ? layered_catalogue->catalogue() : StatusCatalogue::builtin();
}

}  // namespace sipdiag::plugin
