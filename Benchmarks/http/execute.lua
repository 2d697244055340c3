-- wrk script for POST /v1/execute: every request carries a different ExecuteArgs body (a distinct
-- account, nonce 0, an EVM personal_sign proof made beforehand), read from the file named by the
-- BODIES environment variable, one JSON text a line. Thread i of THREADS takes lines i, i+n, …
-- and stops once every one of its bodies has been answered, so no proof is sent twice (the few
-- requests a connection still asks for after the last body are GET /healthz, counted apart).
-- At the end one JSON line is printed: requests, seconds, rps, non-2xx answers, latency (ms).

local counter = 0
local threads = {}

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

local bodies = {}
local index = 0
local answered = 0
extra = 0

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

function request()
   index = index + 1
   if index > #bodies then
      extra = extra + 1
      return wrk.format("GET", "/healthz")
   end
   return wrk.format("POST", "/v1/execute", { ["Content-Type"] = "application/json" }, bodies[index])
end

function response(status, headers, body)
   answered = answered + 1
   if answered >= #bodies then
      wrk.thread:stop()
   end
end

function done(summary, latency, requests)
   local extras = 0
   for _, thread in ipairs(threads) do
      extras = extras + (thread:get("extra") or 0)
   end
   local seconds = summary.duration / 1e6
   local executed = summary.requests - extras
   io.write(string.format(
      '{"requests":%d,"healthChecks":%d,"seconds":%.3f,"rps":%.1f,"non2xx":%d,"socketErrors":%d,"p50ms":%.3f,"p90ms":%.3f,"p99ms":%.3f,"maxms":%.3f}\n',
      executed, extras, seconds, executed / seconds, summary.errors.status,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
