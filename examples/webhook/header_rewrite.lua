-- Header rewrite: rename, derive, drop headers; the body passes through unchanged.
--   npx moonbox transform examples/webhook/header_rewrite.lua --payload examples/webhook/order.json \
--     --header 'Content-Type: application/json' --header 'X-Legacy-Token: s3cr3t' \
--     --header 'X-Request-Id: req-42' --header 'X-Debug: 1'

-- `headers` is read-only; lookups ignore case, pairs() shows the names as received
local token = headers["x-legacy-token"]
if token then
  request.headers["Authorization"] = "Bearer " .. token
  request.headers["X-Legacy-Token"] = false -- false removes an incoming header
end

-- copy every X-Request-* header under a new prefix
for name, value in pairs(headers) do
  local suffix = name:match("^[Xx]%-[Rr]equest%-(.+)$")
  if suffix then
    request.headers["X-Upstream-Request-" .. suffix] = value
  end
end

request.headers["X-Debug"] = false
request.headers["X-Webhook-Attempt"] = tostring(metadata.attempt + 1) .. "/" .. tostring(metadata.max_attempts)
