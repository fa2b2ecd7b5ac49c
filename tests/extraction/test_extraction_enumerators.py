"""Enumerated points: every style, nesting, inline runs, and look-alikes."""
import pytest

from directives.extraction import extract_text


def points(text):
    return [(d.number, d.level, d.heading) for s in extract_text(text).speeches for d in s.directives]


@pytest.mark.parametrize("text, expected", [
    ("一、加强组织领导\n各单位要明确专人。\n二、强化督促检查\n县督查室要跟踪问效。",
     [("一", 1, "加强组织领导"), ("二", 1, "强化督促检查")]),
    ("(一)加强组织领导\n各单位要明确专人。\n(二)强化督促检查\n县督查室要跟踪问效。",
     [("(一)", 1, "加强组织领导"), ("(二)", 1, "强化督促检查")]),
    ("第一,加强组织领导。各单位要明确专人。第二,强化督促检查。县督查室要跟踪问效。",
     [("第一", 1, "加强组织领导"), ("第二", 1, "强化督促检查")]),
    ("今年要抓好两件事。一是加强组织领导。各单位要明确专人。二是强化督促检查。县督查室要跟踪问效。",
     [("一是", 1, "加强组织领导"), ("二是", 1, "强化督促检查")]),
    ("今年要抓好两件事。一要加强组织领导。各单位要明确专人。二要强化督促检查。县督查室要跟踪问效。",
     [("一要", 1, "加强组织领导"), ("二要", 1, "强化督促检查")]),
    ("1.加强组织领导。各单位要明确专人。\n2.强化督促检查。县督查室要跟踪问效。",
     [("1", 1, "加强组织领导"), ("2", 1, "强化督促检查")]),
    ("1、加强组织领导。各单位要明确专人。\n2、强化督促检查。县督查室要跟踪问效。",
     [("1", 1, "加强组织领导"), ("2", 1, "强化督促检查")]),
    ("(1)加强组织领导。各单位要明确专人。\n(2)强化督促检查。县督查室要跟踪问效。",
     [("(1)", 1, "加强组织领导"), ("(2)", 1, "强化督促检查")]),
    ("重点抓好:①加强组织领导;②强化督促检查。",
     [("①", 1, "加强组织领导"), ("②", 1, "强化督促检查")]),
    ("首先,加强组织领导。各单位要明确专人。其次,强化督促检查。最后,严肃追责问责。",
     [("首先", 1, "加强组织领导"), ("其次", 1, "强化督促检查"), ("最后", 1, "严肃追责问责")]),
])
def test_enumerator_style_is_found(text, expected):
    assert points(text) == expected


def test_enumerators_nest_by_order_of_appearance():
    text = ("一、突出重点\n(一)抓好森林防火\n一是落实巡山责任。各乡镇要划片包干。二是管住野外火源。\n"
            "(二)抓好道路安全\n1.整治隐患路段。县交通运输局要10月底前完成整治。\n2.严查酒驾醉驾。\n"
            "二、压实责任\n第一,压实属地责任。第二,压实部门责任。")
    got = points(text)
    assert [(n, lvl) for n, lvl, _ in got] == [
        ("一", 1), ("(一)", 2), ("一是", 3), ("二是", 3), ("(二)", 2), ("1", 3), ("2", 3),
        ("二", 1), ("第一", 2), ("第二", 2)]
    directives = extract_text(text).speeches[0].directives
    by_number = {d.number: d for d in directives}
    assert by_number["(一)"].parent == by_number["一"].id
    assert by_number["一是"].parent == by_number["(一)"].id
    # a parent's text holds its sub-points; its own fields do not repeat theirs
    assert "严查酒驾醉驾" in by_number["(二)"].text
    assert by_number["(二)"].deadlines == ()
    assert by_number["1"].deadlines[0].text == "10月底前"


def test_inline_run_of_points_in_one_paragraph():
    text = "要制定两个方案,一要认真制定巡查方案,明确巡查路线;二要认真制定值守方案,落实值班人员。"
    assert points(text) == [("一要", 1, "认真制定巡查方案"), ("二要", 1, "认真制定值守方案")]


def test_title_that_lost_its_line_break_keeps_its_sub_points():
    text = "一、强化源头管控,守住安全底线一是排查风险隐患。各乡镇要全面排查。二是落实整改责任。\n二、加强宣传引导。"
    got = points(text)
    assert got[0] == ("一", 1, "强化源头管控,守住安全底线")
    assert got[1] == ("一是", 2, "排查风险隐患")


def test_heading_that_runs_into_the_body_is_cut_at_the_time_word():
    text = "一、扛责任今年以来,全县安全形势总体平稳。各乡镇要压实责任。二、抓整改目前仍有隐患未整改。各单位要限期整改。"
    assert [h for _, _, h in points(text)] == ["扛责任", "抓整改"]


@pytest.mark.parametrize("text", [
    "全县每周一、周四开展集中巡查,确保不留死角。",
    "按照县政办发(2024)3号文件要求,统一要求各单位落实。",
    "要在第一时间报告,坚持第一责任人制度,引入第三方评估。",
    "确保十四五规划目标完成,落实五包一责任制,抓好一季度工作。",
    "体温超过37.3度的要立即报告,损失率控制在2.5%以内。",
    "发扬一不怕苦、二不怕死的精神,做到“五要五不要”。",
    "截至3月5日,全县已完成12.6万亩。",
])
def test_look_alikes_are_not_enumerators(text):
    assert points(text) == []


def test_di_tiao_enumerator_numbers_points_like_di():
    # given points numbered 第一条, / 第二条, under a 一、 title, and a law article cited inline
    text = ("一、抓好秋季开学工作\n"
            "第一条,校舍安全要排查到位。县教育局要在8月25日前完成校舍排查。"
            "第二条,食堂管理要规范。依照《食品安全法》第三十三条,县市场监管局要开展检查。\n"
            "二、抓好招生工作\n县教育局要公开招生计划。")
    # when
    got = points(text)
    # then 第一条/第二条 are points under 一, the cited article is not
    assert got == [("一", 1, "抓好秋季开学工作"), ("第一条", 2, "校舍安全要排查到位"),
                   ("第二条", 2, "食堂管理要规范"), ("二", 1, "抓好招生工作")]


def test_di_tiao_citation_with_its_verb_is_no_point():
    text = "一、依法办事。按照条例第一条规定,各乡镇要严格执行。第二条、第三条的要求也要落实。\n二、强化监督。"
    assert [n for n, _, _ in points(text)] == ["一", "二"]
