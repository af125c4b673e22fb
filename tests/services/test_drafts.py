"""Drafts of an intake in progress: one per account, written atomically, never shown to another account."""

import json
import os
import stat

import pytest

from hallapp.services.drafts import DraftStore, IntakeDraft, MarkDraft

ID = "440310198506120315"


def draft(**changes) -> IntakeDraft:
    values = {
        "target_kind": "matter",
        "target_code": "X-1",
        "target_name": "创业培训补贴申领",
        "fields": {"name": "陈晓明", "id_number": ID, "phone": "13812345678"},
        "flags": {"organisation": False, "agent": False},
        "answers": {"agent": False},
        "marks": (MarkDraft("居民身份证", True, 1), MarkDraft("银行账户信息", deferred=True)),
        "commitment_signed": True,
    }
    values.update(changes)
    return IntakeDraft(**values)


def test_a_draft_comes_back_as_it_was_saved(tmp_path):
    store = DraftStore(tmp_path)
    path = store.save("zhang.san", draft())
    assert path == tmp_path / "drafts" / "zhang.san.json"
    back = store.load("zhang.san")
    assert back is not None
    assert back.fields == draft().fields and back.marks == draft().marks
    assert back.answers == {"agent": False} and back.commitment_signed
    assert back.saved_at  # stamped when written
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # the owner's only, as the database is


def test_another_account_never_sees_the_draft(tmp_path):
    store = DraftStore(tmp_path)
    store.save("zhang.san", draft())
    assert store.load("li.si") is None
    assert store.load("ZHANG.SAN") is not None  # user names are matched as sign-in matches them


def test_no_personal_data_in_its_words_or_repr(tmp_path):
    saved = draft()
    assert ID not in repr(saved) and "13812345678" not in repr(saved) and "陈晓明" not in repr(saved)
    assert ID not in saved.summary and "陈晓明" not in saved.summary
    assert "创业培训补贴申领" in saved.summary and "陈**" in saved.summary.replace("\u2060", "")


def test_an_empty_intake_leaves_no_file(tmp_path):
    store = DraftStore(tmp_path)
    store.save("zhang.san", draft())
    store.save("zhang.san", draft(fields={"name": "  "}, marks=(MarkDraft("居民身份证"),)))
    assert not store.path("zhang.san").exists()
    assert store.load("zhang.san") is None


def test_a_save_replaces_the_file_whole_and_leaves_no_temporary(tmp_path):
    store = DraftStore(tmp_path)
    store.save("zhang.san", draft())
    store.save("zhang.san", draft(fields={"name": "陈晓明", "phone": "13900000000"}))
    assert [p.name for p in (tmp_path / "drafts").iterdir()] == ["zhang.san.json"]
    assert store.load("zhang.san").fields["phone"] == "13900000000"


def test_a_failed_write_keeps_the_previous_draft(tmp_path, monkeypatch):
    store = DraftStore(tmp_path)
    store.save("zhang.san", draft())

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        store.save("zhang.san", draft(fields={"name": "王磊"}))
    monkeypatch.undo()
    assert store.load("zhang.san").fields["name"] == "陈晓明"
    assert [p.name for p in (tmp_path / "drafts").iterdir()] == ["zhang.san.json"]


def test_a_damaged_draft_is_set_aside_not_offered(tmp_path):
    store = DraftStore(tmp_path)
    store.path("zhang.san").parent.mkdir(parents=True)
    store.path("zhang.san").write_text('{"version": 1, "target_kind": "matter"', encoding="utf-8")
    assert store.load("zhang.san") is None
    assert store.path("zhang.san").with_suffix(".bad").exists()
    store.path("li.si").write_text(json.dumps({"version": 99}), encoding="utf-8")
    assert store.load("li.si") is None


def test_an_odd_user_name_cannot_point_outside_the_folder(tmp_path):
    store = DraftStore(tmp_path)
    path = store.path("../../etc/passwd")
    assert path.parent == tmp_path / "drafts" and ".." not in path.name
    assert store.path("王五") != store.path("赵六")
    with pytest.raises(ValueError):
        store.path(" ")


def test_delete_forgets_it(tmp_path):
    store = DraftStore(tmp_path)
    store.save("zhang.san", draft())
    store.delete("zhang.san")
    store.delete("zhang.san")  # twice is fine
    assert store.load("zhang.san") is None
