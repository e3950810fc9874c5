-- wrk script for bench/js_routes.sh's route (c): every request is
-- POST /items with a urlencoded form body holding one field, title.
--   wrk -t1 -c64 -d10s --latency -s bench/js/post_item.lua http://127.0.0.1:PORT/items
-- The title needs URL decoding (+, %26, %3C, %3E) and, on the page, escaping.
wrk.method = "POST"
wrk.body = "title=Benchmark+item+%26+%3Cnew%3E"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
