-- drill-wrk.lua: the load of script/drill. Each wrk thread cycles through the GET paths in
-- DRILL_PATHS (space separated) with the session cookie DRILL_COOKIE; when DRILL_POST_PATH is
-- set, every DRILL_POST_EVERY-th request instead POSTs DRILL_POST_BODY there, with "@N@" in
-- the body replaced by a number unique to that request (thread id * 1000000 + count). Every
-- answer's status is tallied; at the end one line sums the threads:
--   drill-tally requests=N 200=N 303=N ... socket_errors=N timeouts=N max_us=N

local threads = {}
local next_id = 1

function setup(thread)
	thread:set("id", next_id)
	next_id = next_id + 1
	table.insert(threads, thread)
end

local paths = {}
local cookie, post_path, post_body, post_every
local count = 0

function init(args)
	for p in string.gmatch(os.getenv("DRILL_PATHS") or "/healthz", "%S+") do
		table.insert(paths, p)
	end
	cookie = os.getenv("DRILL_COOKIE")
	post_path = os.getenv("DRILL_POST_PATH")
	post_body = os.getenv("DRILL_POST_BODY")
	post_every = tonumber(os.getenv("DRILL_POST_EVERY") or "4")
	statuses = {}
end

function request()
	count = count + 1
	local headers = {}
	if cookie and cookie ~= "" then
		headers["Cookie"] = "casebook_session=" .. cookie
	end
	if post_path and post_path ~= "" and count % post_every == 0 then
		headers["Content-Type"] = "application/x-www-form-urlencoded"
		local n = tostring(id * 1000000 + count)
		local body = string.gsub(post_body, "@N@", n)
		return wrk.format("POST", post_path, headers, body)
	end
	return wrk.format("GET", paths[(count % #paths) + 1], headers)
end

function response(status, headers, body)
	statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
	local total = {}
	for _, thread in ipairs(threads) do
		local tally = thread:get("statuses")
		for status, n in pairs(tally) do
			total[status] = (total[status] or 0) + n
		end
	end
	local codes = {}
	for status in pairs(total) do
		table.insert(codes, status)
	end
	table.sort(codes)
	local e = summary.errors
	io.write(string.format("drill-tally requests=%d", summary.requests))
	for _, status in ipairs(codes) do
		io.write(string.format(" %d=%d", status, total[status]))
	end
	io.write(string.format(" socket_errors=%d timeouts=%d max_us=%d\n",
		e.connect + e.read + e.write + e.timeout, e.timeout, latency.max))
end
