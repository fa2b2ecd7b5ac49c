"""Directive or context: does a point instruct, or only describe?

A point is context when it only describes problems, facts or achievements:

- it is an item of a run introduced as a list of problems
  (``还存在一些不容忽视的问题:``) and its title has no modal verb;
- it is an item of a run introduced by results or a gap (``取得了一定成效,
  但…还有差距``) and neither its title nor its own body gives an order;
- its title describes a shortfall (``思想认识还不到位``, ``欠薪问题``) without
  an imperative, and its own body gives no order either;
- its title is a viewpoint or an explanation (``从各级领导的要求看``,
  ``是时间紧``, ``这是上级的要求``), a review or an analysis (``…的简要回顾``,
  ``…的特点``, ``…总体形势分析``, ``…怎么看``, ``为什么…``), or its first
  sentence states a significance (``…具有十分重要的意义``), and it gives no
  order of its own;
- it is an item of a run introduced as features, reasons or considerations
  (``呈现四个新的特点。``, ``主要基于三方面考虑:``) or as problems faced
  (``面临诸多新情况新问题:``), and plainly orders nothing.

An order in the point's own body is an instruction to someone: a modal verb
(``X要…``, ``必须``, ``务必``, ``抓紧``, ``确保``), a lead or a responsibility
(``牵头``, ``由X负责``) or a time limit. Everything else is a directive.
"""
import re

# The modal 要, not the 要 inside a word (主要, 重要, 需要, 纲要, 要求, 要点…).
_MODAL = r"(?<![必重主需只想不纪摘提纲紧首么简概扼])要(?![求素点件闻害领务])|必须|务必|(?<![无不])须(?!知)|应当"
_IMPERATIVE = re.compile(_MODAL + r"|务必|须|应当|确保|坚持|坚决|切实|抓好|做好|抓实|加强|强化|落实|推进(?!会)|坚定|健全|完善|严格|加快|提高|提升|狠抓|突出|压实|筑牢|守住|绷紧|聚焦|全力|扎实|持续|深入|着力|认清|统筹|不放松")
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
_MODAL_HEADING = re.compile(_MODAL)
_PROBLEM_INTRO = re.compile(
    r"存在[^。!?]{0,20}(?:问题|不足|短板|差距|薄弱环节)|(?:问题|不足|短板)[^。!?]{0,6}(?:仍然|依然|还)?(?:存在|突出|较多)"
    r"|主要(?:表现|体现)(?:在|为)|不足之处|原因(?:主要)?(?:有|是)|面临[^。!?]{0,12}(?:问题|挑战|困难|风险|隐患|压力)"
    # 会议指出,一是…: the meeting's reading of the situation (its 要求 run orders)
    r"|(?:会议|会上|通报)(?:指出|认为|分析)[,:]?$"
)
_RESULTS_INTRO = re.compile(r"取得了?[^。!?]{0,10}(?:成效|成绩|进展)|得到了?[^。!?,]{0,6}(?:发展|提升|改善|加强|提高)"
                            r"|成效(?:明显|显著)")
# A run introduced as features, reasons or considerations, not as points to carry out.
_FEATURES_INTRO = re.compile(r"[两三四五六七八九十几]个?[^。!?]{0,8}(?:特点|特征|新变化|原因|考虑|背景|议程)[。:]?$")
# Titles that only view, explain, review or analyse.
_VIEWPOINT = re.compile(r"^从[^,。;]{1,15}?来?看(?:[,。]|$)")
_EXPLANATION = re.compile(r"^(?:这|这也|这既|这更)?是(?!否)")
_REVIEW_TITLE = re.compile(r"(?:特点|评价|回顾|基本情况|形势分析|怎么看)$|^为什么")
_SIGNIFICANCE = re.compile(r"(?:重要|重大|深远|现实)(?:的)?意义$")
# Benefits and reasons (做好这项工作,有利于…; 是…的内在要求).
_BENEFIT = re.compile(r"^[^,。;]{0,24}[,,]有利于|^[^。;]{0,60}的(?:内在|必然|根本|迫切)要求[。]?$")
_SOLUTION = re.compile(r"针对|解决|整改|措施|做好|抓好|意见")
_SHORTFALL = re.compile(
    r"不到位|不够|不足|不高|不强|不严|不实|不细|不力|不及时|不均衡|不平衡|不完善|不健全|漏洞|薄弱|滞后|欠缺|缺乏|没有|尚未|"
    r"问题|麻痹|松懈|由于|我行我素|不戴|取得|实现了|明显|有待|(?:依然|仍然|依旧|还)存在"
    # any "不" + a one- or two-character predicate closing the clause (不彻底, 不规范)
    r"|不(?!断|得|能|让|留|放松|折不扣|动摇|懈怠|手软|停歇|含糊|走样|变|减|松)[\u4e00-\u9fff]{1,2}(?=$|[,;、])"
)
# An order given in the body: a modal verb (not 需要/重要/主要/要求…), a lead
# or responsibility, a hurry word.
_INSTRUCTS = re.compile(
    r"(?<![必重主需只想不纪摘提纲紧首])要(?![求素点件闻害领务]|看到|清醒|认识到)|必须|务必|抓紧|(?<!以)确保(?!了)|应当|限期|立即|尽快"
    r"|(?<![的为])牵头(?!单位|部门|的|了)|牵好头|负责(?!人|同志|的|了)"
)


# A lead-in sentence ending in a colon that names shortcomings, however
# phrased (问题仍然不少:, 我们还有不少差距:, 短板主要在以下几个方面:), and
# gives no order itself.
_SHORTCOMING_WORD = re.compile(r"问题|差距|不足|短板|弱项|薄弱|隐患|矛盾|困难|漏洞|症结|弊端")
_LEAD_IN_ORDER = re.compile(r"(?<![需重主只])要(?![求素点件])|必须|务必|着力|切实|抓好|做好|补齐|补强|解决|整改|针对|意见|措施|建议|几点")


# A sentence announcing the speaker's points (下面,我讲四个方面; 我再强调三点:):
# it, not an earlier sentence, introduces the run.
_ANNOUNCE = re.compile(
    r"(?:下面|以下|接下来|下边|现在|我再|再)[^。!?:\n]{0,12}(?:讲|谈|强调|说|提)[^。!?\n]{0,10}(?:点|方面|意见|要求|问题|事)"
    r"|(?:讲|谈|强调|提)[^。!?\n]{0,4}(?:以下|如下)?[几两三四五六七八九十\d]+(?:点|个方面|条)")
# A section titled as results or problems (…取得的成效, …基本情况,
# 当前存在的主要问题): its points that give no order are context.
_RESULTS_SECTION = re.compile(r"取得的?[^。!?]{0,6}(?:成效|成绩|进展|成果)|基本情况|主要成效|工作成效|工作回顾|肯定成绩|总结成绩")
_PROBLEM_SECTION = re.compile(r"存在的?[^。!?]{0,6}(?:问题|不足|短板|差距)|(?:问题|不足|短板)(?:和|与|及)(?:不足|差距|短板|问题)|正视问题|查摆问题")
_FIRM_ORDER = re.compile(r"务必|必须|限期|立即|抓紧|(?<![以为])确保(?!了)|(?<![的为])牵头(?!单位|部门|的|了|不)|要在")
_SUMMING_UP = re.compile(r"(?:这些|上述|以上|这类)(?:问题|现象|情况)|等等|这一切|这些,|总之|因此,我们")
_CONNECTOR_MAX = 6
_SENTENCE_END = re.compile(r"[。!?;\n]")


def _lead_in_sentence(intro):
    """The sentence introducing a run: the last one announcing the points, or else the last one."""
    sentences = [x.strip() for x in _SENTENCE_END.split(intro) if x.strip()]
    for sentence in reversed(sentences):
        if _ANNOUNCE.search(sentence):
            return sentence, True
    if not sentences:
        return "", False
    if len(sentences) > 1 and len(sentences[-1].rstrip(":")) <= _CONNECTOR_MAX:
        # a bare connector (具体来说:, 主要是:) leans on the sentence before it
        return sentences[-2] + "。" + sentences[-1], False
    return sentences[-1], False


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


def classify(heading, intro, body="", has_deadline=False, section=""):
    """Return "context" or "directive" for a point.

    HEADING is its enumerator and title, INTRO the text introducing its run,
    BODY its own text after the title (up to its first sub-point) and
    HAS_DEADLINE whether that text sets a time limit. SECTION is the title of
    the point's parent, if any.

    Only the sentence introducing the run decides whether it is a list of
    problems or of results; an item whose own text gives an order is a
    directive in it all the same.
    """
    title = _strip_enumerator(heading)
    imperative = _IMPERATIVE.search(heading) is not None or _LEADING_VERB.match(title) is not None
    instructs = has_deadline or _INSTRUCTS.search(body) is not None
    ordered = _MODAL_HEADING.search(heading) is not None or instructs
    lead, announced = _lead_in_sentence(intro)
    modal_title = _MODAL_HEADING.search(heading) is not None
    if not modal_title:
        viewpoint = _VIEWPOINT.match(title) is not None
        describes = (viewpoint or _EXPLANATION.match(title) or _REVIEW_TITLE.search(title.rstrip("。!?"))
                     or (not announced and _FEATURES_INTRO.search(lead))
                     or (not imperative and _SIGNIFICANCE.search(title + body[:_first_stop(body)]))
                     or _BENEFIT.search(title + body[:_first_stop(body)]))
        if describes and (viewpoint or not _firm(body, has_deadline)):
            return "context"
    if not _SOLUTION.search(lead[-30:]):
        if _PROBLEM_INTRO.search(lead) or (not announced and _is_problem_lead_in(intro)):
            # an item of a list of problems only describes, unless it plainly orders
            # (what follows 这些问题/等等 sums up the whole list)
            own = body[:m.start()] if (m := _SUMMING_UP.search(body)) else body
            firm = has_deadline or _FIRM_ORDER.search(own) is not None
            return "directive" if _MODAL_HEADING.search(heading) or firm else "context"
        if _RESULTS_INTRO.search(lead):
            ordered_own = modal_title or has_deadline or _INSTRUCTS.search(_own_part(body)) is not None
            return "directive" if ordered_own else "context"
    section_title = _strip_enumerator(section)
    if (section_title and not _SOLUTION.search(section_title)
            and (_RESULTS_SECTION.search(section_title) or _PROBLEM_SECTION.search(section_title))
            and not ordered):
        return "context"
    described = (_SHORTFALL.search(heading) or _PROBLEM_SECTION.search(title)
                 or _RESULTS_SECTION.search(title))
    if not imperative and described and not instructs:
        return "context"
    return "directive"


_ENUMERATOR = re.compile(r"^\s*(?:第[一二三四五六七八九十]+条?|[一二三四五六七八九十]+(?:是|要|、)|\(?[一二三四五六七八九十\d]+\)|"
                         r"\d+[.、]|[①-⑳]|首先|其次|再次|最后)[,、.:\s]*")


def _own_part(body):
    """BODY up to a sentence summing up the whole list (这些问题…, 这一切…), if any."""
    m = _SUMMING_UP.search(body)
    return body[:m.start()] if m else body


def _firm(body, has_deadline):
    return has_deadline or _FIRM_ORDER.search(_own_part(body)) is not None


def _first_stop(s):
    m = re.search(r"[。!?;\n]", s)
    return m.start() if m else len(s)


def _strip_enumerator(heading):
    m = _ENUMERATOR.match(heading)
    return heading[m.end():] if m else heading
