-- One request shape for every bench/run scenario, set from the environment (so no secret is on a command line):
--   WRK_METHOD (default GET), WRK_BODY (a JSON body), WRK_TOKEN (sent as X-Vault-Token when set),
--   WRK_MAX (each thread stops after that many responses; unset = run for the duration).
-- Every request carries X-Vault-Request: true. done() prints one machine-readable RESULT line for bench/run.
wrk.method = os.getenv("WRK_METHOD") or "GET"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["X-Vault-Request"] = "true"
if wrk.body then
  wrk.headers["Content-Type"] = "application/json"
end
local token = os.getenv("WRK_TOKEN")
if token and token ~= "" then
  wrk.headers["X-Vault-Token"] = token
end

local max = tonumber(os.getenv("WRK_MAX") or "")
if max then
  local seen = 0
  function response(status, headers, body)
    seen = seen + 1
    if seen >= max then
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
