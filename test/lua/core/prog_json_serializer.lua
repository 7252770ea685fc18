-- JSON-ish serializer in pure Lua (no string library)
local function sort(a)
  for i = 2, #a do
    local v, j = a[i], i - 1
    while j >= 1 and a[j] > v do a[j + 1] = a[j]; j = j - 1 end
    a[j + 1] = v
  end
end

local escapes = {['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\t'] = '\\t'}

local function is_array(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  for i = 1, n do if t[i] == nil then return false end end
  return true, n
end

local serialize
local function serialize_string(s, chars)
  -- chars is a list of single-character strings
  local out = '"'
  for i = 1, #chars do out = out .. (escapes[chars[i]] or chars[i]) end
  return out .. '"'
end

function serialize(v, indent)
  indent = indent or ""
  local t = type(v)
  if t == "nil" then return "null"
  elseif t == "boolean" then return v and "true" or "false"
  elseif t == "number" then return tostring(v)
  elseif t == "string" then return '"' .. v .. '"'
  elseif t == "table" then
    if v.__chars then return serialize_string(nil, v.__chars) end
    local arr, n = is_array(v)
    if arr then
      if n == 0 then return "[]" end
      local parts = "["
      for i = 1, n do
        parts = parts .. (i > 1 and "," or "") .. serialize(v[i], indent)
      end
      return parts .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    sort(keys)
    local inner = indent .. "  "
    local out = "{\n"
    for i, k in ipairs(keys) do
      out = out .. inner .. '"' .. k .. '": ' .. serialize(v[k], inner)
      out = out .. (i < #keys and ",\n" or "\n")
    end
    return out .. indent .. "}"
  end
  error("cannot serialize " .. t)
end

print(serialize({name = "moon", tags = {"a", "b"}, n = 3.5, ok = true, nested = {x = {}, y = {1, {z = false}}}}))
print(serialize({1, 2, 3}))
print(serialize({}))
print(serialize({__chars = {"q", '"', "\\", "\n", "e"}}))
print(pcall(serialize, {f = print}))
