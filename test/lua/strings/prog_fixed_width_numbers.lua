for _, x in ipairs({ 0, 1, -1, 3.14159, -2.71828, 1234.5678, 1e-3, 123456789 }) do
  print(string.format("[%10.3f] [%-10.2e] [%+8.4g] [%08.2f]", x, x, x, x))
end
