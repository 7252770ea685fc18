local account = {balance = 0}
function account.deposit(self, v) self.balance = self.balance + v end
function account:withdraw(v) self.balance = self.balance - v; return self end
account:deposit(100)
account.deposit(account, 50)
print(account.balance)
account:withdraw(30):withdraw(20)
print(account.balance)
local a = {b = {}}
function a.b:c(x) return self == a.b, x end
print(a.b:c(5))
function a.b.d(x) return x end
print(a.b.d("plain"))
