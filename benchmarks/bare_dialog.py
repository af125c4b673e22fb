"""The floor for ``startup_bench.py``: a bare PySide6 program showing a dialog, measured like the app.

    python benchmarks/bare_dialog.py

Nothing of HallApp is imported. It builds a QApplication and a dialog with two line edits and a button
(what the sign-in dialog has), shows it, and prints ``signin <time.time()> <peak RSS MB>`` from a
zero-timer after the dialog's first paint, exactly like ``HALLAPP_STARTUP_PROBE=signin``, then quits.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFormLayout, QLineEdit


def peak_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class AfterPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False


def done() -> None:
    print(f"signin {time.time():.6f} {peak_rss_mb():.0f}", flush=True)
    QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv)
    dialog = QDialog()
    form = QFormLayout(dialog)
    form.addRow("User", QLineEdit())
    form.addRow("Password", QLineEdit())
    form.addRow(QDialogButtonBox(QDialogButtonBox.StandardButton.Ok))
    watcher = AfterPaint()
    dialog.installEventFilter(watcher)
    dialog.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
