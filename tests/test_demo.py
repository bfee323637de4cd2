"""``briefings demo``: a fresh database from seeds/ alone, what it holds, a digest and a brief."""

from __future__ import annotations

import re
import shlex

import pytest

extract = pytest.importorskip("briefings.extract")
if not hasattr(extract, "extract_articles"):
    pytest.skip("briefings.extract has no extract_articles yet", allow_module_level=True)


@pytest.fixture
def run_demo(runner, tmp_path, monkeypatch):
    from briefings.cli import cli

    monkeypatch.chdir(tmp_path)

    def run(*args):
        return runner.invoke(cli, ["demo", *args], catch_exceptions=False)

    return run


def test_demo_builds_a_fresh_database_from_the_seeds(run_demo, tmp_path, seeds_dir):
    first = run_demo()
    assert first.exit_code == 0, first.output
    assert "Traceback" not in first.output
    new = int(re.search(r"Ingested \S+: (\d+) new, 0 duplicates, 0 failed", first.stdout).group(1))
    assert new >= 5
    assert f"Articles: {new} " in first.stdout
    events = int(re.search(r"Events: (\d+)", first.stdout).group(1))
    assert events > 0  # extraction ran over the seeds
    assert (tmp_path / "briefings-demo.db").exists()
    assert "Brest" in first.stdout and "Belarus" in first.stdout  # the digest and the brief on Belarus
    again = run_demo()  # recreated, not appended to: the same counts, nothing duplicated
    assert again.exit_code == 0
    assert re.search(rf"Ingested \S+: {new} new, 0 duplicates, 0 failed", again.stdout)


def test_the_commands_the_demo_suggests_work(run_demo, runner, tmp_path):
    from briefings.cli import cli

    shown = run_demo().stdout
    hints = shown[shown.index("Explore it:"):].replace("Explore it:", "").splitlines()
    commands = [shlex.split(line) for line in hints if line.strip()]
    assert any("--picture" in command for command in commands)
    for command in commands:
        assert command[0] == "briefings"
        done = runner.invoke(cli, command[1:], catch_exceptions=False)
        assert done.exit_code == 0, (command, done.output)
    assert (tmp_path / "belarus.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_demo_with_a_missing_seeds_folder_is_a_clear_error(run_demo, tmp_path):
    result = run_demo("--seeds", str(tmp_path / "nowhere"), "--db", str(tmp_path / "elsewhere.db"))
    assert result.exit_code == 1 and "no seeds folder" in result.stderr
    assert not (tmp_path / "elsewhere.db").exists()
