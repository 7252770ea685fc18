local function splitpath(p)
  local dir, base = p:match("^(.-)([^/]*)$")
  local name, ext = base:match("^(.+)%.([^.]+)$")
  return dir, base, name or base, ext or ""
end
for _, p in ipairs({ "/usr/local/bin/lua", "file.txt", "dir/archive.tar.gz", ".hidden", "/", "a/b/" }) do
  print(splitpath(p))
end
