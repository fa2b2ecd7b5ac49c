"""Charts drawn on the server as inline SVG: no script, no CDN, readable on paper.

Each function takes plain figures and returns SVG markup (safe: every label is
escaped). Charts scale to their container through ``viewBox``; every bar and
point carries its value as text, so a grey print still reads, and the colours
differ in lightness as well as hue.
"""
import dataclasses
import datetime
from collections.abc import Sequence

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

FONT = 'font-family="Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"'
# Dark to light, so series stay apart in black and white.
PALETTE = ("#7f1d1d", "#d97706", "#2563eb", "#94a3b8", "#15803d")
AXIS = "#555"
GRID = "#ddd"


@dataclasses.dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | None]
    colour: str = PALETTE[0]


def _svg(width: int, height: int, label: str, body: list[str]) -> SafeString:
    head = format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}" {}>'
        "<title>{}</title>",
        width, height, label, mark_safe(FONT), label,
    )
    return mark_safe(head + "".join(body) + "</svg>")


def _text(x, y, text, *, size=12, anchor="start", colour="#222", weight="normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{colour}" '
        f'font-weight="{weight}">{escape(text)}</text>'
    )


def _legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    parts = []
    for s in series:
        parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{s.colour}"/>')
        parts.append(_text(x + 16, y, s.name))
        x += 28 + 13 * len(s.name)
    return parts


def _shown(value, percent: bool) -> str:
    if value is None:
        return "—"
    if percent:
        return f"{value:g}%"
    return f"{value:g}"


def _fit(label: str, limit: int) -> str:
    """The label cut to ``limit`` display columns (a CJK character takes two), with an ellipsis."""
    width = 0
    for index, char in enumerate(label):
        width += 2 if ord(char) > 0x2E7F else 1
        if width > limit:
            return label[:index] + "…"
    return label


def bar_chart(labels: Sequence[str], series: Sequence[Series], *, percent: bool = True, label: str,
              maximum: float | None = None, label_columns: int = 16) -> SafeString:
    """Horizontal bars, one group per label and one bar per series, each with its value written after it."""
    bar, gap = 12, 8
    group = bar * len(series) + gap
    left, right, top = 7 * label_columns + 12, 52, 28
    width = 640
    plot = width - left - right
    height = top + group * max(1, len(labels)) + 8
    top_value = maximum or max([v for s in series for v in s.values if v is not None] + [1])
    if percent:
        top_value = maximum or 100
    body = _legend(series, left, 16)
    for tick in range(5):
        x = left + plot * tick / 4
        body.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 8}" stroke="{GRID}"/>')
    for row, name in enumerate(labels):
        y0 = top + row * group
        body.append(_text(left - 6, y0 + (group - gap) / 2 + 4, _fit(name, label_columns), anchor="end"))
        for index, s in enumerate(series):
            value = s.values[row]
            y = y0 + index * bar
            length = 0 if value is None else plot * min(value, top_value) / top_value
            body.append(f'<rect x="{left}" y="{y:.1f}" width="{length:.1f}" height="{bar - 2}" fill="{s.colour}"/>')
            body.append(_text(left + length + 4, y + bar - 4, _shown(value, percent), size=11))
    body.append(f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{height - 8}" stroke="{AXIS}"/>')
    return _svg(width, height, label, body)


def stacked_bar_chart(labels: Sequence[str], series: Sequence[Series], *, label: str, notes: Sequence[str] = (),
                      label_columns: int = 18) -> SafeString:
    """One horizontal bar per label split into the series' counts (shares of the row's total), the total after it."""
    bar, gap = 18, 8
    left, right, top = 7 * label_columns + 12, 96, 28
    width = 640
    plot = width - left - right
    height = top + (bar + gap) * max(1, len(labels)) + 8
    body = _legend(series, left, 16)
    for row, name in enumerate(labels):
        y = top + row * (bar + gap)
        values = [s.values[row] or 0 for s in series]
        total = sum(values)
        body.append(_text(left - 6, y + bar - 5, _fit(name, label_columns), anchor="end"))
        x = left
        for s, value in zip(series, values):
            if not value:
                continue
            length = plot * value / total
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar}" fill="{s.colour}"/>')
            if length >= 22:
                light = s.colour in PALETTE[3:]
                body.append(_text(x + length / 2, y + bar - 5, str(value), size=11, anchor="middle",
                                  colour="#222" if light else "#fff"))
            x += length
        note = notes[row] if row < len(notes) else ""
        body.append(_text(left + plot + 6, y + bar - 5, f"{total}{note}", size=11))
    return _svg(width, height, label, body)


def line_chart(dates: Sequence[datetime.date], series: Sequence[Series], *, label: str, percent: bool = False) -> SafeString:
    """Lines over days: a point per day, the first, last, highest and lowest values written beside their points."""
    width, height = 640, 236
    left, right, top, bottom = 44, 16, 44, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    top_value = 100 if percent else max(values + [1])
    if not percent:
        step = max(1, -(-top_value // 4))
        top_value = step * 4
    body = _legend(series, left, 16)
    for tick in range(5):
        y = top + plot_h * (1 - tick / 4)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 4, y + 4, _shown(round(top_value * tick / 4, 1), percent), size=10, anchor="end", colour=AXIS))
    count = len(dates)

    def x_of(index):
        return left + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    label_every = max(1, -(-count // 8))
    for index, day in enumerate(dates):
        last = index == count - 1 and (count - 1) % label_every >= label_every / 2
        if index % label_every == 0 or last:
            body.append(_text(x_of(index), height - 10, f"{day:%m-%d}", size=10, anchor="middle", colour=AXIS))
    for s in series:
        points = [(x_of(i), top + plot_h * (1 - min(v, top_value) / top_value), v) for i, v in enumerate(s.values) if v is not None]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{s.colour}" stroke-width="2"/>')
        for x, y, _v in points:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{s.colour}"/>')
        marked = {0, len(points) - 1}
        marked.add(max(range(len(points)), key=lambda i: points[i][2]))
        marked.add(min(range(len(points)), key=lambda i: points[i][2]))
        for i in sorted(marked):
            x, y, v = points[i]
            body.append(_text(x, y - 6, _shown(v, percent), size=10, anchor="middle", colour=s.colour, weight="bold"))
    body.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{AXIS}"/>')
    return _svg(width, height, label, body)
