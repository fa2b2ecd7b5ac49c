"""Deadlines: each form of the contract's table, and what is not a deadline."""
import datetime

import pytest

from directives.extraction.deadlines import add_working_days, find_deadlines

WED = datetime.date(2023, 9, 20)  # a Wednesday before the 2023 National Day break


def limits(text, meeting_date=WED):
    return [(text[s:e], d.isoformat() if d else None) for s, e, d in find_deadlines(text, meeting_date)]


@pytest.mark.parametrize("text, written, date", [
    ("各村要在2天之内上报名单。", "2天之内", "2023-09-22"),
    ("各村要在两天内上报名单。", "两天内", "2023-09-22"),
    ("各村要在5日内上报名单。", "5日内", "2023-09-25"),
    ("请在48小时内反馈。", "48小时内", "2023-09-22"),
    ("请在36小时内反馈。", "36小时内", "2023-09-22"),
    ("要在两周内完成整改。", "两周内", "2023-10-04"),
    ("要在3个月内完成整改。", "3个月内", "2023-12-20"),
    ("要在3个工作日内报送方案。", "3个工作日内", "2023-09-25"),
    # crosses the Mid-Autumn/National Day break; 10-07 and 10-08 are make-up working days (调休)
    ("要在10个工作日内报送方案。", "10个工作日内", "2023-10-10"),
    ("本周五前报送名单。", "本周五前", "2023-09-22"),
    ("下周一前报送名单。", "下周一前", "2023-09-25"),
    ("9月28日前完成培训。", "9月28日前", "2023-09-28"),
    ("10月8日之前完成培训。", "10月8日之前", "2023-10-08"),
    ("2024年1月15日前完成验收。", "2024年1月15日前", "2024-01-15"),
    ("力争10月上旬完成检查。", "10月上旬", "2023-10-10"),
    ("力争12月中旬培训到位。", "12月中旬", "2023-12-20"),
    ("力争11月下旬完成收购。", "11月下旬", "2023-11-30"),
    ("10月底前完成改造。", "10月底前", "2023-10-31"),
    ("11月底完成改造。", "11月底", "2023-11-30"),
    ("2月末完成改造。", "2月末", "2024-02-29"),  # a month already past: next year
    ("本月底前完成自查。", "本月底前", "2023-09-30"),
    ("月底前完成自查。", "月底前", "2023-09-30"),
    ("本月内完成自查。", "本月内", "2023-09-30"),
    ("年底前完成全部任务。", "年底前", "2023-12-31"),
    ("确保年内建成投用。", "年内", "2023-12-31"),
    ("明年3月底前建成投产。", "明年3月底前", "2024-03-31"),
    ("国庆节前完成清理。", "国庆节前", "2023-10-01"),
    ("元旦前完成清理。", "元旦前", "2024-01-01"),
    ("劳动节前完成清理。", "劳动节前", "2024-05-01"),
    ("春节前结清工资。", "春节前", "2024-02-10"),
    ("每日17时前报送日报。", "每日17时前", None),
    ("汛前完成除险加固。", "汛前", None),
    # recurring cutoffs: a limit without a date, like 每日17时前
    ("每月10日前报送工作进度。", "每月10日前", None),
    ("每月底前报送整改台账。", "每月底前", None),
    ("每周三前上报周报。", "每周三前", None),
    ("每周四下班前报送巡查记录。", "每周四下班前", None),
    ("每周一12时前汇总上周数据。", "每周一12时前", None),
    ("每季度末通报考核排名。", "每季度末", None),
    ("每个季度末前报送分析报告。", "每个季度末前", None),
    # events and seasons: a limit without a date
    ("寒假前完成家访。", "寒假前", None),
    ("暑假前开展防溺水教育。", "暑假前", None),
    ("复工前完成安全检查。", "复工前", None),
    ("雨季前完成河道清淤。", "雨季前", None),
    ("旅游旺季前完成整改。", "旺季前", None),
    # after this meeting: counted from the meeting date
    ("会后48小时内上报名单。", "48小时内", "2023-09-22"),
])
def test_deadline_form_resolves_per_contract(text, written, date):
    assert limits(text) == [(written, date)]


def test_deadline_without_meeting_date_has_no_date():
    assert limits("要在10月底前完成。", meeting_date=None) == [("10月底前", None)]


@pytest.mark.parametrize("text", [
    "截至10月14日,全县已完成80%。",
    "从现在开始至4月是攻坚期。",
    "9月下旬至11月底是关键期。",
    "预计10月中旬将迎来高峰。",
    "组长三天之内变更了三次。",
    "须持7日内核酸检测阴性证明。",
    "按照7天内全员检测全覆盖要求推进。",
    "自10月10日起至10月22日开展监测。",
    "实行24小时值班值守。",
    "去年年底已经完成。",
    # "X前后" is a period around X, not a limit
    "国庆节前后开展安全检查。",
    "开学前后要加强校园周边巡逻。",
    "春节前后集中开展走访慰问。",
    # service standards and windows relative to an event, not to the meeting
    "要实现企业开办全流程2个工作日内办结。",
    "做到群众诉求24小时内响应。",
    "接到预警后2小时内转移群众。",
    # a limit word used attributively, inside the object of a verb
    "全力做好汛前各项准备。",
    "抓好春节前安全大检查。",
    "开展开学前校园安全排查。",
    "做好国庆节前的安全检查。",
])
def test_not_a_deadline(text):
    assert limits(text) == []


@pytest.mark.parametrize("start, n, expected", [
    (datetime.date(2023, 9, 20), 5, datetime.date(2023, 9, 27)),
    (datetime.date(2023, 9, 28), 1, datetime.date(2023, 10, 7)),   # Saturday make-up day
    (datetime.date(2024, 2, 9), 1, datetime.date(2024, 2, 18)),    # Spring Festival, Sunday make-up day
    (datetime.date(2024, 4, 30), 1, datetime.date(2024, 5, 6)),    # Labour Day break
])
def test_add_working_days_follows_chinese_calendar(start, n, expected):
    assert add_working_days(start, n) == expected


def test_qingming_resolves_to_the_solar_term_day():
    assert limits("清明节前完成演练。", meeting_date=datetime.date(2024, 3, 12)) == [("清明节前", "2024-04-04")]


def test_a_point_states_each_limit_once():
    from directives.extraction import extract_text
    text = "一是做好复工前安全培训。各企业要在复工前完成全员培训,复工前未经培训的员工不得上岗。二是加强检查。"
    point = extract_text(text).speeches[0].directives[0]
    assert [x.text for x in point.deadlines] == ["复工前"]


@pytest.mark.parametrize("text", [
    # a past year's year end describing a stock, not a limit
    "全面排查2005年底前建成的农贸市场。",
    "对2010年末以前登记的危房逐户复核。",
    # a bare 年底 in a statement about time
    "离年底还有不到一百天,各乡镇要抓紧。",
    "距年底只剩两个多月,任务还很重。",
    # a window counted from an event, however the condition is put
    "一旦出现险情,各村要在2小时内上报。",
    "各站所发现异常后要在30分钟内处置。",
    # a per-case service standard
    "各窗口简单事项2日内办结,复杂事项10日内办结。",
])
def test_not_a_deadline_past_years_statements_events(text):
    assert limits(text) == []


@pytest.mark.parametrize("text, written, date", [
    ("力争2024年底前全面完工。", "2024年底前", "2024-12-31"),
    ("今年年底前完成验收。", "今年年底前", "2023-12-31"),
    ("确保年底全面完成改造任务。", "年底", "2023-12-31"),
])
def test_year_end_limits_still_found(text, written, date):
    assert limits(text) == [(written, date)]
