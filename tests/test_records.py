"""The shared record builder: what every runner (local, Ray, datatrove) writes for a record."""

from __future__ import annotations

from cleantext import build_pipeline
from cleantext.records import META_FIELDS, clean_record

PAGE = "Home\nThe council approved the new budget on Tuesday evening after a long debate.\nShare"


def test_fields_kept_in_place_text_replaced_meta_added() -> None:
    record = {"url": "https://example.org/a", "text": PAGE, "n": 3}
    out, doc = clean_record(build_pipeline(), record, "text", "url", "f.jsonl:1")
    assert list(out)[:3] == ["url", "text", "n"]
    assert out["text"] == doc.text == "The council approved the new budget on Tuesday evening after a long debate."
    assert [k for k in out if k in META_FIELDS] == list(META_FIELDS)
    assert "id" not in out  # the record has its own id under --id-field
    assert out["dropped"] == [[1, "Home", "chrome:breadcrumb"], [3, "Share", "chrome:share_counter"]]
    assert (out["chars_in"], out["chars_out"]) == (len(PAGE), len(doc.text))
    assert record["text"] == PAGE  # the input record is not modified


def test_fallback_id_only_without_own_id() -> None:
    pipeline = build_pipeline()
    assert clean_record(pipeline, {"text": PAGE}, "text", None, "f.jsonl:7")[0]["id"] == "f.jsonl:7"
    assert clean_record(pipeline, {"text": PAGE}, "text", "url", "f.jsonl:7")[0]["id"] == "f.jsonl:7"
    assert clean_record(pipeline, {"text": PAGE, "id": 12}, "text", None, "f.jsonl:7")[0]["id"] == 12
    assert clean_record(pipeline, {"text": PAGE}, "text", None, None)[0]["id"] is None


def test_meta_fields_overwrite_input_fields_of_the_same_name() -> None:
    out, _ = clean_record(build_pipeline(), {"body": PAGE, "title": "scraped title"}, "body", None, "x")
    assert out["title"] is None and out["body"].startswith("The council")
    assert "text" not in out  # the text lives in its own field; no second copy


def test_a_text_field_beside_the_text_is_not_overwritten() -> None:
    out, _ = clean_record(build_pipeline(), {"body": PAGE, "text": "<html>raw</html>"}, "body", None, "x")
    assert out["text"] == "<html>raw</html>"
