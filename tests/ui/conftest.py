"""UI fixtures: a main window attached to a ready installation, and Chinese typed as an input method does."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from hallapp.domain.access import Principal, Role
from hallapp.ui.main_window import MainWindow


def commit_text(widget: QWidget, text: str) -> None:
    """Type Chinese: keyClicks with non-ASCII aborts Qt, an input-method commit is what really happens."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture(autouse=True)
def no_modal_message_boxes(monkeypatch):
    """A message box would wait for a click that never comes: fail the test with its text instead."""
    from PySide6.QtWidgets import QMessageBox

    def fail(_parent, title, text, *_args, **_kwargs):
        pytest.fail(f"unexpected message box «{title}»: {text}")

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(fail))


COUNTER_CLERK = Principal("zhang.san", "张三", Role.CLERK, "")


def open_counter(qtbot, context, principal: Principal = COUNTER_CLERK, **station) -> MainWindow:
    """The counter window shown and signed in, its session open, on a PC whose settings
    (``station.json``) are the defaults with ``station`` (devices: card_adapter="fake", …)."""
    if station:
        from dataclasses import replace

        from hallapp.services.station import StationSettings, save_station

        save_station(context.paths.data_dir, replace(StationSettings(), **station))
    main = MainWindow()
    qtbot.addWidget(main)
    main.resize(1200, 760)
    main.show()
    main.attach(context, principal)
    qtbot.waitUntil(lambda: main.session is not None and main.search_panel.department_box.count() > 1)
    return main


@pytest.fixture
def window(qtbot, ready_context):
    """The counter window with a clerk signed in (张三) and the session open."""
    main = open_counter(qtbot, ready_context)
    yield main
    main.ops.wait()


# The follow-up board tests' hall (one account per role), operation helper and board (tests/ui/board_fixtures.py).
@pytest.fixture
def hall(ready_context):
    from tests.ui.board_fixtures import open_hall

    return open_hall(ready_context)


@pytest.fixture
def ops():
    from hallapp.ui.ops import Operations

    helper = Operations()
    yield helper
    helper.wait()


@pytest.fixture
def board(qtbot, ops):
    from hallapp.ui.board_view import BoardView
    from tests.ui.board_fixtures import TODAY

    view = BoardView()
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    view.today = TODAY
    yield view
    ops.wait()
