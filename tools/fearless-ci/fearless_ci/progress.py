"""Progress while the TUs run.

On a terminal: one line redrawn in place (done/total, findings so far,
failures, elapsed time, ETA). In a CI log a redrawn line is noise, so there
it is silent unless --progress asks for it; then each finished TU gets a
plain line of its own instead.
"""

import os
import sys
import time


def _clock(seconds):
    seconds = int(round(seconds))
    if seconds >= 3600:
        return "%d:%02d:%02d" % (seconds // 3600, seconds // 60 % 60, seconds % 60)
    return "%d:%02d" % (seconds // 60, seconds % 60)


class Progress:
    def __init__(self, total, mode, stream=None, display=os.path.basename):
        """mode: "auto" (only on a tty), "always", "never"."""
        self.stream = stream or sys.stderr
        self.total = total
        self.display = display
        isatty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.enabled = mode == "always" or (mode == "auto" and isatty)
        self.redraw = self.enabled and isatty
        self.start = time.monotonic()
        self.done = 0
        self.findings = 0
        self.failed = 0
        self._width = 0

    def eta(self):
        """Remaining time from the mean wall time per finished TU so far,
        assuming the TUs still to run are like those done. Wall time, not
        each TU's own duration, so that -j N is accounted for."""
        if self.done == 0:
            return None
        elapsed = time.monotonic() - self.start
        return elapsed / self.done * (self.total - self.done)

    def update(self, result):
        self.done += 1
        self.findings += len(result.findings)
        if result.failure:
            self.failed += 1
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.start
        eta = self.eta()
        status = "[%*d/%d] %d finding%s%s, %s elapsed%s" % (
            len(str(self.total)), self.done, self.total, self.findings,
            "" if self.findings == 1 else "s",
            ", %d failed" % self.failed if self.failed else "",
            _clock(elapsed),
            ", ETA %s" % _clock(eta) if eta is not None and self.done < self.total else "")
        name = self.display(result.file)
        if self.redraw:
            try:
                columns = os.get_terminal_size(self.stream.fileno()).columns
            except (OSError, ValueError, AttributeError):
                columns = 0
            if columns <= 0:
                columns = 100   # a pty without a window size says 0
            line = "%s  %s" % (status, name)
            line = line[:max(10, columns - 1)]
            self.stream.write("\r" + line + " " * max(0, self._width - len(line)))
            self._width = len(line)
        else:
            state = " FAILED" if result.failure else ""
            self.stream.write("%s  %s (%.1f s, %d finding%s)%s\n" % (
                status, name, result.duration, len(result.findings),
                "" if len(result.findings) == 1 else "s", state))
        self.stream.flush()

    def finish(self):
        if self.redraw and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
