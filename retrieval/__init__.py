"""Corpus loading, chunking and BM25 retrieval. Knows nothing of models or the UI."""
