-- wrk script for POST /v1/execute: every request carries a different ExecuteArgs body (a distinct
-- account, nonce 0, an EVM personal_sign proof made beforehand), read from the file named by the
-- BODIES environment variable, one JSON text a line. Thread i of THREADS takes lines i, i+n, …
-- and stops once every one of its bodies has been answered, so no proof is sent twice (the few
-- requests a connection still asks for after the last body are GET /healthz, counted apart);
-- when the last thread stops, wrk ends (see `finished`).
-- At the end one JSON line is printed: requests, seconds, rps, non-2xx answers, latency (ms).
-- With LATENCY_HISTOGRAM set, wrk's whole latency histogram is also written to that file, one
-- "microseconds count" line per distinct latency, so that the runs of several wrk processes can
-- be merged into one distribution (make bench-scale). "answers" is wrk's count of responses; the
-- histogram holds more entries than that when wrk's coordinated-omission correction added some.

local counter = 0
local threads = {}

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

local bodies = {}
local index = 0
executions = 0
extra = 0
local health_answer = '{"status":"ok"}'

function init(args)
   local count = tonumber(os.getenv("THREADS") or "1")
   local line_number = 0
   for line in io.lines(os.getenv("BODIES")) do
      if line_number % count == id then
         table.insert(bodies, line)
      end
      line_number = line_number + 1
   end
end

-- wrk calls thread 0's request() once before connecting, to inspect what it returns, and never
-- sends that request: it must not use up a body.
local inspected = false

function request()
   if id == 0 and not inspected then
      inspected = true
      return wrk.format("GET", "/healthz")
   end
   index = index + 1
   if index > #bodies then
      extra = extra + 1
      return wrk.format("GET", "/healthz")
   end
   return wrk.format("POST", "/v1/execute", { ["Content-Type"] = "application/json" }, bodies[index])
end

-- With LATENCY_HISTOGRAM set, a connection that finds no body left waits 100 ms before each
-- health check, so that the few it sends weigh little in the histogram (wrk records every answer).
if os.getenv("LATENCY_HISTOGRAM") then
   function delay()
      if index >= #bodies then return 100 end
      return 0
   end
end

-- Answers are counted apart from the health checks, which another connection of the thread may
-- see answered before the last execution's answer arrives.
function response(status, headers, body)
   if body == health_answer then return end
   executions = executions + 1
   if executions == #bodies then
      finished()
      wrk.thread:stop()
   end
end

-- wrk's main thread sleeps for the whole -d duration whatever its threads do; SIGINT wakes it,
-- and it then prints the summary, timed up to that moment. The last thread to finish sends it,
-- repeatedly from the background, because system() ignores SIGINT in wrk while os.execute waits.
function finished()
   local marks = os.getenv("BODIES") .. ".finished"
   local threads_total = tonumber(os.getenv("THREADS") or "1")
   os.execute(string.format(
      '(echo %d >> "%s"; [ "$(wc -l < "%s")" -ge %d ] || exit 0; ' ..
      'for i in $(seq 1000); do kill -INT $PPID 2>/dev/null || exit 0; sleep 0.001; done) &',
      id, marks, marks, threads_total))
end

function done(summary, latency, requests)
   local histogram = os.getenv("LATENCY_HISTOGRAM")
   if histogram then
      local file = io.open(histogram, "w")
      -- latency(i) is the i-th distinct recorded latency (µs) and how many requests took it.
      for i = 1, #latency do
         local microseconds, count = latency(i)
         file:write(string.format("%d %d\n", microseconds, count))
      end
      file:close()
   end
   local extras = 0
   local executed = 0
   for _, thread in ipairs(threads) do
      extras = extras + (thread:get("extra") or 0)
      executed = executed + (thread:get("executions") or 0)
   end
   local seconds = summary.duration / 1e6
   io.write(string.format(
      '{"requests":%d,"healthChecks":%d,"seconds":%.3f,"rps":%.1f,"non2xx":%d,"socketErrors":%d,"p50ms":%.3f,"p90ms":%.3f,"p99ms":%.3f,"maxms":%.3f,"answers":%d}\n',
      executed, extras, seconds, executed / seconds, summary.errors.status,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, summary.requests))
end
