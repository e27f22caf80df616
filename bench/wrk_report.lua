-- wrk script for bench/wrk.py: cycles through the paths listed (one a line) in the file named
-- by the first script argument, and prints one machine-readable RESULT line (latency in ms).
local paths, counter = {}, 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f bytes=%d p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f mean_ms=%.3f "
      .. "status_errors=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
