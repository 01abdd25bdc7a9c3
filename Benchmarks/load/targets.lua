-- wrk script: sends the requests listed in a targets file, one a line, tab-separated:
--   METHOD  PATH  TOKEN-or-"-"  BODY-or-"-"
-- Arguments after "--": FILE THREADS MODE, where MODE is
--   cycle  repeat the list, read no responses (cheapest, for the fastest routes)
--   count  repeat the list, count statuses
--   once   send each line once, count statuses, stop a thread when its share is answered
-- Lines are shared out among threads (line i to thread i % THREADS), pre-formatted in init()
-- as wrk's documentation advises. done() prints one JSON object for Benchmarks/bench.py.

local counter = 0
local threads = {}

-- wrk's own duration is always the one asked for (its main thread sleeps that long), so a thread
-- in "once" mode notes when it sent its first request and got its last answer.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
]]
local clock = ffi.new("bench_timespec")
local function now_us()
   ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
   return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

function setup(thread)
   thread:set("id", counter)
   table.insert(threads, thread)
   counter = counter + 1
end

function init(args)
   local file, nthreads, mode = args[1], tonumber(args[2]), args[3]
   once = mode == "once"
   requests_ = {}
   local i = 0
   for line in io.lines(file) do
      if i % nthreads == id then
         local method, path, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
         local headers = { ["Accept-Language"] = "vi", ["X-Client"] = "web" }
         if token ~= "-" then headers["Authorization"] = "Bearer " .. token end
         if body == "-" then body = nil else headers["Content-Type"] = "application/json" end
         table.insert(requests_, wrk.format(method, path, headers, body))
      end
      i = i + 1
   end
   index = 0
   ok, failed, retry_after, sent, answered = 0, 0, 0, 0, 0
   statuses = {}
   idle_request = wrk.format("GET", "/health/live")
   probe_pending = id == 0
   if mode == "cycle" then response = nil end
end

-- In "once" mode a thread that has sent its share keeps its connections busy with slow health
-- checks until every answer is in (wrk cannot idle a connection), then stops; those checks are
-- told apart by their body and never counted.
function delay()
   if once and index >= #requests_ then return 20 end
   return 0
end

function request()
   if probe_pending then
      -- wrk calls request() once on its first thread to inspect the request, and never sends it.
      probe_pending = false
      return requests_[1] or idle_request
   end
   index = index + 1
   if index > #requests_ then
      if once then
         if answered >= #requests_ then wrk.thread:stop() end
         return idle_request
      end
      index = 1
   end
   if sent == 0 then first_us = now_us() end
   sent = sent + 1
   return requests_[index]
end

function response(status, headers, body)
   if once and status == 200 and body:sub(1, 10) == '{"status":' then return end
   answered = answered + 1
   last_us = now_us()
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
   if status < 400 then ok = ok + 1 else failed = failed + 1 end
   if headers["Retry-After"] or headers["retry-after"] then retry_after = retry_after + 1 end
end

function done(summary, latency, requests)
   local ok_total, failed_total, retry_total, sent_total, status_parts, merged = 0, 0, 0, 0, {}, {}
   local first, last = nil, nil
   for _, thread in ipairs(threads) do
      local f, l = thread:get("first_us"), thread:get("last_us")
      if f and (not first or f < first) then first = f end
      if l and (not last or l > last) then last = l end
      ok_total = ok_total + (thread:get("ok") or 0)
      failed_total = failed_total + (thread:get("failed") or 0)
      retry_total = retry_total + (thread:get("retry_after") or 0)
      sent_total = sent_total + (thread:get("sent") or 0)
      for status, n in pairs(thread:get("statuses") or {}) do merged[status] = (merged[status] or 0) + n end
   end
   for status, n in pairs(merged) do table.insert(status_parts, string.format('"%s": %d', status, n)) end
   local e = summary.errors
   io.write(string.format(
      '{"requests": %d, "duration_us": %d, "ok": %d, "failed": %d, "retry_after": %d, "sent": %d, ' ..
      '"active_us": %d, "statuses": {%s}, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
      '"latency_ms": {"mean": %.3f, "p50": %.3f, "p99": %.3f, "p999": %.3f, "max": %.3f}}\n',
      summary.requests, summary.duration, ok_total, failed_total, retry_total, sent_total,
      (first and last) and (last - first) or summary.duration,
      table.concat(status_parts, ", "), e.connect, e.read, e.write, e.status, e.timeout,
      latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000, latency.max / 1000))
end
