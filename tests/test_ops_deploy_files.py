"""deploy/ files agree with the code: commands exist, paths exist, settings are known.

Docker and systemd do not run in CI; these checks catch the drift that would break them.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
TOKEN = "7312345678:AAFq3nZ0b_ExampleTokenValue-xyz0123456789"


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def exec_form(text: str) -> list[str]:
    return json.loads(text[text.index("["):])


def cli_args(argv: list[str]) -> list[str]:
    assert Path(argv[0]).name == "briefings", argv
    return argv[1:]


def test_dockerfile_basics():
    steps = dockerfile_instructions()
    kinds = [kind for kind, _ in steps]
    assert steps[0] == ("FROM", "python:3.11-slim")
    user = [arg for kind, arg in steps if kind == "USER"]
    assert user == ["briefings"] and kinds.index("USER") > kinds.index("RUN")  # installs as root, runs as the user
    assert any(kind == "VOLUME" and "/data" in arg for kind, arg in steps)
    env = " ".join(arg for kind, arg in steps if kind == "ENV")
    assert "BRIEFINGS_DB=/data/briefings.db" in env
    install = " ".join(arg for kind, arg in steps if kind == "RUN")
    assert "pip install ." in install and "load_model()" in install  # the model comes with the project, and loads
    for kind, arg in steps:
        if kind == "COPY":
            for source in arg.split()[:-1]:
                assert (REPO / source).exists(), source


def test_dockerignore_keeps_what_the_dockerfile_copies():
    kept = [line[1:].rstrip("/*") for line in (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
            if line.startswith("!")]
    for kind, arg in dockerfile_instructions():
        if kind == "COPY":
            for source in arg.split()[:-1]:
                assert source in kept, f"{source} is copied but excluded from the build context"


def test_healthcheck_and_cmd_are_real_commands(runner, tmp_path, monkeypatch):
    from briefings.cli import cli

    steps = dict((kind, arg) for kind, arg in dockerfile_instructions() if kind in ("HEALTHCHECK", "CMD"))
    health = cli_args(exec_form(steps["HEALTHCHECK"].split("CMD", 1)[1]))
    assert cli_args(exec_form(steps["CMD"])) == ["bot"]
    monkeypatch.chdir(tmp_path)
    from briefings.store import Store

    Store(tmp_path / "data" / "briefings.db").close()  # the bot made it at start
    monkeypatch.setenv("BRIEFINGS_DB", str(tmp_path / "data" / "briefings.db"))
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    healthy = runner.invoke(cli, health)
    assert healthy.exit_code == 0 and healthy.stdout == ""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "broken")
    sick = runner.invoke(cli, health)
    assert sick.exit_code == 1 and "token" in sick.stdout


def test_compose_has_one_service_a_named_volume_and_an_env_file():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    (name, service), = compose["services"].items()
    assert (REPO / service["build"]["dockerfile"]).is_file()
    assert (DEPLOY / service["build"]["context"]).resolve() == REPO
    assert service["env_file"] == ".env"
    volume, target = service["volumes"][0].split(":")
    assert volume in compose["volumes"] and target == "/data"
    assert service["environment"]["BRIEFINGS_DB"].startswith(target + "/")
    assert service["restart"] in ("unless-stopped", "always", "on-failure")


def test_systemd_unit_runs_real_commands_as_a_dedicated_user():
    from briefings.cli import cli

    unit = {}
    for line in (DEPLOY / "briefings.service").read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            unit.setdefault(key, []).append(value)
    assert unit["User"] == ["briefings"] and unit["Restart"] == ["on-failure"]
    for key in ("ExecStartPre", "ExecStart"):
        args = cli_args(shlex.split(unit[key][0]))
        assert args[0] in cli.commands, args
    for option in ("NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp"):
        assert unit[option][0] in ("yes", "strict"), option
    assert unit["Environment"][0].startswith("BRIEFINGS_DB=/var/lib/briefings/")
    assert unit["StateDirectory"] == ["briefings"]


@pytest.mark.parametrize("path", ["Dockerfile", "docker-compose.yml", "briefings.service", "../docs/deploy.md"])
def test_deploy_files_name_only_known_settings(path):
    known = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (DEPLOY / ".env.example").read_text(), re.M))
    known |= {"XDG_DATA_HOME", "HOME", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PIP_NO_CACHE_DIR",
              "PIP_DISABLE_PIP_VERSION_CHECK"}
    named = set(re.findall(r"\b((?:BRIEFINGS|TELEGRAM)_[A-Z0-9_]+)\b", (DEPLOY / path).read_text()))
    assert named - known == set()
