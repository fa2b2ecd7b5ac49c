"""English when the browser asks for it, Chinese otherwise; the English catalogue is complete and compiled."""
import datetime
import io
import re
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from directives.models import Notification
from directives.recurrence import recurrence_in_words
from tests import factories
from tests.factories import make_task

CJK = re.compile(r"[\u4e00-\u9fff]")
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
# msgids whose English quotes Chinese on purpose: spreadsheet headers and examples of what users type.
QUOTES_CHINESE = ("表头:全称", "从原文中复制新一条开头的几个字", "其他叫法", "找不到表头:前%(n)s行中应有“全称”",
                  "表头:工作任务", "找不到表头:前%(n)s行中应有“工作任务”")


@pytest.fixture(autouse=True)
def site_language_afterwards():
    """A request activates its language in the thread and leaves it there; later tests expect the site's."""
    yield
    translation.deactivate()


def _nav(response) -> str:
    match = re.search(r"<nav>(.*?)</nav>", response.content.decode(), re.S)
    assert match, "the page has no <nav>"
    return match.group(1)


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def task(unit_a, unit_b, office_user):
    return make_task(
        lead_unit=unit_a,
        cooperating_units=[unit_b],
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        created_by=office_user,
    )


@pytest.fixture
def campaign_today(unit_a):
    today = timezone.localdate()
    return factories.CampaignFactory(
        first_day=today - datetime.timedelta(days=3), last_day=today + datetime.timedelta(days=30), units=[unit_a]
    )


def test_workspace_home_in_english_shows_english_nav(client, clerk_a, task):
    # given a clerk whose browser prefers English
    client.force_login(clerk_a)
    # when the home page is opened
    response = client.get(reverse("workspace:home"), **EN)
    # then the page is English and the nav has no Chinese at all
    assert response.status_code == 200
    assert '<html lang="en">' in _text(response)
    nav = _nav(response)
    assert "Tasks" in nav and "Home" in nav and "Notifications" in nav
    assert not CJK.search(nav), nav
    assert "Log out" in _text(response)


def test_task_list_in_english_shows_statuses_and_columns(client, office_user, task):
    # given the office, reading in English, and one assigned task
    client.force_login(office_user)
    # when the task list is opened
    response = client.get(reverse("workspace:task_list"), **EN)
    # then headings, columns and the status are English; data (titles, unit names) stays as entered
    text = _text(response)
    assert response.status_code == 200
    assert "<h1>Tasks</h1>" in text
    assert "Lead unit" in text and "Deadline" in text and "Tracking number" in text
    assert "Assigned" in text
    assert task.title in text
    assert "交办事项" not in text and "牵头单位" not in text and "完成时限" not in text
    assert not CJK.search(_nav(response))


def test_task_detail_in_english_uses_action_words_for_buttons(client, clerk_a, task):
    # given the lead unit's clerk, reading in English, on an assigned task
    client.force_login(clerk_a)
    # when the task is opened
    response = client.get(reverse("workspace:task_detail", args=[task.pk]), **EN)
    # then the status reads "Assigned" and the button reads "Accept" (the move, not the status)
    text = _text(response)
    assert response.status_code == 200
    assert "Assigned" in text
    assert ">Accept</button>" in text
    assert "Lead unit" in text and "Cooperating units" in text and "History" in text
    assert "签收" not in text and "牵头单位" not in text
    assert not CJK.search(_nav(response))


def test_reports_page_for_a_clerk_in_english(client, clerk_a, campaign_today):
    # given a clerk whose unit reports daily, reading in English
    client.force_login(clerk_a)
    # when today's reporting page is opened
    response = client.get(reverse("workspace:reports_home"), **EN)
    # then the page and the date are English
    text = _text(response)
    assert response.status_code == 200
    assert "Daily report campaigns" in text
    assert "Zero report" in text
    today = timezone.localdate()
    assert f"{today:%B} {today.day}, {today.year}" in text
    assert "日报告零报告 ·" not in text and "年" + str(today.month) + "月" not in text
    assert not CJK.search(_nav(response))


def test_admin_task_changelist_in_english(client, office_user, task):
    # given an office member with admin access, reading in English
    office_user.is_staff = True
    office_user.is_superuser = True
    office_user.save()
    client.force_login(office_user)
    # when the task changelist is opened
    response = client.get(reverse("admin:directives_task_changelist"), **EN)
    # then the model's name, columns, statuses and actions are English
    text = _text(response)
    assert response.status_code == 200
    assert "Select Task to change" in text or "Select task to change" in text
    assert "Tracking number" in text and "Lead unit" in text and "Assigned" in text
    assert "Urge" in text and "Send back (refuse closure)" in text
    assert "交办事项" not in text and "牵头单位" not in text and "催办" not in text


@pytest.mark.parametrize(
    "name, args, words",
    [
        ("workspace:home", False, ["首页"]),
        ("workspace:task_list", False, ["交办事项", "牵头单位", "完成时限", "交办"]),
        ("workspace:task_detail", True, ["签收", "牵头单位", "配合单位"]),
        ("workspace:reports_home", False, ["日报告零报告", "零报告"]),
    ],
)
def test_pages_in_chinese_by_default_and_when_asked(client, clerk_a, task, campaign_today, name, args, words):
    # given a clerk; once with no language preference, once asking for zh-hans
    client.force_login(clerk_a)
    url = reverse(name, args=[task.pk] if args else [])
    for headers in ({}, ZH):
        # when the page is opened
        response = client.get(url, **headers)
        # then it is Chinese: nav and the page's own words
        text = _text(response)
        assert response.status_code == 200
        assert '<html lang="zh-hans">' in text
        assert "交办事项" in _nav(response) and "首页" in _nav(response)
        for word in words:
            assert word in text, word
        assert "Lead unit" not in text and ">Tasks<" not in text


def test_spreadsheet_downloaded_in_english_stays_chinese(client, office_user, task):
    # given the office reading in English
    client.force_login(office_user)
    # when the ledger of the task list is downloaded (small: written in the request)
    response = client.get(reverse("workspace:export_ledger"), **EN)
    # then the sheet and its file name are Chinese, like those written by the background worker
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    cells = {str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row if cell}
    assert "牵头单位" in cells and "原时限" in cells
    assert "Lead unit" not in cells and "Deadline" not in cells
    assert "督办台账" in unquote(response["Content-Disposition"])


def test_notification_sent_by_an_english_reader_stays_chinese(
    client, office_user, clerk_a, task, django_capture_on_commit_callbacks
):
    # given the office reading in English
    client.force_login(office_user)
    # when it urges unit A's task
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workspace:task_urge", args=[task.pk]), {"reason": "请本周内反馈"}, **EN)
    # then the page answered in English, but the notification kept for the unit is Chinese
    assert response.status_code == 302
    notification = Notification.objects.get(recipient=clerk_a, kind=Notification.Kind.TASK_URGED)
    assert notification.title.startswith("催办:"), notification.title
    assert "完成时限" in notification.body and "Deadline" not in notification.body


def test_recurrence_in_words_follows_the_active_language():
    # given a weekly and a monthly rule
    # when rendered in English, then in Chinese
    with translation.override("en"):
        english = (recurrence_in_words("weekly:MO,TH"), recurrence_in_words("monthly:5"))
    with translation.override("zh-hans"):
        chinese = (recurrence_in_words("weekly:MO,TH"), recurrence_in_words("monthly:5"))
    # then each reads naturally in its language
    assert english == ("Every Mon, Thu", "Monthly on day 5")
    assert chinese == ("每周一、周四", "每月5日")


def test_english_catalogue_has_every_msgid_translated_and_nothing_fuzzy():
    # given the English catalogue as committed
    po = polib.pofile(str(CATALOGUE / "django.po"))
    # when its entries are checked
    entries = [entry for entry in po if not entry.obsolete]
    untranslated = [entry.msgid for entry in entries if not entry.translated()]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    # then every msgid has an English msgstr (every plural form too), none is fuzzy, the header is not fuzzy
    assert len(entries) > 600
    assert untranslated == []
    assert fuzzy == []
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == "en"
    # and no English string is left in Chinese, except where it quotes what users type or upload
    quoting_chinese = {entry.msgid for entry in entries if entry.msgid.startswith(QUOTES_CHINESE)}
    assert len(quoting_chinese) == len(QUOTES_CHINESE)
    still_chinese = [
        entry.msgid
        for entry in entries
        if entry.msgid not in quoting_chinese
        and any(CJK.search(form) for form in (entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]))
    ]
    assert still_chinese == []


def test_english_catalogue_is_compiled_and_not_older_than_its_source():
    # given the committed .po and .mo
    po_file, mo_file = CATALOGUE / "django.po", CATALOGUE / "django.mo"
    # when the compiled catalogue is read
    compiled = polib.mofile(str(mo_file))
    source = polib.pofile(str(po_file))
    # then it holds exactly the source's translations (a fresh clone needs no gettext tools)
    def key(entry):
        return (entry.msgctxt or "", entry.msgid)

    compiled_strings = {key(e): (e.msgstr, dict(e.msgstr_plural)) for e in compiled if e.msgid}
    source_strings = {key(e): (e.msgstr, {k: v for k, v in e.msgstr_plural.items()}) for e in source if not e.obsolete}
    assert set(compiled_strings) == set(source_strings)
    for k, (msgstr, plural) in source_strings.items():
        if plural:
            assert compiled_strings[k][1] == {int(n): v for n, v in plural.items()}, k
        else:
            assert compiled_strings[k][0] == msgstr, k
