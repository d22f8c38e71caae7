"""Runs the benchmarks and writes their figures into docs/performance.md.

Every module of this package whose name does not start with ``_`` and that defines
``run() -> str`` (a Markdown section) is a benchmark. ``python -m benchmarks`` runs them
all; ``python -m benchmarks signups`` runs only the ones named. Each module's section sits
between ``<!-- benchmark:<name> -->`` markers in docs/performance.md, so running one
benchmark keeps the others' figures.
"""

import datetime
import importlib
import os
import pkgutil
import platform
import re
import sys
import time
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
MACHINE_START, MACHINE_END = "<!-- machine -->", "<!-- /machine -->"


def discover():
    return [
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not m.name.startswith("_")
    ]


def machine():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    return (
        f"{MACHINE_START}\nLast run: {datetime.date.today().isoformat()} on {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}; `nproc` = {os.cpu_count()}, "
        f"CPU: {cpu}, memory: {memory}.\n{MACHINE_END}"
    )


def write(sections):
    text = (
        DOC.read_text()
        if DOC.exists()
        else (
            "# Performance\n\nFigures written by `make bench` (`python -m benchmarks`). Each section comes "
            "from one module of `benchmarks/`; rerun it to refresh its figures.\n\n"
            f"{MACHINE_START}\n{MACHINE_END}\n"
        )
    )
    text = re.sub(
        re.escape(MACHINE_START) + ".*?" + re.escape(MACHINE_END),
        lambda _m: machine(),
        text,
        flags=re.S,
    )
    for name, body in sections.items():
        start, end = f"<!-- benchmark:{name} -->", f"<!-- /benchmark:{name} -->"
        block = f"{start}\n{body.strip()}\n{end}"
        if start in text:
            text = re.sub(
                re.escape(start) + ".*?" + re.escape(end), lambda _m, b=block: b, text, flags=re.S
            )
        else:
            text = text.rstrip() + "\n\n" + block + "\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text)


def main(names):
    sections = {}
    for name in names or discover():
        module = importlib.import_module(f"benchmarks.{name}")
        if not callable(getattr(module, "run", None)):
            continue
        print(f"== benchmark: {name}", flush=True)
        started = time.monotonic()
        sections[name] = module.run()
        print(sections[name])
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    write(sections)
    print(f"Written: {DOC}")


if __name__ == "__main__":
    main(sys.argv[1:])
