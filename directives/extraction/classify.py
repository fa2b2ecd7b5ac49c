"""Directive or context: does a point instruct, or only describe?

A point is context when it only describes problems, facts or achievements:

- it is an item of a run introduced as a list of problems
  (``还存在一些不容忽视的问题:``) and its title has no modal verb;
- it is an item of a run introduced by results or a gap (``取得了一定成效,
  但…还有差距``) and neither its title nor its own body gives an order;
- its title describes a shortfall (``思想认识还不到位``, ``欠薪问题``) without
  an imperative, and its own body gives no order either.

An order in the point's own body is an instruction to someone: a modal verb
(``X要…``, ``必须``, ``务必``, ``抓紧``, ``确保``), a lead or a responsibility
(``牵头``, ``由X负责``) or a time limit. Everything else is a directive.
"""
import re

_IMPERATIVE = re.compile(r"要|必须|务必|须|应当|确保|坚持|坚决|切实|抓好|做好|抓实|加强|强化|落实|推进|健全|完善|严格|加快|提高|提升|狠抓|突出|压实|筑牢|守住|绷紧|聚焦|全力|扎实|持续|深入|着力|认清|统筹|不放松")
# A title opening with a verb of action or of attitude is itself an order
# (正视问题…, 深刻认识…, 实施精准招商); adverbs may come first.
_LEADING_VERB = re.compile(
    r"^(?:进一步|全面|大力|切实|坚决|扎实|全力|持续|深入|着力|积极|认真|主动|及时|从严|严格|依法|集中|加快|尽快|"
    r"充分|深刻|清醒|正确|高度|准确|始终|牢牢|真正)*"
    r"(?:正视|直面|认识|认清|重视|把握|树牢|树立|增强|提高|提升|强化|加强|实施|优化|巩固|建立|建设|健全|完善|规范|"
    r"开展|组织|保障|维护|防范|化解|整治|治理|排查|抓紧|抓早|抓实|抓好|抓住|做好|做实|做细|深化|推动|推进|促进|"
    r"落实|压实|夯实|打好|打赢|守牢|守住|守好|筑牢|织密|严把|严防|严控|严守|严查|严惩|构建|培育|发展|补齐|补强|"
    r"改善|提振|扩大|稳定|稳住|激发|创新|用好|管好|建好|聚焦|突出|统筹|坚持|确保|紧盯|盯紧|狠抓|全面)"
)
_MODAL_HEADING = re.compile(r"要|必须|务必|须|应当")
_PROBLEM_INTRO = re.compile(
    r"存在[^。!?]{0,20}(?:问题|不足|短板|差距|薄弱环节)|(?:问题|不足|短板)[^。!?]{0,6}(?:仍然|依然|还)?(?:存在|突出|较多)"
    r"|主要(?:表现|体现)(?:在|为)|不足之处|原因(?:主要)?(?:有|是)"
)
_RESULTS_INTRO = re.compile(r"取得了?[^。!?]{0,10}(?:成效|成绩|进展)")
_SOLUTION = re.compile(r"针对|解决|整改|措施|做好|抓好|意见")
_SHORTFALL = re.compile(
    r"不到位|不够|不足|不高|不强|不严|不实|不细|不力|不及时|不均衡|不平衡|不完善|不健全|漏洞|薄弱|滞后|欠缺|缺乏|没有|尚未|"
    r"问题|麻痹|松懈|由于|我行我素|不戴|取得|实现了|明显"
    # any "不" + a one- or two-character predicate closing the clause (不彻底, 不规范)
    r"|不(?!断|得|能|让|留|放松|折不扣|动摇|懈怠|手软|停歇|含糊|走样|变|减|松)[\u4e00-\u9fff]{1,2}(?=$|[,;、])"
)
# An order given in the body: a modal verb (not 需要/重要/主要/要求…), a lead
# or responsibility, a hurry word.
_INSTRUCTS = re.compile(
    r"(?<![必重主需只想不纪摘提])要(?![求素点件闻害])|必须|务必|抓紧|(?<!以)确保(?!了)|应当|限期|立即|尽快"
    r"|(?<![的为])牵头(?!单位|部门|的|了)|牵好头|负责(?!人|同志|的|了)"
)


# A lead-in sentence ending in a colon that names shortcomings, however
# phrased (问题仍然不少:, 我们还有不少差距:, 短板主要在以下几个方面:), and
# gives no order itself.
_SHORTCOMING_WORD = re.compile(r"问题|差距|不足|短板|弱项|薄弱|隐患|矛盾|困难|漏洞|症结|弊端")
_LEAD_IN_ORDER = re.compile(r"(?<![需重主只])要(?![求素点件])|必须|务必|着力|切实|抓好|做好|补齐|补强|解决|整改|针对|意见|措施|建议|几点")


def _is_problem_lead_in(intro):
    tail = intro.rstrip()
    if not tail.endswith(":"):
        return False
    start = max(tail.rfind(ch, 0, len(tail) - 1) for ch in "。!?;\n") + 1
    sentence = tail[start:]
    return bool(_SHORTCOMING_WORD.search(sentence)) and not _LEAD_IN_ORDER.search(sentence)


def instructs_itself(heading, body="", has_deadline=False):
    """Does a point clearly give an order of its own (title or own body)?"""
    title = _strip_enumerator(heading)
    return (bool(_MODAL_HEADING.search(heading)) or _LEADING_VERB.match(title) is not None
            or has_deadline or _INSTRUCTS.search(body) is not None)


def classify(heading, intro, body="", has_deadline=False):
    """Return "context" or "directive" for a point.

    HEADING is its enumerator and title, INTRO the text introducing its run,
    BODY its own text after the title (up to its first sub-point) and
    HAS_DEADLINE whether that text sets a time limit.
    """
    title = _strip_enumerator(heading)
    imperative = _IMPERATIVE.search(heading) is not None or _LEADING_VERB.match(title) is not None
    instructs = has_deadline or _INSTRUCTS.search(body) is not None
    if not _SOLUTION.search(intro[-30:]):
        if _PROBLEM_INTRO.search(intro) or _is_problem_lead_in(intro):
            return "directive" if _MODAL_HEADING.search(heading) else "context"
        if _RESULTS_INTRO.search(intro):
            return "directive" if _MODAL_HEADING.search(heading) or instructs else "context"
    if not imperative and _SHORTFALL.search(heading) and not instructs:
        return "context"
    return "directive"


_ENUMERATOR = re.compile(r"^\s*(?:第[一二三四五六七八九十]+条?|[一二三四五六七八九十]+(?:是|要|、)|\(?[一二三四五六七八九十\d]+\)|"
                         r"\d+[.、]|[①-⑳]|首先|其次|再次|最后)[,、.:\s]*")


def _strip_enumerator(heading):
    m = _ENUMERATOR.match(heading)
    return heading[m.end():] if m else heading
