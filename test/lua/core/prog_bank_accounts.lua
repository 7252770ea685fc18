local Account = {}
Account.__index = Account
local next_id = 0
function Account.new(owner, balance)
  next_id = next_id + 1
  return setmetatable({id = next_id, owner = owner, balance = balance or 0, history = {}}, Account)
end
function Account:deposit(v)
  if type(v) ~= "number" or v <= 0 then error("invalid amount", 2) end
  self.balance = self.balance + v
  self.history[#self.history + 1] = "+" .. v
end
function Account:withdraw(v)
  if v > self.balance then error({code = "INSUFFICIENT", need = v - self.balance}) end
  self.balance = self.balance - v
  self.history[#self.history + 1] = "-" .. v
end
local function transfer(from, to, v)
  local ok, err = pcall(from.withdraw, from, v)
  if not ok then return false, err end
  to:deposit(v)
  return true
end
local alice, bob = Account.new("alice", 100), Account.new("bob")
print(transfer(alice, bob, 30))
local ok, err = transfer(alice, bob, 500)
print(ok, type(err), err.code, err.need)
print(alice.balance, bob.balance, alice.id, bob.id)
print(pcall(alice.deposit, alice, -5))
print(pcall(function() alice:deposit("x") end))
for _, acc in ipairs({alice, bob}) do
  local h = ""
  for i, e in ipairs(acc.history) do h = h .. (i > 1 and "," or "") .. e end
  print(acc.owner, acc.balance, h)
end
