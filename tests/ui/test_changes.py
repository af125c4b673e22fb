"""Views keep themselves current (issue 9): a board action changes today's cases, a catalogue load changes
search results — without restarting, and without the test (or one view) calling another view's refresh.

Each operation returns the data it changed (``Changes``); the operation helper broadcasts them and each
view decides whether to load again."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from hallapp.services.intake import ApplicantInput, Decision
from hallapp.services.session import CounterSession
from tests.people import ADMIN
from tests.services.intake_helpers import guide_for, request, resident_id, with_deferred
from tests.ui.conftest import commit_text

OUYANG = ApplicantInput("person", "欧阳娜娜", resident_id("44030819851212456"), "13900001111")
NEW_NAME = "蜂鸟就业登记"  # what 就业登记 is renamed to in the changed catalogue


def run(qtbot, window, fn, **kwargs):
    """A use case through the window's operation helper, as a menu or a button would run it."""
    answers = []
    window.ops.run(window, fn, answers.append, answers.append, key="test", **kwargs)
    qtbot.waitUntil(lambda: bool(answers), timeout=15_000)
    assert not isinstance(answers[0], BaseException), answers[0]
    return answers[0]


@pytest.mark.parametrize("action, state", [("withdraw", "已撤回"), ("terminate", "已终止")])
def test_a_board_action_changes_todays_cases_by_itself(qtbot, window, ready_context, action, state):
    cases = window.cases_view
    guide = guide_for(ready_context, "创业培训补贴申领")
    req = request(guide, Decision.DEFER, with_deferred(guide), applicant=OUYANG, commitment_signed=True)
    number = run(qtbot, window, lambda s: s.submit(req)).number
    qtbot.waitUntil(lambda: cases.model.row_of(number) >= 0, timeout=10_000)  # the new case, unasked
    assert cases.model.row_at(cases.model.row_of(number)).state_label == "待补正"
    qtbot.waitUntil(lambda: window.board.model.rowCount() == 1, timeout=10_000)  # and on the board

    deadline = cases.model.row_at(cases.model.row_of(number)).deferral_deadline
    later = deadline + timedelta(days=30)  # termination only once the supplement deadline has passed
    run(qtbot, window, lambda s: getattr(s, action)(number, today=later))

    def shown_state() -> str:
        row = cases.model.row_of(number)
        return cases.model.row_at(row).state_label if row >= 0 else ""

    qtbot.waitUntil(lambda: shown_state() == state, timeout=10_000)
    detail = run(qtbot, window, lambda s: s.case_detail(number))
    assert detail.row.state_label == state  # what the view shows is what is stored


def test_a_catalogue_load_changes_what_the_search_finds(qtbot, window, ready_context, tmp_path, monkeypatch):
    folder = tmp_path / "catalogue"
    shutil.copytree(ready_context.paths.catalogue_dir, folder)
    matters = folder / "matters" / "rsj.toml"
    text = matters.read_text(encoding="utf-8")
    assert text.count('name = "就业登记"') == 1
    matters.write_text(text.replace('name = "就业登记"', f'name = "{NEW_NAME}"'), encoding="utf-8")

    panel = window.search_panel
    box = panel.search_box
    searched = []
    show_hits = panel.show_hits
    monkeypatch.setattr(
        panel, "show_hits", lambda hits, summary: (searched.append(len(hits)), show_hits(hits, summary))
    )
    box.setFocus()
    commit_text(box, "蜂鸟就业")
    qtbot.waitUntil(lambda: bool(searched), timeout=5_000)  # the search ran …
    assert all(panel.model.hit(r).name != NEW_NAME for r in range(panel.model.rowCount()))  # … not found

    admin_session = CounterSession.open(ready_context, ADMIN)
    result = run(qtbot, window, lambda _s: admin_session.load_catalogue(folder), session=admin_session)
    assert not result.skipped

    def found() -> bool:
        return any(panel.model.hit(r).name == NEW_NAME for r in range(panel.model.rowCount()))

    qtbot.waitUntil(found, timeout=15_000)  # what was typed is searched again, in the new catalogue
    assert box.text() == "蜂鸟就业"
    qtbot.waitUntil(lambda: "目录已就绪" in window.status.text(), timeout=30_000)  # index rebuilt, no restart
    qtbot.waitUntil(found, timeout=10_000)  # and still found through the rebuilt index

    box.clear()
    commit_text(box, NEW_NAME)
    qtbot.waitUntil(
        lambda: panel.model.rowCount() > 0 and panel.model.hit(0).name == NEW_NAME, timeout=10_000
    )
