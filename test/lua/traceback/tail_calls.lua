-- tail calls: the callee has no name and each lost caller is a "(tail call)" level
local function fail(msg) error(msg) end
local function step2(m) return fail(m) end
local function step1(m) return step2(m) end
local function run()
  step1("chained")
  return 1
end
run()
