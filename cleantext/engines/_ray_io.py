"""Ray Data reads and writes JSONL as raw lines, so records survive byte for byte.

``ray.data.read_json`` parses records into Arrow: a field missing from one
record comes back as ``null``, integers may widen, and nested lists of mixed
types (``dropped`` is ``[[1, "Home", "chrome:breadcrumb"], ...]``) do not
survive ``write_json`` at all. ``ray.data.read_text`` splits on ``str.splitlines``,
which also breaks a record at a raw U+2028 or U+0085 inside a JSON string.
So the JSONL path of the Ray engine reads each line with the local runner's
own reader (:func:`cleantext.batchio.iter_jsonl`), cleans it with the local
runner's own functions, and writes the resulting JSON line unchanged.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
from ray.data.block import Block, BlockAccessor
from ray.data.datasource import BlockBasedFileDatasink, FileBasedDatasource
from ray.data.datasource.datasink import WriteResult

from ..batchio import InputError, iter_jsonl

#: Lines per block read from a shard: large enough that per-block overhead
#: vanishes, small enough that a block of long pages stays a few tens of MB.
LINES_PER_BLOCK = 256

#: Error messages kept for the summary; the count of failures is always exact.
MAX_ERRORS_SHOWN = 1000

LINES_SCHEMA = pa.schema([("where", pa.string()), ("raw", pa.binary()), ("error", pa.string())])
"""Rows of the line reader: ``file:line`` (the local CLI's record locator) and the raw line as
its bytes (a line that is not UTF-8 must come out as it went in), or, for a shard that
cannot be read to its end, no line and the error naming it."""

OUTCOME_SCHEMA = pa.schema([
    ("line", pa.binary()), ("error", pa.string()), ("reasons", pa.string()),
    ("changed", pa.bool_()), ("bytes_in", pa.int64()), ("bytes_out", pa.int64()),
])
"""Rows of the cleaning map: the output line and what the summary needs to know about it."""


#: Files the JSONL reader takes (from folders, and as named files): not ``.json``,
#: so a ``--stats stats.json`` or a schema file in a shard folder is not read as records.
JSONL_EXTENSIONS = [f"{kind}{packed}" for kind in ("jsonl", "ndjson") for packed in ("", ".gz", ".zst")]


class JsonlLinesDatasource(FileBasedDatasource):
    """Every non-blank line of JSONL files (plain or compressed), with its ``file:line``."""

    def __init__(self, paths: str | list[str], **kwargs: Any) -> None:
        super().__init__(paths, file_extensions=JSONL_EXTENSIONS, **kwargs)

    def _read_stream(self, f: pa.NativeFile, path: str) -> Iterator[Block]:
        # Lines split at LF and decoded exactly as the local reader does (iter_jsonl),
        # then kept as bytes: Arrow strings cannot hold the bytes of a line that is not UTF-8.
        where: list[str] = []
        raw: list[bytes] = []
        try:
            for number, line in iter_jsonl(None, io.BufferedReader(_Raw(f))):
                where.append(f"{path}:{number}")
                raw.append(line.encode("utf-8", "surrogateescape"))
                if len(raw) >= LINES_PER_BLOCK:
                    yield _lines_table(where, raw)
                    where, raw = [], []
        except InputError as exc:
            # A damaged compressed shard: its lines so far go on, and the shard fails
            # with one line naming it (the run goes on; exit 123).
            if raw:
                yield _lines_table(where, raw)
            yield pa.table([[path], [None], [f"{path}: {str(exc).removeprefix('-: ')}"]], schema=LINES_SCHEMA)
            return
        if raw:
            yield _lines_table(where, raw)


class _Raw(io.RawIOBase):
    """Arrow's (possibly decompressing) input stream as a raw file, for a line-splitting ``BufferedReader``."""

    def __init__(self, f: pa.NativeFile) -> None:
        self.f = f

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.f.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _lines_table(where: list[str], raw: list[bytes]) -> pa.Table:
    return pa.table([where, raw, [None] * len(raw)], schema=LINES_SCHEMA)


@dataclass
class Tally:
    """What a write task saw: the CLI's summary numbers, summed across tasks."""

    documents: int = 0
    failed: int = 0
    changed: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.documents += other.documents
        self.failed += other.failed
        self.changed += other.changed
        self.bytes_in += other.bytes_in
        self.bytes_out += other.bytes_out
        self.reasons.update(other.reasons)
        self.errors.extend(other.errors[: MAX_ERRORS_SHOWN - len(self.errors)])

    @classmethod
    def of_block(cls, block: BlockAccessor) -> Tally:
        table = block.to_arrow()
        tally = cls()
        for error, reasons, changed, b_in, b_out in zip(*(table.column(c).to_pylist() for c in
                                                          ("error", "reasons", "changed", "bytes_in", "bytes_out"))):
            if error is not None:
                tally.failed += 1
                if len(tally.errors) < MAX_ERRORS_SHOWN:
                    tally.errors.append(error)
                continue
            tally.documents += 1
            tally.changed += bool(changed)
            tally.bytes_in += b_in
            tally.bytes_out += b_out
            tally.reasons.update(json.loads(reasons))
        return tally


class JsonlLinesDatasink(BlockBasedFileDatasink):
    """Writes the ``line`` column, one line each, and returns a :class:`Tally` per task.

    After ``Dataset.write_datasink(sink)`` the driver's ``sink.tally`` holds the
    totals, so the CLI can print the same summary as the local runner without
    a second pass over the data.
    """

    def __init__(self, path: str, **kwargs: Any) -> None:
        super().__init__(path, file_format="jsonl", **kwargs)
        self.tally = Tally()

    def write_block_to_file(self, block: BlockAccessor, file: pa.NativeFile) -> None:
        lines = block.to_arrow().column("line").to_pylist()
        file.write(b"".join(line + b"\n" for line in lines if line is not None))  # None: a shard that failed

    def write(self, blocks: Iterable[Block], ctx: Any) -> Tally:  # type: ignore[override]
        blocks = list(blocks)
        super().write(blocks, ctx)
        tally = Tally()
        for block in blocks:
            tally.add(Tally.of_block(BlockAccessor.for_block(block)))
        return tally

    def on_write_complete(self, write_result: WriteResult[Tally]) -> None:  # type: ignore[override]
        super().on_write_complete(write_result)  # type: ignore[arg-type]
        for tally in write_result.write_returns:
            if tally is not None:
                self.tally.add(tally)
