"""What `pip install` puts into site-packages: one top-level package, docent, with its seed articles."""

from __future__ import annotations

import csv
import subprocess
import sys
import sysconfig
from pathlib import Path, PurePosixPath

import pytest

import docent
from docent.tui import paths


def editable_install() -> bool:
    """Whether docent was installed with `pip install -e`: its code is then outside site-packages."""
    return not Path(docent.__file__).resolve().is_relative_to(Path(sysconfig.get_paths()["purelib"]).resolve())


built_wheel_only = pytest.mark.skipif(editable_install(), reason="an editable install has no wheel contents to check (CI installs one)")


def installed_files() -> list[str]:
    """The paths the installed wheel's RECORD lists, relative to site-packages."""
    site_packages = Path(docent.__file__).resolve().parent.parent
    (record,) = site_packages.glob("docent_qa-*.dist-info/RECORD")
    with record.open(newline="") as rows:
        return [row[0] for row in csv.reader(rows)]


@built_wheel_only
def test_the_distribution_installs_one_top_level_package():
    inside = [path for path in installed_files() if not path.startswith("..")]  # ../../bin/docent: the command
    tops = {PurePosixPath(path).parts[0] for path in inside}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"docent"}


def test_the_seed_articles_come_with_the_package():
    corpus = paths.default_corpus()
    assert corpus.is_dir() and len(list(corpus.glob("*.txt"))) == 5
    if not editable_install():
        assert corpus.is_relative_to(Path(docent.__file__).resolve().parent)


def test_python_dash_m_docent_runs_the_command():
    done = subprocess.run([sys.executable, "-m", "docent", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("docent ")
