"""HTML input: trafilatura extracts, the pipeline cleans, metadata and text-level findings are arbitrated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cleantext.cli import main
from cleantext.document import Document
from cleantext.html import MIN_ARTICLE_WORDS, _fallback, choose_byline, choose_title, clean_html, decode_html, visible_text
from cleantext.htmlview import PageView, view_page

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


SENTENCE = "The council voted on Tuesday to approve the new city budget after a long debate about schools and roads."


def test_a_lone_surrogate_does_not_cut_the_paragraph() -> None:
    doc = clean_html(f"<h1>Budget vote</h1><p>The council met \ud800 on Tuesday. {SENTENCE}</p>")
    assert doc.text.endswith(SENTENCE) and "\ufffd" in doc.text


@pytest.mark.parametrize("page", [None, 3, ["<p>x</p>"]])
def test_a_page_that_is_not_text_or_bytes_is_a_type_error(page: object) -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        clean_html(page)  # type: ignore[arg-type]


def test_deeply_nested_markup_is_read() -> None:
    # libxml2 stops at 256 levels unless told otherwise; trafilatura then finds
    # nothing and the page's own view must carry the article.
    depth = 1500
    page = "<html><body>" + "<div>" * depth + f"<p>{SENTENCE} {SENTENCE}</p>" + "</div>" * depth + "</body></html>"
    assert view_page(page).lines == (f"{SENTENCE} {SENTENCE}",)
    assert SENTENCE in clean_html(page).text


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


def test_title_is_the_visible_headline_without_the_sites_decorations() -> None:
    h1 = "Chelsea sign the keeper for a record fee"
    assert choose_title(f"Daily Courier | Sports: {h1}", None, "Daily Courier", ("Daily Courier", h1)) == (h1, "html")
    # No <h1> to go by: the parts of the <title> that name the site are cut.
    assert choose_title(f"{h1} - Daily Courier", None, "Daily Courier") == (h1, "html")
    # A one-word section heading is not the headline; nothing names the site: the title stays whole.
    assert choose_title(f"{h1} - Sports", None, None, ("Sports",)) == (f"{h1} - Sports", "html")
    page = (f"<html><head><title>Daily Courier | {h1}</title></head><body><h1>{h1}</h1><article>"
            + "".join(f"<p>{s}</p>" for s in PROSE[:4]) + "</article></body></html>")
    doc = clean_html(page)
    assert doc.title == h1 and doc.meta["title_source"] == "html"
    assert doc.text.count(h1) == 1


#: Plain article prose: sentences the text-level method keeps.
PROSE = [
    "The council met on Tuesday evening to debate the budget for the coming year, which grows by four percent.",
    "Most of the new money goes to schools, where class sizes have risen for three years in a row, officials said.",
    "Residents who spoke at the meeting asked for more bus routes and longer library hours on the weekends.",
    "The mayor said the city would review the transport plan in the spring, once the new census figures arrive.",
    "Two members voted against the plan, arguing that the road repairs promised last year have still not begun.",
    "The budget now goes to the finance committee, which must approve it before the end of the month.",
    "Local businesses welcomed the decision to keep the property tax rate unchanged for another year.",
    "A public hearing on the school building program is planned for early next month at the civic center.",
]


def _page(paragraphs: list[str], linked: bool = False) -> PageView:
    body = "".join(f"<p><a href='/{i}'>{p}</a></p>" if linked else f"<p>{p}</p>" for i, p in enumerate(paragraphs))
    return view_page(f"<html><body>{body}</body></html>")


def _kept(words: int) -> Document:
    return Document.from_text(" ".join(["word"] * words))


def test_fallback_reads_the_page_as_text_only_when_trafilatura_missed_a_prose_article() -> None:
    prose = PROSE * 3  # about 450 words of article text
    # trafilatura found nothing: the visible text, cleaned as text, is the article.
    fallback = _fallback(_kept(0), _page(prose), None, None)
    assert fallback is not None and "budget for the coming year" in fallback.body
    # trafilatura kept a good share: its reading stands (and the text pipeline never runs).
    assert _fallback(_kept(300), _page(prose), None, None) is None
    # What the text method would add is links (teasers, "related" lists): trafilatura was right.
    assert _fallback(_kept(0), _page(prose, linked=True), None, None) is None


def test_fallback_leaves_an_article_trafilatura_found_below_a_long_discussion() -> None:
    prose = PROSE * 12  # about 1,800 words
    kept = MIN_ARTICLE_WORDS + 10
    assert _fallback(_kept(kept), _page(prose), None, None) is None  # over ten times more: not a missed article
    assert _fallback(_kept(MIN_ARTICLE_WORDS - 10), _page(prose), None, None) is not None


def test_view_page_measures_link_text_per_line_and_collects_headlines() -> None:
    page = view_page("<html><body><h1>Big <b>news</b></h1><nav><a href='/'>Home</a></nav>"
                     "<p>Read <a href='/x'>this</a> now please</p><h1> </h1></body></html>")
    assert page.lines == ("Big news", "Home", "Read this now please")
    assert page.link_shares[:2] == (0.0, 1.0) and 0.2 < page.link_shares[2] < 0.3
    assert page.headings == ("Big news",)
    assert page.link_share([1, 2]) == pytest.approx(1 / 3)
    assert view_page("") == PageView((), (), ())


def test_cli_html_in_a_declared_charset(tmp_path: Path, capsys) -> None:
    page = tmp_path / "cafe.html"
    body = "".join(f"<p>Le café numéro {k} de la gare est fermé depuis lundi, a déclaré le maire hier soir.</p>"
                   for k in range(6))
    page.write_bytes(f'<html><head><meta charset="iso-8859-1"><title>Café</title></head><body>{body}</body></html>'
                     .encode("latin-1"))
    code, out, err = run(["clean", str(page), "--format", "jsonl", "--jobs", "1"], capsys)
    record = json.loads(out)
    assert code == 0, err
    assert record["encoding"] == "iso-8859-1" and "Le café numéro 0 de la gare est fermé" in record["text"]
