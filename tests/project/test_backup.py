"""manage.py backup / restore: back up, wipe, restore, and find everything again — on SQLite and on PostgreSQL.

The commands work on the database this test run uses (SQLite's online backup
API, or pg_dump / pg_restore / psql), so the tests commit their data
(transactional_db).
"""
import datetime
import gzip
import io
import json
import shutil
import tarfile
import threading
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, connections

from directives.models import DailyReport, ProgressReport, Task, TaskEvent
from directives.services import workflow
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media_root")]

EVIDENCE = "整改照片说明:已完成隐患整改。\n".encode("utf-8") + bytes(range(256)) * 64


@pytest.fixture(autouse=True)
def pg_client_tools():
    if connection.vendor == "postgresql":
        missing = [name for name in ("pg_dump", "pg_restore", "psql") if shutil.which(name) is None]
        if missing:
            pytest.skip(f"the PostgreSQL client programs {', '.join(missing)} are not installed (apt install postgresql-client)")


@pytest.fixture
def office_data(unit_a, unit_b, clerk_a, office_user):
    """Tasks with a history, a progress report with an attachment, a daily report."""
    first = factories.make_task(lead_unit=unit_a, title="开展冬季消防安全检查", deadline=datetime.date(2026, 12, 20),
                                created_by=office_user)
    factories.make_task(lead_unit=unit_b, title="做好春运道路安全保障", deadline=datetime.date(2027, 1, 31))
    workflow.task_accept(task=first, actor=clerk_a)
    report = workflow.task_report_progress(
        task=first, unit=unit_a, author=clerk_a, text="已排查隐患12处,整改9处。",
        attachment=ContentFile(EVIDENCE, name="整改佐证.bin"),
    )
    workflow.task_urge(task=first, actor=office_user, note="请加快整改")
    campaign = factories.CampaignFactory(units=[unit_a, unit_b])
    DailyReport.objects.create(campaign=campaign, unit=unit_a, date=datetime.date(2026, 11, 10), is_zero=True)
    DailyReport.objects.create(campaign=campaign, unit=unit_b, date=datetime.date(2026, 11, 10), text="发现问题1处,已处置。")
    return report


def snapshot() -> dict:
    return {
        "tasks": list(Task.objects.order_by("pk").values()),
        "events": list(TaskEvent.objects.order_by("pk").values()),
        "progress": list(ProgressReport.objects.order_by("pk").values()),
        "daily": list(DailyReport.objects.order_by("pk").values()),
    }


def wipe(media_root):
    call_command("flush", "--noinput")
    shutil.rmtree(media_root, ignore_errors=True)


def test_backup_wipe_restore_finds_every_task_report_history_entry_and_attachment(office_data, media_root, tmp_path):
    # given
    before = snapshot()
    assert len(before["events"]) >= 4 and before["progress"][0]["attachment"]
    archive = tmp_path / "backups" / "office.tar.gz"
    out = io.StringIO()

    # when: back up, wipe everything, restore
    call_command("backup", str(archive), stdout=out)
    wipe(media_root)
    assert not Task.objects.exists() and not media_root.exists()
    call_command("restore", str(archive), stdout=out)

    # then
    assert snapshot() == before
    report = ProgressReport.objects.get()
    with report.attachment.open("rb") as handle:
        assert handle.read() == EVIDENCE
    assert "Backup written" in out.getvalue() and "Restored" in out.getvalue()
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


def test_backup_goes_to_the_data_folder_by_default(office_data, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "data"
    out = io.StringIO()
    call_command("backup", stdout=out)
    [written] = (tmp_path / "data" / "backups").iterdir()
    assert written.name.startswith("duban-backup-") and written.name.endswith(".tar.gz")
    with tarfile.open(written) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        names = archive.getnames()
    assert manifest["engine"] == ("sqlite" if connection.vendor == "sqlite" else "postgresql")
    assert manifest["counts"]["tasks"] == 2 and manifest["counts"]["task_events"] == TaskEvent.objects.count()
    assert any(name.startswith("media/progress/") for name in names)


def test_restore_asks_for_yes_before_overwriting(office_data, tmp_path):
    # given a backup, and a task added after it
    archive = tmp_path / "office.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    factories.make_task(lead_unit=office_data.unit, title="备份之后新增的事项")
    before = snapshot()

    # when
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), stdout=io.StringIO())

    # then nothing changed, and the message says what would be replaced and how to go on
    assert "--yes" in str(refused.value) and "3 tasks" in str(refused.value)
    assert snapshot() == before
    # with --yes the task added after the backup is gone
    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert Task.objects.count() == 2


def _damaged_copies(archive, tmp_path) -> dict:
    data = archive.read_bytes()
    copies = {
        "not an archive": b"PK\x03\x04 this is a zip file, not a backup",
        "cut short": data[: len(data) // 2],
    }
    # a member changed after the manifest was written
    with tarfile.open(archive) as source:
        members = [(member, source.extractfile(member).read() if member.isfile() else None) for member in source]
    tampered = io.BytesIO()
    with tarfile.open(fileobj=tampered, mode="w:gz") as target:
        for member, content in members:
            if member.name.startswith("media/"):
                content = content[:-1] + bytes([content[-1] ^ 1])
            target.addfile(member, io.BytesIO(content))
    copies["tampered"] = tampered.getvalue()
    # a tar of something else
    foreign = io.BytesIO()
    with tarfile.open(fileobj=foreign, mode="w:gz") as target:
        info = tarfile.TarInfo("readme.txt")
        info.size = 5
        target.addfile(info, io.BytesIO(b"hello"))
    copies["foreign"] = foreign.getvalue()
    copies["empty gzip"] = gzip.compress(b"")
    paths = {}
    for name, content in copies.items():
        path = tmp_path / f"{name.replace(' ', '-')}.tar.gz"
        path.write_bytes(content)
        paths[name] = path
    return paths


def test_restore_refuses_a_bad_archive_clearly_and_changes_nothing(office_data, media_root, tmp_path):
    # given
    archive = tmp_path / "office.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = snapshot()
    expected = {
        "not an archive": "not a backup archive",
        "cut short": "damaged or incomplete",
        "tampered": "is damaged (its checksum does not match)",
        "foreign": "not a Dubàn backup",
        "empty gzip": "not a backup archive",
    }

    for name, path in _damaged_copies(archive, tmp_path).items():
        # when
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(path), "--yes", stdout=io.StringIO())
        # then
        assert expected[name] in str(refused.value), (name, str(refused.value))
        assert snapshot() == before
        with ProgressReport.objects.get().attachment.open("rb") as handle:
            assert handle.read() == EVIDENCE
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), stdout=io.StringIO())


def test_restore_check_only_reads_the_archive(office_data, tmp_path):
    archive = tmp_path / "office.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    factories.make_task(lead_unit=office_data.unit, title="备份之后新增的事项")
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "complete and undamaged" in out.getvalue() and Task.objects.count() == 3


def test_backup_while_the_office_keeps_writing_is_one_consistent_moment(office_data, media_root, tmp_path, unit_a):
    # given a unit creating tasks (each with its history entry) all the time
    stop, created = threading.Event(), []

    def keep_writing():
        try:
            while not stop.is_set():
                created.append(factories.make_task(lead_unit=unit_a, title=f"并发新增事项{len(created)}").pk)
        finally:
            connections.close_all()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(created) < 3:
            time.sleep(0.02)
        # when
        archive = tmp_path / "busy.tar.gz"
        call_command("backup", str(archive), stdout=io.StringIO())
    finally:
        stop.set()
        writer.join()
    with tarfile.open(archive) as opened:
        counts = json.load(opened.extractfile("manifest.json"))["counts"]
    wipe(media_root)
    call_command("restore", str(archive), stdout=io.StringIO())  # checks the restored counts against the manifest

    # then the copy is one moment: the tasks of that moment, each with its history, nothing half-written
    assert Task.objects.count() == counts["tasks"] >= 2 + 3
    assert TaskEvent.objects.count() == counts["task_events"]
    assert not Task.objects.filter(events__isnull=True).exists()
