"""Reading inputs and writing outputs safely: decoding, binary detection, compression, atomic replacement.

Kept apart from the CLI so that the rules that protect users' data (never a
half-written file, never a write after a failure, never a symlink followed out
of the tree) live in one small module with its own tests.
"""

from __future__ import annotations

import io
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .compress import CorruptInput, open_read, open_write, read_bytes

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
    """Read (decompressing ``.gz``/``.zst``) and decode one file; unreadable or damaged files become an :class:`InputError`."""
    try:
        data = read_bytes(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except CorruptInput as exc:
        raise InputError(str(exc)) from None
    return decode(data, str(path))


def inside(path: Path, root: Path) -> bool:
    """True when ``path`` resolves (symlinks followed) to somewhere under ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


class AtomicWriter:
    """A text file streamed to a temporary name and renamed over ``path`` only when complete.

    The one way cleantext writes a file, whatever its size: a single cleaned
    page or a JSONL shard of millions of records streamed as they come back
    from the workers. The content goes to a temporary file in the target's
    folder (same file system, so the rename is atomic), compressed by the
    target's suffix (``.gz``, ``.zst``), flushed and fsynced, then renamed
    over the target, which keeps its mode. Leaving the ``with`` block by an
    exception, or calling :meth:`discard`, removes the temporary file and
    leaves the target as it was: an interrupted or failed run never leaves
    half a file, old or new.

    >>> import tempfile, gzip
    >>> folder = Path(tempfile.mkdtemp())
    >>> with AtomicWriter(folder / "x.jsonl.gz") as out:
    ...     out.write('{"text": "a"}\\n')
    >>> gzip.decompress((folder / "x.jsonl.gz").read_bytes())
    b'{"text": "a"}\\n'
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else _default_mode()
        fd, self._tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".cleantext-tmp", dir=path.parent)
        try:
            self._raw = os.fdopen(fd, "wb")
            self._text = io.TextIOWrapper(open_write(self._raw, path), encoding="utf-8", newline="",
                                          write_through=False)
        except BaseException:
            os.close(fd)
            os.unlink(self._tmp)
            raise
        self._done = False

    def write(self, text: str) -> None:
        self._text.write(text)

    def commit(self) -> None:
        """Finish the stream, make it durable, and put it in place of the target."""
        if self._done:
            return
        self._done = True
        try:
            self._text.close()  # finishes the gzip/zstd stream; the raw file stays open
            self._raw.flush()
            os.fsync(self._raw.fileno())
            self._raw.close()
            os.chmod(self._tmp, self._mode)
            os.replace(self._tmp, self.path)
        except BaseException:
            self._remove()
            raise
        _fsync_folder(self.path.parent)

    def discard(self) -> None:
        """Drop what was written; the target is left untouched."""
        if self._done:
            return
        self._done = True
        self._remove()

    def _remove(self) -> None:
        for fh in (self._text, self._raw):
            try:
                fh.close()
            except Exception:
                pass  # the stream is being thrown away; a codec complaint about it does not matter
        try:
            os.unlink(self._tmp)
        except OSError:
            pass

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


def _default_mode() -> int:
    """The mode ``open()`` would give a new file (0666 less the umask); mkstemp's own is 0600."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk too.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename itself is still atomic
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` all at once, keeping its mode (see :class:`AtomicWriter`)."""
    with AtomicWriter(path) as out:
        out.write(text)


def iter_jsonl(path: Path | None, stream: Any = None) -> Iterator[tuple[int, str]]:
    """``(line_number, raw_line)`` of a JSONL file (plain, ``.gz`` or ``.zst``) or stream, one at a time.

    Bounded memory: lines are read as they are needed. A compressed file that
    turns out truncated or corrupt raises :class:`InputError` when the
    damage is reached, after the lines before it were yielded; callers that
    write output must therefore write atomically and discard on error.
    """
    if path is not None:
        try:
            fh = io.TextIOWrapper(open_read(path), encoding="utf-8", errors="surrogateescape", newline="")
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    else:
        fh = stream
    try:
        with fh:
            for number, line in enumerate(fh, 1):
                if line.strip():
                    yield number, line.rstrip("\r\n")
    except CorruptInput as exc:
        raise InputError(str(exc)) from None
    except OSError as exc:
        raise InputError(f"{path or '-'}: cannot read: {exc.strerror or exc}") from None


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
