"""Retrieval benchmark: docent's index against tantivy (Rust, Lucene's design) on the same passages and queries.

    python bench/retrieval.py [--sizes 24MB 97MB 100000 1000000] [--rounds 2]

Collections: "24MB" is /work/collections/python-rst copied twice into two subfolders, "97MB" eight times
(the 4x case); docent indexes them from the files, end to end (`open_index` on a fresh cache: reading,
chunking, analysing, writing), and tantivy indexes the passages docent made, their text stored (1 thread,
its en_stem analyzer, term frequencies without positions, as docent keeps). Sizes given as numbers are
synthetic corpora with a Zipf vocabulary: both engines are given the same pickled passage texts.

Queries: natural-language questions of 5-12 words (the python-rst dev questions for the collections;
5-12 words drawn from a random passage for the synthetic corpora) and 2-5 distinct words drawn from a random
passage. docent's time is what `timings.retrieval_ms` reports: search for the app's 2 passages and
choose their 3 best sentences (evidence); also shown, its top-10 ranking alone. tantivy's: parse the
query and collect its top 10.

Every measurement runs in a fresh subprocess, so that peak memory (VmHWM) belongs to that engine alone, and
the engines alternate (docent, tantivy, docent, tantivy, ...): the machine is shared, so absolute figures
are noisy and the ratios of figures taken in the same run are what to compare. Top-10 parity with
rank-bm25's full get_scores is checked on the first queries. Writes the table to bench/results/retrieval.md.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

WORK = Path(os.environ.get("DOCENT_BENCH_DIR", HERE / ".cache"))
RESULTS = HERE / "results" / "retrieval.md"
PYTHON_RST = Path("/work/collections/python-rst")
DEV_QUESTIONS = HERE / "sets" / "python-rst-dev.jsonl"
COLLECTIONS = {"24MB": 2, "97MB": 8}  # copies of python-rst
TOP = 10
APP_PASSAGES, APP_SENTENCES = 2, 3  # the app's defaults: top_k and evidence_sentences
PASSAGES_PER_DOCUMENT = 50  # synthetic corpus
SEED = 20240611
QUERY_COUNT = 60
PARITY_QUERIES = 20
_WORD = re.compile(r"[^\W_]+")


def peak_mb() -> float:
    """Peak resident memory of this process (VmHWM: ru_maxrss would carry the parent's peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ---------------------------------------------------------------- corpora and queries

def collection(name: str) -> Path:
    """python-rst copied COLLECTIONS[name] times, each copy in its own subfolder."""
    root = WORK / f"collection-{name}"
    if not root.exists():
        for copy in range(COLLECTIONS[name]):
            shutil.copytree(PYTHON_RST, root / f"copy{copy}")
    return root


def synthetic_terms(n: int, mean_terms: float = 38.0, vocab_size: int = 1_000_000, skip: int = 100) -> list[list[str]]:
    """Passages of Poisson(mean_terms) words drawn from a Zipf law; the skip most frequent ranks are left
    out, as a stopword list would."""
    rng = np.random.default_rng(SEED + n)
    weights = np.arange(skip + 1, skip + vocab_size + 1, dtype=np.float64) ** -1.0
    cdf = np.cumsum(weights / weights.sum())
    lengths = np.maximum(rng.poisson(mean_terms, n), 1)
    tokens = np.searchsorted(cdf, rng.random(int(lengths.sum())), side="right").clip(0, vocab_size - 1)
    vocab = np.array([f"w{i:x}" for i in range(vocab_size)])
    words = vocab[tokens].tolist()
    out, pos = [], 0
    for length in lengths.tolist():
        out.append(words[pos:pos + length])
        pos += length
    return out


def sampled_queries(texts: list[str], count: int, low: int, high: int, distinct: bool, seed: int) -> list[str]:
    """count queries of low to high words taken from random passages (distinct words, or as they come)."""
    from docent.retrieval.analyzer import STOPWORDS

    rng = np.random.default_rng(seed)
    queries = []
    while len(queries) < count:
        words = [w for w in _WORD.findall(texts[int(rng.integers(len(texts)))]) if w.lower() not in STOPWORDS]
        if distinct:
            words = sorted(set(words))
        if len(words) < low:
            continue
        size = int(rng.integers(low, min(high, len(words)) + 1))
        start = int(rng.integers(0, len(words) - size + 1))
        queries.append(" ".join(rng.choice(words, size=size, replace=False).tolist() if distinct else words[start:start + size]))
    return queries


def natural_questions() -> list[str]:
    return [json.loads(line)["question"] for line in DEV_QUESTIONS.read_text().splitlines() if line.strip()]


# ---------------------------------------------------------------- workers (each in its own process)

def work_build_docent_files(root: str, cache: str) -> dict:
    from docent.retrieval.index_cache import open_index

    files = [p for p in Path(root).rglob("*") if p.is_file()]
    started = time.perf_counter()
    indexed = open_index(Path(root), Path(cache))
    seconds = time.perf_counter() - started
    return {"build_s": seconds, "source_mb": sum(p.stat().st_size for p in files) / 1e6, "files": len(files),
            "passages": indexed.report.passages, "index_mb": indexed.report.size_bytes / 1e6}


def work_build_docent_texts(texts_path: str, cache: str) -> dict:
    """The synthetic passages' texts, the same pickle tantivy is given, analyzed and indexed (no files to read
    or chunk)."""
    from docent.retrieval.analyzer import analyze
    from docent.retrieval.chunking import Passage
    from docent.retrieval.documents import Document
    from docent.retrieval.index_data import IndexAssembly, NewDocument
    from docent.retrieval.index_store import write_store

    all_texts = pickle.loads(Path(texts_path).read_bytes())
    started = time.perf_counter()
    assembly = IndexAssembly(None)
    for first in range(0, len(all_texts), PASSAGES_PER_DOCUMENT):
        texts = all_texts[first:first + PASSAGES_PER_DOCUMENT]
        group = [analyze(text) for text in texts]
        doc_id = f"doc{first // PASSAGES_PER_DOCUMENT:07d}.txt"
        text, passages, offset = "\n".join(texts), [], 0
        for j, passage_text in enumerate(texts):
            passages.append(Passage(f"{doc_id}#{j}", doc_id, doc_id, offset, offset + len(passage_text), passage_text))
            offset += len(passage_text) + 1
        assembly.add(NewDocument.of(Document(doc_id, doc_id, text), passages, group, len(text), 0, bytes(32)))
    data = assembly.finish()
    data.arrays["meta.indexed_ns"] = np.zeros(1, dtype=np.int64)
    Path(cache).mkdir(parents=True, exist_ok=True)
    size = write_store(Path(cache) / "index.docent-index", data.stored_arrays(), {"key": "bench"})
    return {"build_s": time.perf_counter() - started, "passages": len(all_texts), "index_mb": size / 1e6}


def _docent_index(cache: str):
    from docent.retrieval.index_data import IndexData
    from docent.retrieval.index_store import read_store

    path = next(Path(cache).glob("*.docent-index"))
    return IndexData(read_store(path)[1]).bm25_index()


def work_export_texts(cache: str, out: str) -> dict:
    index = _docent_index(cache)
    texts = [p.text for p in index.passages]
    Path(out).write_bytes(pickle.dumps(texts, protocol=pickle.HIGHEST_PROTOCOL))
    return {"passages": len(texts)}


def _tantivy_schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem", index_option="freq")
    return builder.build()


def work_build_tantivy(texts_path: str, folder: str) -> dict:
    import tantivy

    texts = pickle.loads(Path(texts_path).read_bytes())
    shutil.rmtree(folder, ignore_errors=True)
    Path(folder).mkdir(parents=True)
    started = time.perf_counter()
    index = tantivy.Index(_tantivy_schema(), folder)
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for text in texts:
        writer.add_document(tantivy.Document(body=text))
    writer.commit()
    writer.wait_merging_threads()
    return {"build_s": time.perf_counter() - started, "index_mb": folder_bytes(Path(folder)) / 1e6}


def _timed(search, queries: list[str]) -> list[list[float]]:
    """Per query: the CPU time of this thread (what the work costs, whatever else the machine runs) and the
    wall-clock time."""
    for query in queries[:3]:  # warm-up, not counted
        search(query)
    latencies = []
    for query in queries:
        cpu, wall = time.thread_time(), time.perf_counter()
        search(query)
        latencies.append([time.thread_time() - cpu, time.perf_counter() - wall])
    return latencies


def work_serve_docent(cache: str, queries_path: str) -> dict:
    from docent.retrieval.analyzer import analyze
    from docent.retrieval.evidence import best_sentences

    query_sets = json.loads(Path(queries_path).read_text())
    started = time.perf_counter()
    index = _docent_index(cache)
    figures: dict = {"load_s": time.perf_counter() - started}

    def retrieval(query: str) -> None:
        best_sentences(query, index.search(query, APP_PASSAGES), index.term_idf, APP_SENTENCES)

    for name, queries in query_sets.items():
        figures[name] = _timed(retrieval, queries)
        figures[name + " top10"] = _timed(lambda q: index.rank(analyze(q), TOP), queries)
    figures["tops"] = {name: [[pid for pid, _ in index.rank(analyze(q), TOP)] for q in queries[:PARITY_QUERIES]]
                       for name, queries in query_sets.items()}
    return figures


def work_serve_tantivy(folder: str, queries_path: str) -> dict:
    import tantivy

    query_sets = json.loads(Path(queries_path).read_text())
    started = time.perf_counter()
    index = tantivy.Index.open(folder)
    searcher = index.searcher()
    figures: dict = {"load_s": time.perf_counter() - started}

    def search(query: str) -> None:
        searcher.search(index.parse_query(" ".join(_WORD.findall(query)), ["body"]), TOP)

    for name, queries in query_sets.items():
        figures[name] = _timed(search, queries)
    return figures


def work_parity(cache: str, queries_path: str, tops_path: str) -> dict:
    """How many of docent's top-10 lists equal rank-bm25's full get_scores ranking."""
    from rank_bm25 import BM25Okapi

    from docent.retrieval.analyzer import analyze
    from docent.retrieval.bm25_index import K1, B
    from docent.retrieval.chunking import passage_terms

    index = _docent_index(cache)
    model = BM25Okapi([passage_terms(p) for p in index.passages], k1=K1, b=B)  # what docent indexes: text, then section
    tops = json.loads(Path(tops_path).read_text())
    same = total = 0
    for name, queries in json.loads(Path(queries_path).read_text()).items():
        for query, ours in zip(queries[:PARITY_QUERIES], tops[name], strict=False):
            terms = analyze(query)
            scores = model.get_scores(terms)
            holding = [i for i, freqs in enumerate(model.doc_freqs) if any(t in freqs for t in terms)]
            same += sorted(holding, key=lambda i: (-scores[i], i))[:TOP] == ours
            total += 1
    return {"same": same, "compared": total}


WORKERS = {
    "build-docent-files": work_build_docent_files,
    "build-docent-texts": work_build_docent_texts,
    "export-texts": work_export_texts,
    "build-tantivy": work_build_tantivy,
    "serve-docent": work_serve_docent,
    "serve-tantivy": work_serve_tantivy,
    "parity": work_parity,
}


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (a pool's workers)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def worker_main(workers: dict, call: list[str]) -> int:
    """In a worker process: run workers[call[0]](*call[1:]) and print its figures, with this process's peak
    memory and CPU time, as the last line of JSON."""
    figures = workers[call[0]](*call[1:])
    figures["peak_mb"] = peak_mb()
    figures["cpu_s"] = cpu_seconds()
    print(json.dumps(figures))
    return 0


def run_worker(name: str, *args: str) -> dict:
    command = [sys.executable, __file__, "--worker", name, *args]
    done = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, OMP_NUM_THREADS="1"))
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- driver

@dataclass
class SizeResult:
    label: str
    passages: int = 0
    builds: dict = field(default_factory=dict)  # engine -> figures of its build
    serves: dict = field(default_factory=dict)  # engine -> list of figures, one per round
    parity: dict = field(default_factory=dict)


def _p(values: list[list[float]], q: float, clock: int = 0) -> float:
    """Percentile q in ms of the CPU (clock 0) or wall-clock (1) times."""
    return float(np.percentile(np.array(values)[:, clock] * 1000, q))


def measure(label: str, rounds: int, parity: bool) -> SizeResult:
    base = WORK / f"run-{label}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    result = SizeResult(label)
    docent_cache, tantivy_dir, texts_path = base / "docent", base / "tantivy", base / "texts.pickle"
    if label in COLLECTIONS:
        result.builds["docent"] = run_worker("build-docent-files", str(collection(label)), str(docent_cache))
        run_worker("export-texts", str(docent_cache), str(texts_path))
        texts = pickle.loads(texts_path.read_bytes())
        natural = natural_questions()
    else:
        texts = [" ".join(t) for t in synthetic_terms(int(label))]
        texts_path.write_bytes(pickle.dumps(texts, protocol=pickle.HIGHEST_PROTOCOL))
        result.builds["docent"] = run_worker("build-docent-texts", str(texts_path), str(docent_cache))
        natural = sampled_queries(texts, QUERY_COUNT, 5, 12, False, SEED + 2)
    result.passages = len(texts)
    queries = {"natural": natural, "terms": sampled_queries(texts, QUERY_COUNT, 2, 5, True, SEED + 1)}
    del texts
    queries_path = base / "queries.json"
    queries_path.write_text(json.dumps(queries))
    result.builds["tantivy"] = run_worker("build-tantivy", str(texts_path), str(tantivy_dir))
    print(f"  built: docent {result.builds['docent']['build_s']:.1f} s, tantivy {result.builds['tantivy']['build_s']:.1f} s",
          file=sys.stderr)
    for _ in range(rounds):
        result.serves.setdefault("docent", []).append(run_worker("serve-docent", str(docent_cache), str(queries_path)))
        result.serves.setdefault("tantivy", []).append(run_worker("serve-tantivy", str(tantivy_dir), str(queries_path)))
    if parity:
        tops_path = base / "tops.json"
        tops_path.write_text(json.dumps(result.serves["docent"][0]["tops"]))
        result.parity = run_worker("parity", str(docent_cache), str(queries_path), str(tops_path))
    shutil.rmtree(base, ignore_errors=True)
    return result


def _median_p(serves: list[dict], name: str, q: float, clock: int = 0) -> float:
    """The median over rounds of each round's percentile q."""
    return float(np.median([_p(s[name], q, clock) for s in serves]))


def tables(results: list[SizeResult], rounds: int) -> str:
    build_head = (
        "| corpus | passages | engine | build s | CPU s (all processes) | MB/s (files) | peak MB (build) | index MB |\n"
        "|---|---:|---|---:|---:|---:|---:|---:|\n"
    )
    build_rows, query_rows, ratio_lines = [], [], []
    for r in results:
        for engine in ("docent", "tantivy"):
            b = r.builds[engine]
            rate = f"{r.builds['docent']['source_mb'] / b['build_s']:.1f}" if "source_mb" in r.builds["docent"] else "-"
            build_rows.append(f"| {r.label} | {r.passages:,} | {engine} | {b['build_s']:.2f} | {b.get('cpu_s', 0):.1f} | {rate} "
                              f"| {b['peak_mb']:.0f} | {b['index_mb']:.1f} |\n")
        d, t = r.serves["docent"], r.serves["tantivy"]
        for name in ("natural", "terms"):
            cells = [_median_p(d, name, 50), _median_p(d, name, 95), _median_p(d, name + " top10", 50),
                     _median_p(t, name, 50), _median_p(t, name, 95)]
            walls = [_median_p(d, name, 50, 1), _median_p(t, name, 50, 1)]
            query_rows.append(f"| {r.label} | {r.passages:,} | {name} | " + " | ".join(f"{c:.3f}" for c in cells)
                              + f" | **{cells[0] / cells[3]:.2f}** | {walls[0]:.3f} / {walls[1]:.3f} |\n")
        serve_mb = max(s["peak_mb"] for s in d)
        line = (f"- {r.label}: build time docent / tantivy {r.builds['docent']['build_s'] / r.builds['tantivy']['build_s']:.2f}, "
                f"index size docent / tantivy {r.builds['docent']['index_mb'] / r.builds['tantivy']['index_mb']:.2f}, "
                f"serving peak memory docent {serve_mb:.0f} MB (tantivy {max(s['peak_mb'] for s in t):.0f} MB), "
                f"load docent {np.median([s['load_s'] for s in d]) * 1000:.0f} ms")
        if r.parity:
            line += f"; top-10 identical to rank-bm25's full scoring: {r.parity['same']}/{r.parity['compared']}"
        ratio_lines.append(line + "\n")
    query_head = (
        "| corpus | passages | queries | docent retrieval p50 ms | docent p95 ms | docent top-10 p50 ms "
        "| tantivy top-10 p50 ms | tantivy p95 ms | p50 docent / tantivy | wall-clock p50 ms docent / tantivy |\n"
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    load = os.getloadavg()[0]
    return (
        f"# Retrieval benchmark\n\nRun: `python bench/retrieval.py` on {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{os.cpu_count()} cores, **shared with other jobs** (load average {load:.1f} at the end): absolute figures "
        f"are inflated and noisy; compare the ratios, taken in the same run with the engines alternating.\n\n"
        + (__doc__.split("\n\n", 2)[2].rsplit("\n\n", 1)[0]) + "\n\n"
        "Latencies: one query at a time, in CPU time of the searching thread (on a loaded machine wall-clock "
        "time mostly measures how often the process was preempted, which penalises longer tasks more than in "
        f"proportion; wall-clock p50 is shown too); each figure is the median over {rounds} rounds (a fresh process each) "
        "of that round's percentile. Build MB/s: the collection's file bytes over the build time (docent reads "
        "the files; tantivy is given docent's passages in memory, so its time excludes reading and chunking).\n\n"
        "## Build\n\n" + build_head + "".join(build_rows)
        + "\n## Queries\n\n" + query_head + "".join(query_rows)
        + "\n## Ratios\n\n" + "".join(ratio_lines)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["24MB", "97MB", "100000", "1000000"])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-parity", action="store_true", help="skip the rank-bm25 comparison")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker_main(WORKERS, args.worker)
    results = []
    for label in args.sizes:
        print(f"{label}", file=sys.stderr)
        parity = not args.no_parity and (label in COLLECTIONS or int(label) <= 100_000)
        results.append(measure(label, args.rounds, parity))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(tables(results, args.rounds))
    print(args.out.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
