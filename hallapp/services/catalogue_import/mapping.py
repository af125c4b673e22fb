"""Code lists of the sources: which 事项类型, 必要性, 材料形式 … a code of a vendor's export stands for.

Platforms and vendors number the same things differently (事项类型 "01" or "1", 必要性 1/2 or 0/1/2/3,
来源渠道 "10" or 0–5). The translation lives in editable TOML files, not in code: the national lists in
``data/import_mappings/national.toml`` are the default, and a hall's own file replaces or adds codes
(``load_mapping``). A value no table knows is not guessed: the reader reports it.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.domain.catalogue import ApplicantType, MatterType
from hallapp.domain.errors import UserError
from hallapp.errors import os_reason

__all__ = [
    "NATIONAL_MAPPING_FILE",
    "TABLES",
    "CodeMapping",
    "MappingError",
    "load_mapping",
    "normalise_code",
]

NATIONAL_MAPPING_FILE = SHIPPED_CATALOGUE_DIR / "import_mappings" / "national.toml"
MAX_MAPPING_BYTES = 2**20  # a code list is a few KB; a bigger file is a wrong pick

# Each table: its name in words, and what its values may be (None: any text).
TABLES: dict[str, tuple[str, frozenset[str] | None]] = {
    "matter_type": ("事项类型", frozenset(t.value for t in MatterType)),
    "necessity": ("必要性", frozenset({"required", "optional", "deferrable"})),
    "material_form": ("材料形式", frozenset({"paper", "electronic", "both"})),
    "source_channel": ("来源渠道", None),
    "applicant_type": ("服务对象", frozenset(t.value for t in ApplicantType)),
    "handle_type": ("办件类型", frozenset({"on_the_spot", "promised"})),
    "limit_unit": ("时限单位", frozenset({"working_days", "natural_days"})),
    "yes_no": ("是否", frozenset({"yes", "no"})),
}


class MappingError(UserError):
    """A mapping file cannot be used; ``problems`` says every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("代码对照表有误:\n" + "\n".join(problems), problems=problems)


def normalise_code(raw: object) -> str | None:
    """The form a code is compared in: "01", "1", 1, 1.0, " 1 " and "０１" all give "1"; None for nothing.

    Digits lose their leading zeros (but "0" stays "0"); a whole float counts as its integer; words are
    compared without surrounding spaces and, for Latin letters, without case.
    """
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else str(raw)
    if not isinstance(raw, str):
        return None
    text = unicodedata.normalize("NFKC", raw).strip().casefold()  # full-width digits and letters too
    if not text:
        return None
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if text.isascii() and text.isdigit():
        return text.lstrip("0") or "0"
    return text


@dataclass(frozen=True)
class CodeMapping:
    """The code lists of one source, already normalised: ``tables[table][code] -> value``."""

    name: str
    tables: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    files: tuple[str, ...] = ()  # the files it was read from, the default first

    def lookup(self, table: str, raw: object) -> str | None:
        """What ``raw`` stands for in ``table``; None when the code is empty or unknown."""
        code = normalise_code(raw)
        if code is None:
            return None
        return self.tables.get(table, {}).get(code)

    def label(self, table: str) -> str:
        """The table's name in words (必要性 for "necessity")."""
        return TABLES[table][0] if table in TABLES else table


def _read(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_MAPPING_BYTES:
            raise MappingError([f"{path.name}：文件超过 1 MB，不像代码对照表（是否选错了文件？）"])
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise MappingError([f"{path}：文件不存在"]) from None
    except OSError as error:
        raise MappingError([f"{path}：无法读取（{os_reason(error)}）"]) from None
    except UnicodeDecodeError:
        raise MappingError([f"{path.name}：不是 UTF-8 编码的文本文件"]) from None
    except tomllib.TOMLDecodeError as error:
        raise MappingError([f"{path.name}：格式错误（{error}）"]) from None


def _merge(
    document: dict[str, Any], tables: dict[str, dict[str, str]], where: str, problems: list[str]
) -> None:
    for key, entries in document.items():
        if key == "name":
            continue
        if key not in TABLES:
            known = "、".join(TABLES)
            problems.append(f"{where}：未知的对照表 [{key}]（可用：{known}）")
            continue
        label, allowed = TABLES[key]
        if not isinstance(entries, dict):
            problems.append(f"{where}：[{key}] 应为一张表（代码 = 含义）")
            continue
        table = tables.setdefault(key, {})
        for raw, value in entries.items():
            code = normalise_code(raw)
            if code is None:
                problems.append(f"{where}：[{key}] 中有空的代码")
                continue
            if not isinstance(value, str):
                problems.append(f"{where}：[{key}] 代码 {raw} 的含义应为文字")
                continue
            if value == "":
                table.pop(code, None)  # a source that does not use a default code
                continue
            if allowed is not None and value not in allowed:
                choices = "、".join(sorted(allowed))
                problems.append(f"{where}：{label}代码 {raw} 的含义「{value}」无效（可用：{choices}）")
                continue
            table[code] = value


def load_mapping(path: Path | None = None) -> CodeMapping:
    """The national code lists, with the tables and codes of ``path`` replacing or adding to them.

    Raises ``MappingError`` naming every wrong entry (an unknown table, a meaning HallApp does not have);
    nothing of a wrong file is used.
    """
    problems: list[str] = []
    tables: dict[str, dict[str, str]] = {}
    default = _read(NATIONAL_MAPPING_FILE)
    _merge(default, tables, NATIONAL_MAPPING_FILE.name, problems)
    name = str(default.get("name", "国家政务服务平台"))
    files = [str(NATIONAL_MAPPING_FILE)]
    if path is not None:
        own = _read(path)
        _merge(own, tables, path.name, problems)
        name = str(own.get("name", path.stem))
        files.append(str(path))
    if problems:
        raise MappingError(problems)
    frozen = {key: MappingProxyType(dict(table)) for key, table in tables.items()}
    return CodeMapping(name=name, tables=MappingProxyType(frozen), files=tuple(files))
