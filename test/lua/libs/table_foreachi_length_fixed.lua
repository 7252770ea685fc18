local t = {1, 2, 3}
local visited = {}
table.foreachi(t, function(i, v)
  visited[#visited + 1] = tostring(v)
  if i == 1 then t[4] = 4; t[5] = 5 end
end)
print(table.concat(visited, " "))
local u = {1, 2, 3, 4}
visited = {}
table.foreachi(u, function(i, v)
  visited[#visited + 1] = tostring(v)
  if i == 1 then u[3] = nil end
end)
print(table.concat(visited, " "))
