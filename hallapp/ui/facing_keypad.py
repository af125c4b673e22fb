"""The small keypad on the counter, the applicant's while a rating is asked (好差评 by keypad digits).

A counter's keyboard and the applicant's keypad both send keypad keys (``Qt.KeypadModifier``): nothing
tells them apart. So the rule is one the clerk can see and undo: from the decision the keypad belongs to
the applicant — digits 1–5 choose the level, Enter submits, every other keypad key does nothing — until
the clerk presses any key that is not a keypad key on the clerk's window (F3, a letter, Esc …; a
modifier alone does not count; keys in the decision's own dialogs — Esc closing the documents' preview
that follows every decision — do not either: the clerk is still with this applicant). That key does
what it always does, and from then on keypad keys go where the clerk's keyboard is, as normal; a touch
on the facing screen still rates. ``changed`` says
when the keypad is given to the applicant (True) and taken back (False), for the clerk's status bar.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from hallapp.domain.rating import Level
from hallapp.ui.facing_rating import RatingPage

KEYPAD_DIGITS = {
    Qt.Key.Key_1: Level.VERY_DISSATISFIED,
    Qt.Key.Key_2: Level.DISSATISFIED,
    Qt.Key.Key_3: Level.BASICALLY_SATISFIED,
    Qt.Key.Key_4: Level.SATISFIED,
    Qt.Key.Key_5: Level.VERY_SATISFIED,
}
MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,  # on the keypad itself
        Qt.Key.Key_unknown,
    }
)
KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)


class KeypadRating(QObject):
    """The applicant's keypad, anywhere in the program from ``install`` (the decision) until the clerk
    takes it back with another key or the rating ends (``remove``)."""

    changed = Signal(bool)  # True: the applicant's from now; False: the clerk took it back

    def __init__(self, page: RatingPage, clerks: QWidget | None = None) -> None:
        super().__init__(page)
        self.page = page
        self.clerks = clerks  # the clerk's window: its keys take the keypad back (None: any key)
        self.installed = False

    def install(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self.installed:
            app.installEventFilter(self)
            self.installed = True
            self.changed.emit(True)

    def remove(self) -> None:
        """The rating ended (answered, settled, dropped): the keypad is the clerk's, nothing said."""
        app = QCoreApplication.instance()
        if app is not None and self.installed:
            app.removeEventFilter(self)
        self.installed = False

    def take_back(self) -> None:
        """The clerk pressed another key: the keypad is theirs again (the rating is still asked)."""
        if self.installed:
            self.remove()
            self.changed.emit(False)

    def _clerks(self, watched: QObject) -> bool:
        if self.clerks is None:
            return True
        return isinstance(watched, QWidget) and watched.window() is self.clerks

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in KEY_EVENTS:
            return False
        assert isinstance(event, QKeyEvent)
        key = Qt.Key(event.key())
        if not event.modifiers() & Qt.KeyboardModifier.KeypadModifier:
            if key not in MODIFIER_KEYS and self._clerks(watched):
                self.take_back()  # the key itself goes on to do what it does
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the applicant's key: no shortcut of the window gets it
            return True
        if not self.page.asking:
            return True  # being recorded: the applicant's keys still reach nothing of the clerk's
        if key in KEYPAD_DIGITS:
            self.page.choose(KEYPAD_DIGITS[key])
        elif key == Qt.Key.Key_Enter:
            self.page.submit()
        return True
