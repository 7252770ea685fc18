local function snake(s) return (s:gsub("(%l)(%u)", "%1_%2"):gsub("(%u)(%u%l)", "%1_%2"):lower()) end
local function camel(s) return (s:gsub("_(%w)", string.upper)) end
for _, w in ipairs({ "helloWorld", "HTTPServer", "getHTTPResponseCode", "simple", "already_snake" }) do
  print(w, snake(w), camel(snake(w)))
end
