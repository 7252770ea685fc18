-- Field 3 = process name. Regex and glob matching, and an alert with details.
return function(event)
    local name = event:get_str(3)
    if name == nil then
        return false
    end
    if regex.match("(?i)(mimikatz|lazagne|xmrig)", name) or string.glob_match(name, "*/evil*") then
        alert.emit("evil-name", "suspicious process name " .. name .. " (pid " .. tostring(event:get_i64(2)) .. ")")
        return true
    end
    return false
end
