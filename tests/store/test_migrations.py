from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from hallapp.store import (  # noqa: F401 - registers the tables
    account_models,
    calendar_models,
    case_models,
    disclosure_models,
    licence_models,
    models,
    rating_models,
)
from hallapp.store.db import UnitOfWork, make_engine
from hallapp.store.migrate import _config, current_revision, head_revision, upgrade


def test_migration_creates_the_schema_from_nothing(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert current_revision(engine) is None
    assert upgrade(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {"department", "licence_type", "matter", "material_requirement", "setting"} <= tables
    assert upgrade(engine) == head_revision()  # idempotent


def test_models_and_migrations_describe_the_same_schema(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            d
            for d in compare_metadata(context, SQLModel.metadata)
            if d[0] != "remove_table" or d[1].name != "alembic_version"
        ]
    assert differences == []


def test_sqlite_runs_in_wal_with_full_sync_and_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() > 0


def test_unit_of_work_without_commit_writes_nothing(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    upgrade(engine)
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(models.Setting(key="k", value="v"))
        uow.session.flush()
    with UnitOfWork(engine) as uow:
        assert uow.session.get(models.Setting, "k") is None
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(models.Setting(key="k", value="v"))
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert uow.session.get(models.Setting, "k").value == "v"


def test_upgrading_an_older_database_backs_it_up_first(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    upgrade(engine)
    config = _config()
    with engine.begin() as connection:  # a database one revision behind, as after installing an update
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
    older = current_revision(engine)
    assert older != head_revision()
    backups = tmp_path / "backups"
    assert upgrade(engine, backup_dir=backups) == head_revision()
    (copy,) = backups.glob("db-before-*.sqlite3")
    assert current_revision(make_engine(f"sqlite:///{copy}")) == older  # the copy is the database as it was


def test_a_current_database_is_recognised_without_importing_alembic(tmp_path):
    """Every start checks the schema: at the newest revision that must cost a query, not alembic's import."""
    import subprocess
    import sys

    from hallapp.store.migrate import head_from_files

    url = f"sqlite:///{tmp_path / 'current.sqlite3'}"
    upgrade(make_engine(url))
    assert head_from_files() == head_revision()
    script = (
        "import sys\n"
        "from hallapp.store.db import make_engine\n"
        "from hallapp.store.migrate import upgrade\n"
        f"print(upgrade(make_engine({url!r})), 'alembic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == [head_revision(), "False"]
