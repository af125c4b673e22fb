"""Realistic sample documents for tests, benchmarks, previews and demos (all names and numbers invented).

The applicant's name has a middle dot and the agent's an Ext-A character (㛃), as real names do; the
deferral samples fall in a year whose holiday schedule is not published yet, so their dates are flagged.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from hallapp.printing.model import (
    COPY_RECEIVED,
    DEFERRED,
    E_LICENCE_FETCHED,
    ORIGINAL_CHECKED,
    BundleLine,
    DaySection,
    DeferredLine,
    DocumentData,
    DocumentKind,
    HistoryLine,
    MaterialLine,
    MissingLine,
    Paper,
)

__all__ = ["sample_document", "sample_materials"]

_HALL = "深圳市坪山区政务服务中心"
_ADDRESS = "深圳市坪山区坪山大道 2001 号"
_PLACE = "深圳市坪山区坪山大道 2001 号 坪山区政务服务中心一楼 A 区"
_PHONES = "0755-12345678（工作日 9:00—12:00，14:00—18:00）"
_TRACKING = (
    "可凭受理编号在“i深圳”APP 或广东政务服务网“办件进度查询”栏目查询办理进度，也可扫描左侧二维码查询。"
)

_MATERIALS = (
    MaterialLine("居民身份证", E_LICENCE_FETCHED, "已调取电子证照，免提交纸质材料"),
    MaterialLine("创业培训补贴申请表", ORIGINAL_CHECKED, "原件 1 份，已签字确认"),
    MaterialLine("营业执照", E_LICENCE_FETCHED, "统一社会信用代码已核验"),
    MaterialLine("创业培训合格证书", COPY_RECEIVED, "复印件 1 份，与原件核对一致"),
    MaterialLine("社会保障卡金融账户信息（本人名下银行账户）", DEFERRED, "须于2026年3月9日前补交"),
)

_EXTRA = (
    "授权委托书（委托他人代为办理的，须由申请人本人签字）",
    "代理人居民身份证",
    "创业培训机构出具的培训结业证明（须加盖培训机构公章，注明培训起止日期、课时及考核结果）",
    "个人所得税纳税记录",
    "社会保险参保缴费证明",
    "经营场所租赁合同或产权证明",
    "户口簿",
)


def sample_materials(count: int) -> tuple[MaterialLine, ...]:
    """``count`` material lines (long names included), for layout tests of crowded receipts."""
    lines = list(_MATERIALS)
    outcomes = (ORIGINAL_CHECKED, COPY_RECEIVED, E_LICENCE_FETCHED)
    i = 0
    while len(lines) < count:
        name = _EXTRA[i % len(_EXTRA)] + (f"（第 {i // len(_EXTRA) + 2} 份）" if i >= len(_EXTRA) else "")
        lines.append(MaterialLine(name, outcomes[i % 3], "复印件 1 份，原件已核对退回" if i % 3 == 1 else ""))
        i += 1
    return tuple(lines[:count])


def sample_document(
    kind: DocumentKind, *, copy: bool = False, paper: Paper = "A4", materials: int = 5, audit_head: str = ""
) -> DocumentData:
    """A filled-in document of ``kind`` as the service layer would give it."""
    common: dict[str, Any] = {
        "hall_name": _HALL,
        "hall_address": _ADDRESS,
        "place": _PLACE,
        "phones": _PHONES,
        "copy": copy,
        "paper": paper,
        "audit_head": audit_head,
        "window": "12号窗口",
        "clerk": "李堃",
    }
    if kind is DocumentKind.RECEIPT:
        return DocumentData(
            kind=kind,
            case_number="440310-20260302-0123",
            matter_name="创业培训补贴申领",
            matter_code="11440310MB2C92110X444201100100001",
            department="深圳市坪山区人力资源局",
            applicant_name="买买提·艾力",
            applicant_id_masked="4401**********1234",
            phone_masked="138****5678",
            agent_name="王㛃",
            received_at=datetime(2026, 3, 2, 9, 35),
            materials=sample_materials(materials),
            promised_date=date(2026, 3, 16),
            promised_days=10,
            tracking_text=_TRACKING,
            qr_payload="https://zwfw.example.cn/cx?no=440310-20260302-0123",
            **common,
        )
    if kind is DocumentKind.DAILY_CLOSE:
        day = (
            HistoryLine(
                datetime(2026, 3, 2, 9, 35), "PSZW2026000123", "受理", "创业培训补贴申领 / 买买提·艾力"
            ),
            HistoryLine(datetime(2026, 3, 2, 10, 5), "PSZW2026G00007", "一次性告知", "食品经营许可 / 欧阳珺"),
        )
        return replace(
            _follow_up(DocumentKind.CASE_HISTORY, common, materials),
            kind=kind,
            history=day,
            case_number="RJ-20260302-12",
            issued_on=date(2026, 3, 2),
            audit_head=audit_head or "a3f9c2e17b604d58",
            audit_count=1284,
            note="合计 2 件：受理 1，不予受理（一次性告知） 1；一件事 1 件；容缺跟踪：补正 1 件，延期 1 件，催补 1 件",
            day_sections=(
                DaySection(
                    "当日一件事",
                    ("时间", "一件事编号", "一件事 / 申请人 / 所含办件", "办件数"),
                    (
                        (
                            "11:20",
                            "PSZW2026B00012",
                            "新生儿出生一件事 / 买买提·艾力：PSZW2026000124、PSZW2026000125",
                            "2 件",
                        ),
                    ),
                ),
                DaySection(
                    "当日补正",
                    ("时间", "受理编号", "事项 / 申请人 / 内容", "经办"),
                    (
                        (
                            "14:02",
                            "PSZW2026000098",
                            "公共场所卫生许可（新办） / 欧阳珺：补交 1 项（现场）",
                            "李堃",
                        ),
                    ),
                ),
                DaySection(
                    "当日延期",
                    ("时间", "受理编号", "事项 / 申请人 / 内容", "经办"),
                    (
                        (
                            "15:40",
                            "PSZW2026000101",
                            "创业培训补贴申领 / 王㛃：补正期限 2026-03-04 延至 2026-03-11",
                            "李堃，赵六批准",
                        ),
                    ),
                ),
                DaySection(
                    "当日催补",
                    ("时间", "受理编号", "事项 / 申请人 / 内容", "经办"),
                    (("16:15", "PSZW2026000087", "食品经营许可 / 欧阳珺：电话", "李堃"),),
                ),
            ),
        )
    if kind is DocumentKind.EXTENSION_NOTICE:
        extended = DeferredLine("从业人员健康合格证明", "现场递交、邮寄或网上提交", date(2027, 1, 15))
        return replace(
            _follow_up(DocumentKind.TERMINATION, common, materials),
            kind=kind,
            deferred=(extended,),
            extended_from=date(2027, 1, 8),
            note="台风停工，检测机构无法按期出具报告",
        )
    if kind in (
        DocumentKind.SUPPLEMENT_RECEIPT,
        DocumentKind.REMINDER,
        DocumentKind.TERMINATION,
        DocumentKind.CASE_HISTORY,
    ):
        return _follow_up(kind, common, materials)
    if kind is DocumentKind.BUNDLE_RECEIPT:
        return DocumentData(
            kind=kind,
            case_number="PSZW2026B00012",
            matter_name="新生儿出生一件事",
            matter_code="",  # a bundle has no official code
            department="一件事一次办",
            applicant_name="买买提·艾力",
            applicant_id_masked="4401**********1234",
            phone_masked="138****5678",
            received_at=datetime(2026, 3, 2, 9, 35),
            materials=sample_materials(materials),
            bundle_lines=(
                BundleLine("出生登记(户口申报)", "PSZW2026000123", "受理", "2026年3月9日（5 个工作日）"),
                BundleLine("少儿医疗保险参保登记", "PSZW2026000124", "已办结"),
                BundleLine("社会保障卡申领", "PSZW2026000125", "容缺受理", "2026年3月16日（10 个工作日）"),
            ),
            tracking_text=_TRACKING,
            qr_payload="https://zwfw.example.cn/cx?no=PSZW2026B00012",
            **common,
        )
    if kind in (DocumentKind.DEFERRAL_COMMITMENT, DocumentKind.DEFERRAL_NOTICE):
        return DocumentData(
            kind=kind,
            case_number="440310-20261228-0457",
            matter_name="公共场所卫生许可（新办）",
            matter_code="11440310MB2C84329R4440121003000",
            department="深圳市坪山区卫生健康局",
            applicant_name="买买提·艾力",
            applicant_id_masked="4401**********1234",
            phone_masked="138****5678",
            received_at=datetime(2026, 12, 28, 14, 10),
            deferred=(
                DeferredLine(
                    "卫生检测报告（室内空气、公共用品用具）",
                    "现场递交或邮寄至受理窗口",
                    date(2027, 1, 8),
                    deadline_unverified=True,
                ),
                DeferredLine(
                    "从业人员健康合格证明",
                    "网上提交（广东政务服务网补正材料栏目）",
                    date(2027, 1, 8),
                    deadline_unverified=True,
                ),
            ),
            promised_date=date(2027, 1, 15),
            promised_days=10,
            promised_unverified=True,
            tracking_text=_TRACKING,
            qr_payload="https://zwfw.example.cn/cx?no=440310-20261228-0457",
            **common,
        )
    return DocumentData(
        kind=kind,
        notice_number="PSZW2026G00007",
        matter_name="食品经营许可（新办）",
        matter_code="11440300MB2D0552XQ4442105001000",
        department="深圳市市场监督管理局坪山监管局",
        applicant_name="欧阳珺",
        applicant_id_masked="4403**********002X",
        phone_masked="139****2468",
        received_at=datetime(2026, 3, 2, 10, 5),
        missing=(
            MissingLine("食品经营许可申请书", "原件 1 份，须由经营者本人签字"),
            MissingLine("经营场所平面布局图", "原件 1 份，标明加工操作、贮存等功能区及设备布局，注明面积"),
            MissingLine("食品安全管理制度", "复印件 1 份，须包含进货查验、从业人员健康管理等制度"),
            MissingLine("经营者身份证明", "原件核验；电子证照库中的证件已过期，须提供有效期内的居民身份证"),
            MissingLine("食品安全管理人员培训考核合格证明", "原件 1 份"),
        ),
        **common,
    )


def _follow_up(kind: DocumentKind, common: dict[str, Any], materials: int) -> DocumentData:
    """A deferred case being followed: what arrived, what is still missing, its history."""
    still = (
        DeferredLine(
            "从业人员健康合格证明", "现场递交、邮寄或网上提交", date(2027, 1, 8), deadline_unverified=True
        ),
    )
    history = (
        HistoryLine(datetime(2026, 12, 28, 14, 10), "李堃", "容缺受理", "容缺 2 项，窗口 12"),
        HistoryLine(datetime(2026, 12, 28, 14, 11), "李堃", "打印文书", "容缺受理承诺书、容缺受理通知书"),
        HistoryLine(datetime(2027, 1, 4, 9, 30), "李堃", "补正", "卫生检测报告（现场）"),
    )
    return DocumentData(
        kind=kind,
        case_number="440310-20261228-0457",
        matter_name="公共场所卫生许可（新办）",
        matter_code="11440310MB2C84329R4440121003000",
        department="深圳市坪山区卫生健康局",
        applicant_name="买买提·艾力",
        applicant_id_masked="4401**********1234",
        phone_masked="138****5678",
        received_at=datetime(2026, 12, 28, 14, 10),
        materials=(MaterialLine("卫生检测报告（室内空气、公共用品用具）", "已补交", "2027-01-04 现场递交"),),
        deferred=() if kind is DocumentKind.CASE_HISTORY else still,
        history=history if kind is DocumentKind.CASE_HISTORY else (),
        note="已电话联系，申请人称下周补交（内部备注）" if kind is DocumentKind.REMINDER else "",
        issued_on=date(2027, 1, 5),
        tracking_text=_TRACKING,
        qr_payload="https://zwfw.example.cn/cx?no=440310-20261228-0457",
        **common,
    )
