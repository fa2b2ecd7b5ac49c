"""Import tasks from an .xlsx task list (任务清单): every bad row named, nothing saved unless all are good.

The sheet has a header row (within its first five rows): 工作任务 (required),
任务内容, 牵头单位 (required), 配合单位, 责任人, 完成时限, 来源类别, 文号,
批示人, 来源日期, 备注 (a few other spellings are accepted, see ``HEADERS``).
Units are named as the directory knows them (全称, 简称 or 别名); a name shared
by two units is written ``上级单位/单位`` (河口镇/李庄村). Several cooperating
units are separated by 、 , ; or spaces. Dates are Excel dates or text such as
2026-11-30, 2026/11/30 or 2026年11月30日.

The file is read by ``unit_import.read_sheet_values`` (bounded: members,
shared strings, rows and columns), and the tasks are created in one
transaction by ``workflow.tasks_create_many``, with consecutive numbers.
"""
import dataclasses
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Task, Unit
from ..selectors.units import UnitDirectory, normalise_name
from .unit_import import HEADER_SEARCH_ROWS, RowError, _cell_text, _normal, read_sheet_values
from .workflow import tasks_create_many

MAX_ROWS = 2000

HEADERS = {
    "title": ("工作任务", "任务", "任务名称", "重点任务", "督办事项", "事项"),
    "description": ("任务内容", "具体内容", "工作内容", "内容", "工作要求"),
    "lead_unit": ("牵头单位", "责任单位", "承办单位", "主办单位"),
    "cooperating_units": ("配合单位", "协办单位", "协同单位"),
    "responsible_person": ("责任人", "联系人", "责任领导"),
    "deadline": ("完成时限", "时限", "完成时间", "办结时限", "时间节点"),
    "source_kind": ("来源类别", "来源", "任务来源", "来源类型"),
    "source_reference": ("文号", "来源文号", "文件文号"),
    "source_person": ("批示人", "批示领导"),
    "source_date": ("来源日期", "批示日期", "印发日期", "交办日期"),
    "remarks": ("备注",),
}
LABELS = {
    "title": "工作任务", "description": "任务内容", "lead_unit": "牵头单位", "cooperating_units": "配合单位",
    "responsible_person": "责任人", "deadline": "完成时限", "source_kind": "来源类别", "source_reference": "文号",
    "source_person": "批示人", "source_date": "来源日期", "remarks": "备注",
}
MAX_LENGTHS = {"title": 300, "responsible_person": 100, "source_reference": 100, "source_person": 50}
SOURCE_SYNONYMS = {
    "批示": Task.Source.INSTRUCTION, "领导批示件": Task.Source.INSTRUCTION,
    "文件": Task.Source.DOCUMENT, "上级来文": Task.Source.DOCUMENT,
    "纪要": Task.Source.MINUTES, "会议": Task.Source.MINUTES,
    "诉求": Task.Source.PETITION, "信访": Task.Source.PETITION, "12345": Task.Source.PETITION,
    "领导讲话": Task.Source.SPEECH, "讲话精神": Task.Source.SPEECH,
}
_UNIT_SEPARATORS = re.compile(r"[、,,;;\s]+")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclasses.dataclass
class PlannedTask:
    row: int
    spec: dict  # the keyword arguments of tasks_create_many's specs

    @property
    def title(self) -> str:
        return self.spec["title"]


@dataclasses.dataclass
class TaskImportPlan:
    rows: list[PlannedTask]
    errors: list[RowError]

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)


class TaskImportError(ValidationError):
    """The sheet has bad rows; ``plan.errors`` lists them and nothing was written."""

    def __init__(self, plan: TaskImportPlan):
        self.plan = plan
        super().__init__([str(e) for e in plan.errors])


def source_kind_from_text(text: str) -> str | None:
    """Task.Source value for a label (领导批示), a code (instruction) or a synonym (批示); None if unknown."""
    wanted = _normal(text)
    for value, label in Task.Source.choices:
        if wanted in (value, _normal(str(label))):
            return value
    return {_normal(k): v for k, v in SOURCE_SYNONYMS.items()}.get(wanted)


def date_from_cell(value) -> datetime.date | None:
    """An Excel date or a text date; raise ValueError for anything else that is not empty."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _cell_text(value)
    if not text:
        return None
    match = _DATE.match(text)
    if not match:
        raise ValueError(text)
    return datetime.date(*(int(part) for part in match.groups()))


class _Units:
    """Units by the names a sheet uses, and by ``上级单位/单位`` for names shared by several."""

    def __init__(self):
        self.directory = UnitDirectory()
        self.by_parent_and_name = {
            (parent_id, normalise_name(name)): pk
            for pk, parent_id, name in Unit.objects.active().values_list("pk", "parent_id", "name")
        }
        self.cache: dict[int, Unit] = {}

    def find(self, text: str) -> Unit | None:
        if "/" in text:
            parent_name, _sep, name = text.rpartition("/")
            parent = self.find(parent_name.strip())
            pk = self.by_parent_and_name.get((parent.pk, normalise_name(name))) if parent else None
            if pk is None:
                return None
            if pk not in self.cache:
                self.cache[pk] = Unit.objects.get(pk=pk)
            return self.cache[pk]
        return self.directory.find(text)


def tasks_import_plan(*, content: bytes) -> TaskImportPlan:
    """Read the sheet and check every row; writes nothing."""
    values, errors = read_sheet_values(
        content, headers=HEADERS, required="title",
        missing_header=_("找不到表头:前%(n)s行中应有“工作任务”和“牵头单位”两列。") % {"n": HEADER_SEARCH_ROWS},
        max_rows=MAX_ROWS, too_many=_("任务太多:一次最多导入%(n)s行。") % {"n": MAX_ROWS},
    )
    if errors:
        return TaskImportPlan([], errors)
    if values and "lead_unit" not in values[0][1]:
        return TaskImportPlan([], [RowError(0, _("找不到“牵头单位”一列。"))])
    units = _Units()
    planned, seen = [], {}
    for number, cells in values:
        row_errors: list[str] = []
        spec = _plan_row(cells, units, row_errors)
        key = (spec.get("title"), getattr(spec.get("lead_unit"), "pk", None))
        if not row_errors and key in seen:
            row_errors.append(_("与第%(row)s行重复(同一任务、同一牵头单位)。") % {"row": seen[key]})
        if row_errors:
            errors.extend(RowError(number, message) for message in row_errors)
        else:
            seen[key] = number
            planned.append(PlannedTask(number, spec))
    if not values:
        errors.append(RowError(0, _("表格中没有任务。")))
    return TaskImportPlan(planned, errors)


def _plan_row(cells: dict, units: _Units, errors: list[str]) -> dict:
    text = {field: _cell_text(value) for field, value in cells.items()}
    for field, limit in MAX_LENGTHS.items():
        if len(text.get(field, "")) > limit:
            errors.append(_("“%(label)s”超过%(n)s个字。") % {"label": LABELS[field], "n": limit})
    spec = {
        "title": text.get("title", ""),
        "description": text.get("description", ""),
        "responsible_person": text.get("responsible_person", ""),
        "remarks": text.get("remarks", ""),
        "source_reference": text.get("source_reference", ""),
        "source_person": text.get("source_person", ""),
    }
    if not spec["title"]:
        errors.append(_("“工作任务”为空。"))
    lead_name = text.get("lead_unit", "")
    if not lead_name:
        errors.append(_("“牵头单位”为空。"))
    else:
        spec["lead_unit"] = units.find(lead_name)
        if spec["lead_unit"] is None:
            errors.append(_("找不到牵头单位“%(name)s”(或有同名单位,请写成“上级单位/单位”)。") % {"name": lead_name})
    cooperating = []
    for name in _UNIT_SEPARATORS.split(text.get("cooperating_units", "")):
        if not name:
            continue
        unit = units.find(name)
        if unit is None:
            errors.append(_("找不到配合单位“%(name)s”(或有同名单位,请写成“上级单位/单位”)。") % {"name": name})
        elif unit not in cooperating:
            cooperating.append(unit)
    spec["cooperating_units"] = cooperating
    for field in ("deadline", "source_date"):
        try:
            spec[field] = date_from_cell(cells.get(field))
        except ValueError:
            errors.append(_("“%(label)s”不是日期:%(value)s(请写成2026-11-30)。")
                          % {"label": LABELS[field], "value": text[field][:20]})
    kind_text = text.get("source_kind", "")
    spec["source_kind"] = source_kind_from_text(kind_text) if kind_text else Task.Source.OTHER
    if spec["source_kind"] is None:
        errors.append(_("来源类别“%(value)s”无法识别(可填:%(choices)s)。") % {
            "value": kind_text[:20], "choices": "、".join(str(label) for _v, label in Task.Source.choices)})
    return spec


@transaction.atomic
def tasks_import(*, content: bytes, created_by=None) -> list[Task]:
    """Create every task of the sheet, or none: raise TaskImportError naming each bad row."""
    plan = tasks_import_plan(content=content)
    if not plan.is_valid:
        raise TaskImportError(plan)
    return tasks_create_many([planned.spec for planned in plan.rows], created_by=created_by)
