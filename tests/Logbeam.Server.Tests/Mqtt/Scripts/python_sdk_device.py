#!/usr/bin/env python3
"""A device that talks MQTT the way the Tencent Python SDK (iot-device-python) does: MQTT 3.1 ("MQIsdp"),
client id ProductId+DeviceName, the SDK's username and HMAC-SHA1 password, QoS 0 subscriptions to the result
topics, then the $log and $sys requests. Prints one JSON object per line (connack, suback, log, time, ready, push)
for the test that runs it. Works with paho-mqtt 1.x and 2.x."""
import argparse
import json
import queue
import sys

import paho.mqtt.client as mqtt

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--product", required=True)
parser.add_argument("--device", required=True)
parser.add_argument("--username", required=True)
parser.add_argument("--password", required=True)
parser.add_argument("--transport", default="tcp", choices=["tcp", "websockets"])
parser.add_argument("--ws-path", default="/mqtt")
parser.add_argument("--push-wait", type=float, default=0, help="seconds to wait for an unsolicited level push")
args = parser.parse_args()

TIMEOUT = 10
log_request = f"$log/operation/{args.product}/{args.device}"
log_result = f"$log/operation/result/{args.product}/{args.device}"
sys_request = f"$sys/operation/{args.product}/{args.device}"
sys_result = f"$sys/operation/result/{args.product}/{args.device}"


def emit(**fields):
    print(json.dumps(fields), flush=True)


options = dict(client_id=args.product + args.device, clean_session=True, protocol=mqtt.MQTTv31, transport=args.transport)
if hasattr(mqtt, "CallbackAPIVersion"):
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION1, **options)
else:
    client = mqtt.Client(**options)
client.username_pw_set(args.username, args.password)
if args.transport == "websockets":
    client.ws_set_options(path=args.ws_path)

connacks, subacks, messages = queue.Queue(), queue.Queue(), {log_result: queue.Queue(), sys_result: queue.Queue()}
client.on_connect = lambda c, userdata, flags, rc: connacks.put(rc)
client.on_subscribe = lambda c, userdata, mid, granted: subacks.put(list(granted))
client.on_message = lambda c, userdata, msg: messages.get(msg.topic, queue.Queue()).put(msg.payload.decode())

client.connect(args.host, args.port, keepalive=60)
client.loop_start()
try:
    rc = connacks.get(timeout=TIMEOUT)
    emit(event="connack", rc=rc)
    if rc != 0:
        sys.exit(2)

    client.subscribe([(log_result, 0), (sys_result, 0)])
    emit(event="suback", granted=subacks.get(timeout=TIMEOUT))

    client.publish(log_request, json.dumps({"type": "get_log_level", "clientToken": args.product + "-1"}), qos=0)
    emit(event="log", payload=messages[log_result].get(timeout=TIMEOUT))

    client.publish(sys_request, json.dumps({"type": "get", "resource": ["time"]}), qos=0)
    emit(event="time", payload=messages[sys_result].get(timeout=TIMEOUT))

    emit(event="ready")
    if args.push_wait > 0:
        emit(event="push", payload=messages[log_result].get(timeout=args.push_wait))
except queue.Empty:
    emit(event="timeout")
    sys.exit(3)
finally:
    client.disconnect()
    client.loop_stop()
