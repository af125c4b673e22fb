"""The pinyin keys of an import's matters, computed by a process of their own while storing goes on."""

import logging

from hallapp.search.pinyin import search_keys
from hallapp.services.catalogue_import import parallel

NAMES = ["食品经营许可", "企业投资项目备案（含变更）", "银行开户许可", "A级纳税人证明", "食品经营许可"]


def test_keys_from_another_process_are_the_keys_computed_here(monkeypatch, caplog):
    monkeypatch.setattr(parallel, "MEANWHILE_FROM", 2)  # so few names would otherwise be done here
    caplog.set_level(logging.INFO, logger=parallel.__name__)
    wait = parallel.keys_meanwhile(NAMES)
    assert wait() == [search_keys(name) for name in NAMES]
    assert not [r for r in caplog.records if "computed here" in r.getMessage()]  # the process did them


def test_few_names_are_computed_here_when_waited_for():
    wait = parallel.keys_meanwhile(NAMES[:2])
    assert wait() == [search_keys(name) for name in NAMES[:2]]
    assert parallel.keys_meanwhile([])() == []
