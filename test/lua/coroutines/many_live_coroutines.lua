-- 10,000 live coroutines, each suspended twice
local cos = {}
for i = 1, 10000 do
  cos[i] = coroutine.create(function(x)
    local y = coroutine.yield(x + i)
    local z = coroutine.yield(y * 2)
    return x + y + z
  end)
end
local s1, s2, s3 = 0, 0, 0
for i = 1, 10000 do local _, v = coroutine.resume(cos[i], 1) s1 = s1 + v end
for i = 1, 10000 do local _, v = coroutine.resume(cos[i], i) s2 = s2 + v end
for i = 1, 10000 do local _, v = coroutine.resume(cos[i], 3) s3 = s3 + v end
print(s1, s2, s3)
local dead = 0
for i = 1, 10000 do if coroutine.status(cos[i]) == "dead" then dead = dead + 1 end end
print("dead", dead)
