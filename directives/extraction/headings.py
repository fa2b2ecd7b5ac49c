"""A point's heading: its short title, without enumerator or end punctuation.

- A title standing as its own line or sentence is kept whole, commas included.
- An item of a run-on ``;`` list takes its first clause.
- ``(一)标题。正文…`` on one line is the genre's normal layout: the title is
  the sentence up to ``。``, whole.
- A title that lost its line break and runs straight into the body with no
  punctuation (``一、绷紧弦今年,面对……``) is cut where the body starts: at a
  body opener (a time word or phrase such as ``今冬以来``/``近段时间``, a
  date, a viewpoint such as ``从目前情况看,``, ``据统计``). Only when the
  sentence cannot be a title on its own (too long, or three or more comma
  clauses) are the short verb-complement-object titles of the genre
  (绷紧弦, 站好岗, 压实责任) cut before the speech's frequent topic words, and
  parallel titles of that kind take their siblings' length.
"""
import re
from collections import Counter

from .enumerators import HEADING_STYLES
from .textutil import is_cjk

_STOPS = frozenset("。!?;:\n")
_BODY_CUE = re.compile(
    # "since …" phrases: 今冬以来, 入汛以来, 进入汛期以来, 自去年以来; a time
    # word opening a clause (followed by a comma, an adverb or a subject,
    # unlike 当前突出问题 in a title)
    r"(?:今|去|本|入|开|进入|自|近)[^,。;:!?\s]{0,5}?以来(?!的)"
    r"|(?:今年|去年|今冬|今春|当前|目前|眼下|现阶段|近年来|近期|近段时间|近一段时间|一段时间以来|今天|这段时间|前段时间"
    r"|前阶段|长期以来|多年来|近日|截至|截止|同志们)(?=[,仍还已正尚又都也我全])"
    # a viewpoint or a source: 从目前情况看, 从全县来看, 总的来看, 据统计
    r"|从[^,。;:!?\s]{1,10}?来?看(?=,)|总的来看|总体来看|总体上看|据[^,。;:!?\s]{0,8}?(?:统计|了解|测算|调查|预测|监测|报告)"
    r"|过去(?:的)?一年|一年来|根据(?!实际)"
    # the body's subject: 我县是…, 部分学校在…
    r"|我[县市区镇乡省](?=是|已|共有|有)|(?:部分|一些|个别)[\u4e00-\u9fff]{1,4}?(?=在|存在|还|仍|对|没有|缺乏)"
    r"|(?:\d{4}|20[\dxX×*]{2})年|\d{1,2}月\d{1,2}日|\d{1,2}月份"
    # a span of months opening the body: 1-10月,全县…
    r"|\d{1,2}[-—~至]\d{1,2}月份?(?=,)"
)
# Words a title of the genre ends on (…的责任感和紧迫感, …政治责任, …的时代意义):
# one followed straight by more text with no punctuation is where the body starts.
_TITLE_END = re.compile(r"(?:责任感|紧迫感|使命感|重要性|紧迫性|必要性|艰巨性|复杂性|政治责任|主体责任|决心|信心|意义|回顾)"
                        r"(?=[\u4e00-\u9fff*X])(?![和与及使紧责重必艰复信决意、])")
# 要重视再重视, 到位再到位: a title of the genre, complete.
_REDOUBLED = re.compile(r"([\u4e00-\u9fff]{1,3})再\1(?=[\u4e00-\u9fff])")
_TITLE_REACH = 45
# A site's watermark after a title: "…紧迫感 (某某教育)", "(某某范文网)".
_WATERMARK = re.compile(r"\s*\([^(),。;:]{1,12}(?:教育|网|文库|范文|公文|素材|文秘|写作|资料|在线|之家|大全)\)\s*$")
_SPACE_BREAK = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")
# Second character of two-character verbs with a result complement: 绷紧, 守住, 站好, 压实 …
_RESULT = frozenset("紧住好实清出牢准强足细严稳优深硬")
MAX_SENTENCE = 60
RUNON_SENTENCE = 40


def frequent_bigrams(a, min_count=4):
    """Two-character CJK words that recur in a speech: its topic words."""
    counts = Counter(a[i:i + 2] for i in range(len(a) - 1) if is_cjk(a[i]) and is_cjk(a[i + 1]))
    return {w for w, n in counts.items() if n >= min_count}


def _first_clause_len(s):
    for i, ch in enumerate(s):
        if ch in ",;":
            return i
    return len(s)


def _not_a_title(sentence):
    """Can SENTENCE (up to its 。) not be a title on its own?

    Titles are short and have at most two comma parts
    (``提高站位,切实增强防汛责任感``); a longer sentence, or one of three or more
    clauses, is a title that ran on into its body.
    """
    return len(sentence) > RUNON_SENTENCE or sentence.count(",") >= 2


def _lost_break_cut(sentence, spaces=False):
    """Where a title that lost its line break ends by its own shape, or 0.

    A redoubled title (``思想上要重视再重视``) ends after the repeat; a sentence
    that cannot be a title ends after the genre's title word
    (``…政治责任``/``…的时代意义``) that runs straight into more text, or (with
    SPACES, for the heading styles) at a space left where the line broke.
    """
    m = _REDOUBLED.search(sentence, 0, _TITLE_REACH)
    if m:
        return m.end()
    if _not_a_title(sentence):
        m = _TITLE_END.search(sentence, 4, _TITLE_REACH) or (
            _SPACE_BREAK.search(sentence, 2, _TITLE_REACH) if spaces else None)
        if m:
            return m.end() if m.re is _TITLE_END else m.start()
    return 0


def _prev_char(a, pos):
    j = pos - 1
    while j >= 0 and a[j] in " \t":
        j -= 1
    return a[j] if j >= 0 else ""


class HeadingFinder:
    def __init__(self, a, points):
        self.a = a
        self.points = points
        self._counts = {}

    def spans(self):
        """(start, end) of each point's heading, in analysis-text offsets."""
        a, points = self.a, self.points
        # Siblings share a layout: when one title stands on its own line, a
        # sibling whose body follows on its title's line lost its line break.
        layouts = [self._layout(p) for p in points]
        on_own_line = {(p.parent, p.style) for p, (_, _, _, runon) in zip(points, layouts)
                       if p.style in HEADING_STYLES and not runon}
        result, pending = [], {}
        for i, p in enumerate(points):
            lost_break = (p.parent, p.style) in on_own_line
            span, runon_uncut, cut_len = self._span(p, layouts[i], lost_break)
            result.append(span)
            if p.style in HEADING_STYLES:
                pending.setdefault((p.parent, p.style), []).append((i, runon_uncut, cut_len))
        # Parallel titles: cut the unclued ones at their siblings' length.
        for group in pending.values():
            lengths = {n for _, _, n in group if n}
            if len(lengths) != 1:
                continue
            n = lengths.pop()
            for i, runon_uncut, _ in group:
                s, e = result[i]
                if runon_uncut and e - s > n + 2 and a[s + 1] in _RESULT and (
                        _not_a_title(a[s:e]) or (points[i].parent, points[i].style) in on_own_line):
                    result[i] = (s, s + n)
        return [self._trim(s, e) for s, e in result]

    def _trim(self, s, e):
        a = self.a
        while s < e and a[s] in " \t,、:":
            s += 1
        while e > s and (a[e - 1] in " \t。,;:!?、.…" or a[e - 1] == "\n"):
            e -= 1
        mark = _WATERMARK.search(a, s, e)
        if mark and mark.start() > s:
            return self._trim(s, mark.start())
        return s, e

    def _layout(self, p):
        """(start, end, terminator, runs on) of P's first sentence.

        It runs on when it is a title ended by sentence punctuation with more
        text on the same line, or too long to be a title.
        """
        a = self.a
        s = p.content
        while s < p.own_end and a[s] in " \t":
            s += 1
        limit = p.own_end
        e = s
        while e < limit and a[e] not in _STOPS:
            e += 1
        term = a[e] if e < limit else ""
        runon = False
        if p.style in HEADING_STYLES and term in ("。", "!", "?", ";"):
            nl = a.find("\n", e, e + 200)
            rest_of_line = a[e + 1: nl if nl >= 0 else e + 200].strip()
            runon = bool(rest_of_line) or e - s > RUNON_SENTENCE
        return s, e, term, runon

    def _span(self, p, layout, lost_break=False):
        a = self.a
        s, e, term, runon = layout
        sentence = a[s:e]
        if p.style not in HEADING_STYLES:
            in_list = term == ";" or _prev_char(a, p.start) == ";"
            cut = _lost_break_cut(sentence)
            if cut and not in_list:
                return (s, s + cut), False, 0
            if in_list or len(sentence) > MAX_SENTENCE:
                return (s, s + _first_clause_len(sentence)), False, 0
            return (s, e), False, 0
        if not runon:
            cut = _lost_break_cut(sentence, spaces=True)
            if cut:
                return (s, s + cut), False, 0
            if len(sentence) > MAX_SENTENCE * 2:
                return (s, s + _first_clause_len(sentence)), False, 0
            return (s, e), False, 0
        cut = self._runon_cut(sentence, lost_break)
        if cut:
            return (s, s + cut), False, cut if cut <= 6 else 0
        return (s, e), True, 0

    def _is_frequent(self, word, min_count=4):
        """Is WORD one of the speech's recurring topic words?"""
        if len(word) < 2 or not (is_cjk(word[0]) and is_cjk(word[1])):
            return False
        if word not in self._counts:
            self._counts[word] = self.a.count(word)
        return self._counts[word] >= min_count

    def _runon_cut(self, sentence, lost_break=False):
        for m in _BODY_CUE.finditer(sentence):
            if m.start() >= 2 and sentence[m.start() - 1] not in ",;、":
                return m.start()
        cut = _lost_break_cut(sentence, spaces=True)
        if cut:
            return cut
        if len(sentence) > 2 and sentence[1] in _RESULT and _first_clause_len(sentence) > 8 \
                and (lost_break or _not_a_title(sentence)):
            for k in (3, 4):
                if self._is_frequent(sentence[k:k + 2]):
                    return k
        return 0
