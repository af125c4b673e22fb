"""One place for paths and settings that exist before the database does.

Everything HallApp writes lives below one data directory: the platform's user data directory by default,
or the one given by ``--data-dir`` / ``HALLAPP_DATA_DIR`` (portable installs, tests). The database is the
SQLite file in it unless ``--database-url`` / ``HALLAPP_DATABASE_URL`` names another (PostgreSQL, when
several counters share one database).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "HallApp"
DATA_DIR_ENV = "HALLAPP_DATA_DIR"
DATABASE_URL_ENV = "HALLAPP_DATABASE_URL"
CATALOGUE_DIR_ENV = "HALLAPP_CATALOGUE_DIR"


def _source_root() -> Path:
    """The folder holding ``resources/`` and ``data/``: the checkout, or an installed share folder."""
    here = Path(__file__).resolve().parent.parent
    if (here / "resources").is_dir():
        return here
    installed = Path(sys.prefix) / "share" / "hallapp"
    return installed if installed.is_dir() else here


SOURCE_ROOT = _source_root()
RESOURCES_DIR = SOURCE_ROOT / "resources"
SHIPPED_CATALOGUE_DIR = SOURCE_ROOT / "data"
UI_FONT_FILE = RESOURCES_DIR / "fonts" / "wqy-zenhei.ttf"
# The fonts for rare characters, in the order they are tried after the main one, on screen and on paper
# (resources/fonts/README.md). Here, not in hallapp.printing, so the sign-in need not load reportlab.
FALLBACK_FONT_FILES: tuple[Path, ...] = (
    RESOURCES_DIR / "fonts" / "HanaMinB.ttf",
    RESOURCES_DIR / "fonts" / "BabelStoneHan-gaps.ttf",
)


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


@dataclass(frozen=True)
class AppPaths:
    """Where this installation keeps its files."""

    data_dir: Path
    database_url: str
    catalogue_dir: Path

    @property
    def database_file(self) -> Path | None:
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix):
            return Path(self.database_url[len(prefix) :])
        return None

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    def ensure(self) -> None:
        for folder in (self.data_dir, self.index_dir, self.log_dir, self.backup_dir):
            folder.mkdir(parents=True, exist_ok=True)


def resolve_paths(
    data_dir: str | os.PathLike[str] | None = None,
    database_url: str | None = None,
    catalogue_dir: str | os.PathLike[str] | None = None,
) -> AppPaths:
    """Command-line values win over environment variables, which win over the platform defaults."""
    chosen = data_dir or os.environ.get(DATA_DIR_ENV)
    folder = Path(chosen).expanduser().resolve() if chosen else default_data_dir()
    url = database_url or os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{folder / 'hallapp.sqlite3'}"
    catalogue = catalogue_dir or os.environ.get(CATALOGUE_DIR_ENV)
    return AppPaths(
        data_dir=folder,
        database_url=url,
        catalogue_dir=Path(catalogue).resolve() if catalogue else SHIPPED_CATALOGUE_DIR,
    )
