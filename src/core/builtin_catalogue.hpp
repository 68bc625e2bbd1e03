// Rows compiled from data/status-codes.tsv by sipdiag-catalogue-gen.
#pragma once

#include <span>

#include "sipdiag/status_catalogue.hpp"

namespace sipdiag::generated {
std::span<const StatusInfo> builtin_status_rows() noexcept;
}
