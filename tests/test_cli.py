"""The command line, run in-process through ``main(argv)`` and once as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext.cli import main

from .conftest import seed_names, seed_text

SEED = seed_names()[1]  # 001: breadcrumb, counters, comment form


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    for k, name in enumerate(seed_names()):
        target = folder / ("sub" if k in (2, 4) else "") / f"{name}.txt"
        target.write_text(seed_text(name), "utf-8")
    return folder


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_single_file_to_stdout(corpus: Path, capsys) -> None:
    code, out, err = run(["clean", str(corpus / f"{SEED}.txt"), "-j", "1"], capsys)
    assert code == 0
    assert out.startswith("Russia Becomes First Nation to Officially Recognise Taliban Government\n\n")
    assert "LEAVE A REPLY" not in out
    assert "1 documents, 0 failed" in err and "chrome:comment_form 3" in err


def test_quiet_prints_no_summary(corpus: Path, capsys) -> None:
    code, _, err = run(["clean", str(corpus / f"{SEED}.txt"), "-q", "-j", "1"], capsys)
    assert code == 0 and err == ""


def test_folder_to_output_mirrors_tree(corpus: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code, _, _ = run(["clean", str(corpus), "-o", str(out), "-j", "2", "-q"], capsys)
    assert code == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt"))
    assert written == sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.txt"))
    one = next(out.rglob(f"{SEED}.txt")).read_text("utf-8")
    assert "Please enter your comment!" not in one


def test_jobs_give_the_same_output(corpus: Path, tmp_path: Path, capsys) -> None:
    outs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"out{jobs}"
        assert run(["clean", str(corpus), "-o", str(target), "-j", jobs, "-q"], capsys)[0] == 0
        outs.append({p.name: p.read_text() for p in target.rglob("*.txt")})
    assert outs[0] == outs[1]


def test_check_and_diff_write_nothing(corpus: Path, capsys) -> None:
    before = {p: p.read_bytes() for p in corpus.rglob("*.txt")}
    code, _, _ = run(["clean", str(corpus), "--check", "-q", "-j", "1"], capsys)
    assert code == 1
    code, out, _ = run(["clean", str(corpus / f"{SEED}.txt"), "--diff", "-q", "-j", "1"], capsys)
    assert code == 0 and "-LEAVE A REPLY" in out and out.startswith("--- a/")
    assert before == {p: p.read_bytes() for p in corpus.rglob("*.txt")}


def test_in_place_is_idempotent_and_keeps_mode(corpus: Path, capsys) -> None:
    path = corpus / f"{SEED}.txt"
    os.chmod(path, 0o640)
    assert run(["clean", str(path), "--in-place", "-q", "-j", "1"], capsys)[0] == 0
    once = path.read_text("utf-8")
    assert "LEAVE A REPLY" not in once and (path.stat().st_mode & 0o777) == 0o640
    assert run(["clean", str(path), "--check", "-q", "-j", "1"], capsys)[0] == 0
    assert run(["clean", str(path), "--in-place", "-q", "-j", "1"], capsys)[0] == 0
    assert path.read_text("utf-8") == once
    assert not list(corpus.rglob("*.cleantext-tmp"))


def test_in_place_refuses_symlink_out_of_tree(tmp_path: Path, capsys) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(seed_text(SEED), "utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "link.txt").symlink_to(outside)
    code, _, err = run(["clean", str(tree), "--in-place", "-q", "-j", "1"], capsys)
    assert code == 123 and "symlink" in err
    assert outside.read_text("utf-8") == seed_text(SEED)


def test_jsonl_format_record(corpus: Path, capsys) -> None:
    code, out, _ = run(["clean", str(corpus / f"{SEED}.txt"), "--format", "jsonl", "-q", "-j", "1"], capsys)
    record = json.loads(out)
    assert code == 0
    assert set(record) >= {"id", "text", "title", "byline", "lang", "dropped", "chars_in", "chars_out"}
    assert record["title"].startswith("Russia Becomes") and record["lang"] == "en"
    assert [6, "0", "structure:bare_number"] in record["dropped"]
    assert record["chars_out"] < record["chars_in"]


def test_jsonl_input_keeps_fields_and_order(tmp_path: Path, capsys) -> None:
    src = tmp_path / "pages.jsonl"
    rows = [{"url": f"https://example.org/{k}", "body": seed_text(n), "n": k} for k, n in enumerate(seed_names())]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    out = tmp_path / "out"
    code, _, _ = run(["clean", str(src), "--text-field", "body", "--id-field", "url", "-o", str(out), "-q", "-j", "2"], capsys)
    assert code == 0
    got = [json.loads(line) for line in (out / "pages.jsonl").read_text("utf-8").splitlines()]
    assert [g["n"] for g in got] == list(range(len(rows)))
    assert all(g["url"] == r["url"] for g, r in zip(got, rows))
    assert "LEAVE A REPLY" not in got[1]["body"] and got[1]["title"]


def test_malformed_jsonl_line_reported_and_kept(tmp_path: Path, capsys) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text(json.dumps({"text": seed_text(SEED)}) + "\n{not json\n" + json.dumps({"x": 1}) + "\n", "utf-8")
    out = tmp_path / "out"
    code, _, err = run(["clean", str(src), "-o", str(out), "-j", "1"], capsys)
    assert code == 123
    assert f"{src}:2: malformed JSON" in err and f"{src}:3: no string field 'text'" in err
    lines = (out / "bad.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 3 and lines[1] == "{not json"


def test_bad_inputs_fail_alone(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(seed_text(SEED), "utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes(("Le café de la gare est fermé, a déclaré le maire jeudi soir. " * 5).encode("latin-1"))
    out = tmp_path / "out"
    code, _, err = run(["clean", str(folder), str(tmp_path / "missing.txt"), "-o", str(out), "-j", "1"], capsys)
    assert code == 123
    assert "binary.txt: binary file" in err and "missing.txt: no such file" in err
    assert (out / "empty.txt").read_text() == ""
    assert "café" in (out / "latin1.txt").read_text("utf-8")
    assert "LEAVE A REPLY" not in (out / "good.txt").read_text("utf-8")
    assert not (out / "binary.txt").exists()


def test_non_utf8_encoding_reported_in_jsonl(tmp_path: Path, capsys) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(("Le café de la gare est fermé, a déclaré le maire jeudi soir. " * 5).encode("cp1252"))
    code, out, _ = run(["clean", str(path), "--format", "jsonl", "-q", "-j", "1"], capsys)
    assert code == 0 and json.loads(out)["encoding"] != "utf-8"


def test_unreadable_file(tmp_path: Path, capsys) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    code, _, err = run(["clean", str(path), "-j", "1"], capsys)
    assert code == 123 and "secret.txt: cannot read" in err


def test_huge_single_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * 20_000_000, "utf-8")  # 100 MB on one line
    out = tmp_path / "out"
    code, _, _ = run(["clean", str(path), "-o", str(out), "-q", "-j", "1"], capsys)
    assert code == 0 and (out / "huge.txt").stat().st_size > 99_000_000


def test_glob_and_input_format(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.page").write_text(seed_text(SEED), "utf-8")
    (folder / "b.txt").write_text(seed_text(SEED), "utf-8")
    (folder / "records.data").write_text(json.dumps({"text": seed_text(SEED)}) + "\n", "utf-8")
    out = tmp_path / "out"
    assert run(["clean", str(folder), "--glob", "*.page", "-o", str(out), "-q", "-j", "1"], capsys)[0] == 0
    assert [p.name for p in out.iterdir()] == ["a.page"]
    code, stdout, _ = run(["clean", str(folder / "records.data"), "--input-format", "jsonl", "-q", "-j", "1"], capsys)
    assert code == 0 and json.loads(stdout)["title"].startswith("Russia Becomes")


def test_config_file_and_errors(tmp_path: Path, corpus: Path, capsys) -> None:
    good = tmp_path / "good.toml"
    good.write_text("drop_chrome = false\ncontent_filter = false\ndrop_structure = false\n")
    code, out, _ = run(["clean", str(corpus / f"{SEED}.txt"), "--config", str(good), "-q", "-j", "1"], capsys)
    assert code == 0 and "LEAVE A REPLY" in out
    bad = tmp_path / "bad.toml"
    bad.write_text("colour = true\n")
    code, _, err = run(["clean", str(corpus / f"{SEED}.txt"), "--config", str(bad), "-j", "1"], capsys)
    assert code == 2 and "'colour'" in err
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("max_passes = 'many'\n")
    code, _, err = run(["clean", str(corpus / f"{SEED}.txt"), "--config", str(wrong), "-j", "1"], capsys)
    assert code == 2 and "'max_passes'" in err


def test_set_overrides_one_key_of_the_config_file(tmp_path: Path, corpus: Path, capsys) -> None:
    """``--set`` lands on top of the config file: the key it names changes, the file's other keys stay."""
    page = str(corpus / f"{SEED}.txt")
    good = tmp_path / "good.toml"
    good.write_text("drop_chrome = false\ncontent_filter = false\ndrop_structure = false\ndetect_language = false\n")
    code, kept, _ = run(["clean", page, "--config", str(good), "--format", "jsonl", "-q", "-j", "1"], capsys)
    assert code == 0 and "LEAVE A REPLY" in kept
    code, out, _ = run(["clean", page, "--config", str(good), "--set", "drop_chrome=true",
                        "--format", "jsonl", "-q", "-j", "1"], capsys)
    record = json.loads(out)
    assert code == 0 and "LEAVE A REPLY" not in record["text"]
    assert record["lang"] is None  # detect_language = false still holds


def test_set_keeps_more_with_a_lower_content_share(corpus: Path, capsys) -> None:
    """The knob the README offers for recall reaches the pipeline from the command line."""
    page = str(corpus / f"{SEED}.txt")
    base = ["clean", page, "--set", "detect_language=false", "-q", "-j", "1"]
    code, default, _ = run(base, capsys)
    code_low, low, _ = run([*base, "--set", "content_share=0.05"], capsys)
    code_high, high, _ = run([*base, "--set", "content_share=1.0"], capsys)
    assert code == code_low == code_high == 0
    assert len(high) < len(default) <= len(low)


@pytest.mark.parametrize(("pair", "named"), [
    ("bogus=1", "'bogus'"),
    ("content_share", "expected KEY=VALUE"),
    ("content_share=1.5", "'content_share'"),
    ("max_passes=many", "'max_passes'"),
    ("content_threshold=0.3", "both set"),
])
def test_set_errors_name_the_flag_and_write_nothing(pair: str, named: str, tmp_path: Path, corpus: Path,
                                                    capsys) -> None:
    shares = tmp_path / "shares.toml"
    shares.write_text("content_share = 0.3\n")
    out = tmp_path / "out"
    code, stdout, err = run(["clean", str(corpus), "--config", str(shares), "--set", pair, "-o", str(out), "-j", "1"],
                            capsys)
    assert code == 2 and stdout == ""
    assert err.count("\n") == 1 and err.startswith("error: --set ") and named in err, err
    assert not out.exists()


def test_set_pairs_apply_together_and_errors_name_the_pair(tmp_path: Path, corpus: Path, capsys) -> None:
    """A file's fixed bar can be swapped for a share in either order; a bad pair is named alone."""
    page = str(corpus / f"{SEED}.txt")
    fixed = tmp_path / "fixed.toml"
    fixed.write_text("content_threshold = 0.2\n")
    for pairs in (["content_share=0.3", "content_threshold=0"], ["content_threshold=0", "content_share=0.3"]):
        args = [arg for pair in pairs for arg in ("--set", pair)]
        assert run(["clean", page, "--config", str(fixed), *args, "-q", "-j", "1"], capsys)[0] == 0
    code, _, err = run(["clean", page, "--set", "drop_chrome=false", "--set", "bogus=1", "-j", "1"], capsys)
    assert code == 2 and err.startswith("error: --set bogus=1:") and "drop_chrome=false" not in err


def test_pyproject_config_is_found(tmp_path: Path, capsys, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.cleantext]\ndrop_chrome = false\ncontent_filter = false\ndrop_structure = false\n")
    page = tmp_path / "page.txt"
    page.write_text(seed_text(SEED), "utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["clean", "page.txt", "-q", "-j", "1"], capsys)
    assert code == 0 and "LEAVE A REPLY" in out


def test_usage_errors(tmp_path: Path, capsys) -> None:
    assert run(["clean"], capsys)[0] == 2
    assert run(["clean", "x.txt", "--in-place", "-o", str(tmp_path)], capsys)[0] == 2
    assert run(["clean", "x.txt", "--format", "xml"], capsys)[0] == 2
    assert run(["frobnicate"], capsys)[0] == 2


def test_stats_file_is_saved_and_reused(corpus: Path, tmp_path: Path, capsys) -> None:
    stats = tmp_path / "stats.json"
    assert run(["clean", str(corpus), "--stats", str(stats), "--check", "-q", "-j", "1"], capsys)[0] == 1
    data = json.loads(stats.read_text())
    assert data["documents"] == len(seed_names())
    assert run(["clean", str(corpus), "--stats", str(stats), "--check", "-q", "-j", "1"], capsys)[0] == 1


def test_explain_lists_every_line(corpus: Path, capsys) -> None:
    code, out, _ = run(["explain", str(corpus / f"{SEED}.txt"), "--no-color"], capsys)
    assert code == 0
    assert " 1 headline:breadcrumb" in out and "LEAVE A REPLY" in out and "chrome:comment_form" in out
    nonblank = [line for line in seed_text(SEED).splitlines() if line.strip()]
    assert len(out.splitlines()) == len(nonblank) + 1
    assert "\x1b[" not in out
    code, out, _ = run(["explain", str(corpus / f"{SEED}.txt"), "--no-color", "--set", "drop_chrome=false"], capsys)
    assert code == 0 and "chrome:" not in out


def test_stdin_to_stdout_as_subprocess() -> None:
    proc = subprocess.run([sys.executable, "-m", "cleantext", "clean", "-", "-q"], input=seed_text(SEED),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Russia Becomes First Nation") and "LEAVE A REPLY" not in proc.stdout


def test_interrupted_write_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    from cleantext import batchio

    path = tmp_path / "page.txt"
    path.write_text("old content\n", "utf-8")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(batchio.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        batchio.write_atomic(path, "new content\n")
    assert path.read_text("utf-8") == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.txt"]  # no temporary file left behind


def test_ordered_map_keeps_input_order_with_a_deep_window() -> None:
    """Small weighted tasks run many per worker in flight; results still come back in input order."""
    from cleantext import Config
    from cleantext.cli import AHEAD, ordered_map

    items = ["x" * (k % 7) for k in range(AHEAD * 6)]
    sizes = list(ordered_map(len, items, 2, (Config(), None, None), weight=len))
    assert sizes == [len(i) for i in items]
    unweighted = list(ordered_map(len, items[:20], 2, (Config(), None, None)))
    assert unweighted == [len(i) for i in items[:20]]


def test_first_pass_in_workers_counts_what_one_process_counts(corpus: Path, tmp_path: Path) -> None:
    """The corpus counts are the same whether the files and JSONL chunks are counted in one process or two."""
    from cleantext.cli import expand, first_pass

    records = tmp_path / "pages.jsonl"
    lines = [json.dumps({"text": f"{seed_text(name)}\nFooter line shared by every record"}) for name in seed_names()]
    records.write_text("\n".join(lines * 30 + ["{not json"]) + "\n", "utf-8")
    inputs, errors = expand([str(corpus), str(records)], "*.txt", "auto")
    assert not errors
    one, two = first_pass(inputs, "text", 1), first_pass(inputs, "text", 2)
    assert one.documents == two.documents == len(seed_names()) * 31
    assert one.counts == two.counts and one.counts
