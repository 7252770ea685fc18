-- build a filtered copy rather than removing during ipairs
local nums = {}
for i = 1, 10 do nums[i] = i end
local evens = {}
for _, v in ipairs(nums) do if v % 2 == 0 then evens[#evens + 1] = v end end
print(#evens, evens[1], evens[5])
-- compact in place
local j = 1
for i = 1, #nums do
  if nums[i] % 3 ~= 0 then nums[j] = nums[i]; j = j + 1 end
end
for i = j, 10 do nums[i] = nil end
local s = ""
for i = 1, #nums do s = s .. nums[i] .. " " end
print(#nums, s)
