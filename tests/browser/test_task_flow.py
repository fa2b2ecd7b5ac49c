"""二次交办 and 申请延期 in a real browser: a township splits its task on a phone, a clerk asks for more time, the
office approves from its dashboard (desktop 1366 px and phone 390 px, screenshots)."""
import datetime

import pytest
from django.utils import timezone

from directives.models import DeadlineExtension, Task
from directives.services.workflow import task_accept
from tests import factories
from tests.factories import make_task

pytestmark = pytest.mark.django_db(transaction=True)

LATER = timezone.localdate() + datetime.timedelta(days=20)


def _no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_township_splits_its_task_for_its_villages(login_as_clerk, county, office_user, screenshot, phone):
    township = factories.UnitFactory(name="河口镇人民政府", short_name="河口镇", kind="township", parent=county)
    villages = [factories.UnitFactory(name=n, kind="village", parent=township) for n in ("河口村", "渡口村")]
    page, clerk = login_as_clerk(township, phone=phone)
    task = make_task(lead_unit=township, title="沿河村庄防溺水巡查", deadline=LATER, created_by=office_user)
    task_accept(task=task, actor=clerk)

    page.goto(f"/workspace/tasks/{task.pk}/")
    page.get_by_role("link", name="二次交办").click()
    for village in villages:
        page.get_by_label(village.name).check()
    page.get_by_role("button", name="提交").click()

    page.wait_for_url(f"**/workspace/tasks/{task.pk}/")
    assert "已销号 0 / 共 2 项" in page.content()
    assert sorted(Task.objects.filter(parent=task).values_list("lead_unit__name", flat=True)) == ["河口村", "渡口村"]
    assert _no_horizontal_scroll(page)
    screenshot(page, f"task_split_{'phone' if phone else 'desktop'}")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_clerk_asks_for_more_time_and_the_office_approves(
    login_as_clerk, login_as_office, unit_a, office_user, screenshot, phone
):
    page, clerk = login_as_clerk(unit_a, phone=phone)
    task = make_task(lead_unit=unit_a, title="完成发热门诊改造", deadline=LATER, created_by=office_user)
    wanted = LATER + datetime.timedelta(days=10)

    page.goto(f"/workspace/tasks/{task.pk}/extension/")
    page.get_by_label("申请延至").fill(wanted.isoformat())
    page.get_by_label("延期理由").fill("设备到货推迟")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(f"**/workspace/tasks/{task.pk}/")
    assert "待审批" in page.content()
    screenshot(page, f"extension_requested_{'phone' if phone else 'desktop'}")

    office_page, _office = login_as_office(phone=phone, username="office2")
    office_page.goto("/workspace/")
    assert "待审批延期申请" in office_page.content()
    screenshot(office_page, f"extension_queue_{'phone' if phone else 'desktop'}")
    office_page.locator(".extension-queue").get_by_role("link", name="审批").click()
    office_page.get_by_label("同意延期").check()
    office_page.get_by_role("button", name="提交").click()
    office_page.wait_for_url(f"**/workspace/tasks/{task.pk}/")
    assert _no_horizontal_scroll(office_page)
    screenshot(office_page, f"extension_approved_{'phone' if phone else 'desktop'}")

    assert DeadlineExtension.objects.get(task=task).status == "approved"
    assert Task.objects.get(pk=task.pk).deadline == wanted


def test_the_office_refuses_from_the_admin_queue(login_as_office, unit_a, clerk_a, screenshot):
    from directives.services.extensions import extension_request

    page, office = login_as_office()
    task = make_task(lead_unit=unit_a, title="完成发热门诊改造", deadline=LATER, created_by=office)
    extension_request(task=task, unit=unit_a, actor=clerk_a, requested_deadline=LATER + datetime.timedelta(days=5),
                      reason="设备到货推迟")

    page.goto("/admin/directives/deadlineextension/")
    screenshot(page, "admin_extension_queue")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("refuse_extensions")
    page.locator("button[name=index]").click()
    page.get_by_label("不予批准理由").fill("时限不能再推迟")
    page.get_by_role("button", name="确定").click()

    page.wait_for_url("**/admin/directives/deadlineextension/")
    assert DeadlineExtension.objects.get(task=task).status == "refused"
    page.goto(f"/admin/directives/task/{task.pk}/change/")
    screenshot(page, "admin_task_change")
