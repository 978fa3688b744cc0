"""The ``cleantext`` command: a thin shell over the library (parse, call, report, exit code).

Exit codes follow black: 0 fine, 1 ``--check`` found changes, 2 usage or
configuration error, 123 some inputs failed (the others were still cleaned).
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click

from .batchio import (AtomicWriter, InputError, decode, inside, is_binary, iter_jsonl, json_line, parse_record,
                      read_text, write_atomic)
from .build import build_pipeline
from .config import Config, ConfigError, apply_overrides, find_pyproject
from .corpus import LineStats
from .document import Document
from .pipeline import Pipeline
from .compress import CorruptInput, read_bytes, split_codec, with_format
from .records import clean_html_record, clean_record, source_record
from .records import document_record as _record
from .warc import WarcPage, is_warc, iter_pages

EXIT_OK, EXIT_CHANGED, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 123

#: JSONL records handed to a worker at once: big enough to amortise the
#: hand-off, small enough that memory stays bounded on any file size.
CHUNK = 64
#: Tasks in flight per worker when they are small (see :func:`ordered_map`):
#: a deep window keeps both workers busy past a page ten times the average.
AHEAD = 16
#: Input bytes in flight past two tasks per worker: what bounds memory then.
AHEAD_BYTES = 32 << 20

T = TypeVar("T")
R = TypeVar("R")


# ---------------------------------------------------------------- the work unit

_PIPELINE: Pipeline | None = None
_CONFIG: Config | None = None
_HTML_FIELD: str | None = None

#: Files read as HTML pages (trafilatura extracts, then the pipeline cleans).
HTML_SUFFIXES = (".html", ".htm")


def _start_worker(init_args: tuple | None) -> None:
    """A worker process: SIGTERM ends it at once, as by default (only the main process
    turns it into an orderly interrupt), then the pipeline is built from ``init_args``."""
    import signal

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if init_args is not None:
        _init_worker(*init_args)


def _init_worker(config: Config, stats: LineStats | None, html_field: str | None = None) -> None:
    global _PIPELINE, _CONFIG, _HTML_FIELD
    _PIPELINE = build_pipeline(config, stats)
    _CONFIG, _HTML_FIELD = config, html_field


def _clean(text: str, id: str | None) -> Document:
    assert _PIPELINE is not None
    return _PIPELINE(Document.from_text(text, id=id))


@dataclass
class Result:
    """What cleaning one input gave: the output text, a JSON record, or the error."""

    name: str
    original: str = ""
    output: str = ""
    record: dict[str, Any] | None = None
    reasons: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    bytes_in: int = 0
    bytes_out: int | None = None
    """Bytes of cleaned text (for JSONL, of the text field, not of the JSON line)."""


def is_html(path: str | Path) -> bool:
    """``page.html``, ``page.htm`` and their ``.gz``/``.zst`` forms."""
    return split_codec(Path(path))[0].suffix.lower() in HTML_SUFFIXES


def clean_html_file(path: str) -> Result:
    """Read and clean one HTML page (runs in a worker): its charset is the page's to declare."""
    from .html import clean_html, decode_html

    try:
        data = read_bytes(Path(path))
    except OSError as exc:
        return Result(path, error=f"{path}: cannot read: {exc.strerror or exc}")
    except CorruptInput as exc:
        return Result(path, error=str(exc))
    if is_binary(data):
        return Result(path, error=f"{path}: binary file (NUL bytes), skipped")
    html, charset = decode_html(data)  # once: clean_html takes the decoded page
    doc = clean_html(html, config=_CONFIG, id=path)
    output = doc.text + "\n" if doc.text else ""
    record = _record(doc, html, path)
    if charset != "utf-8":
        record["encoding"] = charset
    return Result(path, html, output, record, doc.reasons(), bytes_in=len(data))


def clean_file(path: str) -> Result:
    """Read, decode and clean one text file (runs in a worker)."""
    if is_html(path):
        return clean_html_file(path)
    try:
        decoded = read_text(Path(path))
    except InputError as exc:
        return Result(path, error=str(exc))
    text = decoded.text
    if not text.strip():
        # Nothing to clean, and the file keeps its bytes; under --format jsonl it
        # is still one record (of empty text), so records and documents agree.
        empty = Document.from_text("", id=path)
        return Result(path, original=text, output=text, record=_record(empty, text, path), bytes_in=len(text))
    doc = _clean(text, path)
    output = with_newlines(doc.text + "\n" if doc.text else "", text)
    record = _record(doc, text, path)
    if decoded.encoding != "utf-8":
        record["encoding"] = decoded.encoding
    return Result(path, text, output, record, doc.reasons(), bytes_in=len(text.encode("utf-8")))


def with_newlines(output: str, original: str) -> str:
    """``output`` (LF line ends) with CRLF line ends when ``original``'s first line ends in CRLF.

    A corpus kept with Windows line ends stays so: a clean file is then not
    "changed" by ``--check``, and ``--in-place`` does not rewrite every line
    of a file for its line ends alone. JSONL records keep the library's LF text.

    >>> with_newlines("a\\nb\\n", "x\\r\\ny\\r\\n"), with_newlines("a\\n", "x\\ny\\r\\n")
    ('a\\r\\nb\\r\\n', 'a\\n')
    """
    end = original.find("\n")
    return output.replace("\n", "\r\n") if end > 0 and original[end - 1] == "\r" else output


def clean_records(job: tuple[str, list[tuple[int, str]], str, str | None]) -> list[Result]:
    """Clean a chunk of JSONL lines; a bad line is reported and passed through unchanged."""
    name, lines, text_field, id_field = job
    out: list[Result] = []
    for number, raw in lines:
        where = f"{name}:{number}"
        try:
            record = parse_record(raw, where, _HTML_FIELD or text_field)
        except InputError as exc:
            out.append(Result(where, original=raw, output=raw, error=str(exc)))
            continue
        assert _PIPELINE is not None
        if _HTML_FIELD:
            text = record[_HTML_FIELD]
            merged, doc = clean_html_record(_CONFIG, record, _HTML_FIELD, text_field, id_field, where)
        else:
            text = record[text_field]
            merged, doc = clean_record(_PIPELINE, record, text_field, id_field, where)
        out.append(Result(where, text, json_line(merged), merged, doc.reasons(),
                          bytes_in=len(text.encode("utf-8", "surrogatepass")), bytes_out=len(doc.text.encode("utf-8", "surrogatepass"))))
    return out


def clean_warc_pages(job: tuple[str, list[WarcPage]]) -> list[Result]:
    """Clean a chunk of WARC pages into records that carry the WARC URL, record id and date.

    WET conversions are text and go through the pipeline; HTML responses go
    through the HTML mode. A page that cannot be decoded is reported (as
    ``file:record``) and written nowhere: it has no text to pass through.
    """
    from .html import clean_html, decode_html

    name, pages = job
    out: list[Result] = []
    for page in pages:
        where = f"{name}:{page.number}"
        if page.kind == "html":
            html = page.content.decode(page.charset, "replace") if page.charset else decode_html(page.content)[0]
            doc, text = clean_html(html, url=page.url, config=_CONFIG, id=where), html
        else:
            try:
                text = decode(page.content, where).text
            except InputError as exc:
                out.append(Result(where, error=f"{exc} (WARC-Record-ID {page.record_id})"))
                continue
            doc = _clean(text, where)
        record = source_record(doc, text, where, page.fields())
        out.append(Result(where, text, json_line(record), record, doc.reasons(),
                          bytes_in=len(page.content), bytes_out=len(doc.text.encode("utf-8"))))
    return out


# ---------------------------------------------------------------- running

def ordered_map(fn: Callable[[T], R], items: Iterable[T], jobs: int, init_args: tuple | None,
                weight: Callable[[T], int] | None = None) -> Iterator[R]:
    """``map`` in worker processes, results in input order, a bounded window of tasks in flight.

    ``Pool.imap`` would read the whole input ahead; the window keeps memory
    bounded however large the corpus is. Results come back in order, so
    while the oldest task runs long (one big page) the other workers can
    only go through what is already in flight. Tasks with a ``weight``
    (a file's size) may run up to :data:`AHEAD` per worker deep while their
    weights stay under :data:`AHEAD_BYTES`; others keep to two per worker.
    Workers build the pipeline from ``init_args`` (none for ``None``).
    """
    if jobs <= 1:
        if init_args is not None:
            _init_worker(*init_args)
        for item in items:
            yield fn(item)
        return
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(init_args,)) as pool, _cancel_on_exit(pool):
        window: list[tuple[Future[R], int]] = []
        held = 0
        for item in items:
            w = weight(item) if weight else AHEAD_BYTES
            with _forking():  # submit starts the worker processes
                window.append((pool.submit(fn, item), w))
            held += w
            while len(window) >= AHEAD * jobs or len(window) >= 2 * jobs and held >= AHEAD_BYTES:
                fut, w = window.pop(0)
                held -= w
                yield fut.result()
        for fut, _ in window:
            yield fut.result()


@contextlib.contextmanager
def _cancel_on_exit(pool: ProcessPoolExecutor) -> Iterator[None]:
    """On an interrupt or error, drop the queued tasks instead of waiting for them all:
    the workers finish the page in hand and exit, and none outlives the run."""
    try:
        yield
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise


def _file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # the worker reports it


def _chunks(name: str, lines: Iterable[tuple[int, str]], text_field: str, id_field: str | None):
    for batch in _batches(lines):
        yield (name, batch, text_field, id_field)


def _batches(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """``items`` in lists of ``size``, read lazily (what a worker is handed at once)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class Input:
    path: Path | None
    """``None`` for standard input."""
    root: Path
    """The folder given on the command line (for mirroring and the symlink guard)."""
    jsonl: bool
    warc: bool = False
    """A WARC or WET file (``--input-format warc``, or named ``*.warc``/``*.wet``, compressed or not)."""
    walked: bool = False
    """Found by walking a folder given on the command line (so the folder is a corpus)."""

    @property
    def name(self) -> str:
        return "-" if self.path is None else str(self.path)


def expand(paths: Iterable[str], glob: str, input_format: str, exclude: Path | None = None,
           unique: bool = False) -> tuple[list[Input], list[str]]:
    """Inputs named on the command line, folders walked; missing paths and unreadable folders become errors.

    ``exclude`` (the ``-o`` folder) is left out of every walk, so a second
    run does not clean its own earlier output. With ``unique`` (``--in-place``)
    a file reached twice (named twice, or through a symlink inside the tree)
    is cleaned once: two rewrites of one file would race in the workers.
    """
    found: list[Input] = []
    errors: list[str] = []
    skip = exclude.resolve() if exclude is not None else None
    for arg in paths:
        if arg == "-":
            found.append(Input(None, Path.cwd(), input_format == "jsonl", input_format == "warc"))
            continue
        p = Path(arg)
        if p.is_dir():
            errors.extend(_unreadable_folders(p))
            # The output folder is skipped when it lies inside this folder, not when it holds it.
            skip_here = skip if skip is not None and not inside(p, skip) else None
            for child in sorted(p.rglob(glob)):
                if skip_here is not None and inside(child.parent, skip_here):
                    continue
                try:
                    take = child.is_file() or child.is_symlink()
                except OSError as exc:  # a folder that can be listed but not entered
                    errors.append(f"{child}: cannot read: {exc.strerror or exc}")
                    continue
                if take:
                    found.append(Input(child, p, _is_jsonl(child, input_format), _is_warc(child, input_format),
                                       walked=True))
        elif p.exists() or p.is_symlink():
            found.append(Input(p, p.parent, _is_jsonl(p, input_format), _is_warc(p, input_format)))
        else:
            errors.append(f"{arg}: no such file or folder")
    if unique:
        # Of the ways a file is reached, keep one that may be rewritten: the file
        # itself or a link inside its tree, not a link that leads out of it.
        chosen: dict[Path, Input] = {}
        for item in found:
            if item.path is None:
                continue
            key = item.path.resolve()
            if key not in chosen or (not inside(chosen[key].path, chosen[key].root)  # type: ignore[arg-type]
                                     and inside(item.path, item.root)):
                chosen[key] = item
        keep = {id(item) for item in chosen.values()}
        found = [item for item in found if item.path is None or id(item) in keep]
    return found, errors


def _unreadable_folders(root: Path) -> list[str]:
    """One error per folder under ``root`` that cannot be listed (``rglob`` skips them silently)."""
    errors: list[str] = []
    for _ in os.walk(root, onerror=lambda exc: errors.append(
            f"{exc.filename}: cannot read folder: {exc.strerror or exc}")):
        pass
    return errors


def _is_jsonl(path: Path, input_format: str) -> bool:
    return input_format == "jsonl" or (input_format == "auto" and split_codec(path)[0].suffix == ".jsonl")


def _is_warc(path: Path, input_format: str) -> bool:
    return input_format == "warc" or (input_format == "auto" and is_warc(path))


def load_config(config_path: str | None, overrides: Sequence[str] = ()) -> Config:
    """The config file's settings (``--config``, else the nearest pyproject.toml), then each ``--set``."""
    if config_path:
        table = "tool.cleantext" if Path(config_path).name == "pyproject.toml" else None
        config = Config.from_toml(config_path, table=table)
        source = config_path
    else:
        found = find_pyproject()
        config = Config.from_toml(found, table="tool.cleantext") if found else Config()
        source = str(found or "the defaults")
    if config.content_model and source != "the defaults" and not Path(config.content_model).is_absolute():
        # A model path in a config file is the file's, as a path in pyproject.toml
        # is the project's: it must not change with the folder the command runs in.
        config = config.replace(content_model=str(Path(source).parent / config.content_model))
    config = apply_overrides(config, overrides)
    _check_usable(config, source, overrides)
    return config


def _check_usable(config: Config, source: str, overrides: Sequence[str]) -> None:
    """Build the pipeline once here, so that a value of the right type that names a missing
    model or lexicon fails now (exit 2, naming the key and where it was set), before
    anything is read or written, and not as a traceback in every worker."""
    def where(key: str) -> str:
        flag = next((pair for pair in overrides if pair.partition("=")[0].strip().replace("-", "_") == key), None)
        return f"--set {flag}" if flag else source

    if config.content_filter and config.content_model:
        model = Path(config.content_model)
        if not model.is_file():
            what = "a folder, not a model file" if model.is_dir() else "no such file"
            raise ConfigError(f"{where('content_model')}: content_model {str(model)!r}: {what}")
    try:
        build_pipeline(config)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        key = "chrome_languages" if "chrome lexicon" in str(exc) else "content_model"
        raise ConfigError(f"{where(key)}: {key}: {exc}") from None


def first_pass(inputs: list[Input], text_field: str, jobs: int = 1) -> LineStats:
    """Count lines across all inputs (corpus statistics), reading each once, streaming.

    With several jobs, text files and JSONL chunks are counted in worker
    processes and the counts merged: run serially, this pass would bound
    how much ``--jobs`` can speed up a folder.
    """
    stats = LineStats()
    for item in inputs:
        if item.path is not None and item.warc:
            _count_warc(item, stats)
    tasks = _count_tasks([i for i in inputs if i.path is not None and not i.warc], text_field)
    for part in ordered_map(count_lines, tasks, jobs, None):
        stats.absorb(part)
    return stats


def _count_warc(item: Input, stats: LineStats) -> None:
    assert item.path is not None
    try:
        for page in iter_pages(item.path, Counter()):
            if page.kind == "text":
                try:
                    stats.add(decode(page.content, item.name).text)
                except InputError:
                    continue
    except InputError:
        pass  # reported by the cleaning pass


def _count_tasks(inputs: list[Input], text_field: str) -> Iterator[tuple[str | None, list[str]]]:
    """``(None, paths)`` for a batch of text files; ``(field, lines)`` for a chunk of a JSONL file.

    Files go in batches: a worker's counts for several pages share their
    template lines, so less comes back to be merged.
    """
    for batch in _batches(str(i.path) for i in inputs if not i.jsonl):
        yield (None, batch)
    for item in inputs:
        if not item.jsonl:
            continue
        assert item.path is not None
        try:
            for chunk in _batches(iter_jsonl(item.path)):
                yield (text_field, [raw for _, raw in chunk])
        except InputError:
            continue  # reported by the cleaning pass


def count_lines(task: tuple[str | None, list[str]]) -> LineStats:
    """Line counts of some text files (``field`` None) or JSONL lines: a worker's share of the first pass."""
    text_field, items = task
    stats = LineStats()
    if text_field is None:
        for path in items:
            try:
                stats.add(read_text(Path(path)).text)
            except InputError:
                pass  # reported by the cleaning pass
        return stats
    for raw in items:
        try:
            value = json.loads(raw).get(text_field)
        except (ValueError, AttributeError, RecursionError):
            continue  # reported by the cleaning pass
        if isinstance(value, str):
            stats.add(value)
    return stats


@dataclass
class Summary:
    documents: int = 0
    failed: int = 0
    changed: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    """WARC records that are not pages, by reason (``warcinfo``, ``request``, ``response:not_html``...)."""

    def add(self, result: Result) -> None:
        if result.error:
            self.failed += 1
            click.echo(f"error: {result.error}", err=True)
            return
        self.documents += 1
        self.bytes_in += result.bytes_in
        self.bytes_out += result.bytes_out if result.bytes_out is not None else len(result.output.encode("utf-8", "surrogatepass"))
        self.reasons.update(result.reasons)

    def report(self) -> None:
        top = ", ".join(f"{r} {n}" for r, n in self.reasons.most_common(8))
        click.echo(
            f"cleantext: {self.documents} documents, {self.failed} failed, {self.changed} changed, "
            f"{self.bytes_in:,} bytes in, {self.bytes_out:,} bytes out", err=True)
        if top:
            click.echo(f"dropped lines: {top}", err=True)
        if self.skipped:
            skipped = ", ".join(f"{r} {n}" for r, n in self.skipped.most_common())
            click.echo(f"skipped WARC records: {skipped}", err=True)


# ---------------------------------------------------------------- commands

#: ``--set KEY=VALUE``, shared by the commands that read a config.
SET_OPTION = click.option(
    "-s", "--set", "overrides", multiple=True, metavar="KEY=VALUE",
    help="Override one config key for this run, after the config file (repeatable): --set content_share=0.3. "
         "VALUE is read as TOML (true, 0.3, [\"en\", \"de\"]), else as a string.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cleantext-web", prog_name="cleantext")
def cli() -> None:
    """Clean scraped web text: site chrome out, article text in, a reason for every dropped line."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "output", type=click.Path(file_okay=False), help="Write cleaned files under DIR, mirroring the inputs.")
@click.option("--in-place", is_flag=True, help="Rewrite the inputs (atomically).")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True, help="Output format.")
@click.option("--input-format", type=click.Choice(["auto", "text", "jsonl", "warc"]), default="auto", show_default=True, help="auto: *.jsonl is JSONL, *.warc/*.wet WARC (each also .gz/.zst).")
@click.option("--glob", "glob", default="*.txt", show_default=True, help="Files to take from folders.")
@click.option("--text-field", default="text", show_default=True, help="JSONL field holding the text.")
@click.option("--id-field", default=None, help="JSONL field holding the record id.")
@click.option("--html-field", default=None, help="JSONL field holding the page as HTML (cleaned text goes to --text-field). *.html/*.htm files are read as HTML anyway.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any input would change.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what would change; write nothing.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="all cores", help="Worker processes.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML config file (default: [tool.cleantext] of the nearest pyproject.toml).")
@SET_OPTION
@click.option("--stats", "stats_path", type=click.Path(dir_okay=False), help="Corpus line statistics: reused if the file exists, else computed and saved.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True, help="ray: JSONL or Parquet shards on a Ray cluster, written under -o DIR (pip install 'cleantext-web[ray]').")
@click.option("--address", default=None, help="With --engine ray: the cluster to join (ray://host:10001); default: a local Ray of --jobs CPUs.")
def clean(paths: tuple[str, ...], output: str | None, in_place: bool, fmt: str, input_format: str, glob: str,
          text_field: str, id_field: str | None, check: bool, diff: bool, jobs: int, quiet: bool,
          config_path: str | None, stats_path: str | None, engine: str = "local", address: str | None = None,
          html_field: str | None = None, overrides: tuple[str, ...] = ()) -> int:
    """Clean files, folders (recursive) or - (standard input)."""
    if engine == "ray":
        from .engines.ray import run_clean

        local_only = [flag for flag, on in (("--in-place", in_place), ("--check", check), ("--diff", diff)) if on]
        return run_clean(paths, output, address=address, jobs=jobs, config=load_config(config_path, overrides), text_field=text_field,
                         id_field=id_field, stats_path=stats_path, quiet=quiet, local_only=local_only)
    if address:
        raise click.UsageError("--address needs --engine ray")
    if in_place and output:
        raise click.UsageError("--in-place and -o/--output exclude each other")
    config = load_config(config_path, overrides)
    if "-" in paths and (in_place or output):
        raise click.UsageError("standard input can only go to standard output")
    if stats_path and not Path(stats_path).exists() and not Path(stats_path).absolute().parent.is_dir():
        raise click.UsageError(f"--stats {stats_path}: no such folder to save the statistics in")
    if output:
        # DIR is a folder given, or the folder of a file given: the outputs would
        # land beside the inputs (x.txt -> x.jsonl, overwriting a file of that name).
        where = Path(output).resolve()
        holds = next((arg for arg in paths if arg != "-" and
                      (Path(arg) if Path(arg).is_dir() else Path(arg).absolute().parent).resolve() == where), None)
        if holds is not None:
            raise click.UsageError(f"-o {output}: would write among the inputs ({holds}); "
                                   "use --in-place to rewrite inputs, or another folder")
    inputs, missing = expand(paths, glob, input_format, exclude=Path(output) if output else None, unique=in_place)
    if not quiet:
        for arg in paths:
            if (arg != "-" and Path(arg).is_dir() and not any(i.root == Path(arg) for i in inputs)
                    and next(Path(arg).rglob(glob), None) is None):
                click.echo(f"warning: {arg}: no file matches --glob {glob!r} (WARC, JSONL or HTML files need "
                           f"--glob '*', or their pattern)", err=True)
    if in_place and any(i.warc for i in inputs):
        first = next(i for i in inputs if i.warc)
        raise click.UsageError(f"{first.name}: --in-place does not rewrite WARC files (out of scope); "
                               "use -o DIR, which writes the cleaned records as JSONL")
    if output and not (check or diff):
        _check_targets(inputs, output, fmt)
    summary = Summary()
    for message in missing:
        summary.add(Result(message, error=message))
    stats: LineStats | None = None
    if stats_path and Path(stats_path).exists():
        stats = LineStats.load(stats_path)
    elif not html_field and (stats_path or any(i.path is not None and (i.jsonl or i.warc or i.walked)
                                               for i in inputs)):
        # A folder or a JSONL corpus: count template lines across it first.
        stats = first_pass(inputs, text_field, jobs)
        if stats_path:
            try:
                stats.save(stats_path)
            except OSError as exc:
                raise click.UsageError(f"--stats {stats_path}: cannot save: {exc.strerror or exc}") from None
        if stats.documents < 2:
            stats = None
    to_stdout = not (in_place or output or check or diff)
    progress = _progress(len(inputs), quiet)
    init = (config, stats, html_field)
    text_inputs = [i for i in inputs if not i.jsonl and not i.warc]
    for result, item in zip(ordered_map(clean_file, [str(i.path) for i in text_inputs if i.path], jobs, init,
                                        weight=_file_size),
                            [i for i in text_inputs if i.path]):
        _emit_file(result, item, summary, fmt, output, in_place, check, diff, to_stdout, multiple=len(inputs) > 1)
        progress.update()
    for item in inputs:
        if item.warc:
            _run_warc(item, summary, jobs, init, output, check, diff, to_stdout, quiet)
            progress.update()
        elif item.path is None and not item.jsonl:
            _emit_file(_clean_stdin(config, stats), item, summary, fmt, None, False, check, diff, to_stdout,
                       multiple=len(inputs) > 1)
        elif item.jsonl:
            _run_jsonl(item, summary, jobs, init, text_field, id_field, output, in_place, check, diff, to_stdout,
                       quiet)
            progress.update()
    progress.close()
    if not quiet:
        summary.report()
    if summary.failed:
        return EXIT_FAILED
    return EXIT_CHANGED if check and summary.changed else EXIT_OK


def _clean_stdin(config: Config, stats: LineStats | None) -> Result:
    """Standard input as one page; bytes that are not text are a failure naming ``-``, like a file's."""
    try:
        text = decode(sys.stdin.buffer.read(), "-").text if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    except InputError as exc:
        return Result("-", error=str(exc))
    _init_worker(config, stats)
    doc = _clean(text, "-")
    return Result("-", text, with_newlines(doc.text + "\n" if doc.text else "", text), _record(doc, text, "-"),
                  doc.reasons(), bytes_in=len(text.encode("utf-8")))


def _diff(before: str, after: str, name: str) -> str:
    """A unified diff whose every line ends in a newline, so the next output starts on its own line.

    Lines are compared with their line ends, so a change of line ends alone
    (a mixed CRLF file made uniform) shows as the lines it touches, not as
    an empty diff of a file said to change.
    """
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 f"a/{name}", f"b/{name}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _progress(total: int, quiet: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="file", disable=quiet or not sys.stderr.isatty() or total < 2, file=sys.stderr)


def _target(item: Input, output: str) -> Path:
    assert item.path is not None
    return Path(output) / item.path.relative_to(item.root)


def _output_path(item: Input, output: str, fmt: str) -> Path:
    """Where ``-o DIR`` writes an input: its mirror, renamed for the format it is written in.

    WARC/WET files become JSONL with ``.jsonl`` before their compression
    suffix, so ``crawl.warc.wet.gz`` goes to ``crawl.warc.wet.jsonl.gz`` and
    the WARC and WET files of one Common Crawl segment never write the same
    output; HTML pages become ``.txt`` (or ``.jsonl``).
    """
    target = _target(item, output)
    if item.warc:
        base, codec = split_codec(target)
        return Path(f"{base}.jsonl{codec}")
    if item.jsonl:
        return target
    if fmt == "jsonl":
        return with_format(target, ".jsonl")
    return with_format(target, ".txt") if is_html(target) else target


def _check_targets(inputs: list[Input], output: str, fmt: str) -> None:
    """Refuse, before anything is written, a run where two inputs share an output or one overwrites an input.

    ``page.txt`` and ``page.jsonl`` both become ``page.jsonl`` under
    ``--format jsonl``, ``page.html`` and ``page.txt`` both ``page.txt``; and
    ``-o`` naming an input's own folder would rewrite inputs without
    ``--in-place``'s guards. Either would lose data while reporting success.
    """
    sources = {i.path.resolve(): i.name for i in inputs if i.path is not None}
    claimed: dict[Path, str] = {}
    for item in inputs:
        if item.path is None:
            continue
        target = _output_path(item, output, fmt).resolve()
        if target in sources:
            raise click.UsageError(f"-o {output}: would overwrite the input {sources[target]}; "
                                   "use --in-place to rewrite inputs, or another folder")
        if target in claimed:
            raise click.UsageError(f"{claimed[target]} and {item.name} would both be written to {target}; "
                                   "give them different names or clean them separately")
        claimed[target] = item.name


def _write_failed(summary: Summary, name: str, target: Path, exc: OSError, changed: bool = False) -> None:
    """A write that failed (a read-only folder, a full disk): one line, and the run goes on (exit 123)."""
    _not_written(summary, f"{name}: cannot write {target}: {exc.strerror or exc}", changed)


def _not_written(summary: Summary, message: str, changed: bool) -> None:
    """A document cleaned but not written after all: a failure, not a document (nor a change) of the summary."""
    summary.failed += 1
    summary.documents -= 1
    summary.changed -= changed
    click.echo(f"error: {message}", err=True)


def _emit_file(result: Result, item: Input, summary: Summary, fmt: str, output: str | None, in_place: bool,
               check: bool, diff: bool, to_stdout: bool, multiple: bool) -> None:
    summary.add(result)
    if result.error:
        return
    changed = result.output != result.original
    summary.changed += changed
    if diff and changed:
        click.echo(_diff(result.original, result.output, result.name), nl=False)
    if check or diff:
        return
    body = json_line(result.record) + "\n" if fmt == "jsonl" and result.record else result.output
    if to_stdout:
        if multiple and fmt == "text":
            click.echo(f"==> {result.name} <==")
        click.echo(body, nl=False)
        if multiple and fmt == "text":
            click.echo("")
    elif in_place:
        assert item.path is not None
        if is_html(item.path):
            _not_written(summary, f"{item.path}: an HTML page is not rewritten as text; use -o DIR", changed)
        elif not inside(item.path, item.root):
            _not_written(summary, f"{item.path}: symlink leads out of {item.root}, not rewritten", changed)
        elif changed:
            # The file itself, not a symlink to it inside the tree: the link stays a link.
            target = item.path.resolve()
            try:
                write_atomic(target, result.output)
            except OSError as exc:
                _write_failed(summary, result.name, target, exc, changed)
    else:
        assert output is not None
        target = _output_path(item, output, fmt)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, body)
        except OSError as exc:
            _write_failed(summary, result.name, target, exc, changed)


def _run_jsonl(item: Input, summary: Summary, jobs: int, init: tuple, text_field: str, id_field: str | None,
               output: str | None, in_place: bool, check: bool, diff: bool, to_stdout: bool,
               quiet: bool = True) -> None:
    """Stream one JSONL input through the workers, writing records in order as they come back."""
    def results() -> Iterator[Result]:
        lines = iter_jsonl(item.path, None if item.path else _stdin_lines())
        for chunk in ordered_map(clean_records, _chunks(item.name, lines, text_field, id_field), jobs, init):
            yield from chunk

    try:
        target = None if check or diff or to_stdout else _jsonl_target(item, output, in_place)
    except InputError as exc:
        summary.add(Result(item.name, error=str(exc)))
        return
    _write_results(item, _counted(results(), item, quiet), summary, text_field, target, in_place, diff, to_stdout)


def _run_warc(item: Input, summary: Summary, jobs: int, init: tuple, output: str | None, check: bool,
              diff: bool, to_stdout: bool, quiet: bool = True) -> None:
    """Stream one WARC/WET file's pages through the workers into JSONL records, in file order.

    The output is always JSONL: a WARC holds many pages, and each record
    needs the URL, record id and date it came with. Under ``-o DIR`` a file
    ``crawl.warc.wet.gz`` becomes ``DIR/crawl.warc.wet.jsonl.gz``: the
    input's name with ``.jsonl`` before its compression suffix, so the WARC
    and WET files of one Common Crawl segment never write the same output.
    """
    def results() -> Iterator[Result]:
        pages = iter_pages(item.path, summary.skipped, None if item.path else sys.stdin.buffer)
        jobs_in = ((item.name, batch) for batch in _batches(pages))
        for chunk in ordered_map(clean_warc_pages, jobs_in, jobs, init):
            yield from chunk

    target = None
    if output is not None and not (check or diff):
        target = _output_path(item, output, "jsonl")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _write_failed(summary, item.name, target, exc)
            return
    _write_results(item, _counted(results(), item, quiet), summary, "text", target, False, diff, to_stdout)


def _counted(results: Iterable[Result], item: Input, quiet: bool) -> Iterator[Result]:
    """``results``, with a progress counter of records on a terminal: one JSONL or WARC file can be
    millions of pages, and the files bar would stand still for all of them."""
    from tqdm import tqdm

    with tqdm(desc=item.name, unit="record", leave=False, file=sys.stderr,
              disable=quiet or not sys.stderr.isatty()) as bar:
        for result in results:
            bar.update()
            yield result


def _write_results(item: Input, results: Iterable[Result], summary: Summary, text_field: str, target: Path | None,
                   in_place: bool, diff: bool, to_stdout: bool) -> None:
    """Count, diff and write a stream of record results: to ``target`` atomically, or to stdout.

    The file is written by :class:`~cleantext.batchio.AtomicWriter`, so an
    input that turns out damaged halfway (a truncated ``.gz``) leaves no
    partial output and an existing output untouched. An input rewritten in
    place is left as it was if any of its records failed, or if none changed.
    """
    failed_before, changed_any = summary.failed, False
    counted_before = (summary.documents, summary.changed, summary.bytes_out)
    try:
        writer = AtomicWriter(target) if target is not None else None
        with writer if writer is not None else contextlib.nullcontext():
            for result in results:
                summary.add(result)
                changed = result.error is None and result.record is not None and \
                    result.record.get(text_field) != result.original
                summary.changed += changed
                changed_any |= changed
                if diff and changed:
                    _write_stdout(_diff(result.original, (result.record or {}).get(text_field, ""), result.name))
                if not result.output:
                    continue  # a WARC page that failed: nothing to pass through
                if writer is not None:
                    writer.write(result.output + "\n")
                elif to_stdout:
                    _write_stdout(result.output + "\n")
            if writer is not None and in_place:
                if summary.failed > failed_before:
                    writer.discard()  # a file with bad records is left as it was
                    click.echo(f"error: {item.name}: not rewritten because some records failed", err=True)
                elif not changed_any:
                    writer.discard()  # nothing to change: the file keeps its bytes and its mtime
    except InputError as exc:
        summary.add(Result(item.name, error=str(exc)))
    except BrokenPipeError:
        raise  # the reader of standard output went away: the run ends (click exits quietly)
    except OSError as exc:  # the output could not be written: the input and any old output are untouched
        # None of this file's records was written: they are one failure, not documents.
        summary.documents, summary.changed, summary.bytes_out = counted_before
        summary.failed += 1
        click.echo(f"error: {item.name}: cannot write {target or '-'}: {exc.strerror or exc}", err=True)


def _stdin_lines() -> Any:
    """Standard input as lines of bytes, for ``iter_jsonl`` to read as it reads a file."""
    return sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin


def _write_stdout(text: str) -> None:
    """Write a record line; a line passed through as undecodable bytes goes out as those bytes."""
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        sys.stdout.flush()
        try:
            data = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a lone surrogate of a JSON escape, in a diff: shown as the escape
            data = text.encode("utf-8", "backslashreplace")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def _jsonl_target(item: Input, output: str | None, in_place: bool) -> Path:
    """Where a JSONL input's records go: the input itself, or its mirror under ``-o`` (same compression)."""
    if in_place:
        assert item.path is not None
        if not inside(item.path, item.root):
            raise InputError(f"{item.path}: symlink leads out of {item.root}, not rewritten")
        return item.path.resolve()
    assert output is not None and item.path is not None
    final = _output_path(item, output, "jsonl")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{item.name}: cannot write {final}: {exc.strerror or exc}") from None
    return final


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML config file.")
@SET_OPTION
@click.option("--color/--no-color", default=None, help="Colour the verdicts (default: on a terminal).")
def explain(path: str, config_path: str | None, color: bool | None, overrides: tuple[str, ...] = ()) -> int:
    """Show every line of a page with its verdict: kept, title, byline, or dropped and why."""
    config = load_config(config_path, overrides)
    try:
        text = decode(sys.stdin.buffer.read(), "-").text if path == "-" else read_text(Path(path)).text
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_FAILED
    doc = build_pipeline(config)(text)
    colours = {"kept": "green", "headline": "cyan", "byline": "blue"}
    width = len(str(len(doc.lines)))
    for line in doc.lines:
        if line.blank:
            continue
        verdict = line.reason or ("kept" if line.text else "whitespace:empty")
        kind = verdict.split(":")[0]
        label = click.style(f"{verdict:<28}", fg=colours.get(kind, "red")) if color or (color is None and sys.stdout.isatty()) else f"{verdict:<28}"
        click.echo(f"{line.number:>{width}} {label} {line.original}")
    click.echo(f"title: {doc.title!r}  byline: {doc.byline!r}  lang: {doc.lang!r}")
    return EXIT_OK


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a job scheduler, ``kill``, a container stopping) ends the run as Ctrl-C does:
    temporary files removed, every target old or new, exit 130."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        global _TERMINATED
        _TERMINATED = True
        if not _FORKING:
            raise KeyboardInterrupt

    global _TERMINATED
    _TERMINATED = False
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        _TERMINATED = False  # a later run in this process starts afresh


#: Set by SIGTERM, whose handler raises the interrupt at once, wherever the run is
#: (reading standard input, counting a WARC, waiting for a worker), except while
#: worker processes are being started (:func:`_forking`): raised there, it lands in
#: a fork hook whose exceptions Python ignores, and would be lost. The run then
#: stops as soon as they are started.
_TERMINATED = False
_FORKING = False


@contextlib.contextmanager
def _forking() -> Iterator[None]:
    """Around a call that may start worker processes: SIGTERM waits until it is done."""
    global _FORKING
    _FORKING = True
    try:
        yield
    finally:
        _FORKING = False
    if _TERMINATED:
        raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting (tests call it in-process)."""
    try:
        with _terminate_as_interrupt():
            rv = cli.main(args=argv, prog_name="cleantext", standalone_mode=False)
    except click.UsageError as exc:
        click.echo(f"Usage error: {exc.format_message()}", err=True)
        return EXIT_USAGE
    except (ConfigError, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_USAGE
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except OSError as exc:  # standard output or error full, or another write that nothing else caught
        click.echo(f"error: {exc.filename or 'output'}: {exc.strerror or exc}", err=True)
        return EXIT_FAILED
    except click.Abort:
        click.echo("interrupted", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    return rv if isinstance(rv, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
