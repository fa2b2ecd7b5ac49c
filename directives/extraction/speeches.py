"""Split a (cleaned) document into speeches, with title, speaker and date.

A speech starts at its title, ``[speaker/role]在……会议上的讲话`` standing at a
line or sentence start (compilations lose their line breaks). A title that
is only mentioned (``…讲话精神``, ``关于…讲话的文章13篇``) starts nothing.
A preview followed by the full text of the same speech keeps the full text
only, and a title with no speech after it (a repeated header or footer) is
dropped.
"""
import datetime
import re
from dataclasses import dataclass

from .enumerators import find_points
from .textutil import cn_to_int, fold_width

_TITLE_END = re.compile(r"上的(?:总结|动员|主持|表态|工作)?(?:讲话|发言|致辞|报告|主持词)(?:稿|提纲)?(?:\((?:摘要|提纲|节选|摘编|要点|整理稿)\))?")
_NOT_AFTER_TITLE = re.compile(r"^(?:的|精神|中|时|里|和|与|及|、|,|》|”|\"|\d|篇|要求|指出|强调|提出|上|以来|后)")
_DATE = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|(?P<cy>[〇零一二三四五六七八九]{4})年(?P<cm>[一二三四五六七八九十]{1,3})月(?P<cd>[一二三四五六七八九十]{1,3})日"
)
_ROLE = re.compile(
    r"(?:同志|副?(?:书记|县长|区长|市长|镇长|乡长|省长|主任|部长|局长|主席|秘书长|常务副县长|常务副市长|政委|指挥长|组长))$"
)
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
MIN_SPEECH_CHARS = 40
PREVIEW_OVERLAP = 0.6


@dataclass
class SpeechSpan:
    start: int          # start of the title (or of the text)
    body: int           # start of the speech's text after its header
    end: int
    title: str | None = None
    speaker: str | None = None
    meeting_date: datetime.date | None = None


def _title_starts(a):
    """(start, end) of each speech title in analysis text A."""
    out = []
    for m in _TITLE_END.finditer(a):
        e = m.end()
        if _NOT_AFTER_TITLE.match(a[e:e + 4]):
            continue
        # Walk back to the line or sentence start; a title has no punctuation.
        s = m.start()
        limit = max(0, s - 90)
        while s > limit and a[s - 1] not in "\n。!?;,:》“”\"":
            s -= 1
        if s == limit and limit > 0:
            continue
        for inner in _TITLE_END.finditer(a, s, m.start()):
            s = inner.end()  # two titles on one line: the later one (the earlier was a site's link)
        if _FOOTER_LABEL.search(a, max(0, s - 8), s):
            continue  # 本文标题:… in a site's footer names the page, it starts no speech
        title = a[s:e]
        i = title.find("在")
        if i < 0 or i > 30 or "关于" in title[:i + 1] or "《" in title:
            continue
        out.append((s, e))
    return out


def split_speeches(text):
    """SpeechSpans of cleaned TEXT, in order; at least one for non-empty text."""
    a = fold_width(text)
    titles = _title_starts(a)
    spans = []
    if not titles:
        return [_with_header(SpeechSpan(0, 0, len(a)), text, a, None)]
    if _substantial(a[: titles[0][0]]) and len(find_points(a[: titles[0][0]])) >= 2:
        # Text before the first title is a speech only if it has points;
        # otherwise it is a compilation's cover or a site's introduction.
        spans.append(SpeechSpan(0, 0, titles[0][0]))
    for k, (s, e) in enumerate(titles):
        end = titles[k + 1][0] if k + 1 < len(titles) else len(a)
        spans.append(_with_header(SpeechSpan(s, e, end, title=_clean_title(text[s:e])), text, a, (s, e)))
    spans = [sp for sp in spans if _substantial(a[sp.body:sp.end])]
    spans = _drop_previews(spans, a)
    return spans or [_with_header(SpeechSpan(0, 0, len(a)), text, a, None)]


_FOOTER_LABEL = re.compile(r"标题\s*[::]\s*$")
# Page chrome left before a title: script or style residue (} , ar-SA }), a
# table bar, a document number.
_TITLE_CHROME = re.compile(r"^(?:(?:(?!\d{4}\s*年)[^\u4e00-\u9fff“《(])+|\([^()]{1,6}\)|(?:编号|文档编号)[::]?\s*\d*)+")


def _clean_title(title):
    return _TITLE_CHROME.sub("", title.strip()).strip() or None


# Words of a page or a salutation that are no speaker's name.
_NOT_A_NAME = re.compile(r"^(?:尊敬的|同志们|各位|大家好|首页|返回|收藏|下载|分享|举报|版权声明|版权|声明|联系客服|登录|注册|目录|正文|"
                         r"讲话稿|发言稿|范文|精品|推荐|热门|来源|作者|编辑|责编|微信|阅读)")


# The meeting's own date told in prose near the start: "3月8日,县里召开了…推进会",
# "2024年5月6日上午,我们在这里召开…会议" (the year, if not there, from the title).
_PROSE_DATE = re.compile(
    r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:上午|下午|晚上|晚)?,?"
    r"(?:我县|我区|我市|我镇|我乡|县里|区里|镇里|乡里|我们|县委|县政府|县委、县政府)(?:在[^,。]{1,12})?"
    r"(?:专门|隆重)?召开(?:了)?(?:这次|这个|本次)?[^。!?]{0,40}?(?:会议|会)")
PROSE_DATE_REACH = 240
_YEAR = re.compile(r"(?P<y>(?:19|20)\d{2})年")


def _prose_date(start_of_body, title):
    m = _PROSE_DATE.search(start_of_body)
    if not m:
        return None
    year = m.group("y") or (_YEAR.search(title).group("y") if _YEAR.search(title) else None)
    if year is None:
        return None
    try:
        return datetime.date(int(year), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


# 县委书记在… leaves 县委: a body, no person.
_BODY_NAME = re.compile(r"(?:委|局|办|府|厅|院|所|站|中心|部门|单位)$")


def _substantial(s):
    return len(_NON_CJK.sub("", s)) >= MIN_SPEECH_CHARS


def _with_header(span, text, a, title):
    """Speaker and date from the title and the lines right after it."""
    header_end = min(span.end, span.body + 160)
    header = a[span.body:header_end]
    stop = re.search(r"同志们|各位|今天|刚才|当前|这次|[。!?]", header)
    zone = header[: stop.start()] if stop else header
    dm = _DATE.search(zone)
    if dm:
        span.meeting_date = _to_date(dm)
    else:
        span.meeting_date = _prose_date(a[span.body:min(span.end, span.body + PROSE_DATE_REACH)],
                                        a[title[0]:title[1]] if title else "")
    if title:
        prefix = a[title[0]: title[1]]
        prefix = prefix[: prefix.find("在")].strip()
        span.speaker = _speaker(prefix)
    if span.speaker is None:
        for line in zone.split("\n"):
            line = line.strip()
            if not line or _DATE.search(line) or len(line) > 40:
                continue
            parts = line.replace("\u3000", " ").split()
            if len(parts) >= 2 and _NAME.fullmatch(parts[-1]) and (_ROLE.search(parts[-2]) or "、" in parts[-2] or len(parts[-2]) >= 3):
                span.speaker = parts[-1]
                break
            if (_NAME.fullmatch(line.replace(" ", "")) and 2 <= len(line.replace(" ", "")) <= 4 and span.title
                    and not _NOT_A_NAME.match(line.replace(" ", ""))):
                span.speaker = line.replace(" ", "")
                break
    # The body begins after the date line / salutation: keep offsets simple.
    return span


_ROLE_BEFORE_NAME = re.compile(
    r"^.*(?:书记|县长|区长|市长|镇长|乡长|省长|州长|旗长|主任|部长|局长|主席|秘书长|政委|指挥长|组长|委员|常委)[\s、]*"
)


def _speaker(prefix):
    if not prefix or re.search(r"\d|年", prefix):
        return None
    m = _ROLE.search(prefix)
    name = prefix[: m.start()] if m else prefix
    name = name.strip()
    # The role may stand before the name instead: 县长张明, 副县长李华, 县委书记、县长王强.
    before = _ROLE_BEFORE_NAME.match(name)
    if before and _NAME.fullmatch(name[before.end():]) and 2 <= len(name) - before.end() <= 4:
        name = name[before.end():]
    if 2 <= len(name) <= 4 and _NAME.fullmatch(name) and not _NOT_A_NAME.match(name) and not _BODY_NAME.search(name):
        return name
    return None


def _to_date(m):
    try:
        if m.group("y"):
            return datetime.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return datetime.date(cn_to_int(m.group("cy")), cn_to_int(m.group("cm")), cn_to_int(m.group("cd")))
    except (TypeError, ValueError):
        return None


_NON_CJK = re.compile(r"[^\u4e00-\u9fff]+")


def _shingles(s, n=8):
    s = _NON_CJK.sub("", s)
    return {s[i:i + n] for i in range(0, max(0, len(s) - n + 1))}


def _drop_previews(spans, a):
    """Of two neighbouring spans with nearly the same text, keep the longer.

    A site's preview is a broken copy of the start of the full text that
    follows it: most of its 8-character shingles recur there.
    """
    out, prev_shingles = [], None
    for sp in spans:
        cur = _shingles(a[sp.body:sp.end])
        if out:
            prev = out[-1]
            small, big = (prev_shingles, cur) if len(prev_shingles) <= len(cur) else (cur, prev_shingles)
            if small and len(small & big) >= PREVIEW_OVERLAP * len(small):
                if len(cur) >= len(prev_shingles):
                    if sp.meeting_date is None:
                        sp.meeting_date = prev.meeting_date
                    sp.title = sp.title or prev.title
                    sp.speaker = sp.speaker or prev.speaker
                    out[-1] = sp
                    prev_shingles = cur
                continue
        out.append(sp)
        prev_shingles = cur
    return out
