"""'commsctl record' end to end: defaults, refusals, and no lost or overwritten file under races."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from evidence_helpers import run_check, run_commsctl, write_event

UPDATE = "major-incident-update"
SENT_AT = "2026-10-14T10:20:00+02:00"


@pytest.fixture
def plan(starter_plan):
    write_event(starter_plan, "INC-2026-0412", declared_at="2026-10-14T10:00:00+02:00", resolved_at="2026-10-14T10:25:00+02:00")
    return starter_plan


def record_files(plan: Path) -> list[Path]:
    return sorted((plan / "records").rglob("*.yaml"))


def test_record_writes_file_with_plan_defaults(cli, plan):
    result = cli(
        "record", UPDATE, "--event", "INC-2026-0412", "--sent-at", SENT_AT, "--sent-by", "desk.lead",
        "--approved-by", "desk.deputy", "--approved-at", "2026-10-14T10:15:00+02:00",
        "--evidence", "https://status.example.com/incidents/1", "--plan", plan,
    )

    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path == plan / "records/2026/2026-10-14T082000Z-major-incident-update-INC-2026-0412.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Record of one sent communication, written by 'commsctl record'.\n")
    assert "with_whom: [customers]\n" in text
    assert "how: [status-page, email]\n" in text
    assert "sent_at: '2026-10-14T10:20:00+02:00'\n" in text
    assert result.stderr == ""


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600)])
def test_record_file_mode_follows_umask(plan, umask, expected):
    result = subprocess.run(
        ["sh", "-c", f'umask {umask:03o} && exec "$@"', "sh", sys.executable, "-m", "commsctl",
         "record", UPDATE, "--event", "INC-2026-0412", "--sent-at", SENT_AT, "--sent-by", "desk.lead", "--plan", str(plan)],
        capture_output=True, text=True,
    )

    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.stat().st_mode & 0o777 == expected


def test_recorded_file_validates_and_counts_in_check(cli, plan):
    cli("record", UPDATE, "--event", "INC-2026-0412", "--sent-at", SENT_AT, "--sent-by", "desk.lead",
        "--approved-by", "desk.lead", "--approved-at", SENT_AT, "--evidence", "ticket", "--plan", plan)

    assert cli("validate", plan).exit_code == 0
    code, document = run_check(cli, plan, now="2026-10-15T00:00:00Z")
    update = [item for item in document["obligations"] if item["communication"] == UPDATE][0]
    assert update["status"] == "on time"
    assert update["issues"] == []


def test_record_same_second_twice_keeps_both(cli, plan):
    arguments = ("record", UPDATE, "--event", "INC-2026-0412", "--sent-at", SENT_AT, "--sent-by", "desk.lead", "--plan", plan)

    first = cli(*arguments, "--summary", "first")
    second = cli(*arguments, "--summary", "second")

    assert first.exit_code == second.exit_code == 0
    paths = record_files(plan)
    assert [path.name for path in paths] == [
        "2026-10-14T082000Z-major-incident-update-INC-2026-0412-2.yaml",
        "2026-10-14T082000Z-major-incident-update-INC-2026-0412.yaml",
    ]
    assert "summary: first" in Path(first.stdout.strip()).read_text(encoding="utf-8")
    assert "summary: second" in Path(second.stdout.strip()).read_text(encoding="utf-8")


def test_record_threads_racing_keep_every_file(plan):
    from commsctl.recording import RecordRequest, write_record

    written: list[Path] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker(index: int) -> None:
        request = RecordRequest(UPDATE, event="INC-2026-0412", sent_at=SENT_AT, sent_by="desk.lead", summary=f"thread {index}")
        barrier.wait()
        try:
            written.append(write_record(plan, request).path)
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(written)) == 8
    summaries = sorted(path.read_text(encoding="utf-8").split("summary: ")[1].strip() for path in record_files(plan))
    assert summaries == [f"thread {index}" for index in range(8)]


def test_record_processes_racing_keep_every_file(plan):
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "commsctl", "record", UPDATE, "--event", "INC-2026-0412", "--sent-at", SENT_AT,
             "--sent-by", "desk.lead", "--summary", f"process {index}", "--plan", str(plan)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for index in range(6)
    ]
    outputs = [process.communicate(timeout=60) for process in processes]

    assert [process.returncode for process in processes] == [0] * 6, outputs
    assert len({stdout.strip() for stdout, _ in outputs}) == 6
    summaries = sorted(path.read_text(encoding="utf-8").split("summary: ")[1].strip() for path in record_files(plan))
    assert summaries == [f"process {index}" for index in range(6)]


def test_record_rejects_naive_timestamp(plan):
    result = run_commsctl("record", UPDATE, "--event", "INC-2026-0412", "--sent-at", "2026-10-14T10:20:00", "--sent-by", "x", "--plan", plan)

    assert result.returncode == 2
    assert "--sent-at '2026-10-14T10:20:00' has no time zone: add one, such as 2026-10-14T10:20:00Z" in result.stderr
    assert not (plan / "records").exists()


def test_record_rejects_naive_approval_time(plan):
    result = run_commsctl(
        "record", UPDATE, "--event", "INC-2026-0412", "--sent-at", SENT_AT, "--sent-by", "x",
        "--approved-by", "desk.lead", "--approved-at", "2026-10-14 10:15", "--plan", plan,
    )

    assert result.returncode == 2
    assert "--approved-at '2026-10-14 10:15' has no time zone" in result.stderr


def test_record_rejects_unknown_communication(plan):
    result = run_commsctl("record", "major-incident-updat", "--event", "INC-2026-0412", "--plan", plan)

    assert result.returncode == 2
    assert "unknown communication 'major-incident-updat': did you mean 'major-incident-update'?" in result.stderr
    assert not (plan / "records").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--event", "INC-404"), "event 'INC-404' not found: create events/INC-404.yaml first"),
        (("--event", "../plan"), "invalid event id '../plan'"),
        ((), "pass --event with the event id"),
        (("--event", "INC-2026-0412", "--period", "2026-10"), "pass --event, not --period"),
        (("--event", "INC-2026-0412", "--channel", "emial"), "unknown channel 'emial' in --channel: did you mean 'email'?"),
        (("--event", "INC-2026-0412", "--audience", "nobody"), "unknown audience 'nobody' in --audience"),
        (("--event", "INC-2026-0412", "--sent-at", "2026-10-14T09:59:00+02:00"), "is before event 'INC-2026-0412' was declared"),
        (("--event", "INC-2026-0412", "--approved-at", SENT_AT), "--approved-at needs --approved-by"),
        (("--event", "INC-2026-0412", "--message", "/etc/hostname"), "is outside the plan directory"),
        (("--event", "INC-2026-0412", "--message", "../x.md"), "leaves the plan directory"),
        (("--event", "INC-2026-0412", "--message", "messages/none.md"), "message 'messages/none.md' not found"),
    ],
)
def test_record_rejects_invalid_request(plan, arguments, message):
    result = run_commsctl("record", UPDATE, "--sent-by", "desk.lead", "--plan", plan, *arguments)

    assert result.returncode == 2, result.stdout
    assert message in result.stderr
    assert not (plan / "records").exists()


def test_record_rejects_event_of_other_type(plan):
    write_event(plan, "CHG-1", "planned-maintenance-approved", declared_at="2026-10-01T10:00:00Z")

    result = run_commsctl("record", UPDATE, "--event", "CHG-1", "--sent-by", "x", "--plan", plan)

    assert result.returncode == 2
    assert "event 'CHG-1' is of type 'planned-maintenance-approved'" in result.stderr


def test_record_message_inside_plan(cli, plan):
    (plan / "messages").mkdir()
    (plan / "messages" / "update-1.md").write_text("Investigating.\n", encoding="utf-8")

    result = cli("record", UPDATE, "--event", "INC-2026-0412", "--sent-at", SENT_AT, "--sent-by", "desk.lead",
                 "--message", "messages/update-1.md", "--plan", plan)

    assert result.exit_code == 0, result.output
    assert "message: messages/update-1.md\n" in Path(result.stdout.strip()).read_text(encoding="utf-8")


def test_record_scheduled_period_default_and_check(cli, plan):
    result = cli("record", "monthly-service-report", "--sent-at", "2026-11-03T09:00:00+01:00", "--sent-by", "desk.lead",
                 "--approved-by", "owner.name", "--approved-at", "2026-11-03T08:00:00+01:00", "--plan", plan, "--format", "json")

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["record"]["period"] == "2026-11"
    assert document["record"]["with_whom"] == ["customers"]
    assert Path(document["path"]).exists()


def test_record_rejects_period_of_wrong_form(plan):
    result = run_commsctl("record", "monthly-service-report", "--period", "2026-W41", "--sent-by", "x", "--plan", plan)

    assert result.returncode == 2
    assert "invalid --period '2026-W41' for the monthly schedule" in result.stderr


def test_record_sender_from_environment(plan):
    result = run_commsctl("record", UPDATE, "--event", "INC-2026-0412", "--sent-at", SENT_AT, "--plan", plan,
                          env={"COMMSCTL_USER": "desk.deputy"})

    assert result.returncode == 0, result.stderr
    assert "sent_by: desk.deputy\n" in Path(result.stdout.strip()).read_text(encoding="utf-8")


def test_record_without_sender_is_rejected(plan):
    import os

    environment = {key: value for key, value in os.environ.items() if key not in ("COMMSCTL_USER", "USER", "LOGNAME")}
    result = subprocess.run(
        [sys.executable, "-m", "commsctl", "record", UPDATE, "--event", "INC-2026-0412", "--plan", str(plan)],
        capture_output=True, text=True, env=environment, check=False,
    )

    assert result.returncode == 2
    assert "no sender: pass --sent-by PERSON" in result.stderr


def test_record_warns_about_missing_approval(cli, plan):
    result = cli("record", UPDATE, "--event", "INC-2026-0412", "--sent-at", SENT_AT, "--sent-by", "desk.lead",
                 "--evidence", "ticket", "--plan", plan)

    assert result.exit_code == 0
    assert "warning: 'major-incident-update' needs approval by role 'service-desk-lead': recorded as unapproved" in result.stderr
    assert len(record_files(plan)) == 1


def test_record_default_sent_at_is_now_in_utc(cli, plan):
    result = cli("record", UPDATE, "--event", "INC-2026-0412", "--sent-by", "desk.lead", "--plan", plan)

    assert result.exit_code == 0
    assert Path(result.stdout.strip()).name.endswith("Z-major-incident-update-INC-2026-0412.yaml")
    assert "+00:00'" in Path(result.stdout.strip()).read_text(encoding="utf-8")


def test_written_record_matches_json_schema(cli, plan):
    import jsonschema
    import yaml

    from commsctl.schema_export import schema_documents

    result = cli("record", UPDATE, "--event", "INC-2026-0412", "--sent-at", SENT_AT, "--sent-by", "desk.lead",
                 "--approved-by", "desk.lead", "--approved-at", SENT_AT, "--summary", "Investigating", "--plan", plan)
    data = yaml.safe_load(Path(result.stdout.strip()).read_text(encoding="utf-8"))

    jsonschema.validate(data, schema_documents()["record.schema.json"])
    assert data["sent_at"] == SENT_AT
