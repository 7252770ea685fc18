local config = {
  server = {host = "localhost", ports = {80, 443}},
  users = {{name = "ann", roles = {"admin"}}, {name = "bob", roles = {}}},
}
print(config.server.host, config.server.ports[2], #config.server.ports)
print(config.users[1].name, config.users[1].roles[1], #config.users[2].roles)
config.server.ports[#config.server.ports + 1] = 8080
print(#config.server.ports, config.server.ports[3])
local u = config.users
u[2].roles[1] = "guest"
print(config.users[2].roles[1])
