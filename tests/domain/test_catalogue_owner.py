"""Whose document each material is: only the applicant's own paper is replaced by the applicant's licence."""

from dataclasses import replace

from hallapp.domain.bundles import material_key
from hallapp.domain.catalogue import AGENT_SITUATION, MaterialOwner, MaterialRequirement, guide_problems
from tests.domain.test_catalogue_rules import make_guide

ID_CARD = MaterialRequirement("居民身份证", originals=1, copies=1, licence_type_code="resident_id_card")
BOTH = replace(ID_CARD, name="男女双方居民身份证", owner=(MaterialOwner.APPLICANT, MaterialOwner.SPOUSE))


def test_the_applicant_owns_a_material_unless_the_catalogue_says_otherwise():
    assert ID_CARD.owner == (MaterialOwner.APPLICANT,)
    assert ID_CARD.licence_party is MaterialOwner.APPLICANT and ID_CARD.owner_label == ""


def test_two_peoples_paper_is_never_replaced_by_one_licence():
    assert BOTH.licence_party is None
    assert BOTH.owner_label == "申请人、配偶"
    spouse = replace(ID_CARD, owner=(MaterialOwner.SPOUSE,))
    assert spouse.licence_party is None and spouse.owner_label == "配偶"


def test_the_agents_material_is_the_agents():
    asked_for_agent = replace(ID_CARD, name="代理人身份证", when=AGENT_SITUATION)
    declared = replace(ID_CARD, name="代理人身份证", owner=(MaterialOwner.AGENT,))
    for material in (asked_for_agent, declared):
        assert material.concerns_agent and material.licence_party is MaterialOwner.AGENT


def test_a_bundle_does_not_merge_one_persons_id_card_with_both_spouses():
    assert material_key(ID_CARD) != material_key(BOTH)
    assert material_key(ID_CARD) == material_key(replace(ID_CARD, name="申请人居民身份证"))


def test_a_catalogue_with_a_strange_owner_list_is_refused():
    assert guide_problems(make_guide()) == []
    repeated = replace(BOTH, owner=(MaterialOwner.SPOUSE, MaterialOwner.SPOUSE))
    none = replace(BOTH, owner=())
    licence_only = replace(BOTH, originals=0, copies=0)
    for material in (repeated, none):
        problems = guide_problems(make_guide(materials=(material,)))
        assert any("所属人" in p for p in problems)
    problems = guide_problems(make_guide(materials=(licence_only,)))
    assert any("不能以申请人的电子证照代替" in p for p in problems)
