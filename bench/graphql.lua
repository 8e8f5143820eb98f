-- wrk script: POST /graphql with bodies picked at random from a file of lines
-- "<bearer token or empty>\t<JSON body>"; counts answers that are not 200 or carry "errors".
-- wrk -s bench/graphql.lua URL -- FILE; done() prints one line: BENCH {json}.

local lines = {}
failed = 0  -- global: done() reads it from each thread
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local tab = line:find("\t", 1, true)
    local token, body = line:sub(1, tab - 1), line:sub(tab + 1)
    local headers = { ["Content-Type"] = "application/json" }
    if #token > 0 then headers["Authorization"] = "Bearer " .. token end
    table.insert(lines, wrk.format("POST", "/graphql", headers, body))
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function request()
  return lines[math.random(#lines)]
end

function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then failed = failed + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("failed") end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "failed": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, bad,
    e.connect + e.read + e.write + e.timeout))
end
