-- Enrich a JSON payload (the spec's json example): decode, add fields, re-encode.
--   npx moonbox transform examples/webhook/enrich.lua --payload examples/webhook/order.json \
--     --header 'Content-Type: application/json'
local json = require("json")

local data = json.decode(payload)
data.enriched = true
data.webhook = {
  id = metadata.webhook_id,
  config = metadata.config_id,
  attempt = metadata.attempt,
  received_at = metadata.created_at,
}
-- totals from the order lines (arrays are 1-based sequences)
local total = 0
for _, line in ipairs(data.lines) do
  total = total + line.quantity * line.unit_price
end
data.total = total

request.body = json.encode(data)
request.headers["Content-Type"] = "application/json"
log.info("order enriched", { order_id = data.order_id, lines = #data.lines })
