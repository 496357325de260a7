"""Widgets of the docent terminal interface."""
