"""progress=True: one line per phase (reading records, judging) on standard error, redrawn in
place with a carriage return, which terminals and Jupyter notebooks both honour; a phase's line
stays when it completes. progress=callable(phase, done, total) instead hands each report to the
caller (a tqdm bar, a log); the engine calls it on the calling thread, at most ten times a
second per phase plus its first and last report (the last, and only it, has done == total)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Optional, Union

ProgressFn = Callable[[str, int, int], None]
ProgressArg = Union[bool, ProgressFn, None]

_BYTES = ("reading teachers", "reading records")
_UNITS = {"grouping records": "records", "judging": "teachers", "writing": "rows"}


def progress_callback(progress: ProgressArg) -> Optional[ProgressFn]:
    """What the engine is handed for a `progress` argument: None for False or None."""
    if progress is None or progress is False:
        return None
    if progress is True:
        return ProgressBar()
    if callable(progress):
        return progress
    raise TypeError(f"progress is True, False or a callable(phase, done, total), "
                    f"not {type(progress).__name__}")


class ProgressBar:
    """A bar per phase: `reading records |#######.....| 58%  156 of 269 MB  410 MB/s  0 s left`.
    Writes to `stream`, or to sys.stderr as it is at each report (a notebook replaces it)."""

    def __init__(self, stream: Optional[IO[str]] = None, width: int = 24) -> None:
        self._stream = stream
        self._width = width
        self._phase: Optional[str] = None
        self._start = 0.0
        self._open = False
        self._shown = 0  # the length of the line on screen, to blank what a shorter one leaves

    def __call__(self, phase: str, done: int, total: int) -> None:
        stream = self._stream or sys.stderr
        now = time.monotonic()
        if phase != self._phase or done == 0:
            if self._open:
                stream.write("\n")
            self._phase, self._start = phase, now
        text = self.line(phase, done, total, now - self._start)
        stream.write("\r" + text.ljust(self._shown if self._open else 0))
        self._shown = len(text)
        self._open = done != total
        if not self._open:
            stream.write("\n")
        stream.flush()

    def line(self, phase: str, done: int, total: int, seconds: float) -> str:
        """The text of one report, `seconds` into its phase."""
        in_bytes = phase in _BYTES

        def amount(n: float) -> str:
            return f"{n / 1e6:,.0f} MB" if in_bytes else f"{n:,.0f}"

        share = done / total if total else 1.0
        filled = int(share * self._width)
        text = (f"{phase:<16} |{'#' * filled}{'.' * (self._width - filled)}| {share:4.0%}  "
                f"{amount(done)}")
        if done < total:
            text += f" of {amount(total)}"
        if not in_bytes:
            text += f" {_UNITS.get(phase, '')}".rstrip()
        if seconds >= 0.2 and done > 0:
            rate = done / seconds
            text += f"  {amount(rate)}/s"
            left = (total - done) / rate
            text += f"  {left:.0f} s left" if done < total else f"  {seconds:.1f} s"
        return text
