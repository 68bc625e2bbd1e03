// The analysis of the capture file that is open now (null between files).
#pragma once

#include "sipdiag/capture_analysis.hpp"

namespace sipdiag::plugin {
const CaptureAnalysis* current_analysis();
}
