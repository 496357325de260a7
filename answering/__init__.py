"""Prompting, the local model and citations. Never imports Textual."""
