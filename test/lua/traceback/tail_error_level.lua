-- error level 2 from a tail-called function is the lost tail call: no position
local function check(v) if not v then error("check failed", 2) end end
local function guard(v) return check(v) end
local function run() guard(false) end
run()
