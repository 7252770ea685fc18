local dates = { "2024-01-15", "1999-12-31T23:59:59", "bad-date", "2024-13-01" }
for _, d in ipairs(dates) do
  local y, m, day = d:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  local hh, mm, ss = d:match("T(%d%d):(%d%d):(%d%d)$")
  if y then
    print(string.format("%04d/%02d/%02d %s", y, m, day, hh and (hh .. "h" .. mm .. "m" .. ss .. "s") or "-"), tonumber(m) <= 12)
  else
    print("invalid", d)
  end
end
