"""The command line on inputs and outputs that used to lose data or crash: each case a user met.

Two inputs written to one output, a symlink replaced by a copy, the output
folder cleaned as input, NUL bytes deep in a file, writes that fail, bytes
on standard input, JSONL that is not UTF-8, config values of the right type
that name nothing usable, and CRLF files.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from cleantext.cli import main

from .conftest import seed_names, seed_text

SEED = seed_names()[1]


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def page(k: int = 1) -> str:
    return seed_text(seed_names()[k])


def test_two_inputs_with_one_output_are_refused_before_writing(tmp_path: Path, capsys) -> None:
    src = tmp_path / "col"
    src.mkdir()
    (src / "x.txt").write_text(page(0), "utf-8")
    (src / "x.jsonl").write_text(json.dumps({"text": page(2)}) + "\n", "utf-8")
    out = tmp_path / "out"
    code, _, err = run(["clean", str(src), "--glob", "*", "--format", "jsonl", "-o", str(out), "-j", "1"], capsys)
    assert code == 2
    assert "x.jsonl" in err and "x.txt" in err and "both be written" in err
    assert not out.exists()


def test_output_folder_that_is_the_input_folder_is_refused(tmp_path: Path, capsys) -> None:
    src = tmp_path / "c"
    src.mkdir()
    (src / "a.txt").write_text(page(), "utf-8")
    code, _, err = run(["clean", str(src), "-o", str(src), "-j", "1"], capsys)
    assert code == 2 and "would write among the inputs" in err and "--in-place" in err
    assert (src / "a.txt").read_text("utf-8") == page()


def test_output_folder_inside_the_input_is_not_walked(tmp_path: Path, capsys) -> None:
    src = tmp_path / "nest"
    src.mkdir()
    (src / "a.txt").write_text(page(), "utf-8")
    out = src / "out"
    for _ in range(2):
        code, _, err = run(["clean", str(src), "-o", str(out), "-j", "1"], capsys)
        assert code == 0 and "1 documents" in err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["a.txt"]


def test_in_place_keeps_a_symlink_inside_the_tree_a_link(tmp_path: Path, capsys) -> None:
    src = tmp_path / "ip"
    src.mkdir()
    (src / "z.txt").write_text(page(), "utf-8")
    (src / "a_link.txt").symlink_to("z.txt")
    for jobs in ("1", "2"):
        code, _, err = run(["clean", str(src), "--in-place", "-j", jobs], capsys)
        assert code == 0, err
        assert (src / "a_link.txt").is_symlink() and os.readlink(src / "a_link.txt") == "z.txt"
        assert "1 documents" in err  # reached twice, cleaned once
    assert "LEAVE A REPLY" not in (src / "z.txt").read_text("utf-8")


def test_a_flat_folder_is_a_corpus_like_a_nested_one(tmp_path: Path, capsys) -> None:
    flat, deep = tmp_path / "flat", tmp_path / "deep" / "x"
    for folder in (flat, deep):
        folder.mkdir(parents=True)
        for k in range(12):
            (folder / f"{k:02d}.txt").write_text(page(k % 5) + "\nThe Example Gazette is published by Example Media Group of Springfield since 1911\n", "utf-8")
    outs = []
    for folder in (flat, tmp_path / "deep"):
        code, _, err = run(["clean", str(folder), "-o", str(tmp_path / f"o-{folder.name}"), "-j", "1"], capsys)
        assert code == 0
        outs.append(err)
    assert "repeat:corpus" in outs[0]
    assert outs[0] == outs[1]


def test_nul_bytes_deep_in_a_file_mean_binary_and_in_place_leaves_it(tmp_path: Path, capsys) -> None:
    data = page().encode("utf-8") * 5 + b"\x00\x01\x02" + page().encode("utf-8") * 5
    target = tmp_path / "mid.txt"
    target.write_bytes(data)
    code, _, err = run(["clean", str(target), "--in-place", "-j", "1"], capsys)
    assert code == 123 and f"{target}: binary file (NUL bytes), skipped" in err
    assert target.read_bytes() == data


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_text(tmp_path: Path, encoding: str, capsys) -> None:
    target = tmp_path / "wide.txt"
    target.write_bytes(page().encode(encoding))
    code, out, err = run(["clean", str(target), "-j", "1"], capsys)
    assert code == 0, err
    assert out.startswith("Russia Becomes First Nation")


def test_a_write_that_fails_is_one_error_and_the_run_goes_on(tmp_path: Path, monkeypatch, capsys) -> None:
    import errno

    import cleantext.batchio as batchio

    folders = [tmp_path / "full", tmp_path / "ok"]
    for folder in folders:
        folder.mkdir()
        (folder / "a.txt").write_text(page(), "utf-8")
    real_fsync = batchio.os.fsync

    def fsync(fd: int) -> None:  # the first folder's disk is full
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(folders[0])) and os.path.isfile(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(batchio.os, "fsync", fsync)
    code, _, err = run(["clean", *(str(f / "a.txt") for f in folders), "--in-place", "-j", "1"], capsys)
    assert code == 123
    assert f"error: {folders[0] / 'a.txt'}: cannot write" in err and "No space left on device" in err
    assert "Traceback" not in err
    assert (folders[0] / "a.txt").read_text("utf-8") == page()
    assert [p.name for p in folders[0].iterdir()] == ["a.txt"]  # no temporary file left
    assert "LEAVE A REPLY" not in (folders[1] / "a.txt").read_text("utf-8")


def test_a_write_that_fails_under_output_folder(tmp_path: Path, capsys) -> None:
    src = tmp_path / "a.txt"
    src.write_text(page(), "utf-8")
    blocker = tmp_path / "out"
    blocker.mkdir()
    (blocker / "sub").write_text("a file where a folder must go", "utf-8")
    nested = tmp_path / "in" / "sub"
    nested.mkdir(parents=True)
    (nested / "b.txt").write_text(page(), "utf-8")
    code, _, err = run(["clean", str(tmp_path / "in"), "-o", str(blocker), "-j", "1"], capsys)
    assert code == 123 and "cannot write" in err and "Traceback" not in err
    assert (blocker / "sub").read_text("utf-8") == "a file where a folder must go"


def test_binary_on_stdin_is_an_error_naming_it(monkeypatch, capsys) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a\x00b\n")))
    code, out, err = run(["clean", "-", "-j", "1"], capsys)
    assert code == 123 and "error: -: binary file (NUL bytes), skipped" in err and out == ""


def test_jsonl_line_that_is_not_utf8_fails_alone_and_passes_through(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "b.jsonl"
    good = {"text": page()}
    raw = json.dumps(good).encode() + b"\n" + b'{"text":"caf\xe9 ok"}\n' + json.dumps(good).encode() + b"\n"
    bad.write_bytes(raw)
    out = tmp_path / "o"
    code, _, err = run(["clean", str(bad), "-o", str(out), "-j", "1"], capsys)
    assert code == 123 and f"{bad}:2: not valid UTF-8" in err
    lines = (out / "b.jsonl").read_bytes().split(b"\n")
    assert lines[1] == b'{"text":"caf\xe9 ok"}'  # the bytes it was
    assert "LEAVE A REPLY" not in json.loads(lines[0])["text"]
    code, _, _ = run(["clean", str(bad), "--in-place", "-j", "1"], capsys)
    assert code == 123 and bad.read_bytes() == raw


def test_jsonl_lone_surrogate_escape_is_cleaned_and_written_as_json(tmp_path: Path, capsys) -> None:
    src = tmp_path / "s.jsonl"
    src.write_text('{"text": "The council met \\ud800 on Tuesday and voted to approve the budget after a long debate."}\n')
    code, _, err = run(["clean", str(src), "-o", str(tmp_path / "o"), "-j", "1"], capsys)
    assert code == 0, err
    record = json.loads((tmp_path / "o" / "s.jsonl").read_text("utf-8"))
    assert "voted to approve the budget" in record["text"]


def test_jsonl_not_utf8_on_stdin_passes_through_as_bytes(monkeypatch, capsysbinary) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"text":"caf\xe9"}\n')))
    code = main(["clean", "-", "--input-format", "jsonl", "-j", "1", "-q"])
    out, _ = capsysbinary.readouterr()
    assert code == 123 and out == b'{"text":"caf\xe9"}\n'


@pytest.mark.parametrize("pair, names", [
    ("content_model=/nonexistent/model.json", "content_model"),
    ('chrome_languages=["xx"]', "chrome_languages"),
])
def test_config_values_that_name_nothing_usable_exit_2_before_writing(tmp_path: Path, pair: str, names: str,
                                                                      capsys) -> None:
    src = tmp_path / "c"
    src.mkdir()
    (src / "a.txt").write_text(page(), "utf-8")
    stats = tmp_path / "st.json"
    code, _, err = run(["clean", str(src), "-o", str(tmp_path / "o"), "--stats", str(stats), "--set", pair,
                        "-j", "2"], capsys)
    assert code == 2 and f"--set {pair}" in err and names in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists() and not stats.exists()


def test_stats_in_a_missing_folder_is_a_usage_error(tmp_path: Path, capsys) -> None:
    src = tmp_path / "c"
    src.mkdir()
    (src / "a.txt").write_text(page(), "utf-8")
    code, _, err = run(["clean", str(src), "--check", "--stats", str(tmp_path / "nodir" / "st.json"), "-j", "1"],
                       capsys)
    assert code == 2 and "no such folder" in err


def test_crlf_files_keep_their_line_ends(tmp_path: Path, capsys) -> None:
    target = tmp_path / "c.txt"
    target.write_bytes(page().replace("\n", "\r\n").encode("utf-8"))
    code, _, _ = run(["clean", str(target), "--in-place", "-j", "1"], capsys)
    assert code == 0
    cleaned = target.read_bytes()
    assert b"\r\n" in cleaned and b"\n" not in cleaned.replace(b"\r\n", b"")
    code, _, err = run(["clean", str(target), "--check", "-j", "1"], capsys)
    assert code == 0 and "0 changed" in err


def test_a_change_of_line_ends_alone_shows_in_the_diff(tmp_path: Path, capsys) -> None:
    target = tmp_path / "m.txt"
    run(["clean", str(tmp_path), "-j", "1", "-q"], capsys)  # nothing there yet
    (tmp_path / "src.txt").write_text(page(), "utf-8")
    run(["clean", str(tmp_path / "src.txt"), "-o", str(tmp_path / "o"), "-j", "1", "-q"], capsys)
    lines = (tmp_path / "o" / "src.txt").read_text("utf-8").split("\n")
    target.write_bytes(("\r\n".join(lines[:2]) + "\n" + "\n".join(lines[2:])).encode("utf-8"))
    code, out, err = run(["clean", str(target), "--check", "--diff", "-j", "1"], capsys)
    assert code == 1 and "1 changed" in err
    assert out.startswith(f"--- a/{target}") and "\n-" in out and "\n+" in out


def test_an_unreadable_subfolder_is_an_error(tmp_path: Path, monkeypatch, capsys) -> None:
    src = tmp_path / "c2"
    locked = src / "locked"
    locked.mkdir(parents=True)
    (src / "a.txt").write_text(page(), "utf-8")
    (locked / "b.txt").write_text(page(), "utf-8")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # as chmod 000 does for anyone but root
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, _, err = run(["clean", str(src), "--check", "-j", "1"], capsys)
    assert code == 123 and f"{locked}: cannot read folder: Permission denied" in err
    assert "1 documents, 1 failed" in err


def test_an_empty_file_is_one_record_under_format_jsonl(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_text("  \n", "utf-8")
    (src / "a.txt").write_text(page(), "utf-8")
    code, _, err = run(["clean", str(src), "--format", "jsonl", "-o", str(tmp_path / "o"), "-j", "1"], capsys)
    assert code == 0 and "2 documents" in err
    record = json.loads((tmp_path / "o" / "empty.jsonl").read_text("utf-8"))
    assert record["text"] == "" and record["dropped"] == []


@pytest.mark.parametrize("toml", [
    "[tool.cleantext]\ndrop_chrome = false\n",                               # the section alone
    '[project]\nname = "x"\n[tool.cleantext]\ndrop_chrome = false\n',         # a pyproject under another name
])
def test_a_config_file_written_as_a_pyproject_section(tmp_path: Path, toml: str, capsys) -> None:
    cfg = tmp_path / "cleantext.toml"
    cfg.write_text(toml, "utf-8")
    target = tmp_path / "a.txt"
    target.write_text(page(0), "utf-8")
    code, out, err = run(["clean", str(target), "--config", str(cfg), "-j", "1"], capsys)
    assert code == 0, err
    _, default, _ = run(["clean", str(target), "-j", "1"], capsys)
    assert "Select Country" in out and "Select Country" not in default  # the section was read


def test_stdin_among_other_inputs_gets_its_header(tmp_path: Path, monkeypatch, capsys) -> None:
    import io

    target = tmp_path / "a.txt"
    target.write_text(page(), "utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page(0).encode("utf-8"))))
    code, out, _ = run(["clean", "-", str(target), "-j", "1"], capsys)
    assert code == 0 and "==> - <==" in out and f"==> {target} <==" in out


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_leaves_every_file_old_or_new_and_no_temporary_file(tmp_path: Path) -> None:
    import signal
    import subprocess
    import time

    shard = tmp_path / "big.jsonl"
    records = [json.dumps({"text": page(k % 5)}) for k in range(3000)]
    shard.write_text("\n".join(records) + "\n", "utf-8")
    before = shard.read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "cleantext", "clean", str(shard), "--in-place", "-j", "2", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".*.cleantext-tmp")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "finished before it could be interrupted"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"interrupted" in err and b"Traceback" not in err
    assert shard.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]


def test_output_folder_of_a_file_argument_is_refused(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "t15"
    folder.mkdir()
    (folder / "x.txt").write_text(page(0), "utf-8")
    precious = folder / "x.jsonl"
    precious.write_text('{"text":"precious"}\n', "utf-8")
    code, _, err = run(["clean", str(folder / "x.txt"), "-o", str(folder), "--format", "jsonl", "-q", "-j", "1"],
                       capsys)
    assert code == 2 and "would write among the inputs" in err
    assert precious.read_text("utf-8") == '{"text":"precious"}\n'


def test_a_bare_cr_inside_a_jsonl_line_does_not_split_it(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    src.mkdir()
    good = json.dumps({"text": page()}).encode()
    bad = b'{"text": "caf\xe9\rmore"}'
    (src / "t.jsonl").write_bytes(good + b"\n" + bad + b"\n" + good + b"\n")
    code, _, err = run(["clean", str(src), "--glob", "*", "-o", str(tmp_path / "o"), "-j", "1"], capsys)
    assert code == 123 and "t.jsonl:2: not valid UTF-8" in err and ":3:" not in err
    lines = (tmp_path / "o" / "t.jsonl").read_bytes().split(b"\n")
    assert lines[1] == bad and len(lines) == 4


def test_diff_of_a_record_with_a_lone_surrogate(tmp_path: Path, capsysbinary) -> None:
    src = tmp_path / "s.jsonl"
    src.write_text('{"text": "Home\\n\\nThe council voted \\ud800 on Tuesday to approve the new budget."}\n', "utf-8")
    code = main(["clean", str(src), "--diff", "-q", "-j", "1"])
    out, err = capsysbinary.readouterr()
    assert code == 0 and b"-Home" in out and b"\\ud800" in out and b"Traceback" not in err


def test_a_full_standard_output_is_one_error(tmp_path: Path, monkeypatch, capsys) -> None:
    import errno

    target = tmp_path / "a.txt"
    target.write_text(page(), "utf-8")

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("cleantext.cli.click.echo", lambda *a, **k: full() if not k.get("err") else print(*a, file=sys.stderr))
    code, _, err = run(["clean", str(target), "-j", "1"], capsys)
    assert code == 123 and "No space left on device" in err and "Traceback" not in err


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    import subprocess

    folder = tmp_path / "many"
    folder.mkdir()
    for k in range(40):
        (folder / f"{k:02d}.txt").write_text(page(k % 5), "utf-8")
    shell = f"{sys.executable} -m cleantext clean {folder} -j 1 -q | head -c 10 > /dev/null; echo ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
    assert done.stdout.strip() in ("0", "1")  # click ends a closed pipe with exit 1, quietly


def test_crlf_on_standard_input_is_kept(monkeypatch, capsys) -> None:
    import io

    text = "The council voted on Tuesday to approve the new city budget after a long debate.\r\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, _, err = run(["clean", "-", "--check", "-j", "1"], capsys)
    assert code == 0 and "0 changed" in err


def test_stats_file_saved_atomically_and_a_damaged_one_named(tmp_path: Path, capsys) -> None:
    from cleantext import LineStats

    stats = tmp_path / "st.json"
    stats.write_text('{"format": "cleantext-line-stats/1"}\n', "utf-8")
    src = tmp_path / "c"
    src.mkdir()
    (src / "a.txt").write_text(page(), "utf-8")
    code, _, err = run(["clean", str(src), "--check", "--stats", str(stats), "-j", "1"], capsys)
    assert code == 2 and "damaged line-statistics file" in err and "Traceback" not in err
    LineStats.from_texts([page(), page(2)]).save(stats)
    assert LineStats.load(stats).documents == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("name, data", [
    ("u16.html", ("<html><body><p>" + " ".join(["The council voted on Tuesday to approve the budget."] * 4)
                  + "</p></body></html>").encode("utf-16")),
])
def test_html_with_a_bom_is_text_and_a_late_nul_is_binary(tmp_path: Path, name: str, data: bytes, capsys) -> None:
    (tmp_path / name).write_bytes(data)
    late = tmp_path / "late.html"
    late.write_bytes(b"<html><body><p>" + b"x " * 3000 + b"\x00</p></body></html>")
    code, _, err = run(["clean", str(tmp_path / name), str(late), "-o", str(tmp_path / "o"), "-j", "1"], capsys)
    assert code == 123 and f"{late}: binary file" in err and name not in err
    assert (tmp_path / "o" / "u16.txt").read_text("utf-8").startswith("The council voted")


def test_a_relative_model_path_in_a_config_file_is_the_files(tmp_path: Path, monkeypatch, capsys) -> None:
    from importlib import resources

    project = tmp_path / "proj"
    (project / "models").mkdir(parents=True)
    shipped = resources.files("cleantext") / "data" / "content_model.json"
    (project / "models" / "m.json").write_bytes(shipped.read_bytes())
    (project / "pyproject.toml").write_text('[tool.cleantext]\ncontent_model = "models/m.json"\n', "utf-8")
    (project / "sub").mkdir()
    (project / "sub" / "a.txt").write_text(page(), "utf-8")
    monkeypatch.chdir(project / "sub")
    code, out, err = run(["clean", "a.txt", "-j", "1"], capsys)
    assert code == 0, err
    assert "LEAVE A REPLY" not in out
    code, _, err = run(["clean", "a.txt", "-j", "1", "--set", f"content_model={project / 'models'}"], capsys)
    assert code == 2 and "a folder, not a model file" in err


def test_the_summary_does_not_count_a_refused_file_as_a_document(tmp_path: Path, capsys) -> None:
    inside_, outside = tmp_path / "tree", tmp_path / "elsewhere.txt"
    inside_.mkdir()
    outside.write_text(page(), "utf-8")
    (inside_ / "a.txt").write_text(page(), "utf-8")
    (inside_ / "link.txt").symlink_to(outside)
    code, _, err = run(["clean", str(inside_), "--in-place", "-j", "1"], capsys)
    assert code == 123 and "symlink leads out" in err
    assert "1 documents, 1 failed, 1 changed" in err


def test_a_jsonl_line_nested_too_deeply_fails_alone(tmp_path: Path, capsys) -> None:
    src = tmp_path / "deep.jsonl"
    nested = "[" * 200_000 + "]" * 200_000
    src.write_text(json.dumps({"text": page()}) + "\n" + nested + "\n", "utf-8")
    code, _, err = run(["clean", str(src), "-o", str(tmp_path / "o"), "-j", "1"], capsys)
    assert code == 123 and f"{src}:2: malformed JSON: nested too deeply" in err
    assert (tmp_path / "o" / "deep.jsonl").read_text("utf-8").split("\n")[1] == nested


def test_a_folder_with_no_matching_file_says_so(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "a.warc").write_bytes(b"")
    code, _, err = run(["clean", str(folder), "--check", "-j", "1"], capsys)
    assert code == 0 and f"warning: {folder}: no file matches --glob '*.txt'" in err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_ends_a_run_blocked_on_standard_input() -> None:
    import signal
    import subprocess
    import time

    proc = subprocess.Popen([sys.executable, "-m", "cleantext", "clean", "-", "-j", "1"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(4)  # started, and waiting for standard input that never ends
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    # 130 once the handler is in place; killed by the signal (-15) if it came before.
    assert proc.returncode in (130, -signal.SIGTERM), err


def test_in_place_keeps_the_way_in_that_may_be_rewritten(tmp_path: Path, capsys) -> None:
    corpus, other = tmp_path / "corpus", tmp_path / "other"
    corpus.mkdir()
    other.mkdir()
    (other / "z.txt").write_text(page(), "utf-8")
    (corpus / "alink.txt").symlink_to(other / "z.txt")  # leads out of corpus/
    code, _, err = run(["clean", str(corpus), str(other / "z.txt"), "--in-place", "-j", "1"], capsys)
    assert code == 0, err  # the file named itself is rewritten; the link out of the tree is not needed
    assert "LEAVE A REPLY" not in (other / "z.txt").read_text("utf-8")


def test_a_failed_jsonl_write_counts_one_failure_and_no_documents(tmp_path: Path, capsys) -> None:
    src = tmp_path / "x.jsonl"
    src.write_text("\n".join(json.dumps({"text": page(k)}) for k in range(3)) + "\n", "utf-8")
    out = tmp_path / "o"
    (out / "x.jsonl").mkdir(parents=True)  # a folder where the output file must go
    code, _, err = run(["clean", str(src), "-o", str(out), "-j", "1"], capsys)
    assert code == 123 and "cannot write" in err
    assert "0 documents, 1 failed, 0 changed" in err


def test_output_into_the_parent_of_the_input_folder_is_allowed(tmp_path: Path, capsys) -> None:
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "a.txt").write_text(page(), "utf-8")
    code, _, err = run(["clean", str(raw), "-o", str(tmp_path / "data"), "-j", "1", "-q"], capsys)
    assert code == 0, err
    assert "LEAVE A REPLY" not in (tmp_path / "data" / "a.txt").read_text("utf-8")
    assert (raw / "a.txt").read_text("utf-8") == page()


def test_config_takes_a_path_for_a_path_setting() -> None:
    from cleantext import Config

    assert Config(content_model=Path("models/m.json")).content_model == "models/m.json"
