"""Hostile unit sheets are refused fast, with a message, and names that are formulas are rejected by row.

The sheets are made here (tests/hostile_files.py): ten million empty rows in
a few hundred KB, a cell at row ten million, ten million shared strings, a
row as wide as Excel allows. Before, they cost 63 s, 134 s and 1.1 GB.
"""
import io
import time
import tracemalloc

import pytest
from openpyxl import Workbook

from directives.extraction.limits import MB
from directives.models import Unit
from directives.services import unit_import
from directives.services.unit_import import UnitImportError, units_import, units_import_plan
from tests import hostile_files as hostile



def sheet(*rows):
    """A unit sheet whose cells are all text, as a clerk's typed "=1+1" is (openpyxl would write a formula)."""
    workbook = Workbook()
    ws = workbook.active
    ws.append(["全称", "简称", "别名", "上级单位", "类别", "联系人", "联系电话"])
    for row in rows:
        ws.append(list(row))
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def planned(content):
    """(plan, CPU seconds, peak traced MB): CPU time, as other sessions load the machine."""
    tracemalloc.start()
    start = time.process_time()
    try:
        plan = units_import_plan(content=content)
    finally:
        seconds = time.process_time() - start
        peak = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()
    return plan, seconds, peak


@pytest.mark.django_db
def test_ten_million_empty_rows_are_refused_in_well_under_a_second():
    # given 10 M empty rows in under 1 MB (60 MB unpacked)
    content = hostile.xlsx_empty_rows(10_000_000)
    assert len(content) < MB
    plan, seconds, peak = planned(content)
    # then refused by the sheet's unpacked size, before a row is read
    assert "解压后超过" in str(plan.errors[0])
    assert seconds < 1 and peak < 50


@pytest.mark.django_db
def test_a_million_empty_rows_within_the_size_are_refused_by_their_count():
    plan, seconds, peak = planned(hostile.xlsx_empty_rows(1_000_000))
    assert [str(e) for e in plan.errors] == [f"表格超过{unit_import.MAX_SHEET_ROWS}行(含空行),请删除多余的空行后再导入。"]
    assert seconds < 1.5 and peak < 100


@pytest.mark.django_db
def test_one_cell_at_row_ten_million_is_refused_without_filling_the_gap():
    plan, seconds, _ = planned(hostile.xlsx_far_row(10_000_000))
    assert "行(含空行)" in str(plan.errors[0]) and plan.errors[0].row == 0
    assert seconds < 1.5


@pytest.mark.django_db
def test_ten_million_shared_strings_are_refused_before_openpyxl_loads_them():
    content = hostile.xlsx_shared_strings(10_000_000)
    assert len(content) < MB
    plan, seconds, peak = planned(content)
    # the shared strings unpack to 170 MB: refused by the member size at once
    assert "解压后超过" in str(plan.errors[0])
    assert seconds < 1 and peak < 50


@pytest.mark.django_db
def test_many_small_shared_strings_within_the_size_are_refused_by_their_count():
    count = unit_import.MAX_SHARED_STRINGS + 1000
    plan, seconds, peak = planned(hostile.xlsx_shared_strings(count))
    assert str(plan.errors[0]) == f"表格中的文字条目过多(超过{unit_import.MAX_SHARED_STRINGS}条),不像单位名单,请检查文件。"
    assert seconds < 3 and peak < 100


@pytest.mark.django_db
def test_a_row_as_wide_as_excel_allows_is_read_in_its_first_columns_only(county):
    # given a sheet declaring 16,384 columns, with a unit below its header
    content = hostile.xlsx_wide_row(16384)
    plan, seconds, _ = planned(content)
    # then it reads quickly and simply finds no units (the header has no unit rows under it)
    assert [str(e) for e in plan.errors] == ["表格中没有单位。"]
    assert seconds < 1.5


@pytest.mark.django_db
def test_a_zip_bomb_named_xlsx_is_refused():
    members = [("xl/media/image1.png", hostile.Repeat(b"\0" * MB, 1024))]
    plan, seconds, _ = planned(hostile.zip_archive(members))
    assert "解压后超过" in str(plan.errors[0])
    assert seconds < 1


@pytest.mark.django_db
def test_a_broken_sheet_is_unreadable_not_a_500():
    content = hostile.xlsx(hostile.SHEET_HEAD + b"<row><c><v>1</v></c>")  # cut off
    plan = units_import_plan(content=content)
    assert plan.errors and plan.errors[0].row == 0


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil.example","点击")', "+县应急局", "-县应急局", "@县应急局"])
def test_unit_names_that_are_formulas_are_rejected_naming_the_row(county, name):
    # given a sheet whose third row names a unit like a formula
    content = sheet(["县应急管理局", "", "", "示范县", "县直部门", "", ""],
                    [name, "", "", "示范县", "县直部门", "", ""])
    before = Unit.objects.count()
    # when planned and imported
    plan = units_import_plan(content=content)
    # then row 3 is rejected, saying why, and nothing is written
    assert [e.row for e in plan.errors] == [3]
    assert "当作公式" in plan.errors[0].message and name in plan.errors[0].message
    with pytest.raises(UnitImportError):
        units_import(content=content)
    assert Unit.objects.count() == before


def test_short_names_and_aliases_that_are_formulas_are_rejected(county):
    content = sheet(["县应急管理局", "=1+1", "", "示范县", "县直部门", "", ""],
                    ["县林业局", "", "@林业", "示范县", "县直部门", "", ""])
    plan = units_import_plan(content=content)
    assert [(e.row, e.message.split("“")[0]) for e in plan.errors] == [(2, "简称"), (3, "别名")]


def test_a_phone_number_with_a_plus_is_fine(county):
    content = sheet(["县应急管理局", "", "", "示范县", "县直部门", "", "+86 371 1234567"])
    plan = units_import_plan(content=content)
    assert plan.errors == [] and plan.rows[0].values["contact_phone"] == "+86 371 1234567"


def test_an_ordinary_sheet_still_imports(county):
    workbook = Workbook()
    workbook.active.append(["全称", "类别", "上级单位"])
    for i in range(300):
        workbook.active.append([f"第{i}村", "村", "示范县"])
    out = io.BytesIO()
    workbook.save(out)
    plan = units_import_plan(content=out.getvalue())
    assert plan.errors == [] and plan.created == 300
