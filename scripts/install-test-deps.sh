#!/usr/bin/env bash
# Installs the services the integration tests run against, when they are missing.
# Idempotent: a machine that has them already does nothing here.
set -euo pipefail

need=()
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# MQTT: the broker for external mode, the command-line clients, and paho for the Python SDK's MQTT 3.1.
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
# PostgreSQL: the tests start a throw-away cluster of their own with initdb/pg_ctl (no service is enabled for them).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# The tests run the system interpreter when the python3 on PATH (pyenv, a venv) lacks paho.
python3 -c 'import paho.mqtt' >/dev/null 2>&1 || /usr/bin/python3 -c 'import paho.mqtt' >/dev/null 2>&1 || need+=(python3-paho-mqtt)
# The console's browser tests drive Debian's Chromium through Playwright (never `playwright install`).
[ -x /usr/bin/chromium ] || need+=(chromium)

if [ ${#need[@]} -gt 0 ]; then
  echo "installing test dependencies: ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "run as root, or install these Debian packages first: ${need[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
