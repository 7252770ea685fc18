local a = 1; local b = 2; print(a + b);
local c = 3 print(c)
do local d = 4; print(d) end;
for i = 1, 2 do print(i); end;
local function f() return 5; end
print(f());
local t = {1; 2, 3;}
print(#t)
