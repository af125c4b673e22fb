"""A guide (办事指南) as HTML for a QTextBrowser: laid out for reading at the counter."""

from __future__ import annotations

from html import escape

from hallapp.domain.bundles import Bundle
from hallapp.domain.catalogue import Guide, MaterialRequirement
from hallapp.domain.search import INCOMPLETE_LABEL, INCOMPLETE_REASON

BADGE_COLOURS = {
    "容缺受理": ("#fff7ed", "#c2410c"),
    "秒批": ("#ecfdf5", "#047857"),
    "就近办": ("#eff6ff", "#1d4ed8"),
    "即办件": ("#f5f3ff", "#6d28d9"),
    "一件事一次办": ("#eff6ff", "#1e3a8a"),
    "待完善": ("#fef2f2", "#b91c1c"),
}


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines() if line.strip()) or "—"


def _badge(label: str) -> str:
    background, colour = BADGE_COLOURS.get(label, ("#f3f4f6", "#374151"))
    return (
        f'<span style="background-color:{background}; color:{colour}; font-weight:bold;">'
        f"&nbsp;{escape(label)}&nbsp;</span>"
    )


def _material_row(number: int, material: MaterialRequirement) -> str:
    required = "必要" if material.required else '<span style="color:#6b7280;">非必要</span>'
    deferrable = '<b style="color:#c2410c;">可容缺</b>' if material.deferrable else "—"
    licence = (
        f'<span style="color:#047857;">{escape(material.licence_type_name)}</span>'
        if material.licence_type_name
        else "—"
    )
    source = (
        f'<br><span style="color:#6b7280;">来源：{escape(material.source)}</span>' if material.source else ""
    )
    row = (
        f"<tr><td align='center' rowspan='{2 if material.notes else 1}'>{number}</td>"
        f"<td><b>{escape(material.name)}</b>{source}</td>"
        f"<td>{escape(material.form_label)}</td><td align='center'>{required}</td>"
        f"<td align='center'>{deferrable}</td><td>{licence}</td></tr>"
    )
    if material.notes:
        row += (
            f"<tr><td colspan='5' style='color:#4b5563; background-color:#f8fafc;'>"
            f"审查要点：{escape(material.notes)}</td></tr>"
        )
    return row


def _section(title: str, body: str) -> str:
    return f'<h3 style="color:#1e3a8a; margin-top:14px; margin-bottom:4px;">{escape(title)}</h3>{body}'


def incomplete_banner(what: str = "该事项") -> str:
    """The line over a guide that cannot be taken in yet (imported from a plain list)."""
    reason = INCOMPLETE_REASON.replace("该事项", what, 1)
    return (
        f'<p style="background-color:#fef2f2; color:#b91c1c; font-size:15px;">'
        f"{_badge(INCOMPLETE_LABEL)} <b>{escape(reason)}</b></p>"
    )


def guide_html(guide: Guide, *, version: int | None = None, incomplete: bool = False) -> str:
    """Everything of the guide, flags at the top, materials as a table. ``version``: the guide's version
    (shown beside its code); ``incomplete``: marked 「待完善」 with the reason it cannot be taken in."""
    labels = ((INCOMPLETE_LABEL,) if incomplete else ()) + guide.flag_labels
    badges = " ".join(_badge(label) for label in labels)
    limit = escape(guide.time_limit_label)
    if guide.statutory_limit_days:
        limit += f"; 法定时限 {guide.statutory_limit_days} 个工作日"
    unknown = "（待完善，清单未写明）"
    if incomplete and not guide.promised_limit_days and not guide.statutory_limit_days:
        limit = unknown  # a plain list says nothing of the limits: not 即办件 by default
    defer_note = ""
    if guide.deferrable:
        cap = f"，最多容缺 {guide.max_deferred} 项" if guide.max_deferred else ""
        defer_note = (
            f'<p style="color:#c2410c;">本事项可容缺受理{cap}：标为“可容缺”的材料可在承诺期限内补交。</p>'
        )
    facts = [
        ("事项编码", escape(guide.code) + (f"（办事指南第 {version} 版）" if version is not None else "")),
        ("实施部门", escape(guide.department.name)),
        ("事项类型", escape(guide.matter_type.value)),
        ("服务对象", "、".join(escape(a.value) for a in guide.applicant_types)),
        ("办理时限", limit),
        ("收费标准", escape(guide.fees) or "—"),
        ("到现场次数", unknown if incomplete else f"{guide.visits} 次"),
        ("办理地点", escape(guide.place) or "—"),
        ("办理窗口", escape(guide.windows) or "—"),
        ("办理时间", escape(guide.hours) or "—"),
        ("咨询电话", escape("；".join(guide.phones)) or "—"),
    ]
    if guide.online_url:
        facts.append(("网上办理", f'<a href="{escape(guide.online_url)}">{escape(guide.online_url)}</a>'))
    fact_rows = "".join(
        f'<tr><td style="color:#4b5563;" width="90">{label}</td><td>{value}</td></tr>'
        for label, value in facts
    )
    materials = "".join(_material_row(n, m) for n, m in enumerate(guide.materials, start=1))
    material_table = (
        '<table border="1" cellspacing="0" cellpadding="4" width="100%" style="border-color:#d1d5db;">'
        '<tr style="background-color:#e2e8f0;"><th width="7%">序号</th><th width="37%">材料名称</th>'
        "<th width='20%'>形式与份数</th><th width='10%'>必要性</th><th width='9%'>容缺</th>"
        "<th width='17%'>电子证照</th></tr>"
        f"{materials}</table>"
    )
    return (
        (incomplete_banner() if incomplete else "")
        + f'<h2 style="margin-bottom:2px;">{escape(guide.name)}</h2>'
        f'<p style="margin-top:2px;">{badges}</p>'
        f'<table cellspacing="0" cellpadding="2">{fact_rows}</table>'
        + _section("受理条件", f"<p>{_lines(guide.conditions)}</p>")
        + _section(f"申请材料（{len(guide.materials)} 项）", defer_note + material_table)
        + _section("办理流程", f"<p>{_lines(guide.procedure)}</p>")
        + _section("设定依据", f"<p>{_lines(guide.legal_basis)}</p>")
    )


def bundle_html(bundle: Bundle, guides: tuple[Guide, ...], *, incomplete: bool = False) -> str:
    """A life-event bundle: what it does, its matters, and each material once with the matters needing it.
    ``incomplete``: one of its matters is 「待完善」, so the bundle cannot be taken in yet."""
    from hallapp.domain.bundles import BundleChecklist

    matters = "".join(
        f"<tr><td align='center'>{n}</td><td><b>{escape(g.name)}</b></td><td>{escape(g.department.short_name)}</td>"
        f"<td>{escape(g.time_limit_label)}</td><td>{' '.join(_badge(label) for label in g.flag_labels)}</td></tr>"
        for n, g in enumerate(guides, start=1)
    )
    shared = BundleChecklist.start(bundle, guides).shared
    materials = "".join(
        f"<tr><td align='center'>{n}</td><td><b>{escape(s.requirement.name)}</b></td>"
        f"<td>{escape(s.requirement.form_label)}</td>"
        f"<td>{'、'.join(escape(guides[i].name) for i in s.used_by)}</td></tr>"
        for n, s in enumerate(shared, start=1)
    )
    asked = sum(len(g.materials_for({})) for g in guides)
    table = '<table border="1" cellspacing="0" cellpadding="4" width="100%" style="border-color:#d1d5db;">'
    return (
        (incomplete_banner("本一件事中有事项") if incomplete else "")
        + f'<h2 style="margin-bottom:2px;">{escape(bundle.name)}</h2>'
        f"<p>{_badge('一件事一次办')} {escape(bundle.description)}</p>"
        + _section(
            f"包含的事项（{len(guides)} 项，各自受理、各有受理编号）",
            f"{table}<tr style='background-color:#e2e8f0;'><th width='7%'>序号</th><th>事项</th>"
            f"<th>部门</th><th>时限</th><th>标记</th></tr>{matters}</table>",
        )
        + _section(
            f"申请材料（合并后 {len(shared)} 项，分别办理需 {asked} 项）",
            f"{table}<tr style='background-color:#e2e8f0;'><th width='7%'>序号</th><th>材料</th>"
            f"<th>形式与份数</th><th>用于</th></tr>{materials}</table>",
        )
        + (
            ""
            if incomplete
            else '<p style="color:#475569;">按 F5 开始受理：每份材料只收一次，各事项按各自规则分别决定。</p>'
        )
    )
