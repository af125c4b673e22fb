"""The kept fields of an import, held as the JSON text they are stored as."""

import json

from hallapp.services.catalogue_import.model import KeptByCode, kept_text
from hallapp.services.import_catalogue import KeptFields


def test_kept_fields_read_back_as_dicts_and_give_their_stored_text():
    kept = KeptByCode()
    fields = {"AUDIT_ITEM": {"use_level": "4", "catalog_code": "0001"}, "AUDIT_QA": [{"question": "多久？"}]}
    kept["A1"] = fields
    kept["B2"] = {}
    assert kept["A1"] == fields and kept["B2"] == {}
    assert kept.text("A1") == json.dumps(fields, ensure_ascii=False, sort_keys=True) == kept_text(fields)
    assert kept.text("B2") == ""
    assert list(kept) == ["A1", "B2"] and len(kept) == 2 and kept == {"A1": fields, "B2": {}}
    changed = kept["A1"]
    changed["AUDIT_ITEM"]["use_level"] = "3"  # a copy: what is kept changes only when set again
    assert kept["A1"]["AUDIT_ITEM"]["use_level"] == "4"
    del kept["B2"]
    assert "B2" not in kept and kept.get("B2") is None


def test_kept_fields_keep_text_a_file_wrote_with_a_lone_surrogate():
    kept = KeptByCode({"A1": {"AUDIT_ITEM": {"remark": "\udc80"}}})
    assert kept["A1"] == {"AUDIT_ITEM": {"remark": "\udc80"}}


def test_what_an_import_writes_is_the_kept_text_and_nothing_for_a_matter_without_fields():
    kept = KeptByCode({"A1": {"AUDIT_ITEM": {"use_level": "4"}}, "B2": {}})
    texts = KeptFields(kept)
    assert texts["A1"] == '{"AUDIT_ITEM": {"use_level": "4"}}'
    assert "A1" in texts and "B2" not in texts and "C3" not in texts
    assert texts.get("B2", "") == "" and list(texts) == ["A1"] and len(texts) == 1
    as_dicts = KeptFields({"A1": {"AUDIT_ITEM": {"use_level": "4"}}, "B2": {}})
    assert as_dicts["A1"] == texts["A1"] and list(as_dicts) == ["A1"]
