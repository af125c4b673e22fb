"""The local licence registry (本地证照库): e-licences kept in our own database, imported from a file.

Halls that are not (yet) connected to the government e-licence library, and every demo and training
install, look licences up here. An import file is a CSV or JSON list of licences (see ``data/README.md``);
it is checked whole before anything is written: one bad row, and nothing is imported, with every problem
listed by row number so the file can be fixed and imported again. Importing the same file twice changes
nothing (licences are matched by type and number).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.domain.access import Permission, check
from hallapp.domain.identity import check_credit_code, check_resident_id, normalise_id
from hallapp.domain.licences import Licence, LicenceServiceUnavailable, LicenceStatus
from hallapp.store import audit_repo, catalogue_repo, licence_repo
from hallapp.store.db import UnitOfWork

log = logging.getLogger(__name__)

DEMO_LICENCES_FILE = SHIPPED_CATALOGUE_DIR / "licences_demo.csv"
COLUMNS = ("type_code", "number", "holder_id", "holder_name", "issuer", "issued_on", "valid_until", "status")
MAX_PROBLEMS = 50  # listed one by one; beyond that a count, so a wrong file does not flood the screen
# A licence row is about 150 bytes: 20 MB holds well over 100,000 licences. A bigger file is split first
# (or is not a licence file): read whole and checked in memory, it would take minutes and gigabytes.
MAX_FILE_BYTES = 20 * 2**20
_LIMITS = {"type_code": 64, "number": 100, "holder_name": 200, "issuer": 200}
_LABELS = {
    "type_code": "证照类型（type_code）",
    "number": "证照编号（number）",
    "holder_id": "持证人证件号码（holder_id）",
    "holder_name": "持证人名称（holder_name）",
    "issuer": "发证机关（issuer）",
    "issued_on": "发证日期（issued_on）",
    "valid_until": "有效期至（valid_until）",
    "status": "状态（status）",
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

UowFactory = Callable[[], UnitOfWork]


@dataclass(frozen=True)
class ImportReport:
    """What an import did: licences added, updated (changed since the last import), or why nothing was."""

    added: int = 0
    updated: int = 0
    problems: tuple[str, ...] = ()
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        return f"新增 {self.added} 张，更新 {self.updated} 张，未变化 {self.unchanged} 张"


class LocalLicenceRegistry:
    """``LicenceProvider`` over the ``licence_record`` table."""

    name = "本地证照库"

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def lookup(self, holder_id: str, type_codes: Collection[str]) -> list[Licence]:
        """Every licence of the given types held by ``holder_id`` (typed any way: it is normalised)."""
        number = normalise_id(holder_id)
        if not number or not type_codes:
            return []
        try:
            with self._uow_factory() as uow:
                return licence_repo.find_licences(uow.session, holder_id=number, type_codes=set(type_codes))
        except SQLAlchemyError as error:
            log.warning("local licence registry could not be read: %s", type(error).__name__)
            raise LicenceServiceUnavailable("本地证照库读取失败，请收取纸质材料") from error


@dataclass
class MemoryLicenceProvider:
    """Licences held in memory: a stand-in library for tests and demos, which can also pretend to be down.

    ``unavailable`` set to a message makes every look-up raise ``LicenceServiceUnavailable`` with it.
    """

    licences: list[Licence] = field(default_factory=list)
    name: str = "演示证照库"
    unavailable: str = ""
    lookups: int = 0

    def lookup(self, holder_id: str, type_codes: Collection[str]) -> list[Licence]:
        self.lookups += 1
        if self.unavailable:
            raise LicenceServiceUnavailable(self.unavailable)
        number = normalise_id(holder_id)
        return [lic for lic in self.licences if lic.holder_id == number and lic.type_code in type_codes]


# --- reading an import file -------------------------------------------------------------------------

Row = tuple[str, Mapping[str, object]]  # ("第 3 行", values by column)


def _read_rows(path: Path) -> tuple[list[Row], list[str]]:
    """The rows of a CSV or JSON file with where each one is, or the reason the file cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        return [], [f"只能导入 .csv 或 .json 文件，收到的是「{path.name}」"]
    try:
        if (size := path.stat().st_size) > MAX_FILE_BYTES:
            return [], [too_big(path, size, MAX_FILE_BYTES)]
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return [], [f"找不到文件「{path}」"]
    except OSError as error:
        return [], [f"无法读取文件「{path}」：{error.strerror or error}"]
    except UnicodeDecodeError:
        return [], ["文件不是 UTF-8 编码（在 Excel 中请另存为“CSV UTF-8（逗号分隔）”）"]
    return _csv_rows(text) if suffix == ".csv" else _json_rows(text)


def too_big(path: Path, size: int, limit: int) -> str:
    """The plain words for an import file over its size limit."""
    return (
        f"文件「{path.name}」有 {size / 2**20:.1f} MB，超过导入上限 {limit // 2**20} MB："
        "请确认选对了文件，或把它拆成几个较小的文件分别导入"
    )


def _csv_rows(text: str) -> tuple[list[Row], list[str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        return [], [f"第 1 行（表头）缺少列：{'、'.join(missing)}；表头应为 {','.join(COLUMNS)}"]
    reader.fieldnames = header
    rows: list[Row] = []
    problems: list[str] = []
    for values in reader:
        where = f"第 {reader.line_num} 行"
        if values.get(None):
            problems.append(f"{where}：列数多于表头（是否有未加引号的逗号？）")
            continue
        rows.append((where, {k: v for k, v in values.items() if k is not None}))
    return rows, problems


def _json_rows(text: str) -> tuple[list[Row], list[str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [f"JSON 格式错误：第 {error.lineno} 行第 {error.colno} 列"]
    if isinstance(data, dict) and isinstance(data.get("licences"), list):
        data = data["licences"]
    if not isinstance(data, list):
        return [], ['JSON 文件应是证照对象的列表：[{"type_code": …}, …]']
    rows: list[Row] = []
    problems: list[str] = []
    for index, item in enumerate(data, start=1):
        where = f"第 {index} 条"
        if isinstance(item, dict):
            rows.append((where, item))
        else:
            problems.append(f"{where}：应是一个对象 {{…}}")
    return rows, problems


# --- checking the rows ------------------------------------------------------------------------------


def _text(values: Mapping[str, object], name: str, problems: list[str]) -> str:
    value = values.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{_LABELS[name]}应为文本")
        return ""
    text = value.strip()
    limit = _LIMITS.get(name)
    if limit and len(text) > limit:
        problems.append(f"{_LABELS[name]}超过 {limit} 个字符")
    return text


def _date(values: Mapping[str, object], name: str, problems: list[str]) -> date | None:
    text = _text(values, name, problems)
    if not text:
        return None
    if not _DATE.fullmatch(text):
        problems.append(f"{_LABELS[name]}「{text}」应写作 YYYY-MM-DD，如 2024-01-31")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"{_LABELS[name]}「{text}」这一天不存在")
        return None


def _holder(values: Mapping[str, object], holder_kind: str, problems: list[str]) -> str:
    """The normalised holder number, checked as a resident ID or a credit code (never echoed in messages)."""
    text = _text(values, "holder_id", problems)
    if not text:
        problems.append(f"{_LABELS['holder_id']}为空")
        return ""
    person = check_resident_id(text)
    if person.ok:
        return person.normalised
    organisation = check_credit_code(text)
    if organisation.ok:
        return organisation.normalised
    looks_numeric = re.fullmatch(r"\d{17}[\dX]?|\d{15}", person.normalised) is not None
    if holder_kind == "organisation" or not looks_numeric:
        kind, errors = "统一社会信用代码", organisation.errors
    else:
        kind, errors = "身份证号码", person.errors
    problems.append(f"{_LABELS['holder_id']}不是有效的{kind}：{'；'.join(errors)}")
    return ""


def _licence(values: Mapping[str, object], types: Mapping[str, str]) -> tuple[Licence | None, list[str]]:
    """One row as a licence, or everything wrong with it."""
    problems: list[str] = []
    type_code = _text(values, "type_code", problems)
    if not type_code:
        problems.append(f"{_LABELS['type_code']}为空")
    elif types and type_code not in types:
        problems.append(f"证照类型「{type_code}」不在电子证照类型目录中（见 licence_types.toml）")
    number = _text(values, "number", problems)
    if not number:
        problems.append(f"{_LABELS['number']}为空")
    holder_id = _holder(values, types.get(type_code, ""), problems)
    holder_name = _text(values, "holder_name", problems)
    if not holder_name:
        problems.append(f"{_LABELS['holder_name']}为空")
    issuer = _text(values, "issuer", problems)
    issued_on = _date(values, "issued_on", problems)
    valid_until = _date(values, "valid_until", problems)
    if issued_on and valid_until and valid_until < issued_on:
        problems.append("有效期截止日期早于发证日期")
    status_text = _text(values, "status", problems).lower() or LicenceStatus.VALID.value
    if status_text not in {s.value for s in LicenceStatus}:
        problems.append(
            f"{_LABELS['status']}「{status_text}」只能是 valid 或 revoked（是否过期由 valid_until 判断）"
        )
    if problems:
        return None, problems
    licence = Licence(
        type_code=type_code,
        number=number,
        holder_id=holder_id,
        holder_name=holder_name,
        issuer=issuer,
        issued_on=issued_on,
        valid_until=valid_until,
        status=LicenceStatus(status_text),
    )
    return licence, []


def check_rows(rows: Iterable[Row], types: Mapping[str, str]) -> tuple[list[Licence], list[str]]:
    """The licences of an import file's rows, and every problem found, each prefixed by its row.

    ``types`` maps the catalogue's licence type codes to their holder kind ("person" / "organisation").
    """
    licences: list[Licence] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for where, values in rows:
        licence, row_problems = _licence(values, types)
        problems += [f"{where}：{problem}" for problem in row_problems]
        if licence is None:
            continue
        key = (licence.type_code, licence.number)
        if key in seen:
            problems.append(f"{where}：与{seen[key]}是同一张证照（类型和编号都相同）")
            continue
        seen[key] = where
        licences.append(licence)
    return licences, problems


def _capped(problems: list[str]) -> tuple[str, ...]:
    if len(problems) <= MAX_PROBLEMS:
        return tuple(problems)
    return (*problems[:MAX_PROBLEMS], f"……另有 {len(problems) - MAX_PROBLEMS} 处问题未列出")


# --- importing --------------------------------------------------------------------------------------


def _import(uow: UnitOfWork, path: Path, *, only_if_empty: bool) -> ImportReport | None:
    rows, problems = _read_rows(path)
    with uow:
        if only_if_empty and licence_repo.count_licences(uow.session) > 0:
            return None
        types = {t.code: t.holder.value for t in catalogue_repo.licence_types(uow.session)}
        if not types:
            problems.insert(0, "电子证照类型目录为空：请先载入目录（hallapp catalogue load）")
        licences, row_problems = check_rows(rows, types)
        problems += row_problems
        if not problems and not licences:
            problems.append("文件中没有任何证照记录")
        if problems:
            log.warning("licence import from %s refused: %d problem(s)", path.name, len(problems))
            return ImportReport(problems=_capped(problems))
        counts = licence_repo.upsert_licences(uow.session, licences)
        audit_repo.record(  # who brought which file into the registry (the demo seed: the system)
            uow.session,
            actor=uow.principal.username if uow.principal is not None else "system",
            action="licences.import",
            object_type="licence_file",
            object_id=path.name[:200],
            added=counts.added,
            updated=counts.updated,
            unchanged=counts.unchanged,
        )
        uow.commit()
    log.info(
        "licences imported from %s: %d added, %d updated, %d unchanged",
        path.name,
        counts.added,
        counts.updated,
        counts.unchanged,
    )
    return ImportReport(added=counts.added, updated=counts.updated, unchanged=counts.unchanged)


def import_licences(uow: UnitOfWork, path: str | Path) -> ImportReport:
    """Import a CSV or JSON file of licences into the local registry, all or nothing.

    Pass a writing unit of work (``write=True``). A licence already in the registry (same type and number)
    is updated when the file says something different about it. If any row is wrong, nothing is imported
    and the report lists every problem with its row number.
    """
    check(uow.principal, Permission.LICENCES)
    report = _import(uow, Path(path), only_if_empty=False)
    assert report is not None
    return report


def seed_demo_licences(uow: UnitOfWork, path: str | Path = DEMO_LICENCES_FILE) -> ImportReport | None:
    """Import the demo licences (``data/licences_demo.csv``) into an empty registry; None if not empty.

    For first start of a demo or training install: a registry that holds anything is never touched, so
    a hall's own licences are not mixed with the demo ones.
    """
    return _import(uow, Path(path), only_if_empty=True)
