"""Retrieval benchmark: docent's index against rank-bm25 (full get_scores) and bm25s, at several sizes.

    python bench/retrieval.py [--passages 1000 10000 100000 1000000] [--queries 200]

Corpus: the reStructuredText sources of Debian's python3-doc and linux-doc packages (installed with
apt-get when missing), chunked and analyzed by docent itself; sizes beyond it use a deterministic
synthetic corpus with a Zipf vocabulary. Every engine gets the same analyzed terms and the same queries.

Each engine is measured in two fresh subprocesses, one that builds and saves its index and one that
loads it and answers the queries, so that peak memory (ru_maxrss) belongs to that engine alone.
Also measured, to choose docent's design: rank-bm25's get_batch_scores over the candidate passages
from an inverted index ("rank-bm25 candidates"), up to 100k passages.
Writes the table to bench/results/retrieval.md.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

WORK = Path(os.environ.get("DOCENT_BENCH_DIR", HERE / ".cache"))
RESULTS = HERE / "results" / "retrieval.md"
DEBIAN_DOCS = {"python3-doc": "/usr/share/doc/python3.*/html/_sources", "linux-doc": "/usr/share/doc/linux-doc-*/html/_sources"}
ENGINES = ("docent", "rank-bm25", "bm25s", "rank-bm25 candidates")
TOP = 10
PASSAGES_PER_DOCUMENT = 50  # synthetic corpus
SEED = 20240611


# ---------------------------------------------------------------- corpus

@dataclass
class BenchCorpus:
    """Passages as analyzed terms (ids into vocab), their texts, and how they group into documents."""

    kind: str
    vocab: list[str]
    tokens: np.ndarray  # int32 term ids, passage after passage
    lengths: np.ndarray  # terms per passage
    texts: list[str] | None  # None: the text is the terms joined by spaces

    def term_lists(self) -> list[list[str]]:
        vocab, ids = self.vocab, self.tokens.tolist()
        out, pos = [], 0
        for n in self.lengths.tolist():
            out.append([vocab[i] for i in ids[pos:pos + n]])
            pos += n
        return out

    def text(self, i: int, terms: list[str]) -> str:
        return self.texts[i] if self.texts is not None else " ".join(terms)


def ensure_debian_docs() -> list[Path]:
    import glob

    missing = [pkg for pkg, pattern in DEBIAN_DOCS.items() if not glob.glob(pattern)]
    if missing:
        print(f"installing {' '.join(missing)} with apt-get …", file=sys.stderr)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update"], check=True, stdout=subprocess.DEVNULL, env=env)
        subprocess.run(["apt-get", "install", "-y", *missing], check=True, stdout=subprocess.DEVNULL, env=env)
    return [Path(sorted(glob.glob(pattern))[-1]) for pattern in DEBIAN_DOCS.values()]


def real_corpus() -> BenchCorpus:
    """The Debian documentation, indexed by docent (incrementally, so reruns are quick)."""
    cached = WORK / "real-corpus.pickle"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    from docent.retrieval.analyzer import analyze
    from docent.retrieval.index_cache import open_index

    texts, term_lists = [], []
    for folder in ensure_debian_docs():
        started = time.perf_counter()
        indexed = open_index(folder, WORK / "docent-cache", warn=lambda m: print(f"  {m}", file=sys.stderr))
        print(f"docent indexed {folder}: {indexed.report.documents} documents, {indexed.report.passages} passages "
              f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        for passage in indexed.index.passages:
            texts.append(passage.text)
            term_lists.append(analyze(passage.text))
    corpus = _from_term_lists("real", term_lists, texts)
    WORK.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(corpus, protocol=pickle.HIGHEST_PROTOCOL))
    return corpus


def _from_term_lists(kind: str, term_lists: list[list[str]], texts: list[str] | None) -> BenchCorpus:
    ids: dict[str, int] = {}
    tokens = [ids.setdefault(t, len(ids)) for terms in term_lists for t in terms]
    lengths = np.array([len(terms) for terms in term_lists], dtype=np.int64)
    return BenchCorpus(kind, list(ids), np.array(tokens, dtype=np.int32), lengths, texts)


def sample_real(real: BenchCorpus, n: int) -> BenchCorpus:
    """n passages of the real corpus, chosen at random but kept in their order."""
    rng = np.random.default_rng(SEED)
    chosen = np.sort(rng.choice(len(real.lengths), size=n, replace=False))
    starts = np.concatenate(([0], np.cumsum(real.lengths)))
    tokens = np.concatenate([real.tokens[starts[i]:starts[i + 1]] for i in chosen])
    texts = [real.texts[i] for i in chosen]
    return BenchCorpus("real", real.vocab, tokens, real.lengths[chosen], texts)


def synthetic_corpus(n: int, mean_terms: float, vocab_size: int = 1_000_000, skip: int = 100, exponent: float = 1.0) -> BenchCorpus:
    """Passages of Poisson(mean_terms) terms drawn from a Zipf law over vocab_size words; the skip most
    frequent ranks are left out, as a stopword list would."""
    rng = np.random.default_rng(SEED + n)
    weights = np.arange(skip + 1, skip + vocab_size + 1, dtype=np.float64) ** -exponent
    cdf = np.cumsum(weights / weights.sum())
    lengths = np.maximum(rng.poisson(mean_terms, n), 1)
    tokens = np.searchsorted(cdf, rng.random(int(lengths.sum())), side="right").clip(0, vocab_size - 1)
    vocab = [f"w{i:x}" for i in range(vocab_size)]
    return BenchCorpus("synthetic Zipf", vocab, tokens.astype(np.int32), lengths, None)


def make_queries(corpus: BenchCorpus, count: int) -> list[list[str]]:
    """count queries of 2 to 5 distinct terms, each taken from one passage chosen at random."""
    rng = np.random.default_rng(SEED + 1)
    starts = np.concatenate(([0], np.cumsum(corpus.lengths)))
    queries = []
    while len(queries) < count:
        i = int(rng.integers(len(corpus.lengths)))
        distinct = sorted(set(corpus.tokens[starts[i]:starts[i + 1]].tolist()))
        if len(distinct) < 2:
            continue
        size = int(rng.integers(2, min(5, len(distinct)) + 1))
        queries.append([corpus.vocab[t] for t in rng.choice(distinct, size=size, replace=False).tolist()])
    return queries


# ---------------------------------------------------------------- engines (run in worker processes)

def peak_mb() -> float:
    """Peak resident memory of this process. ru_maxrss carries the parent's peak across fork and exec,
    so /proc/self/status VmHWM (the same measure, for this program only) is used where there is one."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_docent(corpus: BenchCorpus, folder: Path) -> None:
    from docent.retrieval.chunking import Passage
    from docent.retrieval.documents import Document
    from docent.retrieval.index_data import IndexAssembly, NewDocument
    from docent.retrieval.index_store import write_store

    term_lists = corpus.term_lists()
    assembly = IndexAssembly(None)
    for first in range(0, len(term_lists), PASSAGES_PER_DOCUMENT):
        group = term_lists[first:first + PASSAGES_PER_DOCUMENT]
        texts = [corpus.text(first + j, terms) for j, terms in enumerate(group)]
        doc_id = f"doc{first // PASSAGES_PER_DOCUMENT:07d}.txt"
        text, passages, offset = "\n".join(texts), [], 0
        for j, passage_text in enumerate(texts):
            passages.append(Passage(f"{doc_id}#{j}", doc_id, doc_id, offset, offset + len(passage_text), passage_text))
            offset += len(passage_text) + 1
        assembly.add(NewDocument(Document(doc_id, doc_id, text), passages, group, len(text), 0, bytes(32)))
    data = assembly.finish()
    data.arrays["meta.indexed_ns"] = np.zeros(1, dtype=np.int64)
    write_store(folder / "index.docent-index", data.arrays, {"key": "bench"})


def load_docent(folder: Path):
    from docent.retrieval.index_data import IndexData
    from docent.retrieval.index_store import read_store

    _, arrays = read_store(folder / "index.docent-index")
    index = IndexData(arrays).bm25_index()
    return lambda terms: [pid for pid, _ in index.rank(terms, TOP)]


def build_rank_bm25(corpus: BenchCorpus, folder: Path) -> None:
    from rank_bm25 import BM25Okapi

    model = BM25Okapi(corpus.term_lists())
    with open(folder / "bm25okapi.pickle", "wb") as handle:
        pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _load_rank_bm25(folder: Path):
    with open(folder.parent / "rank-bm25" / "bm25okapi.pickle", "rb") as handle:
        return pickle.load(handle)


def reference_top(model, terms: list[str]) -> list[int]:
    """rank-bm25's full get_scores, best first, ties to the lower index, among passages holding a term."""
    scores = model.get_scores(terms)
    holding = [i for i, freqs in enumerate(model.doc_freqs) if any(t in freqs for t in terms)]
    return sorted(holding, key=lambda i: (-scores[i], i))[:TOP]


def load_rank_bm25(folder: Path):
    model = _load_rank_bm25(folder)
    return lambda terms: reference_top(model, terms)


def load_rank_bm25_candidates(folder: Path):
    """Option (a): an inverted index gives the candidates, get_batch_scores scores only those."""
    model = _load_rank_bm25(folder)
    holders: dict[str, list[int]] = {}
    for i, freqs in enumerate(model.doc_freqs):
        for term in freqs:
            holders.setdefault(term, []).append(i)

    def search(terms: list[str]) -> list[int]:
        candidates = sorted({i for t in terms for i in holders.get(t, ())})
        scores = model.get_batch_scores(terms, candidates)
        ranked = sorted(range(len(candidates)), key=lambda j: (-scores[j], candidates[j]))[:TOP]
        return [candidates[j] for j in ranked]

    return search


def build_bm25s(corpus: BenchCorpus, folder: Path) -> None:
    import bm25s

    model = bm25s.BM25(k1=1.5, b=0.75)
    model.index(corpus.term_lists(), show_progress=False)
    model.save(str(folder / "bm25s"))


def load_bm25s(folder: Path):
    import bm25s

    model = bm25s.BM25.load(str(folder / "bm25s"), mmap=True, show_progress=False)

    def search(terms: list[str]) -> list[int]:
        ids, _ = model.retrieve([terms], k=TOP, show_progress=False, n_threads=1)
        return [int(i) for i in ids[0]]

    return search


IMPORTS = {  # imported before the clock starts: loading Python modules is not loading an index
    "docent": ["docent.retrieval.index_data", "docent.retrieval.index_store", "docent.retrieval.bm25_index"],
    "rank-bm25": ["rank_bm25"],
    "bm25s": ["bm25s"],
    "rank-bm25 candidates": ["rank_bm25"],
}
BUILDERS = {"docent": build_docent, "rank-bm25": build_rank_bm25, "bm25s": build_bm25s}
LOADERS = {
    "docent": load_docent,
    "rank-bm25": load_rank_bm25,
    "bm25s": load_bm25s,
    "rank-bm25 candidates": load_rank_bm25_candidates,
}


def worker(phase: str, engine: str, folder: Path) -> None:
    """Run one phase of one engine; print one JSON line of figures."""
    import importlib

    for module in IMPORTS[engine]:
        importlib.import_module(module)
    if phase == "build":
        corpus = pickle.loads((folder.parent / "corpus.pickle").read_bytes())
        started = time.perf_counter()
        BUILDERS[engine](corpus, folder)
        figures = {"build_s": time.perf_counter() - started}
    else:
        queries = json.loads((folder.parent / "queries.json").read_text())
        started = time.perf_counter()
        search = LOADERS[engine](folder)
        figures = {"load_s": time.perf_counter() - started}
        for terms in queries[:3]:  # warm-up, not counted
            search(terms)
        latencies, tops = [], []
        for terms in queries:
            begun = time.perf_counter()
            tops.append(search(terms))
            latencies.append(time.perf_counter() - begun)
        figures.update(latencies=latencies, tops=tops)
    figures["peak_mb"] = peak_mb()
    print(json.dumps(figures))


# ---------------------------------------------------------------- driver

def run_worker(phase: str, engine: str, folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, __file__, "--worker", phase, engine, str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, OMP_NUM_THREADS="1"))
    if done.returncode != 0:
        raise SystemExit(f"{engine} {phase} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


@dataclass
class Row:
    size: int
    corpus: str
    engine: str
    build_s: float
    load_s: float
    p50_ms: float
    p95_ms: float
    queries: int
    serve_mb: float
    build_mb: float
    disk_mb: float


def measure_size(n: int, real: BenchCorpus, query_count: int, slow_query_count: int) -> tuple[list[Row], dict]:
    corpus = sample_real(real, n) if n <= len(real.lengths) else synthetic_corpus(n, float(real.lengths.mean()))
    queries = make_queries(corpus, query_count)
    base = WORK / f"run-{n}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    (base / "corpus.pickle").write_bytes(pickle.dumps(corpus, protocol=pickle.HIGHEST_PROTOCOL))
    rows, tops = [], {}
    builds = {}
    for engine in ENGINES:
        if engine == "rank-bm25 candidates" and n > 100_000:
            continue
        slow = engine.startswith("rank-bm25")
        count = min(query_count, slow_query_count) if slow and n > 100_000 else query_count
        (base / "queries.json").write_text(json.dumps(queries[:count]))
        folder = base / engine
        if engine in BUILDERS:
            builds[engine] = run_worker("build", engine, folder)
        build = builds[engine if engine in BUILDERS else "rank-bm25"]
        serve = run_worker("serve", engine, folder)
        latencies = np.array(serve["latencies"]) * 1000
        tops[engine] = serve["tops"]
        rows.append(Row(
            n, corpus.kind, engine, build["build_s"], serve["load_s"],
            float(np.percentile(latencies, 50)), float(np.percentile(latencies, 95)), len(latencies),
            serve["peak_mb"], build["peak_mb"], folder_mb(base / (engine if engine in BUILDERS else "rank-bm25")),
        ))
        print(f"  {engine:<21} build {build['build_s']:7.2f} s  load {serve['load_s']:6.2f} s  "
              f"p50 {rows[-1].p50_ms:8.2f} ms  p95 {rows[-1].p95_ms:8.2f} ms  ({len(latencies)} queries)  "
              f"peak {serve['peak_mb']:.0f} MB", file=sys.stderr)
    shutil.rmtree(base, ignore_errors=True)
    reference = tops["rank-bm25"]
    parity = {
        engine: sum(a == b for a, b in zip(tops[engine], reference, strict=False))
        for engine in ("docent", "rank-bm25 candidates") if engine in tops
    }
    return rows, {"compared": len(reference), **parity}


def ratio_lines(rows: list[Row], parity: dict) -> list[str]:
    by = {r.engine: r for r in rows}
    docent, lines = by["docent"], []
    for other in ("rank-bm25", "bm25s"):
        o = by[other]
        lines.append(
            f"docent / {other}: p50 {docent.p50_ms / o.p50_ms:.4f} ({o.p50_ms / docent.p50_ms:.1f}x faster), "
            f"p95 {docent.p95_ms / o.p95_ms:.4f} ({o.p95_ms / docent.p95_ms:.1f}x faster), "
            f"load {docent.load_s / o.load_s:.3f}, build {docent.build_s / o.build_s:.2f}, "
            f"peak memory {docent.serve_mb / o.serve_mb:.2f}"
        )
    same = [f"{engine}: {n}/{parity['compared']}" for engine, n in parity.items() if engine != "compared"]
    lines.append(f"identical top-{TOP} to rank-bm25 full get_scores on the queries it ran: " + ", ".join(same))
    return lines


def write_table(all_rows: list[Row], notes: dict[int, list[str]], query_count: int, slow_query_count: int) -> str:
    head = (
        "| passages | corpus | engine | build s | load s | p50 ms | p95 ms | queries | peak MB (serve) | peak MB (build) | index MB |\n"
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    body = "".join(
        f"| {r.size:,} | {r.corpus} | {r.engine} | {r.build_s:.2f} | {r.load_s:.3f} | {r.p50_ms:.3f} | {r.p95_ms:.3f} "
        f"| {r.queries} | {r.serve_mb:.0f} | {r.build_mb:.0f} | {r.disk_mb:.1f} |\n"
        for r in all_rows
    )
    ratios = "".join(f"\n**{n:,} passages**\n\n" + "".join(f"- {line}\n" for line in lines) for n, lines in notes.items())
    cpu = os.cpu_count()
    return (
        f"# Retrieval benchmark\n\nMachine: {cpu} cores. Run: `python bench/retrieval.py` on {time.strftime('%Y-%m-%d')}.\n\n"
        "Every engine is given the same passages, analyzed by docent's analyzer, and the same queries "
        f"({query_count} per size, 2-5 terms taken from a random passage; rank-bm25 runs only the first "
        f"{slow_query_count} above 100k passages because full scoring takes seconds per query there). "
        "The real corpus is the reStructuredText sources of Debian's python3-doc and linux-doc, chunked by docent; "
        "larger sizes use a synthetic Zipf corpus (its passages' texts are their terms). "
        "Build: index construction from the analyzed terms and saving it; load: opening the saved index, ready to "
        "search (docent verifies its checksum); latency: one query at a time, top 10. Peak memory: peak resident set (VmHWM) of the "
        "process that loads and queries (serve) or builds (build), each engine in its own process. "
        "'rank-bm25 candidates' is rank-bm25's get_batch_scores over the passages an inverted index lists for the "
        "query terms (measured to choose docent's design; it shares rank-bm25's build).\n\n"
        + head + body + ratios
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--slow-queries", type=int, default=20, help="queries for rank-bm25 above 100k passages")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--worker", nargs=3, metavar=("PHASE", "ENGINE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], args.worker[1], Path(args.worker[2]))
        return 0
    real = real_corpus()
    print(f"real corpus: {len(real.lengths):,} passages, {len(real.vocab):,} terms, "
          f"{real.lengths.mean():.1f} terms per passage", file=sys.stderr)
    all_rows, notes = [], {}
    for n in args.passages:
        print(f"{n:,} passages", file=sys.stderr)
        rows, parity = measure_size(n, real, args.queries, args.slow_queries)
        all_rows += rows
        notes[n] = ratio_lines(rows, parity)
        for line in notes[n]:
            print("  " + line, file=sys.stderr)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(write_table(all_rows, notes, args.queries, args.slow_queries))
    print(args.out.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
