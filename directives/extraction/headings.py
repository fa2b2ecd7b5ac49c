"""A point's heading: its short title, without enumerator or end punctuation.

- A title standing as its own line or sentence is kept whole, commas included.
- An item of a run-on ``;`` list takes its first clause.
- A title that lost its line break and runs straight into the body
  (``一、绷紧弦今年,面对……``) is cut where the body starts: at a time word or a
  date, or, for the short verb-complement-object titles of the genre
  (绷紧弦, 站好岗, 压实责任), before the speech's frequent topic words; and
  parallel titles that give no clue take their siblings' length.
"""
import re
from collections import Counter

from .enumerators import HEADING_STYLES
from .textutil import is_cjk

_STOPS = frozenset("。!?;:\n")
_BODY_CUE = re.compile(
    r"今年|去年|当前|目前|近年来|近期|今天|这段时间|前段时间|前阶段|长期以来|多年来|近日|截至|截止|同志们"
    r"|\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月份"
)
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
        result, pending = [], {}
        for i, p in enumerate(points):
            span, runon_uncut, cut_len = self._span(p, i)
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
                if runon_uncut and e - s > n + 2 and a[s + 1] in _RESULT:
                    result[i] = (s, s + n)
        return [self._trim(s, e) for s, e in result]

    def _trim(self, s, e):
        a = self.a
        while s < e and a[s] in " \t,、:":
            s += 1
        while e > s and (a[e - 1] in " \t。,;:!?、.…" or a[e - 1] == "\n"):
            e -= 1
        return s, e

    def _span(self, p, i):
        a = self.a
        s = p.content
        while s < p.own_end and a[s] in " \t":
            s += 1
        limit = p.own_end
        e = s
        while e < limit and a[e] not in _STOPS:
            e += 1
        term = a[e] if e < limit else ""
        sentence = a[s:e]
        if p.style not in HEADING_STYLES:
            in_list = term == ";" or _prev_char(a, p.start) == ";"
            if in_list or len(sentence) > MAX_SENTENCE:
                return (s, s + _first_clause_len(sentence)), False, 0
            return (s, e), False, 0
        # A title line: did it lose its line break?
        rest_of_line = ""
        if term in ("。", "!", "?", ";"):
            nl = a.find("\n", e, e + 200)
            rest_of_line = a[e + 1: nl if nl >= 0 else e + 200].strip()
        runon = term in ("。", "!", "?", ";") and (bool(rest_of_line) or len(sentence) > RUNON_SENTENCE)
        if not runon:
            if len(sentence) > MAX_SENTENCE * 2:
                return (s, s + _first_clause_len(sentence)), False, 0
            return (s, e), False, 0
        cut = self._runon_cut(sentence)
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

    def _runon_cut(self, sentence):
        for m in _BODY_CUE.finditer(sentence):
            if m.start() >= 2 and sentence[m.start() - 1] not in ",;、":
                return m.start()
        if len(sentence) > 2 and sentence[1] in _RESULT and _first_clause_len(sentence) > 8:
            for k in (3, 4):
                if self._is_frequent(sentence[k:k + 2]):
                    return k
        return 0
