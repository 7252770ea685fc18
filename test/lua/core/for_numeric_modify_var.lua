-- assigning to the loop variable does not change the iteration
for i = 1, 3 do
  print("before", i)
  i = i * 100
  print("after", i)
end
local limit = 3
for i = 1, limit do
  limit = 10
  print("limit changed", i)
end
print("limit", limit)
