-- wrk script for scripts/bench/orders.sh: cycles through a file of order-list paths (one per
-- line), each thread from its own starting point, with the vendor's API token.
--   wrk ... -s orders.lua URL -- PATHS_FILE TOKEN

local threads = {}
local counter = 1

function setup(thread)
  thread:set("thread_number", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  auth = "Bearer " .. args[2]
  index = (thread_number * 7919) % #paths
  ok, failed = 0, 0
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index], { ["Authorization"] = auth })
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else failed = failed + 1 end
end

function done(summary, latency, requests)
  local o, f = 0, 0
  for _, thread in ipairs(threads) do
    o = o + thread:get("ok")
    f = f + thread:get("failed")
  end
  io.write(string.format("orders: %.1f req/s, 200=%d other=%d, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    o / (summary.duration / 1e6), o, f, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
