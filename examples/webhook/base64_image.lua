-- Base64-encoded binary in JSON -> binary body (the spec's "Binary Data Support" example).
--   npx moonbox transform examples/webhook/base64_image.lua --payload examples/webhook/image.payload.json
local json = require("json")
local base64 = require("base64")

-- Parse JSON containing base64-encoded binary
local data = json.decode(payload)

-- Decode to binary
request.body = base64.decode(data.image_data)

-- Set appropriate content type
request.headers["Content-Type"] = "image/png"
request.headers["Content-Disposition"] = 'attachment; filename="' .. data.filename .. '"'
config.opt_out_default_headers = true
