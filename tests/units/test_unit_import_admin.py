"""The admin's upload → preview → confirm screens for importing units."""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from directives.models import Unit

from .test_unit_import import sheet, snapshot


@pytest.fixture
def admin_office(office_user, client):
    office_user.is_staff = office_user.is_superuser = True
    office_user.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(office_user)
    return client


def upload(client, content, name="units.xlsx"):
    return client.post(reverse("admin:directives_unit_import"), {"sheet": SimpleUploadedFile(name, content)})


def test_unit_changelist_links_the_import(admin_office):
    page = admin_office.get(reverse("admin:directives_unit_changelist")).content.decode()
    assert reverse("admin:directives_unit_import") in page


def test_upload_previews_then_confirm_imports(county, admin_office):
    # given a good sheet
    content = sheet(["城关镇", "", "", "示范县", "乡镇", "", ""], ["李庄村", "", "", "城关镇", "村", "", ""])
    # when uploaded
    preview = upload(admin_office, content)
    page = preview.content.decode()
    # then a preview lists what will be created, and nothing is written yet
    assert "将新增 2 个单位" in page and "确认导入" in page
    assert not Unit.objects.filter(name="城关镇").exists()
    # when confirmed
    token = preview.context["token"]
    done = admin_office.post(reverse("admin:directives_unit_import"), {"confirm": "1", "token": token})
    # then both units exist and the user is back on the list with a message
    assert done.status_code == 302 and done["Location"] == reverse("admin:directives_unit_changelist")
    assert Unit.objects.get(name="李庄村").parent.name == "城关镇"
    # and the same token cannot be confirmed twice
    again = admin_office.post(reverse("admin:directives_unit_import"), {"confirm": "1", "token": token})
    assert again.status_code == 302 and Unit.objects.filter(name="城关镇").count() == 1


def test_upload_of_a_bad_sheet_lists_errors_with_row_numbers_and_offers_no_confirm(county, admin_office):
    before = snapshot()
    page = upload(admin_office, sheet(["城关镇", "", "", "示范县", "乡镇", "", ""],
                                      ["新华村", "", "", "不存在镇", "村", "", ""])).content.decode()
    assert "表格有 1 处错误,未导入任何单位" in page
    assert "<td>3</td><td>找不到上级单位“不存在镇”(表中和系统中都没有)。</td>" in page
    assert 'name="confirm"' not in page
    assert snapshot() == before


def test_confirm_of_a_stale_preview_writes_nothing_and_shows_why(county, admin_office):
    # given a previewed sheet whose parent is deleted before confirming
    town = Unit.objects.create(name="城关镇", kind="township", parent=county)
    preview = upload(admin_office, sheet(["李庄村", "", "", "城关镇", "村", "", ""]))
    town.delete()
    before = snapshot()
    # when confirmed
    page = admin_office.post(reverse("admin:directives_unit_import"),
                             {"confirm": "1", "token": preview.context["token"]}).content.decode()
    # then nothing is imported and the error is shown
    assert "找不到上级单位“城关镇”" in page
    assert snapshot() == before


def test_upload_of_a_non_xlsx_is_refused(admin_office, db):
    page = upload(admin_office, b"a,b", name="units.csv").content.decode()
    assert "请上传 .xlsx 格式的表格" in page


def test_import_refused_to_clerks(clerk_a, client):
    clerk_a.is_staff = True
    clerk_a.save(update_fields=["is_staff"])
    client.force_login(clerk_a)
    # the admin is the office's: staff status alone sends a clerk to its login page
    response = client.get(reverse("admin:directives_unit_import"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
