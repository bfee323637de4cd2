"""Operating a deployment: ``doctor`` checks, consistent backups and checked restores.

Each check returns a :class:`Check` saying what is wrong and how to fix it; :func:`doctor`
runs them all. :func:`backup` copies a live database through SQLite's online backup API (the
bot may keep writing); :func:`restore` verifies a copy (integrity, schema) before it replaces
the database, and keeps the replaced one.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from briefings.config import SettingsError, default_db_path, validate_timezone
from briefings.store.database import out_of_space, storage_problem
from briefings.store.migrations import MIGRATIONS, schema_version

OK, WARN, FAIL = "ok", "warn", "fail"
#: A well-formed token used to validate the other settings, so a token problem is reported once,
#: by the token check.
_PLACEHOLDER_TOKEN = "1:" + "x" * 35
#: Settings with a check of their own, left out of the general settings check.
_CHECKED_APART = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_TOKEN_FILE", "BRIEFINGS_ADMINS", "BRIEFINGS_TIMEZONE")


class OpsError(RuntimeError):
    """A backup or restore cannot go ahead; the message says why and what to do."""


@dataclass
class Check:
    """One doctor finding: ``status`` is ok, warn or fail; ``fix`` says what to do about it."""

    name: str
    status: str
    message: str
    fix: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == FAIL


@dataclass
class DoctorReport:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(c.failed for c in self.checks)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if c.status != OK]


# -- doctor -------------------------------------------------------------------------------------
def check_token(env: dict[str, str]) -> Check:
    """Token present and shaped like a Bot API token (the check never prints it)."""
    from briefings.config import TOKEN_PATTERN, read_token

    fix = "get a token from @BotFather and set TELEGRAM_BOT_TOKEN (or TELEGRAM_BOT_TOKEN_FILE with the token in a file)"
    try:
        token, origin = read_token(env)
    except SettingsError as exc:
        return Check("token", FAIL, str(exc), "make the file readable by the bot's user, or set TELEGRAM_BOT_TOKEN")
    if not token:
        return Check("token", FAIL, "no bot token: TELEGRAM_BOT_TOKEN is not set", fix)
    if not TOKEN_PATTERN.match(token):
        return Check("token", FAIL, f"{origin} is malformed (a token looks like 123456789:AAH..., digits, a colon, 30+ letters)",
                     "copy the whole token from @BotFather, without quotes or spaces")
    return Check("token", OK, f"well-formed, from {origin} (bot id {token.split(':', 1)[0]})")


def check_settings(env: dict[str, str]) -> Check:
    """Every other setting parses: the bot's (mode, webhook, port, times, levels...) and the
    source poller's (fetch allow-list, size cap, notice threshold, full-text budget)."""
    from briefings.config import BotSettings
    from briefings.sources import PollSettings

    probe = {k: v for k, v in env.items() if k not in _CHECKED_APART}
    probe["TELEGRAM_BOT_TOKEN"] = _PLACEHOLDER_TOKEN
    try:
        settings = BotSettings.from_env(probe)
        # the bot passes its own poll interval (0 = off), the rest comes from the environment
        PollSettings.from_env({k: v for k, v in probe.items() if k != "BRIEFINGS_POLL_MINUTES"})
    except SettingsError as exc:
        name = str(exc).split(":", 1)[0].split()[0]
        return Check("settings", FAIL, str(exc), f"correct {name} in the environment or .env (see deploy/.env.example)")
    detail = f"mode {settings.mode}"
    if settings.mode == "webhook":
        detail += f" at {settings.webhook_url}, listening on {settings.listen}:{settings.port}"
    return Check("settings", OK, detail)


def check_admins(env: dict[str, str]) -> Check:
    """At least one admin, each id as the bot reads it: only admins may add sources and articles."""
    from briefings.config import parse_user_ids

    fix = "set BRIEFINGS_ADMINS to your numeric Telegram user id (several: comma-separated); @userinfobot tells you yours"
    try:
        ids = parse_user_ids(env.get("BRIEFINGS_ADMINS"))
    except SettingsError as exc:
        return Check("admins", FAIL, str(exc), fix)
    if not ids:
        return Check("admins", FAIL, "BRIEFINGS_ADMINS is empty: nobody can add sources or articles", fix)
    return Check("admins", OK, f"{len(ids)} admin{'s' if len(ids) != 1 else ''}")


def check_timezone(env: dict[str, str], db_path: Path | None = None) -> Check:
    """The default timezone (and every subscriber's, when the database exists) is a known zone."""
    name = (env.get("BRIEFINGS_TIMEZONE") or "UTC").strip()
    try:
        validate_timezone(name, "BRIEFINGS_TIMEZONE")
    except SettingsError as exc:
        return Check("timezone", FAIL, str(exc), "set BRIEFINGS_TIMEZONE to an IANA name; `tzdata` must be installed")
    if db_path and Path(db_path).is_file():
        try:
            with _connect(db_path) as conn:
                zones = conn.execute("select tz, count(*) from subscriptions where tz is not null group by tz").fetchall()
        except sqlite3.Error:
            zones = []
        unknown = []
        for tz, count in zones:
            try:
                validate_timezone(tz)
            except SettingsError:
                unknown.append(f"{tz} ({count})")
        if unknown:
            return Check("timezone", WARN, f"subscriptions with unknown timezones: {', '.join(unknown)}",
                         "install/upgrade the tzdata package, or ask those subscribers to /subscribe again")
    return Check("timezone", OK, name)


def check_database(db_path: str | Path) -> Check:
    """The database opens, passes quick_check, is writable and has the schema this code expects."""
    path = Path(db_path)
    want = schema_version()
    if not path.exists():
        parent = next((p for p in [path.parent, *path.parent.parents] if p.exists()), None)
        if parent is None or not os.access(parent, os.W_OK):
            return Check("database", FAIL, f"{path} does not exist and {parent or path.parent} is not writable",
                         "create the folder and give the bot's user write access, or set BRIEFINGS_DB")
        return Check("database", WARN, f"{path} does not exist yet; it is created (schema v{want}) on first start",
                     "run `briefings migrate` to create it now")
    if not os.access(path.parent, os.W_OK):
        return Check("database", FAIL, f"folder {path.parent} is not writable (SQLite needs it for its -wal and -shm files)",
                     "give the bot's user write access to the folder")
    try:
        with _connect(path) as conn:
            quick = conn.execute("PRAGMA quick_check").fetchone()[0]
            if quick != "ok":
                return Check("database", FAIL, f"{path} is damaged: {quick}",
                             "restore the latest backup: briefings restore BACKUP --force")
            conn.execute("BEGIN IMMEDIATE")  # a write that is rolled back: a read-only or immutable file fails it
            try:
                conn.execute(f"PRAGMA user_version = {int(conn.execute('PRAGMA user_version').fetchone()[0])}")
            finally:
                conn.execute("ROLLBACK")
            applied = _applied_migrations(conn)
    except sqlite3.Error as exc:
        problem = storage_problem(exc, path)
        if problem:
            message, fix = problem.split(". ", 1)
            return Check("database", FAIL, message, fix)
        return Check("database", FAIL, f"cannot use {path}: {exc}",
                     "check the path and file permissions; if the file is damaged, restore a backup")
    known = [name for name, _ in MIGRATIONS]
    newer = [name for name in applied if name not in known]
    if newer:
        return Check("database", FAIL, f"{path} was migrated by a newer version of Briefings ({', '.join(newer)})",
                     "upgrade Briefings, or restore a backup made by this version")
    missing = [name for name in known if name not in applied]
    if missing:
        return Check("database", FAIL, f"{path} is at schema v{len(applied)}, this version expects v{want}",
                     "run `briefings migrate` (the bot also migrates when it starts); take a backup first")
    size = path.stat().st_size
    return Check("database", OK, f"{path} writable, schema v{want}, {size / 1e6:.1f} MB")


def check_extraction(db_path: str | Path) -> Check:
    """Every stored article has facts from this extractor version: none pending (an interrupted
    ingest left them unextracted) or stale (extracted by older rules)."""
    from briefings.extract import EXTRACTOR_VERSION

    if not Path(db_path).is_file():
        return Check("extraction", OK, "no database yet")
    with _connect(db_path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
        if "extracted_with" not in columns:
            return Check("extraction", WARN, "the database predates extraction versions",
                         "run `briefings migrate`, then `briefings extract --pending`")
        counts = dict(conn.execute("select extracted_with, count(*) from articles group by 1").fetchall())
    pending = counts.pop(None, 0)
    stale = sum(n for version, n in counts.items() if version != EXTRACTOR_VERSION)
    if pending:
        return Check("extraction", WARN, f"{_articles_were(pending)} stored but never extracted ({stale} stale)",
                     "run `briefings extract --pending` (the next ingest, poll or bot start also does it)")
    if stale:
        return Check("extraction", WARN, f"{_articles_were(stale)} extracted by older rules than {EXTRACTOR_VERSION}",
                     "run `briefings extract --stale` (on a large store it takes a while; the bot may keep running)")
    return Check("extraction", OK, f"all articles extracted by {EXTRACTOR_VERSION}")


def _articles_were(count: int) -> str:
    return "1 article was" if count == 1 else f"{count} articles were"


def check_model(env: dict[str, str]) -> Check:
    """The spaCy model loads."""
    from briefings import nlp

    try:
        model = nlp.load_model(env.get("BRIEFINGS_SPACY_MODEL") or None)
    except nlp.ModelNotFound as exc:
        return Check("model", FAIL, str(exc).split(". Install it with")[0], nlp.INSTALL_HINT)
    meta = getattr(model, "meta", {}) or {}
    return Check("model", OK, f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '')}".strip())


def check_templates(env: dict[str, str]) -> Check:
    """Every built-in template and every template in BRIEFINGS_TEMPLATES compiles."""
    import jinja2

    from briefings import render

    override_raw = (env.get("BRIEFINGS_TEMPLATES") or "").strip()
    override = Path(override_raw).expanduser() if override_raw else None
    if override and not override.is_dir():
        return Check("templates", FAIL, f"BRIEFINGS_TEMPLATES: {override} is not a folder",
                     "point BRIEFINGS_TEMPLATES at a folder of .j2 files, or unset it")
    folders = [render.BUILTIN_TEMPLATES] + ([override] if override else [])
    errors, count = [], 0
    for folder in folders:
        for path in sorted(folder.glob("*.j2")):
            ext = path.name.rsplit(".", 2)[-2] if path.name.count(".") >= 2 else "txt"
            try:  # compiling catches syntax errors and unknown filters or tests
                render.environment(ext, override).compile(path.read_text(encoding="utf-8"), path.name, str(path))
                count += 1
            except jinja2.TemplateSyntaxError as exc:
                errors.append(f"{path}, line {exc.lineno}: {exc.message}")
            except (OSError, UnicodeDecodeError) as exc:
                errors.append(f"{path}: cannot read ({exc})")
    if errors:
        return Check("templates", FAIL, "; ".join(errors), "fix the template (Jinja2 syntax), or remove it to use the built-in one")
    where = f" ({override} overrides the built-in ones)" if override else ""
    return Check("templates", OK, f"{count} templates compile{where}")


def check_telegram(env: dict[str, str], timeout: float = 10.0) -> list[Check]:
    """The Bot API answers getMe for the token, and whether inline mode is on for it (network)."""
    import httpx

    from briefings.config import read_token
    from briefings.logsetup import redact

    try:
        token, _ = read_token(env)
    except SettingsError:
        token = ""
    if not token:
        return [Check("telegram", FAIL, "skipped: no token", "set TELEGRAM_BOT_TOKEN first")]
    base = (env.get("TELEGRAM_API_BASE_URL") or "https://api.telegram.org/bot").strip()
    url = base.replace("{token}", token) if "{token}" in base else f"{base}{token}"
    try:
        response = httpx.get(f"{url}/getMe", timeout=timeout)
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        return [Check("telegram", FAIL, f"cannot reach the Bot API: {redact(str(exc))}",
                      "check outbound HTTPS to api.telegram.org (proxy, firewall, DNS) or TELEGRAM_API_BASE_URL")]
    if not data.get("ok"):
        return [Check("telegram", FAIL, f"the Bot API refused the token: {data.get('description', response.status_code)}",
                      "the token was revoked or mistyped; get the current one from @BotFather")]
    me = data["result"]
    checks = [Check("telegram", OK, f"token accepted: @{me.get('username')}")]
    if me.get("supports_inline_queries"):
        checks.append(Check("inline mode", OK, f"enabled: typing @{me.get('username')} Belarus in any chat offers briefs"))
    else:
        checks.append(Check("inline mode", WARN, f"disabled: @{me.get('username')} in a chat offers nothing",
                            f"in @BotFather send /setinline, pick @{me.get('username')} and set a placeholder "
                            "such as 'country or topic'"))
    return checks


def check_sources(db_path: str | Path, env: dict[str, str]) -> list[Check]:
    """Each stored source answers through the same guarded fetch the poller uses (network)."""
    from briefings.ingest.fetch import FetchError, FetchSettings, fetch

    if not Path(db_path).is_file():
        return [Check("sources", WARN, "no database yet, so no sources to try")]
    with _connect(db_path) as conn:
        rows = conn.execute("select id, url, coalesce(name, url) from sources order by id").fetchall()
    if not rows:
        return [Check("sources", WARN, "no sources configured", "add feeds: briefings sources add URL (or /addsource in the bot)")]
    settings = FetchSettings.from_env(env)
    checks = []
    for source_id, url, name in rows:
        try:
            result = fetch(url, settings=settings, max_bytes=256 * 1024)
            checks.append(Check(f"source {source_id}", OK, f"{name}: HTTP {result.status}"))
        except FetchError as exc:
            checks.append(Check(f"source {source_id}", FAIL, f"{name} ({url}): {exc}",
                                "check the URL, or remove the source: briefings sources remove ID"))
    return checks


def doctor(
    env: dict[str, str] | None = None,
    *,
    db_path: str | Path | None = None,
    network: bool = False,
    quick: bool = False,
) -> DoctorReport:
    """Run every check; ``quick`` only the cheap ones (token, settings, database) for health checks."""
    env = dict(os.environ if env is None else env)
    db_path = Path(db_path) if db_path else default_db_path(env)
    steps: list[tuple[str, Callable[[], Check | list[Check]]]] = [
        ("token", lambda: check_token(env)),
        ("settings", lambda: check_settings(env)),
        ("database", lambda: check_database(db_path)),
    ]
    if not quick:
        steps += [
            ("admins", lambda: check_admins(env)),
            ("timezone", lambda: check_timezone(env, db_path)),
            ("extraction", lambda: check_extraction(db_path)),
            ("templates", lambda: check_templates(env)),
            ("model", lambda: check_model(env)),
        ]
        if network:
            steps += [("telegram", lambda: check_telegram(env)), ("sources", lambda: check_sources(db_path, env))]
    report = DoctorReport()
    for name, step in steps:
        try:
            found = step()
        except Exception as exc:  # a check must never take doctor down with it
            found = Check(name, FAIL, f"check crashed: {type(exc).__name__}: {exc}")
        report.checks += found if isinstance(found, list) else [found]
    return report


# -- backup and restore -----------------------------------------------------------------------------
@dataclass
class DatabaseInfo:
    """What a verified database file holds."""

    path: Path
    size: int
    schema_version: int
    articles: int
    subscriptions: int


def _connect(path: str | Path) -> sqlite3.Connection:
    """A connection to an existing file (never creates one); it only reads unless told to write."""
    conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=rw", uri=True, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def _applied_migrations(conn: sqlite3.Connection) -> list[str]:
    has_table = conn.execute("select 1 from sqlite_master where type = 'table' and name = '_migrations'").fetchone()
    return [r[0] for r in conn.execute("select name from _migrations order by rowid")] if has_table else []


def verify_database(path: str | Path) -> DatabaseInfo:
    """Check a database file: it opens, passes ``PRAGMA integrity_check`` and the FTS index's own
    check, and has a schema this version knows (older is fine: it is migrated when opened).
    Raises OpsError saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise OpsError(f"{path}: no such file")
    try:
        with _connect(path) as conn:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise OpsError(f"{path} fails PRAGMA integrity_check: {'; '.join(problems[:3])}")
            applied = _applied_migrations(conn)
            if not applied:
                raise OpsError(f"{path} is an SQLite file but not a Briefings database (no _migrations table)")
            counts = {}
            for table in ("articles", "subscriptions"):
                exists = conn.execute("select 1 from sqlite_master where name = ?", [table]).fetchone()
                counts[table] = conn.execute(f"select count(*) from {table}").fetchone()[0] if exists else 0
            if conn.execute("select 1 from sqlite_master where name = 'articles_fts'").fetchone():
                try:  # the full-text index agrees with the articles table
                    with conn:
                        conn.execute("insert into articles_fts(articles_fts) values ('integrity-check')")
                except sqlite3.DatabaseError as exc:
                    raise OpsError(f"{path}: the full-text index does not match the articles ({exc})") from None
    except sqlite3.DatabaseError as exc:
        raise OpsError(f"{path} is not a usable SQLite database: {exc}") from None
    known = [name for name, _ in MIGRATIONS]
    newer = [name for name in applied if name not in known]
    if newer:
        raise OpsError(f"{path} was made by a newer version of Briefings ({', '.join(newer)}); upgrade first")
    return DatabaseInfo(path, path.stat().st_size, len(applied), counts["articles"], counts["subscriptions"])


def backup(db_path: str | Path, dest: str | Path, *, overwrite: bool = False) -> DatabaseInfo:
    """A consistent copy of the live database at ``dest`` (a file, or a folder to put a dated file in).

    Uses SQLite's online backup API in one step: the copy is a snapshot of one moment while
    other processes go on writing (WAL readers do not block writers). The copy is written
    beside ``dest``, verified, then renamed into place, so ``dest`` is never half-written.
    """
    as_folder = str(dest).endswith(("/", os.sep))
    db_path, dest = Path(db_path), Path(dest)
    if not db_path.is_file():
        raise OpsError(f"no database at {db_path}")
    if dest.is_dir() or as_folder:
        dest = dest / f"briefings-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.db"
    if dest.exists() and not overwrite:
        raise OpsError(f"{dest} exists; choose another name or pass --force to overwrite it")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    except OSError as exc:
        raise OpsError(f"cannot write the backup in {dest.parent}: {exc.strerror or exc}; "
                       "choose a folder this user may write to (and with free space)") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        source = _connect(db_path)
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)  # pages=-1: the whole database from one read snapshot
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
            source.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        verify_database(tmp)
        os.replace(tmp, dest)
    except sqlite3.OperationalError as exc:  # the backup's disk filled up, or the database cannot be read
        if out_of_space(exc):
            raise OpsError(f"the backup {dest} could not be written: no space left there (or a file size limit). "
                           "Free some space or choose another folder; the database itself is untouched.") from None
        problem = storage_problem(exc, db_path)
        if problem is None:
            raise
        raise OpsError(problem) from None
    except OSError as exc:
        raise OpsError(f"cannot write the backup {dest}: {exc.strerror or exc}; free some space or "
                       "choose another folder") from None
    finally:
        tmp.unlink(missing_ok=True)
    return verify_database(dest)


def restore(backup_path: str | Path, db_path: str | Path, *, force: bool = False) -> tuple[DatabaseInfo, Path | None]:
    """Replace the database at ``db_path`` with a verified backup; return its info and where the
    replaced database was kept (None when there was none).

    Refuses a backup that fails the integrity check or comes from a newer schema, and refuses to
    replace a database holding articles or subscriptions unless ``force``. The copy goes in
    through the backup API into the live file, so SQLite's own locking keeps it consistent;
    stop the bot first all the same, so it does not act on state that vanished under it.
    """
    from briefings.store import Store

    backup_path, db_path = Path(backup_path), Path(db_path)
    info = verify_database(backup_path)
    kept = None
    if db_path.exists():
        try:
            current = verify_database(db_path)
            holds = current.articles + current.subscriptions
        except OpsError:
            holds = 1  # a damaged database still holds something we should not drop silently
        if holds and not force:
            raise OpsError(f"{db_path} is not empty; pass --force to replace it (it is kept as a dated copy)")
        kept = db_path.with_name(f"{db_path.stem}.before-restore-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}{db_path.suffix}")
        try:
            backup(db_path, kept)
        except (OpsError, sqlite3.Error):
            import shutil  # the current file is damaged: keep its raw bytes instead

            shutil.copy2(db_path, kept)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    source = _connect(backup_path)
    target = sqlite3.connect(db_path, timeout=30)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    Store(db_path).close()  # migrate an older backup to the current schema
    restored = verify_database(db_path)
    if restored.articles != info.articles:
        raise OpsError(f"restore of {backup_path} is incomplete: {restored.articles} of {info.articles} articles")
    return restored, kept


__all__ = [
    "Check", "DoctorReport", "DatabaseInfo", "OpsError",
    "backup", "check_admins", "check_database", "check_extraction", "check_model", "check_settings", "check_sources",
    "check_telegram", "check_templates", "check_timezone", "check_token", "doctor", "restore", "verify_database",
]
