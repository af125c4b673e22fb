"""The counter window's intake drafts (受理草稿): kept as the clerk types, asked about before leaving,
offered back at the account's next intake. Mixed into ``MainWindow`` through ``IntakeActions``.

Leaving an intake with something typed or marked (Esc, closing the window, signing out, switching user)
asks 保存草稿并离开 (Enter: nothing is lost) / 放弃 / 继续填写 (Esc). The draft is this account's only
(``<data_dir>/drafts/<username>.json``); a colleague signing in at the lock leaves it for its owner.
A draft is a small file written whole: on the UI thread, once per pause in typing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QStackedWidget, QWidget

if TYPE_CHECKING:
    from hallapp.domain.bundles import Bundle
    from hallapp.domain.catalogue import Guide
    from hallapp.services.drafts import DraftStore, IntakeDraft
    from hallapp.services.session import CounterSession
    from hallapp.ui.intake_page import IntakePage
    from hallapp.ui.ops import Operations

LEAVE_TEXT = "本次受理尚未办结，已填写的内容如何处理？\n保存草稿后，下次受理时可恢复草稿继续办理。"


class IntakeDrafts:
    """Provided by ``MainWindow``: ``ops``, ``session``, ``intake``, ``work``, ``set_status`` …"""

    if TYPE_CHECKING:  # provided by MainWindow and IntakeActions; declared for the type checker only
        ops: Operations
        intake: IntakePage
        work: QStackedWidget
        session: CounterSession | None

        def set_status(self, text: str) -> None: ...
        def tr(self, text: str) -> str: ...
        def begin_intake(self, guide: Guide) -> None: ...
        def begin_bundle_intake(self, bundle: Bundle, guides: tuple[Guide, ...]) -> None: ...

    def _drafts(self) -> tuple[DraftStore, str] | None:
        session = self.session
        if session is None:
            return None
        from hallapp.services.drafts import DraftStore

        return DraftStore(session.paths.data_dir), session.principal.username

    def intake_in_progress(self) -> bool:
        """An intake on screen with something typed or marked (what a draft would keep)."""
        page = self.intake
        if self.work.currentWidget() is not page or page.checklist is None:
            return False
        draft = page.draft()
        return draft is not None and not draft.empty

    def save_draft(self) -> None:
        """Keep the intake on screen as this account's draft (an empty one removes the draft)."""
        found, page = self._drafts(), self.intake
        draft = page.draft() if self.work.currentWidget() is page else None
        if found is None or draft is None:
            return
        store, username = found
        page.draft_timer.stop()
        try:
            store.save(username, draft)
        except OSError as error:  # a full disk must not stop the intake; the clerk is told
            self.set_status(self.tr("受理草稿未能保存：{0}").format(error.strerror or type(error).__name__))

    def forget_draft(self) -> None:
        found = self._drafts()
        if found is not None:
            store, username = found
            store.delete(username)

    def close_intake(self) -> None:
        """The intake on the page is over (stored, kept as a draft, given up): nothing more is written."""
        page = self.intake
        page.draft_timer.stop()
        page.name_timer.stop()
        page.form.clear()
        page.checklist = None
        page.closed.emit()

    def keep_draft(self) -> None:
        """Signed out without a question (a colleague took the counter at the lock): keep the draft."""
        if self.intake_in_progress():
            self.save_draft()
        self.close_intake()

    def _ask(
        self, title: str, text: str, buttons: list[tuple[str, QMessageBox.ButtonRole]]
    ) -> tuple[QMessageBox, list[QAbstractButton]]:
        """A window-modal question answered by keys: the first button is Enter's, the last is Esc's."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr(title), self.tr(text), parent=self._widget())
        made = [box.addButton(self.tr(words), role) for words, role in buttons]
        box.setDefaultButton(made[0])
        box.setEscapeButton(made[-1])
        box.setWindowModality(Qt.WindowModality.WindowModal)
        return box, made  # in the order given (the box lays them out in the platform's order)

    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def leave_intake(self, then: Callable[[], object]) -> bool:
        """Before leaving the intake: True when nothing typed is at stake (the caller goes on). Else ask
        保存草稿并离开 / 放弃 / 继续填写, return False, and call ``then`` once the intake is saved or
        given up (继续填写 stays on the page, where the clerk was)."""
        if not self.intake_in_progress():
            return True
        asking = getattr(self, "leave_dialog", None)
        if asking is not None and asking.isVisible():
            asking.activateWindow()  # already asked: one question, not a second on top
            return False
        focus = self.intake.focusWidget()
        R = QMessageBox.ButtonRole
        box, (save, discard, _stay) = self._ask(
            "离开受理",
            LEAVE_TEXT,
            [
                ("保存草稿并离开(&S)", R.AcceptRole),
                ("放弃(&D)", R.DestructiveRole),
                ("继续填写(&C)", R.RejectRole),
            ],
        )

        def answered(_result: int) -> None:
            clicked = box.clickedButton()
            self.leave_dialog = None
            self._widget().activateWindow()  # the keys go back to the counter, where they were
            if clicked is save or clicked is discard:
                if clicked is save:
                    self.save_draft()
                    self.set_status(self.tr("已保存受理草稿，下次受理时可恢复"))
                else:
                    self.forget_draft()
                self.close_intake()
                then()
            elif focus is not None:
                focus.setFocus()

        box.finished.connect(answered)
        self.leave_dialog: QMessageBox | None = box
        box.open()
        box.activateWindow()  # the keys answer it at once (Enter, Esc, Alt+D)
        return False

    def offer_draft(self, start_new: Callable[[], None]) -> None:
        """Before a new intake: this account's draft, if any, is offered back (恢复草稿, Enter);
        新受理 gives it up; 取消 (Esc) leaves both as they are."""
        found = self._drafts()
        draft = found[0].load(found[1]) if found is not None else None
        if draft is None or draft.empty:
            start_new()
            return
        R = QMessageBox.ButtonRole
        box, (resume, new, _cancel) = self._ask(
            "恢复草稿",
            f"有一份未办结的受理草稿：{draft.summary}。\n恢复草稿继续办理吗？",
            [
                ("恢复草稿(&R)", R.AcceptRole),
                ("放弃草稿，新受理(&N)", R.DestructiveRole),
                ("取消", R.RejectRole),
            ],
        )

        def answered(_result: int) -> None:
            clicked = box.clickedButton()
            self.draft_dialog = None
            self._widget().activateWindow()
            if clicked is resume:
                self.resume_draft(draft)
            elif clicked is new:
                self.forget_draft()
                start_new()

        box.finished.connect(answered)
        self.draft_dialog: QMessageBox | None = box
        box.open()
        box.activateWindow()

    def resume_draft(self, draft: IntakeDraft) -> None:
        """Open the draft's matter or bundle afresh from the catalogue, then put the draft back on it."""
        page = self.intake

        def gone() -> None:
            self.set_status(self.tr("草稿中的「{0}」已不在事项目录中，无法恢复").format(draft.target_name))

        def matter(guide: Guide | None) -> None:
            if guide is None:
                gone()
                return
            self.begin_intake(guide)
            page.restore(draft)

        def bundle(found: tuple[Bundle, tuple[Guide, ...]] | None) -> None:
            if found is None:
                gone()
                return
            self.begin_bundle_intake(*found)
            page.restore(draft)

        code = draft.target_code
        if draft.target_kind == "bundle":
            self.ops.run(page, lambda s: s.bundle(code), bundle, key="draft-target", latest=True)
        else:
            self.ops.run(page, lambda s: s.guide(code), matter, key="draft-target", latest=True)
