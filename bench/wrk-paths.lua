-- wrk-paths.lua: wrk's requests for script/bench's sweep over many searches: each request
-- GETs the next path of a list, in turn, so the run's percentiles are over all of them (one
-- fragment that happens to be cheap cannot stand for the others). The end-of-run figures are
-- wrk-summary.lua's.
--
-- Environment: BENCH_SUMMARY_LUA (the path of wrk-summary.lua), BENCH_PATHS (the paths,
-- separated by spaces, already URL-encoded).

dofile(assert(os.getenv("BENCH_SUMMARY_LUA"), "BENCH_SUMMARY_LUA is not set"))

local paths = {}
for p in assert(os.getenv("BENCH_PATHS"), "BENCH_PATHS is not set"):gmatch("%S+") do
	paths[#paths + 1] = p
end
assert(#paths > 0, "BENCH_PATHS holds no path")

-- Each thread starts at the first path; with two threads the run is two interleaved walks
-- of the same list, so every path is still asked about as often as the others.
local next_path = 0

request = function()
	next_path = next_path % #paths + 1
	return wrk.format("GET", paths[next_path])
end
