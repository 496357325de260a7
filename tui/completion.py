"""Tab completion with argcomplete: `docent completion bash|zsh|fish` prints the script to source.

The script calls docent back on each Tab (with _ARGCOMPLETE set); main() then hands over to complete()
before anything else runs. The parser tree built here exists only to be completed: it joins the
parsers of every subcommand, and completes collection names from the config file and model files
from ./models and the data dir.
"""

from __future__ import annotations

import os
from pathlib import Path

SUBCOMMANDS = ("index", "eval", "models", "config", "collections", "mcp", "completion")


def collection_names(**_) -> list[str]:
    from docent.tui import paths
    from docent.tui.collection_store import read_collections

    try:
        return [collection.name for collection in read_collections(paths.config_file())]
    except Exception:  # a broken config file completes nothing, rather than printing into the shell
        return []


def model_files(prefix: str, **_) -> list[str]:
    from argcomplete.completers import FilesCompleter

    from docent.answering.model_store import ggufs_in, models_dir
    from docent.tui import paths

    known = [str(p) for folder in (Path.cwd() / "models", models_dir(paths.data_dir())) for p in ggufs_in(folder)]
    nearby = FilesCompleter(allowednames=("gguf",))(prefix)
    return [name for name in known if name.startswith(prefix)] + list(nearby)


def _complete_values(parser) -> None:
    """Attach completers to the options and arguments that name collections, models, files and folders."""
    from argcomplete.completers import FilesCompleter

    for action in parser._actions:
        if action.dest == "collection" or (parser.prog.endswith("remove") and action.dest == "name"):
            action.completer = collection_names
        elif action.dest == "model":
            action.completer = model_files
        elif action.dest in ("corpus", "path", "paths"):
            action.completer = FilesCompleter()
        elif action.dest == "file":
            action.completer = FilesCompleter(allowednames=("jsonl",))
        for subparser in (action.choices or {}).values() if isinstance(action.choices, dict) else ():
            _complete_values(subparser)


def completion_tree():
    """The main parser with every subcommand's parser under it."""
    from docent.tui import cli

    tree = cli.main_parser()
    builders = {
        "index": cli.index_parser, "eval": cli.eval_parser, "models": cli.models_parser, "config": cli.config_parser,
        "collections": cli.collections_parser, "mcp": cli.mcp_parser, "completion": cli.completion_parser,
    }
    commands = tree.add_subparsers(dest="subcommand", metavar="COMMAND")
    for name in SUBCOMMANDS:
        builder = builders[name]()
        commands.add_parser(name, parents=[builder], add_help=False, help=builder.description, conflict_handler="resolve")
    _complete_values(tree)
    return tree


def complete() -> None:
    """Print the completions the shell asked for (on the file descriptor argcomplete uses) and exit."""
    import argcomplete

    argcomplete.autocomplete(completion_tree(), always_complete_options=False)


def completion_script(shell: str) -> str:
    import argcomplete

    return argcomplete.shellcode(["docent"], shell=shell)


def is_completing() -> bool:
    return "_ARGCOMPLETE" in os.environ
