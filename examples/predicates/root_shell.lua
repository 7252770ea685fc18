-- A root (field 4 = is_root) interactive shell, counted per rule load: every 3rd one alerts.
local seen = 0
return function(event)
    if event.type ~= 1 or not event:get_bool(4) then
        return false
    end
    local exe = event:get_str(1) or ""
    if string.glob_match(exe, "*/[bd]ash") or string.endswith(exe, "/sh") then
        seen = seen + 1
        if seen % 3 == 0 then
            alert.emit("root-shell-burst", seen .. " root shells so far")
        end
        return true
    end
    return false
end
