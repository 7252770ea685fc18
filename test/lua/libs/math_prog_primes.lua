local primes = {}
for n = 2, 2000 do
  local isp = true
  for d = 2, math.floor(math.sqrt(n)) do
    if math.fmod(n, d) == 0 then isp = false break end
  end
  if isp then table.insert(primes, n) end
end
print(#primes, primes[#primes], table.concat(primes, ",", 1, 20))
