"""Fault proof: the app server and the task worker are killed with SIGKILL in the middle of a
burst of writes (crimes recorded through the API) and notifications (e-mails through the durable
outbox to a local SMTP catcher); both are restarted; then

- every write the API acknowledged (201) is in the database;
- every notification was delivered: the catcher holds one distinct Message-ID per message queued.
  An e-mail handed to the catcher just before the worker died is sent again under the same
  Message-ID (delivery is at least once; the receiver drops the copy): counted as `resends`;
- `audit verify` passes.

The outbox's safety net (`notify.outbox.recover`, which the sweep runs) frees messages a dead
worker left "sending" after LANTERN_OUTBOX_STUCK_SECONDS; here those windows are 10 s instead of
15 and 10 minutes, so that the bench need not wait a quarter of an hour.

Large, through bench/run.py (a generated data set):
    ./lantern bench fault --db sqlite --scale demo     # LANTERN_FAULT_WRITES / LANTERN_FAULT_MESSAGES, 500 each
Small, in the suite: tests/faults/test_sigkill.py runs this script on a copy of the test database.
Prints the report as JSON; exits 1 unless it is ok.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Report:
    writes_acknowledged: int = 0
    writes_refused: int = 0  # connection refused or reset while the server was down (then retried)
    writes_unanswered: int = 0  # committed by a server killed before it answered: the retry was refused as a duplicate
    writes_failed: list[str] = field(default_factory=list)  # any other answer: a defect
    writes_missing: list[str] = field(default_factory=list)
    messages_queued: int = 0
    messages_delivered: int = 0  # distinct Message-IDs at the catcher
    resends: int = 0  # e-mails received more than once under one Message-ID
    messages_not_sent: int = 0
    audit_verify_exit: int = -1
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            not self.writes_missing
            and not self.writes_failed
            and self.messages_delivered == self.messages_queued
            and self.messages_not_sent == 0
            and self.audit_verify_exit == 0
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Processes:
    """The server, the worker and the mail catcher, each in its own process group."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.port = _free_port()
        self.server: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.catcher: subprocess.Popen[bytes] | None = None

    def _start(self, args: list[str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )

    def start_server(self) -> None:
        gunicorn = [str(BIN / "gunicorn"), "lantern.config.wsgi:application", "--workers", "2"]
        self.server = self._start([*gunicorn, "--bind", f"127.0.0.1:{self.port}"])
        for _ in range(900):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v1/cases", timeout=2):  # noqa: S310
                    return
            except urllib.error.HTTPError:
                return  # 401 without a token: it answers
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the app server did not start")

    def start_worker(self) -> None:
        self.worker = self._start([sys.executable, "manage.py", "db_worker", "--no-reload"])

    def start_catcher(self) -> None:
        self.catcher = self._start(
            [sys.executable, "manage.py", "mail_catcher", "--port", self.env["LANTERN_EMAIL_PORT"]]
        )
        time.sleep(3)

    @staticmethod
    def kill(process: subprocess.Popen[bytes] | None) -> None:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop_all(self) -> None:
        for process in (self.server, self.worker, self.catcher):
            self.kill(process)


def _post_case(port: int, token: str, reference: str) -> int:
    body = json.dumps({"crime_reference": reference, "summary": "Fault test"}).encode()
    request = urllib.request.Request(  # noqa: S310 - our own server on 127.0.0.1
        f"http://127.0.0.1:{port}/api/v1/cases",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0  # no answer: the server was down or died mid-request


def run(env: dict[str, str], writes: int = 60, messages: int = 60) -> Report:
    """The burst, the kills and the checks, against the database `env` names (already migrated, with
    at least one investigator). Runs Django in this process too, to queue messages and check."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from lantern.core.auth import issue_token
    from lantern.core.models import Role, User
    from lantern.notify import outbox
    from lantern.notify.models import CaughtEmail, OutboxMessage

    started = time.perf_counter()
    report = Report()
    officer = User.objects.filter(role=Role.INVESTIGATOR, is_active=True, force__isnull=False).first()
    if officer is None:
        raise RuntimeError("no investigator in this database")
    token = issue_token(officer, name="fault test", days=1)
    run_id = f"{int(time.time())}"
    procs = Processes(env)
    acknowledged: list[str] = []
    try:
        procs.start_catcher()
        procs.start_server()
        procs.start_worker()

        def writer() -> None:
            for i in range(writes):
                reference = f"FAULT/{run_id}/{i}"
                status = _post_case(procs.port, token, reference)
                retried = False
                for _retry in range(300):  # a client retries while the server restarts (up to ~60 s)
                    if status != 0:
                        break
                    report.writes_refused += 1
                    retried = True
                    time.sleep(0.2)
                    status = _post_case(procs.port, token, reference)
                if status == 201:
                    acknowledged.append(reference)
                elif status == 422 and retried:  # the first attempt was committed but never answered
                    report.writes_unanswered += 1
                else:
                    report.writes_failed.append(f"{reference}: {status}")

        thread = threading.Thread(target=writer)
        thread.start()
        for i in range(messages):
            with transaction.atomic():
                outbox.enqueue(
                    outbox.NewMessage(
                        idempotency_key=f"fault:{run_id}:{i}",
                        purpose="fault_test",
                        channel=OutboxMessage.Channel.EMAIL,
                        recipient="fault-test@example.org",
                        subject=f"Fault test {run_id} {i}",
                        body="A message queued during a fault test.",
                    )
                )
            report.messages_queued += 1
            time.sleep(0.05)  # a burst, not an instant: the kills land while writes are in flight
            if i == messages // 3:
                procs.kill(procs.server)  # SIGKILL mid-burst: in-flight requests are lost, unacknowledged
                procs.start_server()
            if i == 2 * messages // 3:
                procs.kill(procs.worker)  # SIGKILL mid-delivery
                procs.start_worker()
        thread.join()
        # Until every message is sent: the sweep's safety net, as the sweep would run it (here every
        # 5 s), frees messages a dead worker left "sending" and re-queues those whose task was lost.
        deadline = time.monotonic() + 90 + messages
        ours = OutboxMessage.objects.filter(idempotency_key__startswith=f"fault:{run_id}:")
        while time.monotonic() < deadline and ours.exclude(state=OutboxMessage.State.SENT).exists():
            outbox.recover()
            time.sleep(5)
        report.messages_not_sent = ours.exclude(state=OutboxMessage.State.SENT).count()
        time.sleep(1)  # the catcher stores what it received
    finally:
        procs.stop_all()
    from lantern.cases.models import Case

    present = set(Case.objects.filter(crime_reference__in=acknowledged).values_list("crime_reference", flat=True))
    report.writes_acknowledged = len(acknowledged)
    report.writes_missing = [ref for ref in acknowledged if ref not in present]
    caught = list(
        CaughtEmail.objects.filter(subject__startswith=f"Fault test {run_id} ").values_list("message_id", flat=True)
    )
    ours_ids = set(caught)
    report.messages_delivered = len(ours_ids)
    report.resends = len(caught) - len(ours_ids)
    try:
        call_command("audit_verify", "--no-checkpoint")
        report.audit_verify_exit = 0
    except SystemExit as exit_:
        report.audit_verify_exit = int(exit_.code or 0)
    report.seconds = time.perf_counter() - started
    return report


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items()},
        "DJANGO_SETTINGS_MODULE": "lantern.config.settings",
        "PYTHONPATH": str(ROOT / "src"),
        "LANTERN_ALLOWED_HOSTS": "127.0.0.1",
        "LANTERN_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "LANTERN_EMAIL_HOST": "127.0.0.1",
        "LANTERN_EMAIL_PORT": str(port),
        "LANTERN_OUTBOX_STUCK_SECONDS": os.environ.get("LANTERN_OUTBOX_STUCK_SECONDS", "10"),
        "LANTERN_OUTBOX_LOST_SECONDS": os.environ.get("LANTERN_OUTBOX_LOST_SECONDS", "10"),
    }
    report = run(
        env,
        writes=int(os.environ.get("LANTERN_FAULT_WRITES", "500")),
        messages=int(os.environ.get("LANTERN_FAULT_MESSAGES", "500")),
    )
    result = json.dumps({**report.__dict__, "ok": report.ok}, indent=2)
    print(result)
    if os.environ.get("LANTERN_FAULT_REPORT"):
        Path(os.environ["LANTERN_FAULT_REPORT"]).write_text(result)
    sys.exit(0 if report.ok else 1)


if __name__ == "__main__":
    main()
