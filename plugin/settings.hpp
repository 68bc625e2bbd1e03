// sipdiag's preferences (Wireshark `prefs` module "sipdiag") and the
// user-editable explanation table (UAT), translated for the core.
#pragma once

#include <epan/expert.h>

#include "sipdiag/capture_analysis.hpp"
#include "sipdiag/status_catalogue.hpp"

namespace sipdiag::plugin {

struct Options {
    unsigned t1_ms = 500;
    bool explain_success = true;    // expert info on 1xx/2xx too
    bool long_explanations = true;  // meaning/when/fix/rfc fields
};

// Registers the preferences and the UAT under `proto`; `on_change` runs when
// the user changes a preference.
void register_settings(int proto, void (*on_change)());
const Options& options();
AnalysisSettings analysis_settings();
// The built-in catalogue with the user's rows layered on top.
const StatusCatalogue& active_catalogue();

}  // namespace sipdiag::plugin
