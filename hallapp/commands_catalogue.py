"""``hallapp catalogue import FILE`` and ``hallapp catalogue export --out FILE`` (administrator).

The import prints the same preview the window shows — the summary, the matters added, changed (field by
field), missing from the file, refused, and every problem of the file with its place — and applies it
only without ``--dry-run``, in one transaction. Long lists are cut with 「……还有 N 项」.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hallapp.config import AppPaths

if TYPE_CHECKING:
    from hallapp.services.session import CounterSession

LIST_CAP = 20  # matters printed per list
PROBLEM_CAP = 50  # problem lines printed
VALUE_CAP = 120  # characters of an old or new value


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """Sign in as ``--user`` and import or export the catalogue."""
    from hallapp.commands import open_installation, sign_in
    from hallapp.logs import setup_logging

    setup_logging(paths.log_dir)
    app = open_installation(paths, load_shipped_catalogue=False)
    try:
        session = sign_in(app, args)
        if args.action == "export":
            return export(session, args)
        return import_file(session, args)
    finally:
        app.close()


def export(session: CounterSession, args: argparse.Namespace) -> int:
    count = session.export_catalogue(Path(args.out)).value
    print(f"已导出 {count} 个事项到 {args.out}（再次导入这个文件不会改变目录）")
    return 0


def _line(value: str) -> str:
    text = " ".join(value.split()) or "（空）"
    return text if len(text) <= VALUE_CAP else f"{text[:VALUE_CAP]}…（共 {len(text)} 个字符）"


def _more(shown: int, total: int) -> list[str]:
    return [f"  ……还有 {total - shown} 项"] if total > shown else []


def preview_lines(report: dict[str, Any], *, withdraw_missing: bool) -> list[str]:
    """The preview as lines of text (``worker.preview_report`` cut to what a terminal shows)."""
    counts = report["counts"]
    lines = [f"预览 {report['file']}：", report["summary_withdraw" if withdraw_missing else "summary"]]

    def section(title: str, key: str, rows: list[str], note: str = "") -> None:
        total = counts[key]
        unit = "条" if key == "problems" else "项"
        if total:
            head = f"{title}（{total} {unit}{'，' + note if note else ''}）："
            lines.extend(["", head, *rows, *_more(len(report[key]), total)])

    section("新增", "added", [f"  {code}  {name}  {dept}" for code, name, dept in report["added"]])
    changed: list[str] = []
    for matter in report["changed"]:
        changed.append(f"  {matter['code']}  {matter['name']}")
        changed += [f"    {label}：{_line(old)} → {_line(new)}" for label, old, new in matter["changes"]]
    section("修改", "changed", changed)
    section("恢复（曾撤下，文件中又有）", "reactivated", [f"  {c}  {n}" for c, n in report["reactivated"]])
    fate = "将撤下" if withdraw_missing else "保留不动；加 --withdraw-missing 才撤下"
    section("文件中没有的事项", "missing", [f"  {c}  {n}" for c, n in report["missing"]], fate)
    section(
        "不导入",
        "refused",
        [f"  {r['code']}  {r['name']}：{'；'.join(r['reasons'])}" for r in report["refused"]],
    )
    section("文件问题", "problems", [f"  {p['text']}" for p in report["problems"]])
    return lines


def import_file(session: CounterSession, args: argparse.Namespace) -> int:
    """Preview ``FILE``; apply it unless ``--dry-run``. Exit 1 when nothing of it can be imported."""
    from hallapp.services.catalogue_import.worker import preview_report

    progress = _progress if sys.stderr.isatty() else None
    preview = session.preview_import(
        args.folder, format=args.format, mapping_file=args.mapping, progress=progress
    )
    if progress is not None:
        print(file=sys.stderr)
    report = preview_report(preview, cap=LIST_CAP, problem_cap=PROBLEM_CAP)
    print("\n".join(preview_lines(report, withdraw_missing=args.withdraw_missing)))
    print()
    if not preview.accepted:
        print("文件中没有可以导入的事项：现有目录保持不变。请修改文件后重新导入。", file=sys.stderr)
        return 1
    if args.dry_run:
        print("试运行（--dry-run）：没有写入任何内容。去掉 --dry-run 即按以上预览导入。")
        return 0
    result = session.apply_import(preview, withdraw_missing=args.withdraw_missing).value
    print(
        f"已导入：新增 {result.added} 项，修改 {result.updated} 项，撤下 {result.withdrawn} 项，"
        f"未变 {result.unchanged} 项。"
    )
    return 0


def _progress(stage: str, done: int, total: int) -> None:
    shown = f"{stage} {done}/{total}" if total > 1 else stage
    print(f"\r{shown}…\033[K", end="", file=sys.stderr, flush=True)
