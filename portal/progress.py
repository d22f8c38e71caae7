"""A text progress bar for long management commands (index rebuilds, page builds)."""

import sys
import time


class Progress:
    """A text progress bar on a stream (the command's stdout)."""

    def __init__(self, total, stream=None, label=""):
        self.total, self.done, self.label = max(total, 1), 0, label
        self.stream = stream if stream is not None else sys.stdout
        self.started = time.monotonic()

    def advance(self, count):
        self.done += count
        width = 30
        filled = int(width * self.done / self.total)
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r{self.label}[{'#' * filled}{' ' * (width - filled)}] "
            f"{self.done}/{self.total} ({100 * self.done // self.total} %, {elapsed:.1f} s)"
        )
        self.stream.flush()

    def finish(self):
        self.stream.write("\n")
