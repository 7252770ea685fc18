-- Numeric for loop with integer-valued and fractional float arithmetic
-- (+, *, /, %), on locals only: no calls, no tables.
local s = 0
local h = 0
local x = 1
for i = 1, 20000000 do
  s = (s + i * i) % 1000003   -- i*i stays exact (< 2^53)
  h = h + 1 / i               -- harmonic sum: fractional floats
  x = x * 1.0000001 - 0.00000005 * x
end
local hh = h * 1e9
local xx = x * 1e6
print(s, hh - hh % 1, xx - xx % 1)
