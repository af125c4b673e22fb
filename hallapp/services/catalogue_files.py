"""Read and check the human-editable catalogue (``data/*.toml``, documented in ``data/README.md``)."""

from __future__ import annotations

import hashlib
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hallapp.domain.bundles import Bundle
from hallapp.domain.catalogue import (
    AGENT_SITUATION,
    ApplicantType,
    Department,
    Guide,
    LicenceHolder,
    LicenceType,
    MaterialOwner,
    MaterialRequirement,
    MatterType,
    OriginalHandling,
    Situation,
    guide_problems,
)
from hallapp.errors import os_reason

# One catalogue file: about 2 KB a matter, so some 16,000 matters of one department; a bigger file is
# not a catalogue file (a wrong pick, a runaway export) and would take minutes and gigabytes to parse.
MAX_FILE_BYTES = 32 * 2**20
MAX_LISTED_PROBLEMS = 200  # in the message; ``problems`` keeps them all


class CatalogueError(ValueError):
    """The catalogue files cannot be loaded; ``problems`` says every reason, in plain words."""

    def __init__(self, problems: list[str]) -> None:
        listed = problems[:MAX_LISTED_PROBLEMS]
        if len(problems) > MAX_LISTED_PROBLEMS:  # a wrong file must not flood the screen or the terminal
            listed.append(f"……还有 {len(problems) - MAX_LISTED_PROBLEMS} 条问题未列出")
        super().__init__("目录文件有误:\n" + "\n".join(listed))
        self.problems = problems


@dataclass
class CatalogueSource:
    departments: list[Department] = field(default_factory=list)
    licence_types: list[LicenceType] = field(default_factory=list)
    guides: list[Guide] = field(default_factory=list)
    bundles: list[Bundle] = field(default_factory=list)
    digest: str = ""


def _files(folder: Path) -> list[Path]:
    optional = [folder / "bundles.toml"] if (folder / "bundles.toml").exists() else []
    matters = sorted((folder / "matters").glob("*.toml"))
    return [folder / "departments.toml", folder / "licence_types.toml", *matters, *optional]


def folder_fingerprint(folder: Path) -> str:
    """A cheap fingerprint of the catalogue files: each one's name, size and modification time.

    Start-up compares it with the one stored at the last load, so unchanged files are never read again
    (parsing 100,000 matters takes half a minute); any file added, removed, rewritten or touched changes
    it, and then the files are read and compared by their content (``CatalogueSource.digest``).
    """
    digest = hashlib.sha256()
    for path in _files(folder):
        try:
            stat = path.stat()
        except OSError:
            digest.update(f"{path.name}\0missing\n".encode())
            continue
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _condition(entry: dict[str, Any], key: str, where: str, problems: list[str]) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        problems.append(f"{where}: {key} 应为情形编码")
        return None
    return value


def _text(
    entry: dict[str, Any], key: str, where: str, problems: list[str], default: str | None = None
) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str):
        problems.append(f"{where}: 缺少文字字段 {key}")
        return ""
    return value.strip()


def _int(entry: dict[str, Any], key: str, where: str, problems: list[str], default: int | None = None) -> int:
    value = entry.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        problems.append(f"{where}: 字段 {key} 应为整数")
        return 0
    return value


def _bool(
    entry: dict[str, Any], key: str, where: str, problems: list[str], default: bool | None = None
) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        problems.append(f"{where}: 字段 {key} 应为 true 或 false")
        return False
    return value


OWNER_HELP = "、".join(o.value for o in MaterialOwner)


def _owner(entry: dict[str, Any], where: str, problems: list[str]) -> tuple[MaterialOwner, ...]:
    """``owner = "spouse"`` or ``owner = ["applicant", "spouse"]``; the applicant's own when absent, the
    agent's when the material is asked only for an agent (``when = "agent"``)."""
    value = entry.get("owner")
    if value is None:
        agent = entry.get("when") == AGENT_SITUATION
        return (MaterialOwner.AGENT,) if agent else (MaterialOwner.APPLICANT,)
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        problems.append(f"{where}: owner 应为所属人或所属人列表（{OWNER_HELP}）")
        return (MaterialOwner.APPLICANT,)
    owners = []
    for item in values:
        try:
            owners.append(MaterialOwner(item.strip()))
        except ValueError:
            problems.append(f"{where}: 未知的材料所属人 {item!r}（可用：{OWNER_HELP}）")
    return tuple(owners) or (MaterialOwner.APPLICANT,)


def _material(
    entry: dict[str, Any], where: str, licences: dict[str, LicenceType], problems: list[str]
) -> MaterialRequirement:
    name = _text(entry, "name", where, problems)
    where = f"{where} 材料「{name}」"
    licence_code = entry.get("licence_type")
    licence = None
    if licence_code is not None:
        licence = licences.get(licence_code)
        if licence is None:
            problems.append(f"{where}: 未知的电子证照类型 {licence_code}")
    handling = entry.get("original_handling", "inspect")
    if handling not in ("inspect", "keep"):
        problems.append(f"{where}: original_handling 应为 inspect 或 keep")
        handling = "inspect"
    return MaterialRequirement(
        name=name,
        originals=_int(entry, "originals", where, problems, 0),
        original_handling=OriginalHandling(handling),
        copies=_int(entry, "copies", where, problems, 0),
        required=_bool(entry, "required", where, problems, True),
        deferrable=_bool(entry, "deferrable", where, problems, False),
        source=_text(entry, "source", where, problems, ""),
        licence_type_code=licence.code if licence else None,
        licence_type_name=licence.name if licence else None,
        notes=_text(entry, "notes", where, problems, ""),
        when=_condition(entry, "when", where, problems),
        when_not=_condition(entry, "when_not", where, problems),
        owner=_owner(entry, where, problems),
    )


def _guide(
    entry: dict[str, Any],
    where: str,
    departments: dict[str, Department],
    licences: dict[str, LicenceType],
    problems: list[str],
) -> Guide | None:
    code = _text(entry, "code", where, problems)
    where = f"{where} 事项 {code or '?'}"
    department = departments.get(entry.get("department", ""))
    if department is None:
        problems.append(f"{where}: 未知部门 {entry.get('department')!r}")
        return None
    try:
        matter_type = MatterType(str(entry.get("type", "")))
        applicant_types = tuple(ApplicantType(a) for a in entry.get("applicant_types", []))
    except ValueError as error:
        problems.append(f"{where}: {error}")
        return None
    phones = entry.get("phones", [])
    if not isinstance(phones, list) or not all(isinstance(p, str) for p in phones):
        problems.append(f"{where}: phones 应为文字列表")
        phones = []
    materials = tuple(_material(m, where, licences, problems) for m in entry.get("material", []))
    situations = tuple(
        Situation(_text(s, "code", where, problems), _text(s, "question", where, problems))
        for s in entry.get("situation", [])
    )
    return Guide(
        code=code,
        name=_text(entry, "name", where, problems),
        department=department,
        matter_type=matter_type,
        applicant_types=applicant_types,
        legal_basis=_text(entry, "legal_basis", where, problems),
        conditions=_text(entry, "conditions", where, problems),
        procedure=_text(entry, "procedure", where, problems),
        statutory_limit_days=_int(entry, "statutory_limit_days", where, problems),
        promised_limit_days=_int(entry, "promised_limit_days", where, problems),
        on_the_spot=_bool(entry, "on_the_spot", where, problems),
        fees=_text(entry, "fees", where, problems),
        place=_text(entry, "place", where, problems),
        windows=_text(entry, "windows", where, problems),
        hours=_text(entry, "hours", where, problems),
        phones=tuple(p.strip() for p in phones),
        visits=_int(entry, "visits", where, problems),
        online_url=_text(entry, "online_url", where, problems, ""),
        deferrable=_bool(entry, "deferrable", where, problems),
        max_deferred=_int(entry, "max_deferred", where, problems, 0),
        instant_approval=_bool(entry, "instant_approval", where, problems),
        delegated=_bool(entry, "delegated", where, problems),
        materials=materials,
        situations=situations,
    )


def _bundles(document: dict[str, Any], codes: set[str], problems: list[str]) -> list[Bundle]:
    bundles = []
    for entry in document.get("bundle", []):
        where = f"bundles.toml {entry.get('code', '?')}"
        matters = entry.get("matters", [])
        if not isinstance(matters, list) or len(matters) < 2:
            problems.append(f"{where}: 一件事至少包含 2 个事项")
            continue
        unknown = [code for code in matters if code not in codes]
        if unknown:
            problems.append(f"{where}: 未知的事项编码 {', '.join(map(str, unknown))}")
        bundles.append(
            Bundle(
                code=_text(entry, "code", where, problems),
                name=_text(entry, "name", where, problems),
                description=_text(entry, "description", where, problems, ""),
                matter_codes=tuple(matters),
            )
        )
    return bundles


def read_catalogue(folder: Path) -> CatalogueSource:
    """Parse and check every catalogue file; raise ``CatalogueError`` listing all problems found."""
    problems: list[str] = []
    documents: dict[Path, dict[str, Any]] = {}
    digest = hashlib.sha256()
    for path in _files(folder):
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                limit = MAX_FILE_BYTES // 2**20
                problems.append(f"{path.name}: 文件超过 {limit} MB，不像目录文件（是否选错了文件？）")
                continue
            raw = path.read_bytes()
            documents[path] = tomllib.loads(raw.decode("utf-8"))
            digest.update(path.name.encode() + b"\0" + raw)
        except FileNotFoundError:
            problems.append(f"{path}: 文件不存在")
        except OSError as error:  # no permission, a folder where a file should be, a disk fault
            problems.append(f"{path}: 无法读取（{os_reason(error)}）")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            problems.append(f"{path.name}: 格式错误: {error}")
    if problems:
        raise CatalogueError(problems)
    source = CatalogueSource(digest=digest.hexdigest())
    for entry in documents[folder / "departments.toml"].get("department", []):
        where = "departments.toml"
        source.departments.append(
            Department(
                code=_text(entry, "code", where, problems),
                name=_text(entry, "name", where, problems),
                short_name=_text(entry, "short_name", where, problems),
                credit_code=_text(entry, "credit_code", where, problems, ""),
            )
        )
    for entry in documents[folder / "licence_types.toml"].get("licence_type", []):
        where = "licence_types.toml"
        holder = entry.get("holder", "person")
        if holder not in ("person", "organisation"):
            problems.append(f"{where} {entry.get('code')}: holder 应为 person 或 organisation")
            holder = "person"
        source.licence_types.append(
            LicenceType(
                code=_text(entry, "code", where, problems),
                name=_text(entry, "name", where, problems),
                issuer=_text(entry, "issuer", where, problems, ""),
                holder=LicenceHolder(holder),
            )
        )
    departments = {d.code: d for d in source.departments}
    licences = {t.code: t for t in source.licence_types}
    for path, document in documents.items():
        if path.parent.name != "matters":
            continue
        for entry in document.get("matter", []):
            guide = _guide(entry, path.name, departments, licences, problems)
            if guide is not None:
                problems.extend(guide_problems(guide))
                source.guides.append(guide)
    bundle_file = folder / "bundles.toml"
    if bundle_file in documents:
        source.bundles = _bundles(documents[bundle_file], {g.code for g in source.guides}, problems)
    for label, codes in (
        ("一件事编码", [b.code for b in source.bundles]),
        ("部门编码", [d.code for d in source.departments]),
        ("证照类型编码", [t.code for t in source.licence_types]),
        ("事项编码", [g.code for g in source.guides]),
    ):
        duplicates = sorted(c for c, n in Counter(codes).items() if n > 1)
        if duplicates:
            problems.append(f"{label}重复: {', '.join(duplicates)}")
    if problems:
        raise CatalogueError(problems)
    return source
