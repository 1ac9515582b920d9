"""A local SMTP server for the notification tests and the outbox bench.

Usage: python3 tests/smtp_sink.py PORT DIR     serve: each message to DIR
       python3 tests/smtp_sink.py --read DIR    print what arrived, as JSON

Serving, every message received is written to DIR as it came (PID-N.eml,
the recipients in an `X-Sink-Rcpt` line before it), and nothing more, so
the server is not the bottleneck of the outbox bench; it prints "ready"
once it accepts connections and runs until killed. `--read` prints a JSON
list in arrival order: the recipients, the headers the tests read
(decoded), the plain-text and HTML parts, and the raw message.
Needs aiosmtpd (python3 -m pip install aiosmtpd).
"""
import asyncio
import email
import email.policy
import itertools
import json
import os
import sys

from aiosmtpd.controller import Controller

HEADERS = [
    "Subject", "From", "To", "Content-Language", "List-Unsubscribe",
    "List-Unsubscribe-Post", "X-Yardstick-Outbox", "Message-ID",
]


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count(1)
        self.pid = os.getpid()

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        name = os.path.join(self.folder, f"{self.pid}-{next(self.counter):07}.eml")
        with open(name + ".tmp", "wb") as f:
            f.write(("X-Sink-Rcpt: " + ",".join(envelope.rcpt_tos) + "\r\n").encode())
            f.write(raw)
        os.rename(name + ".tmp", name)
        return "250 Message accepted"


def read(folder):
    out = []
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".eml")):
        with open(os.path.join(folder, name), "rb") as f:
            first, raw = f.read().split(b"\r\n", 1)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        rcpt = first.decode().split(": ", 1)[1].split(",")
        body = {"rcpt": rcpt, "headers": {}, "text": None, "html": None}
        for h in HEADERS:
            if msg[h] is not None:
                body["headers"][h] = str(msg[h])
        for kind in ("plain", "html"):
            part = msg.get_body(preferencelist=(kind,))
            if part is not None:
                body["text" if kind == "plain" else "html"] = part.get_content()
        body["raw"] = raw.decode("utf-8", "replace")
        out.append(body)
    json.dump(out, sys.stdout, ensure_ascii=False)


def main():
    if sys.argv[1] == "--read":
        return read(sys.argv[2])
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
