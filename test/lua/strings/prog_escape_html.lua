local map = { ["<"] = "&lt;", [">"] = "&gt;", ["&"] = "&amp;", ['"'] = "&quot;", ["'"] = "&#39;" }
local function esc(s) return (s:gsub("[<>&\"']", map)) end
print(esc([[<a href="x?a=1&b='2'">link</a>]]))
local function unesc(s)
  return (s:gsub("&(#?%w+);", function(e)
    for k, v in pairs(map) do if v == "&" .. e .. ";" then return k end end
  end))
end
print(unesc(esc("<&>")))
