-- wrk script of bench/soak.sh: each connection cycles through a static
-- template, a static file, the JSX page, one item as JSON and a form POST.
local requests = {}

function init(args)
  requests[1] = wrk.format("GET", "/")
  requests[2] = wrk.format("GET", "/page.html")
  requests[3] = wrk.format("GET", "/items")
  requests[4] = wrk.format("GET", "/items/7")
  requests[5] = wrk.format("POST", "/items", { ["Content-Type"] = "application/x-www-form-urlencoded" },
                           "title=Soak+item+%26+%3Cnew%3E")
end

local n = 0
function request()
  n = n % #requests + 1
  return requests[n]
end
