-- wrk script: stop after a number of responses (the first script argument,
-- default 10000), for bench/startup_rss.sh. Usage:
--   wrk -t1 -c16 -d60s -s bench/http/stop_after.lua URL -- 10000
-- With one wrk thread. The thread stops at the limit and prints a line
-- "stop_after: limit reached"; wrk itself still waits out -d unless it gets
-- SIGINT, which makes it print its summary at once (the caller sends it).
local limit = 10000
local seen = 0

function init(args)
  if args[1] then limit = tonumber(args[1]) end
end

function response(status, headers, body)
  seen = seen + 1
  if seen >= limit then
    io.write("stop_after: limit reached\n")
    io.flush()
    wrk.thread:stop()
  end
end
