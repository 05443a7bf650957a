"""The `hearth` command as an operator runs it: in its own processes, on its own database files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

HEARTH = [sys.executable, "-m", "hearth.cli"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(HEARTH_VAR_DIR=str(tmp_path), HEARTH_LANG="en", **extra)
    return env


def _run(args: list[str], env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HEARTH, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_hearth_demo_builds_the_demo_centre_in_its_own_database_and_prints_a_login_per_role(tmp_path: Path) -> None:
    env = _env(tmp_path)
    result = _run(["demo", "--no-serve"], env)
    assert result.returncode == 0, result.stderr
    for username in ("agent", "lead", "social", "hr", "manager", "admin"):
        assert f" {username} " in f" {result.stdout} ".replace("\n", " ")
    assert (tmp_path / "demo.sqlite3").exists() and not (tmp_path / "hearth.sqlite3").exists()
    assert "Helpdesk history:" in result.stdout  # four weeks of chats, through the real ingest path
    again = _run(["demo", "--no-serve"], env)
    # A second run changes nothing: the same logins, and no helpdesk history loaded twice.
    assert again.returncode == 0 and result.stdout.startswith(again.stdout)
    assert "Helpdesk history:" not in again.stdout


def test_the_demo_refuses_a_real_centres_database(tmp_path: Path) -> None:
    real = tmp_path / "real.sqlite3"
    env = _env(tmp_path, DATABASE_URL=f"sqlite:///{real}")
    assert _run(["manage", "migrate", "-v", "0"], env).returncode == 0
    assert _run(["import-people", str(_people_csv(tmp_path))], env).returncode == 0
    result = _run(["demo", "--no-serve"], _env(tmp_path, HEARTH_DEMO_DATABASE_URL=f"sqlite:///{real}"))
    assert result.returncode == 1
    assert "real centre" in result.stderr


def _people_csv(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("name,employee_id,team,roles,email\nLi Na,A1,Night,agent,li.na@example.com\n", encoding="utf-8")
    return path


def test_hearth_serve_serves_pages_and_its_own_static_files(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _run(["demo", "--no-serve"], env).returncode == 0
    port = _free_port()
    server = subprocess.Popen([*HEARTH, "demo", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        login = _get(f"http://127.0.0.1:{port}/accounts/login/", deadline=30)
        assert "two-factor" in login.lower() or "两步验证" in login  # the demo says it waives two-factor
        css = _get(f"http://127.0.0.1:{port}/static/hearth/hearth.css", deadline=5)
        assert ".card" in css
        assert "/static/django_htmx/" in login  # htmx is served by Hearth itself, no CDN
        assert "http://" not in login.replace(f"http://127.0.0.1:{port}", "").split("<body")[0]
    finally:
        server.terminate()
        server.wait(timeout=20)


def _get(url: str, deadline: float) -> str:
    end = time.monotonic() + deadline
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
                return str(response.read().decode())
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.3)


@pytest.mark.parametrize("backend", ["database", "redis"])
def test_the_worker_sends_queued_emails_on_either_backend(tmp_path: Path, backend: str) -> None:
    extra = {"REDIS_URL": "redis://127.0.0.1:6379/15"} if backend == "redis" else {}
    env = _env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'w.sqlite3'}", **extra)
    if backend == "redis":
        _redis_flush()
    assert _run(["manage", "migrate", "-v", "0"], env).returncode == 0
    assert _run(["import-people", str(_people_csv(tmp_path))], env).returncode == 0
    queue = (
        "import django; django.setup()\n"
        "from hearth.people.models import Person\n"
        "from hearth.notices.services import notice_send\n"
        "from django.db import transaction\n"
        "with transaction.atomic():\n"
        "    notice_send(person=Person.objects.get(employee_id='A1'), kind='checkup_reminder',"
        " params={'title': 'Monthly', 'closes': '2026-12-01'})\n"
    )
    queued = subprocess.run([sys.executable, "-c", queue], env={**env, "DJANGO_SETTINGS_MODULE": "hearth.config.settings"},
                            capture_output=True, text=True, timeout=60, check=False)
    assert queued.returncode == 0, queued.stderr
    assert not list((tmp_path / "mail").glob("*.log"))  # nothing sent until the worker runs
    worked = _run(["worker", "--once"], env)
    assert worked.returncode == 0, worked.stderr
    mails = list((tmp_path / "mail").glob("*.log"))
    assert len(mails) == 1
    assert "li.na@example.com" in mails[0].read_text()


def _redis_flush() -> None:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as conn:
            conn.sendall(b"SELECT 15\r\nFLUSHDB\r\n")
            conn.recv(100)
    except OSError as exc:
        raise RuntimeError("The RQ backend test needs Redis on 127.0.0.1:6379 (.ci/run starts it)") from exc


def test_an_ingest_killed_mid_way_and_run_again_has_no_duplicates_and_nothing_missing(tmp_path: Path) -> None:
    import json
    import signal
    import sqlite3
    from datetime import UTC, datetime, timedelta

    db = tmp_path / "k.sqlite3"
    env = _env(tmp_path, DATABASE_URL=f"sqlite:///{db}")
    assert _run(["manage", "migrate", "-v", "0"], env).returncode == 0
    export = tmp_path / "export.jsonl"
    start = datetime(2026, 11, 2, tzinfo=UTC)
    with export.open("w", encoding="utf-8") as out:
        for c in range(15_000):
            at = start + timedelta(seconds=37 * c)
            out.write(json.dumps({"conversation_id": f"C{c}", "message_id": "1", "sent_at": at.isoformat(),
                                  "author_role": "customer", "text": f"where is order {c}?"}) + "\n")
            out.write(json.dumps({"conversation_id": f"C{c}", "message_id": "2", "sent_at": (at + timedelta(seconds=30)).isoformat(),
                                  "author_role": "agent", "agent_id": f"a{c % 40}", "text": "I'll check it for you now."}) + "\n")
    process = subprocess.Popen([*HEARTH, "ingest", "generic", str(export), "--no-features"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    partial = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                partial = conn.execute("SELECT count(*) FROM ingest_sourcemessage").fetchone()[0]
        except sqlite3.OperationalError:
            continue
        if partial >= 4000:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=30)
    assert 0 < partial < 30_000, "the import should have been killed part-way"
    again = _run(["ingest", "generic", str(export), "--no-features"], env, timeout=300)
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(db) as conn:
        total, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT conversation_id || '/' || external_id) FROM ingest_sourcemessage").fetchone()
    assert total == distinct == 30_000
