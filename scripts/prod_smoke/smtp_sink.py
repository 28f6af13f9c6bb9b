"""The smoke test's mail server: an SMTP sink (aiosmtpd) on loopback that keeps every message.

    python scripts/prod_smoke/smtp_sink.py 127.0.0.1 18404 /tmp/mailbox

Each message received is written to MAILBOX/<n>.eml (the raw message, as delivered), where the
journey reads the confirmation link and the two-step codes. Stops on SIGTERM/SIGINT.
"""

import asyncio
import itertools
import signal
import sys
from pathlib import Path

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, mailbox: Path):
        self.mailbox = mailbox
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        number = next(self.numbers)
        path = self.mailbox / f"{number:04d}.eml"
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(envelope.original_content or envelope.content)
        tmp.rename(path)  # whole files only: the reader never sees half a message
        return "250 Message accepted for delivery"


def main(host: str, port: str, mailbox: str) -> None:
    folder = Path(mailbox)
    folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(Keep(folder), hostname=host, port=int(port))
    controller.start()
    print(f"smtp sink on {host}:{port}, mailbox {folder}", flush=True)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        loop.run_until_complete(stop.wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main(*sys.argv[1:4])
