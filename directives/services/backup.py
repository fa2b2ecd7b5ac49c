"""Backups: the database and the media files (uploaded speeches, attachments, exports) in one archive.

An archive is a ``.tar.gz`` holding

- ``database.sqlite3`` — the embedded database, copied with SQLite's online
  backup API (a consistent copy while the app, the worker and beat keep writing;
  never a file copy of a live database), or ``database.pgdump`` — ``pg_dump
  --format=custom`` of the PostgreSQL database;
- ``media/…`` — every file under MEDIA_ROOT, taken after the database, so each
  file the copied database points to is there;
- ``manifest.json`` — written last: format and version, the engine, when, the
  row counts of the main tables, and the size and SHA-256 of every other member.

``backup_restore`` checks the whole archive (manifest, members, checksums, the
database itself) before it touches anything, then replaces the database (SQLite:
through the backup API into the live file; PostgreSQL: ``pg_restore`` into a
fresh schema, all in one transaction) and the media folder. The secret key and
the Celery broker's files are not part of a backup.
"""
import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = "duban-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"
# Tables whose row counts the manifest records and restore checks.
COUNTED = {
    "tasks": "directives.Task",
    "task_events": "directives.TaskEvent",
    "progress_reports": "directives.ProgressReport",
    "daily_reports": "directives.DailyReport",
    "speeches": "directives.Speech",
    "units": "directives.Unit",
    "users": "auth.User",
}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Manifest:
    engine: str
    database: str
    created_at: str
    counts: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)  # member name -> {"size": n, "sha256": hex}

    def as_json(self) -> bytes:
        data = {
            "format": FORMAT, "version": VERSION, "engine": self.engine, "database": self.database,
            "created_at": self.created_at, "counts": self.counts, "files": self.files,
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


# ----------------------------------------------------------------- what is configured


def database_engine(alias: str = "default") -> str:
    """"sqlite" or "postgresql"; anything else cannot be backed up here."""
    engine = connections[alias].settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"backups support SQLite and PostgreSQL, not {engine}")


def default_backup_path(now: datetime.datetime | None = None) -> Path:
    """``<data folder>/backups/duban-backup-YYYYmmdd-HHMMSS.tar.gz`` (local time)."""
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"duban-backup-{stamp}.tar.gz"


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {name: apps.get_model(label).objects.count() for name, label in COUNTED.items()}


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program (pg_dump, pg_restore, psql), or BackupError saying it is missing."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found: install the PostgreSQL client programs (Debian: apt install postgresql-client) "
            "of the server's major version or newer"
        )
    return path


def _pg_env(alias: str) -> tuple[list[str], dict]:
    """Connection arguments and environment for the client programs (the password goes in PGPASSWORD)."""
    db = connections[alias].settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return args, env


def _run(command: list[str], *, env: dict, what: str, stdin=None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, stdin=stdin, capture_output=True)
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip()[-2000:]
        raise BackupError(f"{what} failed ({Path(command[0]).name} exit {result.returncode}): {detail}")
    return result


# ----------------------------------------------------------------- backing up


def _read_only(path) -> sqlite3.Connection:
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, timeout=30)


def _sqlite_copy(source_path: str, target: Path) -> None:
    """A consistent copy of the live database file through SQLite's online backup API.

    In one step: a backup made in steps starts again from the beginning each time
    another connection writes between two steps, so on a busy database it may
    never end. In one step it holds a read lock while it copies (writers wait,
    within their busy timeout) and is one moment of the database.
    """
    source = _read_only(source_path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination, pages=-1)
        finally:
            destination.close()
    finally:
        source.close()


def _counted_tables() -> dict[str, str]:
    from django.apps import apps

    return {name: apps.get_model(label)._meta.db_table for name, label in COUNTED.items()}


def _sqlite_counts(path: Path) -> dict[str, int]:
    """The row counts of the copy itself (the live database may have changed since)."""
    copy = _read_only(path)
    try:
        return {name: copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                for name, table in _counted_tables().items()}
    finally:
        copy.close()


def _pg_dump(target: Path, alias: str) -> dict[str, int]:
    """pg_dump the database as one snapshot; return the row counts of that same snapshot.

    The counts are read in a REPEATABLE READ transaction whose snapshot pg_dump
    is given (``--snapshot``), so they match the dump exactly however much the
    app writes meanwhile.
    """
    args, env = _pg_env(alias)
    dump = pg_tool("pg_dump")
    db = connections[alias].settings_dict
    wrapper = connections[alias]
    reader = wrapper.get_new_connection(wrapper.get_connection_params())
    reader.autocommit = True  # the transaction below is begun explicitly
    try:
        with reader.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = {}
            for name, table in _counted_tables().items():
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[name] = cursor.fetchone()[0]
            _run([dump, "--format=custom", "--no-owner", "--no-privileges", "--snapshot", snapshot,
                  "--file", str(target), *args], env=env, what=f"pg_dump of {db['NAME']}")
            cursor.execute("COMMIT")
    finally:
        reader.close()
    return counts


def _add_file(archive: tarfile.TarFile, manifest: Manifest, path: Path, name: str) -> None:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as handle:
        archive.addfile(info, handle)
    manifest.files[name] = {"size": info.size, "sha256": digest.hexdigest()}


def _media_files() -> list[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found.append((path, MEDIA_PREFIX + path.relative_to(root).as_posix()))
    return found


def backup_create(*, path: Path | None = None, alias: str = "default") -> tuple[Path, Manifest]:
    """Write an archive of the database and the media files; return its path and manifest.

    Written to ``<path>.partial`` and renamed when complete, so a half-written
    archive never looks like a backup. The file is readable by its owner only.
    """
    engine = database_engine(alias)
    path = Path(path) if path else default_backup_path()
    if path.is_dir():
        path = path / default_backup_path().name
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    manifest = Manifest(engine=engine, database=SQLITE_MEMBER if engine == "sqlite" else PG_MEMBER,
                        created_at=timezone.now().isoformat())
    with tempfile.TemporaryDirectory(prefix="duban-backup-", dir=path.parent) as scratch:
        dump = Path(scratch) / manifest.database
        if engine == "sqlite":
            _sqlite_copy(connections[alias].settings_dict["NAME"], dump)
            manifest.counts = _sqlite_counts(dump)
        else:
            manifest.counts = _pg_dump(dump, alias)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                _add_file(archive, manifest, dump, manifest.database)
                for media_path, name in _media_files():
                    _add_file(archive, manifest, media_path, name)
                data = manifest.as_json()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
                archive.addfile(info, io.BytesIO(data))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.replace(path)
    return path, manifest


# ----------------------------------------------------------------- checking an archive


def _safe_member_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return bool(name) and not pure.is_absolute() and ".." not in pure.parts and "\\" not in name


def backup_read_manifest(path: Path) -> Manifest:
    """Check the archive completely (every member against the manifest); return its manifest or raise BackupError."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        with tarfile.open(path, mode="r:*") as archive:
            try:
                raw = archive.extractfile(MANIFEST)
            except KeyError:
                raise BackupError(f"{path}: not a Dubàn backup (no {MANIFEST})") from None
            try:
                data = json.loads(raw.read().decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise BackupError(f"{path}: its {MANIFEST} is not readable JSON") from None
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise BackupError(f"{path}: not a Dubàn backup")
            if data.get("version") != VERSION:
                raise BackupError(f"{path}: backup format version {data.get('version')!r}, this version reads {VERSION}")
            manifest = Manifest(
                engine=data.get("engine"), database=data.get("database"), created_at=data.get("created_at", ""),
                counts=data.get("counts") or {}, files=data.get("files") or {},
            )
            if manifest.engine not in ("sqlite", "postgresql") or manifest.database not in manifest.files:
                raise BackupError(f"{path}: the manifest names no database")
            seen = set()
            for member in archive:
                if member.name == MANIFEST:
                    continue
                expected = manifest.files.get(member.name)
                if expected is None or not member.isfile() or not _safe_member_name(member.name):
                    raise BackupError(f"{path}: unexpected member {member.name!r}")
                if member.name != manifest.database and not member.name.startswith(MEDIA_PREFIX):
                    raise BackupError(f"{path}: unexpected member {member.name!r}")
                digest = hashlib.sha256()
                handle = archive.extractfile(member)
                for block in iter(lambda: handle.read(CHUNK), b""):
                    digest.update(block)
                if member.size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
                    raise BackupError(f"{path}: {member.name} is damaged (its checksum does not match)")
                seen.add(member.name)
            missing = set(manifest.files) - seen
            if missing:
                raise BackupError(f"{path}: incomplete, {len(missing)} file(s) missing, e.g. {sorted(missing)[0]}")
    except tarfile.ReadError:
        raise BackupError(f"{path}: not a backup archive (not a readable .tar.gz)") from None
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupError(f"{path}: the archive is damaged or incomplete ({error})") from None
    return manifest


# ----------------------------------------------------------------- restoring


def current_content(alias: str = "default") -> list[str]:
    """What a restore would overwrite, in words (empty when there is nothing to lose)."""
    found = []
    try:
        counts = row_counts()
    except Exception:  # no tables yet
        counts = {}
    if any(counts.values()):
        found.append("the database (" + ", ".join(f"{n} {name}" for name, n in counts.items() if n) + ")")
    media = _media_files()
    if media:
        found.append(f"{len(media)} media file(s) in {settings.MEDIA_ROOT}")
    return found


def _extract(archive: tarfile.TarFile, name: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.extractfile(name) as source, target.open("wb") as out:
        shutil.copyfileobj(source, out, CHUNK)


def _sqlite_check(path: Path) -> None:
    try:
        check = _read_only(path)
        try:
            answer = check.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            check.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"the database in the archive is not a readable SQLite database ({error})") from None
    if answer != "ok":
        raise BackupError(f"the database in the archive fails SQLite's integrity check: {answer}")


def _sqlite_restore(copy: Path, alias: str) -> None:
    """Write the archive's database into the live file through the backup API (other connections wait)."""
    live = connections[alias].settings_dict["NAME"]
    Path(live).parent.mkdir(parents=True, exist_ok=True)
    source = _read_only(copy)
    try:
        destination = sqlite3.connect(live, timeout=60)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


def _pg_restore(dump: Path, alias: str) -> None:
    """Replace the database's public schema with the dump, in one transaction: on any error nothing changes."""
    args, env = _pg_env(alias)
    listing = _run([pg_tool("pg_restore"), "--list", str(dump)], env=env, what="reading the dump")
    if not listing.stdout.strip():
        raise BackupError("the PostgreSQL dump in the archive is empty")
    script = _run([pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--file", "-", str(dump)],
                  env=env, what="pg_restore").stdout
    with tempfile.TemporaryFile() as sql:
        sql.write(b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n")
        sql.write(script)
        sql.seek(0)
        _run([pg_tool("psql"), "--quiet", "--no-psqlrc", "--single-transaction", "--set", "ON_ERROR_STOP=1",
              "--file", "-", *args], env=env, what="restoring into PostgreSQL", stdin=sql)


def _media_replace(archive: tarfile.TarFile, manifest: Manifest) -> int:
    """Put the archive's media folder in place of the current one (moved aside, then removed)."""
    root = Path(settings.MEDIA_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=root.parent))
    names = [name for name in manifest.files if name.startswith(MEDIA_PREFIX)]
    try:
        for name in names:
            _extract(archive, name, incoming / name[len(MEDIA_PREFIX):])
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise
    os.chmod(incoming, (root.stat().st_mode & 0o777) if root.exists() else 0o755)
    aside = None
    if root.exists():
        aside = root.with_name(f".{root.name}-before-restore-{os.getpid()}")
        root.replace(aside)
    incoming.replace(root)
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
    return len(names)


def backup_restore(*, path: Path, alias: str = "default") -> Manifest:
    """Check the archive, then replace the database and the media files with its content; return its manifest."""
    manifest = backup_read_manifest(path)
    engine = database_engine(alias)
    if manifest.engine != engine:
        raise BackupError(
            f"{path} holds a {manifest.engine} database and the configured database is {engine}: "
            "restore it with the same kind of database (DATABASE_URL)"
        )
    with tempfile.TemporaryDirectory(prefix="duban-restore-") as scratch, tarfile.open(path, mode="r:*") as archive:
        copy = Path(scratch) / manifest.database
        _extract(archive, manifest.database, copy)
        if engine == "sqlite":
            _sqlite_check(copy)
        connections.close_all()
        if engine == "sqlite":
            _sqlite_restore(copy, alias)
        else:
            _pg_restore(copy, alias)
        _media_replace(archive, manifest)
    connections.close_all()
    counts = row_counts()
    wrong = {name: (n, counts.get(name)) for name, n in manifest.counts.items() if counts.get(name) != n}
    if wrong:
        raise BackupError(f"restored, but the row counts differ from the backup's: {wrong}")
    return manifest


def migrations_pending(alias: str = "default") -> int:
    """How many migrations of this version the (restored) database has not had yet."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[alias])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
