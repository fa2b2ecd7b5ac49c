"""Time limits in a point's text, resolved to dates against the meeting date.

The resolution table is the contract's (EXTRACTION_CONTRACT.md); working days
follow the Chinese calendar (``chinese_calendar``: weekends and public
holidays off, make-up working days on). Statistics dates, periods, forecasts
and durations are not deadlines: ``截至10月14日``, ``9月下旬至11月底是关键期``,
``预计10月中旬``, ``三天之内变更了三次``, ``持7日内核酸检测证明``; nor
are a past year's year end (``2000年底前建成的``, ``前年年底启动的``), a past
stretch of events (``两个月内接连发生``), the time left
(``距离年底只有三个月``), windows counted from an event (``一旦…要在1小时内
报告``) and per-case standards (``一般问题3日内答复``).
"""
import bisect
import calendar
import datetime
import math
import re

from .textutil import cn_to_int
from .workdays import SPRING_FESTIVAL, is_workday, qingming

_N = r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})"
_WD = "一二三四五六日天"
_DEADLINE = re.compile(
    # The lookahead fails fast at the many positions where no limit can start.
    r"(?=[\d一二两三四五六七八九十本下明今月年国元劳五春清端中每入主汛开供封麦夏秋寒暑放期复竣投雨旺淡采解])(?:"
    rf"{_N}\s*个?\s*工作日(?:之内|以内|内)"
    rf"|{_N.replace('n>', 'h>')}\s*个?\s*小时(?:之内|以内|内)"
    rf"|{_N.replace('n>', 'w>')}\s*(?:个)?(?:周|星期|礼拜)(?:之内|以内|内)"
    rf"|{_N.replace('n>', 'mo>')}\s*个\s*月(?:之内|以内|内)"
    rf"|{_N.replace('n>', 'nd>')}\s*(?:天|日)(?:之内|以内|内)"
    rf"|(?P<week>本周|下周|下下周)(?:星期|周)?(?P<wd>[{_WD}])(?:前|之前|以前)"
    r"|(?P<ymd>(?:(?P<y>\d{4})年|(?P<rel>明年|今年))?(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号](?:前|之前|以前))"
    r"|(?P<period>(?:(?P<py>\d{4})年|(?P<prel>明年|今年))?(?P<pm>\d{1,2})月(?:份)?(?P<part>上旬|中旬|下旬|底|末)(?:前|之前|以前)?)"
    r"|(?P<monthend>本月(?:底|末)(?:前|之前)?|(?<![\d一二三四五六七八九十每])月底前|本月内)"
    r"|(?P<yearend>(?:(?P<yy>\d{4})(?=年[底末])|(?P<yrel>明年|今年))?(?:年底|年末)(?P<ybefore>前|之前|以前)?|(?<![\d一二两三四五六七八九十去明今])年内)"
    r"|(?:(?P<hy>\d{4})年|(?P<hrel>明年|今年))?(?P<holiday>国庆节|国庆|元旦|劳动节|五一|春节|清明节|清明|端午节|端午|中秋节|中秋)(?:前|之前|以前)"
    r"|(?P<daily>每(?:日|天)(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?:时|点)(?:\d{1,2}分)?(?:前|之前))"
    # recurring cutoffs: 每月5日前, 每月底前, 每周三前, 每季度末前
    # (每周五下班前, 每周一12时前; 每季度末 and 每月底 are cutoffs as they stand)
    rf"|(?P<recurring>每个?月(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[日号](?:前|之前|以前)|每个?月(?:底|末)(?:前|之前)?"
    rf"|每(?:周|星期)[{_WD}](?:下班|上班|中午|\d{{1,2}}(?:时|点)(?:\d{{1,2}}分)?)?(?:前|之前|以前)"
    rf"|每(?:个)?季度(?:末|底)(?:前|之前)?)"
    # events of the school year, the seasons and the works, with no fixed date
    r"|(?P<season>(?:明年|今年)?(?:入汛|主汛期|汛期|汛|雨季|旺季|淡季|入冬|入春|入夏|供暖|采暖|封冻|封河|解冻|春耕|春播|麦收|夏收|夏种"
    r"|秋收|秋播|开学|寒假|暑假|暑期|放假|期末|开工|复工|复产|竣工|投产)(?:前|之前)))"
)
# Words right before a match that make it a date of the past, a period start,
# a forecast or a certificate's validity, not a time limit.
_NOT_BEFORE = re.compile(r"(?:截至|截止到|截止|自|从|持|凭|出示|预计|预测|去年|前年|往年|以来|至)\s*$")
# ("X前后" is a period around X.)
_NOT_AFTER = re.compile(r"^\s*(?:后|至|到|—|-|~|以来|起|开始|启动|期间|是|为|已|了|变更|连续|接连|先后|相继|共|累计|全员|核心|核酸检测证明)")
_CLAUSE_FORECAST = re.compile(r"预计|预测|将迎来|按照|根据|标准")
_STANDARD = re.compile(r"实现|做到|达到|压缩|缩短|控制在|全流程|一律")
_ATTRIBUTIVE_BEFORE = re.compile(r"(?:做好|抓好|搞好|开展|组织|部署|加强|强化|进行|启动)\s*$")
_AFTER_EVENT = re.compile(r"(?<!会)后\s*$")  # 会后: after this very meeting
# A sentence opening with a condition: what follows counts from the event
# (一旦出现险情,…要在2小时内上报; 如遇…; 发现…后要…).
_CONDITION = re.compile(r"一旦|如遇|遇有|如发生|若发生|如有|(?:发现|接到|收到|发生|出现)[^。;,]{0,20}(?<!会)后")
# Per-case service standards: 一般问题3日内答复, 复杂事项10日内办结.
_PER_CASE = re.compile(r"(?:一般|复杂|简单|紧急|重大|普通|特殊|急办|即办)(?:问题|事项|案件|诉求|件|类)")
# A statement about the time left (距离年底只有三个月), not a limit.
_TIME_LEFT_BEFORE = re.compile(r"(?:距离|距|(?<!隔)离|临近|接近|到了)\s*$")
_TIME_LEFT_AFTER = re.compile(r"^\s*(?:只有|还有|仅有|只剩|还剩|仅剩|不到|已经|已)")
# A past or attributive year end (2000年底前建成的…): a description.
_ATTRIBUTIVE_AFTER = re.compile(r"^\s*[\u4e00-\u9fff]{0,4}的")
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


# How far back a clause or sentence before a limit is read: what decides (预计, 按照, 一旦…)
# is near it, and a text without punctuation stays linear.
LOOKBACK = 300


class _ClauseStart:
    """Where the clause (or sentence) holding position ``s`` starts: after the last of some marks.

    The marks' positions are found once, on first use, and bisected, so that
    a text with many limits and no punctuation is scanned once, not once per
    limit; the clause is at most LOOKBACK characters.
    """

    def __init__(self, text, marks):
        self.text, self.pattern, self.positions = text, re.compile("[" + re.escape(marks) + "]"), None

    def __call__(self, s):
        if self.positions is None:
            self.positions = [m.start() for m in self.pattern.finditer(self.text)]
        index = bisect.bisect_left(self.positions, s)
        return max(self.positions[index - 1] + 1 if index else 0, s - LOOKBACK)


def find_deadlines(a, meeting_date=None):
    """[(start, end, date or None)] for each time limit in analysis text A."""
    out = []
    clause_start, sentence_start = _ClauseStart(a, "。,;!?:\n"), _ClauseStart(a, "。;!?\n")
    for m in _DEADLINE.finditer(a):
        s, e = m.start(), m.end()
        before = a[max(0, s - 6):s]
        if _NOT_BEFORE.search(before) or _NOT_AFTER.match(a[e:e + 6]):
            continue
        if m.group("yearend"):
            yy = m.group("yy")
            if yy and (meeting_date is None or int(yy) < meeting_date.year) and _ATTRIBUTIVE_AFTER.match(a[e:e + 8]):
                continue  # 2000年底前建成的小区
            if yy and meeting_date is not None and int(yy) < meeting_date.year:
                continue
            if not m.group("ybefore") and (_TIME_LEFT_BEFORE.search(before) or _TIME_LEFT_AFTER.match(a[e:e + 6])):
                continue
        duration = m.group("nd") or m.group("n") or m.group("h") or m.group("w") or m.group("mo")
        if not duration and (_ATTRIBUTIVE_BEFORE.search(before) or a.startswith("的", e)):
            # "做好汛前各项准备", "国庆节前的安全检查": it names the work, it sets no limit
            continue
        if m.group("period") or duration or m.group("ymd"):
            # Forecasts and standards: "预计10月中旬…", "按照7天内全员检测…要求".
            clause = a[clause_start(s):s]
            if _CLAUSE_FORECAST.search(clause):
                continue
            # A duration that is a service standard (实现…2个工作日内办结) or a
            # window after an event (接到预警后2小时内) is not counted from the meeting.
            if duration and (_STANDARD.search(clause) or _AFTER_EVENT.search(before) or _PER_CASE.search(clause)):
                continue
            sentence = a[sentence_start(s):s]
            if duration and _CONDITION.search(sentence):
                continue
        out.append((s, e, resolve(m, meeting_date)))
    return out


def _year_for_month(month, meeting_date, rel):
    year = meeting_date.year
    if rel == "明年":
        return year + 1
    if rel is None and month < meeting_date.month:
        return year + 1  # a month already past means next year's
    return year


def resolve(m, meeting_date):
    """The date a matched limit resolves to, or None."""
    if meeting_date is None:
        return None
    g = m.groupdict()
    try:
        if g["n"]:
            return add_working_days(meeting_date, cn_to_int(g["n"]))
        if g["h"]:
            return meeting_date + datetime.timedelta(days=math.ceil(cn_to_int(g["h"]) / 24))
        if g["w"]:
            return meeting_date + datetime.timedelta(days=7 * cn_to_int(g["w"]))
        if g["mo"]:
            return add_months(meeting_date, cn_to_int(g["mo"]))
        if g["nd"]:
            return meeting_date + datetime.timedelta(days=cn_to_int(g["nd"]))
        if g["week"]:
            monday = meeting_date - datetime.timedelta(days=meeting_date.weekday())
            weeks = {"本周": 0, "下周": 1, "下下周": 2}[g["week"]]
            return monday + datetime.timedelta(days=7 * weeks + _WEEKDAY[g["wd"]])
        if g["ymd"]:
            month, day = int(g["m"]), int(g["d"])
            if g["y"]:
                return datetime.date(int(g["y"]), month, day)
            year = meeting_date.year + (1 if g["rel"] == "明年" else 0)
            date = datetime.date(year, month, day)
            if g["rel"] is None and date < meeting_date:
                date = datetime.date(year + 1, month, day)
            return date
        if g["period"]:
            month = int(g["pm"])
            year = int(g["py"]) if g["py"] else _year_for_month(month, meeting_date, g["prel"])
            part = g["part"]
            if part == "上旬":
                return datetime.date(year, month, 10)
            if part == "中旬":
                return datetime.date(year, month, 20)
            return datetime.date(year, month, calendar.monthrange(year, month)[1])
        if g["monthend"]:
            y, mth = meeting_date.year, meeting_date.month
            return datetime.date(y, mth, calendar.monthrange(y, mth)[1])
        if g["yearend"] is not None and (g["yearend"] or "").strip():
            if g["yy"]:
                return datetime.date(int(g["yy"]), 12, 31)
            return datetime.date(meeting_date.year + (1 if g["yrel"] == "明年" else 0), 12, 31)
        if g["holiday"]:
            if g["hy"] or g["hrel"] == "明年":
                # 2027年春节前: that year's holiday, whenever the meeting was
                year = int(g["hy"]) if g["hy"] else meeting_date.year + 1
                return next_holiday(g["holiday"], datetime.date(year, 1, 1))
            return next_holiday(g["holiday"], meeting_date)
    except (ValueError, TypeError, KeyError):
        return None
    return None  # daily cutoffs and seasons: a limit without a date


def next_holiday(name, after):
    """The holiday's own day on or after AFTER."""
    for year in (after.year, after.year + 1):
        if name == "春节":
            md = SPRING_FESTIVAL.get(year)
            if md is None:
                return None
            day = datetime.date(year, *md)
        elif name.startswith("清明"):
            day = qingming(year)
        elif name.startswith(("端午", "中秋")):
            return None  # lunar dates without a table here: still a limit
        else:
            month, d = {"国庆节": (10, 1), "国庆": (10, 1), "元旦": (1, 1), "劳动节": (5, 1), "五一": (5, 1)}[name]
            day = datetime.date(year, month, d)
        if day >= after:
            return day
    return None


def add_months(date, n):
    month = date.month - 1 + n
    year, month = date.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def add_working_days(date, n):
    """The Nth working day after DATE."""
    day = date
    while n > 0:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            n -= 1
    return day
