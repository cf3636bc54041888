-- wrk script for scripts/bench/checkout.sh: every request checks out its own cart (one
-- "<shop>/carts/<id>" per line of the carts file) under its own Idempotency-Key, as a new guest
-- with its own e-mail.
--   wrk ... -s checkout.lua URL -- CARTS_FILE THREADS FIRST_INDEX
-- Thread t takes the carts FIRST_INDEX + t - 1, then every THREADS-th one after it.

local threads = {}
local counter = 1

function setup(thread)
  thread:set("thread_number", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  carts = {}
  for line in io.lines(args[1]) do carts[#carts + 1] = line end
  step = tonumber(args[2])
  next_index = tonumber(args[3]) + thread_number - 1
  sent, answered, created, exhausted, last_index = 0, 0, 0, 0, 0
  statuses = ""
  counts = {}
  -- wrk calls request() once on the first thread before the run to check the request; that
  -- call must not use up a cart.
  verifying = thread_number == 1
end

function body(i)
  return string.format([[{"email":"shopper-%d@bench.test","first_name":"Bench","last_name":"Shopper %d","payment_method":"pay_at_pickup",]] ..
    [["billing_address":{"name":"Bench Shopper","line1":"1 rue du Marché","postal_code":"L-1111","city":"Luxembourg","country":"LU"}}]], i, i)
end

function request()
  if verifying then
    verifying = false
    return wrk.format("GET", "/oms/healthz")
  end
  local i = next_index
  sent = sent + 1
  if i > #carts then
    -- Out of carts: ask for something cheap so the run goes on; counted apart, never a 201.
    exhausted = exhausted + 1
    return wrk.format("GET", "/oms/healthz")
  end
  next_index = i + step
  last_index = i
  return wrk.format("POST", "/oms/api/v1/shops/" .. carts[i] .. "/checkout",
    { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "bench-" .. i }, body(i))
end

function response(status, headers, body)
  answered = answered + 1
  if status == 201 then
    created = created + 1
  else
    counts[status] = (counts[status] or 0) + 1
    local parts = {}
    for code, n in pairs(counts) do parts[#parts + 1] = code .. "=" .. n end
    statuses = table.concat(parts, ",")
  end
end

function done(summary, latency, requests)
  local s, a, c, e, last = 0, 0, 0, 0, 0
  local totals, others = {}, {}
  for _, thread in ipairs(threads) do
    s = s + thread:get("sent")
    a = a + thread:get("answered")
    c = c + thread:get("created")
    e = e + thread:get("exhausted")
    last = math.max(last, thread:get("last_index"))
    for code, n in string.gmatch(thread:get("statuses"), "(%d+)=(%d+)") do
      totals[code] = (totals[code] or 0) + tonumber(n)
    end
  end
  for code, n in pairs(totals) do others[#others + 1] = code .. "=" .. n end
  local seconds = summary.duration / 1e6
  io.write(string.format("checkout: sent=%d answered=%d created=%d unanswered=%d exhausted=%d last_index=%d other_statuses=%s\n",
    s, a, c, s - a, e, last, table.concat(others, ",")))
  io.write(string.format("checkout: %.1f checkouts/s (201 answers over %.2f s)\n", c / seconds, seconds))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("checkout: p%s %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
