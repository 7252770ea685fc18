-- yield from inside method calls
local Account = {}
Account.__index = Account
function Account.new(balance) return setmetatable({balance = balance}, Account) end
function Account:deposit(v)
  self.balance = self.balance + v
  coroutine.yield("deposited", v, self.balance)
  return self
end
function Account:withdraw(v)
  local ok = coroutine.yield("confirm?", v)
  if ok then self.balance = self.balance - v end
  return self.balance
end
local acc = Account.new(100)
local co = coroutine.create(function()
  acc:deposit(50):deposit(25)
  local b = acc:withdraw(30)
  print("after withdraw", b)
  b = acc:withdraw(1000)
  print("after refused", b)
  return acc.balance
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.resume(co, true))
print(coroutine.resume(co, false))
