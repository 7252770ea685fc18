-- an iterator function is called by the generic for: '(for generator)'
local function range(n)
  local i = 0
  return function()
    i = i + 1
    if i > n then return nil end
    if i == 3 then error("bad step " .. i) end
    return i
  end
end
local sum = 0
for v in range(5) do sum = sum + v end
print(sum)
