-- The predicate-runtime spec's example: executables under /tmp, or shell scripts
-- (field 1 = executable).
return function(event)
    local exe = event:get_str(1)
    if not exe then
        return false
    end

    -- Check for suspicious binary
    return string.contains(exe, "/tmp/") or
           string.endswith(exe, ".sh") and
           not string.startswith(exe, "/bin/")
end
