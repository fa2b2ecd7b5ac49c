"""督办通知书 (交办单): the notice an office sends a lead unit with the tasks it is to carry out.

One notice per lead unit, with a form per task (督办编号, 来源, 任务内容,
牵头/配合单位, 责任人, 完成时限, 办理要求, 签收栏) under the office's red
masthead, signed with its name and the date. ``notices_document_write`` puts
every unit's notice in one document, a page each; ``notices_zip_write`` gives
each unit a document of its own, in a zip.
"""
import datetime
import io
import zipfile

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.shared import Mm

from ..selectors.papers import UnitNotice, notices_by_unit, office_name, task_basis_text, task_source_text
from . import layout


def _units(units) -> str:
    return "、".join(str(u.name) for u in units) or _("无")


def requirements_text(task, day: datetime.date) -> str:
    """办理要求: accept in time, report progress, close with evidence, ask before the deadline for more time.

    The acceptance limit is the task's 签收时限 while it is still ahead of the notice's date, else a number of
    working days from receipt (a notice sent again after the limit).
    """
    if task.accept_by and task.accept_by >= day:
        accept = _("请于%(day)s前签收") % {"day": layout.chinese_date(task.accept_by)}
    else:
        accept = _("请于收到本通知后%(days)s个工作日内签收") % {"days": settings.DUBAN_ACCEPTANCE_WORKDAYS}
    lines = [
        _("1. %(accept)s,明确分管领导和具体责任人,制定工作措施。") % {"accept": accept},
        _("2. 按要求及时报送进展情况,遇有重大问题及时报告。"),
        _("3. 办结后提交佐证材料申请办结,经督查室审核后销号。"),
        _("4. 确因客观原因不能按期完成的,须在完成时限前说明理由申请延期,未经批准不得延期。"),
    ]
    if task.remarks.strip():
        lines.append(_("5. %(remarks)s") % {"remarks": task.remarks.strip()})
    return "\n".join(lines)


def task_form_rows(task, day: datetime.date) -> list[tuple[str, str]]:
    content = task.description.strip() or (task.directive.text.strip() if task.directive_id else "")
    return [
        (_("督办编号"), task.tracking_number),
        (_("来源"), task_source_text(task)),
        (_("工作任务"), task.title),
        (_("任务内容"), content or task.title),
        (_("牵头单位"), task.lead_unit.name),
        (_("配合单位"), _units(task.cooperating_units.all())),
        (_("责任人"), task.responsible_person or ""),
        (_("完成时限"), layout.chinese_date(task.deadline) if task.deadline else _("长期")),
        (_("办理要求"), requirements_text(task, day)),
        (_("签收栏"), _("签收人(签字):\n签收时间:        年    月    日    时")),
    ]


def notice_title(notice: UnitNotice) -> str:
    if len(notice.tasks) == 1:
        return _("关于办理“%(title)s”的督办通知") % {"title": notice.tasks[0].title}
    return _("关于办理%(count)s项督办事项的通知") % {"count": len(notice.tasks)}


def _write_notice(document, notice: UnitNotice, *, office: str, day: datetime.date, first: bool) -> None:
    number = notice.tasks[0].tracking_number if len(notice.tasks) == 1 else ""
    layout.masthead(document, office, _("督办通知"), number=number, page_break_before=not first)
    layout.title(document, notice_title(notice))
    layout.paragraph(document, _("%(unit)s:") % {"unit": notice.unit.name})
    sources = list(dict.fromkeys(task_basis_text(t) for t in notice.tasks))
    basis = _("根据%(source)s要求,") % {"source": sources[0]} if len(sources) == 1 and sources[0] else ""
    if len(notice.tasks) == 1:
        intro = _("%(basis)s现将以下事项交由你单位牵头办理。请高度重视,认真研究落实,按时限办结,并及时反馈办理情况。")
    else:
        intro = _("%(basis)s现将以下%(count)s项督办事项交由你单位牵头办理。请高度重视,逐项研究落实,按时限办结,"
                  "并及时反馈办理情况。")
    layout.body(document, intro % {"basis": basis, "count": len(notice.tasks)})
    for index, task in enumerate(notice.tasks, 1):
        if len(notice.tasks) > 1:
            layout.paragraph(document, _("事项%(index)s") % {"index": index}, font=layout.HEADING_FONT)
        layout.form_table(document, task_form_rows(task, day), min_heights={_("签收栏"): Mm(22)})
    layout.signature(document, office, day)
    copied = list(dict.fromkeys(u.name for t in notice.tasks for u in t.cooperating_units.all()))
    if copied:
        layout.paragraph(document, _("抄送:%(units)s。") % {"units": "、".join(copied)}, size=layout.SMALL_SIZE)


def _issue_day(day: datetime.date | None) -> datetime.date:
    return day or timezone.localdate()


def notices_document_write(tasks, out, *, day: datetime.date | None = None) -> int:
    """Write one document with a notice (from a new page) per lead unit of ``tasks``; return the number of notices.

    ``tasks`` are in lead-unit order, as ``selectors.papers.notice_tasks`` gives them.
    """
    notices = notices_by_unit(tasks)
    office, day = office_name(), _issue_day(day)
    document, scratch = layout.new_document(), layout.new_document()
    for index, notice in enumerate(notices):
        _write_notice(scratch, notice, office=office, day=day, first=index == 0)
        layout.move_body(scratch, document)
    document.save(out)
    return len(notices)


def notice_filename(unit_name: str, day: datetime.date) -> str:
    safe = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in unit_name)
    return _("督办通知书_%(unit)s_%(day)s.docx") % {"unit": safe, "day": f"{day:%Y%m%d}"}


def notices_zip_write(tasks, out, *, day: datetime.date | None = None) -> int:
    """Write a zip with one notice document per lead unit of ``tasks``; return the number of documents."""
    notices = notices_by_unit(tasks)
    office, day = office_name(), _issue_day(day)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for notice in notices:
            document = layout.new_document()
            _write_notice(document, notice, office=office, day=day, first=True)
            buffer = io.BytesIO()
            document.save(buffer)
            archive.writestr(notice_filename(notice.unit.name, day), buffer.getvalue())
    return len(notices)
