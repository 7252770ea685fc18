-- a chain of filtering coroutines: the sieve of Eratosthenes
local function counter(from)
  return coroutine.wrap(function()
    local n = from
    while true do coroutine.yield(n) n = n + 1 end
  end)
end
local function filter(p, source)
  return coroutine.wrap(function()
    while true do
      local n = source()
      if n % p ~= 0 then coroutine.yield(n) end
    end
  end)
end
local src = counter(2)
local primes = {}
for i = 1, 30 do
  local p = src()
  primes[i] = p
  src = filter(p, src)
end
print(table.concat(primes, " "))
