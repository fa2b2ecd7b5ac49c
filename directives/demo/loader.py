"""Load the demo county, its people, two speeches, tasks in every status and a daily-report campaign.

Everything is created through the same services the office uses, so the demo
shows real behaviour (tracking numbers, history, lateness), with dates placed
relative to ``today`` so the data always looks current.
"""
import datetime
import random
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from ..models import Directive, Meeting, ReportCampaign, ReportIndicator, Task, Unit
from ..models import Membership
from ..services import workflow
from ..services.directives import directive_groups, directives_assign
from ..services.papers import bulletin_document_keep, notices_keep
from ..services.reports import daily_report_file
from ..services.speeches import speech_import
from ..services.jobs import acceptance_overdue_flag
from . import county
from .workflow import load_workflow_examples

DEMO_DIR = Path(__file__).resolve().parent


class DemoAlreadyLoaded(Exception):
    pass


def demo_is_loaded() -> bool:
    return Unit.objects.filter(name=county.COUNTY[0], parent__isnull=True).exists()


@transaction.atomic
def demo_load(*, today: datetime.date | None = None) -> dict:
    """Create the demo data in one transaction; raise DemoAlreadyLoaded if it is there."""
    if demo_is_loaded():
        raise DemoAlreadyLoaded()
    today = today or timezone.localdate()
    units = _load_units()
    users = _load_users(units)
    office = users["duchashi"]
    meetings = _load_speeches(units, office, today)
    tasks = _assign_points(office)
    tasks += _load_hand_made_tasks(units, office, today)
    _advance_tasks(tasks, users, office)
    _date_acceptances(tasks)
    tasks += load_workflow_examples(units, users, office, today)
    workflow.tasks_refresh_lights(day=today)
    acceptance_overdue_flag(day=today)  # tasks assigned weeks ago and still not accepted: 超时未签收, urged once
    reports = _load_campaign(units, users, office, meetings[0].held_on, today)
    papers = _load_papers(office, today)
    return {"units": len(units), "users": len(users), "meetings": len(meetings), "tasks": len(tasks), "daily reports": reports,
            "papers": papers}


def _load_units() -> dict[str, Unit]:
    name, short, aliases = county.COUNTY
    top = Unit.objects.create(name=name, short_name=short, aliases=aliases, kind=Unit.Kind.COUNTY)
    units = {name: top}
    name, short, aliases = county.OFFICE
    units[name] = Unit.objects.create(
        name=name, short_name=short, aliases=aliases, kind=Unit.Kind.OFFICE, parent=top, order=0,
        contact_person="周敏", contact_phone="0391-6120001",
    )
    for order, (name, short, aliases) in enumerate(county.DEPARTMENTS, start=1):
        units[name] = Unit.objects.create(
            name=name, short_name=short, aliases=aliases, kind=Unit.Kind.DEPARTMENT, parent=top, order=order,
            contact_phone=f"0391-61{order:05d}",
        )
    for order, (name, kind, _clerk, villages) in enumerate(county.TOWNSHIPS, start=100):
        township = Unit.objects.create(name=name, kind=kind, parent=top, order=order, contact_phone=f"0391-62{order:05d}")
        units[name] = township
        for v_order, village in enumerate(villages, start=1):
            kind = Unit.Kind.COMMUNITY if village.endswith("社区") else Unit.Kind.VILLAGE
            units[village] = Unit.objects.create(name=village, kind=kind, parent=township, order=v_order)
    return units


def _load_users(units: dict[str, Unit]) -> dict:
    User = get_user_model()
    users = {}
    # Hash the shared demo password once: hashing costs ~0.4 s a time.
    password_hash = make_password(county.DEMO_PASSWORD)
    for username, full_name, unit_name, role in county.USERS:
        user = User.objects.create(
            username=username,
            password=password_hash,
            first_name=full_name,
            email=f"{username}@qingxi.example.cn",
            is_staff=role == Membership.Role.OFFICE,
        )
        Membership.objects.create(user=user, unit=units[unit_name], role=role)
        if role == Membership.Role.OFFICE:
            from django.contrib.auth.models import Permission

            user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["directives", "django_celery_beat"]))
        users[username] = user
    return users


SPEECHES = [
    # (file, meeting title, days before today, location)
    ("speech_fire_safety.txt", "全县冬春火灾防控暨安全生产工作会议", 14, "县政府第一会议室"),
    ("speech_projects.txt", "全县重点项目建设攻坚推进会", 35, "县委大会议室"),
]


def _load_speeches(units, office_user, today) -> list[Meeting]:
    meetings = []
    for file_name, title, days_ago, location in SPEECHES:
        held_on = today - datetime.timedelta(days=days_ago)
        meeting = Meeting.objects.create(title=title, held_on=held_on, location=location, organizer=units[county.COUNTY[0]])
        text = (DEMO_DIR / file_name).read_text(encoding="utf-8").replace(
            "{meeting_date}", f"{held_on.year}年{held_on.month}月{held_on.day}日"
        )
        speech_import(meeting=meeting, text=text, imported_by=office_user)
        meetings.append(meeting)
    return meetings


def _assign_points(office_user) -> list[Task]:
    """Assign every directive point that names a lead unit, and fan out the points addressed to a group."""
    tasks = []
    points = Directive.objects.filter(kind=Directive.Kind.DIRECTIVE, review_status=Directive.Review.PROPOSED).order_by(
        "speech__meeting__held_on", "position"
    )
    for point in points:
        if point.children.exists():
            continue  # the sub-points carry the work
        groups = directive_groups(point)
        # A standing duty the speech gives no date (严格落实…) is assigned as 长期 work.
        open_ended = [point.pk] if point.deadline is None else []
        if point.lead_unit_id:
            tasks += directives_assign(directives=[point], created_by=office_user, open_ended=open_ended)
        elif groups:
            # Addressed to a group (各乡镇(街道)…) with no unit to lead: one task per member unit.
            tasks += directives_assign(
                directives=[point], created_by=office_user, fan_out={point.pk: groups[0]}, open_ended=open_ended
            )
    for task in tasks:
        meeting_day = task.meeting.held_on if task.meeting else timezone.localdate()
        created = timezone.make_aware(datetime.datetime.combine(meeting_day + datetime.timedelta(days=1), datetime.time(9, 30)))
        # 签收时限 counted from the day it was assigned.
        Task.objects.filter(pk=task.pk).update(
            created_at=created, accept_by=workflow.accept_by_for(timezone.localtime(created).date())
        )
        task.events.update(at=created)
    return tasks


HAND_MADE = [
    # (title, lead unit, cooperating units, deadline offset from today, responsible person)
    ("排查整治城区燃气管道老化隐患", "青溪县住房和城乡建设局", ["青溪县应急管理局"], -6, "孙丽"),
    ("完成县人民医院发热门诊改造", "青溪县卫生健康委员会", ["青溪县财政局"], -2, "陈静"),
    ("落实冬季农村道路交通安全劝导站值守", "青溪县交通运输局", ["青溪县公安局"], 2, "刘洋"),
    ("做好寒潮雨雪冰冻天气防范应对", "青溪县应急管理局", ["青溪县交通运输局"], 1, "赵强"),
    ("开展冬季校园安全大检查", "青溪县教育局", [], 20, "马骏"),
    ("城关镇老旧小区消防通道清理", "城关镇", ["青溪县消防救援大队"], -10, "郑华"),
    ("河口镇渡口冬季安全管理", "河口镇", ["青溪县交通运输局"], 12, "王芳"),
]


def _load_hand_made_tasks(units, office_user, today) -> list[Task]:
    tasks = []
    for title, lead, cooperating, offset, person in HAND_MADE:
        task = workflow.task_create(
            title=title,
            lead_unit=units[lead],
            cooperating_units=[units[name] for name in cooperating],
            responsible_person=person,
            deadline=today + datetime.timedelta(days=offset),
            created_by=office_user,
            description=f"请{units[lead]}按要求抓好落实,并及时反馈进展。",
        )
        created = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=20), datetime.time(10, 0)))
        # 签收时限 counted from the day it was assigned.
        Task.objects.filter(pk=task.pk).update(
            created_at=created, accept_by=workflow.accept_by_for(timezone.localtime(created).date())
        )
        task.events.update(at=created)
        tasks.append(task)
    return tasks


PROGRESS_TEXTS = [
    "已召开专题会议研究部署,制定工作方案,明确责任人和时间节点。",
    "已完成第一轮排查,发现问题12处,已整改9处,其余3处正在整改。",
    "已组织联合检查组深入一线督导,问题清单逐项销号。",
]


def _advance_tasks(tasks, users, office_user) -> None:
    """Move the tasks along the workflow so every status (and a 退回) is on show."""
    clerks = {m.unit_id: m.user for m in Membership.objects.filter(role=Membership.Role.CLERK).select_related("user")}
    for index, task in enumerate(tasks):
        clerk = clerks.get(task.lead_unit_id)
        step = index % 7
        if step == 0:
            continue  # 交办: waiting to be accepted
        workflow.task_accept(task=task, actor=clerk)
        if step == 1:
            continue  # 签收
        workflow.task_report_progress(task=task, unit=task.lead_unit, author=clerk, text=PROGRESS_TEXTS[index % 3])
        if step == 2:
            if task.deadline and task.deadline < timezone.localdate():
                workflow.task_urge(task=task, actor=office_user, note="已超过完成时限,请抓紧办理并反馈。")
            continue  # 办理中
        if step == 6:
            workflow.task_report_progress(
                task=task, unit=task.lead_unit, author=clerk, text=PROGRESS_TEXTS[(index + 1) % 3]
            )
            continue
        workflow.task_request_close(task=task, unit=task.lead_unit, actor=clerk, text="各项工作已全部完成,佐证材料见附件。")
        if step == 3:
            continue  # 申请办结
        if step == 5:
            workflow.task_return(task=task, actor=office_user, reason="佐证材料不全,请补充现场照片和整改台账。")
            continue  # 退回 → 办理中
        workflow.task_close(task=task, actor=office_user, reason="经核实,已按要求完成。")  # 销号


def _load_campaign(units, users, office_user, first_day, today) -> int:
    """A daily-report campaign from the fire-safety meeting on, with its history so far."""
    campaign = ReportCampaign.objects.create(
        name="冬春火灾隐患排查整治日报告",
        description="各乡镇(街道)、县直有关部门每日16时前报送隐患排查整治进展,无情况报“零报告”。",
        first_day=first_day,
        last_day=first_day + datetime.timedelta(days=75),
        cutoff=datetime.time(16, 0),
        workdays_only=False,
        created_by=office_user,
    )
    ReportIndicator.objects.bulk_create(
        [
            ReportIndicator(campaign=campaign, code="checked", name="排查隐患数", kind="integer", required=True, unit_label="处", order=1),
            ReportIndicator(campaign=campaign, code="fixed", name="整改隐患数", kind="integer", required=False, unit_label="处", order=2),
            ReportIndicator(campaign=campaign, code="issues", name="异常情况", kind="text", required=False, order=3),
        ]
    )
    reporting_units = [units[name] for name, *_rest in county.TOWNSHIPS] + [units[n] for n in county.CAMPAIGN_DEPARTMENTS]
    campaign.units.set(reporting_units)
    clerks = {m.unit_id: m.user for m in Membership.objects.filter(role=Membership.Role.CLERK, unit__in=reporting_units)}
    rng = random.Random(20261126)  # the same history on every load
    count = 0
    now = timezone.now()
    for day in campaign.reporting_days(end=today):
        for unit in reporting_units:
            roll = rng.random()
            if day == today:
                if roll < 0.5 or now < campaign.cutoff_at(day) - datetime.timedelta(hours=6):
                    continue  # today: half the units have not filed yet
                filed_at = min(now, campaign.cutoff_at(day) - datetime.timedelta(hours=5))
            elif roll < 0.10:
                continue  # 缺报
            elif roll < 0.22:
                filed_at = campaign.cutoff_at(day) + datetime.timedelta(minutes=rng.randint(5, 240))  # 迟报
            else:
                filed_at = campaign.cutoff_at(day) - datetime.timedelta(minutes=rng.randint(10, 420))
            is_zero = rng.random() < 0.3
            checked = rng.randint(1, 25)
            values = {} if is_zero else {"checked": checked, "fixed": rng.randint(0, checked)}
            text = "" if is_zero else f"今日排查出租屋、小作坊等场所{checked}处,发现的隐患已登记入账。"
            daily_report_file(
                campaign=campaign, unit=unit, user=clerks[unit.pk], day=day, is_zero=is_zero, values=values, text=text, now=filed_at
            )
            count += 1
    return count


def _date_acceptances(tasks) -> None:
    """Accepted when a unit would have: most within hours of assignment, every fifth three days late (超时签收).

    The workflow stamps acceptance with the moment the demo runs; the scores (签收及时率) read these times.
    """
    for index, task in enumerate(Task.objects.filter(pk__in=[t.pk for t in tasks], accepted_at__isnull=False)
                                 .order_by("pk")):
        delay = datetime.timedelta(days=3) if index % 5 == 4 else datetime.timedelta(hours=2)
        accepted = min(task.created_at + delay, task.accepted_at)  # never later than the real acceptance
        Task.objects.filter(pk=task.pk).update(accepted_at=accepted)
        task.events.filter(to_status=Task.Status.ACCEPTED).update(at=accepted)


def _load_papers(office_user, today) -> int:
    """The office's papers as generated: 督办通知书 of the tasks not yet accepted, and the last 30 days' 通报.

    Kept as finished export jobs of the office user (admin › 导出任务, with a download link).
    """
    waiting = list(Task.objects.filter(status=Task.Status.ASSIGNED).order_by("tracking_serial").values_list("pk", flat=True))
    if waiting:
        notices_keep(task_ids=waiting, requested_by=office_user, day=today)
    bulletin_document_keep(start=today - datetime.timedelta(days=30), end=today, requested_by=office_user)
    return 2 if waiting else 1
