"""Organisations a point makes responsible: its actors, and the lead among them.

An organisation counts when it is the subject of an instruction (``县交通局要…``,
``县委宣传部牵头``, ``由县应急管理局负责``, ``会同县公安局``, ``在县经信委的统筹下``),
never when it is only mentioned, receives something (``报县禁烧办``) or is
the object of one (``督促各药店``). Persons, groups of people, places and bare
administrative levels are not units. Lists that share a qualifier are split
with the qualifier carried to each member (``各乡镇(街道)和部门`` -> ``各乡镇(街道)``,
``各部门``; ``交通运输、民航等部门`` -> ``交通运输部门``, ``民航部门``).
"""
import re
import unicodedata

_CLAUSE = re.compile(r"[^,。;!?:\n]+")
_LEAD_IN = re.compile(
    r"^(?:\s|同时|特别是|尤其是|此外|另外|其中|并且|并|还要|还|下一步|一方面|另一方面|然后|对此|为此|因此|所以|"
    r"重点是|首先|其次|再次|最后|这就要求|就要求|要求|强调|指出|希望|请|凡是|今后|近期|目前|当前|会后|那么)+"
)
_MODAL = r"(?<![必重主需只想])要(?![求素点件])|须|必须|务必|应(?!急)|应当|需要|需|负总责|负主责|负责(?!人|同志)|牵头(?!部门|单位|的)|牵好头|会同|配合|都要|也要|均要|切不可|不可|不得|不能|决不能|一律|务求|是(?!否)"
_MARKER = re.compile(
    rf"(?:{_MODAL}|对|针对|按照|根据|(?<![现正存所实自内])在|将|于|从|立即|及时|积极|主动|认真|切实|严格|加强|统筹(?!办)|做好|抓好|"
    r"落实|开展|组建|成立|每天|每日|每周|定期|继续|进一步|尽快|迅速|全力|一定|回去|提前|已|了)"
)
_IS_MODAL = re.compile(rf"^(?:{_MODAL})")
_TRAILING_ADVERB = re.compile(r"(?:会后|现在就|现在|马上|立即|今后|近期|也|都|还|就|均|同时|务必|必须)+$")
_PAST = re.compile(r"了|已经|已|曾经|曾")
_CATEGORY = re.compile(r"等(?P<cat>[^、,]{0,10}?(?:部门和单位|部门|单位|机构|企业|组织))$")
# 会同X / 联合X / 协同X: X works with the subject (not 联合会, 联合国).
# (联合 after 组成/成立…, or before 执法/检查…, qualifies a noun: 组成联合执法组.)
_CO = re.compile(r"会同|(?<!组成)(?<!成立)(?<!组建)(?<!建立)(?<!开展)(?<!实行)"
                 r"(?:联合|协同)(?![会国体社]|执法|检查|惩戒|整治|督查|督导|行动|调查|会商|攻关|办公|审批|验收|作战|推进|发力)")
_UNDER = re.compile(r"在(?P<np>[^,。;]{2,30}?)的(?:统筹|协调|指导)下")
_BY = re.compile(r"^由(?P<np>.+?)(?P<lead>负责|牵头(?!部门|单位)|牵好头)?$")

_COLLECTIVE = re.compile(r"^(?:其余各|县直各有关|县直各|市直各|区直各|各级各有关|各级各类|各级各|各有关|各相关|各级|各类|各个|各)")
_ORG_END = re.compile(
    r"(?:委员会|委会|理事会|工会|协会|商会|联合会|学会|红十字会|办公室|指挥部|中心|部门|单位|机构|企业|公司|集团|政府|党委|党组|"
    r"支部|监委|纪委|乡镇|街道|社区|团体|银行|支行|分行|海关|机关|专班|县市区|局|委|办|部|厅|院|站|所|队|组|室|处|"
    r"科|股|联|协|团|校|党组织|团组织|小学|中学|大学|合作社|供销社|报社|旅行社|出版社|杂志社|村|屯|幼儿园|馆)$"
)
_PERSON_END = re.compile(
    r"(?:书记|长|主任|同志|干部|人员|群众|负责人|责任人|领导|专家|医生|护士|师生|学生|教师|老师|农民|村民|市民|网友|用户|读者|"
    r"居民|农户|户|大家|党员|代表|员|者|人|们|手|职工|家属|儿童|老人|妇女|患者|病人|旅客|游客|业主|商户|经营者)$"
)
_PLACE_END = re.compile(
    r"(?:场所|广场|市场|商场|车站|码头|景区|地区|区域|路口|入口|家中|田间|地头|大院|点位|网点|一线|周边|辖区|境内|"
    r"县内|市内|区内|镇内|农村|城区|社会面|行业|领域|场地|场|库|房|家)$"
)
_NOT_ORG_START = re.compile(
    r"^(?:本|咱们|我们|我|该|这|那|其(?!余)|每个|每|逐|个别|有的|有些|一些|部分|所有|全体|带头|讲|做|抓|搞|把|对|向|为|可以|马上|"
    r"让|使|请|要|以|按|将|确保|保障|推动|加强|经|通过|与|和|同|跟|给|从|在|由于|如|若|凡)"
)
_PREPOSITION = re.compile(r"^(?:对|向|把|将|为|给|从|按照|按|根据|经|通过|以|与|同|跟|针对|围绕|关于|至于|除|报(?=[县市区镇乡省])|送(?=[县市区镇乡省])|到|如|若|凡|确保|督促|指导|要求各)")
# Where a complete organisation name ends inside a longer one: 县委|宣传部,
# 市纪委|监委, 县公安局|交警大队.
_INNER_END = re.compile(r"委员会|办公室|中心|公司|集团|政府|党委|纪委|监委|乡镇|街道|部门|单位|机构|银行|支行|分行|大队|支队|局|委|办|厅")
# A name chained onto a complete one is a sub-unit (宣传部, 交警大队): short,
# and not a verb that sets up or works with a body (成立专班, 组成督查组).
_SUB_UNIT_MAX = 5
_WEAK_END = frozenset("组室处科股联协团村屯")
_SETTING_UP = re.compile(r"^(?:成立|组成|组建|建立|设立|抽调|派出|派驻|牵头|负责|开展|召开|会同|联合|配合|协调|指导|督促|对|和|与|及)")
_GENERIC = {"部门", "单位", "机构"}
_CLASSIFIER = re.compile(r"^(?:类|个|种|级)")
# Staffed posts and systems of bodies, as groups (各哨点, 各级应急指挥体系).
_POST_END = re.compile(r"(?:哨点|卡点|检测点|监测点|接种点|采样点|服务点|服务站|指挥体系)$")
_AREA_NOUNS = frozenset({"地", "省", "市", "县", "区", "乡", "镇", "村", "屯", "县市区", "县区", "区县", "市区", "市县", "旗县", "乡镇", "街道",
                         "社区", "园区", "片区", "街镇", "镇街", "开发区", "网格", "行业", "系统", "条线", "战线"})
_PERSON_AFTER = re.compile(
    r"^(?:分管|主管|主要|有关|相关)?(?:领导|负责同志|负责人|同志|书记|主任|干部|副?(?:县|市|区|镇|乡|局|部|处|科|站|所|院|校|厅)?长(?!期|效))")
# 各村发现火点后要…: the subject, then a clause of its own before the modal.
_EVENT_CLAUSE = re.compile(r"^(?:一旦|如|若)?(?:发现|接到|收到|遇到|遇有|出现|发生|得知)[^,。;]{0,20}(?:后|时)$")
# 王副镇长要带领X开展…: X carries out the work.
_LED = re.compile(r"带领")
# 会议强调各相关单位要… / 他要求各村…: who says it, then the actors.
_SPEAKER_SAYS = re.compile(r"\s*(?:会议|会上|他|她|讲话|县长|书记|市长|区长|镇长)[^,。;]{0,6}?(?:强调|指出|要求|希望|提出)(?=各|县|市|区|镇|乡|全)")
# A body setting up or issuing something acts (县局组建工作专班,…).
_SETS_UP = ("组建", "成立")
# 县应急局要发挥牵头作用 / 要牵头抓总: a lead stated as a role.
_LEAD_ROLE = re.compile(r"^(?:要|须|必须|应)?(?:充分|切实|更好)?(?:发挥|履行|担负|承担)(?:好|起)?牵头(?:抓总|协调)?(?:作用|职责|责任)")
# What a higher level said (省委书记…作出指示,要求各地…; 上级文件指出,各级政府…):
# the bodies it names are context, not this speech's actors.
_HIGHER_SAID = re.compile(
    r"(?=[党中国省上总])(?:党中央|中央|国务院|省委|省政府|省里|上级|总书记|省长|副省长|省委书记|(?:国家|省)[^。,;]{0,10}?(?:文件|通知|方案|意见|规定))"
    r"[^。;!?]{0,40}?(?:指示|批示|强调|指出|要求|明确|规定)")
_SENTENCE_MARKS = "。!?;\n"
_SENTENCE_END = re.compile("[" + _SENTENCE_MARKS + "]")
# 各乡镇各部门尤其是各级领导干部要…: the bodies, then the persons singled out among them.
_ESPECIALLY = re.compile(r"(?:尤其是|特别是|包括)")
_LEAD_WORDS = ("牵头", "牵好头", "要牵头", "要牵好头", "负总责", "负主责", "要负总责")
# "X为牵头单位" / "X为成员单位": the role named after the body.
# "X对…负总责": the whole charge of what follows 对.
_OWN_LEAD = re.compile(r"^对[^,。;]{1,30}?负(?:总|主)责")
_ROLE_AS = re.compile(r"^(?P<np>.{2,40}?)(?:作)?为(?P<role>牵头|主责|责任|成员|配合|协办|参与|联系)(?:单位|部门)")
# "牵头单位:X" / "配合单位:X、Y" (task lists and tables): the role before the bodies.
_ROLE_LABEL = re.compile(r"(?P<role>牵头|主责|责任|配合|协办|参与|成员)(?:单位|部门)[::]\s*(?P<np>[^。;;\n]{2,120})")
_LEAD_ROLES = ("牵头", "主责")


_END_PAREN = re.compile(r"\([^()]*\)$")


# A verb after a complete name ends it: 县财政局|制定薄弱村…, 县中医院|作为定点医院.
_VERB_AFTER_NAME = re.compile(
    r"(?:制定|制订|作为|编制|出台|完成|开展|建立|落实|推进|实施|研究|提出|负责(?!人|同志)|牵头(?!单位|部门)|配合(?!单位|部门)|承担|做好|抓好|加快|加强|"
    r"督促|指导|协调|统筹|安排|部署|印发|发布|举办|启动|设置|排查|整治|核查|审核|收集|汇总|上报|报送|提供|确保|"
    r"保障|派出|抽调|成立|组建|组成(?!部门|单位)|会同|联合|要|将|把|对|在|按照|根据|发现|接到|收到|遇到|负(?:总|主)责)")


def _cut_at_verb(name):
    """NAME up to the first complete organisation name that a verb follows.

    Only a NAME that itself reads as one (ending at a later suffix) is cut.
    """
    cuts = [m.start() for m in _VERB_AFTER_NAME.finditer(name, 2) if m.start() < len(name) - 1]
    if not cuts or not is_org(name):
        return name
    for k in cuts:
        if _ORG_END.search(name, 0, k) and is_org(name[:k]):
            return name[:k]
    return name


def _strip_paren(s):
    return _END_PAREN.sub("", s) if s.endswith(")") else s


_QUOTES = dict.fromkeys(map(ord, "“”\"‘’'"), None)


def is_org(name):
    """Does NAME read as an organisation (or a group of them)?

    Quote marks around part of a name (各村“两委”) do not count.
    """
    core = _strip_paren(name.translate(_QUOTES))
    if len(core) < 2 or _NOT_ORG_START.match(core):
        return False
    if _PERSON_END.search(core) or _PLACE_END.search(core):
        return False
    cm = _COLLECTIVE.match(core)
    if cm and 1 <= len(core) - cm.end() <= 6:
        # 各 + a kind of body or an area (各乡镇, 各类企业, 各地), not 各项工作
        noun = _CLASSIFIER.sub("", core[cm.end():])
        if noun in _AREA_NOUNS or _POST_END.search(noun):
            return True
        end = _ORG_END.search(noun)
        return bool(end) and _chain_ok(noun, end.start())
    end = _ORG_END.search(core)
    return bool(end) and _chain_ok(core, end.start())


def _chain_ok(core, final_start):
    """Is what follows the last complete name inside CORE a sub-unit's name?"""
    inner_end = 0
    for m in _INNER_END.finditer(core, 0, final_start):
        inner_end = m.end()
    if not inner_end:
        return True
    segment = core[inner_end:final_start]
    if not segment:
        # right after a complete name: 县委办, 中心校, 县政府办公室, but not a
        # character that mostly starts a verb (县公安局组(成…), 局联(合…))
        return len(core) - final_start > 1 or core[final_start] not in _WEAK_END
    return len(segment) <= _SUB_UNIT_MAX and not _SETTING_UP.match(segment) and "等" not in segment


def _split_members(np):
    """Members of a list of organisations, qualifiers carried.

    ``、`` inside brackets does not split (各县(市、区)). A member that lacks
    a qualifier of its own takes the first member's: the whole of it for a
    bare sector word (各县(市、区)民政、林业部门 -> 各县(市、区)林业部门;
    县人社、医保等部门 -> 县医保部门), the collective 各 for an organisation
    noun (各学校、幼儿园 -> 各幼儿园). Complete names stay as written.
    """
    np = np.strip()
    category = None
    m = _CATEGORY.search(np)
    if m:
        category = m.group("cat")
        np = np[: m.start()]
    qualifier = ""
    if "的" in np:
        cut = np.rfind("的") + 1
        qualifier, np = np[:cut], np[cut:]
        if "、" in qualifier and not np:
            return []
    parts = []
    for piece in _split_outside_brackets(_WHOLE_AREA.sub("", np)):
        for joined in _split_joined(piece):
            parts.extend(_split_conj(joined))
    parts = [p.strip() for p in parts if p.strip()]
    if not parts:
        return []
    # A generic head shared by the list (…民政、林业部门): the last member's.
    head = _category_word(category) if category else None
    if head is None and len(parts) > 1:
        head = next((g for g in _GENERIC if parts[-1].endswith(g) and len(parts[-1]) > len(g)
                     and not is_org(parts[-1][:-len(g)])), None)
    if len(parts) == 1 and head is None:
        return [qualifier + parts[0]]
    first = parts[0]
    first_q = _shared_qualifier(first, head) if len(parts) > 1 else ""
    first_word = _own_qualifier(first)[1]
    if head and first_word.endswith(head):
        first_word = first_word[:-len(head)]
    first_bare = not is_org(first_word)
    collective = _COLLECTIVE.match(first)
    office = _OFFICE_END.search(first) if len(parts) > 1 else None
    area = first[:office.start()] if office and office.start() >= 2 and is_org(first[:office.start()]) else ""
    out = []
    for i, part in enumerate(parts):
        name = part
        if i > 0 and area and _OFFICE_END.fullmatch(part):
            # 各乡镇党委、政府: the office of the same area (各乡镇政府)
            name = area + part
        elif i > 0 and part in _GENERIC:
            if collective:
                name = collective.group(0) + part
        elif i > 0 and not _own_qualifier(part)[0]:
            word = part[:-len(head)] if head and part.endswith(head) and len(part) > len(head) else part
            if head and not is_org(word) and first_q and first_bare:
                name = first_q + part
            elif collective and collective.group(0) == "各" and is_org(part) and not _CATEGORY_END.search(part):
                # 各学校、幼儿园: each of the kind (not 企事业单位, a category of its own)
                name = "各" + part
            elif collective and _CARRIED_KIND.match(part) and is_org("各" + part):
                # 各街道、有关单位及重点企业: each of them (各有关单位, 各重点企业)
                name = "各" + part
            elif collective and part in _MEMBER_AREAS:
                # 各有关部门、园区 / 各成员单位和街镇: each area (各园区, 各街镇)
                name = "各" + part
            elif collective and collective.group(0) == "各级" and _OFFICE_END.fullmatch(part):
                # 各级党委、政府: the office at each level (各级政府)
                name = "各级" + part
        _, word = _own_qualifier(name)
        if head and not is_org(qualifier + name) and 2 <= len(word) <= 6 and not _PERSON_END.search(name):
            name = name + head
        out.append(qualifier + name)
    return out


# The governing offices of an area, which a list may name bare after the first
# (各镇党委、政府; 各街道党工委、办事处).
_OFFICE_END = re.compile(r"(?:党委政府|党工委|党委|政府|人大|政协|纪委|办事处|管委会|村委会|居委会|两委)$")
_LEVEL = re.compile(r"(?:[省市县区乡镇](?!场|容|城|域|村|镇|民)直?(?:\([^()]{1,12}\))?)?")
_CATEGORY_END = re.compile(r"(?:单位|部门|机构|企业|组织|团体)$")
# A kind of body a shared 各 reaches (各街道、有关单位 -> 各有关单位).
_CARRIED_KIND = re.compile(r"(?:有关|相关|重点|成员|责任|职能|主管|行业主管|属地|驻[县市区镇])(?:单位|部门|企业|机构)$")
# Areas a list of bodies names bare after 各… (各有关部门、园区; 各成员单位和街镇).
_MEMBER_AREAS = frozenset({"乡镇", "街道", "街镇", "镇街", "园区", "片区", "开发区", "社区", "村居", "村(社区)", "县市区", "县区"})


def _shared_qualifier(first, head):
    """What the first member of a list shares with bare members after it.

    Its collective and level prefix (各县(市、区)民政 -> 各县(市、区)), and a
    body named after them (各专项小组牵头部门 -> 各专项小组); "" when it has none.
    """
    q, rest = _own_qualifier(first)
    if not q or _PERSON_END.search(first):
        return q
    if head and rest.endswith(head):
        rest = rest[:-len(head)]
    for k in range(len(rest) - 2, 2, -1):
        if is_org(rest[:k]):
            return q + rest[:k]
    return q


def _own_qualifier(member):
    """(qualifier, rest) of MEMBER: its collective and level prefix (各县(市、区), 县), if any."""
    cm = _COLLECTIVE.match(member)
    q_end = cm.end() if cm else 0
    lm = _LEVEL.match(member, q_end)
    if lm and lm.end() > q_end and len(member) - lm.end() >= 2:
        q_end = lm.end()
    return member[:q_end], member[q_end:]


def _split_outside_brackets(np, sep="、"):
    """NP split at SEP, except inside brackets."""
    if "(" not in np:
        return np.split(sep)
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(np):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            pieces.append(np[start:i])
            start = i + 1
    pieces.append(np[start:])
    return pieces


def _category_word(cat):
    return "部门" if "部门" in cat else cat[-2:]


# 全县各级各部门: the whole area qualifies nothing (各级各部门).
_WHOLE_AREA = re.compile(r"^全[县市区镇乡](?=各)")


def _split_joined(piece):
    """Split two groups of bodies written without a separator (各乡镇各有关部门)."""
    k = piece.find("各", 2)
    while k > 0:
        left, right = piece[:k], piece[k:]
        if _COLLECTIVE.match(left) and is_org(left) and is_org(right) and left not in ("各级", "各地"):
            return [left] + _split_joined(right)
        k = piece.find("各", k + 1)
    return [piece]


def _split_conj(piece):
    """Split ``A和B`` / ``A及B`` when both sides are organisations."""
    for conj in ("以及", "和", "及", "与"):
        idx = piece.find(conj)
        while idx > 0:
            left, right = piece[:idx], piece[idx + len(conj):]
            if (is_org(left) or _PERSON_END.search(left)) and (is_org(right) or right in _GENERIC
                                                               or right in _MEMBER_AREAS and _COLLECTIVE.match(left)):
                # persons joined to bodies (各分管领导和责任单位) are split off too
                return [left] + _split_conj(right)
            idx = piece.find(conj, idx + 1)
    return [piece]


def _longest_org_prefix(s, limit=40):
    """The longest start of S that is a list of organisations ("" if none)."""
    best = ""
    for n in range(2, min(len(s), limit) + 1):
        prefix = s[:n]
        if _ORG_END.search(_strip_paren(prefix)) or prefix.endswith(")"):
            members = _split_members(prefix)
            if members and all(is_org(m) for m in members):
                best = prefix
    return best


def _orgs(np):
    """Organisation members of NP, or [] when NP is not a list of them."""
    members = [_cut_at_verb(m) for m in _split_members(np)]
    orgs = [m for m in members if is_org(m)]
    return orgs


class UnitFinder:
    """Units and lead units of one point's own text."""

    def __init__(self, a, source):
        self.a = a          # width-folded analysis text
        self.source = source  # the same text as written

    def find(self, start, end):
        units, leads = [], []
        pending = []
        said_from = self._higher_said_from(start, end)
        for m in _CLAUSE.finditer(self.a, start, end):
            cs, ce = m.start(), m.end()
            clause = self.a[cs:ce]
            if cs > 0 and self.a[cs - 1] in _SENTENCE_MARKS:
                said_from = self._higher_said_from(cs, end)
            if cs >= said_from:
                pending = []
                continue
            lead_in = _LEAD_IN.match(clause)
            off = lead_in.end() if lead_in else 0
            says = _SPEAKER_SAYS.match(clause, off)
            if says:
                off = says.end()
            body = clause[off:]
            found, found_leads = self._clause_actors(body, cs + off)
            if pending and (_IS_MODAL.match(body) or clause.lstrip().startswith(("特别是", "尤其是"))):
                units.extend(pending)
            pending = []
            if not found and body and _MARKER.search(body) is None and not _PAST.search(body) \
                    and not _PREPOSITION.match(body):
                whole = _orgs(body)
                if whole and len(whole) == len(_split_members(body)):
                    pending = [self._as_written(cs + off, body, n) for n in whole]
            units.extend(found)
            leads.extend(found_leads)
            if "同" in clause or "联合" in clause:
                # 会同X…: X is the longest list of organisations after it,
                # whatever verb follows (会同X组成/建立/开展…).
                for cm in _CO.finditer(clause):
                    for n in _orgs(_longest_org_prefix(clause[cm.end():])):
                        units.append(self._as_written(cs, clause, n))
            if "带领" in clause:
                for lm in _LED.finditer(clause):
                    for n in _orgs(_longest_org_prefix(clause[lm.end():])):
                        units.append(self._as_written(cs, clause, n))
            if "下" in clause:
                for cm in _UNDER.finditer(clause):
                    for n in _orgs(cm.group("np")):
                        units.append(self._as_written(cs, clause, n))
        for m in _ROLE_LABEL.finditer(self.a, start, end):
            np = m.group("np")
            for piece in re.split(r"[,,]", np):
                piece = _TRAILING_ADVERB.sub("", piece.strip())
                names = [self._as_written(m.start("np"), np, n) for n in _orgs(piece)]
                units.extend(names)
                if m.group("role") in _LEAD_ROLES:
                    leads.extend(names)
        return _dedupe(leads), _dedupe(units + leads)

    def _higher_said_from(self, start, end):
        """Where, in the sentence from START, what a higher level said begins to be reported (or END)."""
        stop = _SENTENCE_END.search(self.a, start, end)
        hit = _HIGHER_SAID.search(self.a, start, stop.start() if stop else end)
        return hit.end() if hit else end

    def _as_written(self, offset, folded, name):
        """NAME as spelled in the source (widths), where it can be found."""
        i = folded.find(name)
        if i >= 0:
            return self.source[offset + i: offset + i + len(name)]
        return name

    def _clause_actors(self, body, offset):
        if not body or _PAST.search(body[:12]) and "要" not in body:
            return [], []
        k = body.find("由")
        while k >= 0 and body[k + 1: k + 2] in ("于", "此", "衷", "头"):
            k = body.find("由", k + 1)
        by = _BY.match(body[k:]) if k >= 0 else None
        if by:
            rest = by.group("np")
            np = _longest_org_prefix(rest)
            tail = rest[len(np):]
            if _PERSON_AFTER.match(tail):
                # 由市政府分管领导约谈…: a person acts, not the body
                return [], []
            names = _orgs(np)
            is_lead = bool(by.group("lead")) or tail.startswith(("负责", "牵头")) and not tail.startswith(("牵头部门", "牵头单位"))
            written = [self._as_written(offset, body, n) for n in names]
            return written, (written if is_lead else [])
        if _PREPOSITION.match(body):
            return [], []
        role = _ROLE_AS.match(body)
        if role:
            names = [self._as_written(offset, body, n) for n in _orgs(role.group("np"))]
            return names, (names if role.group("role") in _LEAD_ROLES else [])
        m = _MARKER.search(body, 2)
        esp = _ESPECIALLY.search(body, 2) if m else None
        if esp and esp.start() <= m.start() < esp.end():
            m = _MARKER.search(body, esp.end())  # the 是 of 尤其是 is no verb
        if not m:
            return [], []
        np = _TRAILING_ADVERB.sub("", body[: m.start()])
        np = _ESPECIALLY.split(np, 1)[0]
        rest = body[m.start():]
        if rest.startswith(("已", "了")) or _PAST.search(body[: m.start() + 2]):
            return [], []
        modal = bool(_IS_MODAL.match(rest)) and not rest.startswith("是")
        if rest.startswith("是"):
            modal = "责任" in body or "主体" in body
        if not modal and _OWN_LEAD.match(rest):
            modal = True
        if not modal:
            # "其余各部门、单位在…下按照…要做好": a modal later in the clause,
            # or a group of bodies (各…) as the subject.
            later = re.search(r"(?<![必重主需只想])要(?![求素点件])|必须|务必", rest)
            if not (later or _COLLECTIVE.match(np) or rest.startswith(_SETS_UP)):
                return [], []
        if _PERSON_END.search(np) and "、" in np and not re.search("和|及|与", np):
            return [], []  # 区委、区政府两位主要负责同志: persons of the bodies
        names = _orgs(np)
        if not names:
            head = _longest_org_prefix(np)
            if head and _EVENT_CLAUSE.match(np[len(head):]):
                names = _orgs(head)
        written = [self._as_written(offset, body, n) for n in names]
        is_lead = (rest.startswith(_LEAD_WORDS) and not rest.startswith(("牵头部门", "牵头单位"))
                   or _LEAD_ROLE.match(rest) is not None
                   or _OWN_LEAD.match(rest) is not None
                   or rest.rstrip() in ("负责", "具体负责", "要负责"))
        return written, (written if is_lead else [])


def _dedupe(items):
    seen, out = set(), []
    for x in items:
        key = unicodedata.normalize("NFKC", x)
        if key not in seen:
            seen.add(key)
            out.append(x)
    return out

