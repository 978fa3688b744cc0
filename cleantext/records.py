"""The JSON record of a cleaned document: one definition for every runner.

The local CLI, the Ray engine and the datatrove step all emit records, and a
user who moves a corpus from one to another must get the same bytes back.
So the record is built here, once, from a :class:`~cleantext.document.Document`,
and every runner calls these functions instead of assembling dicts itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .document import Document
from .pipeline import Pipeline

#: The fields cleaning adds to a record, in the order they are written. The
#: text field and ``id`` are not here: they belong to the input record.
META_FIELDS: tuple[str, ...] = ("title", "byline", "lang", "dropped", "chars_in", "chars_out")


def document_record(doc: Document, text_in: str, id: object) -> dict[str, Any]:
    """The record of one cleaned page: id, text, fields, every dropped line, sizes.

    ``dropped`` holds ``[line_number, original_line, reason]`` lists (JSON has
    no tuples), so a record read back compares equal to one freshly made.

    >>> from cleantext.document import Document
    >>> doc = Document.from_text("Home\\nBody sentence.")
    >>> document_record(doc, "Home\\nBody sentence.", "p1")["chars_in"]
    19
    """
    out = doc.text
    return {
        "id": id, "text": out, "title": doc.title, "byline": doc.byline, "lang": doc.lang,
        "dropped": [list(d) for d in doc.dropped()], "chars_in": len(text_in), "chars_out": len(out),
    }


def source_record(doc: Document, text_in: str, id: object, source: Mapping[str, Any]) -> dict[str, Any]:
    """The record of a page that came with fields of its own (a WARC record's URL, id and date).

    The source's fields follow ``id``, before ``text``, so that every record
    of a WARC-derived shard starts with where its page came from.

    >>> from cleantext.document import Document
    >>> record = source_record(Document.from_text("Body."), "Body.", "crawl.warc:3", {"url": "https://a.example/"})
    >>> list(record)[:3]
    ['id', 'url', 'text']
    """
    meta = document_record(doc, text_in, id)
    return {"id": meta.pop("id"), **source, **meta}


def clean_record(pipeline: Pipeline, record: Mapping[str, Any], text_field: str, id_field: str | None,
                 fallback_id: object) -> tuple[dict[str, Any], Document]:
    """Clean the text of one input record; return the output record and the document.

    The output keeps every input field in its place, replaces the text field
    with the cleaned text, and adds :data:`META_FIELDS` (overwriting input
    fields of those names: they describe this cleaning; a ``text`` field is
    left alone when the text lives in another field). An ``id`` is added
    only when the record has none of its own under ``id_field``: then it is
    ``fallback_id`` (the local CLI passes ``file:line``, so every output
    record can be traced back to its input line).

    ``record[text_field]`` must be a ``str``; callers check that first,
    because what to do with a bad record (report, pass through, drop) is
    theirs to decide.
    """
    text = record[text_field]
    doc_id = _record_id(record, id_field, fallback_id)
    doc = pipeline(Document.from_text(text, id=None if doc_id is None else str(doc_id)))
    return _merged(record, doc, text, text_field, id_field, doc_id), doc


def _record_id(record: Mapping[str, Any], id_field: str | None, fallback_id: object) -> object:
    own_id = record.get(id_field) if id_field else None
    return own_id if own_id is not None else fallback_id


def _merged(record: Mapping[str, Any], doc: Document, text_in: str, text_field: str, id_field: str | None,
            doc_id: object) -> dict[str, Any]:
    """The input record with the cleaned text in ``text_field`` and :data:`META_FIELDS` added."""
    meta = document_record(doc, text_in, doc_id)
    merged = {**record, **{k: meta[k] for k in META_FIELDS}}
    merged[text_field] = doc.text
    if id_field is None or id_field not in record:
        merged.setdefault("id", meta["id"])
    return merged


def clean_html_record(config: Any, record: Mapping[str, Any], html_field: str, text_field: str,
                      id_field: str | None, fallback_id: object) -> tuple[dict[str, Any], Document]:
    """Like :func:`clean_record` for a record whose page is HTML in ``html_field``.

    The HTML stays where it was; the cleaned text goes to ``text_field``, and
    the record gains the same fields as a text record.
    """
    from .html import clean_html

    html = record[html_field]
    doc_id = _record_id(record, id_field, fallback_id)
    doc = clean_html(html, url=record.get("url") or None, config=config, id=None if doc_id is None else str(doc_id))
    return _merged(record, doc, html, text_field, id_field, doc_id), doc

