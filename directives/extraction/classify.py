"""Directive or context: does a point instruct, or only describe?

A point is context when it lists problems, facts or achievements: it sits in
a run introduced as problems (``还存在一些不容忽视的问题:``) and its title has
no imperative, or its title itself describes a shortfall
(``思想认识还不到位``) without one.
"""
import re

_IMPERATIVE = re.compile(r"要|必须|务必|须|应当|确保|坚持|坚决|切实|抓好|做好|抓实|加强|强化|落实|推进|健全|完善|严格|加快|提高|提升|狠抓|突出|压实|筑牢|守住|绷紧|聚焦|全力|扎实|持续|深入|着力|认清|统筹|不放松")
_PROBLEM_INTRO = re.compile(
    r"存在[^。!?]{0,20}(?:问题|不足|短板|差距|薄弱环节)|(?:问题|不足|短板)[^。!?]{0,6}(?:仍然|依然|还)?(?:存在|突出|较多)"
    r"|主要(?:表现|体现)(?:在|为)|不足之处|原因(?:主要)?(?:有|是)|取得了?[^。!?]{0,10}(?:成效|成绩|进展)"
)
_SOLUTION = re.compile(r"针对|解决|整改|措施|做好|抓好|意见")
_SHORTFALL = re.compile(r"不到位|不够|不足|不高|不强|不严|不实|不细|不力|不及时|不均衡|不平衡|不完善|不健全|漏洞|薄弱|滞后|欠缺|缺乏|没有|尚未|问题|麻痹|松懈|由于|我行我素|不戴|取得|实现了|明显")


def classify(heading, intro):
    """Return "context" or "directive" for a point with HEADING whose run is introduced by INTRO."""
    imperative = _IMPERATIVE.search(heading) is not None
    if _PROBLEM_INTRO.search(intro) and not _SOLUTION.search(intro[-30:]):
        return "directive" if re.search(r"要|必须|务必|须|应当", heading) else "context"
    if not imperative and _SHORTFALL.search(heading):
        return "context"
    return "directive"
