local s = "name=John Doe; age=42;city = Paris ; empty=;flag"
for k, v in s:gmatch("%s*([^=;]+)%s*=%s*([^;]*)") do
  print("[" .. k:gsub("%s+$", "") .. "]", "[" .. v:gsub("%s+$", "") .. "]")
end
