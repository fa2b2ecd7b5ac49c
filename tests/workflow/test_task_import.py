"""Tasks from an .xlsx task list: each bad row named, nothing saved unless all are good."""
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from directives.models import Task, TaskEvent
from directives.services.task_import import TaskImportError, tasks_import, tasks_import_plan
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限", "来源类别", "文号", "批示人", "来源日期", "备注"]


def sheet(*rows, header=HEADER, title_rows=1):
    workbook = Workbook()
    ws = workbook.active
    for _ in range(title_rows):
        ws.append(["2026年第四季度重点任务清单"])
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def places(county, unit_a, unit_b):
    river = factories.UnitFactory(name="河口镇人民政府", short_name="河口镇", kind="township", parent=county)
    hill = factories.UnitFactory(name="山前乡人民政府", short_name="山前乡", kind="township", parent=county)
    from directives.models import Unit

    return {
        "river": river,
        "river_li": Unit.objects.create(name="李庄村", kind="village", parent=river),
        "hill_li": Unit.objects.create(name="李庄村", kind="village", parent=hill),
    }


GOOD = [
    (1, "落实张县长关于秸秆禁烧的批示", "县卫健委", "县交通局、河口镇", datetime.datetime(2026, 12, 20), "领导批示", "", "张县长",
     "2026-11-28", "限时办结"),
    (2, "贯彻市政办发〔2026〕12号文件", "县交通运输局", "", "2026年12月31日", "上级文件", "市政办发〔2026〕12号", "", "", ""),
    (3, "李庄村河道清理", "河口镇/李庄村", "", "", "", "", "", "", ""),
]


def test_a_good_sheet_becomes_tasks_with_their_sources(places, unit_a, unit_b, office_user):
    created = tasks_import(content=sheet(*GOOD), created_by=office_user)

    assert [t.title for t in created] == [row[1] for row in GOOD]
    first, second, third = created
    assert (first.lead_unit, set(first.cooperating_units.all())) == (unit_a, {unit_b, places["river"]})
    assert (first.deadline, first.original_deadline) == (datetime.date(2026, 12, 20),) * 2
    assert (first.source_kind, first.source_person, first.source_date) == (
        Task.Source.INSTRUCTION, "张县长", datetime.date(2026, 11, 28))
    assert (second.source_kind, second.source_reference, second.deadline) == (
        Task.Source.DOCUMENT, "市政办发〔2026〕12号", datetime.date(2026, 12, 31))
    assert (third.lead_unit, third.source_kind, third.deadline) == (places["river_li"], Task.Source.OTHER, None)
    assert all(t.status == Task.Status.ASSIGNED and t.accept_by for t in created)
    assert TaskEvent.objects.filter(kind=TaskEvent.Kind.CREATED, actor=office_user).count() == 3
    serials = [t.tracking_serial for t in created]
    assert serials == list(range(serials[0], serials[0] + 3))


def test_every_bad_row_is_named_and_nothing_is_saved(places, unit_a):
    bad = [
        *GOOD,
        (4, "", "县卫健委", "", "", "", "", "", "", ""),
        (5, "未知单位的任务", "县不存在局", "", "", "", "", "", "", ""),
        (6, "重名村的任务", "李庄村", "", "", "", "", "", "", ""),
        (7, "时限写错", "县卫健委", "", "年底前", "", "", "", "", ""),
        (8, "来源写错", "县卫健委", "", "", "电话", "", "", "", ""),
        (9, "配合单位写错", "县卫健委", "县无此局", "", "", "", "", "", ""),
        (10, "落实张县长关于秸秆禁烧的批示", "县卫健委", "", "", "", "", "", "", ""),
    ]
    before = Task.objects.count()

    with pytest.raises(TaskImportError) as caught:
        tasks_import(content=sheet(*bad))

    messages = [str(e) for e in caught.value.plan.errors]
    assert [e.row for e in caught.value.plan.errors] == [6, 7, 8, 9, 10, 11, 12]
    assert "第6行:“工作任务”为空。" in messages
    assert any("县不存在局" in m and m.startswith("第7行") for m in messages)
    assert any("李庄村" in m and "上级单位/单位" in m and m.startswith("第8行") for m in messages)
    assert any("年底前" in m and m.startswith("第9行") for m in messages)
    assert any("电话" in m and m.startswith("第10行") for m in messages)
    assert any("县无此局" in m and m.startswith("第11行") for m in messages)
    assert any("与第3行重复" in m and m.startswith("第12行") for m in messages)
    assert Task.objects.count() == before


@pytest.mark.parametrize("content,expected", [
    (b"not a workbook", "无法读取文件"),
    (sheet(header=["序号", "名称"]), "找不到表头"),
    (sheet(), "没有任务"),
])
def test_unreadable_or_empty_sheets_say_why(places, content, expected):
    plan = tasks_import_plan(content=content)
    assert not plan.is_valid and expected in str(plan.errors[0])


def test_the_admin_imports_a_sheet_or_lists_its_errors(client, office_user, places, unit_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    office_user.is_staff = office_user.is_superuser = True
    office_user.save()
    client.force_login(office_user)
    url = reverse("admin:directives_task_import")

    def upload(content):
        return client.post(url, {"sheet": SimpleUploadedFile("任务清单.xlsx", content)})

    refused = upload(sheet(*GOOD, (4, "", "县卫健委", "", "", "", "", "", "", "")))
    assert refused.status_code == 400
    assert "“工作任务”为空" in refused.content.decode() and not Task.objects.exists()

    done = upload(sheet(*GOOD))
    assert done.status_code == 302 and Task.objects.count() == 3
