local function render(tpl, env)
  return (tpl:gsub("{{%s*([%w_%.]+)%s*}}", function(key)
    local v = env
    for part in key:gmatch("[^%.]+") do
      if type(v) ~= "table" then return "" end
      v = v[part]
    end
    return v == nil and "" or tostring(v)
  end))
end
local env = { user = { name = "Ada", age = 36 }, site = "example" }
print(render("Hello {{ user.name }} ({{user.age}}) from {{site}}!", env))
print(render("{{missing}}|{{user.missing}}|{{user.name.x}}", env))
