"""The real pre-commit runs this checkout's hooks on a temporary repository of dirty seed pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext import clean

from .conftest import ROOT, seed_names, seed_text

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PRE_COMMIT), "try-repo", str(ROOT), hook, "--all-files"], cwd=repo,
                          capture_output=True, text=True, timeout=900,
                          env={**os.environ, "PRE_COMMIT_HOME": str(home)})


@pytest.mark.skipif(not PRE_COMMIT.exists() or shutil.which("git") is None, reason="needs pre-commit and git")
def test_check_fails_fix_cleans_second_run_passes(tmp_path: Path) -> None:
    repo = tmp_path / "corpus"
    repo.mkdir()
    git(repo, "init", "-q")
    names = seed_names()[:3]
    for name in names:
        (repo / f"{name}.txt").write_text(seed_text(name), "utf-8")
    licence = repo / "LICENSE.txt"  # the repository's own text: not a page, never touched
    licence.write_text("MIT License\n\nCopyright (c) 2024 Someone\n\nPermission is hereby granted, free of "
                       "charge, to any person obtaining a copy of this software.\n", "utf-8")
    dash = repo / "-dash.txt"  # a name that reads like an option
    dash.write_text(seed_text(names[1]), "utf-8")
    clean_page = repo / "already-clean.txt"
    clean_page.write_text(clean(seed_text(seed_names()[3])).text + "\n", "utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "dirty pages")
    untouched = clean_page.stat().st_mtime_ns
    home = tmp_path / "pre-commit-home"

    check = try_repo(repo, "cleantext-check", home)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "-LEAVE A REPLY" in check.stdout  # the diff is shown
    assert (repo / f"{names[1]}.txt").read_text("utf-8") == seed_text(names[1])  # check writes nothing

    fix = try_repo(repo, "cleantext-fix", home)
    assert fix.returncode == 1, fix.stdout + fix.stderr  # it changed files: pre-commit fails the hook
    assert "LEAVE A REPLY" not in (repo / f"{names[1]}.txt").read_text("utf-8")
    assert "LEAVE A REPLY" not in dash.read_text("utf-8")
    assert "Copyright (c) 2024 Someone" in licence.read_text("utf-8")

    again = try_repo(repo, "cleantext-fix", home)
    assert again.returncode == 0, again.stdout + again.stderr  # idempotent
    assert try_repo(repo, "cleantext-check", home).returncode == 0
    assert clean_page.stat().st_mtime_ns == untouched  # a clean file is never rewritten
