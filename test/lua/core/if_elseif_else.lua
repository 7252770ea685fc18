local function classify(n)
  if n < 0 then
    return "negative"
  elseif n == 0 then
    return "zero"
  elseif n < 10 then
    return "small"
  else
    return "large"
  end
end
print(classify(-5), classify(0), classify(3), classify(100))
if nil then print("nil true") else print("nil false") end
if false then print("false true") else print("false false") end
if 0 then print("0 is true") end
if "" then print("empty string is true") end
if {} then print("table is true") end
local x = 5
if x > 1 then if x > 3 then print("nested both") end end
