"""A local SMTP server for the notification tests and the outbox bench.

Usage: python3 tests/smtp_sink.py PORT DIR

Every message received is written to DIR as NNN.json: the envelope, the
headers the tests read (decoded), the plain-text and HTML parts, and the
raw message. Prints "ready" once it accepts connections; runs until killed.
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
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = {"rcpt": list(envelope.rcpt_tos), "headers": {}, "text": None, "html": None}
        for h in HEADERS:
            if msg[h] is not None:
                body["headers"][h] = str(msg[h])
        for kind in ("plain", "html"):
            part = msg.get_body(preferencelist=(kind,))
            if part is not None:
                body["text" if kind == "plain" else "html"] = part.get_content()
        body["raw"] = raw.decode("utf-8", "replace")
        name = os.path.join(self.folder, f"{self.pid}-{next(self.counter):07}.json")
        with open(name + ".tmp", "w", encoding="utf-8") as f:
            json.dump(body, f, ensure_ascii=False)
        os.rename(name + ".tmp", name)
        return "250 Message accepted"


def main():
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
