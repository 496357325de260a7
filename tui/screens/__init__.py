"""Screens of the docent terminal interface: help, history, passage view."""
