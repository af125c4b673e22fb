"""``hallapp licences import FILE`` and ``hallapp licences show ID_NUMBER``, through the counter session."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from hallapp.domain.access import AccessDenied, Permission
from hallapp.store.db import UnitOfWork

if TYPE_CHECKING:
    from hallapp.services.session import CounterSession


def _licence_type_names(session: CounterSession) -> dict[str, str]:
    """The catalogue's licence types by code. The session has no method for them; the catalogue is
    public, so this reads it for nobody in particular, like ``show``."""
    from hallapp.store.catalogue_repo import licence_types

    with UnitOfWork(session.context.engine) as uow:
        return {t.code: t.name for t in licence_types(uow.session)}


def run(session: CounterSession, args: argparse.Namespace) -> int:
    """Import a licence file into the local registry (all or nothing), or list the licences of a holder."""
    from datetime import date

    from hallapp.domain.identity import check_credit_code, check_resident_id, mask_id, normalise_id
    from hallapp.domain.licences import LicenceServiceUnavailable

    if args.licences_action == "import":
        report = session.import_licences(args.file).value
        for problem in report.problems:
            print(problem, file=sys.stderr)
        if not report.ok:
            print("未导入任何证照：请修改文件后重新导入。", file=sys.stderr)
            return 1
        print(f"已导入: {report.summary}")
        return 0
    if not (session.may(Permission.INTAKE) or session.may(Permission.LICENCES)):
        principal = session.principal
        raise AccessDenied(
            f"{principal.role.label}（{principal.display_name}）无权查询电子证照，请由窗口人员或系统管理员查询。"
        )
    provider = session.licences
    if provider is None:
        print("本机已关闭电子证照查询（设置 → 本机 → 电子证照来源）。", file=sys.stderr)
        return 1
    holder = normalise_id(args.id_number)
    person, organisation = check_resident_id(holder), check_credit_code(holder)
    if not (person.ok or organisation.ok):
        errors = person.errors if holder[:17].isdigit() else organisation.errors
        print(f"不是有效的身份证号码或统一社会信用代码：{'；'.join(errors)}", file=sys.stderr)
        return 1
    names = _licence_type_names(session)
    try:
        held = session.lookup_licences(holder, names)
    except LicenceServiceUnavailable as error:
        print(error, file=sys.stderr)
        return 1
    if not held:
        print(f"{provider.name}中没有 {mask_id(holder)} 的电子证照。", file=sys.stderr)
        return 1
    today = date.today()
    print(f"{mask_id(holder)} {held[0].holder_name}: {len(held)} 张电子证照（{provider.name}）")
    for licence in held:
        number = licence.display_number  # an ID number, or one inside the licence number, is masked
        state = licence.problem(today) or "可用"
        print(
            f"{names.get(licence.type_code, licence.type_code)}\t{number}\t{licence.issuer}\t"
            f"{licence.validity_label}\t{state}"
        )
    return 0
