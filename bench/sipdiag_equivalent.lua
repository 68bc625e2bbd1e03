-- sipdiag_equivalent.lua: the core of sipdiag written as a Wireshark Lua
-- post-dissector, the way a competent Wireshark Lua user would write it. It
-- is the reference the benchmark (bench/run_bench.sh) compares the C++
-- plugin with; it is not shipped with sipdiag.
--
--   tshark -X lua_script:bench/sipdiag_equivalent.lua -r CAPTURE -2 -Y sipdiag_lua \
--          -T fields -e frame.number -e sipdiag_lua.status.code -e sipdiag_lua.ack.outcome
--
-- What it does, as sipdiag (see ../README.md), with the same field names
-- under "sipdiag_lua." instead of "sipdiag.":
--   * every SIP response: status code, class, registered phrase, meaning,
--     when, fix, defining RFC, registered flag, request method (from CSeq),
--     and an expert info whose severity follows the class (chat 1xx/2xx, note
--     3xx, warning 4xx, error 5xx/6xx/invalid); every 500 also gets the
--     sipdiag_lua.status.server_internal_error expert info;
--   * INVITE handshake: a 2xx is matched to its ACK by Call-ID + CSeq number +
--     From tag + To tag, a non-2xx final by Call-ID + CSeq + Via branch + To
--     tag; the same final response seen again is a retransmission; links both
--     ways (ack.frame / ack.response_frame), ACK delay, retransmissions before
--     the ACK;
--   * on later passes (pinfo.visited: Wireshark's GUI, tshark -2): the ACK
--     outcome of every INVITE final response: acknowledged, late, missing (no
--     ACK and the capture goes on >= 64*T1 = 32 s after it, or a later
--     message of the dialog -- BYE, re-INVITE... -- shows the call went on
--     without it) or unconfirmed.
--
-- The status explanations are read at start-up from ../data/status-codes.tsv
-- relative to this script (override: environment SIPDIAG_LUA_CATALOGUE).
--
-- Several SIP messages in one frame (TCP): the Field extractors return every
-- occurrence in the frame; each occurrence is given to the SIP message whose
-- "sip" protocol item starts last at or before it in the same data source
-- (the item's *start* is reliable, its length is not when the tree is not
-- visible, e.g. tshark -q). Pairing occurrence i of each field with message
-- i, as many scripts do, would go wrong as soon as one message lacks a header
-- (an INVITE has no To tag, a 100 Trying often neither).
--
-- Differences from sipdiag that a script writer would typically accept: no
-- preferences (T1 fixed at 500 ms), no end-of-run report or statistics tree,
-- no "unmatched ACK" expert info, and transaction state is kept for the whole
-- capture (sipdiag forgets idle transactions after two ACK windows).

local T1 = 0.5
local ACK_WINDOW = 64 * T1

local p = Proto("sipdiag_lua", "SIP diagnostics (Lua reference)")

-- ---------------------------------------------------------------- fields
local pf = {
    code        = ProtoField.uint32("sipdiag_lua.status.code", "Status code", base.DEC),
    class       = ProtoField.string("sipdiag_lua.status.class", "Class"),
    phrase      = ProtoField.string("sipdiag_lua.status.phrase", "Registered phrase"),
    meaning     = ProtoField.string("sipdiag_lua.status.meaning", "Meaning"),
    when        = ProtoField.string("sipdiag_lua.status.when", "When you see it"),
    fix         = ProtoField.string("sipdiag_lua.status.fix", "What to check"),
    rfc         = ProtoField.string("sipdiag_lua.status.rfc", "Defined in"),
    registered  = ProtoField.bool("sipdiag_lua.status.registered", "Registered"),
    method      = ProtoField.string("sipdiag_lua.request.method", "Request method"),
    req_frame   = ProtoField.framenum("sipdiag_lua.request.frame", "Request in frame", base.NONE, frametype.REQUEST),
    outcome     = ProtoField.string("sipdiag_lua.ack.outcome", "ACK outcome"),
    ack_frame   = ProtoField.framenum("sipdiag_lua.ack.frame", "ACK in frame", base.NONE, frametype.ACK),
    ack_delay   = ProtoField.relative_time("sipdiag_lua.ack.delay", "ACK delay"),
    ack_retx    = ProtoField.uint32("sipdiag_lua.ack.retransmissions", "Retransmissions before ACK", base.DEC),
    resp_frame  = ProtoField.framenum("sipdiag_lua.ack.response_frame", "Acknowledges response in frame",
                                      base.NONE, frametype.RESPONSE),
    ack_kind    = ProtoField.string("sipdiag_lua.ack.kind", "ACK kind"),
    retx_of     = ProtoField.framenum("sipdiag_lua.response.retransmission_of", "Retransmission of frame",
                                      base.NONE, frametype.DUP_ACK),
}
p.fields = pf

-- Expert severities are fixed at registration: one expert per severity,
-- all under one filter name, as sipdiag does.
local group, sev = expert.group, expert.severity
local ei_explained = {}
for _, s in ipairs({ "CHAT", "NOTE", "WARN", "ERROR" }) do
    ei_explained[s] = ProtoExpert.new("sipdiag_lua.status.explained", "Status code explained",
                                      group.RESPONSE_CODE, sev[s])
end
local ei = {
    e500        = ProtoExpert.new("sipdiag_lua.status.server_internal_error", "500 Server Internal Error",
                                  group.RESPONSE_CODE, sev.ERROR),
    missing     = ProtoExpert.new("sipdiag_lua.ack.missing", "INVITE final response never acknowledged",
                                  group.SEQUENCE, sev.WARN),
    unconfirmed = ProtoExpert.new("sipdiag_lua.ack.unconfirmed", "No ACK before the capture ends",
                                  group.SEQUENCE, sev.NOTE),
    late        = ProtoExpert.new("sipdiag_lua.ack.late", "ACK only after retransmissions", group.SEQUENCE, sev.NOTE),
    retx        = ProtoExpert.new("sipdiag_lua.response.retransmitted", "Final response retransmitted",
                                  group.SEQUENCE, sev.NOTE),
}
local experts = { ei.e500, ei.missing, ei.unconfirmed, ei.late, ei.retx }
for _, e in pairs(ei_explained) do experts[#experts + 1] = e end
p.experts = experts

-- SIP fields read from the SIP dissector's tree.
local f_sip         = Field.new("sip")
local f_status      = Field.new("sip.Status-Code")
local f_method      = Field.new("sip.Method")
local f_cseq_method = Field.new("sip.CSeq.method")
local f_cseq_seq    = Field.new("sip.CSeq.seq")
local f_call_id     = Field.new("sip.Call-ID")
local f_from_tag    = Field.new("sip.from.tag")
local f_to_tag      = Field.new("sip.to.tag")
local f_branch      = Field.new("sip.Via.branch")

-- ---------------------------------------------------------------- catalogue
local CLASS_NAMES = { "Provisional", "Success", "Redirection", "Client Error", "Server Error", "Global Failure" }
local CLASS_SEVERITY = { "CHAT", "CHAT", "NOTE", "WARN", "ERROR", "ERROR" }
-- An unknown code is explained by its class (RFC 3261 section 8.1.3.2).
local FALLBACK = {
    [0] = { phrase = "Invalid status code", rfc = "RFC 3261",
            meaning = "Not a SIP status code: valid codes are three digits from 100 to 699.",
            when = "A broken or hostile peer, a protocol other than SIP on a SIP port, or a corrupted packet.",
            fix = "Look at the sender's software and version; no compliant SIP element sends this. The "
                  .. "transaction it claims to answer cannot progress." },
    { phrase = "Unrecognised 1xx", rfc = "RFC 3261",
      meaning = "Unrecognised 1xx provisional response, treated as 183 Session Progress per RFC 3261 section 8.1.3.2.",
      when = "An extension or vendor-specific progress code from the next hop.",
      fix = "Nothing to fix by itself; the request is still pending. Check the vendor documentation of the sender." },
    { phrase = "Unrecognised 2xx", rfc = "RFC 3261",
      meaning = "Unrecognised 2xx success response, treated as 200 OK per RFC 3261 section 8.1.3.2.",
      when = "An extension or vendor-specific success code.",
      fix = "The request succeeded; for INVITE it still needs an ACK like any 2xx." },
    { phrase = "Unrecognised 3xx", rfc = "RFC 3261",
      meaning = "Unrecognised 3xx redirection, treated as 300 Multiple Choices per RFC 3261 section 8.1.3.2.",
      when = "A redirect server or proxy using a code outside the registry.",
      fix = "Read the Contact header for the targets it proposes." },
    { phrase = "Unrecognised 4xx", rfc = "RFC 3261",
      meaning = "Unrecognised 4xx client error, treated as 400 Bad Request per RFC 3261 section 8.1.3.2.",
      when = "A vendor-specific rejection; the reason phrase and Warning header usually say more.",
      fix = "Read the reason phrase and any Warning header, then the vendor documentation of the sender." },
    { phrase = "Unrecognised 5xx", rfc = "RFC 3261",
      meaning = "Unrecognised 5xx server error, treated as 500 Server Internal Error per RFC 3261 section 8.1.3.2.",
      when = "A vendor-specific failure of the server or of a gateway behind it.",
      fix = "Check the sender's logs around this time; honour any Retry-After." },
    { phrase = "Unrecognised 6xx", rfc = "RFC 3261",
      meaning = "Unrecognised 6xx global failure, treated as 600 Busy Everywhere per RFC 3261 section 8.1.3.2.",
      when = "A vendor-specific final refusal that stops forking.",
      fix = "The callee side refuses everywhere; read the reason phrase and Warning header." },
}

local function catalogue_path()
    local env = os.getenv("SIPDIAG_LUA_CATALOGUE")
    if env and env ~= "" then return env end
    local source = debug.getinfo(1, "S").source
    local dir = source:match("^@(.*)[/\\][^/\\]*$") or "."
    return dir .. "/../data/status-codes.tsv"
end

local catalogue = {}  -- code -> { phrase, rfc, meaning, when, fix }
do
    local path = catalogue_path()
    local file = io.open(path, "r")
    if not file then
        error("sipdiag_lua: cannot open the status catalogue " .. path)
    end
    for line in file:lines() do
        if line:sub(1, 1) ~= "#" then
            local code, phrase, rfc, meaning, when, fix =
                line:match("^(%d+)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t\r]*)")
            if code then
                catalogue[tonumber(code)] = { phrase = phrase, rfc = rfc, meaning = meaning, when = when, fix = fix }
            end
        end
    end
    file:close()
end

-- ---------------------------------------------------------------- state
-- Per frame: the notes of its responses and ACKs (what we display), and the
-- open transactions (what the matching needs). Reset when a file is opened.
local notes_by_frame, invites, finals, unacked_2xx, capture_end

local function reset()
    notes_by_frame = {}  -- frame number -> { note, ... }
    invites = {}         -- Call-ID .. CSeq -> INVITE frame number
    finals = {}          -- 2xx: S|Call-ID|CSeq|From tag|To tag; non-2xx: N|Call-ID|CSeq|branch|To tag -> note
    unacked_2xx = {}     -- Call-ID -> { note, ... } 2xx without ACK (for "the dialog went on")
    capture_end = nil
end
reset()
p.init = reset

local SEP = "\31"

-- ---------------------------------------------------------------- reading
-- The SIP messages of this frame as tables of header values. The first
-- occurrence of a field inside a message is its value (the topmost Via).
local function read_messages()
    local sips = { f_sip() }
    local n = #sips
    if n == 0 then return nil end
    local msgs = {}
    for i = 1, n do msgs[i] = {} end

    local function assign(field, key)
        local occurrences = { field() }
        if n == 1 then
            if occurrences[1] then msgs[1][key] = occurrences[1].value end
            return
        end
        for _, fi in ipairs(occurrences) do
            local src, off = fi.source, fi.offset
            local owner
            for i = 1, n do
                local s = sips[i]
                if s.source == src and s.offset <= off then owner = i end
            end
            if owner and msgs[owner][key] == nil then msgs[owner][key] = fi.value end
        end
    end
    assign(f_status, "status")
    assign(f_method, "method")
    assign(f_cseq_method, "cseq_method")
    assign(f_cseq_seq, "cseq")
    assign(f_call_id, "call_id")
    assign(f_from_tag, "from_tag")
    assign(f_to_tag, "to_tag")
    assign(f_branch, "branch")
    return msgs
end

-- ---------------------------------------------------------------- matching
local function add_note(frame, note)
    local list = notes_by_frame[frame]
    if not list then
        list = {}
        notes_by_frame[frame] = list
    end
    list[#list + 1] = note
end

-- A BYE, re-INVITE, UPDATE... of the dialog of an unacknowledged 2xx (or a
-- response to one) shows the call went on without that ACK.
local function dialog_activity(m)
    local pending = unacked_2xx[m.call_id]
    if not pending then return end
    local cm = m.cseq_method
    if cm == "ACK" or cm == "CANCEL" or cm == "PRACK" then return end
    for i = #pending, 1, -1 do
        local r = pending[i]
        local same_transaction = cm == "INVITE" and m.cseq == r.cseq
        local same_dialog = (m.from_tag == r.from_tag and m.to_tag == r.to_tag)
            or (m.from_tag == r.to_tag and m.to_tag == r.from_tag)
        if same_dialog and not same_transaction then
            r.moved_on = true
            table.remove(pending, i)
        end
    end
    if #pending == 0 then unacked_2xx[m.call_id] = nil end
end

local function observe_response(frame, time, m)
    local note = { ack = false, status = m.status, method = m.cseq_method, time = time }
    add_note(frame, note)
    local status = m.status
    if m.cseq_method ~= "INVITE" or status < 200 or status > 699 or not m.call_id or not m.cseq then return end
    local success = status < 300
    local key
    if success then
        key = table.concat({ "S", m.call_id, m.cseq, m.from_tag or "", m.to_tag or "" }, SEP)
    else
        key = table.concat({ "N", m.call_id, m.cseq, m.branch or "", m.to_tag or "" }, SEP)
    end
    local first = finals[key]
    if first then  -- same transaction, same To tag: a retransmission
        note.retransmission_of = first.frame
        if not first.ack_frame then first.retransmissions = first.retransmissions + 1 end
        return
    end
    note.frame = frame
    note.invite_final = true
    note.retransmissions = 0
    note.end_to_end = success
    note.call_id, note.cseq = m.call_id, m.cseq
    note.request_frame = invites[m.call_id .. SEP .. m.cseq]
    finals[key] = note
    if success then
        note.from_tag, note.to_tag = m.from_tag, m.to_tag
        local pending = unacked_2xx[m.call_id]
        if not pending then
            pending = {}
            unacked_2xx[m.call_id] = pending
        end
        pending[#pending + 1] = note
    end
end

local function observe_ack(frame, time, m)
    if not m.call_id or not m.cseq then return end
    local response = finals[table.concat({ "N", m.call_id, m.cseq, m.branch or "", m.to_tag or "" }, SEP)]
    if not response then
        response = finals[table.concat({ "S", m.call_id, m.cseq, m.from_tag or "", m.to_tag or "" }, SEP)]
    end
    if not response then return end
    local note = { ack = true, response_frame = response.frame, delay = time - response.time,
                   end_to_end = response.end_to_end, retransmissions = response.retransmissions }
    add_note(frame, note)
    if response.ack_frame then return end  -- a repeated ACK
    response.ack_frame = frame
    response.ack_delay = note.delay
    if response.end_to_end then
        local pending = unacked_2xx[m.call_id]
        if pending then
            for i = #pending, 1, -1 do
                if pending[i] == response then table.remove(pending, i) end
            end
            if #pending == 0 then unacked_2xx[m.call_id] = nil end
        end
    end
end

local function observe(frame, time, m)
    if m.status then
        dialog_activity(m)
        observe_response(frame, time, m)
    elseif m.method then
        if m.method == "INVITE" and m.call_id and m.cseq then
            local key = m.call_id .. SEP .. m.cseq
            if not invites[key] then invites[key] = frame end
        end
        dialog_activity(m)
        if m.method == "ACK" then observe_ack(frame, time, m) end
    end
end

-- ---------------------------------------------------------------- display
local function nstime(seconds)
    local us = math.floor(seconds * 1e6 + 0.5)
    return NSTime.new(math.floor(us / 1e6), (us % 1000000) * 1000)
end

local function outcome_of(note)
    if note.ack_frame then return note.retransmissions > 0 and "late" or "acknowledged" end
    if note.moved_on or capture_end - note.time >= ACK_WINDOW then return "missing" end
    return "unconfirmed"
end

local function show_response(note, tree, later_pass)
    local status = note.status
    local cls = (status >= 100 and status <= 699) and math.floor(status / 100) or 0
    local info = catalogue[status]
    local registered = info ~= nil
    info = info or FALLBACK[cls]

    local root = tree:add(p, string.format("SIP diagnostics (Lua): %d %s", status, info.phrase))
    local code_item = root:add(pf.code, status):set_generated()
    root:add(pf.class, CLASS_NAMES[cls] or "Invalid"):set_generated()
    root:add(pf.phrase, info.phrase):set_generated()
    root:add(pf.meaning, info.meaning):set_generated()
    root:add(pf.when, info.when):set_generated()
    root:add(pf.fix, info.fix):set_generated()
    root:add(pf.rfc, info.rfc):set_generated()
    root:add(pf.registered, registered):set_generated()
    if note.method then root:add(pf.method, note.method):set_generated() end
    code_item:add_proto_expert_info(ei_explained[CLASS_SEVERITY[cls] or "ERROR"],
                                    string.format("%d %s: %s", status, info.phrase, info.meaning))
    if status == 500 then
        code_item:add_proto_expert_info(ei.e500, string.format(
            "500 answering %s: a fault inside the answering server (crash, database, back end). Read that "
            .. "server's logs at this time first; a Retry-After says when to try again.", note.method or "a request"))
    end
    if note.request_frame then root:add(pf.req_frame, note.request_frame):set_generated() end
    if note.retransmission_of then
        root:add(pf.retx_of, note.retransmission_of):set_generated()
            :add_proto_expert_info(ei.retx, string.format("Retransmission of the %d response in frame %d",
                                                          status, note.retransmission_of))
    end
    if not note.invite_final or not later_pass then return end

    local outcome = outcome_of(note)
    local outcome_item = root:add(pf.outcome, outcome):set_generated()
    if note.ack_frame then
        root:add(pf.ack_frame, note.ack_frame):set_generated()
        root:add(pf.ack_delay, nstime(note.ack_delay)):set_generated()
    end
    root:add(pf.ack_retx, note.retransmissions):set_generated()
    if outcome == "late" then
        outcome_item:add_proto_expert_info(ei.late, string.format(
            "ACK for this %d came only after %d retransmission(s) of it (frame %d)",
            status, note.retransmissions, note.ack_frame))
    elseif outcome == "missing" then
        outcome_item:add_proto_expert_info(ei.missing, string.format(
            "No ACK for %d (Call-ID %s, CSeq %d)", status, note.call_id, note.cseq))
    elseif outcome == "unconfirmed" then
        outcome_item:add_proto_expert_info(ei.unconfirmed, string.format(
            "No ACK for this %d in the capture, but it ends less than 64*T1 after it", status))
    end
end

local function show_ack(note, tree)
    local root = tree:add(p, string.format("SIP diagnostics (Lua): ACK of the response in frame %d",
                                           note.response_frame))
    root:add(pf.resp_frame, note.response_frame):set_generated()
    root:add(pf.ack_kind, note.end_to_end and "2xx end-to-end" or "non-2xx hop-by-hop"):set_generated()
    root:add(pf.ack_delay, nstime(note.delay)):set_generated()
    if note.retransmissions > 0 then
        root:add_proto_expert_info(ei.late, string.format(
            "Late ACK: the response in frame %d was retransmitted %d time(s) before it",
            note.response_frame, note.retransmissions))
    end
end

-- ---------------------------------------------------------------- dissector
function p.dissector(tvb, pinfo, tree)
    local frame = pinfo.number
    if not pinfo.visited then
        local time = pinfo.abs_ts
        if not capture_end or time > capture_end then capture_end = time end
        local msgs = read_messages()
        if msgs then
            for _, m in ipairs(msgs) do observe(frame, time, m) end
        end
    end
    local notes = notes_by_frame[frame]
    if not notes then return end
    for _, note in ipairs(notes) do
        if note.ack then
            show_ack(note, tree)
        else
            show_response(note, tree, pinfo.visited)
        end
    end
end

register_postdissector(p)
