"""HTML input: trafilatura extracts, the pipeline cleans, metadata and text-level findings are arbitrated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cleantext.cli import main
from cleantext.html import choose_byline, choose_title, clean_html, decode_html, visible_text

from .conftest import FIXTURES

ARTICLE = FIXTURES / "html" / "article.html"


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_clean_html_takes_title_and_author_from_the_page_and_cleans_the_text() -> None:
    doc = clean_html(ARTICLE.read_bytes())
    assert doc.title == "Council approves new budget"
    assert doc.byline == "Jane Doe"
    assert doc.meta["title_source"] == "html" and doc.meta["byline_source"] == "html"
    assert doc.meta["text_source"] == "trafilatura" and doc.meta["charset"] == "utf-8"
    assert doc.lang == "en"
    reasons = {text: why for _, text, why in doc.dropped()}
    # trafilatura kept the share buttons; the lexicon removes them, with reasons.
    assert reasons["Click to share on Twitter (Opens in new window)"] == "chrome:ui_label"
    assert reasons["Share this:"] == "chrome:share_counter"
    # The <h1> it kept is the title now, not a second copy in the body.
    assert reasons["Council approves new budget"] == "headline:repeat"
    assert doc.text.count("Council approves new budget") == 1
    assert "The plan funds schools" in doc.body and "Residents who spoke" in doc.body
    assert "Privacy Policy" not in doc.body and "Home" not in doc.body.split("\n")


def test_declared_charset_is_honoured() -> None:
    page = ('<html><head><meta charset="iso-8859-1"><title>Caf\u00e9</title></head>'
            '<body><p>Le caf\u00e9 de la gare est ferm\u00e9.</p></body></html>').encode("latin-1")
    text, charset = decode_html(page)
    assert charset == "iso-8859-1" and "Le café de la gare est fermé." in text
    bom = "\ufeff<html><body><p>Grüße</p></body></html>".encode("utf-16-le")
    assert decode_html(bom) == ("<html><body><p>Grüße</p></body></html>", "utf-16-le")


def test_title_and_byline_arbitration() -> None:
    assert choose_title(None, "Text Title", None) == ("Text Title", "text")
    assert choose_title(None, None, None) == (None, "none")
    assert choose_byline("Jane Doe", "By Jane Doe, Reuters") == ("By Jane Doe, Reuters", "text")
    assert choose_byline("Jane Doe", None) == ("Jane Doe", "html")
    assert choose_byline(None, "Source: AP") == ("Source: AP", "text")


def test_visible_text_puts_blocks_on_their_own_lines() -> None:
    text = visible_text(ARTICLE.read_text("utf-8"))
    lines = text.splitlines()
    assert lines[0] == "Council approves new budget | Daily Courier"
    assert "Home" in lines and "By Jane Doe" in lines
    assert all(line == line.strip() and line for line in lines)


def test_cli_reads_html_files_and_writes_text(tmp_path: Path, capsys) -> None:
    src = tmp_path / "site"
    src.mkdir()
    shutil.copy(ARTICLE, src / "article.html")
    code, _, err = run(["clean", str(src), "--glob", "*.html", "-o", str(tmp_path / "out"), "--jobs", "1"], capsys)
    assert code == 0, err
    out = (tmp_path / "out" / "article.txt").read_text("utf-8")
    assert out.startswith("Council approves new budget\n\nThe city council approved")
    assert "Click to share" not in out


def test_cli_refuses_to_rewrite_html_in_place(tmp_path: Path, capsys) -> None:
    page = tmp_path / "article.html"
    shutil.copy(ARTICLE, page)
    before = page.read_bytes()
    code, _, err = run(["clean", str(page), "--in-place", "--jobs", "1"], capsys)
    assert code == 123 and "not rewritten as text" in err and str(page) in err
    assert page.read_bytes() == before


def test_cli_jsonl_html_field(tmp_path: Path, capsys) -> None:
    src = tmp_path / "pages.jsonl"
    html = ARTICLE.read_text("utf-8")
    src.write_text(json.dumps({"id": "a1", "url": "https://example.org/a1", "html": html}) + "\n"
                   + json.dumps({"id": "a2", "html": 42}) + "\n", "utf-8")
    code, out, err = run(["clean", str(src), "--html-field", "html", "--format", "jsonl", "--jobs", "1"], capsys)
    assert code == 123 and "pages.jsonl:2" in err
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["html"] == html  # the page is kept where it was
    assert first["text"].startswith("Council approves new budget\n\nThe city council")
    assert first["title"] == "Council approves new budget" and first["byline"] == "Jane Doe"
    assert ["chrome:ui_label"] == [r for _, t, r in first["dropped"] if t.startswith("Click to share")]
    assert second == {"id": "a2", "html": 42}  # a bad record passes through untouched


@pytest.mark.parametrize(("page", "text"), [("", ""), ("<html></html>", ""), (b"\xff\xfe", ""),
                                           ("not html at all", "not html at all")])
def test_empty_or_odd_pages(page: str | bytes, text: str) -> None:
    doc = clean_html(page)
    assert doc.text == text and doc.meta["title_source"] == "none"


def test_cli_reads_compressed_html(tmp_path: Path, capsys) -> None:
    import gzip

    src = tmp_path / "site"
    src.mkdir()
    (src / "article.html.gz").write_bytes(gzip.compress(ARTICLE.read_bytes()))
    code, _, err = run(["clean", str(src), "--glob", "*.html.gz", "-o", str(tmp_path / "out"), "--jobs", "1"], capsys)
    assert code == 0, err
    out = gzip.decompress((tmp_path / "out" / "article.txt.gz").read_bytes()).decode("utf-8")
    assert out.startswith("Council approves new budget\n\nThe city council approved")
    (src / "broken.html.gz").write_bytes(gzip.compress(ARTICLE.read_bytes())[:200])
    code, _, err = run(["clean", str(src / "broken.html.gz"), "-o", str(tmp_path / "out2"), "--jobs", "1"], capsys)
    assert code == 123 and "broken.html.gz" in err and not (tmp_path / "out2").exists()
