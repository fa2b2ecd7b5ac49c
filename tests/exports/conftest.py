"""Tasks for the ledger: a meeting with a speech and two points, tasks in several states."""
import datetime
import io

import pytest
from openpyxl import load_workbook

from directives.models import Directive, Task
from directives.services.workflow import task_accept, task_report_progress
from tests import factories

TODAY = datetime.date(2026, 11, 20)


def read_workbook(content):
    """Open an exported workbook (bytes, file or path) as openpyxl sees it."""
    if isinstance(content, (bytes, bytearray)):
        content = io.BytesIO(content)
    return load_workbook(content)


@pytest.fixture
def read_xlsx():
    return read_workbook


@pytest.fixture
def ledger_tasks(meeting, unit_a, unit_b, office_user, clerk_a):
    """Three tasks of unit_a (one overdue with progress, one yellow, one far off) and one of unit_b."""
    speech = factories.SpeechFactory(meeting=meeting, title="在全县冬季安全工作会上的讲话", speaker="王明")
    point_one = Directive.objects.create(
        speech=speech, position=1, number="一、", heading="抓好安全生产", text="抓好安全生产。"
    )
    point_two = Directive.objects.create(
        speech=speech, position=2, number="二、", heading="保障群众出行", text="保障群众出行。"
    )
    overdue = factories.make_task(
        lead_unit=unit_a,
        title="开展冬季医疗机构消防安全大检查,排查整改隐患并建立台账,每周报送一次整改进度",
        deadline=datetime.date(2026, 11, 10),
        cooperating_units=[unit_b],
        responsible_person="李华",
        directive=point_one,
        meeting=meeting,
        remarks="县领导点名事项",
    )
    task_accept(task=overdue, actor=clerk_a)
    task_report_progress(task=overdue, unit=unit_a, author=clerk_a, text="已检查医疗机构12家,发现隐患5处,整改3处。")
    near = factories.make_task(
        lead_unit=unit_a, title="完成疫苗冷链设备更新", deadline=datetime.date(2026, 11, 22), directive=point_one,
        meeting=meeting,
    )
    far = factories.make_task(
        lead_unit=unit_a, title="制定基层卫生人才培养方案", deadline=datetime.date(2026, 12, 31), directive=point_two,
        meeting=meeting,
    )
    other = factories.make_task(
        lead_unit=unit_b, title="做好春运道路安全保障", deadline=datetime.date(2027, 1, 15), directive=point_two,
        meeting=meeting, cooperating_units=[unit_a],
    )
    lone = factories.make_task(lead_unit=unit_b, title="修复县道破损路面", deadline=None)
    # Lights as the daily sweep would leave them on TODAY.
    from directives.services.workflow import tasks_refresh_lights

    tasks_refresh_lights(day=TODAY)
    return {name: Task.objects.get(pk=t.pk) for name, t in
            {"overdue": overdue, "near": near, "far": far, "other": other, "lone": lone}.items()}
