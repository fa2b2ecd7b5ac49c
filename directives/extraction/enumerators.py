"""Find enumerated points and their nesting.

Styles, each a separate list: ``一、`` (dun), ``(一)`` (paren), ``第一,`` /
``第一条,`` (di), ``一是`` (shi), ``一要`` (yao), ``1.`` / ``1、`` (adot), ``(1)``
(aparen), ``①`` (circ), ``首先/其次/再次/最后`` (seq).

An enumerator counts only where a point can begin: at a line start or after
a sentence or clause boundary, never inside a word (``每周一、周四``,
``统一要求``, ``第一时间``, ``国办发明电(2023)1号``, ``十四五``, ``37.3``).
Enumerators after a comma (inline runs ``…,一要…;二要…``) and the looser
styles must belong to a numbered run of at least two (一, 二, …), unless the
surrounding text shows a lone one is a point, as a reader sees it: a
sentence announcing the points just before it (``我讲三点意见:一、…``), a
first sub-point right after its section's title, a text cut off after its
first item, a run whose start the site hid (``……省略385字…… 第二,…``), a
run continued in another style (``三、…。四是…``) or missing one item
(``第一,…第三,…第四,…``). A lone ``2、`` opening a line that breaks a
sentence is a page marker, not a point.

Nesting follows the order styles appear in, as an outline does: a style
already open is a sibling (closing deeper lists), a new one is a child.
"""
import re
from dataclasses import dataclass, field

from .textutil import cn_to_int

_CN = "[一二三四五六七八九十]{1,3}"
_ENUM = re.compile(
    rf"(?P<dun>{_CN})、"
    rf"|\((?P<paren>{_CN})\)"
    r"|\((?P<aparen>\d{1,2})\)"
    rf"|第(?P<di>{_CN})(?:条(?=[,、:])|句话(?=[,、:]))?(?:[,、:]|是(?=[^,。]))"
    rf"|(?P<shi>{_CN})是(?![的否])"
    rf"|(?P<yao>{_CN})要(?![求素点件害闻么紧是])"
    r"|(?P<adot>\d{1,2})(?:\.|、)(?![\d.、])"
    r"|(?P<ashi>\d{1,2})是(?![的否])"
    r"|(?P<circ>[①-⑳])"
    r"|(?P<seq>首先|其次|再次|最后)(?=[,:])[,:]?"
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_SEQ_VALUE = {"首先": 1, "其次": 2, "再次": 3, "最后": None}

STRONG, MEDIUM, WEAK, GLUED = 3, 2, 1, 0
_RUN_ON_OK = {"shi", "yao", "di"}


def _glued_ok(a, pos):
    """An enumerator glued to the text before it: only after a CJK character
    that cannot be part of the numeral's word (统一, 唯一, 第一, 之一 …)."""
    prev = a[pos - 1] if pos else ""
    return "\u4e00" <= prev <= "\u9fff" and prev not in "统唯第之其万专单同划合归逐进一二三四五六七八九十百千年月周期这那每"
# The boundary each style needs: line start, sentence end, or (in a run) a comma.
_MIN_BOUNDARY = {"dun": MEDIUM, "paren": MEDIUM, "aparen": MEDIUM, "adot": MEDIUM,
                 "di": WEAK, "shi": WEAK, "ashi": WEAK, "yao": WEAK, "circ": WEAK, "seq": WEAK}
# Styles whose lone item (no sibling) still counts when it opens a line.
_LONE_OK = {"dun", "paren", "aparen", "adot", "di"}
HEADING_STYLES = {"dun", "paren"}


@dataclass
class Point:
    start: int          # offset of the enumerator
    content: int        # offset after the enumerator and its separator
    style: str
    value: int | None
    number: str
    boundary: int
    level: int = 1
    parent: int | None = None   # index into the point list
    end: int = 0        # end of the point's text (next point at same or higher level)
    own_end: int = 0    # end of its own text (first sub-point)
    children: list = field(default_factory=list)
    lone: bool = False  # kept with no sibling in its run


def _boundary(a, pos):
    """How strongly position POS of text A can start a point."""
    j = pos - 1
    while j >= 0 and a[j] in " \t":
        j -= 1
    if j < 0 or a[j] == "\n":
        return STRONG
    ch = a[j]
    if ch in "。!?;:…":
        return MEDIUM
    if ch in ",":
        return WEAK
    if ch == ")" and j > 0 and a[j - 1] not in "0123456789":
        # after a heading in brackets, e.g. "(摘要)"; never after "(2023)"
        return WEAK
    return 0


def find_candidates(a):
    """Every enumerator-looking match of A that stands at a boundary."""
    out = []
    for m in _ENUM.finditer(a):
        style = m.lastgroup
        raw = m.group(style)
        if style == "circ":
            value = _CIRCLED.index(raw) + 1
        elif style == "seq":
            value = _SEQ_VALUE[raw]
        else:
            value = cn_to_int(raw)
            if value is None or value == 0:
                continue
        b = _boundary(a, m.start())
        if b < MEDIUM and style == "dun" and value == 1 and _SPEECH_TITLE_END.search(a, max(0, m.start() - 4), m.start()):
            b = MEDIUM  # a title that lost its line break: "…时的讲话一、认真吸取…"
        tiao = style == "di" and a[m.end("di")] == "条"
        juhua = style == "di" and a.startswith("句话", m.end("di"))
        if tiao and b < _MIN_BOUNDARY[style]:
            continue  # 第一条 glued to a word is a citation (…法第一条)
        if b < _MIN_BOUNDARY[style]:
            # A title that lost its line break runs straight into its first
            # sub-point ("…控制传染源一是强化…"): allowed for the opening item of
            # a run, checked in validate_runs.
            if not (style in _RUN_ON_OK and value == 1 and _glued_ok(a, m.start())):
                continue
            b = GLUED
        content = m.end()
        if style == "di":
            number = "第" + raw + ("条" if tiao else "句话" if juhua else "")
        elif style in ("shi", "yao", "ashi"):
            number = raw + a[m.start(style) + len(raw)]
        elif style in ("paren", "aparen"):
            number = None  # as written, filled in by the caller from the source
        else:
            number = raw
        out.append(Point(m.start(), content, style, value, number, b))
    return out


def _after_title(cands, i):
    """Is candidate I glued to a title (一、/(一)) that opened its sentence?"""
    for j in range(i - 1, max(-1, i - 4), -1):
        c = cands[j]
        if c.style in HEADING_STYLES and c.boundary >= MEDIUM and cands[i].start - c.start <= 60:
            return True
    return False


def validate_runs(cands, a=""):
    """Keep candidates that belong to a numbered run (or may stand alone).

    A (the analysis text) lets the text around a lone enumerator decide.
    """
    by_style = {}
    for i, c in enumerate(cands):
        by_style.setdefault(c.style, []).append(i)
    keep, lone, all_runs = set(), [], []
    for style, idxs in by_style.items():
        runs, current = [], None
        all_runs.append(runs)
        for i in idxs:
            c = cands[i]
            if c.value == 1:
                current = [i]
                runs.append(current)
            elif current is not None and (c.value is None or c.value == cands[current[-1]].value + 1):
                if c.value is None:  # "最后" closes a 首先/其次 run
                    c.value = cands[current[-1]].value + 1
                current.append(i)
                if style == "seq" and cands[i].number == "最后":
                    current = None
            else:
                runs.append([i])
                current = None if c.value is None else runs[-1]
        for run in runs:
            first = cands[run[0]]
            if first.boundary == GLUED:
                if len(run) >= 2 and cands[run[1]].boundary >= MEDIUM:
                    keep.update(run)
                elif style == "di" and _after_title(cands, run[0]):
                    keep.update(run)
                continue
            if len(run) >= 2:
                # A run opened only weakly after a comma must at least be a
                # real sequence, which it is; keep it whole.
                keep.update(run)
            elif style in _LONE_OK and first.boundary == STRONG and not (
                    style in ("adot", "aparen") and _breaks_sentence(a, first.start)):
                keep.add(run[0])
            elif first.value is not None and first.boundary >= MEDIUM:
                lone.append(run[0])
    if a and lone:
        for i in sorted(lone):
            if _lone_is_point(a, cands, i, keep):
                keep.add(i)
    for run in (r for runs_of_style in all_runs for r in runs_of_style):
        if len(run) == 1 and run[0] in keep:
            cands[run[0]].lone = True
    return [c for i, c in enumerate(cands) if i in keep]


# A sentence announcing the points (我讲三点意见:, 再强调几点。, 呈现四个新的特点。)
# right before a lone first enumerator.
_ANNOUNCED = re.compile(
    r"(?:(?:讲|谈|强调|提|说)[^。!?\n]{0,12}(?:点|个?方面|条|个?问题)(?:意见|要求|看法|建议|想法|体会)?"
    r"|(?:有|呈现|呈现出|表现为|体现在|归纳为|概括为)[^。!?\n]{0,6}[两三四五六七八九十几]个[^。!?\n]{0,8}"
    r"(?:特点|方面|问题|原因|变化|不足|特征|转变)"
    r"|(?:意见|要求|如下))\s*[。:,;]?\s*$"
)
_ANNOUNCE_REACH = 40
# Where a site hid part of the text: "……省略385字,正式会员可完整阅读……", "此处隐藏1200个字".
_HIDDEN = re.compile(r"省略\s*\d*\s*字|隐藏\s*\d*\s*个?字|会员可(?:完整)?阅读|当前(?:仅)?显示\s*\d+\s*字")
_HIDDEN_REACH = 300
_CUT_OFF_REACH = 400   # a text cut off within this much after a lone first item
_SUB_POINT_REACH = 150  # a first sub-point right after its section's title
_SPEECH_TITLE_END = re.compile(r"(?:讲话|发言|致辞|讲话稿|提纲)$")
_CONTINUES = {"dun", "di", "shi", "yao"}


def _lone_is_point(a, cands, i, keep):
    """Does the text around lone candidate I (not kept by its run) make it a point?"""
    c = cands[i]
    if c.number and c.number.endswith("条"):
        return False  # 第二条 standing alone is a citation
    before = max((j for j in keep if j < i), default=None)
    prev = cands[before] if before is not None else None
    later_same = [j for j in range(i + 1, len(cands)) if cands[j].style == c.style]
    if c.value == 1:
        if _ANNOUNCED.search(a, max(0, c.start - _ANNOUNCE_REACH), c.start) or (
                c.style == "dun" and _SPEECH_TITLE_END.search(a, max(0, c.start - 4), c.start)):
            return True
        if (c.style in ("paren", "aparen", "adot") and prev is not None and prev.style in ("dun", "di")
                and before == i - 1 and c.start - prev.start <= _SUB_POINT_REACH):
            return True
        if c.style in ("shi", "yao") and not later_same and len(a) - c.start <= _CUT_OFF_REACH:
            return True
        nxt = later_same[0] if later_same else None
        if nxt is not None and nxt in keep and cands[nxt].value == 3:
            return True  # 第一,… [第二 lost] 第三,…
        return False
    lower = prev.start if prev is not None else 0
    if _HIDDEN.search(a, max(lower, c.start - _HIDDEN_REACH), c.start):
        return True
    return (prev is not None and c.value >= 3 and prev.value == c.value - 1 and prev.style != c.style
            and prev.style in _CONTINUES and c.style in _CONTINUES)


def _breaks_sentence(a, pos):
    """Does the line before POS break off mid-sentence (a page marker's line)?"""
    if not a:
        return False
    end = a.rfind("\n", 0, pos)
    if end <= 0:
        return False
    start = a.rfind("\n", 0, end) + 1
    line = a[start:end].rstrip()
    return len(line) >= 20 and "\u4e00" <= line[-1] <= "\u9fff"


_INLINE = {"shi", "yao", "seq", "ashi"}


def nest(points, text_end):
    """Give each point its level, parent, end and own_end (in place)."""
    stack = []  # indices of open points, one per style in the outline
    for i, p in enumerate(points):
        styles = [points[j].style for j in stack]
        if p.style in styles:
            del stack[styles.index(p.style):]
        else:
            if p.boundary == STRONG and p.style in ("dun", "di"):
                # a title at a line start is no sub-point of the paragraph's inline run
                while stack and points[stack[-1]].style in _INLINE and points[stack[-1]].boundary < STRONG:
                    stack.pop()
            top = points[stack[-1]] if stack else None
            if (top is not None and p.value and top.value == p.value - 1 and p.value >= 2
                    and top.style in _CONTINUES and p.style in _CONTINUES):
                stack.pop()  # 三、… 四是…: the numbering goes on in another style
        p.parent = stack[-1] if stack else None
        p.level = len(stack) + 1
        if p.parent is not None:
            points[p.parent].children.append(i)
        stack.append(i)
    open_ = []  # points whose text is still running, shallowest first
    for p in points:
        while open_ and open_[-1].level >= p.level:
            open_.pop().end = p.start
        open_.append(p)
    for p in open_:
        p.end = text_end
    for p in points:
        p.own_end = points[p.children[0]].start if p.children else p.end
    return points


def find_points(a):
    """Enumerated points of analysis text A, nested, in reading order."""
    points = validate_runs(find_candidates(a), a)
    return nest(points, len(a))
