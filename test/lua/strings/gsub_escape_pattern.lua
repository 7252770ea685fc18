local function escape(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end
print(escape("1+1=2? (yes) [ok] 100% a.b*c^d$e-f"))
local e = escape("a.b")
print(e, string.find("xa.bx", e), string.find("xazbx", e))
