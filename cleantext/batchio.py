"""Reading inputs and writing outputs safely: decoding, binary detection, compression, atomic replacement.

Kept apart from the CLI so that the rules that protect users' data (never a
half-written file, never a write after a failure, never a symlink followed out
of the tree) live in one small module with its own tests.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from .compress import CorruptInput, open_read, open_write, read_bytes

#: Byte-order marks, each with the codec that reads the bytes after it; longest
#: first (the UTF-32-LE mark begins with the UTF-16-LE one). Text files and HTML pages.
BOMS: Final = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
               (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
#: The marks of encodings whose text holds NUL bytes.
_WIDE_BOMS: Final = tuple(bom for bom, codec in BOMS if codec != "utf-8")
#: Any surrogate code point: UTF-8 cannot hold one (in a ``str``, only a lone one occurs).
SURROGATE: Final = re.compile("[\ud800-\udfff]")


class InputError(Exception):
    """An input that cannot be cleaned; the message names it and says why, in one line."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    """``utf-8`` or the charset detected for a file that was not UTF-8."""


def is_binary(data: bytes) -> bool:
    """A NUL byte anywhere, in a file that does not open with a UTF-16 or UTF-32 byte-order mark.

    >>> is_binary(b"text\\x00more"), is_binary("text".encode("utf-16")), is_binary(b"text")
    (True, False, False)
    """
    return b"\x00" in data and not data.startswith(_WIDE_BOMS)


def decode(data: bytes, name: str) -> Decoded:
    """UTF-8 if it is, UTF-16/32 by their byte-order mark, else the charset charset-normalizer
    finds; a NUL byte anywhere else means binary.

    The whole file is searched for NUL (one ``memchr``, far cheaper than the
    cleaning): a text file never holds one, and a file that does would lose
    it in ``--in-place``, where a binary file must be left alone.

    >>> decoded = decode("Le café de la gare est fermé, a déclaré le maire. ".encode("latin-1") * 3, "x")
    >>> decoded.text[:29], decoded.encoding != "utf-8"
    ('Le café de la gare est fermé,', True)
    >>> decode(codecs.BOM_UTF16_LE + "Grüße\\n".encode("utf-16-le"), "x")
    Decoded(text='Grüße\\n', encoding='utf-16-le')
    """
    for bom, encoding in BOMS:
        if encoding != "utf-8" and data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(encoding), encoding)
            except UnicodeDecodeError:
                raise InputError(f"{name}: starts with a {encoding.upper()} byte-order mark but is not {encoding.upper()}, "
                                 "skipped") from None
    if is_binary(data):
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
        old = path.stat() if path.exists() else None
        self._mode = stat.S_IMODE(old.st_mode) if old else _default_mode()
        self._owner = (old.st_uid, old.st_gid) if old else None
        fd, self._tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".cleantext-tmp", dir=path.parent)
        try:
            self._raw = os.fdopen(fd, "wb")
            # surrogateescape: a JSONL line that was not valid UTF-8 is passed
            # through as the bytes it was read as (see iter_jsonl).
            self._text = io.TextIOWrapper(open_write(self._raw, path), encoding="utf-8", errors="surrogateescape",
                                          newline="", write_through=False)
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
            self._keep_owner()
            os.replace(self._tmp, self.path)
        except BaseException:
            self._remove()
            raise
        _fsync_folder(self.path.parent)

    def _keep_owner(self) -> None:
        # A file rewritten by another user (root cleaning a shared corpus)
        # keeps its owner and group; without the right to give them, the
        # rewrite proceeds as the user running it, as any editor's would.
        if self._owner is None or not hasattr(os, "chown"):
            return
        try:
            os.chown(self._tmp, *self._owner)
        except OSError:
            pass

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
            fh: Any = open_read(path)
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    else:
        fh = stream
    try:
        with fh:
            # Records end at LF only (JSON Lines; CRLF too): a bare CR inside a
            # line that is passed through must stay in it, not split it in two.
            for number, raw in enumerate(fh, 1):
                line = raw.decode("utf-8", "surrogateescape") if isinstance(raw, bytes) else raw
                if line.strip():
                    yield number, line.removesuffix("\n").removesuffix("\r")
    except CorruptInput as exc:
        raise InputError(str(exc)) from None
    except OSError as exc:
        raise InputError(f"{path or '-'}: cannot read: {exc.strerror or exc}") from None


def json_line(record: dict[str, Any]) -> str:
    """``record`` as one line of JSON, non-ASCII text as itself (readable, compact).

    A string holding a lone surrogate (a JSON input's ``"\\ud800"`` escape,
    which the cleaner keeps as text) cannot be written as UTF-8, so such a
    record is written with ASCII escapes instead: the same JSON value.

    >>> json_line({"text": "café"}), json_line({"text": "a\\ud800"})
    ('{"text": "café"}', '{"text": "a\\\\ud800"}')
    """
    line = json.dumps(record, ensure_ascii=False)
    return json.dumps(record) if SURROGATE.search(line) else line


#: Characters ``surrogateescape`` decodes undecodable bytes to.
_ESCAPED = re.compile("[\udc80-\udcff]")


def parse_record(raw: str, where: str, text_field: str) -> dict[str, Any]:
    """One JSONL record with a string ``text_field``; anything else is an :class:`InputError`.

    A line that is not valid UTF-8 (read with ``surrogateescape`` by
    :func:`iter_jsonl`) is refused here, so it is passed through as its bytes
    rather than cleaned into something else. A JSON escape of a lone surrogate
    (``"\\ud800"``) is valid JSON and is cleaned like any text.
    """
    if _ESCAPED.search(raw):
        raise InputError(f"{where}: not valid UTF-8")
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: malformed JSON: {exc.msg}") from None
    except RecursionError:  # "[[[[..." a hundred thousand deep: the parser gives up, the run must not
        raise InputError(f"{where}: malformed JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: a record must be a JSON object")
    if not isinstance(record.get(text_field), str):
        raise InputError(f"{where}: no string field {text_field!r}")
    return record
