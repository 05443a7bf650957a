"""Progress for long commands: a live bar on a terminal, plain lines otherwise (logs, CI)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from hearth.engine.i18n import gettext as _


class Progress:
    """Reports done/total with a rate and an ETA; call `update(done, total, counts_text)`."""

    def __init__(self, label: str, stream: TextIO | None = None, interval: float = 0.5, plain_interval: float = 10.0) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.interval = interval if self.tty else plain_interval
        self.started = time.monotonic()
        self.last = 0.0

    def update(self, records: int, fraction: float | None = None, extra: str = "", *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < self.interval:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-6)
        rate = records / elapsed
        eta = ""
        if fraction is not None and 0 < fraction < 1:
            eta = " · " + _("ETA %(s)s") % {"s": _duration(elapsed * (1 - fraction) / fraction)}
        pct = f"{fraction * 100:5.1f}% " if fraction is not None else ""
        if self.tty:
            width = 24
            filled = int(width * (fraction or 0))
            bar = "█" * filled + "░" * (width - filled)
            line = f"\r{self.label} {bar} {pct}{records:,} " + _("records") + f" · {rate:,.0f}/s{eta} {extra}"
            self.stream.write(line[:200].ljust(100))
        else:
            self.stream.write(f"{self.label}: {pct}{records:,} " + _("records") + f", {rate:,.0f}/s{eta} {extra}\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"
