/* Top-k BM25 ranking over the block postings of block_postings.py, document at a time, with MaxScore.
 *
 * The lists of a query's terms are walked together in passage order. Each term carries a bound: the most
 * its part can add to a passage's score. Once the k best scores so far are known, the terms whose bounds
 * add up to no more than the k-th best are "non-essential": a passage on their lists alone cannot enter the
 * top k, so candidates come from the other lists only, and a non-essential list is looked up (skipping whole
 * blocks by their first passage number) only while the candidate can still make it. Only the long lists carry
 * a bound (see bm25_index.LONG_LIST_MIN); a query of short lists alone, or with a term whose idf is not
 * positive (no bound holds then), is scored term at a time (sweep).
 *
 * A candidate's score is summed over the query's terms in query order, repeats at their places, each part
 * idf * tf * (k1 + 1) / (tf + norm) with norm = k1 * (1 - b + b * length / avgdl): the operations of rank-bm25's
 * BM25Okapi.get_scores in its order, so the scores, and the ranking (ties to the lower passage number), are
 * rank-bm25's to the last bit. The build turns floating-point contraction off for that (see setup.py).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 128
#define WIDTH_BITS 0x3
#define ALL_ONES 0x4
#define TF_ESCAPE 255
#define END INT64_MAX

/* The arrays a Ranker reads, in the order its constructor takes them, with each one's item size. */
enum {
    TERM_PTR, TERM_OFFSET, TERM_WIDTH, BLOCK_PTR, BLOCK_BASE, D8, D16, D32, TF, TF_OFFSET,
    TF_BIG_AT, TF_BIG, BOUNDED, TERM_MAX, DOC_LEN, IDF, DEAD, N_ARRAYS
};
/* doc_len's item size is its own: 1, 2 or 4 bytes, the narrowest that holds the longest passage */
static const Py_ssize_t ITEM_SIZE[N_ARRAYS] = {8, 8, 1, 8, 4, 1, 2, 4, 1, 8, 8, 4, 8, 8, 0, 8, 1};
static const char *const ARRAY_NAME[N_ARRAYS] = {
    "term_ptr", "term_offset", "term_width", "block_ptr", "block_base", "d8", "d16", "d32", "tf", "tf_offset",
    "tf_big_at", "tf_big", "bounded", "term_max", "doc_len", "idf", "dead"
};

typedef struct {
    PyObject_HEAD
    Py_buffer views[N_ARRAYS];
    int held;  /* views acquired so far */
    int ready; /* made whole: every check passed, the scratch allocated */
    double k1, b, avgdl;
    Py_ssize_t n_terms, n_passages, n_big, n_bounded;
    /* scratch of the term-at-a-time walk, one entry per passage, zero between walks (the GIL guards it) */
    double *sums;
    uint8_t *seen;
    int32_t *touched;
} Ranker;

#define ARRAY(r, i, type) ((const type *)(r)->views[i].buf)
#define LENGTH(r, i) ((r)->views[i].len / ITEM_SIZE[i])

/* One term's list, walked block by block. */
typedef struct {
    int64_t term;
    int64_t first;   /* its first entry among all terms' (term_ptr) */
    int64_t df;
    int64_t offset;  /* its first delta in the array of its width */
    int64_t tf_at;   /* its first stored frequency */
    int64_t block0, n_blocks;
    int width, ones;
    int count;       /* how often the query holds the term */
    double idf, bound;
    int64_t block;   /* the block decoded */
    int n, at;       /* entries in the decoded block, and the current one */
    int64_t doc;     /* the current passage, END when the list is done */
    double part;     /* its part of the candidate's score, 0 when it lacks the candidate */
    int32_t pids[BLOCK];
} Cursor;

/* Where key stands in sorted[0..n), or -1. */
static Py_ssize_t find(const int64_t *sorted, Py_ssize_t n, int64_t key) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < key) lo = mid + 1; else hi = mid;
    }
    return lo < n && sorted[lo] == key ? lo : -1;
}

/* The frequency of the current entry: read where it stands, only for the passages scored. */
static uint32_t tf_of(const Ranker *r, const Cursor *c) {
    if (c->ones) return 1;
    int64_t entry = c->block * BLOCK + c->at;
    uint8_t tf = ARRAY(r, TF, uint8_t)[c->tf_at + entry];
    if (tf != TF_ESCAPE) return tf;
    Py_ssize_t i = find(ARRAY(r, TF_BIG_AT, int64_t), r->n_big, c->first + entry);
    return i < 0 ? TF_ESCAPE : ARRAY(r, TF_BIG, uint32_t)[i];
}

static void decode(const Ranker *r, Cursor *c, int64_t b) {
    int64_t start = b * BLOCK;
    int n = (int)(c->df - start < BLOCK ? c->df - start : BLOCK);
    int64_t pid = ARRAY(r, BLOCK_BASE, int32_t)[c->block0 + b];
    int64_t at = c->offset + start;
    c->pids[0] = (int32_t)pid;
    switch (c->width) { /* a block's first delta is the step from the block before: its base replaces it */
    case 0: { const uint8_t *d = ARRAY(r, D8, uint8_t) + at; for (int j = 1; j < n; j++) c->pids[j] = (int32_t)(pid += d[j]); break; }
    case 1: { const uint16_t *d = ARRAY(r, D16, uint16_t) + at; for (int j = 1; j < n; j++) c->pids[j] = (int32_t)(pid += d[j]); break; }
    default: { const uint32_t *d = ARRAY(r, D32, uint32_t) + at; for (int j = 1; j < n; j++) c->pids[j] = (int32_t)(pid += d[j]); break; }
    }
    c->block = b;
    c->n = n;
    c->at = 0;
    c->doc = c->pids[0];
}

/* To the list's first passage, or END for an empty list. */
static void start(const Ranker *r, Cursor *c) {
    if (c->df > 0) decode(r, c, 0); else c->doc = END;
}

static void next(const Ranker *r, Cursor *c) {
    if (++c->at < c->n) c->doc = c->pids[c->at];
    else if (c->block + 1 < c->n_blocks) decode(r, c, c->block + 1);
    else c->doc = END;
}

/* Move to the first passage at or after target. */
static void advance(const Ranker *r, Cursor *c, int64_t target) {
    if (c->doc >= target) return;
    if (c->pids[c->n - 1] < target) {
        /* the last block whose first passage is at most target, after the current one: galloping from there */
        const int32_t *base = ARRAY(r, BLOCK_BASE, int32_t) + c->block0;
        int64_t lo = c->block + 1, hi = c->n_blocks, step = 1;
        if (lo >= hi) { c->doc = END; return; }
        while (lo + step < c->n_blocks && base[lo + step] <= target) { lo += step; step *= 2; }
        if (lo + step < hi) hi = lo + step;
        while (hi - lo > 1) {
            int64_t mid = lo + (hi - lo) / 2;
            if (base[mid] <= target) lo = mid; else hi = mid;
        }
        decode(r, c, lo);
        if (c->pids[c->n - 1] < target) {
            if (lo + 1 < c->n_blocks) decode(r, c, lo + 1); else { c->doc = END; return; }
            return; /* the next block starts after target */
        }
    }
    while (c->pids[c->at] < target) c->at++;
    c->doc = c->pids[c->at];
}

/* The passage-length part of the BM25 denominator, k1 * (1 - b + b * length / avgdl), with the operations of
 * bm25_index.length_norm (and rank-bm25) in their order. Worked out here rather than read from an array of
 * doubles: the lengths take a byte or two a passage, and the cache misses of a cold question are fewer. */
static double norm(const Ranker *r, int64_t doc) {
    const void *lengths = r->views[DOC_LEN].buf;
    double length = r->views[DOC_LEN].itemsize == 1 ? ((const uint8_t *)lengths)[doc]
                    : r->views[DOC_LEN].itemsize == 2 ? ((const uint16_t *)lengths)[doc] : ((const uint32_t *)lengths)[doc];
    return r->k1 * ((1 - r->b) + r->b * length / r->avgdl);
}

static double part(const Ranker *r, const Cursor *c) {
    double tf = (double)tf_of(r, c);
    return c->idf * (tf * (r->k1 + 1) / (tf + norm(r, c->doc)));
}

/* The largest part term's passages give it (before its idf), infinite for a term stored without one. */
static double term_max(const Ranker *r, int64_t term) {
    Py_ssize_t i = find(ARRAY(r, BOUNDED, int64_t), r->n_bounded, term);
    return i < 0 ? INFINITY : ARRAY(r, TERM_MAX, double)[i];
}

/* The k best so far, worst first: a min-heap on (score, then the higher passage number as the worse). */
typedef struct { double score; int64_t pid; } Hit;

static int worse(Hit a, Hit b) { return a.score < b.score || (a.score == b.score && a.pid > b.pid); }

static void sift_down(Hit *heap, int size, int i) {
    for (;;) {
        int l = 2 * i + 1, w = i;
        if (l < size && worse(heap[l], heap[w])) w = l;
        if (l + 1 < size && worse(heap[l + 1], heap[w])) w = l + 1;
        if (w == i) return;
        Hit t = heap[i]; heap[i] = heap[w]; heap[w] = t; i = w;
    }
}

static void sift_up(Hit *heap, int i) {
    while (i > 0 && worse(heap[i], heap[(i - 1) / 2])) {
        Hit t = heap[i]; heap[i] = heap[(i - 1) / 2]; heap[(i - 1) / 2] = t; i = (i - 1) / 2;
    }
}

/* Keep hit if it is among the k best so far. */
static void offer(Hit *heap, int *size, int k, Hit hit) {
    if (*size < k) {
        heap[*size] = hit;
        sift_up(heap, (*size)++);
    } else if (worse(heap[0], hit)) {
        heap[0] = hit;
        sift_down(heap, *size, 0);
    }
}

static int by_rank(const void *a, const void *b) {
    const Hit *x = a, *y = b;
    return worse(*y, *x) ? -1 : worse(*x, *y) ? 1 : 0;
}

static int by_bound(const void *a, const void *b) {
    double x = (*(Cursor *const *)a)->bound, y = (*(Cursor *const *)b)->bound;
    return x < y ? -1 : x > y ? 1 : 0;
}

/* Walk the lists of cursors terms[0..u), query position q being terms[order[q]], keeping the k best
 * passages in heap; returns how many it holds. */
static int walk(const Ranker *r, Cursor *terms, int u, const int *order, int m, int k, Hit *heap, Cursor **by, double *below,
                int64_t *scored) {
    const uint8_t *dead = r->views[DEAD].len ? ARRAY(r, DEAD, uint8_t) : NULL;
    for (int i = 0; i < u; i++) by[i] = &terms[i];
    qsort(by, (size_t)u, sizeof(Cursor *), by_bound);
    for (int i = 0; i < u; i++) below[i] = (i ? below[i - 1] : 0.0) + by[i]->bound;
    int size = 0, essential = 0; /* by[0..essential) are the non-essential terms */
    double kth = -INFINITY;
    int64_t candidate = END;
    for (int i = 0; i < u; i++) if (by[i]->doc < candidate) candidate = by[i]->doc;
    while (candidate != END) {
        double partial = 0.0;
        for (int i = essential; i < u; i++) {
            Cursor *c = by[i];
            c->part = c->doc == candidate ? part(r, c) : 0.0;
            partial += c->count * c->part;
        }
        int out = dead && dead[candidate];
        for (int i = essential - 1; i >= 0 && !out; i--) { /* every part is set unless the candidate is out */
            Cursor *c = by[i];
            if (partial + below[i] <= kth) { out = 1; break; }
            advance(r, c, candidate);
            c->part = c->doc == candidate ? part(r, c) : 0.0;
            partial += c->count * c->part;
        }
        int was_essential = essential;
        if (!out) {
            ++*scored;
            Hit hit = {0.0, candidate};
            for (int q = 0; q < m; q++) hit.score += terms[order[q]].part;
            offer(heap, &size, k, hit);
            if (size == k) {
                kth = heap[0].score;
                while (essential < u && below[essential] <= kth) essential++;
            }
        }
        int64_t following = END; /* the next candidate: the first passage of an essential list after this one */
        for (int i = was_essential; i < u; i++) {
            Cursor *c = by[i];
            if (c->doc == candidate) next(r, c);
            if (i >= essential && c->doc < following) following = c->doc;
        }
        candidate = following;
    }
    return size;
}

/* Term at a time: every list of the query read whole, in query order (a repeated term read again at its
 * place), each part added to its passage's sum: rank-bm25's additions in its order. For a query none of whose
 * lists carries a bound (all short, or an idf not positive), where the walk above could skip nothing: there it
 * takes twice as long. */
static int sweep(Ranker *r, Cursor *terms, const int *order, int m, int k, Hit *heap, int64_t *scored) {
    const uint8_t *dead = r->views[DEAD].len ? ARRAY(r, DEAD, uint8_t) : NULL;
    double *sums = r->sums;
    uint8_t *seen = r->seen;
    int32_t *touched = r->touched;
    int64_t n_touched = 0;
    for (int q = 0; q < m; q++) {
        Cursor *c = &terms[order[q]];
        for (start(r, c); c->doc != END; next(r, c)) {
            int64_t d = c->doc;
            if (dead && dead[d]) continue;
            if (!seen[d]) { seen[d] = 1; touched[n_touched++] = (int32_t)d; }
            sums[d] += part(r, c);
        }
    }
    int size = 0;
    for (int64_t i = 0; i < n_touched; i++) {
        Hit hit = {sums[touched[i]], touched[i]};
        sums[hit.pid] = 0.0;
        seen[hit.pid] = 0;
        offer(heap, &size, k, hit);
    }
    *scored = n_touched;
    return size;
}

/* Term t's list, where its arrays say it lies, before its first passage (see start). */
static void open_cursor(const Ranker *r, Cursor *c, int64_t t) {
    const int64_t *term_ptr = ARRAY(r, TERM_PTR, int64_t), *block_ptr = ARRAY(r, BLOCK_PTR, int64_t);
    uint8_t width = ARRAY(r, TERM_WIDTH, uint8_t)[t];
    c->term = t;
    c->count = 1;
    c->first = term_ptr[t];
    c->df = term_ptr[t + 1] - term_ptr[t];
    c->offset = ARRAY(r, TERM_OFFSET, int64_t)[t];
    c->tf_at = ARRAY(r, TF_OFFSET, int64_t)[t];
    c->block0 = block_ptr[t];
    c->n_blocks = block_ptr[t + 1] - block_ptr[t];
    c->width = width & WIDTH_BITS;
    c->ones = (width & ALL_ONES) != 0;
    c->idf = ARRAY(r, IDF, double)[t];
}

static PyObject *Ranker_rank(Ranker *self, PyObject *args) {
    PyObject *ids_arg;
    int k;
    double scale;
    if (!PyArg_ParseTuple(args, "Oid", &ids_arg, &k, &scale)) return NULL;
    if (!self->ready) { PyErr_SetString(PyExc_RuntimeError, "the Ranker was not made"); return NULL; }
    PyObject *ids = PySequence_Tuple(ids_arg); /* a copy: reading an id runs no code that can change it */
    if (!ids) return NULL;
    if (PyTuple_GET_SIZE(ids) > INT_MAX) { Py_DECREF(ids); PyErr_SetString(PyExc_ValueError, "too many ids"); return NULL; }
    int m = (int)PyTuple_GET_SIZE(ids);
    if (k > self->n_passages) k = (int)self->n_passages; /* the heap need not be larger than the corpus */
    if (m == 0 || k <= 0) { Py_DECREF(ids); return Py_BuildValue("([]i)", 0); }
    Cursor *terms = PyMem_Calloc((size_t)m, sizeof(Cursor));
    int *order = PyMem_Calloc((size_t)m, sizeof(int));
    Hit *heap = PyMem_Calloc((size_t)k, sizeof(Hit));
    Cursor **by = PyMem_Calloc((size_t)m, sizeof(Cursor *));
    double *below = PyMem_Calloc((size_t)m, sizeof(double));
    PyObject *result = NULL;
    if (!terms || !order || !heap || !by || !below) { PyErr_NoMemory(); goto done; }
    int u = 0, pruning = 1;
    for (int q = 0; q < m; q++) {
        long long t = PyLong_AsLongLong(PyTuple_GET_ITEM(ids, q));
        if (t == -1 && PyErr_Occurred()) goto done;
        if (t < 0 || t >= self->n_terms) { PyErr_SetString(PyExc_IndexError, "term id out of range"); goto done; }
        int i = 0;
        while (i < u && terms[i].term != t) i++;
        order[q] = i;
        if (i < u) { terms[i].count++; continue; }
        open_cursor(self, &terms[u], t);
        pruning &= terms[u++].idf > 0;
    }
    int bounded = 0;
    for (int i = 0; i < u; i++) {
        terms[i].bound = pruning ? terms[i].count * terms[i].idf * term_max(self, terms[i].term) * scale : INFINITY;
        bounded |= isfinite(terms[i].bound);
    }
    int size;
    int64_t scored = 0;
    if (!bounded) {
        size = sweep(self, terms, order, m, k, heap, &scored);
    } else {
        for (int i = 0; i < u; i++) start(self, &terms[i]);
        Py_BEGIN_ALLOW_THREADS
        size = walk(self, terms, u, order, m, k, heap, by, below, &scored);
        Py_END_ALLOW_THREADS
    }
    qsort(heap, (size_t)size, sizeof(Hit), by_rank);
    PyObject *hits = PyList_New(size);
    if (!hits) goto done;
    for (int i = 0; i < size; i++) {
        PyObject *hit = Py_BuildValue("(Ld)", (long long)heap[i].pid, heap[i].score);
        if (!hit) { Py_DECREF(hits); goto done; }
        PyList_SET_ITEM(hits, i, hit);
    }
    result = Py_BuildValue("(NL)", hits, (long long)scored);
done:
    PyMem_Free(terms); PyMem_Free(order); PyMem_Free(heap); PyMem_Free(by); PyMem_Free(below);
    Py_DECREF(ids);
    return result;
}

static void Ranker_dealloc(Ranker *self) {
    for (int i = 0; i < self->held; i++) PyBuffer_Release(&self->views[i]);
    PyMem_Free(self->sums);
    PyMem_Free(self->seen);
    PyMem_Free(self->touched);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int fail(const char *name, const char *what) {
    PyErr_Format(PyExc_ValueError, "array %s: %s", name, what);
    return -1;
}

/* Every term's list lies inside the arrays that hold it, and its blocks' first passages inside the corpus:
 * what the walks index without looking. (A delta that would carry a passage past the corpus is not looked
 * for here, which would read every entry; the index file is checksummed.) */
static int check_lists(const Ranker *r) {
    const int64_t *term_ptr = ARRAY(r, TERM_PTR, int64_t), *block_ptr = ARRAY(r, BLOCK_PTR, int64_t);
    const int64_t *offset = ARRAY(r, TERM_OFFSET, int64_t), *tf_at = ARRAY(r, TF_OFFSET, int64_t);
    const uint8_t *width = ARRAY(r, TERM_WIDTH, uint8_t);
    const int32_t *base = ARRAY(r, BLOCK_BASE, int32_t);
    Py_ssize_t deltas[3] = {LENGTH(r, D8), LENGTH(r, D16), LENGTH(r, D32)}, n_blocks = LENGTH(r, BLOCK_BASE);
    for (Py_ssize_t t = 0; t < r->n_terms; t++) {
        int64_t df = term_ptr[t + 1] - term_ptr[t], blocks = block_ptr[t + 1] - block_ptr[t];
        int w = width[t] & WIDTH_BITS;
        if (df < 0 || w > 2 || offset[t] < 0 || offset[t] + df > deltas[w]) return fail("term_offset", "a list outside its deltas");
        if (!(width[t] & ALL_ONES) && (tf_at[t] < 0 || tf_at[t] + df > LENGTH(r, TF))) return fail("tf_offset", "a list outside tf");
        if (blocks != (df + BLOCK - 1) / BLOCK || block_ptr[t] < 0 || block_ptr[t + 1] > n_blocks)
            return fail("block_ptr", "blocks that do not fit their list");
    }
    for (Py_ssize_t b = 0; b < n_blocks; b++)
        if (base[b] < 0 || base[b] >= r->n_passages) return fail("block_base", "a passage outside the corpus");
    const int64_t *bounded = ARRAY(r, BOUNDED, int64_t);
    for (Py_ssize_t i = 0; i < r->n_bounded; i++)
        if (bounded[i] < 0 || bounded[i] >= r->n_terms) return fail("bounded", "a term outside the vocabulary");
    return 0;
}

static int Ranker_init(Ranker *self, PyObject *args, PyObject *kwargs) {
    static char *keywords[] = {"arrays", "k1", "b", "avgdl", NULL};
    PyObject *arrays;
    if (self->held) { PyErr_SetString(PyExc_TypeError, "a Ranker is made once"); return -1; }
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!ddd", keywords, &PyTuple_Type, &arrays, &self->k1, &self->b, &self->avgdl)) return -1;
    if (PyTuple_GET_SIZE(arrays) != N_ARRAYS) { PyErr_Format(PyExc_ValueError, "expected %d arrays", N_ARRAYS); return -1; }
    for (int i = 0; i < N_ARRAYS; i++) {
        if (PyObject_GetBuffer(PyTuple_GET_ITEM(arrays, i), &self->views[i], PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return -1;
        self->held++;
        Py_ssize_t size = self->views[i].itemsize;
        if (ITEM_SIZE[i] ? size != ITEM_SIZE[i] : size != 1 && size != 2 && size != 4) return fail(ARRAY_NAME[i], "wrong item size");
    }
    self->n_terms = LENGTH(self, TERM_PTR) - 1;
    self->n_passages = self->views[DOC_LEN].len / self->views[DOC_LEN].itemsize;
    self->n_big = LENGTH(self, TF_BIG_AT);
    self->n_bounded = LENGTH(self, BOUNDED);
    /* what the walk indexes without looking: one more pointer than terms, and one number per term */
    if (self->n_terms < 0) return fail("term_ptr", "empty");
    Py_ssize_t per_term[] = {TERM_OFFSET, TERM_WIDTH, TF_OFFSET, IDF};
    for (size_t i = 0; i < sizeof per_term / sizeof *per_term; i++)
        if (LENGTH(self, per_term[i]) != self->n_terms) return fail(ARRAY_NAME[per_term[i]], "not one per term");
    if (LENGTH(self, BLOCK_PTR) != self->n_terms + 1) return fail("block_ptr", "not one more than the terms");
    if (LENGTH(self, TF_BIG) != self->n_big) return fail("tf_big", "not as long as tf_big_at");
    if (LENGTH(self, TERM_MAX) != self->n_bounded) return fail("term_max", "not as long as bounded");
    if (self->views[DEAD].len && LENGTH(self, DEAD) != self->n_passages) return fail("dead", "not one per passage");
    if (self->n_passages > INT32_MAX) return fail("doc_len", "more passages than 32-bit numbers hold");
    if (check_lists(self) < 0) return -1;
    size_t n = (size_t)self->n_passages + 1;
    self->sums = PyMem_Calloc(n, sizeof(double));
    self->seen = PyMem_Calloc(n, sizeof(uint8_t));
    self->touched = PyMem_Calloc(n, sizeof(int32_t));
    if (!self->sums || !self->seen || !self->touched) { PyErr_NoMemory(); return -1; }
    self->ready = 1;
    return 0;
}

static PyMethodDef Ranker_methods[] = {
    {"rank", (PyCFunction)Ranker_rank, METH_VARARGS,
     "rank(ids, k, bound_scale) -> ([(pid, score)], scored): the k best passages holding a term of ids (query "
     "order, repeats kept), best first, ties to the lower passage number; and how many passages were scored in full."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject RankerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "docent.retrieval._maxscore.Ranker",
    .tp_basicsize = sizeof(Ranker),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Ranker(arrays, k1, b, avgdl): the block postings of an index, ranked with MaxScore (see the module source).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Ranker_init,
    .tp_dealloc = (destructor)Ranker_dealloc,
    .tp_methods = Ranker_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_maxscore",
    .m_doc = "Top-k BM25 ranking over block postings, document at a time with MaxScore.",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__maxscore(void) {
    if (PyType_Ready(&RankerType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    Py_INCREF(&RankerType);
    if (PyModule_AddObject(m, "Ranker", (PyObject *)&RankerType) < 0) {
        Py_DECREF(&RankerType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
