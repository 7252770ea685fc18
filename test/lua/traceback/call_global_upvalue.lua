-- globals and upvalues: named by the global or upvalue name
function check(v)
  if type(v) ~= "number" then error("expected a number, got " .. type(v)) end
end
local validate = check
local function run(list)
  local function each(v)
    validate(v)
  end
  for i = 1, #list do each(list[i]) end
end
function main() run({ 1, 2, "x" }) end
main()
