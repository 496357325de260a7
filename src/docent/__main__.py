"""`python -m docent` runs the docent command."""

from docent.tui.cli import entry_point

if __name__ == "__main__":  # not when a spawned worker process imports this module (retrieval/index_cache.py)
    entry_point()
