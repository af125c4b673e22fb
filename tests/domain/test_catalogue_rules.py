from dataclasses import replace

from hallapp.domain.catalogue import (
    ApplicantType,
    Department,
    Guide,
    MaterialRequirement,
    MatterType,
    OriginalHandling,
    guide_problems,
)


def make_guide(**changes: object) -> Guide:
    guide = Guide(
        code="X-1",
        name="创业培训补贴申领",
        department=Department("rsj", "深圳市坪山区人力资源局", "区人力资源局"),
        matter_type=MatterType.BENEFIT,
        applicant_types=(ApplicantType.PERSON,),
        legal_basis="《就业促进法》",
        conditions="1. 条件",
        procedure="1. 申请",
        statutory_limit_days=20,
        promised_limit_days=10,
        on_the_spot=False,
        fees="不收费",
        place="大厅",
        windows="A01",
        hours="周一至周五",
        phones=("0755-84900000",),
        visits=1,
        online_url="",
        deferrable=True,
        max_deferred=1,
        instant_approval=False,
        delegated=False,
        materials=(
            MaterialRequirement("居民身份证", originals=1, copies=1, licence_type_code="resident_id_card"),
            MaterialRequirement("银行账户信息", copies=1, deferrable=True),
        ),
    )
    return replace(guide, **changes)


def test_a_complete_guide_has_no_problems() -> None:
    assert guide_problems(make_guide()) == []


def test_deferrable_material_needs_a_deferrable_matter() -> None:
    problems = guide_problems(make_guide(deferrable=False))
    assert any("银行账户信息" in p and "不是容缺受理事项" in p for p in problems)


def test_promised_limit_may_not_exceed_statutory() -> None:
    problems = guide_problems(make_guide(promised_limit_days=30))
    assert any("超过法定时限" in p for p in problems)


def test_material_without_any_form_is_refused() -> None:
    guide = make_guide(materials=(MaterialRequirement("申请表"),))
    assert any("既无原件也无复印件" in p for p in guide_problems(guide))


def test_duplicate_material_names_and_missing_applicant_type() -> None:
    twice = (MaterialRequirement("申请表", copies=1), MaterialRequirement("申请表", copies=1))
    problems = guide_problems(make_guide(materials=twice, applicant_types=()))
    assert any("重复" in p for p in problems)
    assert any("服务对象" in p for p in problems)


def test_labels() -> None:
    material = MaterialRequirement("身份证", originals=1, original_handling=OriginalHandling.KEEP, copies=2)
    assert material.form_label == "原件1份(收) 复印件2份"
    assert make_guide().time_limit_label == "承诺件: 10 个工作日"
    assert make_guide(on_the_spot=True, promised_limit_days=0).time_limit_label == "即办件(当场办结)"
    assert make_guide(instant_approval=True, delegated=True).flag_labels == ("容缺受理", "秒批", "就近办")
