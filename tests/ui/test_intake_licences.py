"""E-licences at the counter: fetched off the UI thread, replacing paper, and never freezing the window."""

import itertools
import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer

from hallapp.domain.licences import LicenceServiceUnavailable
from hallapp.licences.local import seed_demo_licences
from tests.printing.pdfcheck import text
from tests.ui.conftest import commit_text
from tests.ui.test_intake_flow import open_intake

CHEN = "440310198506120315"  # demo applicant of data/licences_demo.csv: ID card and SYB certificate
ZHAO = "440304199602290039"  # demo applicant whose ID card expired on 2025-07-01


@pytest.fixture(autouse=True)
def demo_licences(ready_context):
    seed_demo_licences(ready_context.uow(write=True))


def type_applicant(qtbot, page, id_number, name="陈晓明"):
    commit_text(page.form.name.edit, name)
    qtbot.keyClicks(page.form.phone.edit, "13812345678")
    qtbot.keyClicks(page.form.id_number.edit, id_number)


def test_licences_found_replace_the_paper_and_reach_the_receipt(qtbot, window):
    page = open_intake(qtbot, window, "cypxbt")
    qtbot.waitUntil(lambda: window.session is not None and window.session.licences is not None)
    type_applicant(qtbot, page, CHEN)
    qtbot.waitUntil(lambda: page.checklist.checks[0].licence is not None)
    id_card = page.checklist.checks[0]
    assert id_card.licence.number == CHEN and id_card.complete
    shown = page.model.data(page.model.index(0, page.model.STATUS))
    assert CHEN not in shown and "4403**********0315" in shown  # an ID card's number is the holder's ID
    assert "已调取电子证照 2 项" in page.licence_status.text()
    assert "电子证照调取 — 免提交" in page.model.data(page.model.index(0, page.model.STATUS))
    page.table.setFocus()
    for row, check in enumerate(page.checklist.checks):
        if not check.complete:
            page.table.selectRow(row)
            qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert "可以受理" in page.verdict.text()
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    content = text(window.preview.paths[0].read_bytes())
    assert "电子证照调取" in content and "SYB-440310-2025-0318" in content
    assert CHEN not in content
    window.preview.close()


def test_an_expired_licence_does_not_count_and_says_why(qtbot, window):
    page = open_intake(qtbot, window, "cypxbt")
    qtbot.waitUntil(lambda: window.session is not None and window.session.licences is not None)
    type_applicant(qtbot, page, ZHAO, "赵宇航")
    qtbot.waitUntil(lambda: "过期" in page.licence_status.text())
    assert page.checklist.checks[0].licence is None
    assert "2025-07-01 过期" in page.model.data(page.model.index(0, page.model.STATUS))


class SlowLibrary:
    name = "慢速证照库"

    def __init__(self, seconds, fail=False):
        self.seconds, self.fail, self.done = seconds, fail, threading.Event()

    def lookup(self, holder_id, type_codes):
        time.sleep(self.seconds)
        self.done.set()
        if self.fail:
            raise LicenceServiceUnavailable("电子证照库无响应（超时 1 秒），请收取纸质材料")
        return []


def test_the_window_stays_responsive_while_the_library_is_slow(qtbot, window):
    page = open_intake(qtbot, window, "cypxbt")
    qtbot.waitUntil(lambda: window.session is not None and window.session.licences is not None)
    window.session.licences = SlowLibrary(1.0, fail=True)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    type_applicant(qtbot, page, CHEN)
    assert "正在查询电子证照" in page.licence_status.text()
    qtbot.keyClicks(page.form.phone.edit, "9")  # the clerk keeps typing meanwhile
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    assert "可以受理" in page.verdict.text()
    qtbot.waitUntil(lambda: "无响应" in page.licence_status.text(), timeout=10_000)
    timer.stop()
    assert len(ticks) >= 20  # the event loop ran all along (a blocked UI thread would give ~1)
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(gaps) < 0.5
    assert page.checklist.checks[0].licence is None  # carry on with paper


def test_a_changed_id_drops_what_was_fetched_for_the_old_one(qtbot, window):
    page = open_intake(qtbot, window, "cypxbt")
    qtbot.waitUntil(lambda: window.session is not None and window.session.licences is not None)
    type_applicant(qtbot, page, CHEN)
    qtbot.waitUntil(lambda: page.checklist.checks[0].licence is not None)
    qtbot.keyClick(page.form.id_number.edit, Qt.Key.Key_Backspace)
    assert page.checklist.checks[0].licence is None
