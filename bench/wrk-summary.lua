-- wrk-summary.lua: wrk's end-of-run hook for script/bench: the figures of one run on a single
-- line that the script reads (latencies in microseconds; wrk counts a status of 400 or more
-- as a status error, and connect, read, write and timeout failures as socket errors).

done = function(summary, latency, requests)
	local errors = summary.errors
	io.write(string.format(
		"bench-summary requests=%d duration_us=%d p50_us=%.0f p95_us=%.0f p99_us=%.0f " ..
		"status_errors=%d socket_errors=%d timeouts=%d\n",
		summary.requests, summary.duration,
		latency:percentile(50), latency:percentile(95), latency:percentile(99),
		errors.status, errors.connect + errors.read + errors.write + errors.timeout,
		errors.timeout))
end
