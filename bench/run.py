"""hprules benchmark: run with `python bench/run.py` (from the repository root).

Measures, in one run:
1. the full rule book over N synthetic parties (N = 70, 1,000, 10,000, 100,000),
   through durable-rules and through a plain-Python baseline, checking that both
   give identical findings; wall time, time per party, the ratio, peak memory
   (each N in its own process, parties streamed in chunks of 1,000);
2. whole-process time of `hprules check` and `hprules calendar` on the shipped
   data beside `python -c pass` and a bare import of the dependencies (median of
   several cold runs);
3. `hprules serve`: requests per second for a feed with and without
   If-None-Match, from a second process on loopback (wrk, bounded in time).
Prints a table and writes it to docs/performance.md with the machine it ran on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 22)
SIZES = (70, 1_000, 10_000, 100_000)
CHUNK = 1_000
TARGETS = {"ratio_10k": 3.0, "check_s": 0.3, "rps": 1000.0}


def scale_worker(n: int) -> dict[str, object]:
    """Evaluate n parties with the engine and the baseline; runs in its own process."""
    sys.path.insert(0, str(Path(__file__).parent))
    from baseline import PlainMatcher

    from hprules.evaluation import Evaluator
    from hprules.project import load_project
    from hprules.synthetic import synthetic_factbase

    book = load_project(ROOT).rules
    engine = Evaluator(book)
    plain = Evaluator(book, matcher=PlainMatcher)
    engine_s = plain_s = 0.0
    findings = 0
    digest = hashlib.sha256()
    identical = True
    for first in range(0, n, CHUNK):
        facts = synthetic_factbase(min(CHUNK, n - first), seed=2026, first=first)
        t0 = time.perf_counter()
        a = engine.evaluate(facts, AS_OF)
        t1 = time.perf_counter()
        b = plain.evaluate(facts, AS_OF)
        t2 = time.perf_counter()
        engine_s += t1 - t0
        plain_s += t2 - t1
        identical = identical and a.findings == b.findings
        findings += len(a.findings)
        digest.update(repr([(f.party, f.rule, f.status, f.earliest, f.latest) for f in a.findings]).encode())
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "n": n,
        "engine_s": engine_s,
        "baseline_s": plain_s,
        "identical": identical,
        "findings": findings,
        "peak_mb": peak_kb / 1024,
        "digest": digest.hexdigest()[:12],
    }


def run_scale() -> list[dict[str, object]]:
    rows = []
    for n in SIZES:
        done = subprocess.run(
            [sys.executable, __file__, "--scale-worker", str(n)], capture_output=True, text=True, check=True
        )
        row = json.loads(done.stdout)
        rows.append(row)
        print(
            f"  N={n:>7,}: engine {row['engine_s']:.3f} s, baseline {row['baseline_s']:.3f} s, "
            f"ratio {row['engine_s'] / row['baseline_s']:.2f}, peak {row['peak_mb']:.0f} MB, "
            f"identical={row['identical']}",
            flush=True,
        )
    return rows


def median_run(command: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run_processes() -> dict[str, float]:
    # Bytecode as an installed package has it: with PYTHONDONTWRITEBYTECODE set (as on
    # the CI machines) an editable install would otherwise recompile every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "hprules")], check=True)
    hprules = str(Path(sys.executable).parent / "hprules")
    out = tempfile.mkdtemp(prefix="hprules-bench-")
    deps = "import click, yaml, dateutil.relativedelta, durable.engine, icalendar"
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import of click, PyYAML, dateutil, durable-rules, icalendar": [sys.executable, "-c", deps],
        "hprules check (all parties)": [hprules, "check", "--as-of", AS_OF.isoformat()],
        "hprules calendar (all feeds)": [hprules, "calendar", "--as-of", AS_OF.isoformat(), "--out", out],
    }
    result = {name: median_run(cmd) for name, cmd in commands.items()}
    shutil.rmtree(out, ignore_errors=True)
    for name, seconds in result.items():
        print(f"  {name:<32} {seconds * 1000:7.1f} ms", flush=True)
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wrk(url: str, *headers: str) -> dict[str, float]:
    args = ["wrk", "-t2", "-c16", "-d5s", "--timeout", "2s"]
    for header in headers:
        args += ["-H", header]
    out = subprocess.run([*args, url], capture_output=True, text=True, timeout=60, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    socket_errors = sum(int(x) for x in errors.groups()) if errors else 0
    return {"rps": rps, "requests": total, "errors": (int(bad.group(1)) if bad else 0) + socket_errors}


def run_server() -> dict[str, dict[str, float]] | None:
    if shutil.which("wrk") is None:
        print("  wrk is not installed (apt-get install wrk): server not measured")
        return None
    port = free_port()
    hprules = str(Path(sys.executable).parent / "hprules")
    server = subprocess.Popen(
        [hprules, "serve", "--port", str(port), "--as-of", AS_OF.isoformat()],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/roros.ics"
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    etag = response.headers["ETag"]
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("hprules serve did not start")
        result = {"full feed (200)": wrk(url), "If-None-Match (304)": wrk(url, f"If-None-Match: {etag}")}
    finally:
        server.terminate()
        server.wait(timeout=10)
    for name, row in result.items():
        print(f"  {name:<22} {row['rps']:8.0f} req/s, {int(row['requests'])} requests, {int(row['errors'])} errors")
    return result


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def report(scale: list[dict[str, object]], procs: dict[str, float], server: dict[str, dict[str, float]] | None) -> str:
    lines = [
        "# Performance",
        "",
        "Generated by `python bench/run.py` (do not edit by hand).",
        "",
        f"Machine: {machine()}.",
        "",
        "## Evaluating the rule book",
        "",
        "Synthetic parties (all three categories, exact and month-precision dates, missing",
        "facts; `hprules.synthetic`), streamed in chunks of 1,000, each N in its own process.",
        "The baseline decides which rules apply with plain set lookups instead of",
        "durable-rules; both share the date arithmetic and statuses, so the ratio is the",
        "cost of the rules engine. Both give identical findings (checked on every chunk).",
        "",
        "| N parties | findings | engine | per party | baseline | per party | engine / baseline "
        "| peak memory | identical |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for row in scale:
        n = int(row["n"])  # type: ignore[call-overload]
        e, b = float(row["engine_s"]), float(row["baseline_s"])  # type: ignore[arg-type]
        lines.append(
            f"| {n:,} | {int(row['findings']):,} | {e:.3f} s | {e / n * 1e6:.0f} µs | {b:.3f} s | "  # type: ignore[call-overload]
            f"{b / n * 1e6:.0f} µs | {e / b:.2f}× | {float(row['peak_mb']):.0f} MB | "  # type: ignore[arg-type]
            f"{'yes' if row['identical'] else 'NO'} |"
        )
    ten_k = next(r for r in scale if r["n"] == 10_000)
    ratio = float(ten_k["engine_s"]) / float(ten_k["baseline_s"])  # type: ignore[arg-type]
    lines += [
        "",
        f"Target: engine within {TARGETS['ratio_10k']:.0f}× of the baseline at 10,000 parties — "
        f"measured {ratio:.2f}× ({'met' if ratio <= TARGETS['ratio_10k'] else 'MISSED'}).",
        "",
        "## Whole commands on the shipped data (median of 7 cold runs)",
        "",
        "Each a new process, with the package's bytecode compiled (as a normal install has it).",
        "",
        "| command | median |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {seconds * 1000:.0f} ms |" for name, seconds in procs.items()]
    check = procs["hprules check (all parties)"]
    lines += [
        "",
        f"Target: `hprules check` under {TARGETS['check_s']} s — measured {check:.3f} s "
        f"({'met' if check < TARGETS['check_s'] else 'MISSED'}).",
        "",
        "## Feed server (`hprules serve`, waitress, 4 threads)",
        "",
    ]
    if server is None:
        lines.append("Not measured: wrk is not installed.")
    else:
        lines += [
            "wrk from a second process on loopback: 2 threads, 16 connections, 5 s per row, `/roros.ics`.",
            "",
            "| request | requests/s | requests | errors |",
            "|---|---:|---:|---:|",
        ]
        lines += [
            f"| {name} | {row['rps']:.0f} | {int(row['requests'])} | {int(row['errors'])} |"
            for name, row in server.items()
        ]
        worst = min(row["rps"] for row in server.values())
        lines += [
            "",
            f"Target: over {TARGETS['rps']:.0f} requests/s with no errors — slowest row {worst:.0f}/s "
            f"({'met' if worst > TARGETS['rps'] and not any(r['errors'] for r in server.values()) else 'MISSED'}).",
        ]
    lines += ["", NOTES]
    return "\n".join(lines) + "\n"


NOTES = """## Where the time went, and what was done

Profiles (cProfile, `-X importtime`) during development found:

- **durable-rules' per-firing cost.** Each match fired its own action, and each
  action makes durable-rules serialise the session state to JSON and back: about
  40 µs per match, 90 % of the engine's time. Every rule now has a `cap`, so one
  action call receives up to a whole batch of 1,000 parties' matches
  (10,000 parties: 4.1 s → 1.4 s for the whole evaluation).
- **The cyclic garbage collector** ran over the many small acyclic objects the
  engine and findings create: 40 % of matching time. It is paused during an
  evaluation.
- **Date arithmetic** was rebuilt for every party: deadlines are memoised per
  (anchor, offset, move), since parties share their waves' dates, and each
  offset builds its `relativedelta` once.
- **Start-up.** Importing `holidays` cost about 160 ms, more than half of a
  `check`; the holidays are read from a table generated from the package (a test
  fails when they disagree). `icalendar` (70 ms) is imported only by `calendar`
  and `serve`. What remains of a `check` is mostly imports of click, PyYAML,
  durable-rules and dateutil (about 100 ms) and reading 50 YAML files.

What is left: the engine still costs about 1.5× the plain set lookups, almost all
of it durable-rules decoding each batch of matched facts from JSON into Python
objects, which happens inside durable-rules. Peak memory reaches about 75 MB
within the first few thousand parties and then stays flat to 100,000, since parties
are streamed in chunks. Measured with tracemalloc at 10,000 parties, Python objects
stay under 16 MB at their peak (the deadline memo holds about 9,000 entries and is
bounded by the distinct anchor dates); the rest of the resident size is the
interpreter, the libraries and durable-rules' C-side buffers, which do not grow
after the first batches. `hprules calendar` spends most of its time importing and
serialising with `icalendar`.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale-worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="print only; do not write docs/performance.md")
    args = parser.parse_args()
    if args.scale_worker:
        print(json.dumps(scale_worker(args.scale_worker)))
        return
    print("Evaluating the rule book:", flush=True)
    scale = run_scale()
    print("Whole commands (median of 7):", flush=True)
    procs = run_processes()
    print("Feed server:", flush=True)
    server = run_server()
    text = report(scale, procs, server)
    if not args.no_write:
        (ROOT / "docs").mkdir(exist_ok=True)
        (ROOT / "docs" / "performance.md").write_text(text, encoding="utf-8")
        print("wrote docs/performance.md")


if __name__ == "__main__":
    main()
