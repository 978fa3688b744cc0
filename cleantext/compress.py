"""Compressed files (``.gz``, ``.zst``) read and written as if they were plain.

Corpora travel compressed: Common Crawl ships ``.warc.gz`` and ``.warc.wet.gz``,
and JSONL shards are routinely ``.jsonl.gz`` or ``.jsonl.zst``. The codec is
chosen by the file name's last suffix, as gzip, zstd and every shard-handling
tool do, so what a user sees in ``ls`` is what cleantext does.

Reading is where compressed data bites: a truncated ``.gz`` only fails at its
end, and zstandard's own stream reader returns a short result for a truncated
frame without any error at all. :func:`open_read` therefore checks every
stream to its end (gzip's trailer, zstd's end of frame) and turns any codec
failure into an :class:`~cleantext.batchio.InputError`-style one-line message
naming the file, so a damaged shard fails loudly instead of being cleaned short.
"""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path
from typing import IO, Final

#: Suffixes that name a codec; anything else is read and written as is.
CODECS: Final = {".gz": "gzip", ".zst": "zstd"}

#: Compressed bytes read at once: large enough to keep the codec busy, small
#: enough that a reader holds a bounded amount of any file in memory.
READ_BLOCK: Final = 1 << 16

#: gzip level 6 is gzip(1)'s own default: level 9 costs about three times the
#: time for ~1% smaller shards, a bad trade for files that are rewritten often.
GZIP_LEVEL: Final = 6

#: zstd level 3 is zstd(1)'s default: faster than gzip -6 and smaller.
ZSTD_LEVEL: Final = 3


class CorruptInput(Exception):
    """A compressed stream that is truncated or not in the format its name says (one-line message)."""


def codec_of(path: Path | str) -> str | None:
    """``"gzip"``, ``"zstd"`` or ``None``, by the last suffix.

    >>> codec_of("crawl.warc.wet.gz"), codec_of("shard.jsonl.zst"), codec_of("page.txt")
    ('gzip', 'zstd', None)
    """
    return CODECS.get(Path(path).suffix.lower())


def split_codec(path: Path) -> tuple[Path, str]:
    """The path without its codec suffix, and that suffix (``""`` when plain).

    >>> split_codec(Path("out/x.jsonl.gz"))
    (PosixPath('out/x.jsonl'), '.gz')
    """
    if codec_of(path):
        return path.with_suffix(""), path.suffix
    return path, ""


def with_format(path: Path, suffix: str) -> Path:
    """``path`` with its format suffix replaced and its codec suffix kept.

    >>> with_format(Path("page.txt.gz"), ".jsonl"), with_format(Path("page.txt"), ".jsonl")
    (PosixPath('page.jsonl.gz'), PosixPath('page.jsonl'))
    """
    base, codec = split_codec(path)
    return Path(str(base.with_suffix(suffix)) + codec)


class _Checked(io.RawIOBase):
    """A decompressing reader that fails, naming the file, instead of ending early.

    gzip raises ``EOFError`` on a truncated member; warcio (and other readers)
    catch ``EOFError`` as a normal end of input. Turning every codec failure
    into :class:`CorruptInput` keeps a damaged file from passing as a short one.
    """

    def __init__(self, raw: IO[bytes], codec: str, name: str) -> None:
        super().__init__()
        self._raw = raw
        self._codec = codec
        self._name = name
        self._pending = b""
        if codec == "gzip":
            self._gzip: gzip.GzipFile | None = gzip.GzipFile(fileobj=raw, mode="rb")
        else:
            self._gzip = None
            import zstandard

            self._zstd = zstandard.ZstdDecompressor()
            self._frame = self._zstd.decompressobj()
            self._frame_started = False
            self._zstd_error: type[Exception] = zstandard.ZstdError

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._gzip.read(len(buffer)) if self._gzip is not None else self._zstd_read(len(buffer))
        except (EOFError, OSError, zlib.error) as exc:
            raise CorruptInput(f"{self._name}: truncated or corrupt {self._codec} data ({exc})") from None
        except Exception as exc:  # zstandard.ZstdError, whose class exists only once zstandard is imported
            if self._gzip is None and isinstance(exc, self._zstd_error):
                raise CorruptInput(f"{self._name}: truncated or corrupt zstd data ({exc})") from None
            raise
        n = len(data)
        buffer[:n] = data
        return n

    def _zstd_read(self, size: int) -> bytes:
        # Frames are decoded one after another (zstd files may hold several);
        # running out of input inside a frame is truncation, not the end.
        while not self._pending:
            block = self._raw.read(READ_BLOCK)
            if not block:
                if self._frame_started and not self._frame.eof:
                    raise self._zstd_error("input ends inside a frame")
                return b""
            while block:
                self._frame_started = True
                self._pending += self._frame.decompress(block)
                if self._frame.eof:
                    block = self._frame.unused_data
                    self._frame = self._zstd.decompressobj()
                    self._frame_started = False
                else:
                    block = b""
        out, self._pending = self._pending[:size], self._pending[size:]
        return out

    def close(self) -> None:
        if not self.closed:
            try:
                if self._gzip is not None:
                    self._gzip.close()
            finally:
                self._raw.close()
        super().close()


def open_read(path: Path, name: str | None = None) -> IO[bytes]:
    """The file's bytes, decompressed by suffix; a damaged stream raises :class:`CorruptInput`.

    ``OSError`` (missing, unreadable) is the caller's to report, as for any open.
    """
    raw = path.open("rb")
    codec = codec_of(path)
    if codec is None:
        return raw
    return io.BufferedReader(_Checked(raw, codec, name or str(path)), READ_BLOCK)


def read_bytes(path: Path) -> bytes:
    """The whole file, decompressed by suffix (for inputs that are one document)."""
    with open_read(path) as fh:
        return fh.read()


def open_write(raw: IO[bytes], path: Path) -> IO[bytes]:
    """A writer that compresses into the open binary file ``raw`` by ``path``'s suffix.

    Closing the returned writer finishes the stream (gzip trailer, zstd end of
    frame) and leaves ``raw`` open, so the caller can fsync it before renaming.
    The gzip header carries no file name and no time, so the same records give
    the same bytes on every run.
    """
    codec = codec_of(path)
    if codec == "gzip":
        return gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0)  # type: ignore[return-value]
    if codec == "zstd":
        import zstandard

        return zstandard.ZstdCompressor(level=ZSTD_LEVEL).stream_writer(raw, closefd=False)  # type: ignore[return-value]
    return _Unclosing(raw)  # type: ignore[return-value]


class _Unclosing(io.RawIOBase):
    """A plain pass-through writer whose ``close`` leaves the file open (for the fsync)."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        return self._raw.write(data)

    def flush(self) -> None:
        if not self.closed:
            self._raw.flush()
