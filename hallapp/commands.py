"""The sub-commands of ``hallapp`` (see ``cli.py``), printing plain text for a terminal."""

from __future__ import annotations

import argparse
import sys

from hallapp.config import AppPaths
from hallapp.domain.access import AccessDenied
from hallapp.domain.catalogue import Guide
from hallapp.domain.search import SearchFilter
from hallapp.logs import setup_logging
from hallapp.services.catalogue_files import CatalogueError, read_catalogue


def format_guide(guide: Guide) -> str:
    """A guide as plain text, in the order a clerk reads it."""
    lines = [
        f"{guide.name}",
        f"事项编码: {guide.code}",
        f"实施部门: {guide.department.name}",
        f"事项类型: {guide.matter_type.value}    服务对象: {'、'.join(a.value for a in guide.applicant_types)}",
        f"标记: {' '.join(guide.flag_labels) or '无'}",
        f"办理时限: {guide.time_limit_label}"
        + (f"  (法定 {guide.statutory_limit_days} 个工作日)" if guide.statutory_limit_days else ""),
        f"收费: {guide.fees}",
        f"办理地点: {guide.place}  {guide.windows}",
        f"办理时间: {guide.hours}",
        f"咨询电话: {'; '.join(guide.phones)}",
        f"到现场次数: {guide.visits}",
    ]
    if guide.online_url:
        lines.append(f"网上办理: {guide.online_url}")
    if guide.deferrable:
        cap = f", 最多 {guide.max_deferred} 项" if guide.max_deferred else ""
        lines.append(f"容缺受理: 可容缺{cap}")
    lines += ["", "受理条件:", guide.conditions, "", "申请材料:"]
    for number, material in enumerate(guide.materials, start=1):
        tags = ["必要" if material.required else "非必要"]
        if material.deferrable:
            tags.append("可容缺")
        if material.licence_type_name:
            tags.append(f"电子证照: {material.licence_type_name}")
        lines.append(f"  {number}. {material.name}  {material.form_label}  [{' | '.join(tags)}]")
        if material.notes:
            lines.append(f"     审查要点: {material.notes}")
    lines += ["", "办理流程:", guide.procedure, "", "设定依据:", guide.legal_basis]
    return "\n".join(lines)


def _backup_or_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    """``backup``: copy and verify the database now. ``restore``: list the backups, or put FILE in place."""
    from pathlib import Path

    from hallapp.services.backups import POSTGRES_MESSAGE, BackupError, backup_now, restore
    from hallapp.store.backup import list_backups

    setup_logging(paths.log_dir)
    try:
        if args.command == "backup":
            print(f"已备份并校验: {backup_now(paths)}")
            return 0
        if paths.database_file is None:
            raise BackupError(POSTGRES_MESSAGE)
        if not args.file:
            backups = list_backups(paths.backup_dir)
            if not backups:
                print(f"备份文件夹 {paths.backup_dir} 里没有备份。", file=sys.stderr)
                return 1
            for backup in backups:
                state = {True: "已校验", False: "校验未通过", None: "未校验"}[backup.verified]
                print(
                    f"{backup.taken_at:%Y-%m-%d %H:%M:%S}\t{backup.size / 1048576:.1f} MB\t{state}\t{backup.path}"
                )
            print("恢复: hallapp restore 文件", file=sys.stderr)
            return 0
        chosen = Path(args.file)
        if not chosen.exists() and (paths.backup_dir / args.file).exists():
            chosen = paths.backup_dir / args.file
        print(
            "注意：恢复前请先在所有窗口关闭 HallApp，否则正在办理的业务会写入被替换的数据库。",
            file=sys.stderr,
        )
        result = restore(paths, chosen)
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"已用 {result.backup.name} 恢复数据库 {result.database_file}")
    for moved in result.set_aside:
        print(f"原文件已移到: {moved}")
    return 0


PUBLIC_COMMANDS = ("search", "show")  # the catalogue is public; everything else acts for someone


def _sign_in(app, args: argparse.Namespace) -> str:
    """Once accounts exist, a command acts for a signed-in person whose rights the services check.
    Returns why not ("" when signed in, or when the command needs nobody)."""
    import getpass
    import os

    from hallapp.services.accounts import LoginFailed, authenticate, needs_first_admin

    if args.command in PUBLIC_COMMANDS or needs_first_admin(app.uow()):
        return ""
    user = getattr(args, "user", None)
    if not user:
        return "请用 --user 指定账户登录（密码取自 HALLAPP_PASSWORD，或在此输入）。"
    password = os.environ.get("HALLAPP_PASSWORD") or getpass.getpass(f"{user} 的密码：")
    try:
        app.principal = authenticate(app.uow(write=True), user, password)
    except LoginFailed as error:
        return str(error)
    return ""


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.command == "catalogue" and args.action == "check":
        try:
            source = read_catalogue(paths.catalogue_dir)
        except CatalogueError as error:
            print(error, file=sys.stderr)
            return 1
        print(
            f"目录文件无误: {len(source.departments)} 个部门, {len(source.licence_types)} 种电子证照, "
            f"{len(source.guides)} 个事项"
        )
        return 0

    if args.command in ("backup", "restore"):  # never opens the database: it may be the damaged one
        return _backup_or_restore(args, paths)

    from hallapp.services.bootstrap import open_app
    from hallapp.services.catalogue import get_guide, load_catalogue

    setup_logging(paths.log_dir)
    try:
        app = open_app(paths, load_shipped_catalogue=args.command != "catalogue")
    except CatalogueError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        refusal = _sign_in(app, args)
        if refusal:
            print(refusal, file=sys.stderr)
            return 1
        if args.command == "catalogue":
            try:
                result = load_catalogue(app.uow(write=True), paths.catalogue_dir, force=args.force)
            except CatalogueError as error:
                print(error, file=sys.stderr)
                return 1
            if result.skipped:
                print("目录文件未变化, 无需载入。")
            else:
                print(f"已载入: 新增 {result.added}, 更新 {result.updated}, 停用 {result.deactivated}")
            return 0
        if args.command == "search":
            app.search.prepare()
            search_filter = SearchFilter(args.department, args.deferrable, args.instant, args.delegated)
            hits = app.search.search(args.query, search_filter, args.limit)
            if not hits:
                print(f"没有找到与「{args.query}」相符的事项。", file=sys.stderr)
                return 1
            for hit in hits:
                print(f"{hit.code}\t{hit.name}\t{hit.department}")
            return 0
        if args.command == "receipt":
            return _receipt(app, args)
        if args.command in ("due", "remind"):
            return _due(app, args)
        if args.command == "export":
            return _export(app, args)
        if args.command == "licences":
            return _licences(app, args)
        if args.command == "audit":
            return _audit(app, args)
        if args.command == "show":
            guide = get_guide(app.uow(), args.code.strip())
            if guide is None:
                print(f"没有编码为「{args.code}」的事项。可先用 hallapp search 查找编码。", file=sys.stderr)
                return 1
            print(format_guide(guide))
            return 0
    except AccessDenied as error:  # the service layer refused this person: say so, change nothing
        print(error, file=sys.stderr)
        return 1
    finally:
        app.close()
    return 2


def _receipt(app, args: argparse.Namespace) -> int:
    """Reprint one document of a case to ``--out`` (an original if it was never printed)."""
    import shutil

    from hallapp.printing.errors import PrintingError
    from hallapp.printing.model import DocumentKind
    from hallapp.services.cases import case_detail
    from hallapp.services.documents import KINDS, DocumentError, produce_documents

    detail = case_detail(app.uow(), args.number)
    if detail is None:
        print(f"没有编号为「{args.number}」的办件。", file=sys.stderr)
        return 1
    kind = DocumentKind[args.kind.upper()] if args.kind else KINDS[detail.row.decision][-1]
    printed_before = any(d.kind == kind.name for d in detail.documents)
    settings = app.settings()
    try:
        (document,) = produce_documents(
            app.uow(write=True),
            args.number,
            data_dir=app.paths.data_dir,
            settings=settings,
            actor=settings.clerk,
            copy=printed_before,
            kinds=(kind,),
        )
    except (DocumentError, PrintingError, AccessDenied) as error:
        print(error, file=sys.stderr)
        return 1
    shutil.copyfile(document.path, args.out)
    print(f"已输出{'（副本）' if document.is_copy else ''}{kind.title}: {args.out}")
    return 0


def _licences(app, args: argparse.Namespace) -> int:
    """Import a licence file into the local registry (all or nothing), or list the licences of a holder."""
    from datetime import date

    from hallapp.domain.identity import check_credit_code, check_resident_id, mask_id, normalise_id
    from hallapp.domain.licences import LicenceServiceUnavailable
    from hallapp.licences import LocalLicenceRegistry, import_licences, make_provider
    from hallapp.store.catalogue_repo import licence_types

    if args.licences_action == "import":
        report = import_licences(app.uow(write=True), args.file)
        for problem in report.problems:
            print(problem, file=sys.stderr)
        if not report.ok:
            print("未导入任何证照：请修改文件后重新导入。", file=sys.stderr)
            return 1
        print(f"已导入: {report.summary}")
        return 0
    with app.uow() as uow:
        names = {t.code: t.name for t in licence_types(uow.session)}
    provider = make_provider(app.settings(), app.uow) or LocalLicenceRegistry(app.uow)
    holder = normalise_id(args.id_number)
    person, organisation = check_resident_id(holder), check_credit_code(holder)
    if not (person.ok or organisation.ok):
        errors = person.errors if holder[:17].isdigit() else organisation.errors
        print(f"不是有效的身份证号码或统一社会信用代码：{'；'.join(errors)}", file=sys.stderr)
        return 1
    try:
        held = provider.lookup(holder, names)
    except LicenceServiceUnavailable as error:
        print(error, file=sys.stderr)
        return 1
    if not held:
        print(f"{provider.name}中没有 {mask_id(holder)} 的电子证照。", file=sys.stderr)
        return 1
    today = date.today()
    print(f"{mask_id(holder)} {held[0].holder_name}: {len(held)} 张电子证照（{provider.name}）")
    for licence in held:
        number = mask_id(licence.number) if normalise_id(licence.number) == holder else licence.number
        state = (licence.problem(today) or "可用").replace(licence.number, number)
        print(
            f"{names.get(licence.type_code, licence.type_code)}\t{number}\t{licence.issuer}\t"
            f"{licence.validity_label}\t{state}"
        )
    return 0


def _due(app, args: argparse.Namespace) -> int:
    """List (``due``) or remind (``remind``) the deferred cases due within N working days."""
    import shutil

    from hallapp.services.board import board_rows, due_within
    from hallapp.services.followup import record_reminders
    from hallapp.services.followup_documents import reminder_batch

    if args.within < 0:
        print("--within 应为 0 或正整数（工作日）", file=sys.stderr)
        return 2
    rows = due_within(board_rows(app.uow(), calendar=app.calendar), args.within, include_overdue=args.overdue)
    if args.command == "due":
        if not rows:
            print(f"{args.within} 个工作日内没有到期的容缺办件。")
        for row in rows:
            left = f"逾期 {-row.days_left} 个工作日" if row.overdue else f"剩 {row.days_left} 个工作日"
            print(
                f"{row.number}\t{row.deadline:%Y-%m-%d}\t{left}\t{row.applicant_name}\t{row.matter_name}\t"
                f"{'、'.join(row.missing)}"
            )
        return 0
    if not rows:
        print(f"{args.within} 个工作日内没有到期的容缺办件，无需催补。")
        return 0
    settings = app.settings()
    numbers = [row.number for row in rows]
    path = reminder_batch(
        app.uow(write=True), numbers, data_dir=app.paths.data_dir, settings=settings, actor=settings.clerk
    )
    record_reminders(app.uow(write=True), numbers, method=args.method, actor=settings.clerk)
    shutil.copyfile(path, args.out)
    print(f"已输出 {len(numbers)} 份催补通知: {args.out}")
    return 0


def _audit(app, args: argparse.Namespace) -> int:
    """Verify the audit chain (exit 1 at the first broken record), or print its head and record count."""
    from hallapp.services.audit import audit_head, check_printed_head, verify_audit

    if args.audit_action == "head":
        state = audit_head(app.uow())
        print(f"链头 {state.head}，共 {state.count} 条记录")
        return 0
    report = verify_audit(app.uow(write=True))
    if report.ok and args.head:
        try:
            report = check_printed_head(app.uow(), args.head, args.count)
        except ValueError as error:
            print(error, file=sys.stderr)
            return 2
    if not report.ok:
        where = f"在第 {report.first_broken} 条记录处" if report.first_broken else ""
        print(f"审计链{where}断裂：{report.reason}", file=sys.stderr)
        return 1
    print(f"审计链完整：{report.count} 条记录，链头 {report.head}")
    return 0


def _export(app, args: argparse.Namespace) -> int:
    """Export the cases of a period to CSV or Excel, personal data masked, formulas defused."""
    from pathlib import Path

    from hallapp.services.export import ExportError, export_cases

    settings = app.settings()
    try:
        rows = export_cases(
            app.uow(write=True), Path(args.out), since=args.since, until=args.until, actor=settings.clerk
        )
    except ExportError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"已导出 {rows} 件办件到 {args.out}（证件号码和电话已遮盖）")
    return 0
