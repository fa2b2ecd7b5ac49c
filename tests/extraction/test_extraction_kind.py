"""Kind: a point that instructs is a directive; one that only describes is context.

The point's own body counts, not only its heading and the lead-in of its run.
"""
import pytest

from directives.extraction import extract_text


def by_number(text):
    return {d.number: d for s in extract_text(text, meeting_date="2024-03-04").speeches for d in s.directives}


def test_items_that_instruct_after_an_achievements_lead_in_are_directives():
    # given a lead-in that reports results and a gap, then items giving orders
    text = ("一、改善农村人居环境\n"
            "农村人居环境关系群众切身利益。去年以来,全镇整治工作取得了明显成效,但与先进乡镇相比还有不小差距。\n"
            "1.补齐污水处理设施。镇村建办要在6月底前完成管网铺设。\n"
            "2.推进厕所革命。由镇农业服务中心负责,各村配合。\n")
    # when
    got = by_number(text)
    # then
    assert got["1"].kind == "directive"
    assert [x.text for x in got["1"].deadlines] == ["6月底前"]
    assert got["1"].units == ("镇村建办",)
    assert got["2"].kind == "directive"
    assert got["2"].lead_units == ("镇农业服务中心",)


def test_items_that_report_achievements_stay_context():
    text = ("二、巩固医保成果\n"
            "过去一年,全县医保工作取得了显著成效:\n"
            "一是参保覆盖面持续扩大。全县参保率达到97%。\n"
            "二是基金运行平稳。全年基金结余1.2亿元。\n")
    got = by_number(text)
    assert got["一是"].kind == "context"
    assert got["二是"].kind == "context"


def test_topic_heading_with_problem_word_is_a_directive_when_its_body_instructs():
    text = ("一、整治市容秩序\n"
            "(一)占道经营问题。县城管局要牵头开展集中整治,9月底前完成。\n"
            "(二)渣土抛洒问题。由县住建局负责,会同县交警大队开展夜查。\n")
    got = by_number(text)
    assert got["(一)"].kind == "directive"
    assert got["(一)"].lead_units == ("县城管局",)
    assert [x.text for x in got["(一)"].deadlines] == ["9月底前"]
    assert got["(二)"].kind == "directive"
    assert got["(二)"].lead_units == ("县住建局",)


def test_problem_list_after_a_problems_lead_in_stays_context_even_with_a_modal_word():
    text = ("一、正视安全生产短板\n"
            "目前,全县安全生产还存在一些突出问题:\n"
            "一是企业主体责任悬空。有的企业老板认为安全投入要花钱,能省则省。\n"
            "二是监管力量不足。基层监管人员少、专业弱。\n")
    got = by_number(text)
    assert got["一是"].kind == "context"
    assert got["二是"].kind == "context"


def test_shortfall_heading_with_a_descriptive_body_stays_context():
    text = "一是隐患排查不彻底。部分乡镇排查流于形式,台账不全。二是整改进度滞后。多数问题没有销号。"
    got = by_number(text)
    assert got["一是"].kind == "context"
    assert got["二是"].kind == "context"


@pytest.mark.parametrize("heading", [
    "正视问题,深刻认识当前工作的紧迫性",
    "充分认识做好秋季征兵工作的重要意义",
    "直面问题,增强抓好整改的责任感",
])
def test_attitude_heading_is_a_directive(heading):
    text = f"一、{heading}\n全县经济增速在全市排名靠后,形势不容乐观。\n二、强化措施\n各部门要抓好落实。"
    assert by_number(text)["一"].kind == "directive"


@pytest.mark.parametrize("lead_in", ["但是毛病还不少:", "对照上级要求,我们的短板依然明显:", "客观地讲,工作中的差距主要有:"])
def test_problem_run_after_any_colon_lead_in_naming_shortcomings_is_context(lead_in):
    # given a colon-ended lead-in naming shortcomings in an unlisted phrasing, then problem items
    text = ("一、正视存在的问题\n" + lead_in.replace("毛病", "问题") +
            "一是部分小区物业收费不透明;二是个别企业拖欠工程款;三是少数商户占道经营。\n"
            "二、抓好整改落实\n县住建局要在5月底前完成物业专项检查。")
    # when
    d = by_number(text)
    # then every item of the problem run is context, the task is a directive
    assert [d[n].kind for n in ("一是", "二是", "三是")] == ["context"] * 3
    assert d["二"].kind == "directive"


def test_colon_lead_in_that_gives_an_order_is_not_a_problem_list():
    text = ("一、补齐短板\n针对这些问题,要重点抓好以下工作:"
            "一是县市场监管局要开展物业收费检查;二是县人社局要督促清偿欠款。\n")
    d = by_number(text)
    assert [d[n].kind for n in ("一是", "二是")] == ["directive", "directive"]


def test_siblings_of_a_problem_run_share_its_kind_unless_they_instruct():
    # given a run whose lead-in is not recognised, two items plainly describing shortfalls
    # and one describing misconduct without a shortfall word
    text = ("一、当前形势\n从检查情况看,一是安全培训不到位;二是个别企业违规动火作业;三是应急物资储备不足。\n"
            "二、下步工作\n一是县应急管理局要开展执法检查;二是个别企业违规的,要依法处罚。\n")
    d = extract_text(text, meeting_date="2024-03-04").speeches[0].directives
    kinds = [(x.number, x.kind) for x in d]
    # then the misconduct item is context like its siblings, and a run of orders stays directive
    assert kinds == [("一", "directive"), ("一是", "context"), ("二是", "context"), ("三是", "context"),
                     ("二", "directive"), ("一是", "directive"), ("二是", "directive")]


def test_announcing_sentence_overrides_an_earlier_problem_phrase():
    # given an opening naming a problem, then a sentence announcing the points
    text = ("同志们:\n"
            "半年来水利建设总体平稳,但工程进度偏慢的问题依然比较突出。下面,我讲两个方面。\n"
            "第一,加快工程建设。县水利局要在10日内制定倒排工期表。\n"
            "第二,强化资金保障。县审计局负责跟踪审计。\n")
    # when
    got = by_number(text)
    # then
    assert got["第一"].kind == "directive"
    assert got["第一"].units == ("县水利局",)
    assert [x.text for x in got["第一"].deadlines] == ["10日内"]
    assert got["第二"].kind == "directive"


def test_problem_phrase_after_the_announcing_sentence_does_not_make_a_problem_list():
    text = ("同志们:\n"
            "这次检查总体情况较好。下面,我强调三点。同时也要看到,个别单位台账不全的问题依然存在。\n"
            "一、压实责任\n"
            "各街道要在本月底前完成自查。\n"
            "二、强化督导\n"
            "区督查室要每周通报一次。\n")
    got = by_number(text)
    assert got["一"].kind == "directive"
    assert got["二"].kind == "directive"


def test_item_with_a_dated_order_is_a_directive_even_after_an_earlier_problem_sentence():
    text = ("二、关于安全生产\n"
            "一些企业主体责任不落实的问题还比较突出。\n"
            "1.开展隐患排查。县应急局要在5月20日前完成全覆盖检查。\n"
            "2.严格执法检查。对拒不整改的企业,依法从严处罚。\n")
    got = by_number(text)
    assert got["1"].kind == "directive"
    assert got["1"].units == ("县应急局",)


def test_children_of_an_achievements_section_that_give_no_order_are_context():
    # given a section titled as achievements, with points reporting figures
    text = ("同志们:\n"
            "一、过去一年医疗卫生工作取得的成效\n"
            "(一)服务网络更加完善。全县新建村卫生室21个。\n"
            "(二)人才结构持续优化。全县引进医学本科生35名。\n"
            "二、当前存在的主要问题\n"
            "也要清醒看到,基层医疗服务能力还比较薄弱。\n"
            "三、下一步工作安排\n"
            "县卫健局要在8月底前完成乡镇卫生院提标改造。\n")
    got = by_number(text)
    assert got["(一)"].kind == "context"
    assert got["(二)"].kind == "context"
    assert got["二"].kind == "context"
    assert got["三"].kind == "directive"


def test_children_of_a_problems_section_that_give_orders_are_directives():
    text = ("同志们:\n"
            "一、当前存在的不足\n"
            "(一)监管力量不够。执法人员平均年龄偏大。\n"
            "(二)补齐监管短板。县市场监管局要在9月底前充实一线执法力量。\n")
    got = by_number(text)
    assert got["(一)"].kind == "context"
    assert got["(二)"].kind == "directive"


@pytest.mark.parametrize("word", ["主要", "重要", "纲要", "要点"])
def test_yao_inside_a_word_is_not_a_modal_verb_in_a_title(word):
    text = ("同志们:\n"
            "一、今年取得的成绩\n"
            "全年完成投资12亿元。\n"
            f"二、存在的{word}短板\n"
            "部分乡镇招商力量薄弱。\n")
    got = by_number(text)
    assert got["二"].kind == "context"


def test_short_connector_lead_in_takes_the_sentence_before_it():
    # given a problem sentence, then a bare connector before the run
    text = ("二、关于农房安全\n"
            "当前农房安全管理还存在不少问题。具体来说:\n"
            "一是底数掌握不清。有的乡镇台账和实际对不上,建设单位要价偏高。\n"
            "二是审批把关不严。部分农房未批先建。\n")
    got = by_number(text)
    assert got["一是"].kind == "context"
    assert got["二是"].kind == "context"
