"""The local licence registry as a LicenceProvider, over the demo licences."""

from __future__ import annotations

from datetime import date

import pytest

from hallapp.domain.licences import LicenceServiceUnavailable, LicenceStatus, best_licence
from hallapp.licences import LocalLicenceRegistry, MemoryLicenceProvider
from hallapp.store.db import UnitOfWork, make_engine

TODAY = date(2026, 11, 27)
CHEN = "440310198506120315"
LI = "440308194203080029"
WANG = "440307199010010514"
AYGUL = "65010219930520024X"
FOOD_CO = "91440310MA5H2K7P3D"


@pytest.fixture
def registry(demo_registry):
    return LocalLicenceRegistry(demo_registry.uow)


def test_name_for_the_clerk(registry):
    assert registry.name == "本地证照库"


def test_found_only_the_types_asked(registry):
    licences = registry.lookup(CHEN, {"resident_id_card", "social_security_card", "marriage_certificate"})
    assert sorted(lic.type_code for lic in licences) == ["resident_id_card", "social_security_card"]
    card = next(lic for lic in licences if lic.type_code == "resident_id_card")
    assert card.holder_name == "陈晓明" and card.valid_until == date(2036, 8, 20)
    finding = best_licence("resident_id_card", licences, TODAY)
    assert finding.usable and finding.licence == card


def test_the_number_is_normalised_before_looking(registry):
    typed = "６５０１０２ １９９３０５２０ ０２４x"
    assert [lic.type_code for lic in registry.lookup(typed, ["residence_permit"])] == ["residence_permit"]


def test_not_found(registry):
    assert registry.lookup("440304199602290039", ["marriage_certificate"]) == []
    assert registry.lookup("11010519491231002X", ["resident_id_card"]) == []
    assert registry.lookup(CHEN, []) == []
    assert registry.lookup("", ["resident_id_card"]) == []
    finding = best_licence("marriage_certificate", [], TODAY)
    assert finding.problem == "电子证照库中未找到" and not finding.usable


def test_expired_licence_does_not_satisfy_and_says_why(registry):
    licences = registry.lookup(LI, ["social_security_card"])
    finding = best_licence("social_security_card", licences, TODAY)
    assert not finding.usable
    assert finding.problem == "电子证照 E44030898765 已于 2025-12-31 过期，不能替代纸质材料"
    assert best_licence("social_security_card", licences, date(2025, 12, 31)).usable  # the last day counts


def test_revoked_licence_does_not_satisfy_and_says_why(registry):
    licences = registry.lookup(WANG, ["marriage_certificate", "divorce_certificate"])
    marriage = best_licence("marriage_certificate", licences, TODAY)
    assert marriage.licence is not None and marriage.licence.status is LicenceStatus.REVOKED
    assert marriage.problem == "电子证照 J440307-2018-004126 已注销，不能替代纸质材料"
    assert best_licence("divorce_certificate", licences, TODAY).usable


def test_organisation_licences(registry):
    licences = registry.lookup(FOOD_CO.lower(), ["business_licence", "food_business_licence"])
    assert best_licence("business_licence", licences, TODAY).usable
    assert "已于 2026-03-15 过期" in best_licence("food_business_licence", licences, TODAY).problem


def test_a_database_that_cannot_be_read_means_unavailable(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}")
    registry = LocalLicenceRegistry(lambda: UnitOfWork(engine))
    with pytest.raises(LicenceServiceUnavailable, match="本地证照库读取失败"):
        registry.lookup(CHEN, ["resident_id_card"])
    engine.dispose()


def test_memory_provider_for_tests_and_demos(registry):
    held = registry.lookup(CHEN, ["resident_id_card"])
    memory = MemoryLicenceProvider(held)
    assert memory.lookup(CHEN.lower(), {"resident_id_card"}) == held
    assert memory.lookup(CHEN, {"household_register"}) == []
    memory.unavailable = "电子证照库无响应（超时 3 秒），请收取纸质材料"
    with pytest.raises(LicenceServiceUnavailable, match="超时 3 秒"):
        memory.lookup(CHEN, {"resident_id_card"})
    assert memory.lookups == 3
