-- luajit-differs: luajit's math.random does not truncate its arguments to integers
local ok = true
for i = 1, 500 do
  local r = math.random(2.9)
  if r ~= 1 and r ~= 2 then ok = false end
  local s = math.random(1.9, 3.9)
  if s < 1 or s > 3 or s ~= math.floor(s) then ok = false end
end
print(ok)
