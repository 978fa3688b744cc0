"""The Ray engine writes what the local CLI writes, record for record, on a few hundred devset pages.

One local Ray instance (two CPUs) serves the whole module. The devset pages
are read in place from ``../shared/devset`` and the module is skipped where
that folder is absent.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install -e '.[ray]'")
pa = pytest.importorskip("pyarrow", reason="Ray Data brings pyarrow")
pq = pytest.importorskip("pyarrow.parquet", reason="Ray Data brings pyarrow")

from cleantext import LineStats  # noqa: E402
from cleantext.cli import main  # noqa: E402
from cleantext.engines import ray as engine  # noqa: E402

from .conftest import ROOT  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

DEVSET_PAGES = ROOT.parent / "shared" / "devset" / "pages"
#: Every fourth devset page: a few hundred pages from every source dataset.
STEP = 4


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """One quiet local Ray for the module; the engine reuses it instead of starting its own."""
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    yield
    ray.shutdown()


def _devset_records() -> list[dict[str, Any]]:
    if not DEVSET_PAGES.is_dir():
        pytest.skip(f"{DEVSET_PAGES} is absent: the Ray equality test reads the devset pages in place")
    paths = sorted(DEVSET_PAGES.glob("*.raw.txt"))
    chosen = paths[::STEP]
    # A page with U+2028 in its text: a raw JSON line that str.splitlines would break in two.
    chosen += [p for p in paths if "\u2028" in p.read_text("utf-8")][:1]
    records: list[dict[str, Any]] = []
    for k, path in enumerate(chosen):
        record: dict[str, Any] = {"url": f"https://example.org/{path.stem}", "text": path.read_text("utf-8"), "k": k}
        if k % 10 == 3:
            del record["url"]  # no id of its own: gets "<path>:<line>" from both engines
        records.append(record)
    return records


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL corpus of devset pages with a malformed line and a record without text among them."""
    records = _devset_records()
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(5, "{not json")
    lines.insert(9, json.dumps({"url": "https://example.org/no-text", "body": "x"}))
    folder = tmp_path_factory.mktemp("ray-corpus")
    path = folder / "pages.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert "\u2028" in path.read_text("utf-8")
    return path


@pytest.fixture(scope="module")
def local_output(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list[str], dict[str, Any]]:
    """The local CLI's exit code, output lines and saved statistics for the corpus."""
    out = tmp_path_factory.mktemp("local-out")
    stats = out / "stats.json"
    code = main(["clean", str(corpus), "--format", "jsonl", "--id-field", "url", "-o", str(out / "clean"),
                 "--stats", str(stats), "-q", "-j", "2"])
    lines = _lines((out / "clean" / corpus.name).read_text("utf-8"))
    return code, lines, json.loads(stats.read_text("utf-8"))


def _lines(text: str) -> list[str]:
    # Not str.splitlines: a raw U+2028 inside a JSON string is not a line break.
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def _shard_lines(folder: Path) -> list[str]:
    return [line for shard in sorted(folder.glob("*.jsonl")) for line in _lines(shard.read_text("utf-8"))]


def test_cli_on_ray_writes_the_local_records(local_ray: None, corpus: Path, local_output, tmp_path: Path) -> None:
    local_code, local_lines, local_stats = local_output
    stats = tmp_path / "stats.json"
    code = main(["clean", "--engine", "ray", str(corpus), "--id-field", "url", "-o", str(tmp_path / "clean"),
                 "--stats", str(stats), "-q"])
    assert code == local_code == 123  # the malformed line and the record without text fail in both
    got = _shard_lines(tmp_path / "clean")
    assert len(got) == len(local_lines) > 300
    assert sorted(got) == sorted(local_lines)
    assert json.loads(stats.read_text("utf-8")) == local_stats
    records = [r for r in map(json.loads, local_lines[:5] + local_lines[6:]) if "dropped" in r]
    assert sum(any(r == "repeat:corpus" for _, _, r in rec["dropped"]) for rec in records) > 0, \
        "the corpus statistics should have dropped some template lines"
    assert any(rec.get("id") == f"{corpus}:4" for rec in records)  # a fallback id the two engines agree on


def test_reused_stats_file_gives_the_same_records(local_ray: None, corpus: Path, local_output, tmp_path: Path) -> None:
    _, local_lines, local_stats = local_output
    stats = tmp_path / "stats.json"
    stats.write_text(json.dumps(local_stats), "utf-8")
    assert main(["clean", "--engine", "ray", str(corpus.parent), "--id-field", "url", "-o", str(tmp_path / "c"),
                 "--stats", str(stats), "-q"]) == 123
    assert sorted(_shard_lines(tmp_path / "c")) == sorted(local_lines)


def test_parquet_on_ray_holds_the_local_records(local_ray: None, corpus: Path, local_output, tmp_path: Path) -> None:
    _, local_lines, _ = local_output
    good = [json.loads(line) for line in _lines(corpus.read_text("utf-8"))
            if line.startswith('{"') and "text" in json.loads(line)]
    shards = tmp_path / "in"
    shards.mkdir()
    # Parquet needs one schema: every record gets a url (the no-id ones keep theirs as null).
    table = ray.data.from_items([{"url": r.get("url"), "text": r["text"], "k": r["k"]} for r in good])
    table.repartition(3).write_parquet(str(shards))
    assert main(["clean", "--engine", "ray", str(shards), "--id-field", "url", "-o", str(tmp_path / "out"), "-q"]) == 0
    got = {row["k"]: row for shard in sorted((tmp_path / "out").glob("*.parquet"))
           for row in pq.read_table(shard).to_pylist()}
    expected = {r["k"]: r for r in map(json.loads, local_lines[:5] + local_lines[6:]) if "k" in r}
    assert set(got) == set(expected)
    for k, row in got.items():
        row["dropped"] = [[d["line"], d["text"], d["reason"]] for d in row["dropped"]]
        want = dict(expected[k])
        if "url" not in want:  # locally these records carry "<path>:<line>" ids; Parquet rows have no line
            assert row.pop("url") is None and "id" not in row
            want.pop("id")
        assert row == want


def test_clean_dataset_keeps_columns_and_passes_missing_text(local_ray: None) -> None:
    page = "Home\nThe council approved the new budget on Tuesday evening after a long debate.\nShare"
    ds = ray.data.from_items([{"body": page, "n": 1}, {"body": None, "n": 2}])
    rows = sorted(engine.clean_dataset(ds, "body", stats=False).take_all(), key=lambda r: r["n"])
    assert rows[0]["body"].startswith("The council") and rows[0]["lang"] == "en"
    assert rows[0]["dropped"] == [{"line": 1, "text": "Home", "reason": "chrome:breadcrumb"},
                                  {"line": 3, "text": "Share", "reason": "chrome:share_counter"}]
    assert rows[1]["body"] is None and rows[1]["dropped"] is None and rows[1]["n"] == 2
    assert "text" not in rows[0] and rows[0]["id"] is None


def test_line_stats_aggregation_merges_partials_to_the_whole() -> None:
    texts = [f"Story {n} is new.\nAll rights reserved by Example Media\nFollow us on the socials" for n in range(30)]
    agg = engine.LineStatsAggregation(lambda table: table.column("text").to_pylist())
    parts = [agg.aggregate_block(pa.table({"text": part})) for part in (texts[:7], texts[7:20], texts[20:])]
    merged = engine._stats(agg.combine(agg.combine(parts[0], parts[1]), parts[2]))
    whole = LineStats.from_texts(texts)
    assert merged.documents == whole.documents == 30 and merged.counts == whole.counts


@pytest.mark.parametrize("argv, message", [
    (["--engine", "ray", "x.jsonl"], "needs -o/--output"),
    (["--engine", "ray", "x.jsonl", "-o", "out", "--check"], "only the local engine supports --check"),
    (["--engine", "ray", "-", "-o", "out"], "not standard input"),
    (["x.jsonl", "--address", "ray://h:10001"], "--address needs --engine ray"),
])
def test_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", *argv]) == 2
    assert message in capsys.readouterr().err


def test_input_format_from_shard_names(tmp_path: Path) -> None:
    for name in ("b.parquet", "stats.json", "_SUCCESS"):
        (tmp_path / name).write_text("", "utf-8")
    assert engine.input_format([str(tmp_path)]) == "parquet"  # stats.json and _SUCCESS are not shards
    (tmp_path / "a.jsonl.gz").write_text("", "utf-8")
    with pytest.raises(ValueError, match="not both"):
        engine.input_format([str(tmp_path)])
    assert engine.input_format([str(tmp_path / "a.jsonl.gz")]) == "jsonl"
    assert engine.input_format(["s3://bucket/part-1.parquet"]) == "parquet"


def test_missing_input_is_a_failure_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.jsonl"
    assert main(["clean", "--engine", "ray", str(missing), "-o", str(tmp_path / "out"), "-q"]) == 123
    assert f"{missing}: no such file or folder" in capsys.readouterr().err


def test_bad_bytes_and_a_damaged_shard_as_locally(local_ray: None, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import gzip

    article = ("Home\n\nThe council voted on Tuesday, in session {k}, to approve the new city budget after a "
               "long debate about schools and roads.\n\nShare on Facebook")
    shards = tmp_path / "in"
    shards.mkdir()
    good = [json.dumps({"text": article.format(k=k)}).encode() for k in range(3)]
    bad = b'{"text": "caf\xe9\rcr\xe8me"}'  # not UTF-8, with a bare CR inside: passed through as it is
    (shards / "good.jsonl").write_bytes(b"\n".join([good[0], bad, *good[1:]]) + b"\n")
    other = [json.dumps({"text": f"A note on the harbour works, number {k}, for the record of the port."}).encode()
             for k in range(400)]
    packed = gzip.compress(b"\n".join(other) + b"\n")
    (shards / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    local, remote = tmp_path / "local", tmp_path / "ray"
    assert main(["clean", str(shards), "--glob", "*.jsonl*", "-o", str(local), "-q", "-j", "1"]) == 123
    local_err = capsys.readouterr().err
    assert main(["clean", "--engine", "ray", str(shards), "-o", str(remote), "-q"]) == 123
    err = capsys.readouterr().err
    assert f"{shards / 'good.jsonl'}:2: not valid UTF-8" in err and "good.jsonl:2: not valid UTF-8" in local_err
    assert f"error: {shards / 'cut.jsonl.gz'}: " in err and "Traceback" not in err
    written = [line for shard in sorted(remote.glob("*.jsonl")) for line in shard.read_bytes().split(b"\n")]
    local_lines = (local / "good.jsonl").read_bytes().split(b"\n")[:-1]
    assert bad in written and bad in local_lines
    assert all(line in written for line in local_lines)


def test_parquet_without_the_text_column_is_a_usage_error(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    shards = tmp_path / "pq"
    shards.mkdir()
    pq.write_table(pa.table({"body": ["some text"]}), shards / "part-0.parquet")
    code = main(["clean", "--engine", "ray", str(shards), "-o", str(tmp_path / "out"), "-q", "-j", "1"])
    assert code == 2 and "--text-field 'text': no such column" in capsys.readouterr().err
