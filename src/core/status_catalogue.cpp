#include "sipdiag/status_catalogue.hpp"

#include "builtin_catalogue.hpp"

namespace sipdiag {

StatusClass class_of(std::uint32_t code) noexcept {
    if (code < 100 || code > 699) return StatusClass::Invalid;
    return static_cast<StatusClass>(code / 100);
}

std::string_view class_name(StatusClass cls) noexcept {
    switch (cls) {
        case StatusClass::Provisional: return "Provisional";
        case StatusClass::Success: return "Success";
        case StatusClass::Redirection: return "Redirection";
        case StatusClass::ClientError: return "Client Error";
        case StatusClass::ServerError: return "Server Error";
        case StatusClass::GlobalFailure: return "Global Failure";
        case StatusClass::Invalid: break;
    }
    return "Invalid";
}

const StatusInfo& fallback_info(StatusClass cls) noexcept {
    // RFC 3261 section 8.1.3.2: an unknown final code is handled like the x00
    // code of its class, and an unknown 1xx like 183 without a body -- hence
    // the class-level wording below.
    static const StatusInfo kFallbacks[] = {
        {0, "Invalid status code", "RFC 3261",
         "Not a SIP status code: valid codes are three digits from 100 to 699.",
         "A broken or hostile peer, a protocol other than SIP on a SIP port, or a corrupted packet.",
         "Look at the sender's software and version; no compliant SIP element sends this. The transaction it "
         "claims to answer cannot progress."},
        {100, "Unrecognised 1xx", "RFC 3261",
         "Unrecognised 1xx provisional response, treated as 183 Session Progress per RFC 3261 section 8.1.3.2.",
         "An extension or vendor-specific progress code from the next hop.",
         "Nothing to fix by itself; the request is still pending. Check the vendor documentation of the sender."},
        {200, "Unrecognised 2xx", "RFC 3261",
         "Unrecognised 2xx success response, treated as 200 OK per RFC 3261 section 8.1.3.2.",
         "An extension or vendor-specific success code.",
         "The request succeeded; for INVITE it still needs an ACK like any 2xx."},
        {300, "Unrecognised 3xx", "RFC 3261",
         "Unrecognised 3xx redirection, treated as 300 Multiple Choices per RFC 3261 section 8.1.3.2.",
         "A redirect server or proxy using a code outside the registry.",
         "Read the Contact header for the targets it proposes."},
        {400, "Unrecognised 4xx", "RFC 3261",
         "Unrecognised 4xx client error, treated as 400 Bad Request per RFC 3261 section 8.1.3.2.",
         "A vendor-specific rejection; the reason phrase and Warning header usually say more.",
         "Read the reason phrase and any Warning header, then the vendor documentation of the sender."},
        {500, "Unrecognised 5xx", "RFC 3261",
         "Unrecognised 5xx server error, treated as 500 Server Internal Error per RFC 3261 section 8.1.3.2.",
         "A vendor-specific failure of the server or of a gateway behind it.",
         "Check the sender's logs around this time; honour any Retry-After."},
        {600, "Unrecognised 6xx", "RFC 3261",
         "Unrecognised 6xx global failure, treated as 600 Busy Everywhere per RFC 3261 section 8.1.3.2.",
         "A vendor-specific final refusal that stops forking.",
         "The callee side refuses everywhere; read the reason phrase and Warning header."},
    };
    return kFallbacks[static_cast<std::size_t>(cls)];
}

StatusCatalogue::StatusCatalogue(std::span<const StatusInfo> registered, std::span<const StatusInfo> local) noexcept {
    index(registered, true);
    index(local, false);
}

void StatusCatalogue::index(std::span<const StatusInfo> rows, bool registered) noexcept {
    for (const auto& row : rows) {
        if (row.code < kFirstCode || row.code > kLastCode) continue;
        const std::size_t slot = row.code - kFirstCode;
        if (by_code_[slot] == nullptr) ++count_;
        by_code_[slot] = &row;
        registered_[slot] = registered_[slot] || registered;
    }
}

std::span<const StatusInfo> StatusCatalogue::builtin_rows() noexcept { return generated::builtin_status_rows(); }

const StatusCatalogue& StatusCatalogue::builtin() noexcept {
    static const StatusCatalogue catalogue{generated::builtin_status_rows()};
    return catalogue;
}

Explanation StatusCatalogue::explain(std::uint32_t code) const noexcept {
    const StatusClass cls = class_of(code);
    if (cls != StatusClass::Invalid) {
        const std::size_t slot = code - kFirstCode;
        if (const StatusInfo* info = by_code_[slot]) return {code, cls, registered_[slot], info};
    }
    return {code, cls, false, &fallback_info(cls)};
}

}  // namespace sipdiag

namespace sipdiag {

std::vector<StatusInfo> LayeredCatalogue::info_rows(const std::vector<LocalExplanation>& rows) {
    const StatusCatalogue& builtin = StatusCatalogue::builtin();
    std::vector<StatusInfo> infos;
    for (const LocalExplanation& row : rows) {
        if (row.code < StatusCatalogue::kFirstCode || row.code > StatusCatalogue::kLastCode) continue;
        const Explanation known = builtin.explain(row.code);
        infos.push_back(StatusInfo{static_cast<std::uint16_t>(row.code),
                                   known.registered ? known.info->phrase : "Locally defined code",
                                   known.registered ? known.info->rfc : "local explanation table",
                                   row.meaning.c_str(), row.when.c_str(), row.fix.c_str()});
    }
    return infos;
}

LayeredCatalogue::LayeredCatalogue(std::vector<LocalExplanation> rows)
    : texts_(std::move(rows)), rows_(info_rows(texts_)), catalogue_(StatusCatalogue::builtin_rows(), rows_) {}

}  // namespace sipdiag
