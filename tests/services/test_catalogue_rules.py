"""The catalogue editor's quality rules: each one refuses or warns in words, and a good guide passes."""

from dataclasses import replace
from functools import cache

import pytest

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.domain.catalogue import Guide, MaterialOwner, Situation
from hallapp.services.catalogue_files import read_catalogue
from hallapp.services.catalogue_rules import check_guide, is_main_material


@cache
def shipped() -> tuple[dict[str, Guide], frozenset[str]]:
    source = read_catalogue(SHIPPED_CATALOGUE_DIR)
    return {g.name: g for g in source.guides}, frozenset(t.code for t in source.licence_types)


def guide(name: str = "创业培训补贴申领") -> Guide:
    return shipped()[0][name]


def check(g: Guide):
    return check_guide(g, licence_codes=shipped()[1])


def refusals(g: Guide) -> list[str]:
    return [f.text for f in check(g).refusals]


def warnings(g: Guide) -> list[str]:
    return [f.text for f in check(g).warnings]


def test_every_shipped_guide_passes_the_refusals():
    for g in shipped()[0].values():
        assert refusals(g) == [], g.name


def test_the_example_guide_is_clean():
    report = check(guide())
    assert report.clean and report.ok


def test_an_on_the_spot_matter_has_a_promised_limit_of_zero():
    g = replace(guide(), on_the_spot=True, promised_limit_days=3)
    (text,) = [t for t in refusals(g) if "即办件" in t]
    assert "承诺办结时限应为 0" in text and "3 个工作日" in text
    assert check(g).refusals[0].field == "promised_limit_days"
    assert not [t for t in refusals(replace(g, promised_limit_days=0)) if "即办件" in t]


def test_a_promised_matter_has_a_promised_limit_above_zero():
    g = replace(guide(), on_the_spot=False, promised_limit_days=0)
    assert any("承诺件的承诺办结时限应大于 0" in t for t in refusals(g))
    assert not refusals(replace(g, promised_limit_days=5))


def test_the_promised_limit_never_exceeds_the_statutory_one():
    g = replace(guide(), statutory_limit_days=10, promised_limit_days=15)
    assert "承诺时限 15 超过法定时限 10" in refusals(g)
    assert not refusals(replace(g, promised_limit_days=10))


def test_a_main_material_is_never_deferrable():
    g = guide()
    index = next(i for i, m in enumerate(g.materials) if m.name == "居民身份证")
    materials = list(g.materials)
    materials[index] = replace(materials[index], deferrable=True)
    found = check(replace(g, materials=tuple(materials))).refusals
    (refusal,) = [f for f in found if "主要材料" in f.text]
    assert refusal.text.startswith("材料「居民身份证」是主要材料") and refusal.field == f"materials:{index}"


def test_an_application_form_is_a_main_material_but_an_agents_id_is_not():
    g = guide()
    form = next(m for m in g.materials if m.name == "创业培训补贴申请表")
    assert is_main_material(form)
    agent_id = replace(g.materials[0], owner=(MaterialOwner.AGENT,))
    assert not is_main_material(agent_id)


def test_a_deferrable_matter_has_at_least_one_deferrable_material():
    g = guide()
    plain = tuple(replace(m, deferrable=False) for m in g.materials)
    assert any("至少要有一项材料标为容缺" in t for t in refusals(replace(g, materials=plain)))
    assert not refusals(replace(g, materials=plain, deferrable=False, max_deferred=0))


def test_a_deferral_cap_above_the_deferrable_materials_is_a_warning():
    g = replace(guide(), max_deferred=5)
    assert any("容缺材料上限为 5 项，但只有 1 项材料可容缺" in t for t in warnings(g))
    assert not refusals(g)


@pytest.mark.parametrize(
    ("phones", "words"),
    [
        (("0755-8490 8631", "0755-84908631"), "与监督投诉电话相同"),
        (("8490 8631", "12345"), "缺少区号"),
    ],
)
def test_the_consultation_phone_is_not_the_complaint_phone_and_has_its_area_code(phones, words):
    g = replace(guide(), phones=phones)
    (text,) = [t for t in refusals(g) if words in t]
    assert text.startswith(f"咨询电话 {phones[0]}")
    assert check(g).refusals[0].field == "phones"


@pytest.mark.parametrize("phone", ["0755-8490 8631", "075584908631", "13812345678", "12333"])
def test_good_consultation_phones_pass(phone):
    assert check(replace(guide(), phones=(phone, "12345"))).clean


def test_no_consultation_phone_is_a_warning():
    assert "未填写咨询电话：申请人将无法电话咨询。" in warnings(replace(guide(), phones=()))
    assert "却没有咨询电话" in refusals(replace(guide(), phones=("", "12345")))[0]


def test_at_least_one_material():
    plain = replace(guide(), materials=(), deferrable=False, max_deferred=0)
    assert refusals(plain) == ["至少要有一项申请材料。"]


def test_a_licence_link_names_a_known_licence_type():
    g = guide()
    materials = (replace(g.materials[0], licence_type_code="moon_passport"), *g.materials[1:])
    (text,) = refusals(replace(g, materials=materials))
    assert "「moon_passport」不在证照目录中" in text


def test_the_load_time_rules_are_refusals_without_the_code_prefix():
    g = guide()
    twice = (*g.materials, g.materials[0])
    assert "材料名称重复" in refusals(replace(g, materials=twice))
    assert "编码和名称不能为空" in refusals(replace(g, name=" "))


def test_a_situation_no_material_depends_on_is_a_warning():
    g = replace(guide(), situations=(*guide().situations, Situation("unused", "是否为退役军人？")))
    assert any("情形「是否为退役军人？」没有影响任何材料" in t for t in warnings(g))
    assert any("编码和问题都要填写" in t for t in refusals(replace(g, situations=(Situation("", "?"),))))


def test_instant_approval_of_a_promised_matter_is_a_warning():
    assert any("秒批" in t for t in warnings(replace(guide(), instant_approval=True)))
