"""Clean text as offices receive it, before any analysis.

- download-site banners and boilerplate lines are dropped;
- page markers at line starts (``12、``) that continue the previous line
  mid-sentence are removed and the line is joined back (this also repairs
  enumerators split by a marker: ``…二`` / ``46、是…``);
- lines hard-wrapped at a fixed width (PDF previews) are joined, also when
  every line is followed by a blank line (PDFs at wide line spacing);
- spaces between a digit and a CJK character (``4 月底前``) are removed;
- page numbers (``- 3 -``, ``第3页``) and form feeds are dropped;
- a site's table of contents (``目录/提纲:`` and the short heading lines
  under it) is dropped: its headings come again in the speech.

Full-width / half-width punctuation is left as written: the analysis works
on ``textutil.fold_width`` copies, which keep offsets.
"""
import logging
import re
from collections import Counter

from .textutil import is_cjk

# Phrases of download-site chrome that a speech never says: a line holding
# one is boilerplate unless it is paragraph-long.
_BANNER = re.compile(
    r"由会员分享|可在线阅读|请在\S{0,80}上搜索|剩余\s*\d+\s*页未读|下载浏览全部|继续阅读|"
    r"最多只能预览|免费文档|原文档|文档格式|下载\s*\d+|浏览\s*\d+|收藏\s*\d+|"
    r"点赞\s*\d+|评分\s*[-\d]|(?:www\.|https?://)\S|\.(?:com|cn|net|org)\b|"
    r"版权所有|版权归|转载请注明|上传者|展开全文|阅读全文|本文由\S{1,30}提供|本文档共\s*\d+\s*页|"
    r"本站(?:内容|部分|文章|资源)|网友(?:上传|投稿|分享)|互联网用户|用户自发|如有侵权|侵删|仅供(?:参考|学习)|预览结束|试读结束|"
    r"^\s*(?:上一篇|下一篇)|首页\s*[>》]|"
    r"\b(?:DOCX?|PDF|PPTX?)\b\s+\d+\s*页|^\s*(?:实用文档|经验交流发言)",
    re.IGNORECASE,
)
_BANNER_MAX = 200
# Words of site chrome that speeches also use (信访举报, 工会会员, 下载APP):
# only a short line that is no sentence and gives no order is chrome.
_BANNER_WORD = re.compile(r"举报|会员|侵权|文库|下载|收藏|温馨提示|VIP|范文|分享到|打印本页|关闭窗口", re.IGNORECASE)
_BANNER_WORD_MAX = 40
_SENTENCE_OR_ORDER = re.compile(r"[。;;!?!?::]|要|必须|须|应|务必")
# A line with a chrome word repeated this often is a running header/footer
# up to this length (titles, dates and 同志们 repeat in compilations: they stay).
_REPEATED_MIN = 3
_LOGGED_MAX = 8
_REPEATED_MAX = 60
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–_ ]*\d{1,4}[-—–_ ]*|第\s*\d+\s*页(?:\s*[,,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")
_INLINE_BOILERPLATE = re.compile(
    r"以下是(?:为大家|小编|本站)?[^。!?!?\n]{0,60}?整理[^。!?!?\n]{0,80}?(?:欢迎|仅供|希望|供大家)[^。!?!?\n]{0,30}[。!?!?]?"
)
_PAGE_MARKER = re.compile(r"^[ \t\u3000]*(\d{1,4})、")
_LINE_END_OK = "。!?!?;;::”\"’')）》】…"
_ENUM_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[((（][一二三四五六七八九十\d]{1,3}[))）]|"
    r"第[一二三四五六七八九十]{1,3}条?[,,、:：]|\d{1,2}[.．、](?!\d))"
)
logger = logging.getLogger(__name__)
# PDF text layers space digits off CJK characters ("4 月底前", "6 月 30 日"):
# such spaces go; spaces between CJK characters (县长  李卫东) stay.
_DIGIT_CJK_SPACE = re.compile(r"(?<=\d)[ \u00a0\u3000]+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[ \u00a0\u3000]+(?=\d)")
# Any enumerator opening a line (wider than _ENUM_START: 一是, ①, 首先).
_POINT_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}(?:[、.．]|是|要)|[((（][一二三四五六七八九十\d]{1,3}[))）]|"
    r"第[一二三四五六七八九十]{1,3}|\d{1,2}[.．、](?!\d)|[①-⑳]|首先|其次|再次|最后)"
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def clean_text(text):
    """Return TEXT cleaned for analysis (see the module docstring)."""
    text = text.translate(_ZERO_WIDTH).replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    text = _DIGIT_CJK_SPACE.sub("", text)
    lines = [ln.rstrip() for ln in text.split("\n")]
    # A dropped line leaves a blank, so nothing is joined across it.
    lines = drop_boilerplate(lines)
    lines = drop_outline(lines)
    lines = join_page_markers(lines)
    lines = join_wrapped_lines(lines)
    out = "\n".join(lines)
    out = _INLINE_BOILERPLATE.sub("", out)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip("\n")


def drop_boilerplate(lines):
    """LINES with site chrome and page numbers blanked; what goes is logged."""
    counts = Counter(ln.strip() for ln in lines if ln.strip())
    out, dropped = [], []
    for ln in lines:
        s = ln.strip()
        if not s:
            out.append(ln)
            continue
        if _PAGE_NUMBER.match(ln):
            out.append("")
        elif is_banner(ln) or (counts[s] >= _REPEATED_MIN and _is_chrome_shaped(s, _REPEATED_MAX)
                               and _BANNER_WORD.search(s)):
            out.append("")
            dropped.append(s)
        else:
            out.append(ln)
    if dropped:
        shown = " | ".join(d if len(d) <= 60 else d[:57] + "..." for d in dropped[:_LOGGED_MAX])
        more = f" (and {len(dropped) - _LOGGED_MAX} more)" if len(dropped) > _LOGGED_MAX else ""
        logger.warning("dropped %d boilerplate line(s): %s%s", len(dropped), shown, more)
    return out


_OUTLINE_HEAD = re.compile(r"^\s*(?:目\s*录|提\s*纲|目录\s*/\s*提纲|内容提纲|文章提纲)\s*[::]?\s*[.…。]*\s*$")
_OUTLINE_LINE_MAX = 60


def drop_outline(lines):
    """LINES with a table of contents blanked: its head line, then the short
    numbered heading lines (and ``……``) right under it."""
    out = list(lines)
    for i, ln in enumerate(lines):
        if not _OUTLINE_HEAD.match(ln):
            continue
        out[i] = ""
        for j in range(i + 1, len(lines)):
            s = lines[j].strip()
            if not s or (len(s) <= _OUTLINE_LINE_MAX and (_POINT_START.match(s) or set(s) <= set(".…。"))):
                out[j] = ""
            else:
                break
        logger.warning("dropped a table of contents at line %d", i + 1)
    return out


def _is_chrome_shaped(s, limit):
    """Short, no sentence, no order, no enumerator: shaped like site chrome."""
    return len(s) <= limit and not _SENTENCE_OR_ORDER.search(s) and not _POINT_START.match(s)


def is_banner(line):
    """A download-site banner or boilerplate line, judged as a whole line.

    A site phrase (``由会员分享``, ``剩余3页未读``, a web address) marks a line
    up to paragraph length; a word speeches share with sites (``举报``,
    ``会员``, ``下载``) marks only a short line that is no sentence, gives no
    order and opens no point.
    """
    s = line.strip()
    if not s:
        return False
    if len(s) <= _BANNER_MAX and _BANNER.search(s) and not _POINT_START.match(s):
        return True
    return _is_chrome_shaped(s, _BANNER_WORD_MAX) and _BANNER_WORD.search(s) is not None


def _ends_sentence(line):
    s = line.rstrip()
    return bool(s) and s[-1] in _LINE_END_OK


def join_page_markers(lines):
    """Remove ``N、`` page markers when they number the lines as pages do.

    They do when the numbers mostly rise one by one and most marked lines
    continue the line before them mid-sentence; a real ``1、`` list restarts
    and follows complete sentences.
    """
    marks = [(i, int(m.group(1)), m.end()) for i, ln in enumerate(lines) if (m := _PAGE_MARKER.match(ln))]
    if len(marks) < 3:
        return lines
    steps = sum(1 for a, b in zip(marks, marks[1:]) if b[1] == a[1] + 1)
    mid = 0
    for i, _, _ in marks:
        prev = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), None)
        if prev is not None and not _ends_sentence(prev):
            mid += 1
    if steps < 0.7 * (len(marks) - 1) or mid < 0.5 * (len(marks) - 1):
        return lines
    marked = {i: end for i, _, end in marks}
    out = []
    for i, ln in enumerate(lines):
        if i in marked:
            body = ln[marked[i]:]
            if out and out[-1].last() and out[-1].last() not in _LINE_END_OK:
                out[-1].join(body)
            else:
                out.append(_Line(body))
        else:
            out.append(_Line(ln))
    return [str(line) for line in out]


class _Line:
    """A line being joined from pieces: each join costs the piece, not the whole line (stays linear)."""

    __slots__ = ("pieces",)

    def __init__(self, text):
        self.pieces = [text]

    def __str__(self):
        return "".join(self.pieces)

    def last(self):
        """The last character that is not white space, or ''."""
        for piece in reversed(self.pieces):
            piece = piece.rstrip()
            if piece:
                return piece[-1]
        return ""

    def join(self, right):
        """Append RIGHT: white space between them dropped, a space kept between two Latin words or digits."""
        while len(self.pieces) > 1 and not self.pieces[-1].strip():
            self.pieces.pop()
        self.pieces[-1] = self.pieces[-1].rstrip()
        left = self.pieces[-1][-1:]
        right = right.lstrip()
        if left and right and (is_cjk(left) or is_cjk(right[0]) or not left.isalnum() or not right[0].isalnum()):
            self.pieces.append(right)
        else:
            self.pieces.append(" " + right)


def _blank_after_every_line(lines):
    """Is (nearly) every text line followed by a blank line?"""
    text_lines = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(text_lines) < 5:
        return False
    gaps = sum(1 for i, j in zip(text_lines, text_lines[1:]) if j > i + 1)
    return gaps >= 0.8 * (len(text_lines) - 1)


def join_wrapped_lines(lines):
    """Join lines hard-wrapped at a common width (PDF text, previews)."""
    lengths = [len(ln.strip()) for ln in lines if len(ln.strip()) >= 12]
    if len(lengths) < 5:
        return lines
    width, _ = Counter(lengths).most_common(1)[0]
    # The wrap width is the most common long length, within a few characters.
    near = sum(1 for n in lengths if width - 3 <= n <= width + 3)
    if near < 0.4 * len(lengths) or width > 120:
        return lines
    width = max(n for n in lengths if n <= width + 3)
    if _blank_after_every_line(lines):
        # Each visual line is its own paragraph (PDF text at wide line
        # spacing): blank lines say nothing, line lengths do.
        lines = [ln for ln in lines if ln.strip()]
    out = []
    joining = False
    for ln in lines:
        s = ln.strip()
        if joining and s and len(s) <= 3 * width and not _ENUM_START.match(s):
            out[-1].join(s)  # the line joined to was 12 characters or more: so is the result
        else:
            out.append(_Line(ln))
            joining = len(s) >= 12
        joining = joining and bool(s) and len(s) >= width - 4
    return [str(line) for line in out]
