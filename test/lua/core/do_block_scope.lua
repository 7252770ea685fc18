local x = "outer"
do
  local x = "inner"
  print(x)
  do
    local x = "innermost"
    print(x)
  end
  print(x)
end
print(x)
do
  y_global = "set in block"
end
print(y_global)
