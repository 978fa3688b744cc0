"""Clean a corpus on a Ray cluster with Ray Data: same records as the local CLI, many machines.

Two entry points:

- :func:`clean_dataset` for a ``ray.data.Dataset`` you already have
  (Parquet, a data lake table, the output of another transform): it returns
  the dataset with the text cleaned and the record fields added, typed for
  Arrow (``dropped`` becomes a list of ``{line, text, reason}`` structs,
  because Arrow has no list of mixed types).
- :func:`run_clean`, behind ``cleantext clean --engine ray INPUT -o OUTPUT``:
  JSONL shards in, JSONL shards out, each output line byte-identical to what
  ``cleantext clean`` writes locally (see :mod:`cleantext.engines._ray_io`);
  Parquet in, Parquet out through :func:`clean_dataset`.

Both first count corpus line statistics as a distributed aggregation
(:class:`LineStatsAggregation`: a partial :class:`~cleantext.corpus.LineStats`
per block, merged with :meth:`LineStats.merge`), exactly as the local CLI's
first pass does, then broadcast them to the cleaning actors, which build the
pipeline once each.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

try:
    import pyarrow as pa
    import ray
    import ray.data
    from ray.data.aggregate import AggregateFnV2
except ImportError as exc:  # pragma: no cover - only without the extra
    raise ImportError("cleantext.engines.ray needs Ray Data: pip install 'cleantext-web[ray]'") from exc

from ..batchio import InputError, json_line, parse_record
from ..build import build_pipeline
from ..config import Config
from ..corpus import LineStats
from ..records import META_FIELDS, clean_record
from ._ray_io import JSONL_EXTENSIONS, OUTCOME_SCHEMA, JsonlLinesDatasink, JsonlLinesDatasource, Tally

#: Arrow type of ``dropped`` in datasets: the record's ``[line, original, reason]``
#: triples as structs, since an Arrow list holds one type only.
DROPPED_TYPE = pa.list_(pa.struct([("line", pa.int64()), ("text", pa.string()), ("reason", pa.string())]))

#: Arrow types of the fields cleaning adds, so every block has the same schema
#: even when a block's titles are all missing (which Arrow would type as null).
META_TYPES: dict[str, pa.DataType] = {
    "title": pa.string(), "byline": pa.string(), "lang": pa.string(), "dropped": DROPPED_TYPE,
    "chars_in": pa.int64(), "chars_out": pa.int64(),
}
assert tuple(META_TYPES) == META_FIELDS

#: Records cleaned per call of the cleaning actor: one call per few seconds of
#: work keeps scheduling overhead negligible and memory small.
BATCH_SIZE = 64


# ---------------------------------------------------------------- corpus statistics

class LineStatsAggregation(AggregateFnV2):
    """Corpus line statistics of a text column, as a Ray Data aggregation.

    Each block becomes a partial :class:`LineStats`; partials are merged
    with :meth:`LineStats.merge` as Ray combines them. Between tasks a
    partial travels as Arrow-native columns (``documents``, ``hashes``,
    ``counts``): a ``LineStats`` object would be pickled into the block,
    which Ray warns about and some readers refuse. ``texts`` turns a block
    into the texts to count, so the JSONL path can count raw lines exactly
    as the local first pass does (a text that is not a string is skipped).
    """

    def __init__(self, texts: Callable[[pa.Table], list[Any]]) -> None:
        self._texts = texts
        super().__init__("line_stats", zero_factory=lambda: _partial(LineStats()), on=None, ignore_nulls=False)

    def aggregate_block(self, block: Any) -> dict[str, Any]:
        from ray.data.block import BlockAccessor

        stats = LineStats()
        for text in self._texts(BlockAccessor.for_block(block).to_arrow()):
            if isinstance(text, str):
                stats.add(text)
        return _partial(stats)

    def combine(self, current_accumulator: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
        return _partial(_stats(current_accumulator).merge(_stats(new)))


def _partial(stats: LineStats) -> dict[str, Any]:
    return {"documents": stats.documents, "hashes": list(stats.counts), "counts": list(stats.counts.values())}


def _stats(partial: dict[str, Any]) -> LineStats:
    return LineStats(int(partial["documents"]), Counter(dict(zip(partial["hashes"], partial["counts"]))))


def line_stats(ds: ray.data.Dataset, text_field: str = "text") -> LineStats:
    """Line statistics of the ``text_field`` column of ``ds``, computed across the cluster.

    The merged result lands on the driver: one counter entry per distinct
    line of the corpus (a 16-character hash and a count), the same object the
    local first pass builds, so ``--stats FILE`` files are interchangeable.
    """
    return _aggregate(ds, LineStatsAggregation(lambda table: table.column(text_field).to_pylist()))


def _raw_texts(text_field: str) -> Callable[[pa.Table], list[Any]]:
    """The texts of raw JSONL lines, parsed as the local first pass parses them."""

    def texts(table: pa.Table) -> list[Any]:
        out: list[Any] = []
        for raw in table.column("raw").to_pylist():
            if raw is None:
                continue  # a shard that failed: reported by the cleaning pass
            try:
                out.append(json.loads(raw).get(text_field))
            except (ValueError, AttributeError, RecursionError):
                continue
        return out

    return texts


def _aggregate(ds: ray.data.Dataset, agg: LineStatsAggregation) -> LineStats:
    result = ds.aggregate(agg)
    partial = result.get("line_stats") if isinstance(result, dict) else None
    return _stats(partial) if partial else LineStats()  # an empty dataset has no rows to aggregate


def _usable(stats: LineStats | None) -> LineStats | None:
    # As the local CLI: one document has no corpus to compare against.
    return stats if stats is not None and stats.documents >= 2 else None


# ---------------------------------------------------------------- cleaning actors

class _RecordCleaner:
    """Cleans Arrow batches of records (the :func:`clean_dataset` map); one pipeline per actor."""

    def __init__(self, config: Config | None, stats: Any, text_field: str, id_field: str | None) -> None:
        self.pipeline = build_pipeline(config, _received(stats))
        self.text_field = text_field
        self.id_field = id_field

    def __call__(self, batch: pa.Table) -> pa.Table:
        if self.text_field not in batch.column_names:
            raise KeyError(f"no column {self.text_field!r} to clean; columns: {batch.column_names}")
        records = batch.to_pylist()
        cleaned: list[dict[str, Any] | None] = []
        for record in records:
            if isinstance(record.get(self.text_field), str):
                cleaned.append(clean_record(self.pipeline, record, self.text_field, self.id_field, None)[0])
            else:
                cleaned.append(None)  # a missing text passes through, with empty fields
        columns: dict[str, pa.Array] = {name: batch.column(name) for name in batch.column_names}
        columns[self.text_field] = pa.array(
            [c[self.text_field] if c else r.get(self.text_field) for c, r in zip(cleaned, records)], pa.string())
        for name, kind in META_TYPES.items():
            values = [c[name] if c else None for c in cleaned]
            if name == "dropped":
                values = [None if v is None else [{"line": n, "text": t, "reason": why} for n, t, why in v]
                          for v in values]
            columns[name] = pa.array(values, kind)
        if "id" not in columns and (self.id_field is None or self.id_field not in batch.column_names):
            columns["id"] = pa.nulls(len(records), pa.string())  # the record builder always gives an id
        return pa.table(columns)


class _LineCleaner:
    """Cleans raw JSONL lines exactly as ``cleantext.cli.clean_records`` does; one pipeline per actor."""

    def __init__(self, config: Config | None, stats: Any, text_field: str, id_field: str | None) -> None:
        self.pipeline = build_pipeline(config, _received(stats))
        self.text_field = text_field
        self.id_field = id_field

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows: dict[str, list[Any]] = {name: [] for name in OUTCOME_SCHEMA.names}
        for where, data, failed in zip(*(batch.column(c).to_pylist() for c in ("where", "raw", "error"))):
            for name, value in zip(OUTCOME_SCHEMA.names, self._outcome(where, data, failed)):
                rows[name].append(value)
        return pa.table(rows, schema=OUTCOME_SCHEMA)

    def _outcome(self, where: str, data: bytes | None, failed: str | None) -> tuple[Any, ...]:
        """One row of :data:`OUTCOME_SCHEMA` for one line read (or one shard that failed)."""
        if failed is not None or data is None:  # a shard that could not be read to its end: nothing to write
            return (None, failed, None, False, 0, 0)
        try:
            record = parse_record(data.decode("utf-8", "surrogateescape"), where, self.text_field)
        except InputError as exc:
            return (data, str(exc), None, False, 0, 0)  # passed through as the bytes it was
        text = record[self.text_field]
        merged, doc = clean_record(self.pipeline, record, self.text_field, self.id_field, where)
        return (json_line(merged).encode("utf-8"), None, json.dumps(doc.reasons()), doc.text != text,
                len(text.encode("utf-8", "surrogatepass")), len(doc.text.encode("utf-8", "surrogatepass")))


def _actors(concurrency: int | tuple[int, int] | None) -> int | tuple[int, int]:
    """How many cleaning actors: as given, else one up to one per CPU of the cluster."""
    if concurrency is not None:
        return concurrency
    cpus = int(ray.cluster_resources().get("CPU", 1)) if ray.is_initialized() else (os.cpu_count() or 1)
    return (1, max(1, cpus))


# ---------------------------------------------------------------- public API

def clean_dataset(ds: ray.data.Dataset, text_field: str = "text", config: Config | None = None, *,
                  id_field: str | None = None, stats: LineStats | None | bool = True,
                  concurrency: int | tuple[int, int] | None = None) -> ray.data.Dataset:
    """``ds`` with ``text_field`` cleaned and the record fields added (lazy, like any Ray transform).

    Every row becomes the record the local CLI writes for it
    (:func:`cleantext.records.clean_record`): input columns kept, the text
    replaced, ``title``, ``byline``, ``lang``, ``dropped``, ``chars_in``,
    ``chars_out`` added, and ``id`` (null) when the rows have no id column.
    ``dropped`` is a list of ``{line, text, reason}`` structs. A row whose
    text is null passes through with null fields.

    ``stats``: ``True`` (default) counts corpus line statistics over ``ds``
    first (one extra read of the text column, run now, before this returns),
    as the local CLI does for a corpus; a :class:`LineStats` uses those;
    ``None`` or ``False`` cleans without the corpus-repeat filter.
    """
    if stats is True:
        stats = _usable(line_stats(ds, text_field))
    elif stats is False:
        stats = None
    return ds.map_batches(
        _RecordCleaner, batch_format="pyarrow", batch_size=BATCH_SIZE, compute=_pool(concurrency),
        fn_constructor_kwargs={"config": config, "stats": _broadcast(stats), "text_field": text_field,
                               "id_field": id_field})


def clean_jsonl(paths: str | Sequence[str], output: str, text_field: str = "text", config: Config | None = None, *,
                id_field: str | None = None, stats: LineStats | None | bool = True,
                concurrency: int | tuple[int, int] | None = None) -> Tally:
    """Clean JSONL shards (files or folders, local or remote) into JSONL shards under ``output``.

    Each output line is what ``cleantext clean`` writes for the input line
    (malformed lines pass through unchanged and count as failures); records
    without an id of their own get ``<path>:<line>``, as locally. Returns
    the totals for the summary.
    """
    lines = _read_lines(paths)
    if stats is True:
        stats = _usable(jsonl_line_stats(paths, text_field))
    elif stats is False:
        stats = None
    cleaned = lines.map_batches(
        _LineCleaner, batch_format="pyarrow", batch_size=BATCH_SIZE, compute=_pool(concurrency),
        fn_constructor_kwargs={"config": config, "stats": _broadcast(stats), "text_field": text_field,
                               "id_field": id_field})
    sink = JsonlLinesDatasink(output)
    cleaned.write_datasink(sink)
    return sink.tally


def jsonl_line_stats(paths: str | Sequence[str], text_field: str = "text") -> LineStats:
    """Line statistics of JSONL shards, counted as the local first pass counts them."""
    return _aggregate(_read_lines(paths), LineStatsAggregation(_raw_texts(text_field)))


def _read_lines(paths: str | Sequence[str]) -> ray.data.Dataset:
    return ray.data.read_datasource(JsonlLinesDatasource(list(paths) if not isinstance(paths, str) else paths))


def _pool(concurrency: int | tuple[int, int] | None) -> ray.data.ActorPoolStrategy:
    size = _actors(concurrency)
    lo, hi = (size, size) if isinstance(size, int) else size
    return ray.data.ActorPoolStrategy(min_size=lo, max_size=hi)


def _received(stats: Any) -> LineStats | None:
    """The statistics an actor was handed: fetched from the object store when broadcast."""
    return ray.get(stats) if isinstance(stats, ray.ObjectRef) else stats


def _broadcast(stats: LineStats | None) -> Any:
    """Put the statistics in the object store once; every actor reads the same copy."""
    return None if stats is None else ray.put(stats)


# ---------------------------------------------------------------- the command line

def input_format(paths: Sequence[str]) -> str:
    """``"parquet"`` or ``"jsonl"``, from the file names (remote folders count as JSONL).

    In a local folder only shards count (``*.parquet``, ``*.jsonl``, ``*.jsonl.gz``, ...).

    >>> input_format(["shards/part-0.parquet"]), input_format(["a.jsonl.gz", "b.jsonl"])
    ('parquet', 'jsonl')
    """
    kinds: set[str] = set()
    for path in paths:
        p = Path(path)
        if "://" not in path and p.is_dir():
            names = [c.name.lower() for c in p.rglob("*") if c.is_file() and not c.name.startswith((".", "_"))]
            names = [n for n in names if n.endswith(".parquet") or n.endswith(tuple(f".{e}" for e in JSONL_EXTENSIONS))]
        else:
            names = [p.name.lower()]
        kinds.update("parquet" if n.endswith(".parquet") else "jsonl" for n in names)
    if len(kinds) > 1:
        raise ValueError("--engine ray takes JSONL or Parquet inputs, not both in one run")
    return kinds.pop() if kinds else "jsonl"


def run_clean(paths: Sequence[str], output: str | None, *, address: str | None, jobs: int, config: Config,
              text_field: str, id_field: str | None, stats_path: str | None, quiet: bool,
              local_only: Sequence[str] = ()) -> int:
    """``cleantext clean --engine ray``: clean JSONL or Parquet shards on Ray into ``output``; the exit code.

    ``address`` joins a running cluster (``ray://host:10001``, or ``auto``);
    without it a local Ray with ``jobs`` CPUs is started for this run. The
    inputs must be readable from every node (a shared or object-store path)
    once a cluster has more than one machine. ``local_only`` names flags the
    caller was given that only the local engine supports.
    """
    import click

    if local_only:
        raise click.UsageError(f"--engine ray writes shards under -o DIR; only the local engine supports "
                               f"{', '.join(local_only)}")
    if not output:
        raise click.UsageError("--engine ray needs -o/--output DIR (shards are written there)")
    if "-" in paths:
        raise click.UsageError("--engine ray reads files and folders, not standard input")
    missing = [p for p in paths if "://" not in p and not Path(p).exists()]
    for path in missing:
        click.echo(f"error: {path}: no such file or folder", err=True)
    paths = [p for p in paths if p not in missing]
    if not paths:
        return 123
    kind = input_format(paths)
    try:
        started = _start(address, jobs, quiet)
    except ConnectionError as exc:
        raise ValueError(f"cannot reach the Ray cluster at {address}: {exc}") from None
    try:
        stats: LineStats | None = LineStats.load(stats_path) if stats_path and Path(stats_path).exists() else None
        if kind == "jsonl":
            if stats is None:
                stats = jsonl_line_stats(list(paths), text_field)
                if stats_path:
                    stats.save(stats_path)
            tally = clean_jsonl(list(paths), output, text_field, config, id_field=id_field, stats=_usable(stats))
        else:
            ds = ray.data.read_parquet(list(paths))
            if text_field not in ds.schema().names:
                raise click.UsageError(f"--text-field {text_field!r}: no such column in the Parquet input; "
                                       f"columns: {', '.join(ds.schema().names)}")
            if stats is None:
                stats = line_stats(ds, text_field)
                if stats_path:
                    stats.save(stats_path)
            clean_dataset(ds, text_field, config, id_field=id_field, stats=_usable(stats)).write_parquet(output)
            tally = Tally(documents=_parquet_rows(output))
    finally:
        if started:
            ray.shutdown()
    for error in tally.errors:
        click.echo(f"error: {error}", err=True)
    if not quiet:
        _report(tally, kind, output)
    return 123 if tally.failed or missing else 0


def _parquet_rows(output: str) -> int:
    """Rows written, from the Parquet footers alone (no Ray job: the cleaning actors may still hold the CPUs)."""
    import pyarrow.dataset

    return pyarrow.dataset.dataset(output, format="parquet").count_rows()


def _start(address: str | None, jobs: int, quiet: bool) -> bool:
    """Connect to (or start) Ray, quietly; True when this call started it (and must stop it)."""
    if ray.is_initialized():
        return False
    options: dict[str, Any] = {"logging_level": logging.ERROR if quiet else logging.WARNING, "log_to_driver": not quiet}
    if address:
        ray.init(address=address, **options)
    else:
        ray.init(num_cpus=jobs, include_dashboard=False, **options)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = not quiet and sys.stderr.isatty()
    logging.getLogger("ray.data").setLevel(options["logging_level"])
    return True


def _report(tally: Tally, kind: str, output: str) -> None:
    import click

    if kind == "parquet":
        click.echo(f"cleantext: {tally.documents} records written to {output} (Parquet)", err=True)
        return
    top = ", ".join(f"{r} {n}" for r, n in Counter(tally.reasons).most_common(8))
    click.echo(f"cleantext: {tally.documents} documents, {tally.failed} failed, {tally.changed} changed, "
               f"{tally.bytes_in:,} bytes in, {tally.bytes_out:,} bytes out", err=True)
    if top:
        click.echo(f"dropped lines: {top}", err=True)
