"""设置: one dialog over the three scopes — 本机（本窗口电脑）, 大厅, 本人账户.

Each scope is editable only by whoever may change it (``scope_access``) and otherwise shown read-only
with the reason on a line of its own. The dialog is a form: it never writes anything. OK checks what may
be edited (``StationSettings.problems()``, ``HallSettings.problems()``) and either says what is wrong
under the form, or emits ``station_saved`` / ``hall_saved`` for each scope that changed and waits: the
caller saves on a worker and answers ``confirm_saved(scope)`` (the dialog closes when every emitted scope
is confirmed) or ``refuse(message)`` (the dialog stays open with everything as typed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hallapp.services.settings import PAPERS, HallSettings, StationSettings, scope_access
from hallapp.ui.settings_devices import DeviceFields

if TYPE_CHECKING:
    from hallapp.domain.access import Principal

from hallapp.ui.settings_parts import (
    _PROBLEM_FIELDS,
    LICENCE_SOURCE_LABELS,
    STYLE,
    group,
    line,
    make_read_only,
    read_only,
    spin,
)

STATION, HALL = "station", "hall"


class SettingsDialog(QDialog):
    """This PC's, the hall's and the signed-in account's settings; each editable only by who may."""

    station_saved = Signal(object)  # StationSettings, to be saved with save_station_settings
    hall_saved = Signal(object)  # HallSettings, to be saved with save_hall

    def __init__(
        self,
        station: StationSettings,
        hall: HallSettings,
        principal: Principal | None,
        parent: QWidget | None = None,
        *,
        printers: Sequence[str] = (),
        station_warnings: Sequence[str] = (),
    ) -> None:
        """``printers``: the names the system offers (listed by the caller, off the UI thread); any other
        name may be typed, and an empty one means the system's default printer. ``station_warnings``:
        what was wrong with this PC's station.json (``session.station_warnings()``), said in the 本机
        group so that a value replaced by its default (a reader shown as 不使用) has its reason."""
        self._station_warnings = list(station_warnings)
        super().__init__(parent)
        self._station, self._hall, self.principal = station, hall, principal
        self.access = scope_access(principal)
        self._pending: set[str] = set()
        self._emitted: dict[str, StationSettings | HallSettings] = {}
        self._refused = False
        self.setWindowTitle(self.tr("设置"))
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(1100)  # two columns, the hall's long texts readable; fits a 1366×768 screen

        station_box = self._station_group(station, printers)
        self.devices = DeviceFields(station, self.access.station)  # 本机设备: reader, queue, screen, pad
        hall_box = self._hall_group(hall)
        account_box = self._account_group(station, principal)

        self.problems_label = QLabel()
        self.problems_label.setObjectName("settingsProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("settingsStatus")

        editable = not (self.access.station and self.access.hall)
        if editable:
            self.buttons = QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
            self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
            self.ok_button.setText(self.tr("保存"))
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        else:  # nothing to save: one button, and Enter or Esc closes
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
            self.ok_button.setText(self.tr("关闭"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        columns = QHBoxLayout()
        columns.setSpacing(14)
        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(station_box, 1)
        left.addWidget(self.devices.box)
        columns.addLayout(left, 5)
        right = QVBoxLayout()
        right.setSpacing(10)
        right.addWidget(hall_box)
        right.addWidget(account_box)
        right.addWidget(self.station_warnings_label)  # this PC's file: what it held that was invalid
        right.addStretch(1)
        columns.addLayout(right, 6)
        footer = QHBoxLayout()
        footer.addWidget(self.status_label, 1)
        footer.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(columns)
        layout.addWidget(self.problems_label)
        layout.addLayout(footer)
        # Only now that the button is inside the dialog does the dialog remember it as the default,
        # so Enter still means OK after focus has visited (and left) another button.
        self.ok_button.setDefault(True)

        order = [
            *self._station_fields,
            *self.devices.fields,
            *self._hall_fields,
            *self._account_fields,
            self.ok_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        first_editable = next((w for w in order if w.isEnabled() and not read_only(w)), self.ok_button)
        first_editable.setFocus()
        if isinstance(first_editable, QLineEdit):
            first_editable.selectAll()

    # --- the three groups ---------------------------------------------------------------------------

    def _station_group(self, station: StationSettings, printers: Sequence[str]) -> QGroupBox:
        self.window_edit = line(station.window, self.tr("如 01、A12"))
        self.paper_box = QComboBox()
        self.paper_box.addItems(list(PAPERS))
        if station.paper not in PAPERS:
            self.paper_box.addItem(station.paper)  # shown as stored, so problems() can name it
        self.paper_box.setCurrentText(station.paper)
        self.printer_box = QComboBox()
        printer_edit = QLineEdit()
        printer_edit.setPlaceholderText(self.tr("留空：使用系统默认打印机"))
        self.printer_box.setLineEdit(printer_edit)  # editable: a printer not attached yet can be named
        self.printer_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.printer_box.addItems(list(printers))
        self.printer_box.setCurrentIndex(-1)
        self.printer_box.setEditText(station.printer)
        self.licence_source_box = QComboBox()
        for code, label in LICENCE_SOURCE_LABELS.items():
            self.licence_source_box.addItem(self.tr(label), code)
        self.licence_source_box.setCurrentIndex(
            max(self.licence_source_box.findData(station.licence_source), 0)
        )
        self.licence_url_edit = line(station.licence_url, "https://…")
        self.licence_timeout_spin = spin(200, 30_000, station.licence_timeout_ms, self.tr(" 毫秒"), 500)
        self.licence_retries_spin = spin(0, 5, station.licence_retries, self.tr(" 次"))
        self.idle_spin = spin(1, 120, station.idle_lock_minutes, self.tr(" 分钟"))
        self.community_box = QCheckBox(self.tr("党群服务中心模式(&Q)"))
        self.community_box.setChecked(station.community_centre)
        self.community_box.setToolTip(
            self.tr("社区党群服务中心使用：下放的事项排在前面，其余事项提示到区大厅办理")
        )
        rows: list[tuple[str, QWidget]] = [
            (self.tr("窗口号(&W)"), self.window_edit),
            (self.tr("纸张(&Z)"), self.paper_box),
            (self.tr("打印机(&P)"), self.printer_box),
            (self.tr("电子证照来源(&E)"), self.licence_source_box),
            (self.tr("证照库地址(&L)"), self.licence_url_edit),
            (self.tr("证照查询超时(&O)"), self.licence_timeout_spin),
            (self.tr("证照查询重试(&Y)"), self.licence_retries_spin),
            (self.tr("无操作自动锁定(&K)"), self.idle_spin),
        ]
        self._station_fields: list[QWidget] = [field for _text, field in rows] + [self.community_box]
        hint = self.tr("只对这台电脑生效，保存在本机数据目录（station.json），不影响其他窗口。")
        box, self.station_reason = group(
            self.tr("本机（本窗口电脑）"), rows, [self.community_box], hint, self.access.station
        )
        if self.access.station:
            make_read_only(self._station_fields)
        self.station_warnings_label = QLabel(_warnings_text(self._station_warnings))
        self.station_warnings_label.setObjectName("settingsStationWarnings")
        self.station_warnings_label.setStyleSheet(WARNINGS_STYLE)
        self.station_warnings_label.setWordWrap(True)
        self.station_warnings_label.setToolTip("\n".join(self._station_warnings))
        self.station_warnings_label.setVisible(bool(self._station_warnings))
        return box  # the warnings go in the right column (``__init__``): the left one is full at 768 px

    def _hall_group(self, hall: HallSettings) -> QGroupBox:
        self.hall_name_edit = line(hall.hall_name)
        self.hall_code_edit = line(hall.hall_code, self.tr("2–12 位字母或数字，如 PSZW"))
        self.case_prefix_edit = line(hall.case_prefix, self.tr("最多 16 位字母、数字或“-”"))
        self.deferral_spin = spin(1, 60, hall.deferral_days, self.tr(" 个工作日"))
        self.tracking_url_edit = line(hall.tracking_url, "https://…")
        self.tracking_text_edit = line(hall.tracking_text)
        self.hall_address_edit = line(hall.hall_address)
        self.hall_phone_edit = line(hall.hall_phone, self.tr("如 0755-12345678，印在一次性告知书上"))
        rows: list[tuple[str, QWidget]] = [
            (self.tr("大厅名称(&H)"), self.hall_name_edit),
            (self.tr("大厅编码(&D)"), self.hall_code_edit),
            (self.tr("受理编号前缀(&N)"), self.case_prefix_edit),
            (self.tr("容缺补正期限(&R)"), self.deferral_spin),
            (self.tr("进度查询网址(&U)"), self.tracking_url_edit),
            (self.tr("进度查询说明(&T)"), self.tracking_text_edit),
            (self.tr("区大厅地址(&A)"), self.hall_address_edit),
            (self.tr("大厅咨询电话(&F)"), self.hall_phone_edit),
        ]
        self._hall_fields: list[QWidget] = [field for _text, field in rows]
        hint = self.tr(
            "各窗口共用，保存在大厅数据库中。受理编号 = 前缀 + 年份 + 序号；"
            "进度查询网址后接受理编号，印在回执的二维码里。"
        )
        box, self.hall_reason = group(self.tr("大厅"), rows, [], hint, self.access.hall)
        if self.access.hall:
            make_read_only(self._hall_fields)
        return box

    def _account_group(self, station: StationSettings, principal: Principal | None) -> QGroupBox:
        self.display_name_edit = line(principal.display_name if principal else "", self.tr("未登录"))
        self.account_window_edit = line(principal.window if principal else "", self.tr("未指定"))
        role = principal.role.label if principal else self.tr("未登录")
        if principal is not None and principal.window.strip():
            note = self.tr("角色：{0}。所属窗口优先于本机窗口号，文书上印 {1} 号窗口。").format(
                role, principal.window.strip()
            )
        else:
            note = self.tr("角色：{0}。未指定所属窗口：使用本机窗口号（{1}）。").format(role, station.window)
        rows: list[tuple[str, QWidget]] = [
            (self.tr("姓名(&M)"), self.display_name_edit),
            (self.tr("所属窗口(&G)"), self.account_window_edit),
        ]
        self._account_fields: list[QWidget] = [field for _text, field in rows]
        box, self.account_reason = group(self.tr("本人账户"), rows, [], note, self.access.account)
        make_read_only(self._account_fields)
        return box

    # --- what the form shows ------------------------------------------------------------------------

    def station(self) -> StationSettings:
        """This PC's settings as the form shows them now (not yet checked)."""
        return replace(
            self._station,
            window=self.window_edit.text().strip(),
            paper=self.paper_box.currentText(),
            printer=self.printer_box.currentText().strip(),
            licence_source=self.licence_source_box.currentData(),
            licence_url=self.licence_url_edit.text().strip(),
            licence_timeout_ms=self.licence_timeout_spin.value(),
            licence_retries=self.licence_retries_spin.value(),
            community_centre=self.community_box.isChecked(),
            idle_lock_minutes=self.idle_spin.value(),
            **self.devices.values(),  # type: ignore[arg-type]
        )

    def hall(self) -> HallSettings:
        """The hall's settings as the form shows them now (not yet checked)."""
        return replace(
            self._hall,
            hall_name=self.hall_name_edit.text().strip(),
            hall_code=self.hall_code_edit.text().strip(),
            case_prefix=self.case_prefix_edit.text().strip(),
            deferral_days=self.deferral_spin.value(),
            tracking_url=self.tracking_url_edit.text().strip(),
            tracking_text=self.tracking_text_edit.text().strip(),
            hall_address=self.hall_address_edit.text().strip(),
            hall_phone=self.hall_phone_edit.text().strip(),
        )

    def problems(self) -> list[str]:
        """What is shown as wrong right now (empty when the form was never refused)."""
        text = self.problems_label.text()
        return text.split("\n") if not self.problems_label.isHidden() and text else []

    def pending(self) -> set[str]:
        """The scopes emitted and not yet confirmed or refused (``"station"``, ``"hall"``)."""
        return set(self._pending)

    # --- saving -------------------------------------------------------------------------------------

    def accept(self) -> None:
        """保存 or Enter: emit each changed scope the person may change, or say what is wrong and stay."""
        if self._pending:
            return  # already saving
        station = self.station() if not self.access.station else self._station
        hall = self.hall() if not self.access.hall else self._hall
        problems = (station.problems() if not self.access.station else []) + (
            hall.problems() if not self.access.hall else []
        )
        if problems:
            self._show_problems(problems)
            return
        self._show_problems([])
        candidates = ((STATION, station, self._station), (HALL, hall, self._hall))
        emitted: dict[str, StationSettings | HallSettings] = {
            scope: new for scope, new, old in candidates if new != old
        }
        if not emitted:
            super().accept()  # nothing changed: nothing to save
            return
        self._emitted, self._pending, self._refused = emitted, set(emitted), False
        self.ok_button.setEnabled(False)
        self.status_label.setText(self.tr("正在保存…"))
        if STATION in emitted:
            self.station_saved.emit(emitted[STATION])
        if HALL in emitted:
            self.hall_saved.emit(emitted[HALL])

    def confirm_saved(self, scope: str) -> None:
        """The caller stored ``scope``; once every emitted scope is answered, the dialog closes (unless one
        was refused)."""
        if scope not in self._pending:
            return
        if scope == STATION:
            self._station = self._emitted[STATION]  # type: ignore[assignment]
        elif scope == HALL:
            self._hall = self._emitted[HALL]  # type: ignore[assignment]
        self._pending.discard(scope)
        self._finish()

    def refuse(self, message: str, scope: str | None = None) -> None:
        """Saving ``scope`` (or all of it) was refused — no right, invalid, the database away: say why in
        words and keep everything as typed, so it can be corrected and saved again."""
        self._refused = True
        self._show_problems([line for line in message.split("\n") if line] or [self.tr("保存失败")])
        if scope is None:
            self._pending.clear()
        else:
            self._pending.discard(scope)
        self._finish()

    def _finish(self) -> None:
        if self._pending:
            return
        self.ok_button.setEnabled(True)
        self.status_label.clear()
        if not self._refused:
            super().accept()

    def _show_problems(self, problems: list[str]) -> None:
        self.problems_label.setText("\n".join(problems))
        self.problems_label.setVisible(bool(problems))
        if problems:
            self._focus_first(problems[0])

    def _focus_first(self, problem: str) -> None:
        """Put the cursor where the first problem is, so it can be fixed at once."""
        if self.devices.focus_problem(problem):
            return
        for start, name in _PROBLEM_FIELDS:
            if problem.startswith(start):
                field: QWidget = getattr(self, name)
                field.setFocus()
                if isinstance(field, QLineEdit):
                    field.selectAll()
                return


WARNINGS_STYLE = (
    "color: #92400e; background: #fffbeb; border: 1px solid #fde68a; border-radius: 4px; padding: 4px 8px;"
)
_NAMED = re.compile(r"本机设置文件 (?P<path>.+?) 中 (?P<name>\w+) 的值")


def _warnings_text(warnings: Sequence[str]) -> str:
    """The 本机 group's line on station.json's invalid values: which ones and the file (each whole
    warning is in the tooltip; two short lines keep the dialog within a 1366×768 screen)."""
    if not warnings:
        return ""
    named = [match for warning in warnings if (match := _NAMED.match(warning))]
    if not named:  # the file as a whole could not be read: its one warning is short
        return warnings[0]
    names = "、".join(dict.fromkeys(match["name"] for match in named))
    return f"本机设置中 {names} 的值无效，已改用默认值（详情见提示）\n文件：{named[0]['path']}"
