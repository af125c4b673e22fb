"""Nothing is stored that cannot be printed: a character no shipped font has is named before storing.

吉𠮷 (Ext-B) prints (fallback font) and is stored; a character of Ext-G that no shipped font has, or one of
Ext-I (Unicode 15.1), passes the text checks but would leave the applicant without a receipt: the intake
is refused with the character and its code point, and nothing is stored, no number used up.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from hallapp.services.bundle_intake import submit_bundle
from hallapp.services.intake import IntakeError
from hallapp.services.intake_inputs import BundleRequest, printed_fields, unprintable_problems
from tests.services.intake_helpers import PERSON
from tests.services.test_intake_text_fields import AGENT, AT, FIELDS, SETTINGS, clean_request, stored, submit

EXT_G_UNCOVERED = "\U00030041"
EXT_I = "\U0002ebf0"


def _message(label: str, char: str) -> str:
    return (
        f"{label}：「{char}」(U+{ord(char):04X}) 无法打印：本机字体中没有这个字。"
        "请用同音字并在备注中说明，或联系管理员。"
    )


@pytest.mark.parametrize("char", [EXT_G_UNCOVERED, EXT_I], ids=["Ext-G", "Ext-I"])
def test_a_name_no_font_can_print_is_refused_before_anything_is_stored(ready_context, char):
    base = clean_request(ready_context, FIELDS[0])
    before = stored(ready_context)
    with pytest.raises(IntakeError) as refused:
        submit(ready_context, replace(base, applicant=replace(PERSON, name=f"王{char}")))
    assert refused.value.problems == [_message("申请人姓名", char)]
    assert stored(ready_context) == before
    assert submit(ready_context, base).number == "PS2026000001"  # no number was used by the refusal


def test_an_agents_name_is_checked_too(ready_context):
    agent_field = next(f for f in FIELDS if f.label == "代理人姓名")
    base = clean_request(ready_context, agent_field)
    with pytest.raises(IntakeError) as refused:
        submit(ready_context, replace(base, agent=replace(AGENT, name=f"李{EXT_G_UNCOVERED}")))
    assert refused.value.problems == [_message("代理人姓名", EXT_G_UNCOVERED)]


def test_a_name_with_an_ext_b_character_is_stored_because_it_prints(ready_context):
    base = clean_request(ready_context, FIELDS[0])
    assert submit(ready_context, replace(base, applicant=replace(PERSON, name="吉\U00020bb7"))).number


def test_the_note_is_not_printed_so_it_may_quote_the_character(ready_context):
    base = clean_request(ready_context, FIELDS[0])
    note = f"申请人姓名第二字为「{EXT_G_UNCOVERED}」，暂以同音字录入"
    assert submit(ready_context, replace(base, note=note)).number


def test_each_field_and_character_is_named_once():
    organisation = replace(
        PERSON, kind="organisation", name=f"某{EXT_I}{EXT_I}公司", contact_name=f"赵{EXT_G_UNCOVERED}"
    )
    assert unprintable_problems(printed_fields(organisation, None)) == [
        _message("单位名称", EXT_I),
        _message("联系人", EXT_G_UNCOVERED),
    ]


def test_a_bundle_is_refused_the_same_way(ready_context):
    request = BundleRequest("newborn", replace(PERSON, name=f"王{EXT_I}"), ())
    before = stored(ready_context)
    with pytest.raises(IntakeError) as refused:
        submit_bundle(
            ready_context.uow(write=True), request, settings=SETTINGS, calendar=ready_context.calendar, now=AT
        )
    assert refused.value.problems == [_message("申请人姓名", EXT_I)]
    assert stored(ready_context) == before
