-- wrk-upload.lua: wrk's request for script/bench's upload run: every request POSTs one small
-- text file to a client's Files tab (multipart/form-data, as a browser sends the form) with
-- the session's CSRF token; the session cookie comes from wrk's -H. The end-of-run figures
-- are wrk-summary.lua's.
--
-- Environment: BENCH_SUMMARY_LUA (the path of wrk-summary.lua), BENCH_CSRF_TOKEN (the
-- session's token), BENCH_UPLOAD_BYTES (the file's size, default 4096).

dofile(assert(os.getenv("BENCH_SUMMARY_LUA"), "BENCH_SUMMARY_LUA is not set"))

local token = assert(os.getenv("BENCH_CSRF_TOKEN"), "BENCH_CSRF_TOKEN is not set")
local size = tonumber(os.getenv("BENCH_UPLOAD_BYTES") or "4096")
local boundary = "----CasebookBench7d1f0c2a"
local line = "Sleep diary: in bed at 23:00, awake at 07:00, rested 3 out of 5.\n"
local content = string.rep(line, math.ceil(size / #line)):sub(1, size)

wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.body = table.concat({
	"--" .. boundary,
	'Content-Disposition: form-data; name="csrf_token"',
	"",
	token,
	"--" .. boundary,
	'Content-Disposition: form-data; name="files"; filename="sleep-diary.txt"',
	"Content-Type: text/plain",
	"",
	content,
	"--" .. boundary .. "--",
	"",
}, "\r\n")
