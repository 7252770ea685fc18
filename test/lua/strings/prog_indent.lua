local src = "if x then\ny = 1\nif z then\nw = 2\nend\nend"
local depth = 0
for line in src:gmatch("[^\n]+") do
  if line:match("^end") then depth = depth - 1 end
  print(string.rep("  ", depth) .. line)
  if line:match("then$") then depth = depth + 1 end
end
