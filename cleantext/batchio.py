"""Reading inputs and writing outputs safely: decoding, binary detection, atomic replacement.

Kept apart from the CLI so that the rules that protect users' data (never a
half-written file, never a write after a failure, never a symlink followed out
of the tree) live in one small module with its own tests.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Bytes looked at to decide "binary": a NUL in the first 8 KiB.
BINARY_SNIFF = 8192


class InputError(Exception):
    """An input that cannot be cleaned; the message names it and says why, in one line."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    """``utf-8`` or the charset detected for a file that was not UTF-8."""


def decode(data: bytes, name: str) -> Decoded:
    """UTF-8 if it is, else the charset charset-normalizer finds; NUL bytes mean binary.

    >>> decoded = decode("Le café de la gare est fermé, a déclaré le maire. ".encode("latin-1") * 3, "x")
    >>> decoded.text[:29], decoded.encoding != "utf-8"
    ('Le café de la gare est fermé,', True)
    """
    if b"\x00" in data[:BINARY_SNIFF] or b"\x00" in data[-BINARY_SNIFF:]:
        raise InputError(f"{name}: binary file (NUL bytes), skipped")
    try:
        return Decoded(data.decode("utf-8").removeprefix("\ufeff"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: not UTF-8 and no charset fits, skipped")
    return Decoded(str(best), best.encoding)


def read_text(path: Path) -> Decoded:
    """Read and decode one file; unreadable paths become an :class:`InputError`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return decode(data, str(path))


def inside(path: Path, root: Path) -> bool:
    """True when ``path`` resolves (symlinks followed) to somewhere under ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` all at once, keeping its mode.

    The new content goes to a temporary file in the same folder (same file
    system, so the rename is atomic), is flushed to disk, then renamed over
    the old file: an interrupted run leaves the old file or the new one,
    never half of either.
    """
    folder = path.parent
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".cleantext-tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def iter_jsonl(path: Path | None, stream: Any = None) -> Iterator[tuple[int, str]]:
    """``(line_number, raw_line)`` of a JSONL file or stream, one at a time (bounded memory)."""
    if path is not None:
        try:
            fh = path.open("r", encoding="utf-8", errors="surrogateescape", newline="")
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    else:
        fh = stream
    with fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                yield number, line.rstrip("\r\n")


def parse_record(raw: str, where: str, text_field: str) -> dict[str, Any]:
    """One JSONL record with a string ``text_field``; anything else is an :class:`InputError`."""
    try:
        record = json.loads(raw)
    except ValueError as exc:
        raise InputError(f"{where}: malformed JSON: {exc.msg}") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: a record must be a JSON object")
    if not isinstance(record.get(text_field), str):
        raise InputError(f"{where}: no string field {text_field!r}")
    return record
