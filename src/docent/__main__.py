"""`python -m docent` runs the docent command."""

from docent.tui.cli import entry_point

entry_point()
