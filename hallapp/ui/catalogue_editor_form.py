"""The catalogue editor's guide form: every element of a 办事指南 but its materials and situations.

Two pages: 基本信息 (name, department, type, applicant types, legal basis, conditions, procedure) and
办理信息 (time limits, fees, place, windows, hours, phones, the 容缺 / 秒批 / 就近办 flags and the
deferral cap). The form only shows a guide and reads one back (``guide_from``); the rules decide.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.catalogue import ApplicantType, Department, Guide, MatterType

PHONE_SEPARATORS = re.compile(r"[、,，;；\n]+")


def split_phones(text: str) -> list[str]:
    """Complaint phones typed in one field, separated by 、 , or ;."""
    return [p.strip() for p in PHONE_SEPARATORS.split(text) if p.strip()]


def _text_box(lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)  # Tab leaves the box: the form is filled with the keyboard
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def _spin(maximum: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setMinimumWidth(90)
    return spin


def _scrolled(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(inner)
    return area


class GuideForm(QObject):
    """The widgets of one guide's own fields, on ``basic_page`` and ``handling_page``."""

    changed = Signal()
    # The fields on the 基本信息 page; the others are on 办理信息.
    BASIC_FIELDS = frozenset(
        ("name", "department", "matter_type", "applicant_types", "legal_basis", "conditions", "procedure")
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.code_label = QLabel()
        self.code_label.setObjectName("matterCode")
        self.name = QLineEdit()
        self.department = QComboBox()
        self.matter_type = QComboBox()
        for kind in MatterType:
            self.matter_type.addItem(kind.value, kind.value)
        self.applicant_boxes = {kind: QCheckBox(kind.value) for kind in ApplicantType}
        self.legal_basis = _text_box(4)
        self.conditions = _text_box(5)
        self.procedure = _text_box(5)

        self.statutory = _spin(3650)
        self.promised = _spin(3650)
        self.on_the_spot = QCheckBox("即办件（当场办结）")
        self.visits = _spin(9)
        self.fees = QLineEdit()
        self.place = QLineEdit()
        self.windows = QLineEdit()
        self.hours = QLineEdit()
        self.consultation_phone = QLineEdit()
        self.consultation_phone.setPlaceholderText("如 0755-8490 8631")
        self.complaint_phones = QLineEdit()
        self.complaint_phones.setPlaceholderText("如 12345，多个用顿号分隔")
        self.online_url = QLineEdit()
        self.deferrable = QCheckBox("容缺受理")
        self.max_deferred = _spin(20)
        self.max_deferred.setSpecialValueText("不限")
        self.instant_approval = QCheckBox("秒批")
        self.delegated = QCheckBox("就近办（下放党群服务中心）")

        self.basic_page = _scrolled(self._basic())
        self.handling_page = _scrolled(self._handling())
        self.fields: dict[str, QWidget] = {
            "name": self.name,
            "department": self.department,
            "matter_type": self.matter_type,
            "applicant_types": self.applicant_boxes[ApplicantType.PERSON],
            "legal_basis": self.legal_basis,
            "conditions": self.conditions,
            "procedure": self.procedure,
            "statutory_limit_days": self.statutory,
            "promised_limit_days": self.promised,
            "on_the_spot": self.on_the_spot,
            "visits": self.visits,
            "fees": self.fees,
            "place": self.place,
            "windows": self.windows,
            "hours": self.hours,
            "phones": self.consultation_phone,
            "online_url": self.online_url,
            "deferrable": self.deferrable,
            "max_deferred": self.max_deferred,
            "instant_approval": self.instant_approval,
            "delegated": self.delegated,
        }
        for widget in self.fields.values():
            self._watch(widget)
        for box in self.applicant_boxes.values():
            self._watch(box)
        self._watch(self.complaint_phones)

    def _watch(self, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._changed)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._changed)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(self._changed)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def _basic(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        applicants = QHBoxLayout()
        for box in self.applicant_boxes.values():
            applicants.addWidget(box)
        applicants.addStretch(1)
        rows: Sequence[tuple[str, QWidget | QHBoxLayout, str, QWidget | QHBoxLayout | None]] = (
            ("事项编码", self.code_label, "服务对象", applicants),
            ("事项名称(&N)", self.name, "事项类型", self.matter_type),
            ("实施主体(&B)", self.department, "", None),
        )
        for row, (label, widget, label2, widget2) in enumerate(rows):
            self._put(grid, row, 0, label, widget)
            if widget2 is not None:
                self._put(grid, row, 2, label2, widget2)
        for row, (label, box) in enumerate(
            (("设定依据", self.legal_basis), ("受理条件", self.conditions), ("办理流程", self.procedure)),
            start=len(rows),
        ):
            self._put(grid, row, 0, label, box, span=3)
        grid.setRowStretch(len(rows) + 3, 1)
        return page

    def _handling(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        limits = QGroupBox("办结时限（工作日）")
        grid = QGridLayout(limits)
        self._put(grid, 0, 0, "法定时限(&D)", self.statutory)
        self._put(grid, 0, 2, "承诺时限(&R)", self.promised)
        grid.addWidget(self.on_the_spot, 0, 4)
        self._put(grid, 0, 5, "到现场次数", self.visits)
        grid.setColumnStretch(7, 1)
        flags = QGroupBox("事项标识")
        flag_row = QHBoxLayout(flags)
        flag_row.addWidget(self.deferrable)
        cap = QLabel("容缺材料上限(&X)")
        cap.setBuddy(self.max_deferred)
        flag_row.addWidget(cap)
        flag_row.addWidget(self.max_deferred)
        flag_row.addSpacing(24)
        flag_row.addWidget(self.instant_approval)
        flag_row.addSpacing(24)
        flag_row.addWidget(self.delegated)
        flag_row.addStretch(1)
        where = QGroupBox("办理地点与咨询")
        form = QGridLayout(where)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        self._put(form, 0, 0, "办理地点", self.place, span=3)
        self._put(form, 1, 0, "办理窗口", self.windows)
        self._put(form, 1, 2, "收费", self.fees)
        self._put(form, 2, 0, "办理时间", self.hours, span=3)
        self._put(form, 3, 0, "咨询电话(&P)", self.consultation_phone)
        self._put(form, 3, 2, "监督投诉电话", self.complaint_phones)
        self._put(form, 4, 0, "网上办理地址", self.online_url, span=3)
        layout.addWidget(limits)
        layout.addWidget(flags)
        layout.addWidget(where)
        layout.addStretch(1)
        return page

    @staticmethod
    def _put(
        grid: QGridLayout, row: int, column: int, text: str, widget: QWidget | QHBoxLayout, span: int = 1
    ) -> None:
        label = QLabel(text)
        grid.addWidget(label, row, column)
        if isinstance(widget, QHBoxLayout):
            grid.addLayout(widget, row, column + 1, 1, span)
            return
        label.setBuddy(widget)
        grid.addWidget(widget, row, column + 1, 1, span)

    # -- a guide in, a guide out ---------------------------------------------------------------------------

    def set_departments(self, departments: Sequence[Department]) -> None:
        self._departments = {d.code: d for d in departments}
        self._loading = True
        self.department.clear()
        for d in departments:
            self.department.addItem(d.short_name or d.name, d.code)
        self._loading = False

    def set_guide(self, guide: Guide) -> None:
        """Show ``guide`` (no ``changed`` signal)."""
        self._loading = True
        try:
            self.code_label.setText(guide.code)
            self.name.setText(guide.name)
            index = self.department.findData(guide.department.code)
            if index < 0:
                self.department.addItem(guide.department.short_name, guide.department.code)
                index = self.department.count() - 1
            self.department.setCurrentIndex(index)
            self.matter_type.setCurrentIndex(self.matter_type.findData(guide.matter_type.value))
            for kind, box in self.applicant_boxes.items():
                box.setChecked(kind in guide.applicant_types)
            self.legal_basis.setPlainText(guide.legal_basis)
            self.conditions.setPlainText(guide.conditions)
            self.procedure.setPlainText(guide.procedure)
            self.statutory.setValue(guide.statutory_limit_days)
            self.promised.setValue(guide.promised_limit_days)
            self.on_the_spot.setChecked(guide.on_the_spot)
            self.visits.setValue(guide.visits)
            for edit, value in (
                (self.fees, guide.fees),
                (self.place, guide.place),
                (self.windows, guide.windows),
                (self.hours, guide.hours),
                (self.online_url, guide.online_url),
                (self.consultation_phone, guide.phones[0] if guide.phones else ""),
                (self.complaint_phones, "、".join(guide.phones[1:])),
            ):
                edit.setText(value)
                edit.setCursorPosition(0)
            self.deferrable.setChecked(guide.deferrable)
            self.max_deferred.setValue(guide.max_deferred)
            self.instant_approval.setChecked(guide.instant_approval)
            self.delegated.setChecked(guide.delegated)
        finally:
            self._loading = False

    def guide_from(self, base: Guide) -> Guide:
        """``base`` with what the form holds now (its materials and situations untouched)."""
        code = self.department.currentData()
        department = getattr(self, "_departments", {}).get(code, base.department)
        consultation = self.consultation_phone.text().strip()
        complaints = split_phones(self.complaint_phones.text())
        phones = (consultation, *complaints) if (consultation or complaints) else ()
        return replace(
            base,
            name=self.name.text().strip(),
            department=department,
            matter_type=MatterType(self.matter_type.currentData()),
            applicant_types=tuple(k for k, box in self.applicant_boxes.items() if box.isChecked()),
            legal_basis=self.legal_basis.toPlainText(),
            conditions=self.conditions.toPlainText(),
            procedure=self.procedure.toPlainText(),
            statutory_limit_days=self.statutory.value(),
            promised_limit_days=self.promised.value(),
            on_the_spot=self.on_the_spot.isChecked(),
            visits=self.visits.value(),
            fees=self.fees.text(),
            place=self.place.text(),
            windows=self.windows.text(),
            hours=self.hours.text(),
            phones=phones,
            online_url=self.online_url.text(),
            deferrable=self.deferrable.isChecked(),
            max_deferred=self.max_deferred.value(),
            instant_approval=self.instant_approval.isChecked(),
            delegated=self.delegated.isChecked(),
        )
