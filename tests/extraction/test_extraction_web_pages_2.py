"""More shapes of speeches pasted from web pages (issue 17, second pass), in sentences of our own.

Units a shared 各 reaches across a list, kind of situation and benefit runs,
headings that end at a space or keep their colon, and limits that are not deadlines.
"""
from directives.extraction import extract_text


def points(text):
    return [d for s in extract_text(text).speeches for d in s.directives]


def units_of(sentence):
    text = f"在全区工作会议上的讲话\n同志们:\n一、压实责任。{sentence}\n二、抓好落实。各部门要抓好落实。\n"
    return points(text)[0].units


# -- units ---------------------------------------------------------------------

def test_a_shared_ge_reaches_qualified_kinds_of_body_in_a_list():
    assert units_of("各社区、相关单位及重点企业要开展消防排查。") == ("各社区", "各相关单位", "各重点企业")


def test_a_shared_ge_ji_reaches_the_governing_offices_and_ge_the_kinds_of_body():
    assert units_of("各级党委、政府及有关部门要扛起防汛责任。") == ("各级党委", "各级政府", "各有关部门")


def test_an_area_named_bare_after_a_group_of_bodies_takes_its_ge():
    assert units_of("各成员单位和镇街要做好禁毒宣传。") == ("各成员单位", "各镇街")
    assert units_of("各相关部门、园区一定要守牢安全底线。") == ("各相关部门", "各园区")


def test_a_bare_complete_name_after_ge_keeps_its_own_name():
    assert units_of("各乡镇、县应急局要加强值守。") == ("各乡镇", "县应急局")


# -- kind ----------------------------------------------------------------------

def kinds(text):
    return [(d.number, d.kind) for d in points(text)]


def test_a_list_of_risks_announced_by_a_colon_is_context():
    text = ("县长在全县防汛工作会议上的讲话\n同志们:今年我们面临三个方面的风险:一是降雨偏多,河道水位偏高。"
            "二是水库病险较多。三是山洪点多面广。")
    assert kinds(text) == [("一是", "context"), ("二是", "context"), ("三是", "context")]


def test_what_the_meeting_pointed_out_is_context_and_what_it_asked_is_directive():
    text = ("县政府召开财政收支分析会\n会议指出,一是税收增长乏力,土地收入下降。二是民生支出刚性增长。"
            "会议要求,一是加强税源监控。二是从严控制一般性支出。")
    assert kinds(text) == [("一是", "context"), ("二是", "context"), ("一是", "directive"), ("二是", "directive")]


def test_benefits_and_reasons_are_context():
    text = ("在全县工作会议上的讲话\n同志们:\n第一,推进厕所革命,有利于改善村容村貌,有利于提升群众健康水平。\n"
            "第二,推进这项工作,是建设美丽乡村的内在要求。\n第三,抓好落实。各乡镇要明确专人负责。")
    assert kinds(text) == [("第一", "context"), ("第二", "context"), ("第三", "directive")]


# -- headings ------------------------------------------------------------------

def test_a_heading_whose_body_opens_with_a_span_of_months_ends_before_it():
    text = ("在全区工作会议上的讲话\n一、强化监管,守牢底线 1-10月,全区安全形势总体可控。各部门要落实责任。\n"
            "二、抓好落实,务求实效 各街道要加强排查。")
    assert points(text)[0].heading == "强化监管,守牢底线"
