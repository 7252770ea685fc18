-- Retry-aware transform: behave differently when the previous attempt failed.
--   first attempt:
--     npx moonbox transform examples/webhook/retry_aware.lua --payload examples/webhook/order.json
--   a retry after a 413 from the receiver:
--     npx moonbox transform examples/webhook/retry_aware.lua --payload examples/webhook/order.json \
--       --metadata '{"attempt": 2}' \
--       --previous-error '{"type": "http_error", "status_code": 413, "message": "payload too large"}'
local json = require("json")

local data = json.decode(payload)

if previous_error == nil then
  -- first attempt: send everything
  request.body = json.encode(data)
  return
end

log.warn("retrying after error", {
  attempt = metadata.attempt,
  previous_type = previous_error.type,
  previous_status = previous_error.status_code,
  previous_message = previous_error.message,
})

if previous_error.status_code == 413 then
  -- the receiver refused the size: send a slim version
  request.body = json.encode({ order_id = data.order_id, slim = true })
  request.headers["X-Payload-Trimmed"] = "true"
else
  request.body = json.encode(data)
end

request.headers["X-Retry-Attempt"] = tostring(metadata.attempt)
if metadata.attempt + 1 >= metadata.max_attempts then
  request.headers["X-Last-Attempt"] = "true"
end
