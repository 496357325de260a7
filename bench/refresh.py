"""Refresh benchmark: one changed file in a big index, written as a delta beside the base or as a whole new index.

    python bench/refresh.py [--copies 43] [--rounds 3]

The collection is /work/collections/python-rst linked --copies times into subfolders (43 copies: about 1M
passages, 520 MB). docent builds its index from the files, then, round after round, one file is replaced
with a changed version and the index refreshed, alternately the way docent does it (a delta file beside the
base: `open_index` as `docent index` and the interface call it) and with the delta share set to 0 (the whole
index rewritten, as before deltas): the peer measured in the same run. Every step runs in a fresh process;
its figures are open_index's own time (what a refresh costs the interface, which has docent imported already),
the process's wall time, the bytes written, and retrieval p50 over the python-rst dev questions afterwards
(CPU time of one query at a time, evidence selection included), so that searching a base plus a delta is
compared with searching a whole index. Writes bench/results/refresh.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.retrieval import APP_PASSAGES, APP_SENTENCES, PYTHON_RST, WORK, natural_questions, worker_main  # noqa: E402

RESULTS = HERE / "results" / "refresh.md"
CHANGED = "library/os.rst"  # the file replaced, in copy r of round r


def linked_collection(copies: int) -> Path:
    """python-rst hard-linked `copies` times (a replaced file gets its own inode; the others share theirs)."""
    root = WORK / f"collection-linked-{copies}"
    if not root.exists():
        partial = root.with_name(root.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        for copy in range(copies):
            shutil.copytree(PYTHON_RST, partial / f"copy{copy}", copy_function=os.link)
        partial.rename(root)
    return root


def replace_file(path: Path, marker: str) -> None:
    """A new version of the file: its text plus a paragraph naming marker, written beside it and renamed in."""
    text = path.read_text(encoding="utf-8") + f"\n\nRefreshed paragraph {marker}: the index must find this.\n"
    temporary = path.with_name(path.name + ".new")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


# ---------------------------------------------------------------- workers (each in a fresh process)

def work_open(root: str, cache: str, share: str, marker: str) -> dict:
    from docent.answering.evidence import best_sentences
    from docent.retrieval.index_cache import open_index

    started = time.perf_counter()
    opened = open_index(Path(root), Path(cache), delta_share=float(share))
    seconds = time.perf_counter() - started
    found = not marker or any(marker in s.passage.text for s in opened.index.search(marker, 3))
    index = opened.index
    times = []
    for question in natural_questions():
        cpu = time.thread_time()
        best_sentences(question, index.search(question, APP_PASSAGES), index.term_idf, APP_SENTENCES)
        times.append(time.thread_time() - cpu)
    times.sort()
    report = opened.report
    return {"open_s": seconds, "files_read": report.files_read, "passages": report.passages,
            "size_mb": report.size_bytes / 1e6, "found": found, "p50_ms": 1000 * times[len(times) // 2],
            "segmented": type(index).__name__ == "SegmentedIndex"}


WORKERS = {"open": work_open}


def run_worker(*args: str) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--worker", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"worker failed:\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["wall_s"] = time.perf_counter() - started
    return figures


def written_mb(cache: Path, since: float) -> float:
    """Megabytes of the cache's files written after since."""
    return sum(p.stat().st_size for p in cache.iterdir() if p.stat().st_mtime >= since) / 1e6


# ---------------------------------------------------------------- driver

def measure(copies: int, rounds: int) -> list[tuple[str, dict]]:
    root, cache = linked_collection(copies), WORK / f"cache-refresh-{copies}"
    shutil.rmtree(cache, ignore_errors=True)
    rows = [("build from the files", run_worker("open", str(root), str(cache), "0", ""))]
    print(f"built: {rows[0][1]}", file=sys.stderr)
    for r in range(rounds):
        for how, share in (("delta", "0.05"), ("whole rewrite", "0")):
            marker = f"zqmarker{r}{how[0]}"
            replace_file(root / f"copy{r % copies}" / CHANGED, marker)
            time.sleep(0.01)
            since = time.time() - 0.001
            figures = run_worker("open", str(root), str(cache), share, marker)
            figures["written_mb"] = written_mb(cache, since)
            rows.append((f"one file changed, {how} (round {r + 1})", figures))
            print(f"{how}: {figures}", file=sys.stderr)
    return rows


def table(rows: list[tuple[str, dict]], copies: int) -> str:
    lines = [
        "# Refresh benchmark", "",
        f"Run: `python bench/refresh.py --copies {copies}` on {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} at the end. See the script's docstring for what is measured.", "",
        "| step | passages | files read | open_index s | process wall s | written MB | index MB | base + delta | marker found"
        " | retrieval p50 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|---:|",
    ]
    for label, f in rows:
        lines.append(
            f"| {label} | {f['passages']:,} | {f['files_read']:,} | {f['open_s']:.2f} | {f['wall_s']:.2f} | "
            f"{f.get('written_mb', f['size_mb']):.1f} | {f['size_mb']:.1f} | {'yes' if f['segmented'] else 'no'} | "
            f"{'yes' if f['found'] else 'NO'} | {f['p50_ms']:.3f} |")
    deltas = [f for label, f in rows if "delta" in label]
    wholes = [f for label, f in rows if "whole" in label]
    if deltas and wholes:
        median = lambda values: sorted(values)[len(values) // 2]  # noqa: E731
        d, w = median([f["open_s"] for f in deltas]), median([f["open_s"] for f in wholes])
        lines += ["", f"Median refresh: delta {d:.2f} s, whole rewrite {w:.2f} s (delta / whole {d / w:.2f}); "
                      f"retrieval p50 with a delta {median([f['p50_ms'] for f in deltas]):.3f} ms, "
                      f"whole {median([f['p50_ms'] for f in wholes]):.3f} ms."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=43)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker_main(WORKERS, args.worker)
    rows = measure(args.copies, args.rounds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table(rows, args.copies))
    print(args.out.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
