-- a push pipeline: each stage is a wrapped coroutine that receives values
local results = {}
local function sink()
  return coroutine.wrap(function(v)
    while true do
      results[#results + 1] = v
      v = coroutine.yield()
    end
  end)
end
local function numberer(nextstage)
  return coroutine.wrap(function(v)
    local n = 0
    while true do
      n = n + 1
      nextstage(n .. ": " .. v)
      v = coroutine.yield()
    end
  end)
end
local function upper(nextstage)
  return coroutine.wrap(function(v)
    while true do
      nextstage(string.upper(v))
      v = coroutine.yield()
    end
  end)
end
local pipe = upper(numberer(sink()))
for _, w in ipairs({"one", "two", "three"}) do pipe(w) end
for _, r in ipairs(results) do print(r) end
