local function is_pal(s)
  s = s:lower():gsub("[^%a%d]", "")
  return s == s:reverse()
end
for _, s in ipairs({ "A man, a plan, a canal: Panama", "racecar", "hello", "", "No 'x' in Nixon" }) do print(is_pal(s), s) end
