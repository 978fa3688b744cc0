"""``CleanText`` in a real datatrove pipeline: JsonlReader -> CleanText -> JsonlWriter on LocalPipelineExecutor."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datatrove", reason="datatrove is an optional extra: pip install -e '.[datatrove]'")
pytest.importorskip("orjson", reason="datatrove's JSONL reader and writer need orjson (in the datatrove extra)")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

import cleantext  # noqa: E402
from cleantext import LineStats  # noqa: E402
from cleantext.engines.datatrove import CleanText, empty_reason  # noqa: E402

from .conftest import seed_names, seed_text  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

ALL_CHROME = "Select Language\nEnglish\nDown Icon\nShare on Facebook\nLEAVE A REPLY"
FOOTER = "All rights reserved by Example Media Group"


def _read_jsonl_folder(folder: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(folder.rglob("*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            out += [json.loads(line) for line in fh if line.strip()]
    return out


def _corpus(folder: Path) -> dict[str, str]:
    """Two input shards: the seed pages with a shared footer, an all-chrome page, a blank page."""
    texts = {f"seed-{name}": seed_text(name) + "\n" + FOOTER for name in seed_names()}
    texts["chrome-only"] = ALL_CHROME
    texts["blank"] = "   \n\t\n"
    folder.mkdir()
    items = list(texts.items())
    for shard, part in enumerate((items[::2], items[1::2])):
        (folder / f"part-{shard}.jsonl").write_text(
            "".join(json.dumps({"id": i, "text": t, "metadata": {"source": "test"}}) + "\n" for i, t in part), "utf-8")
    return texts


def test_clean_text_in_a_local_pipeline(tmp_path: Path) -> None:
    texts = _corpus(tmp_path / "raw")
    # Statistics of a larger corpus in which the footer is template: the step must read them from the file.
    corpus_stats = LineStats.from_texts([*texts.values(), *(f"Filler story {n}.\n{FOOTER}" for n in range(20))])
    stats_file = tmp_path / "stats.json"
    corpus_stats.save(stats_file)
    step = CleanText(line_stats=stats_file, exclusion_writer=JsonlWriter(str(tmp_path / "dropped"), compression=None))
    executor = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(tmp_path / "raw")), step, JsonlWriter(str(tmp_path / "clean"), compression=None)],
        tasks=2, workers=2, logging_dir=str(tmp_path / "logs"))
    executor.run()

    kept = {d["id"]: d for d in _read_jsonl_folder(tmp_path / "clean")}
    assert set(kept) == {k for k in texts if k.startswith("seed-")}
    pipeline = cleantext.build_pipeline(None, corpus_stats)
    for doc_id, doc in kept.items():
        want = pipeline(cleantext.Document.from_text(texts[doc_id], id=doc_id))
        assert doc["text"] == want.text and doc["text"]
        meta = doc["metadata"]
        assert (meta["title"], meta["byline"], meta["language"]) == (want.title, want.byline, want.lang)
        assert meta["dropped_lines"] == want.reasons() and meta["source"] == "test"
        assert (FOOTER, "repeat:corpus") in [d[1:] for d in want.dropped()]
    assert any(doc["metadata"]["title"] for doc in kept.values())

    dropped = {d["id"]: d["metadata"]["filter_reason"] for d in _read_jsonl_folder(tmp_path / "dropped")}
    assert dropped == {"chrome-only": empty_reason(pipeline(ALL_CHROME).reasons()), "blank": "empty:blank"}
    assert dropped["chrome-only"].startswith("empty:chrome:")

    totals: dict[str, int] = {}
    for stats in (tmp_path / "logs" / "stats").glob("*.json"):
        for step_stats in json.loads(stats.read_text("utf-8")):
            if step_stats["name"] == repr(step):
                for label, value in step_stats["stats"].items():
                    totals[label] = totals.get(label, 0) + (value["total"] if isinstance(value, dict) else value)
    assert totals["dropped"] == 2 and totals["forwarded"] == len(kept)
    assert totals[f"dropped_{dropped['chrome-only']}"] == 1 and totals["dropped_empty:blank"] == 1
    assert totals["lines_chrome:comment_form"] >= 1


def test_step_without_stats_pickles_without_its_pipeline() -> None:
    import pickle

    step = CleanText()
    assert step.pipeline is step.pipeline  # built once
    clone = pickle.loads(pickle.dumps(step))
    assert clone._pipeline is None and clone.line_stats is None


def test_clean_text_under_the_ray_executor(tmp_path: Path) -> None:
    """The same step on datatrove's Ray executor: pickled to Ray workers, same documents out."""
    ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install -e '.[ray]'")
    import logging

    from datatrove.executor.ray import RayPipelineExecutor

    texts = _corpus(tmp_path / "raw")
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    try:
        steps = [JsonlReader(str(tmp_path / "raw")), CleanText(), JsonlWriter(str(tmp_path / "clean"), compression=None)]
        RayPipelineExecutor(steps, tasks=2, logging_dir=str(tmp_path / "logs"), mem_per_cpu_gb=1).run()
    finally:
        ray.shutdown()
    kept = {d["id"]: d for d in _read_jsonl_folder(tmp_path / "clean")}
    assert set(kept) == {k for k in texts if k.startswith("seed-")}
    for doc_id, doc in kept.items():
        want = cleantext.clean(texts[doc_id])
        assert doc["text"] == want.text and doc["metadata"]["dropped_lines"] == want.reasons()
