"""The settings dialog's 本机设备 group: the ID-card reader, the queue system, the screen turned to the
applicant and the evaluation pad of this counter PC.

A pure part of the form: it shows ``StationSettings``' device fields, gives back what is typed
(``values()``, for ``dataclasses.replace``) and puts the cursor on the field a problem names. A field
that the chosen device does not use (the port of a fake reader, the address of a queue that is off) is
disabled, so the form never asks for what does not apply; the values stay as typed and are saved as
they are (the checks in ``StationSettings.device_problems`` only ask for what the choice needs).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from hallapp.services.settings import StationSettings
from hallapp.ui.settings_parts import line, make_read_only, spin

CARD_LABELS = {"off": "不使用", "serial": "串口", "sdtapi": "SDK（sdtapi）", "fake": "模拟"}
QUEUE_LABELS = {"off": "不使用", "http": "HTTP", "fake": "模拟"}
FACING_LABELS = {"auto": "自动（第二屏）", "window": "单独窗口", "off": "不显示"}
PAD_LABELS = {"off": "不使用", "websocket": "WebSocket", "fake": "模拟"}

# Where the cursor goes for a device problem, by how its sentence starts (StationSettings.device_problems).
PROBLEM_FIELDS = (
    ("读卡器类型", "card_box"),
    ("读卡器端口", "card_port_edit"),
    ("串口读卡器", "card_port_edit"),
    ("SDK 读卡器", "card_port_edit"),
    ("排队叫号来源", "queue_box"),
    ("排队叫号系统地址", "queue_url_edit"),
    ("排队叫号超时", "queue_timeout_spin"),
    ("对外显示屏", "facing_box"),
    ("评价器只能", "pad_box"),
    ("评价器地址", "pad_url_edit"),
    ("评价器等待", "pad_timeout_spin"),
)


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDevices", text)


def chooser(labels: dict[str, str], current: str) -> QComboBox:
    """A choice of codes shown in words; a stored code it does not know is shown as is (so the problem
    can name it) rather than silently replaced."""
    box = QComboBox()
    for code, label in labels.items():
        box.addItem(tr(label), code)
    if box.findData(current) < 0:
        box.addItem(current, current)
    box.setCurrentIndex(box.findData(current))
    return box


class DeviceFields:
    """The 本机设备 group's widgets; ``box`` is placed by the settings dialog, ``fields`` in tab order."""

    def __init__(self, station: StationSettings, read_only_reason: str = "") -> None:
        self.card_box = chooser(CARD_LABELS, station.card_adapter)
        self.card_port_edit = line(station.card_port, tr("如 COM3、/dev/ttyUSB0；SDK：1001–1016"))
        self.queue_box = chooser(QUEUE_LABELS, station.queue_source)
        self.queue_url_edit = line(station.queue_url, "http://…")
        self.queue_timeout_spin = spin(200, 10_000, station.queue_timeout_ms, tr(" 毫秒"), 500)
        self.facing_box = chooser(FACING_LABELS, station.facing_screen)
        self.pad_box = chooser(PAD_LABELS, station.pad_source)
        self.pad_url_edit = line(station.pad_url, "ws://…")
        self.pad_timeout_spin = spin(5_000, 300_000, station.pad_timeout_ms, tr(" 毫秒"), 5_000)
        # Five rows, in reading (and tab) order: the group must leave the dialog within a 1366×768 screen.
        cells: list[list[tuple[str, QWidget]]] = [
            [(tr("读卡器(&C)"), self.card_box), (tr("端口(&I)"), self.card_port_edit)],
            [(tr("排队叫号(&J)"), self.queue_box), (tr("超时"), self.queue_timeout_spin)],
            [(tr("叫号地址(&X)"), self.queue_url_edit)],
            [(tr("对外显示屏(&V)"), self.facing_box), (tr("评价器(&B)"), self.pad_box)],
            [(tr("评价器地址(&S)"), self.pad_url_edit), (tr("等待"), self.pad_timeout_spin)],
        ]
        self.fields: list[QWidget] = [field for row in cells for _text, field in row]
        self.box = QGroupBox(tr("本机设备") + ("（只读）" if read_only_reason else ""))
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(5)
        self.labels: dict[QWidget, QLabel] = {}
        for row, pairs in enumerate(cells):
            for column, (text, field) in enumerate(pairs):
                label = QLabel(text)
                label.setBuddy(field)
                self.labels[field] = label
                grid.addWidget(label, row, 2 * column)
                grid.addWidget(field, row, 2 * column + 1, 1, 3 if len(pairs) == 1 else 1)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        # No hint line under the group: the dialog must stay within a 1366×768 screen; the fields say
        # what they want in their placeholders and tooltips.
        self.pad_box.setToolTip(tr("评价器放在窗口台面上，代替对外显示屏上的评价"))
        self.facing_box.setToolTip(tr("自动：有第二块屏幕时在第二屏上显示，否则不显示"))
        layout = QVBoxLayout(self.box)
        layout.addLayout(grid)
        for box in (self.card_box, self.queue_box, self.pad_box):
            box.currentIndexChanged.connect(self.follow_choices)
        self.read_only = bool(read_only_reason)
        if self.read_only:
            make_read_only(self.fields)
        self.follow_choices()

    def applies(self) -> dict[QWidget, bool]:
        """Which of the dependent fields the chosen devices use."""
        card, queue, pad = (
            self.card_box.currentData(),
            self.queue_box.currentData(),
            self.pad_box.currentData(),
        )
        return {
            self.card_port_edit: card in ("serial", "sdtapi"),
            self.queue_url_edit: queue == "http",
            self.queue_timeout_spin: queue == "http",
            self.pad_url_edit: pad == "websocket",
            self.pad_timeout_spin: pad not in ("off", None),
        }

    def follow_choices(self) -> None:
        """Enable the fields the choices use, disable the others (with their labels)."""
        for field, used in self.applies().items():
            field.setEnabled(used)
            self.labels[field].setEnabled(used)

    def values(self) -> dict[str, object]:
        """The device fields as typed, by ``StationSettings`` field name (not yet checked)."""
        return {
            "card_adapter": self.card_box.currentData(),
            "card_port": self.card_port_edit.text().strip(),
            "queue_source": self.queue_box.currentData(),
            "queue_url": self.queue_url_edit.text().strip(),
            "queue_timeout_ms": self.queue_timeout_spin.value(),
            "facing_screen": self.facing_box.currentData(),
            "pad_source": self.pad_box.currentData(),
            "pad_url": self.pad_url_edit.text().strip(),
            "pad_timeout_ms": self.pad_timeout_spin.value(),
        }

    def focus_problem(self, problem: str) -> bool:
        """Put the cursor on the field ``problem`` is about; False when it is not a device's."""
        for start, name in PROBLEM_FIELDS:
            if problem.startswith(start):
                field: QWidget = getattr(self, name)
                field.setFocus()
                if isinstance(field, QLineEdit):
                    field.selectAll()
                return True
        return False
