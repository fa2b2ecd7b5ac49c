"""Importing units from a spreadsheet: preview, every bad row with its number and reason, all or nothing."""
import io

import pytest
from openpyxl import Workbook

from directives.models import Unit
from directives.services.unit_import import UnitImportError, kind_from_text, units_import, units_import_plan

HEADER = ["全称", "简称", "别名", "上级单位", "类别", "联系人", "联系电话"]


def sheet(*rows, header=HEADER, title_rows=()):
    workbook = Workbook()
    ws = workbook.active
    for line in title_rows:
        ws.append(line)
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def snapshot():
    return sorted(Unit.objects.values_list("name", "short_name", "aliases", "parent_id", "kind", "contact_person",
                                           "contact_phone", "tree_path"))


@pytest.mark.parametrize("text, kind", [
    ("县直部门", "department"), ("department", "department"), ("部门", "department"), ("乡 镇", "township"),
    ("县(区)", "county"), ("县(区)", "county"), ("社区", "community"), ("村委会", "village"), ("单位", None),
])
def test_kind_from_text_accepts_labels_codes_and_synonyms(text, kind):
    assert kind_from_text(text) == kind


def test_import_plan_previews_creates_and_updates_without_writing(county, unit_a):
    # given a sheet with a new township, its village, and a change to unit_a
    content = sheet(
        ["城关镇", "城关镇", "", "示范县", "乡镇", "张三", 13800000001],
        ["李庄村", "", "李庄", "城关镇", "村", "", ""],
        ["县卫生健康委员会", "县卫健委", "", "示范县", "", "王五", "0371-1234567"],
        ["县交通运输局", "", "", "示范县", "县直部门", "", ""],
    )
    before = snapshot()
    # when planned
    plan = units_import_plan(content=content)
    # then the preview says what will happen, and nothing is written
    assert plan.errors == []
    assert [(r.row, r.action, r.name, r.parent_label) for r in plan.rows] == [
        (2, "create", "城关镇", "示范县"),
        (3, "create", "李庄村", "城关镇"),
        (4, "update", "县卫生健康委员会", "示范县"),
        (5, "create", "县交通运输局", "示范县"),
    ]
    assert plan.rows[2].changes == {"联系人": ("", "王五"), "联系电话": ("", "0371-1234567")}
    assert (plan.created, plan.updated, plan.unchanged) == (3, 1, 0)
    assert snapshot() == before


def test_import_creates_the_tree_and_updates_in_place(county, unit_a):
    # given the same sheet
    content = sheet(
        ["城关镇", "", "", "示范县", "乡镇", "张三", 13800000001],
        ["李庄村", "", "李庄", "城关镇", "村", "", ""],
        ["县卫生健康委员会", "", "卫健局", "", "", "王五", ""],
    )
    # when imported
    plan = units_import(content=content)
    # then the township and its village exist in the tree, unit_a keeps its parent and gains a contact and an alias
    town = Unit.objects.get(name="城关镇")
    village = Unit.objects.get(name="李庄村")
    assert (town.parent, town.kind, town.contact_phone) == (county, "township", "13800000001")
    assert village.parent == town and village.tree_path.startswith(town.tree_path) and village.depth == 2
    unit_a.refresh_from_db()
    assert unit_a.parent == county and unit_a.contact_person == "王五"
    assert unit_a.alias_list() == ["卫健委", "县卫生健康委", "卫健局"]
    assert (plan.created, plan.updated) == (2, 1)


def test_import_of_the_same_sheet_twice_changes_nothing(county):
    content = sheet(["城关镇", "", "", "示范县", "乡镇", "", ""])
    units_import(content=content)
    before = snapshot()
    plan = units_import(content=content)
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 1)
    assert snapshot() == before


def test_bad_sheet_changes_nothing_and_lists_every_bad_row(county, unit_a):
    # given a sheet with good rows and one of each mistake
    content = sheet(
        ["城关镇", "", "", "示范县", "乡镇", "", ""],  # 2 good
        ["", "无名", "", "示范县", "乡镇", "", ""],  # 3 missing name
        ["新华村", "", "", "不存在镇", "村", "", ""],  # 4 unknown parent
        ["东风镇", "", "", "示范县", "公司", "", ""],  # 5 unknown kind
        ["城关镇", "", "", "示范县", "乡镇", "", ""],  # 6 duplicate of 2
        ["甲单位", "", "", "乙单位", "其他", "", ""],  # 7 cycle
        ["乙单位", "", "", "甲单位", "其他", "", ""],  # 8 cycle
        ["自指单位", "", "", "自指单位", "其他", "", ""],  # 9 its own parent
        ["新单位", "", "", "示范县", "", "", ""],  # 10 new without kind
        ["小王村", "", "", "东风镇", "村", "", ""],  # 11 parent row is bad
        ["很长" * 60, "", "", "示范县", "其他", "", ""],  # 12 name too long
    )
    before = snapshot()
    # when imported
    with pytest.raises(UnitImportError) as raised:
        units_import(content=content)
    # then nothing is written, and each bad row is named with its reason
    assert snapshot() == before
    errors = {e.row: e.message for e in raised.value.plan.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert errors[3] == "缺少全称。"
    assert "找不到上级单位“不存在镇”" in errors[4]
    assert "类别“公司”无法识别" in errors[5]
    assert "与第2行重复" in errors[6]
    assert "循环" in errors[7] and "甲单位 → 乙单位 → 甲单位" in errors[7]
    assert "循环" in errors[8]
    assert errors[9] == "上级单位不能是本单位。"
    assert errors[10] == "新增单位必须填写类别。"
    assert "第5行" in errors[11]
    assert "超过100个字" in errors[12]
    assert "第3行:缺少全称。" in raised.value.messages


def test_ambiguous_parent_is_refused(county):
    # given two villages named 李庄村 under two townships
    towns = [Unit.objects.create(name=n, kind="township", parent=county) for n in ("城关镇", "东风镇")]
    for town in towns:
        Unit.objects.create(name="李庄村", kind="village", parent=town)
    # when a row names 李庄村 as its parent
    plan = units_import_plan(content=sheet(["李庄村一组", "", "", "李庄村", "其他", "", ""]))
    # then it must say which one
    assert [(e.row, e.message) for e in plan.errors] == [(2, "上级单位“李庄村”对应多个单位,请写全称。")]


def test_same_village_name_under_two_townships_is_two_units(county):
    plan = units_import(content=sheet(
        ["城关镇", "", "", "示范县", "乡镇", "", ""],
        ["东风镇", "", "", "示范县", "乡镇", "", ""],
        ["李庄村", "", "", "城关镇", "村", "", ""],
        ["李庄村", "", "", "东风镇", "村", "", ""],
    ))
    assert plan.created == 4
    assert sorted(Unit.objects.filter(name="李庄村").values_list("parent__name", flat=True)) == ["东风镇", "城关镇"]


def test_header_may_follow_a_title_row_and_use_other_words(county):
    content = sheet(["城关镇", "乡镇", "示范县"], header=["单位名称", "单位类别", "上级"],
                    title_rows=[["示范县单位名册"]])
    plan = units_import_plan(content=content)
    assert [(r.row, r.action, r.name) for r in plan.rows] == [(3, "create", "城关镇")]


def test_not_a_spreadsheet_is_refused_with_a_reason(db):
    plan = units_import_plan(content=b"%PDF-1.4 not a sheet")
    assert not plan.is_valid
    assert plan.errors[0].row == 0 and ".xlsx" in plan.errors[0].message


def test_sheet_without_a_name_column_is_refused(db):
    plan = units_import_plan(content=sheet(["x", "y"], header=["编号", "备注"]))
    assert "找不到表头" in plan.errors[0].message
