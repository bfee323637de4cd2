"""``python -m bot`` as a real process against the fake Bot API: polling, webhook, clean stop, safe logs."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from briefings.store import Store
from tests.fakes import FakeBotAPI

USER = 4242


@pytest.fixture
def server():
    with FakeBotAPI().running_in_thread() as running:
        yield running


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_bot(server: FakeBotAPI, tmp_path, command=(sys.executable, "-m", "bot"), **env) -> subprocess.Popen:
    environment = {
        "PATH": os.environ["PATH"], "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "TELEGRAM_BOT_TOKEN": server.token, "TELEGRAM_API_BASE_URL": server.base_url,
        "BRIEFINGS_DB": str(tmp_path / "bot.db"), "BRIEFINGS_LOG_LEVEL": "DEBUG", **env,
    }
    return subprocess.Popen(list(command), cwd=tmp_path, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    return process.returncode, stderr


def wait_until(condition, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"the bot exited early: {process.communicate()[1][-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


@pytest.mark.parametrize("command", ["python -m bot", "briefings --db other.db bot"])
def test_polling_process_registers_menu_answers_and_stops_cleanly(server, tmp_path, command):
    argv = [sys.executable, "-m", "bot"] if command.startswith("python") else \
        [str(Path(sys.executable).parent / "briefings"), "--db", str(tmp_path / "other.db"), "bot"]
    process = start_bot(server, tmp_path, argv)
    try:
        wait_until(lambda: server.calls("setMyCommands"), process)
        server.send_command(USER, USER, "/subscribe 09:15")
        [reply] = server.wait_for_messages_sync(USER, 1, timeout=60)
        assert "09:15" in reply.plain
    finally:
        code, stderr = stop(process)
    assert code == 0, stderr[-2000:]
    assert "getUpdates" in stderr and "<redacted>" in stderr  # debug logs name the calls...
    assert server.token.split(":")[1] not in stderr  # ...never the token
    database = tmp_path / ("other.db" if "--db" in command else "bot.db")  # --db wins over BRIEFINGS_DB
    with Store(database) as store:
        assert store.db["subscriptions"].get(USER)["time"] == "09:15"


def test_webhook_process_checks_the_secret_token(server, tmp_path):
    port = free_port()
    secret = "webhook-secret_0123"
    process = start_bot(server, tmp_path, BRIEFINGS_MODE="webhook", BRIEFINGS_WEBHOOK_URL="https://bot.example.org/tg-hook",
                        BRIEFINGS_WEBHOOK_SECRET=secret, BRIEFINGS_LISTEN="127.0.0.1", BRIEFINGS_PORT=str(port))
    try:
        wait_until(lambda: server.calls("setWebhook"), process)
        [hook] = server.calls("setWebhook")
        assert hook["url"] == "https://bot.example.org/tg-hook" and hook["secret_token"] == secret
        update = {"update_id": 1, "message": {
            "message_id": 1, "date": int(time.time()), "text": "/help",
            "chat": {"id": USER, "type": "private", "first_name": "U"},
            "from": {"id": USER, "is_bot": False, "first_name": "U"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        }}

        def post(token: str) -> int:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/tg-hook", data=json.dumps(update).encode(), method="POST",
                headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": token})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status
            except urllib.error.HTTPError as exc:
                return exc.code
            except OSError:
                return 0

        wait_until(lambda: post("wrong-secret") == 403, process)
        assert server.messages(USER) == []
        assert post(secret) == 200
        [reply] = server.wait_for_messages_sync(USER, 1, timeout=60)
        assert "/subscribe" in reply.plain
    finally:
        code, stderr = stop(process)
    assert code == 0, stderr[-2000:]
    assert secret not in stderr and server.token.split(":")[1] not in stderr


def test_core_never_imports_telegram():
    code = "import sys, briefings.cli, briefings.digest, briefings.render; print('telegram' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
