"""docent: cited answers about your documents, in the terminal, fully offline.

The installed package maps the repository's top-level folders: docent.tui (tui/), docent.answering
(answering/), docent.retrieval (retrieval/) and the seed articles, docent.seeds (seeds/).
"""
