"""Tab completion: `docent completion bash|zsh|fish` prints a script; a Tab completes subcommands, options,
collection names and model files (asked of docent as the scripts ask it, and in real bash, zsh and fish)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from docent.tui.cli import main
from docent.tui.completion import SUBCOMMANDS

DOCENT = [sys.executable, "-m", "docent"]
BASH_TAB = (  # what bash does on Tab after `docent collections remove `
    "COMP_LINE='docent collections remove '; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(docent collections remove ''); "
    "COMP_CWORD=3; _python_argcomplete docent '' remove; echo \"${COMPREPLY[@]}\""
)


def completions(line: str, tmp_path) -> list[str]:
    """What docent offers for a Tab at the end of line, asked as the shell scripts ask it."""
    reply = tmp_path / "reply.txt"
    env = {
        **os.environ, "_ARGCOMPLETE": "1", "_ARGCOMPLETE_SHELL": "bash", "COMP_LINE": line, "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(reply),
    }
    subprocess.run(DOCENT, env=env, timeout=60, check=True, stdin=subprocess.DEVNULL, capture_output=True)
    return reply.read_text().replace("\v", "\n").split()


@pytest.fixture
def collection_and_model(tmp_path, corpus_dir) -> str:
    assert main(["collections", "add", "town", str(corpus_dir)]) == 0
    models = tmp_path / "data" / "models"
    models.mkdir(parents=True)
    (models / "tiny.gguf").write_bytes(b"GGUF")
    return str(models / "tiny.gguf")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_script_for_each_shell_registers_docent(shell, capsys):
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert "docent" in script and "_ARGCOMPLETE" in script
    if shell == "fish":
        assert "complete --command docent" in script
    else:
        assert "docent" in script.splitlines()[-1] or "compdef" in script


def test_an_unknown_shell_is_a_usage_error(capsys):
    assert main(["completion", "tcsh"]) == 2
    assert "invalid choice: 'tcsh'" in capsys.readouterr().err


def test_a_tab_completes_subcommands_options_collections_and_models(tmp_path, collection_and_model):
    assert completions("docent ", tmp_path) == list(SUBCOMMANDS)
    assert {"--collection", "--corpus", "--model", "--ask"} <= set(completions("docent --", tmp_path))
    assert completions("docent collections ", tmp_path) == ["add", "list", "remove"]
    assert completions("docent --collection ", tmp_path) == ["town"]
    assert completions("docent collections remove ", tmp_path) == ["town"]
    assert completions("docent mcp --collection t", tmp_path) == ["town"]
    assert collection_and_model in completions("docent --model ", tmp_path)
    assert completions("docent completion ", tmp_path) == ["bash", "zsh", "fish"]


@pytest.mark.skipif(not shutil.which("bash") or not shutil.which("docent"), reason="needs bash and docent on PATH")
def test_real_bash_completes_a_subcommand_and_a_collection(collection_and_model):
    script = "source <(" + sys.executable + " -m docent completion bash); " + BASH_TAB
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.stdout.split() == ["town"], done.stderr


@pytest.mark.skipif(not shutil.which("fish") or not shutil.which("docent"), reason="needs fish and docent on PATH")
def test_real_fish_completes_a_subcommand_and_a_collection(collection_and_model):
    script = f"{sys.executable} -m docent completion fish | source; complete -C 'docent coll'; complete -C 'docent --collection '"
    done = subprocess.run(["fish", "-c", script], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    lines = [line.split("\t")[0] for line in done.stdout.splitlines()]
    assert lines == ["collections", "town"], done.stdout + done.stderr


ZSH_TAB = (  # zsh's completion system calls _python_argcomplete with BUFFER/CURSOR/words set; _describe shows the list
    "_describe() { print -rl -- ${(P)2}; }; is-at-least() { return 0; }; "
    "BUFFER='docent --collection '; CURSOR=${#BUFFER}; words=(docent --collection ''); _python_argcomplete; "
    "BUFFER='docent coll'; CURSOR=${#BUFFER}; words=(docent coll); _python_argcomplete"
)


@pytest.mark.skipif(not shutil.which("zsh") or not shutil.which("docent"), reason="needs zsh and docent on PATH")
def test_real_zsh_completes_a_collection_and_a_subcommand(collection_and_model):
    script = f'compdef() {{ :; }}; eval "$({sys.executable} -m docent completion zsh)"; ' + ZSH_TAB  # compinit's compdef
    done = subprocess.run(["zsh", "-c", script], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    offered = [line.split(":")[0] for line in done.stdout.splitlines()]
    assert offered == ["town", "collections"], done.stdout + done.stderr
