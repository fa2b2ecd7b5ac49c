"""Import units (单位) from an .xlsx sheet: a plan to preview first, then all of it or nothing.

The sheet has a header row (within its first five rows) naming its columns:
全称 (required), 简称, 别名, 上级单位, 类别, 联系人, 联系电话 (a few other
spellings are accepted, see ``HEADERS``). Each further row is one unit.

How a row is matched and what it changes:

- a unit is known by its parent and its name (names repeat across
  townships); ``上级单位`` names a unit of the file or of the database (全称,
  简称 or 别名); a row whose parent is empty matches the unit of that name
  when there is exactly one;
- a matched unit is updated with the non-empty cells that differ; an empty
  cell keeps what is there (an import never blanks a field);
- an unmatched row creates a unit, which needs a 类别.

Every bad row is reported with its row number and reason (missing name,
unknown parent, ambiguous parent, unknown kind, duplicate row, parent cycle,
too long a value), and ``units_import`` writes nothing unless the whole sheet
is good, in one transaction.
"""
import dataclasses
import io
import re
import zipfile
from xml.etree.ElementTree import ParseError

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lxml import etree

from .. import exports as _exports  # noqa: F401  (sets OPENPYXL_LXML before openpyxl is imported)
from ..exports.styles import is_formula_like
from ..extraction.limits import MB, BoundedReader, LimitExceeded, ReadLimits, open_zip
from ..models import Unit
from ..validators import file_limit_message

from openpyxl import load_workbook  # noqa: E402
from openpyxl.utils.exceptions import InvalidFileException  # noqa: E402

MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 5
# What a unit sheet may expand to (a unit list is a few hundred KB): rows counted empty or not,
# columns read, shared strings; members and XML as SHEET_LIMITS.
MAX_SHEET_ROWS = 20_000
MAX_COLUMNS = 64
MAX_SHARED_STRINGS = 200_000
SHEET_LIMITS = ReadLimits(zip_members=1000, zip_member_bytes=32 * MB, zip_total_bytes=64 * MB, xml_bytes=32 * MB)

# Field → accepted header texts (compared without spaces and full-width brackets normalised).
HEADERS = {
    "name": ("全称", "单位全称", "单位名称", "名称", "单位"),
    "short_name": ("简称", "单位简称"),
    "aliases": ("别名", "其他名称", "曾用名"),
    "parent": ("上级单位", "上级", "所属单位", "上级单位全称"),
    "kind": ("类别", "单位类别", "类型", "单位类型"),
    "contact_person": ("联系人",),
    "contact_phone": ("联系电话", "电话", "手机", "联系方式"),
}
FIELD_LABELS = {
    "name": "全称",
    "short_name": "简称",
    "aliases": "别名",
    "parent": "上级单位",
    "kind": "类别",
    "contact_person": "联系人",
    "contact_phone": "联系电话",
}
MAX_LENGTHS = {"name": 100, "short_name": 50, "contact_person": 50, "contact_phone": 50}
# Other words offices use for the kinds, beyond the labels and codes of Unit.Kind.
KIND_SYNONYMS = {
    "县": Unit.Kind.COUNTY,
    "区": Unit.Kind.COUNTY,
    "县区": Unit.Kind.COUNTY,
    "县(市、区)": Unit.Kind.COUNTY,
    "督办办公室": Unit.Kind.OFFICE,
    "部门": Unit.Kind.DEPARTMENT,
    "县直单位": Unit.Kind.DEPARTMENT,
    "县直部门单位": Unit.Kind.DEPARTMENT,
    "乡": Unit.Kind.TOWNSHIP,
    "镇": Unit.Kind.TOWNSHIP,
    "乡镇人民政府": Unit.Kind.TOWNSHIP,
    "街道办事处": Unit.Kind.STREET,
    "街道办": Unit.Kind.STREET,
    "行政村": Unit.Kind.VILLAGE,
    "村委会": Unit.Kind.VILLAGE,
    "社区居委会": Unit.Kind.COMMUNITY,
    "居委会": Unit.Kind.COMMUNITY,
}
_SPACES = re.compile(r"\s+")


def _normal(text: str) -> str:
    """Header/kind text compared loosely: no spaces, half-width brackets."""
    return _SPACES.sub("", text).replace("(", "(").replace(")", ")")


def kind_from_text(text: str) -> str | None:
    """The Unit.Kind value for a label (县直部门), a code (department) or a synonym (部门); None if unknown."""
    wanted = _normal(text)
    for value, label in Unit.Kind.choices:
        if wanted in (value, _normal(str(label))):
            return value
    synonyms = {_normal(k): v for k, v in KIND_SYNONYMS.items()}
    return synonyms.get(wanted)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # phone numbers typed as numbers
    return str(value).strip()


@dataclasses.dataclass(frozen=True)
class RowError:
    row: int  # the sheet's row number as Excel shows it (0: the file as a whole)
    message: str

    def __str__(self):
        return _("第%(row)s行:%(message)s") % {"row": self.row, "message": self.message} if self.row else self.message


@dataclasses.dataclass
class SheetRow:
    row: int
    name: str
    short_name: str = ""
    aliases: str = ""
    parent: str = ""
    kind: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    kind_value: str | None = None


@dataclasses.dataclass
class PlannedUnit:
    """What one good row will do."""

    row: int
    action: str  # create | update | unchanged
    name: str
    parent_label: str
    kind_label: str
    changes: dict[str, tuple[str, str]]  # field label → (old, new), for updates
    unit_id: int | None = None  # the matched unit
    parent_unit_id: int | None = None  # an existing parent
    parent_row: int | None = None  # a parent created from this file
    values: dict = dataclasses.field(default_factory=dict)  # the non-empty cells, by field


@dataclasses.dataclass
class UnitImportPlan:
    rows: list[PlannedUnit]
    errors: list[RowError]

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


class UnitImportError(ValidationError):
    """The sheet has bad rows; ``plan.errors`` lists them and nothing was written."""

    def __init__(self, plan: UnitImportPlan):
        self.plan = plan
        super().__init__([str(e) for e in plan.errors])


# ----------------------------------------------------------------- reading the sheet


def check_sheet_file(content: bytes) -> None:
    """Raise LimitExceeded if the .xlsx would expand past the limits; BadZipFile if it is no zip.

    Checked before openpyxl opens it, streaming and stopping at the limit:
    the members' sizes (SHEET_LIMITS); the shared strings, which openpyxl
    loads all at once (ten million fit in 414 KB); the rows of every sheet,
    which openpyxl parses whole on opening when a sheet states no dimension.
    """
    archive = open_zip(content, "<xlsx>", SHEET_LIMITS)
    for name in archive.namelist():
        lowered = name.lower()
        if lowered.endswith("sharedstrings.xml"):
            _count_elements(archive, name, "si", "shared_strings", MAX_SHARED_STRINGS)
        elif lowered.startswith("xl/worksheets/") and lowered.endswith(".xml"):
            _count_elements(archive, name, "row", "sheet_rows", MAX_SHEET_ROWS)


def _count_elements(archive, name: str, tag: str, what: str, limit: int) -> None:
    """Raise LimitExceeded(WHAT) at the LIMIT+1st TAG element of member NAME: its start tags counted in
    the inflated bytes as they stream (bounded; a tag in a comment counts too, which only errs strict)."""
    start_tag = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?" + tag.encode() + rb"[\s/>]")
    reader = BoundedReader(archive, name, "<xlsx>", SHEET_LIMITS.xml_bytes)
    count, tail = 0, b""
    try:
        while chunk := reader.read(1024 * 1024):
            data = tail + chunk
            # From the last "<" on, a tag may be cut by the chunk's end: it is counted with the next chunk.
            cut = data.rfind(b"<")
            cut = len(data) if cut < 0 else cut
            count += len(start_tag.findall(data, 0, cut))
            tail = data[cut:]
            if count > limit:
                raise LimitExceeded("<xlsx>", what, limit, name)
        if count + len(start_tag.findall(tail)) > limit:
            raise LimitExceeded("<xlsx>", what, limit, name)
    finally:
        reader.close()


def read_sheet_values(
    content: bytes, *, headers: dict[str, tuple[str, ...]], required: str, missing_header: str, max_rows: int,
    too_many: str,
) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """The first sheet's rows under its header, as (row number, {field: cell value}), or the file's errors.

    Shared by the .xlsx imports (units, tasks). ``headers`` maps each field to
    the header texts accepted for it; the header row is the first of the
    first HEADER_SEARCH_ROWS rows naming the ``required`` field. Hostile sheets
    are refused with row 0: members, total and shared strings past
    SHEET_LIMITS (``check_sheet_file``), more than MAX_SHEET_ROWS rows (empty
    ones too); columns past MAX_COLUMNS are not read; empty rows are skipped;
    more than ``max_rows`` filled rows is refused with ``too_many``.
    """
    unreadable = [RowError(0, _("无法读取文件:请上传 Excel 2007 及以上版本的 .xlsx 表格。"))]
    try:
        check_sheet_file(content)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except LimitExceeded as error:
        return [], [RowError(0, file_limit_message(error))]
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, etree.LxmlError, ParseError):
        return [], unreadable
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS, max_row=MAX_SHEET_ROWS + 1)
        columns = None
        header_row = 0
        for number, values in enumerate(lines, 1):
            columns = _header_columns(values, headers, required)
            if columns is not None:
                header_row = number
                break
            if number >= HEADER_SEARCH_ROWS:
                break
        if columns is None:
            return [], [RowError(0, missing_header)]
        rows = []
        for number, values in enumerate(lines, header_row + 1):
            if number > MAX_SHEET_ROWS:
                return [], [RowError(0, file_limit_message(LimitExceeded("<xlsx>", "sheet_rows", MAX_SHEET_ROWS)))]
            cells = {field: values[index] if index < len(values) else None for field, index in columns.items()}
            if not any(_cell_text(value) for value in cells.values()):
                continue
            if len(rows) >= max_rows:
                return [], [RowError(0, too_many)]
            rows.append((number, cells))
        return rows, []
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile, etree.LxmlError, ParseError):  # a broken sheet
        return [], unreadable
    finally:
        workbook.close()


def read_sheet(content: bytes) -> tuple[list[SheetRow], list[RowError]]:
    """The sheet's unit rows, or the errors that make the file unreadable (row 0) or a header missing."""
    rows, errors = read_sheet_values(
        content, headers=HEADERS, required="name",
        missing_header=_("找不到表头:前%(n)s行中应有“全称”(或“单位名称”)一列。") % {"n": HEADER_SEARCH_ROWS},
        max_rows=MAX_ROWS, too_many=_("单位太多:一次最多导入%(n)s行。") % {"n": MAX_ROWS},
    )
    return [SheetRow(row=number, **{f: _cell_text(v) for f, v in cells.items()}) for number, cells in rows], errors


def _header_columns(values, headers: dict[str, tuple[str, ...]], required: str) -> dict[str, int] | None:
    """Field → column index if ``values`` is the header row (has the ``required`` column), else None."""
    wanted = {_normal(text): field for field, texts in headers.items() for text in texts}
    columns = {}
    for index, value in enumerate(values or ()):
        field = wanted.get(_normal(_cell_text(value)))
        if field and field not in columns:
            columns[field] = index
    return columns if required in columns else None


# ----------------------------------------------------------------- the plan


class _UnitIndex:
    """Existing units by name, short name and alias, and by (parent, name): read once."""

    def __init__(self):
        self.units = {u.pk: u for u in Unit.objects.only(
            "id", "name", "short_name", "aliases", "parent_id", "kind", "contact_person", "contact_phone",
            "tree_path")}
        self.by_name: dict[str, list[Unit]] = {}
        self.by_other_name: dict[str, list[Unit]] = {}
        self.by_parent_and_name: dict[tuple[int | None, str], Unit] = {}
        for unit in self.units.values():
            self.by_name.setdefault(unit.name, []).append(unit)
            self.by_parent_and_name[(unit.parent_id, unit.name)] = unit
            for other in unit.all_names()[1:]:
                self.by_other_name.setdefault(other, []).append(unit)

    def find(self, text: str) -> list[Unit]:
        return self.by_name.get(text) or self.by_other_name.get(text) or []


def units_import_plan(*, content: bytes) -> UnitImportPlan:
    """Read the sheet and say what importing it would do, with every bad row and why; writes nothing."""
    rows, errors = read_sheet(content)
    if errors:
        return UnitImportPlan(rows=[], errors=errors)
    if not rows:
        return UnitImportPlan(rows=[], errors=[RowError(0, _("表格中没有单位。"))])
    errors = []
    bad: set[int] = set()

    def fail(row: SheetRow, message: str) -> None:
        errors.append(RowError(row.row, message))
        bad.add(row.row)

    seen: dict[tuple[str, str], int] = {}
    duplicates: set[int] = set()
    for row in rows:
        if not row.name:
            fail(row, _("缺少全称。"))
            continue
        for field in ("name", "short_name", "aliases"):
            if is_formula_like(getattr(row, field)):
                fail(row, _("%(field)s“%(value)s”以 = + - @ 开头,表格软件会把它当作公式,请去掉开头的符号。")
                     % {"field": FIELD_LABELS[field], "value": getattr(row, field)})
        for field, limit in MAX_LENGTHS.items():
            if len(getattr(row, field)) > limit:
                fail(row, _("%(field)s超过%(limit)s个字。") % {"field": FIELD_LABELS[field], "limit": limit})
        if row.kind:
            row.kind_value = kind_from_text(row.kind)
            if row.kind_value is None:
                labels = "、".join(str(label) for _value, label in Unit.Kind.choices)
                fail(row, _("类别“%(kind)s”无法识别,应为:%(labels)s。") % {"kind": row.kind, "labels": labels})
        key = (row.name, row.parent)
        if key in seen:
            fail(row, _("与第%(other)s行重复(同一上级单位下的同名单位)。") % {"other": seen[key]})
            duplicates.add(row.row)
        else:
            seen[key] = row.row

    index = _UnitIndex()
    file_by_name: dict[str, list[SheetRow]] = {}
    # Bad rows stay in the index (other than repeats): a row naming one as its parent is then told why it fails.
    for row in rows:
        if row.name and row.row not in duplicates:
            file_by_name.setdefault(row.name, []).append(row)
            if row.short_name and row.short_name != row.name:
                file_by_name.setdefault(row.short_name, []).append(row)

    # Parents: a row of the file, else an existing unit.
    parent_row_of: dict[int, SheetRow] = {}
    parent_unit_of: dict[int, Unit] = {}
    for row in rows:
        if row.row in bad or not row.parent:
            continue
        if row.parent in (row.name, row.short_name):
            fail(row, _("上级单位不能是本单位。"))
            continue
        in_file = [r for r in file_by_name.get(row.parent, []) if r.row != row.row]
        if len(in_file) > 1:
            fail(row, _("上级单位“%(parent)s”在表中有多行(第%(rows)s行),请写明是哪一个。")
                 % {"parent": row.parent, "rows": "、".join(str(r.row) for r in in_file)})
        elif in_file:
            parent_row_of[row.row] = in_file[0]
        else:
            existing = index.find(row.parent)
            if len(existing) > 1:
                fail(row, _("上级单位“%(parent)s”对应多个单位,请写全称。") % {"parent": row.parent})
            elif existing:
                parent_unit_of[row.row] = existing[0]
            else:
                fail(row, _("找不到上级单位“%(parent)s”(表中和系统中都没有)。") % {"parent": row.parent})

    # Cycles among the file's parent links.
    for row in rows:
        chain = [row]
        current = row
        while current.row in parent_row_of:
            current = parent_row_of[current.row]
            if current.row == row.row:
                names = " → ".join(r.name for r in chain + [row])
                fail(row, _("上级单位形成循环:%(chain)s。") % {"chain": names})
                break
            if current in chain:
                break  # a cycle further up, reported on its own rows
            chain.append(current)

    # A row whose parent row is bad cannot be placed either.
    changed = True
    while changed:
        changed = False
        for row in rows:
            parent = parent_row_of.get(row.row)
            if row.row not in bad and parent is not None and parent.row in bad:
                fail(row, _("上级单位“%(parent)s”(第%(other)s行)有错误,本行无法导入。")
                     % {"parent": parent.name, "other": parent.row})
                changed = True

    planned: dict[int, PlannedUnit] = {}
    for row in _parents_first(rows, parent_row_of, bad):
        planned[row.row] = _plan_row(row, index, parent_row_of.get(row.row), parent_unit_of.get(row.row), planned,
                                     fail)
    good = [planned[r.row] for r in rows if r.row in planned and r.row not in bad]
    errors.sort(key=lambda e: e.row)
    return UnitImportPlan(rows=good, errors=errors)


def _parents_first(rows, parent_row_of, bad):
    placed: set[int] = set()
    ordered = []
    pending = [r for r in rows if r.row not in bad]
    while pending:
        rest = []
        for row in pending:
            parent = parent_row_of.get(row.row)
            if parent is None or parent.row in placed:
                ordered.append(row)
                placed.add(row.row)
            else:
                rest.append(row)
        if len(rest) == len(pending):
            break  # only cycles are left, already reported
        pending = rest
    return ordered


def _plan_row(row: SheetRow, index: _UnitIndex, parent_row, parent_unit, planned, fail) -> PlannedUnit | None:
    values = {
        field: getattr(row, field)
        for field in ("name", "short_name", "aliases", "contact_person", "contact_phone")
        if getattr(row, field)
    }
    if row.kind_value:
        values["kind"] = row.kind_value
    kind_labels = dict(Unit.Kind.choices)
    existing = None
    parent_label = ""
    parent_unit_id = None
    if parent_row is not None:
        parent_plan = planned.get(parent_row.row)
        if parent_plan is None:
            fail(row, _("上级单位“%(parent)s”(第%(other)s行)有错误,本行无法导入。")
                 % {"parent": parent_row.name, "other": parent_row.row})
            return None
        parent_label = parent_row.name
        if parent_plan is not None and parent_plan.unit_id is not None:
            parent_unit_id = parent_plan.unit_id
            existing = index.by_parent_and_name.get((parent_unit_id, row.name))
    elif parent_unit is not None:
        parent_unit_id = parent_unit.pk
        parent_label = parent_unit.name
        existing = index.by_parent_and_name.get((parent_unit.pk, row.name))
    else:
        existing = index.by_parent_and_name.get((None, row.name))
        if existing is None:
            same_name = index.by_name.get(row.name, [])
            if len(same_name) > 1:
                fail(row, _("系统中有多个“%(name)s”,请填写上级单位以区分。") % {"name": row.name})
                return None
            existing = same_name[0] if same_name else None
        if existing is not None and existing.parent_id:
            parent_label = index.units[existing.parent_id].name if existing.parent_id in index.units else ""

    if existing is None:
        if not row.kind_value:
            fail(row, _("新增单位必须填写类别。"))
            return None
        return PlannedUnit(
            row=row.row, action="create", name=row.name, parent_label=parent_label,
            kind_label=str(kind_labels[row.kind_value]), changes={}, parent_unit_id=parent_unit_id,
            parent_row=parent_row.row if parent_row is not None and parent_unit_id is None else None, values=values,
        )
    changes = {}
    for field, new in values.items():
        old = getattr(existing, field) or ""
        if field == "aliases":
            if set(Unit(aliases=new).alias_list()) <= set(existing.alias_list()):
                continue
        if old != new:
            shown_old = str(kind_labels.get(old, old)) if field == "kind" else old
            shown_new = str(kind_labels.get(new, new)) if field == "kind" else new
            changes[FIELD_LABELS[field]] = (shown_old, shown_new)
    return PlannedUnit(
        row=row.row, action="update" if changes else "unchanged", name=row.name, parent_label=parent_label,
        kind_label=str(kind_labels[values.get("kind", existing.kind)]), changes=changes, unit_id=existing.pk,
        parent_unit_id=existing.parent_id, values=values,
    )


# ----------------------------------------------------------------- applying it


@transaction.atomic
def units_import(*, content: bytes) -> UnitImportPlan:
    """Import the sheet: every row or none. Raise UnitImportError (nothing written) if any row is bad.

    The plan is made again here, inside the transaction, so what is written
    matches the database as it is now, not as it was at the preview.
    """
    plan = units_import_plan(content=content)
    if not plan.is_valid:
        raise UnitImportError(plan)
    created_by_row: dict[int, Unit] = {}
    for item in plan.rows:  # parents come before their children
        if item.action == "create":
            parent_id = item.parent_unit_id
            if item.parent_row is not None:
                parent_id = created_by_row[item.parent_row].pk
            unit = Unit(parent_id=parent_id, **item.values)
            unit.full_clean(validate_unique=False, validate_constraints=False)
            unit.save()
            created_by_row[item.row] = unit
        elif item.action == "update":
            unit = Unit.objects.get(pk=item.unit_id)
            fields = []
            for field, value in item.values.items():
                if field == "aliases":
                    merged = unit.alias_list() + [a for a in Unit(aliases=value).alias_list() if a not in unit.alias_list()]
                    value = "、".join(merged)
                if getattr(unit, field) != value:
                    setattr(unit, field, value)
                    fields.append(field)
            unit.save(update_fields=fields)
    return plan
