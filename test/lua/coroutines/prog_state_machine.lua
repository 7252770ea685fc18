-- a tokenizer state machine written as a coroutine fed one character at a time
local tokens = {}
local lexer = coroutine.wrap(function(c)
  while true do
    if c == nil then return end
    if c:match("%d") then
      local num = c
      c = coroutine.yield()
      while c and c:match("%d") do num = num .. c c = coroutine.yield() end
      tokens[#tokens + 1] = "NUM(" .. num .. ")"
    elseif c:match("%a") then
      local id = c
      c = coroutine.yield()
      while c and c:match("%w") do id = id .. c c = coroutine.yield() end
      tokens[#tokens + 1] = "ID(" .. id .. ")"
    elseif c == " " then
      c = coroutine.yield()
    else
      tokens[#tokens + 1] = "OP(" .. c .. ")"
      c = coroutine.yield()
    end
  end
end)
local src = "x1 = 42 + foo*7"
for i = 1, #src do lexer(src:sub(i, i)) end
lexer(nil)
print(table.concat(tokens, " "))
