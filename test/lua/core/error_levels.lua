local function lvl1() error("level one") end
local function lvl2() error("level two", 2) end
local function lvl0() error("level zero", 0) end
local function caller() lvl2() end
print(pcall(lvl1))
print(pcall(caller))
print(pcall(lvl0))
print(pcall(error, "from error directly"))
local function deep() error("deep", 3) end
local function mid() deep() end
local function top() mid() end
print(pcall(top))
