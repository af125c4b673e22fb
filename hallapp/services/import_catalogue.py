"""Import a hall's catalogue from a platform's export (preview, then apply), and export it again.

    preview = preview_import(uow, path)            # reads and compares; writes nothing
    result = apply_import(uow, preview)            # one transaction: all of it or nothing

The preview is made against a catalogue revision; applying it after the catalogue changed (another
administrator, another import, an edit) is refused, so what was confirmed is what is written. Matters
missing from the file are withdrawn only with ``withdraw_missing``: a partial import never empties a
catalogue by accident.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlmodel import col

from hallapp.domain.access import Permission, check
from hallapp.domain.catalogue import Department, LicenceType
from hallapp.domain.errors import UserError
from hallapp.errors import os_reason
from hallapp.search.pinyin import search_keys
from hallapp.services.catalogue import REVISION_KEY, new_revision, record_source
from hallapp.services.catalogue_files import CatalogueSource
from hallapp.services.catalogue_import.mapping import CodeMapping, load_mapping
from hallapp.services.catalogue_import.model import ImportedCatalogue, KeptByCode, kept_text
from hallapp.services.catalogue_import.parallel import keys_meanwhile
from hallapp.services.catalogue_import.preview import ImportPreview, Progress, Stored, compare
from hallapp.store import audit_repo
from hallapp.store import catalogue_repo as repo
from hallapp.store import models as m
from hallapp.store.db import UnitOfWork

__all__ = [
    "FORMATS",
    "ImportRefused",
    "ImportResult",
    "apply_import",
    "export_catalogue",
    "preview_import",
    "read_import",
]

FORMATS = ("exchange-json", "xlsx", "list")
ROOMY_FROM = 5000  # matters written at once from which SQLite gets a bigger page cache
FORMAT_WORDS = {"exchange-json": "交换数据（JSON）", "xlsx": "Excel 实施清单", "list": "简单清单"}


log = logging.getLogger(__name__)


class ImportRefused(UserError):
    """The import cannot go on; the message says why in plain words and nothing was written."""


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    withdrawn: int
    unchanged: int
    revision: str


def guess_format(path: Path) -> str:
    """The reader for a file by its name: .json exchange data, .csv a plain list, else an Excel list."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "exchange-json"
    if suffix in (".csv", ".txt", ".tsv"):
        return "list"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    raise ImportRefused(f"不认识的文件类型「{suffix or '无扩展名'}」：请选择 .json、.xlsx 或 .csv 文件")


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_import(
    path: Path,
    *,
    format: str | None = None,
    mapping: CodeMapping | None = None,
    departments: Sequence[Department] = (),
    licence_types: Sequence[LicenceType] | None = None,
) -> ImportedCatalogue:
    """Read one file with the reader of its format (by ``format`` or its name); nothing is stored."""
    from hallapp.services.catalogue_import.exchange import parse_exchange
    from hallapp.services.catalogue_import.plainlist import parse_plain_list
    from hallapp.services.catalogue_import.xlsx import parse_xlsx

    chosen = format or guess_format(path)
    if chosen not in FORMATS:
        raise ImportRefused(f"不认识的导入格式 {chosen}（可选：{'、'.join(FORMATS)}）")
    if not path.is_file():
        raise ImportRefused(f"找不到文件 {path}")
    mapping = mapping or load_mapping()
    if chosen == "exchange-json":
        imported = parse_exchange(path, mapping=mapping)
    elif chosen == "xlsx":
        imported = parse_xlsx(path, mapping=mapping, departments=departments, licence_types=licence_types)
    else:
        imported = parse_plain_list(
            path,
            mapping=mapping,
            departments=departments,
            licence_types=licence_types,
        )
    imported.format = imported.format or chosen
    return imported


def _adopt_departments(imported: ImportedCatalogue, known: Sequence[Department]) -> None:
    """A department the hall already has, under the same code and name, keeps its short name and credit
    code (a platform's file says less of them): otherwise every matter of it would look changed."""
    by_code = {d.code: d for d in known}
    adopted: dict[str, Department] = {}
    source = imported.source
    for index, department in enumerate(source.departments):
        hall = by_code.get(department.code)
        if hall is None or hall.name != department.name or hall == department:
            continue
        credit = department.credit_code or hall.credit_code
        adopted[department.code] = dataclasses.replace(hall, credit_code=credit)
        source.departments[index] = adopted[department.code]
    if adopted:
        source.guides = [
            dataclasses.replace(g, department=adopted[g.department.code])
            if g.department.code in adopted and g.department != adopted[g.department.code]
            else g
            for g in source.guides
        ]


def _stored(uow: UnitOfWork) -> Stored:
    session = uow.session
    matters = {
        code: (hash_, active, name)
        for code, hash_, active, name in session.execute(
            select(col(m.Matter.code), col(m.Matter.content_hash), col(m.Matter.active), col(m.Matter.name))
        )
    }
    return Stored(
        matters=matters,
        departments=set(session.execute(select(col(m.Department.code))).scalars()),
        licence_types=set(session.execute(select(col(m.LicenceType.code))).scalars()),
        revision=repo.get_setting(session, REVISION_KEY),
    )


def preview_import(
    uow: UnitOfWork,
    path: Path,
    *,
    format: str | None = None,
    mapping_file: Path | None = None,
    progress: Progress | None = None,
) -> ImportPreview:
    """Read ``path`` and compare it with the stored catalogue (administrator); writes nothing."""
    check(uow.principal, Permission.CATALOGUE)
    path = Path(path)
    try:
        mapping = load_mapping(mapping_file) if mapping_file else None
    except (OSError, ValueError) as error:
        raise ImportRefused(f"代码对照表 {mapping_file} 无法使用：{error}") from None
    with uow:
        departments = repo.list_departments(uow.session)
        licence_types = repo.licence_types(uow.session)
    if progress is not None:
        progress("读取文件", 0, 1)
    if not path.is_file():
        raise ImportRefused(f"找不到文件 {path}")
    try:
        digest = _digest(path)
        imported = read_import(
            path, format=format, mapping=mapping, departments=departments, licence_types=licence_types
        )
    except OSError as error:
        raise ImportRefused(f"无法读取 {path.name}（{os_reason(error)}）") from None
    imported.source.digest = digest
    _adopt_departments(imported, departments)
    with uow:
        stored = _stored(uow)
        preview = compare(
            imported,
            stored,
            load_old=lambda codes: repo.load_guides(uow.session, codes),
            file=path.name,
            progress=progress,
        )
    return preview


def apply_import(
    uow: UnitOfWork,
    preview: ImportPreview,
    *,
    withdraw_missing: bool = False,
    keys_many: Callable[[Sequence[str]], list[tuple[str, str]]] | None = None,
) -> ImportResult:
    """Write what ``preview`` showed, in one transaction; refused if the catalogue changed since."""
    check(uow.principal, Permission.CATALOGUE)
    if not preview.accepted:
        raise ImportRefused("文件中没有可以导入的事项：现有目录保持不变")
    source = preview.imported.source
    extras = KeptFields(preview.imported.extras)
    with uow:
        session = uow.session
        revision = repo.get_setting(session, REVISION_KEY)
        _roomy_cache(session, len(preview.added) + len(preview.changed))
        if revision != preview.revision:
            raise ImportRefused("预览之后事项目录已被修改（其他管理员的导入或编辑）：请重新预览后再导入")
        report = repo.apply_catalogue(
            session,
            departments=source.departments,
            licence_types=source.licence_types,
            guides=preview.accepted,
            keys=search_keys,
            deactivate_missing=withdraw_missing,
            extras=extras,
            incomplete=preview.imported.incomplete,
            actor=uow.actor,
            origin=f"导入 {preview.file}"[:300],
            keys_many=keys_many or _keys_many(),
            hashes=preview.hashes,
            keys_later=None if keys_many else keys_meanwhile,
        )
        if report.changed:
            revision = new_revision(session)
        record_source(session, source.digest, f"import:{preview.file}:{source.digest}")
        audit_repo.record(
            session,
            actor=uow.actor,
            action="catalogue.import",
            object_type="catalogue",
            object_id=revision,
            file=preview.file,
            format=preview.format,
            digest=source.digest,
            added=report.added,
            updated=report.updated,
            withdrawn=report.deactivated,
            unchanged=report.unchanged,
            refused=len(preview.refused),
            problems=len(preview.imported.all_problems),
        )
        uow.commit()
    return ImportResult(report.added, report.updated, report.deactivated, report.unchanged, revision)


class KeptFields(Mapping[str, str]):
    """Each matter's kept fields as the JSON text stored with it. An import's reader keeps them as that
    text already (``KeptByCode``); kept fields given as dicts are turned into text when the matter's row
    is written (not all at once: 100,000 matters' texts held together were some 150 MB more at the peak)."""

    def __init__(self, kept: Mapping[str, Mapping[str, object]]) -> None:
        self._kept = kept

    def __getitem__(self, code: str) -> str:
        if isinstance(self._kept, KeptByCode):
            text = self._kept.text(code)
        else:
            text = kept_text(self._kept[code])
        if not text:
            raise KeyError(code)
        return text

    def get(self, code: str, default: str | None = None) -> str | None:  # type: ignore[override]
        try:
            return self[code]
        except KeyError:
            return default

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, str) or code not in self._kept:
            return False
        if isinstance(self._kept, KeptByCode):
            return bool(self._kept.text(code))
        return bool(self._kept[code])

    def __iter__(self) -> Iterator[str]:
        return (code for code in self._kept if code in self)

    def __len__(self) -> int:
        return sum(1 for _code in self)


def _roomy_cache(session: object, matters: int) -> None:
    """SQLite: a page cache of 16 MB for this connection while it writes many matters (the default 2 MB
    makes the indexes of 100,000 matters and 640,000 materials thrash); given back when it returns.
    64 MB stored 100,000 matters no faster (27.9 s against 28.9 s, 21.7 s against 20.4 s of CPU, on a
    shared machine) and held 50 MB more at the import's peak (800 against 750 MB)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    connection = session.connection()
    if connection.dialect.name != "sqlite" or matters < ROOMY_FROM:
        return
    raw = connection.connection.dbapi_connection
    assert raw is not None
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute("PRAGMA cache_size=-16384")

    @event.listens_for(session, "after_transaction_end", once=True)
    def _restore(*_args: object) -> None:
        try:
            raw.execute(f"PRAGMA cache_size={int(before)}")
        except Exception:  # noqa: BLE001 - a closed connection keeps nothing; never fail the import here
            log.info("page cache size not given back (connection already closed)")


def _keys_many() -> Callable[[Sequence[str]], list[tuple[str, str]]] | None:
    from hallapp.search import pinyin

    return getattr(pinyin, "search_keys_many", None)


def stored_catalogue(uow: UnitOfWork) -> tuple[CatalogueSource, dict[str, dict[str, object]]]:
    """The active catalogue as a source (departments, licence types, guides) and each matter's kept fields."""
    with uow:
        session = uow.session
        rows = list(
            session.execute(
                select(col(m.Matter.code), col(m.Matter.extras))
                .where(col(m.Matter.active))
                .order_by(col(m.Matter.id))
            )
        )
        guides = repo.load_guides(session, [code for code, _e in rows])
        source = CatalogueSource(
            departments=repo.list_departments(session),
            licence_types=repo.licence_types(session),
            guides=[guides[code] for code, _e in rows if code in guides],
        )
    extras = {code: json.loads(text) for code, text in rows if text}
    return source, extras


def export_catalogue(uow: UnitOfWork, out: Path) -> int:
    """Write the active catalogue to ``out`` (.xlsx in the app's Excel form, .json as exchange data);
    returns the number of matters. Importing the file again changes nothing."""
    check(uow.principal, Permission.CATALOGUE)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".json"):
        raise ImportRefused("导出文件应以 .xlsx（Excel 实施清单）或 .json（交换数据）结尾")
    source, extras = stored_catalogue(uow)
    if suffix == ".json":
        from hallapp.services.catalogue_import.exchange_export import export_exchange

        return export_exchange(source, out, extras)
    from hallapp.services.catalogue_import.xlsx_export import export_xlsx

    return export_xlsx(source, out, extras)  # type: ignore[arg-type]
