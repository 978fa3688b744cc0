"""WARC/WET and compressed inputs through the command line, built with warcio's own writer.

Every WARC here is written by ``warcio.warcwriter.WARCWriter`` (no downloads):
WET files are ``conversion`` records of ``text/plain``, as Common Crawl
writes them. Record ids and dates are set explicitly so the tests know what
each output record must carry without asking the reader under test.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleantext.batchio import AtomicWriter, InputError, iter_jsonl, read_text
from cleantext.cli import main

#: Articles with chrome around them; record k says its number, so order is checkable.
ARTICLE = ("Home\nNews\n\nThe council voted on Tuesday, in session {k}, to approve the new city budget "
           "after a long debate about schools and roads.\n\nShare on Facebook\n")
CLEAN = "The council voted on Tuesday, in session {k}, to approve the new city budget after a long debate about schools and roads."

HTML = ("<html><head><title>Budget passes {k}</title></head><body><nav><a href='/'>Home</a> | <a href='/n'>News</a></nav>"
        "<article><h1>Budget passes {k}</h1><p>The council voted on Tuesday to approve the new city budget after a long "
        "debate about schools and roads, officials said in café number {k}.</p><p>The mayor welcomed the vote and "
        "promised to publish the spending plan next week.</p></article></body></html>")


@dataclass
class Rec:
    """One record for :func:`write_warc`."""

    kind: str
    url: str
    payload: bytes = b""
    content_type: str | None = None
    """HTTP Content-Type for responses; WARC Content-Type for conversions."""
    status: str = "200 OK"

    @property
    def record_id(self) -> str:
        return f"<urn:uuid:{abs(hash((self.kind, self.url))) % 10**12:012d}-test>"

    @property
    def date(self) -> str:
        return "2024-02-29T12:00:00Z"


def write_warc(path: Path, records: Iterable[Rec], *, warc_gzip: bool = False) -> None:
    """A WARC written by warcio (``warc_gzip``: warcio's own per-record gzip members)."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=warc_gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "cleantext tests"}))
        for rec in records:
            headers = {"WARC-Record-ID": rec.record_id, "WARC-Date": rec.date}
            if rec.kind == "conversion":
                record = writer.create_warc_record(rec.url, "conversion", payload=io.BytesIO(rec.payload),
                                                   warc_content_type=rec.content_type or "text/plain",
                                                   warc_headers_dict=headers)
            elif rec.kind == "request":
                http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
                record = writer.create_warc_record(rec.url, "request", payload=io.BytesIO(b""), http_headers=http,
                                                   warc_headers_dict=headers)
            elif rec.kind == "response":
                http = StatusAndHeaders(rec.status, [("Content-Type", rec.content_type or "text/html")],
                                        protocol="HTTP/1.1")
                record = writer.create_warc_record(rec.url, "response", payload=io.BytesIO(rec.payload),
                                                   http_headers=http, warc_headers_dict=headers)
            else:
                record = writer.create_warc_record(rec.url, rec.kind, payload=io.BytesIO(rec.payload),
                                                   warc_content_type="application/json", warc_headers_dict=headers)
            writer.write_record(record)


def wet_records(n: int) -> list[Rec]:
    return [Rec("conversion", f"https://example.org/{k}", ARTICLE.format(k=k).encode()) for k in range(n)]


def compress(data: bytes, codec: str) -> bytes:
    return gzip.compress(data) if codec == ".gz" else zstandard.ZstdCompressor().compress(data)


def decompress(data: bytes, codec: str) -> bytes:
    if codec == ".gz":
        return gzip.decompress(data)
    return zstandard.ZstdDecompressor().decompressobj().decompress(data)


def read_records(path: Path) -> list[dict]:
    return [json.loads(raw) for _, raw in iter_jsonl(path)]


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error:")]


# ---------------------------------------------------------------- WARC / WET


def test_wet_gz_records_in_order_with_warc_fields(tmp_path: Path, capsys) -> None:
    # 150 records span three worker chunks (64 each) and two workers: order must survive.
    records = wet_records(150)
    wet = tmp_path / "crawl.warc.wet.gz"
    write_warc(wet, records, warc_gzip=True)
    code, _, err = run(["clean", str(wet), "--format", "jsonl", "-o", str(tmp_path / "out"), "-j", "2"], capsys)
    assert code == 0, err
    out = read_records(tmp_path / "out" / "crawl.warc.wet.jsonl.gz")
    assert [r["url"] for r in out] == [r.url for r in records]
    assert [r["warc_record_id"] for r in out] == [r.record_id for r in records]
    assert {r["warc_date"] for r in out} == {"2024-02-29T12:00:00Z"}
    assert [r["text"] for r in out] == [CLEAN.format(k=k) for k in range(150)]
    assert out[0]["id"] == f"{wet}:2"  # record 1 is the warcinfo
    assert list(out[0])[:5] == ["id", "url", "warc_record_id", "warc_date", "text"]
    assert [1, "Home", "chrome:breadcrumb"] in out[0]["dropped"]
    assert "150 documents, 0 failed" in err and "skipped WARC records: warcinfo 1" in err


def test_warc_responses_go_through_html_mode_and_the_rest_is_counted(tmp_path: Path, capsys) -> None:
    latin = HTML.format(k=7).encode("latin-1")  # no <meta charset>: only the HTTP header says latin-1
    records = [
        Rec("response", "https://example.org/html", latin, "text/html; charset=ISO-8859-1"),
        Rec("request", "https://example.org/html"),
        Rec("response", "https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
        Rec("response", "https://example.org/old", b"<html>Moved</html>", "text/html", status="301 Moved Permanently"),
        Rec("metadata", "https://example.org/html", b'{"fetchTimeMs": 12}'),
        Rec("conversion", "https://example.org/wet", ARTICLE.format(k=1).encode()),
        Rec("conversion", "https://example.org/pdf", b"%PDF-1.4", "application/pdf"),
    ]
    warc = tmp_path / "mixed.warc"
    write_warc(warc, records)
    code, _, err = run(["clean", str(warc), "-o", str(tmp_path / "out"), "-j", "1"], capsys)
    assert code == 0, err
    out = read_records(tmp_path / "out" / "mixed.warc.jsonl")
    assert [r["url"] for r in out] == ["https://example.org/html", "https://example.org/wet"]
    html_record = out[0]
    assert html_record["title"] == "Budget passes 7"
    assert "café number 7" in html_record["text"]  # decoded by the HTTP charset, not guessed
    assert "Home | News" not in html_record["text"]
    assert html_record["warc_record_id"] == records[0].record_id
    assert out[1]["text"] == CLEAN.format(k=1)
    skipped = err.split("skipped WARC records: ")[1].splitlines()[0]
    assert dict(part.rsplit(" ", 1) for part in skipped.split(", ")) == {
        "warcinfo": "1", "request": "1", "metadata": "1", "response:not_html": "1",
        "response:http_301": "1", "conversion:application/pdf": "1"}


def test_warc_from_stdin(tmp_path: Path, capsys, monkeypatch) -> None:
    warc = tmp_path / "in.warc"
    write_warc(warc, wet_records(3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(warc.read_bytes())))
    code, out, err = run(["clean", "-", "--input-format", "warc", "-q", "-j", "1"], capsys)
    assert code == 0, err
    assert [json.loads(line)["url"] for line in out.splitlines()] == [f"https://example.org/{k}" for k in range(3)]


def test_warc_check_and_in_place_refusal(tmp_path: Path, capsys) -> None:
    wet = tmp_path / "crawl.warc.wet.gz"
    write_warc(wet, wet_records(2), warc_gzip=True)
    before = wet.read_bytes()
    code, out, err = run(["clean", str(wet), "--check", "-j", "1"], capsys)
    assert code == 1 and out == "" and "2 changed" in err
    code, _, err = run(["clean", str(wet), "--in-place"], capsys)
    assert code == 2
    assert f"{wet}: --in-place does not rewrite WARC files" in err
    assert wet.read_bytes() == before


# ---------------------------------------------------------------- compression


@pytest.mark.parametrize("codec", [".gz", ".zst"])
def test_compressed_text_jsonl_and_warc_match_plain(tmp_path: Path, codec: str, capsys) -> None:
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    plain.mkdir()
    packed.mkdir()
    page = ARTICLE.format(k=3).encode()
    lines = b"".join(json.dumps({"url": f"u{k}", "text": ARTICLE.format(k=k)}).encode() + b"\n" for k in range(40))
    warc = tmp_path / "w.warc"
    write_warc(warc, wet_records(5))
    for name, data in (("page.txt", page), ("shard.jsonl", lines), ("w.warc", warc.read_bytes())):
        (plain / name).write_bytes(data)
        (packed / (name + codec)).write_bytes(compress(data, codec))

    def clean(folder: Path, name: str, *extra: str) -> None:
        code, _, err = run(["clean", str(folder / name), "-o", str(folder / "out"), "-q", "-j", "1", *extra], capsys)
        assert code == 0, err

    for folder, suffix in ((plain, ""), (packed, codec)):
        clean(folder, "page.txt" + suffix)
        clean(folder, "page.txt" + suffix, "--format", "jsonl")
        clean(folder, "shard.jsonl" + suffix, "--id-field", "url")
        clean(folder, "w.warc" + suffix)
    out_plain, out_packed = plain / "out", packed / "out"
    assert sorted(p.name for p in out_packed.iterdir()) == sorted(
        [f"page.txt{codec}", f"page.jsonl{codec}", f"shard.jsonl{codec}", f"w.warc.jsonl{codec}"])
    assert decompress((out_packed / f"page.txt{codec}").read_bytes(), codec) == (out_plain / "page.txt").read_bytes()
    assert decompress((out_packed / f"shard.jsonl{codec}").read_bytes(), codec) == \
        (out_plain / "shard.jsonl").read_bytes()
    assert json.loads(decompress((out_packed / f"page.jsonl{codec}").read_bytes(), codec))["text"] == CLEAN.format(k=3)
    # WARC ids name the input file, which differs; everything else is the same.
    packed_records = read_records(out_packed / f"w.warc.jsonl{codec}")
    plain_records = read_records(out_plain / "w.warc.jsonl")
    assert len(packed_records) == len(plain_records) == 5
    for a, b in zip(packed_records, plain_records):
        assert {**a, "id": None} == {**b, "id": None}


def test_zstd_with_several_frames_and_gzip_with_several_members(tmp_path: Path) -> None:
    # `cat a.zst b.zst > ab.zst` and `cat a.gz b.gz > ab.gz` are valid, common ways to join shards.
    (tmp_path / "ab.txt.zst").write_bytes(compress(b"first part\n", ".zst") + compress(b"second part\n", ".zst"))
    (tmp_path / "ab.txt.gz").write_bytes(compress(b"first part\n", ".gz") + compress(b"second part\n", ".gz"))
    assert read_text(tmp_path / "ab.txt.zst").text == "first part\nsecond part\n"
    assert read_text(tmp_path / "ab.txt.gz").text == "first part\nsecond part\n"


@pytest.mark.parametrize("codec", [".gz", ".zst"])
def test_check_and_in_place_on_compressed_jsonl(tmp_path: Path, codec: str, capsys) -> None:
    shard = tmp_path / f"shard.jsonl{codec}"
    lines = "".join(json.dumps({"text": ARTICLE.format(k=k)}) + "\n" for k in range(3))
    shard.write_bytes(compress(lines.encode(), codec))
    os.chmod(shard, 0o640)
    before = shard.read_bytes()
    code, out, err = run(["clean", str(shard), "--check", "-j", "1"], capsys)
    assert code == 1 and out == "" and "3 changed" in err
    assert shard.read_bytes() == before
    code, _, err = run(["clean", str(shard), "--in-place", "-q", "-j", "1"], capsys)
    assert code == 0, err
    records = [json.loads(line) for line in decompress(shard.read_bytes(), codec).decode().splitlines()]
    assert [r["text"] for r in records] == [CLEAN.format(k=k) for k in range(3)]
    assert stat.S_IMODE(shard.stat().st_mode) == 0o640
    code, _, _ = run(["clean", str(shard), "--check", "-q", "-j", "1"], capsys)
    assert code == 0  # cleaned once, clean for good


# ---------------------------------------------------------------- damaged inputs


def _truncated(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def _damaged_cases(tmp_path: Path) -> dict[str, tuple[bytes, str]]:
    """name -> (file bytes, output file name under -o) for inputs that must fail whole."""
    lines = "".join(json.dumps({"text": ARTICLE.format(k=k) + f" filler {k * 7919}"}) + "\n" for k in range(300)).encode()
    (tmp_path / "build").mkdir()
    warc = tmp_path / "build" / "src.warc"
    write_warc(warc, wet_records(40))
    wdata = warc.read_bytes()
    return {
        "shard.jsonl.gz": (_truncated(compress(lines, ".gz")), "shard.jsonl.gz"),
        "shard.jsonl.zst": (_truncated(compress(lines, ".zst")), "shard.jsonl.zst"),
        "notgzip.jsonl.gz": (lines, "notgzip.jsonl.gz"),
        "crawl.warc.wet.gz": (_truncated(compress(wdata, ".gz")), "crawl.warc.wet.jsonl.gz"),
        "crawl.warc.zst": (_truncated(compress(wdata, ".zst")), "crawl.warc.jsonl.zst"),
        "cut.warc": (_truncated(wdata), "cut.warc.jsonl"),  # ends inside a record's header block
        "cutbody.warc": (wdata[: wdata.index(b"Share on Facebook", len(wdata) // 2)], "cutbody.warc.jsonl"),
        "notwarc.warc": (b"<html>this is not a WARC file</html>\n", "notwarc.warc.jsonl"),
        "page.txt.gz": (_truncated(compress(ARTICLE.format(k=1).encode() * 50, ".gz")), "page.txt.gz"),
    }


@pytest.mark.parametrize("name", ["shard.jsonl.gz", "shard.jsonl.zst", "notgzip.jsonl.gz", "crawl.warc.wet.gz",
                                  "crawl.warc.zst", "cut.warc", "cutbody.warc", "notwarc.warc", "page.txt.gz"])
def test_damaged_input_fails_alone_and_leaves_outputs_untouched(tmp_path: Path, name: str, capsys) -> None:
    data, out_name = _damaged_cases(tmp_path)[name]
    src = tmp_path / "in"
    src.mkdir()
    (src / name).write_bytes(data)
    out = tmp_path / "out"
    out.mkdir()
    (out / out_name).write_bytes(b"previous run\n")
    code, _, err = run(["clean", str(src / name), "-o", str(out), "-j", "2"], capsys)
    assert code == 123
    errors = error_lines(err)
    assert len(errors) == 1 and errors[0].startswith(f"error: {src / name}: "), err
    assert (out / out_name).read_bytes() == b"previous run\n"
    assert [p.name for p in out.iterdir()] == [out_name]  # no temporary file left behind


def test_truncated_compressed_jsonl_is_not_rewritten_in_place(tmp_path: Path, capsys) -> None:
    data, _ = _damaged_cases(tmp_path)["shard.jsonl.gz"]
    shard = tmp_path / "shard.jsonl.gz"
    shard.write_bytes(data)
    code, _, err = run(["clean", str(shard), "--in-place", "-j", "1"], capsys)
    assert code == 123 and "truncated or corrupt gzip data" in err
    assert shard.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "shard.jsonl.gz"]


def test_good_inputs_still_written_beside_a_damaged_one(tmp_path: Path, capsys) -> None:
    (tmp_path / "bad.jsonl.gz").write_bytes(b"not gzip at all\n")
    (tmp_path / "good.jsonl.gz").write_bytes(compress(json.dumps({"text": ARTICLE.format(k=2)}).encode() + b"\n", ".gz"))
    code, _, err = run(["clean", str(tmp_path / "bad.jsonl.gz"), str(tmp_path / "good.jsonl.gz"),
                        "-o", str(tmp_path / "out"), "-j", "1"], capsys)
    assert code == 123
    assert [r["text"] for r in read_records(tmp_path / "out" / "good.jsonl.gz")] == [CLEAN.format(k=2)]
    assert not (tmp_path / "out" / "bad.jsonl.gz").exists()


# ---------------------------------------------------------------- the atomic writer


def test_atomic_writer_discards_on_error_and_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "x.jsonl.zst"
    target.write_bytes(b"old")
    with pytest.raises(InputError):
        with AtomicWriter(target) as out:
            out.write('{"text": "half"}\n')
            raise InputError("x: damaged")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.jsonl.zst"]


def test_atomic_writer_gives_new_files_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with AtomicWriter(tmp_path / "new.txt.gz") as out:
            out.write("text\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt.gz").stat().st_mode) == 0o644  # not mkstemp's 0600
    assert gzip.decompress((tmp_path / "new.txt.gz").read_bytes()) == b"text\n"


def _three_pages(tmp_path: Path) -> tuple[bytes, int]:
    """A WARC of three HTML responses, and where the third record starts."""
    page = HTML.format(k=1).encode()
    target = tmp_path / "three.warc"
    write_warc(target, [Rec("response", f"https://example.org/{k}", page, "text/html; charset=utf-8")
                        for k in range(3)])
    data = target.read_bytes()
    starts = [i for i in range(len(data)) if data.startswith(b"WARC/1.", i)]
    return data, starts[-1]


def _no_uri(data: bytes, third: int) -> bytes:
    """The third record without its WARC-Target-URI line (warcio then fails on an attribute)."""
    start = data.index(b"WARC-Target-URI:", third)
    return data[:start] + data[data.index(b"\r\n", start) + 2:]


@pytest.mark.parametrize("damage, message", [
    (lambda data, third: data[:third + 150], "truncated WARC: "),  # cut inside the third record's header
    (lambda data, third: data[:third + 40], "truncated WARC: "),   # cut right after its first lines
    (_no_uri, "malformed WARC: record 4: AttributeError"),         # a response that names no URI
])
def test_a_warc_damaged_in_a_record_header_fails_and_writes_nothing(tmp_path: Path, damage, message: str,
                                                                    capsys) -> None:
    data, third = _three_pages(tmp_path)
    bad, good = tmp_path / "cut.warc", tmp_path / "good.warc"
    bad.write_bytes(damage(data, third))
    good.write_bytes(data)
    out = tmp_path / "out"
    code, _, err = run(["clean", str(good), str(bad), "-o", str(out), "-j", "1"], capsys)
    assert code == 123 and f"error: {bad}: {message}" in err and "Traceback" not in err
    assert not (out / "cut.warc.jsonl").exists()
    assert len(read_records(out / "good.warc.jsonl")) == 3


def test_trailing_blank_lines_after_the_last_record_are_fine(tmp_path: Path, capsys) -> None:
    data, _ = _three_pages(tmp_path)
    padded = tmp_path / "padded.warc"
    padded.write_bytes(data + b"\r\n\r\n\n")
    code, _, err = run(["clean", str(padded), "-o", str(tmp_path / "o"), "-j", "1"], capsys)
    assert code == 0, err


def test_an_http_charset_that_is_no_text_codec_is_ignored(tmp_path: Path, capsys) -> None:
    target = tmp_path / "b64.warc"
    write_warc(target, [Rec("response", "https://example.org/b", HTML.format(k=2).encode(),
                            "text/html; charset=base64")])
    code, _, err = run(["clean", str(target), "-o", str(tmp_path / "o"), "-j", "1"], capsys)
    assert code == 0, err
    assert "approve the new city budget" in read_records(tmp_path / "o" / "b64.warc.jsonl")[0]["text"]


def test_a_response_without_http_headers_is_skipped_and_named(tmp_path: Path, capsys) -> None:
    # warcio's writer refuses such a record; some crawlers write them all the same.
    payload = HTML.format(k=3).encode()
    header = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/raw\r\n"
              "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\nWARC-Date: 2024-02-29T12:00:00Z\r\n"
              f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(payload)}\r\n\r\n")
    target = tmp_path / "raw.warc"
    target.write_bytes(header.encode() + payload + b"\r\n\r\n")
    code, _, err = run(["clean", str(target), "-o", str(tmp_path / "o"), "-j", "1"], capsys)
    assert code == 0, err
    assert "skipped WARC records: response:no_http_headers 1" in err
