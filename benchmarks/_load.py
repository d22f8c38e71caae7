"""The machine's load average, written beside each figure (a loaded machine slows them)."""

import os


def load():
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"
