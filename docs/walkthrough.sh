#!/usr/bin/env bash
# Five minutes with Logbeam and curl: create a product and a device, upload a signed batch, read it back.
# Needs a running platform (dotnet run --project src/Logbeam.Server) and curl, openssl, python3.
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:5080}
ADMIN_KEY=${ADMIN_KEY:?set ADMIN_KEY to the admin API key (printed on first start, kept in data/admin.key)}
PRODUCT=${PRODUCT:-DEMO000001}
DEVICE=${DEVICE:-sensor-1}
auth=(-H "Authorization: Bearer $ADMIN_KEY")

# 1. A product, with devices reporting INFO and above by default.
curl -sf "${auth[@]}" -H 'Content-Type: application/json' "$BASE/api/v1/products" \
  -d "{\"productId\":\"$PRODUCT\",\"name\":\"Demo\",\"defaultLogLevel\":3}" >/dev/null

# 2. A device; its PSK is shown once, in this answer.
PSK=$(curl -sf "${auth[@]}" -H 'Content-Type: application/json' "$BASE/api/v1/products/$PRODUCT/devices" \
  -d "{\"deviceName\":\"$DEVICE\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["psk"])')

# 3. A signed upload, as the device SDKs send it (protocol: docs/protocol.md).
BODY="{\"ProductId\":\"$PRODUCT\",\"DeviceName\":\"$DEVICE\",\"Message\":[\"INF|2026-01-01 12:00:00|demo|hello from curl\\n\\fERR|2026-01-01 12:00:01|demo|something broke\"]}"
TS=$(date +%s)
NONCE=$RANDOM$RANDOM
HASH=$(printf '%s' "$BODY" | openssl dgst -sha256 -hex | sed 's/^.* //')
STRING_TO_SIGN=$(printf 'POST\nap-guangzhou.gateway.tencentdevices.com\n/device/reportlog\n\nhmacsha256\n%s\n%s\n%s' "$TS" "$NONCE" "$HASH")
SIGNATURE=$(printf '%s' "$STRING_TO_SIGN" | openssl dgst -sha256 -hmac "$PSK" -binary | base64)
curl -sf "$BASE/device/reportlog" -H 'Content-Type: application/json;charset=utf-8' \
  -H 'X-TC-Algorithm: hmacsha256' -H "X-TC-Timestamp: $TS" -H "X-TC-Nonce: $NONCE" -H "X-TC-Signature: $SIGNATURE" \
  --data-binary "$BODY"
echo

# 4. Read it back, newest first; try &minLevel=1 (errors only) or &q=hello (full text).
curl -sf "${auth[@]}" "$BASE/api/v1/logs?productId=$PRODUCT&deviceName=$DEVICE"
echo
