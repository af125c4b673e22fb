"""Documents made from stored cases say the right thing to the right applicant: an organisation is 你单位,
a refusal carries its notice number and the hall's contact, a 秒批 is a result, an optional material not
brought owes nothing, a bundle is named in Chinese."""

from datetime import datetime

from hallapp.printing.model import DocumentKind
from hallapp.services.bundle_intake import submit_bundle
from hallapp.services.documents import produce_bundle_documents, produce_documents
from hallapp.services.intake import Decision, MaterialInput, submit_intake
from hallapp.services.intake_inputs import ApplicantInput, BundleRequest
from hallapp.services.settings import CounterSettings
from tests.printing.pdfcheck import placed_texts, squeeze, text
from tests.services.intake_helpers import PERSON, all_received, credit_code, guide_for, request
from tests.services.test_bundle_intake import everything, shared_lines

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS", hall_address="坪山大道2007号")
AT = datetime(2026, 9, 30, 10, 15)
COMPANY = ApplicantInput(
    "organisation",
    "深圳市坪山区启明培训有限公司",
    credit_code(),
    "13812345678",
    legal_representative="王五",
    contact_name="赵小梅",
)


def submit(context, req):
    return submit_intake(context.uow(write=True), req, settings=SETTINGS, calendar=context.calendar, now=AT)


def produce(context, number):
    return produce_documents(
        context.uow(write=True), number, data_dir=context.paths.data_dir, settings=SETTINGS
    )


def test_a_refusal_to_an_organisation_is_numbered_addressed_to_it_and_says_whom_to_ask(ready_context):
    guide = guide_for(ready_context, "民办培训机构办学许可")
    nothing = tuple(MaterialInput() for _ in guide.materials_for({}))
    result = submit(ready_context, request(guide, Decision.REFUSE, nothing, applicant=COMPANY))
    (doc,) = produce(ready_context, result.number)
    pdf = doc.path.read_bytes()
    content = text(pdf)
    assert "G" in result.number and f"告知书编号：{result.number}" in content
    assert content.count(result.number) >= 3  # header, table, the sentence to bring it back
    assert "你单位于" in content and "申请单位" in content and "（单位）" not in content
    assert "咨询与联系" in content and squeeze(f"受理单位：{SETTINGS.hall_name}（08号窗口）") in content
    assert squeeze(f"办理地点：{guide.place}") in content
    assert squeeze(f"咨询电话：{'；'.join(guide.phones)}") in content
    (_n, _w, _h, items), *_ = placed_texts(pdf)
    assert any(i.text == guide.code for i in items)  # the matter code in one piece
    assert "大厅电话" not in content  # the hall gave no phone of its own


def test_a_refusal_gives_the_halls_own_phone_when_the_hall_has_one(ready_context):
    from dataclasses import replace

    guide = guide_for(ready_context, "民办培训机构办学许可")
    nothing = tuple(MaterialInput() for _ in guide.materials_for({}))
    result = submit(ready_context, request(guide, Decision.REFUSE, nothing, applicant=COMPANY))
    with_phone = replace(SETTINGS, hall_phone="0755-84501234")
    (doc,) = produce_documents(
        ready_context.uow(write=True),
        result.number,
        data_dir=ready_context.paths.data_dir,
        settings=with_phone,
    )
    assert squeeze("大厅电话：0755-84501234") in text(doc.path.read_bytes())


def test_an_instant_approval_is_a_result_and_an_optional_material_owes_nothing(ready_context):
    guide = guide_for(ready_context, "就业登记")
    materials = list(all_received(guide))
    optional = [i for i, m in enumerate(guide.materials_for({})) if not m.required]
    assert optional  # 就业登记 has optional materials (营业执照 for the self-employed …)
    for i in optional:
        materials[i] = MaterialInput()
    result = submit(ready_context, request(guide, Decision.ACCEPT, tuple(materials)))
    assert result.completed
    (doc,) = produce(ready_context, result.number)
    assert doc.kind is DocumentKind.RECEIPT
    content = text(doc.path.read_bytes())
    assert "秒批结果告知书" in content and "受理回执" not in content
    assert "无需再到窗口领取" in content and "领取办理结果时" not in content
    for i in optional:
        name = guide.materials_for({})[i].name
        assert squeeze(name) + "非必需，未提交" in content
    assert "缺原件" not in content and "未提交缺" not in content
    assert "你（单位）" not in content


def test_a_bundle_is_named_in_chinese_on_its_receipt_and_on_its_members_notices(ready_context):
    _bundle, _guides, checklist = shared_lines(ready_context, "veteran")
    own = next(
        i for i, line in enumerate(checklist.shared) if len(line.used_by) == 1 and line.requirement.required
    )
    materials = list(everything(checklist))
    materials[own] = MaterialInput()
    result = submit_bundle(
        ready_context.uow(write=True),
        BundleRequest("veteran", PERSON, tuple(materials)),
        settings=SETTINGS,
        calendar=ready_context.calendar,
        now=AT,
    )
    receipt, notice = produce_bundle_documents(
        ready_context.uow(write=True),
        result.reference,
        data_dir=ready_context.paths.data_dir,
        settings=SETTINGS,
    )
    for doc in (receipt, notice):
        content = text(doc.path.read_bytes())
        assert "退役军人服务一件事" in content and "veteran" not in content
    assert "事项编码" not in text(receipt.path.read_bytes())
    assert "所属一件事退役军人服务一件事" in text(notice.path.read_bytes())


def test_an_instant_approval_is_named_as_such_in_todays_cases(ready_context):
    from datetime import date

    from hallapp.services.cases import INSTANT_LABEL, todays_cases

    guide = guide_for(ready_context, "就业登记")
    instant = submit(ready_context, request(guide, Decision.ACCEPT, all_received(guide)))
    assert instant.completed
    rows = {r.number: r for r in todays_cases(ready_context.uow(), window=None, day=date(2026, 9, 30))}
    assert rows[instant.number].decision_label == INSTANT_LABEL


def test_an_organisations_receipt_names_its_legal_representative_and_contact(ready_context):
    guide = guide_for(ready_context, "民办培训机构办学许可")
    result = submit(ready_context, request(guide, Decision.ACCEPT, all_received(guide), applicant=COMPANY))
    (doc,) = produce(ready_context, result.number)
    content = text(doc.path.read_bytes())
    assert "法定代表人" in content and "王五" in content and "联系人" in content and "赵小梅" in content
