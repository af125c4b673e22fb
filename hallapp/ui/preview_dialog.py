"""Preview of a case's documents, and printing them through Qt's print dialog.

The PDFs shown are the archived ones, so what is printed is exactly what was stored.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from hallapp.ui.screen import fit_to_screen


def print_pdfs(paths: list[Path], printer: QPrinter) -> int:
    """Send every page of ``paths`` to ``printer``, scaled to the printable area. Returns pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("打印机无法开始打印")
    printed = 0
    try:
        for path in paths:
            document = QPdfDocument()
            document.load(str(path))
            for page in range(document.pageCount()):
                if printed:
                    printer.newPage()
                area = printer.pageLayout().paintRectPixels(printer.resolution())
                size = (
                    document.pagePointSize(page)
                    .toSize()
                    .scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                )
                image = document.render(page, QSize(size.width(), size.height()))
                painter.drawImage(QPointF(0, 0), image)
                printed += 1
            document.close()
    finally:
        painter.end()
    return printed


class PreviewDialog(QDialog):
    """One tab per document; Ctrl+P prints them all, Esc closes."""

    def __init__(self, documents: list[tuple[str, Path]], title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_to_screen(self, 820, 960)  # 打印/关闭 stay on a 768-pixel screen
        self.paths = [path for _label, path in documents]
        self._documents: list[QPdfDocument] = []
        self.tabs = QTabWidget()
        for label, path in documents:
            document = QPdfDocument(self)
            document.load(str(path))
            view = QPdfView()
            view.setDocument(document)
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self._documents.append(document)
            self.tabs.addTab(view, label)
        self.status = QLabel(self.tr("文书已存档；按 Ctrl+P 打印，Esc 关闭。"))
        print_button = QPushButton(self.tr("打印(&P)…"))
        print_button.setDefault(True)
        print_button.clicked.connect(self.print_all)
        close_button = QPushButton(self.tr("关闭"))
        close_button.clicked.connect(self.accept)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_all)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(print_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    def page_counts(self) -> list[int]:
        return [document.pageCount() for document in self._documents]

    def print_all(self, printer: QPrinter | None = None) -> int:
        """Ask for a printer (unless one is given) and print every document; returns pages printed."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
        try:
            pages = print_pdfs(self.paths, printer)
        except OSError as error:
            self.status.setText(str(error))
            return 0
        self.status.setText(self.tr("已送打印：{0} 页").format(pages))
        return pages
