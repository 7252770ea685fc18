local function get(x) return x end
print(get(nil) or get("b"), get(false) and get("x"))
local cfg = {}
local port = cfg.port or 8080
local host = cfg.host and cfg.host .. ":" or "localhost:"
print(host .. port)
cfg.debug = false
print(cfg.debug or "default", cfg.debug == nil)
local function both(a, b) return a and b, a or b end
print(both(1, 2))
print(both(nil, 2))
print(both(false, nil))
