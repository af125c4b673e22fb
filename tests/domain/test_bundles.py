"""Life-event bundles: shared materials asked once, each matter decided on its own."""

from dataclasses import replace

import pytest

from hallapp.domain.bundles import Bundle, BundleChecklist, material_key
from hallapp.domain.catalogue import MaterialRequirement, Situation
from hallapp.domain.intake import RuleViolation, VerdictKind
from tests.domain.test_catalogue_rules import make_guide

ID = MaterialRequirement("居民身份证", originals=1, copies=1, licence_type_code="resident_id_card")
ID_OTHER_NAME = MaterialRequirement(
    "申请人身份证", originals=1, copies=2, licence_type_code="resident_id_card"
)
BIRTH = MaterialRequirement(
    "出生医学证明", originals=1, copies=1, licence_type_code="birth_medical_certificate"
)
PHOTO = MaterialRequirement("照片", copies=1, deferrable=True)
FORM_A = MaterialRequirement("参保登记表", originals=1)
LETTER = MaterialRequirement("授权委托书", originals=1, when="agent")
AGENT_ID = MaterialRequirement(
    "代理人身份证", originals=1, licence_type_code="resident_id_card", when="agent"
)

BIRTH_REG = make_guide(code="M-1", name="出生登记", materials=(ID, BIRTH), deferrable=False)
INSURANCE = make_guide(
    code="M-2",
    name="少儿医保参保登记",
    materials=(ID_OTHER_NAME, BIRTH, FORM_A, PHOTO),
    deferrable=True,
    max_deferred=1,
)
CARD = make_guide(
    code="M-3",
    name="社会保障卡申领",
    materials=(ID, PHOTO, LETTER, AGENT_ID),
    deferrable=False,
    situations=(Situation("agent", "是否由代理人办理？"),),
)
NEWBORN = Bundle("newborn", "新生儿出生一件事", "", ("M-1", "M-2", "M-3"))


def start(**answers):
    return BundleChecklist.start(NEWBORN, (BIRTH_REG, INSURANCE, CARD), answers)


def test_shared_materials_are_asked_once():
    lines = start().shared
    assert [s.requirement.name for s in lines] == ["居民身份证", "出生医学证明", "参保登记表", "照片"]
    id_line = lines[0]
    assert id_line.used_by == (0, 1, 2) and id_line.requirement.copies == 2  # the most demanding form
    assert lines[1].used_by == (0, 1)


def test_agent_materials_are_never_merged_with_the_applicants():
    assert material_key(AGENT_ID) != material_key(ID)
    lines = start(agent=True).shared
    assert [s.requirement.name for s in lines][-2:] == ["授权委托书", "代理人身份证"]


def test_each_matter_is_decided_on_its_own():
    c = start()
    for i in range(len(c.checks)):
        c = c.receive_all(i)
    assert [v.kind for v in c.verdicts()] == [VerdictKind.ACCEPTABLE] * 3
    c = c.clear(2)  # 参保登记表 only concerns the insurance
    kinds = [v.kind for v in c.verdicts()]
    assert kinds == [VerdictKind.ACCEPTABLE, VerdictKind.NOT_ACCEPTABLE, VerdictKind.ACCEPTABLE]


def test_a_shared_line_is_deferred_only_where_every_matter_allows_it():
    c = start()
    for i in range(len(c.checks)):
        c = c.receive_all(i)
    with pytest.raises(RuleViolation, match="不能全部容缺"):
        c.defer(3)  # 照片: deferrable for the insurance, not for the card
    only_insurance = BundleChecklist.start(
        replace(NEWBORN, matter_codes=("M-1", "M-2")), (BIRTH_REG, INSURANCE)
    )
    for i in range(len(only_insurance.checks)):
        only_insurance = only_insurance.receive_all(i)
    deferred = only_insurance.defer(3)
    assert [v.kind for v in deferred.verdicts()] == [
        VerdictKind.ACCEPTABLE,
        VerdictKind.ACCEPTABLE_WITH_MISSING,
    ]


def test_answering_a_situation_keeps_what_was_recorded():
    c = start().receive_all(0)
    assert c.answer("agent", True).checks[0].complete
    with pytest.raises(RuleViolation):
        c.answer("no_such_question", True)


def test_review_notes_of_a_shared_paper_join_into_one_sentence():
    from hallapp.domain.bundles import _joined

    assert (
        _joined(["原件核验后退回。", "核对户主页。", "原件核验后退回。", ""])
        == "原件核验后退回；核对户主页。"
    )
    assert _joined(["", "  "]) == ""
