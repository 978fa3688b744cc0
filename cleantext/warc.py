"""WARC and WET files read record by record into pages to clean (warcio underneath).

Common Crawl publishes each crawl twice: as WARC files of HTTP ``response``
records (the pages as served, HTML) and as WET files of ``conversion``
records (the same pages already reduced to plain text, chrome and all). Both
arrive gzipped, and a file is gigabytes, so this module streams: it yields
one :class:`WarcPage` at a time and never holds more than one record.

What becomes a page, and what does not (the ``skipped`` counts name it):

- ``conversion`` with ``Content-Type: text/plain``: a text page (WET);
- ``response`` with an HTTP 2xx status and an HTML content type: an HTML
  page, for :func:`cleantext.html.clean_html`;
- any other ``response``: ``response:not_html`` or ``response:http_<status>``
  (redirects and error pages are not articles);
- ``warcinfo``, ``request``, ``metadata``, ``revisit``, ``resource``: skipped
  under their own type, silently (they are never pages), but counted.

A file that is not a WARC, or ends in the middle of a record, raises
:class:`~cleantext.batchio.InputError` naming it: a damaged shard must fail,
not be cleaned short.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

from .batchio import InputError
from .compress import CorruptInput, open_read

#: Suffixes (under any ``.gz``/``.zst``) read as WARC: ``crawl.warc.gz``,
#: ``crawl.warc.wet.gz`` (Common Crawl's WET naming), ``crawl.wet``.
WARC_SUFFIXES: Final = (".warc", ".wet")

#: HTTP content types read as HTML pages.
HTML_TYPES: Final = ("text/html", "application/xhtml+xml")

#: A record's content beyond this is not a page (Common Crawl truncates
#: captures at 1 MiB; a bigger "page" is a dump or a media file mislabelled),
#: and reading it whole would break the bounded-memory promise.
MAX_RECORD_BYTES: Final = 16 << 20

#: Bytes drained at once from a record that is skipped.
_DRAIN: Final = 1 << 16


@dataclass(frozen=True)
class WarcPage:
    """One record to clean: its content and where it came from (picklable, for the workers)."""

    number: int
    """The record's position in the file, 1-based, counting every record (skipped ones too)."""
    kind: str
    """``"text"`` (a WET conversion) or ``"html"`` (a WARC response)."""
    content: bytes
    url: str | None
    record_id: str | None
    date: str | None
    charset: str | None = None
    """The charset the HTTP ``Content-Type`` declared, for HTML; ``None`` lets the page declare it."""

    def fields(self) -> dict[str, Any]:
        """The WARC fields every output record carries, in output order."""
        return {"url": self.url, "warc_record_id": self.record_id, "warc_date": self.date}


def is_warc(path: Path | str) -> bool:
    """True for WARC/WET file names, compressed or not.

    >>> is_warc("CC-MAIN-2024-00000.warc.wet.gz"), is_warc("a.warc.zst"), is_warc("a.jsonl.gz")
    (True, True, False)
    """
    name = str(path).lower()
    for codec in ("", ".gz", ".zst"):
        if any(name.endswith(suffix + codec) for suffix in WARC_SUFFIXES):
            return True
    return False


def iter_pages(path: Path | None, skipped: Counter[str], stream: IO[bytes] | None = None) -> Iterator[WarcPage]:
    """The pages of a WARC/WET file (or of a binary ``stream`` when ``path`` is None), in file order.

    ``skipped`` is updated in place with one count per record that is not a
    page, by reason, as the file is read.
    """
    from warcio.exceptions import ArchiveLoadFailed

    name = "-" if path is None else str(path)
    try:
        fh = open_read(path, name) if path is not None else stream
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    assert fh is not None
    counted = _Counting(fh)
    number = 0
    try:
        records = _iterator_class()(counted)
        for number, record in enumerate(records, 1):
            if record.format != "warc":
                # warcio also reads the legacy ARC format, and takes any line of
                # five words for an ARC header: a stray text file would "parse".
                raise InputError(f"{name}: not a WARC file (record {number} does not start with WARC/1.x; "
                                 "ARC files are not read)")
            if record.rec_headers.get_header("Content-Length") is None:
                # Every WARC record states its length; a header block without it
                # is one the file ended in the middle of (or not a record at all).
                raise InputError(f"{name}: truncated WARC: record {number} has no Content-Length")
            page = _page(record, number, skipped)
            _drain(record, name, number)
            if records.err_count:
                raise InputError(f"{name}: malformed WARC: record {number} does not end where its "
                                 "Content-Length says")
            if page is not None:
                yield page
        _check_complete(records, counted, name, number)
    except CorruptInput as exc:
        raise InputError(str(exc)) from None
    except (AttributeError, KeyError, IndexError, TypeError, ValueError) as exc:
        # warcio trips over a record it cannot parse (a response without its
        # WARC-Target-URI, a header cut short); the file fails with one line.
        raise InputError(f"{name}: malformed WARC: record {number + 1}: {type(exc).__name__}: {exc}") from None
    except ArchiveLoadFailed as exc:
        detail = " ".join(str(exc).split())
        raise InputError(f"{name}: not a WARC file ({detail[:120]})") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    finally:
        if path is not None:
            fh.close()


class _Counting:
    """A byte stream that counts what it hands to warcio and keeps the last bytes of it."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.total = 0
        self.head = b""
        self.tail = b""

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        if not self.total:
            self.head = data[:2]
        self.total += len(data)
        # Only the end is kept, without copying a whole block each read.
        self.tail = data[-_TAIL:] if len(data) >= _TAIL else (self.tail + data)[-_TAIL:]
        return data


#: Bytes of a file's end kept to tell trailing blank lines from a record cut short.
_TAIL = 1 << 16


def _check_complete(records: Any, counted: _Counting, name: str, number: int) -> None:
    """Fail when the file goes on past its last complete record with more than blank lines.

    warcio ends its iteration quietly when the file ends inside a record's
    header (an EOF while parsing), so a WARC cut there would lose its last
    records without a word. The records end at ``records.offset``; whatever
    the file holds past it must be white space.
    """
    if counted.head == b"\x1f\x8b":
        # gzip that warcio opened itself (standard input): its offsets count
        # compressed bytes, and a member cut short fails in the decompressor.
        return
    while counted.read(_DRAIN):
        pass
    rest = counted.total - (records.offset or 0)
    if rest > 0 and (rest > len(counted.tail) or counted.tail[-rest:].strip()):
        raise InputError(f"{name}: truncated WARC: {rest} bytes after record {number} are not a whole record")


@functools.cache
def _iterator_class() -> type:
    """warcio's ArchiveIterator, imported on first use (``import cleantext`` stays light)."""
    from warcio.archiveiterator import ArchiveIterator

    class QuietIterator(ArchiveIterator):  # type: ignore[misc]
        # warcio prints a multi-line warning for a record whose Content-Length
        # is wrong and goes on; cleantext counts it (err_count) and fails the
        # file with one line of its own instead.
        INC_RECORD = ""

    return QuietIterator


def _page(record: Any, number: int, skipped: Counter[str]) -> WarcPage | None:
    """The page a record holds, or ``None`` with the reason counted."""
    kind = record.rec_type
    headers = record.rec_headers
    meta = (headers.get_header("WARC-Target-URI"), headers.get_header("WARC-Record-ID"),
            headers.get_header("WARC-Date"))
    if kind == "conversion":
        mime = _mime(headers.get_header("Content-Type"))
        if mime != "text/plain":
            skipped[f"conversion:{mime or 'no_type'}"] += 1
            return None
        content = _read(record.raw_stream)
        if content is None:
            skipped["conversion:too_large"] += 1
            return None
        return WarcPage(number, "text", content, *meta)
    if kind == "response":
        http = record.http_headers
        status = http.get_statuscode() if http is not None else None
        if http is None or not http.protocol.upper().startswith("HTTP/"):
            skipped["response:no_http_headers"] += 1
            return None
        if not (status and str(status).isdigit() and len(str(status)) == 3):
            skipped["response:bad_status"] += 1
            return None
        if not str(status).startswith("2"):
            skipped[f"response:http_{status}"] += 1
            return None
        content_type = http.get_header("Content-Type") if http is not None else None
        if _mime(content_type) not in HTML_TYPES:
            skipped["response:not_html"] += 1
            return None
        content = _read(record.content_stream())
        if content is None:
            skipped["response:too_large"] += 1
            return None
        return WarcPage(number, "html", content, *meta, charset=_charset(content_type))
    skipped[kind or "no_type"] += 1
    return None


def _read(stream: Any) -> bytes | None:
    data = stream.read(MAX_RECORD_BYTES + 1)
    return None if len(data) > MAX_RECORD_BYTES else data


def _drain(record: Any, name: str, number: int) -> None:
    """Read the record to its end, and fail if the file ends before it does (truncation)."""
    raw = record.raw_stream
    while raw.read(_DRAIN):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise InputError(f"{name}: truncated WARC: record {number} ends {raw.limit} bytes early")


def _mime(content_type: str | None) -> str | None:
    """``text/html; charset=utf-8`` -> ``text/html``."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _charset(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a content type, if it names a codec Python knows.

    >>> _charset("text/html; charset=ISO-8859-1"), _charset("text/html"), _charset("text/html; charset=nope")
    ('iso-8859-1', None, None)
    >>> _charset("text/html; charset=base64")
    """

    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            value = value.strip().strip("\"'").lower()
            try:
                b"-".decode(value, "replace")  # a text codec: base64, zip and rot13 are known to Python but are not
            except LookupError:
                return None
            return value
    return None
