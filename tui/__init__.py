"""The docent command line and terminal interface."""
