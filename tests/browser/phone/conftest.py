"""Phone fixtures: touch contexts at 390×844 and 360×740, and a clerk's day (tasks, a campaign with figures, notifications)."""
import datetime
import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from directives.models import Notification, ReportIndicator, Task
from tests import factories
from tests.factories import CampaignFactory, make_task

PHONES = {"390x844": {"width": 390, "height": 844}, "360x740": {"width": 360, "height": 740}}
PASSWORD = "pass-for-tests-1"  # tests.factories.UserFactory's


@pytest.fixture
def phone(browser, live_server):
    """``phone(size="390x844", user=None)`` -> a Page in a touch, mobile context, logged in as ``user`` if given."""
    contexts = []

    def make(size: str = "390x844", user=None):
        context = browser.new_context(
            viewport=PHONES[size], device_scale_factor=2, is_mobile=True, has_touch=True,
            locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url,
        )
        context.set_default_timeout(15_000)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def village_unit(county):
    township = factories.UnitFactory(name="城关镇", short_name="城关镇", kind="township", parent=county)
    return factories.UnitFactory(name="城关镇东关社区居民委员会", short_name="东关社区", kind="community", parent=township)


@pytest.fixture
def village_clerk(village_unit):
    return factories.UserFactory(username="dongguan", first_name="李晓梅", membership__unit=village_unit,
                                 membership__role="clerk")


@pytest.fixture
def clerk_day(village_unit, village_clerk, office_user, meeting):
    """A task to accept, one in progress and overdue with a progress report, a campaign due today, notifications."""
    today = timezone.localdate()
    to_accept = make_task(
        lead_unit=village_unit, title="开展冬季燃气安全隐患入户排查,建立问题清单并逐项整改销号",
        deadline=today + datetime.timedelta(days=12), meeting=meeting, created_by=office_user,
        responsible_person="李晓梅", description="对辖区内使用瓶装液化气的餐饮店和居民户逐户排查。",
    )
    working = make_task(
        lead_unit=village_unit, title="做好独居老人冬季探访和取暖安全检查", deadline=today - datetime.timedelta(days=2),
        meeting=meeting, created_by=office_user,
    )
    Task.objects.filter(pk=working.pk).update(status=Task.Status.IN_PROGRESS, is_overdue=True, light=Task.Light.RED,
                                                latest_progress="已走访独居老人23户,发现取暖隐患2处,已督促整改。")
    campaign = CampaignFactory(
        name="冬春火灾防控日报告零报告", first_day=today - datetime.timedelta(days=3),
        last_day=today + datetime.timedelta(days=20), cutoff=datetime.time(23, 59), units=[village_unit],
    )
    ReportIndicator.objects.create(campaign=campaign, code="checked", name="排查户数", kind="integer", unit_label="户", order=1)
    ReportIndicator.objects.create(campaign=campaign, code="spent", name="整改资金", kind="decimal", unit_label="万元", order=2)
    ReportIndicator.objects.create(campaign=campaign, code="issues", name="发现的主要问题", kind="text", order=3)
    for n in range(3):
        Notification.objects.create(
            recipient=village_clerk, unit=village_unit, kind=Notification.Kind.TASK_URGED,
            title=f"催办:{to_accept.tracking_number} {to_accept.title}", body="请于今日内签收并反馈进展。",
            link=to_accept.get_absolute_url(), task=to_accept, idempotency_key=f"phone-test-{n}",
        )
    return {"to_accept": to_accept, "working": working, "campaign": campaign}

