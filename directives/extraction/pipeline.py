"""From a file or a text to a Document of speeches and their directives."""
import datetime
import unicodedata

from .classify import classify, instructs_itself
from .cleaning import clean_text
from .deadlines import find_deadlines
from .enumerators import find_points
from .headings import HeadingFinder
from .reading import read_file
from .recurrence import find_recurrence
from .speeches import split_speeches
from .textutil import fold_width
from .types import DOUBT_KIND, DOUBT_LONE, DOUBT_NO_DATE, Deadline, Directive, Document, Speech
from .units import UnitFinder

INTRO_CHARS = 80


def extract_file(path, meeting_date=None):
    """Document extracted from the file at PATH; raise ExtractionError if unreadable."""
    document = extract_text(read_file(path), meeting_date=meeting_date)
    return Document(speeches=document.speeches, source=str(path))


def extract_text(text, meeting_date=None):
    """Document extracted from raw TEXT (cleaned here).

    MEETING_DATE (a date) is used for speeches whose text states none.
    """
    if isinstance(meeting_date, str):
        meeting_date = datetime.date.fromisoformat(meeting_date)
    cleaned = clean_text(text)
    speeches = []
    counter = [0]
    for span in split_speeches(cleaned):
        date = span.meeting_date or meeting_date
        body = cleaned[span.body:span.end]
        directives = _directives(body, date, counter)
        speeches.append(Speech(title=span.title, speaker=span.speaker, meeting_date=date,
                               directives=tuple(directives), text=body.strip()))
    return Document(speeches=tuple(speeches))


def _directives(source, meeting_date, counter):
    a = fold_width(source)
    points = find_points(a)
    if not points:
        return []
    headings = HeadingFinder(a, points).spans()
    units = UnitFinder(a, source)
    ids = []
    for _ in points:
        counter[0] += 1
        ids.append(f"d{counter[0]}")
    run_first = _run_starts(points)
    kinds, found_at, own_order = [], [], []
    for i, p in enumerate(points):
        hs, he = headings[i]
        first = points[run_first[i]]
        lower = points[first.parent].content if first.parent is not None else 0
        if run_first[i] > 0 and first.parent == run_first[i] - 1:
            # A first sub-point: its run is introduced by what follows the section's title.
            lower = max(lower, headings[first.parent][1])
        elif run_first[i] > 0:
            # Not past the first sentence of the point before the run.
            prev = points[run_first[i] - 1]
            # (a title line ends at its line break)
            stops = [k for k in (a.find("。", prev.content, first.start), a.find("\n", prev.content, first.start))
                     if k >= 0]
            lower = max(lower, min(stops) + 1 if stops else prev.content)
        intro = a[max(lower, first.start - INTRO_CHARS): first.start]
        own = a[p.content:p.own_end]
        found = find_deadlines(own, meeting_date)
        title, body = a[p.start:p.content] + a[hs:he], a[max(he, p.content):p.own_end]
        section = ""
        if first.parent is not None:
            parent = points[first.parent]
            ps, pe = headings[first.parent]
            section = a[parent.start:parent.content] + a[ps:pe]
        kinds.append(classify(title, intro, body, bool(found), section))
        found_at.append(found)
        own_order.append(instructs_itself(title, body, bool(found)))
    _share_run_kind(points, run_first, kinds, own_order)
    kind_doubt = _kind_doubts(run_first, kinds, own_order)
    out = []
    for i, p in enumerate(points):
        hs, he = headings[i]
        heading = source[hs:he].strip()
        kind = kinds[i]
        deadlines, leads, names, recurrence = (), (), (), None
        if kind == "directive":
            deadlines = tuple(_once(Deadline(source[p.content + s:p.content + e], d) for s, e, d in found_at[i]))
            leads, names = units.find(p.content, p.own_end)
            recurrence = find_recurrence(a[p.content:p.own_end])
        number = source[p.start:p.content].strip().rstrip("、,，.．:：").strip()
        doubts = [DOUBT_LONE] if p.lone else []
        if kind_doubt[i] and (kind == "context" or not (deadlines or names)):
            doubts.append(DOUBT_KIND)
        if any(x.date is None for x in deadlines):
            doubts.append(DOUBT_NO_DATE)
        out.append(Directive(
            id=ids[i],
            parent=ids[p.parent] if p.parent is not None else None,
            level=p.level,
            number=number,
            kind=kind,
            heading=heading,
            text=source[p.start:p.end].strip(),
            deadlines=deadlines,
            lead_units=tuple(leads),
            units=tuple(names),
            recurrence=recurrence,
            doubts=tuple(doubts),
        ))
    return out


def _kind_doubts(run_first, kinds, own_order):
    """Points whose kind could go either way: context that still gives an
    order of its own, or a directive among context siblings."""
    runs = {}
    for i, first in enumerate(run_first):
        runs.setdefault(first, []).append(i)
    doubt = [False] * len(kinds)
    for members in runs.values():
        mixed = len({kinds[i] for i in members}) > 1
        for i in members:
            doubt[i] = (kinds[i] == "context" and own_order[i]) or (mixed and kinds[i] == "directive")
    return doubt


def _share_run_kind(points, run_first, kinds, own_order):
    """Items of one run share its kind: in a run mostly of context (a list of
    problems), an item that gives no order of its own is context too."""
    runs = {}
    for i, first in enumerate(run_first):
        runs.setdefault(first, []).append(i)
    for members in runs.values():
        if len(members) < 2:
            continue
        context = sum(1 for i in members if kinds[i] == "context")
        if 2 * context > len(members):
            for i in members:
                if kinds[i] == "directive" and not own_order[i]:
                    kinds[i] = "context"


def _once(deadlines):
    """Each limit once per point, in order of first mention."""
    seen = set()
    for x in deadlines:
        key = "".join(unicodedata.normalize("NFKC", x.text).split())
        if key not in seen:
            seen.add(key)
            yield x


def _run_starts(points):
    """Index of the first item of each point's numbered run."""
    firsts, last_in_run = [], {}
    for i, p in enumerate(points):
        key = (p.parent, p.style)
        j = last_in_run.get(key)
        if j is not None and p.value != 1 and p.value == points[j].value + 1:
            firsts.append(firsts[j])
        else:
            firsts.append(i)
        last_in_run[key] = i
    return firsts
