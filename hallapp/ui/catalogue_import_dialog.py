"""导入事项目录 (administrator): choose a file, see what importing it would do, then apply it or not.

The reading, comparing and writing run in a process of their own (``ImportProcess``), so the window stays
responsive over 100,000 matters; 取消 ends that process, and nothing it had not committed is written.
After an import the counter session's search index is dropped and ``Changes(catalogue=True)`` goes
through the window's operations: the window rebuilds the index and swaps it in, no restart.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.ui.catalogue_import_form import FileChoice
from hallapp.ui.catalogue_import_parts import PreviewTabs
from hallapp.ui.catalogue_import_process import ImportProcess

if TYPE_CHECKING:
    from hallapp.ui.ops import Operations


class CatalogueImportDialog(QDialog):
    """Idle → previewing → previewed → applying → applied (or back to idle on cancel or failure)."""

    state_changed = Signal(str)
    finished_import = Signal(object)  # the result (dict) once the search index was told

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("catalogue_import_dialog")
        self.setWindowTitle("导入事项目录")
        self.state = "idle"
        self.report: dict[str, Any] | None = None
        self.result: dict[str, Any] | None = None
        self.process: ImportProcess | None = None
        self._pending_words = ""  # why an import ended without a result, until that is checked
        self._stage, self._count = "", ""
        self._stage_clock = QElapsedTimer()
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._show_stage)
        self._build()
        self.resize(1200, 680)

    # -- layout ------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.choice = FileChoice()
        self.path_edit = self.choice.path_edit
        self.format_box = self.choice.format_box
        self.mapping_edit = self.choice.mapping_edit

        self.stage_label = QLabel()
        self.stage_label.setObjectName("stage")
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton("取消(&C)")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)
        progress = QHBoxLayout()
        progress.addWidget(self.stage_label)
        progress.addWidget(self.progress_bar, 1)
        progress.addWidget(self.cancel_button)
        self.progress_row = QWidget()
        self.progress_row.setLayout(progress)
        progress.setContentsMargins(0, 0, 0, 0)
        # Shown while the worker runs, hidden after: keeping its place means the preview's tables below
        # are not laid out and painted again each time (16-25 ms of the window's time at the end of an
        # import with 2,000 rows listed; 2 ms with the place kept).
        keep_place = self.progress_row.sizePolicy()
        keep_place.setRetainSizeWhenHidden(True)
        self.progress_row.setSizePolicy(keep_place)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = PreviewTabs()
        self.tabs.withdraw_box.toggled.connect(self._show_summary)
        self.message_label = QLabel()
        self.message_label.setObjectName("message")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.preview_button = QPushButton("预览(&P)")
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.start_preview)
        self.import_button = QPushButton("导入(&I)")
        self.import_button.setAutoDefault(False)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_apply)
        self.close_button = QPushButton("关闭")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.choice)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.summary_label)
        self.hint = QLabel(
            "1. 选择文件（交换数据 .json、Excel 实施清单 .xlsx 或简单清单 .csv），按 Enter 预览。\n"
            "2. 预览列出将新增、修改（逐项：原内容 → 新内容）和文件中没有的事项，以及文件中的每个问题。\n"
            "3. 核对无误后按「导入」：全部写入或全部不写入；文件中没有的事项只在勾选后才撤下。"
        )
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.hint.setStyleSheet("color: #555; padding: 12px;")
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.hint, 1)
        self.tabs.hide()
        layout.addLayout(buttons)
        self._set_state("idle")

    # -- states ------------------------------------------------------------------------------------------

    def _set_state(self, state: str) -> None:
        self.state = state
        running = state in ("starting", "previewing", "applying")
        self.progress_row.setVisible(running)
        if running:
            self._ticker.start()
        else:
            self._ticker.stop()
            self._stage = ""
        self.cancel_button.setEnabled(running)
        self.choice.setEnabled(not running)
        self.preview_button.setEnabled(not running)
        self.import_button.setEnabled(
            state == "previewed" and bool(self.report and self.report["counts"]["accepted"])
        )
        self.tabs.withdraw_box.setEnabled(
            state == "previewed" and bool(self.report and self.report["counts"]["missing"])
        )
        self.state_changed.emit(state)

    def _say(self, text: str, *, bad: bool = False) -> None:
        self.message_label.setStyleSheet("color: #a33;" if bad else "")
        self.message_label.setText(text)

    def _show_summary(self) -> None:
        if self.report is not None and self.state == "previewed":
            key = "summary_withdraw" if self.tabs.withdraw_box.isChecked() else "summary"
            self.summary_label.setText(f"{self.report['file']}：{self.report[key]}")

    # -- preview -----------------------------------------------------------------------------------------

    def start_preview(self) -> None:
        """预览: read the file and compare it with the catalogue, in the worker process."""
        if self.state in ("starting", "previewing", "applying"):
            return
        text = self.path_edit.text().strip().strip('"')
        if not text:
            self._say("请先选择或输入要导入的文件。", bad=True)
            self.path_edit.setFocus()
            return
        path = Path(text).expanduser()
        if not path.is_file():
            self._say(f"找不到文件 {path}", bad=True)
            self.path_edit.setFocus()
            return
        mapping = self.mapping_edit.text().strip().strip('"')
        if mapping and not Path(mapping).expanduser().is_file():
            self._say(f"找不到代码对照表 {mapping}", bad=True)
            self.mapping_edit.setFocus()
            return
        self._stop_process()
        self.report = None
        self.result = None
        self.tabs.show_report(None)
        self._say("")
        self.summary_label.setText(f"正在预览 {path.name}：还没有写入任何内容。")
        self._progress("启动导入程序", 0, 0)
        self._set_state("starting")
        fmt = self.format_box.currentData() or None
        started = self.ops.run(
            self,
            lambda s: s.import_worker_request(str(path), format=fmt, mapping_file=mapping or None),
            self._launch,
            self._refused,
            key="import-request",
        )
        if not started:
            self._set_state("idle")

    def _launch(self, request: dict[str, Any]) -> None:
        if self.state != "starting":
            return
        process = ImportProcess(self)
        process.progress.connect(self._progress)
        process.preview_ready.connect(self._previewed)
        process.applied.connect(self._applied)
        process.failed.connect(self._failed)
        process.ended.connect(self._ended)
        self.process = process
        self._set_state("previewing")
        process.start(request)
        self.cancel_button.setFocus()

    def _refused(self, error: BaseException) -> None:
        from hallapp.errors import describe

        self._set_state("idle")
        self._say(describe(error), bad=True)

    def _progress(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self._stage = stage
            self._stage_clock.start()
        self._count = f" {done:,}/{total:,}" if total > 1 else ""
        if total > 1:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
        else:
            self.progress_bar.setRange(0, 0)  # busy: the stage has no count
        self._show_stage()

    def _show_stage(self) -> None:
        """The stage, its count, and for how long it has run (a large file is read for a minute)."""
        seconds = self._stage_clock.elapsed() // 1000 if self._stage_clock.isValid() else 0
        took = f"（已用 {seconds} 秒）" if seconds >= 2 else ""
        self.stage_label.setText(f"{self._stage}…{self._count}{took}")

    def _previewed(self, report: dict[str, Any]) -> None:
        if self.state != "previewing":
            return
        self.report = report
        self.tabs.show_report(report)
        self.hint.hide()
        self.tabs.show()
        self._set_state("previewed")
        self._show_summary()
        counts = report["counts"]
        if not counts["accepted"]:
            self._say(
                "文件中没有可以导入的事项：请看「不导入」和「文件问题」，修改文件后重新预览。", bad=True
            )
        elif not report["writes_anything"] and not counts["missing"]:
            self._say("导入不会改变现有目录。")
        else:
            self._say("确认无误后按「导入」（Alt+I）；导入前不会写入任何内容。")
        # nothing to import: what is wrong with the file comes first, not the matters it lacks
        order = ("changed", "added", "missing", "refused", "problems")
        if not counts["accepted"]:
            order = ("problems", "refused", "missing")
        first = next((k for k in order if counts.get(k)), "added")
        self.tabs.setCurrentWidget(self.tabs.pages[first])
        if self.import_button.isEnabled():
            self.import_button.setFocus()

    # -- apply -------------------------------------------------------------------------------------------

    def start_apply(self) -> None:
        """导入: write what the preview showed, in one transaction, in the worker process."""
        if self.state != "previewed" or self.process is None or not self.process.running:
            return
        withdraw = self.tabs.withdraw_box.isChecked()
        self._set_state("applying")
        self._progress("写入数据库", 0, 0)
        self._say("正在导入：完成前取消，不会写入任何内容。")
        self.process.apply(withdraw_missing=withdraw)
        self.cancel_button.setFocus()

    def _applied(self, result: dict[str, Any]) -> None:
        self.result = result
        self._set_state("applied")
        changed = result["added"] or result["updated"] or result["withdrawn"]
        words = (
            f"已导入：新增 {result['added']} 项，修改 {result['updated']} 项，撤下 {result['withdrawn']} 项，"
            f"未变 {result['unchanged']} 项。"
        )
        if changed:
            self._say(words + "检索索引正在重建，完成前仍可搜索。")
            self.ops.run(
                self,
                lambda s: s.catalogue_imported(),
                lambda _v: self.finished_import.emit(result),
                key="imported",
            )
        else:
            self._say(words + "目录没有变化。")
            self.finished_import.emit(result)
        self.summary_label.setText(f"{self.report['file'] if self.report else ''}：{words}")
        self.preview_button.setFocus()

    # -- cancel, failure, the end of the process --------------------------------------------------------

    def cancel(self) -> None:
        """取消 (Esc): end the worker; what it had not committed is not written."""
        if self.state not in ("starting", "previewing", "applying"):
            return
        was = self.state
        self.ops.forget(self, "import-request")
        if was == "applying":
            # whether anything was written is asked once the process is gone (``_ended``), never before
            self._pending_words = ""
            self._say("已取消：正在核对是否有内容写入…")
            self._set_state("checking")
        else:
            self._set_state("idle")
            self.summary_label.setText("已取消预览：没有写入任何内容。")
            self._say("")
        if self.process is not None and self.process.running:
            self.process.cancel()
        elif self.state == "checking":  # already gone: nothing to wait for
            self.ops.run(self, lambda s: s.catalogue_revision(), self._checked, key="revision")

    def _failed(self, words: str) -> None:
        if self.state == "applying":
            # the worker says so only when its transaction raised: rolled back, nothing written; the
            # catalogue is read again once the process is gone, all the same (``_checked``)
            self._pending_words = words
            self._set_state("checking")
            self._say(f"导入未完成：{words}")
            return
        self._set_state("idle")
        self.summary_label.setText("")
        self._say(f"无法预览：{words}", bad=True)

    def _ended(self, _code: int, _on_purpose: bool) -> None:
        if self.state == "previewed":  # the worker went away with the preview it held
            self._set_state("idle")
            self._say("导入程序已结束，请重新预览后再导入。", bad=True)
        elif self.state == "applying":  # ended without a result or a word (killed from outside)
            self._pending_words = "导入程序意外结束"
            self._set_state("checking")
        if self.state == "checking":
            self.ops.run(self, lambda s: s.catalogue_revision(), self._checked, key="revision")

    def _checked(self, marks: tuple[str, str]) -> None:
        """The worker is gone without a result: was its transaction committed before it ended?"""
        revision, source = marks
        report = self.report or {}
        words, self._pending_words = self._pending_words, ""
        self._set_state("idle")
        self.summary_label.setText("")
        if revision != report.get("revision") and source == report.get("source"):
            self._say("导入程序结束前导入已经完成：目录已更新，检索索引正在重建。")
            self.ops.run(self, lambda s: s.catalogue_imported(), key="imported")
        elif words:
            self._say(f"导入未完成：{words}。没有写入任何内容。", bad=True)
        else:
            self._say("已取消导入：没有写入任何内容。")

    def _stop_process(self) -> None:
        if self.process is not None:
            process, self.process = self.process, None
            for signal in (
                process.progress,
                process.preview_ready,
                process.applied,
                process.failed,
                process.ended,
            ):
                signal.disconnect()
            process.close()
            process.deleteLater()

    # -- closing -----------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.state in ("starting", "previewing", "applying"):
            self.cancel()
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """关闭 (Esc): a running import is cancelled first, never left behind."""
        if self.state in ("starting", "previewing", "applying"):
            self.cancel()
            return
        if self.state == "checking":
            return  # a moment: whether the cancelled import wrote anything is being checked
        self._stop_process()
        super().reject()

    def done(self, code: int) -> None:
        if self.state not in ("starting", "previewing", "applying", "checking"):
            self._stop_process()
        super().done(code)
