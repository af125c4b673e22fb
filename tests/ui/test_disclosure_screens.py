"""The disclosure board, the registration form and the reply form as a person sees them on a 1366×768
counter screen: drawn with the project's own font, nothing cut off, every column on screen. Set
HALLAPP_SCREENSHOTS to a folder (docs/) to keep the pictures (disclosure-board.png, -register.png,
-reply.png)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from hallapp.domain.disclosure import (
    Delivery,
    DisclosureState,
    InfoForm,
    PauseKind,
    ReceiptChannel,
    Reply,
    RequesterKind,
)
from hallapp.domain.disclosure_fees import FeeMode
from hallapp.services.disclosure_inputs import DisclosureForm
from hallapp.services.session import CounterSession
from hallapp.ui.disclosure_board import DisclosureBoard
from hallapp.ui.disclosure_register import RegisterDialog
from hallapp.ui.disclosure_reply import ReplyDialog
from hallapp.ui.ops import Operations
from tests.people import SUPERVISOR, cheap_hashing, create_accounts
from tests.services.intake_helpers import credit_code, resident_id
from tests.ui.conftest import COUNTER_CLERK, commit_text
from tests.ui.test_board_screens import BOARD_AREA, SCREEN, app_font, assert_nothing_cut_off, shots

__all__ = ["app_font", "shots"]  # fixtures shared with the 容缺 board's screenshots

SHOWN = date(2026, 11, 10)


def person(name: str, body: str, description: str, day: date, channel=ReceiptChannel.IN_PERSON, **more):
    return DisclosureForm(
        channel=channel,
        arrived_on=day,
        requester_kind=RequesterKind.PERSON,
        name=name,
        id_number=resident_id(body),
        phone="13800000001",
        description=description,
        **more,
    )


def company(name: str, description: str, day: date) -> DisclosureForm:
    return DisclosureForm(
        channel=ReceiptChannel.IN_PERSON,
        arrived_on=day,
        requester_kind=RequesterKind.COMMERCIAL,
        name=name,
        id_number=credit_code(),
        contact_person="李经理",
        phone="0755-84900000",
        description=description,
        forms=(InfoForm.ELECTRONIC,),
        delivery=Delivery.EMAIL,
        email="li@example.com",
    )


def register(session: CounterSession, form: DisclosureForm, day: date | None = None) -> str:
    return session.register_disclosure(form, today=day or form.arrived_on).value.row.number


def a_month_of_requests(clerk: CounterSession, supervisor: CounterSession) -> None:
    """Requests in every state on 2026-11-10: overdue, due tomorrow, running, waiting for a correction,
    for a third party, for a fee, a reply waiting for approval, one replied."""
    d = date
    register(
        clerk, person("欧阳娜娜", "44030819920105024", "2025年坪山区主干道路建设规划批复", d(2026, 10, 9))
    )
    register(clerk, person("王建国", "44030819800312011", "某小区建设工程规划许可证及附图", d(2026, 10, 14)))
    letter = person(
        "买买提·艾力",
        "44030819881130035",
        "2026年度坪山区义务教育学位补贴发放名单",
        d(2026, 10, 20),
        ReceiptChannel.POST_REGISTERED,
    )
    register(clerk, letter, d(2026, 10, 22))
    mail = register(
        clerk, person("陈晓明", "44030819900101047", "那份文件", d(2026, 11, 2), ReceiptChannel.EMAIL)
    )
    clerk.ask_disclosure_correction(
        mail, ["请写明所需文件的名称或文号"], on=d(2026, 11, 3), today=d(2026, 11, 3)
    )
    firm = register(clerk, company("深圳市某某置业有限公司", "坪山区某地块土地出让合同", d(2026, 10, 27)))
    clerk.start_disclosure_consultation(
        firm, PauseKind.THIRD_PARTY, "深圳市某某建设集团有限公司", on=d(2026, 10, 28), today=d(2026, 10, 28)
    )
    pages = register(
        clerk, person("刘德华", "44030819751003051", "2020年至2025年区政府常务会议纪要", d(2026, 10, 30))
    )
    clerk.notify_disclosure_fee(pages, FeeMode.BY_PAGES, 120, on=d(2026, 11, 2), today=d(2026, 11, 2))
    pending = register(clerk, person("周杰", "44030819790618063", "坪山河流域水质监测报告", d(2026, 10, 16)))
    clerk.draft_disclosure_reply(
        pending, Reply.ALREADY_PUBLIC, "已在区政府门户网站“环境信息”栏目公开", today=SHOWN
    )
    done = register(clerk, person("吴敏", "44030819930227072", "某路段交通信号灯设置依据", d(2026, 10, 12)))
    clerk.draft_disclosure_reply(
        done,
        Reply.UNAVAILABLE_NOT_HELD,
        "本机关未制作该信息",
        right_office="深圳市公安局交通警察局坪山大队",
        today=d(2026, 10, 20),
    )
    supervisor.approve_disclosure_reply(done, today=d(2026, 10, 21))


@pytest.fixture
def sessions(ready_context, monkeypatch):
    cheap_hashing(monkeypatch)
    create_accounts(ready_context, COUNTER_CLERK, SUPERVISOR)
    return CounterSession.open(ready_context, COUNTER_CLERK), CounterSession.open(ready_context, SUPERVISOR)


def test_the_board_and_its_forms_at_1366_by_768(qtbot, sessions, app_font, shots, tmp_path):
    clerk, supervisor = sessions
    a_month_of_requests(clerk, supervisor)
    ops = Operations()
    ops.session = clerk
    view = DisclosureBoard()
    qtbot.addWidget(view)
    view.resize(*BOARD_AREA)
    view.show()
    view.today = SHOWN
    with qtbot.waitSignal(view.rows_loaded, timeout=15_000):
        view.attach(ops)
    rows = view.shown_rows()
    states = {r.state for r in rows}
    assert states >= {
        DisclosureState.REGISTERED,
        DisclosureState.AWAITING_CORRECTION,
        DisclosureState.CONSULTING,
        DisclosureState.AWAITING_FEE,
        DisclosureState.REPLY_PENDING,
        DisclosureState.REPLIED,
    }
    assert rows[0].overdue and any(r.days_left == 1 for r in rows)
    assert view.minimumSizeHint().width() <= BOARD_AREA[0]
    view.select(rows[1].number)
    view.show_message(f"已登记 {rows[1].number}（王建国），答复期限 2026-11-11", "ok")
    qtbot.wait(50)
    assert_nothing_cut_off(view)
    header = view.table.horizontalHeader()
    columns = sum(header.sectionSize(c) for c in range(view.model.columnCount()))
    assert columns <= view.table.viewport().width()  # every column on screen, no sideways scrolling
    assert "逾期 1 件" in view.summary_label.text()
    assert view.grab().save(str(shots / "disclosure-board.png"))

    register_form = RegisterDialog(view, today=SHOWN)
    qtbot.addWidget(register_form)
    register_form.show()
    qtbot.waitExposed(register_form)
    register_form.channel_box.setCurrentIndex(
        register_form.channel_box.findData(ReceiptChannel.POST_ORDINARY.value)
    )
    register_form.organisation_radio.setChecked(True)
    commit_text(register_form.name_edit, "深圳市坪山区某某社会工作服务中心")
    register_form.organisation_box.setCurrentIndex(
        register_form.organisation_box.findData(RequesterKind.PUBLIC_WELFARE.value)
    )
    commit_text(register_form.contact_edit, "欧阳娜娜")
    commit_text(register_form.address_edit, "深圳市坪山区坪山街道东门路 12 号")
    commit_text(register_form.description_edit, "2026年坪山区社区养老服务设施建设补助资金的分配结果")
    register_form.hold_until_answered()
    qtbot.keyClick(register_form.name_edit, Qt.Key.Key_Return)  # no credit code, no phone: said inline
    assert register_form.problems()
    register_form.adjustSize()
    qtbot.wait(50)
    assert register_form.width() <= SCREEN[0] and register_form.height() <= SCREEN[1]
    assert_nothing_cut_off(register_form)
    assert register_form.grab().save(str(shots / "disclosure-register.png"))
    register_form.close()

    reply_form = ReplyDialog(rows[1], view)
    qtbot.addWidget(reply_form)
    reply_form.show()
    qtbot.waitExposed(reply_form)
    reply_form.choose(Reply.UNAVAILABLE_NOT_HELD)
    assert reply_form.office_edit.isVisible() and reply_form.text_label.text().startswith("理由")
    commit_text(reply_form.text_edit, "经检索，本机关未制作、获取该信息。")
    commit_text(reply_form.office_edit, "深圳市规划和自然资源局坪山管理局，电话 0755-84000000")
    reply_form.adjustSize()
    qtbot.wait(50)
    assert reply_form.width() <= SCREEN[0] and reply_form.height() <= SCREEN[1]
    assert_nothing_cut_off(reply_form)
    assert reply_form.grab().save(str(shots / "disclosure-reply.png"))
    reply_form.close()

    from hallapp.ui.disclosure_detail import DisclosureDetailDialog

    detail = DisclosureDetailDialog(
        clerk.disclosure(rows[-1].number, today=SHOWN), clerk.paths.data_dir, view
    )
    qtbot.addWidget(detail)
    detail.show()
    qtbot.waitExposed(detail)
    qtbot.wait(50)
    assert detail.width() <= SCREEN[0] and detail.height() <= SCREEN[1]
    assert_nothing_cut_off(detail)
    clock = detail.clock.text()
    assert "本机关不掌握相关政府信息" in clock and "张三 拟稿" in clock and "赵六 审核" in clock
    assert "已答复" in detail.findChild(QLabel, "caseNumber").text()
    assert detail.grab().save(str(tmp_path / "disclosure-detail.png"))  # looked at, not kept in docs/
    detail.close()
    view.detach()
    ops.wait()
