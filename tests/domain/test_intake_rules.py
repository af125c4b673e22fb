"""The verdict rules of intake: table-driven cases and properties that must always hold."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallapp.domain.catalogue import MaterialRequirement, OriginalHandling
from hallapp.domain.intake import Checklist, Outcome, RuleViolation, VerdictKind, deferral_days
from hallapp.domain.licences import Licence
from tests.domain.test_catalogue_rules import make_guide

ID_CARD = MaterialRequirement("居民身份证", originals=1, copies=1, licence_type_code="resident_id_card")
LICENCE = Licence("resident_id_card", "L-1", "440308199001011239", "张三", "深圳市公安局")
FORM = MaterialRequirement("申请表", originals=1, original_handling=OriginalHandling.KEEP)
BANK = MaterialRequirement("银行账户信息", copies=1, deferrable=True)
PHOTO = MaterialRequirement("照片", copies=2, deferrable=True)
PROOF = MaterialRequirement("补充证明", copies=1, required=False)
GUIDE = make_guide(materials=(ID_CARD, FORM, BANK, PHOTO, PROOF), max_deferred=1)


def checklist(*steps):
    result = Checklist.start(GUIDE)
    for step in steps:
        result = step(result)
    return result


def all_in(c):
    for i in range(4):
        c = c.receive_all(i)
    return c


@pytest.mark.parametrize(
    ("steps", "kind", "missing", "deferred"),
    [
        ([all_in], VerdictKind.ACCEPTABLE, [], []),
        ([all_in, lambda c: c.clear(4)], VerdictKind.ACCEPTABLE, [], []),  # optional may be absent
        ([all_in, lambda c: c.clear(2).defer(2)], VerdictKind.ACCEPTABLE_WITH_MISSING, [], ["银行账户信息"]),
        ([all_in, lambda c: c.clear(2)], VerdictKind.NOT_ACCEPTABLE, ["银行账户信息"], []),
        (
            [lambda c: c.receive_all(1)],
            VerdictKind.NOT_ACCEPTABLE,
            ["居民身份证", "银行账户信息", "照片"],
            [],
        ),
        ([all_in, lambda c: c.set_copies(3, 1)], VerdictKind.NOT_ACCEPTABLE, ["照片"], []),  # too few copies
        ([all_in, lambda c: c.set_original(0, False)], VerdictKind.NOT_ACCEPTABLE, ["居民身份证"], []),
        # two deferred where the matter caps at one: refused, both listed on the notice
        (
            [all_in, lambda c: c.clear(2).defer(2).clear(3).defer(3)],
            VerdictKind.NOT_ACCEPTABLE,
            [],
            ["银行账户信息", "照片"],
        ),
        ([all_in, lambda c: c.clear(0).set_licence(0, LICENCE)], VerdictKind.ACCEPTABLE, [], []),
    ],
)
def test_verdict_table(steps, kind, missing, deferred):
    verdict = checklist(*steps).verdict()
    assert verdict.kind is kind
    assert [c.requirement.name for c in verdict.missing] == missing
    assert [c.requirement.name for c in verdict.deferred] == deferred


def test_cap_is_named_in_the_problems():
    verdict = checklist(all_in, lambda c: c.clear(2).defer(2).clear(3).defer(3)).verdict()
    assert verdict.problems == ("本事项最多容缺 1 项，现有 2 项",)


def test_main_material_can_never_be_deferred():
    with pytest.raises(RuleViolation, match="居民身份证.*主要材料"):
        checklist().defer(0)


def test_nothing_is_deferred_in_a_matter_that_is_not_deferrable():
    plain = Checklist.start(replace(GUIDE, deferrable=False))
    with pytest.raises(RuleViolation, match="不是容缺受理事项"):
        plain.defer(2)


def test_an_applicant_refused_deferral_cannot_defer():
    refused = Checklist.start(GUIDE, deferral_refused="申请人有失信记录，不适用容缺受理")
    with pytest.raises(RuleViolation, match="失信"):
        refused.defer(2)


def test_receipt_words_and_shortfall():
    c = checklist(all_in)
    assert c.checks[0].outcome_label == "原件已验，复印件已收1份"
    assert c.checks[1].outcome_label == "原件已收"
    short = c.set_copies(3, 1).checks[3]
    assert short.shortfall == "缺复印件2份(已收1份)"
    assert checklist().checks[0].shortfall == "缺原件1份、复印件1份"
    assert c.clear(2).defer(2).checks[2].outcome is Outcome.DEFERRED


def test_deferral_days_never_beyond_the_promised_limit():
    assert deferral_days(replace(GUIDE, promised_limit_days=3), 5) == 3
    assert deferral_days(replace(GUIDE, promised_limit_days=15), 5) == 5
    assert deferral_days(replace(GUIDE, promised_limit_days=0, on_the_spot=True), 5) == 5


action = st.tuples(
    st.sampled_from(["receive", "original", "copies", "defer", "undefer", "clear", "licence"]),
    st.integers(0, 4),
    st.integers(0, 3),
)


def apply(c, name, index, number):
    if name == "receive":
        return c.receive_all(index)
    if name == "original":
        return c.set_original(index, bool(number % 2))
    if name == "copies":
        return c.set_copies(index, number)
    if name == "defer":
        return c.defer(index)
    if name == "undefer":
        return c.defer(index, False)
    if name == "clear":
        return c.clear(index)
    return c.set_licence(index, LICENCE if number % 2 else None)


@given(st.lists(action, max_size=25))
def test_properties_hold_whatever_the_clerk_does(actions):
    c = Checklist.start(GUIDE)
    for name, index, number in actions:
        try:
            c = apply(c, name, index, number)
        except RuleViolation:
            pass
    verdict = c.verdict()
    # a main (non-deferrable) material is never deferred
    assert not any(check.deferred and not check.requirement.deferrable for check in c.checks)
    # never acceptable while a required material is neither in nor deferred
    if any(ch.requirement.required and not ch.complete and not ch.deferred for ch in c.checks):
        assert verdict.kind is VerdictKind.NOT_ACCEPTABLE
    if verdict.kind is VerdictKind.ACCEPTABLE:
        assert all(ch.complete for ch in c.checks if ch.requirement.required)
    if verdict.kind is VerdictKind.ACCEPTABLE_WITH_MISSING:
        assert 1 <= len(verdict.deferred) <= GUIDE.max_deferred
        assert all(ch.requirement.deferrable for ch in verdict.deferred)
