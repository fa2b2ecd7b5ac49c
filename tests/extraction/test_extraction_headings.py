"""Headings: a title standing as its own sentence is whole; a run-on title is cut where the body starts."""
import pytest

from directives.extraction import extract_text


def headings(text):
    return [d.heading for s in extract_text(text).speeches for d in s.directives]


def test_title_sentence_on_the_body_line_is_kept_whole_even_with_frequent_topic_words():
    # given "(一)标题。正文" on one line, in a speech where the title's words recur
    text = ("一、抓好校园安全\n"
            "(一)抓好学校食堂食品安全管理工作。校园食堂要每周自查,校园食堂从业人员要持证上岗,校园食堂台账要规范,校园食堂留样要齐全。\n"
            "(二)抓好校车安全管理。校车要逐车检测,校车驾驶人要严格审查,校车线路要报备。\n"
            "(三)抓好校园周边整治。县城管局要加强巡查。\n")
    # when / then
    assert headings(text) == ["抓好校园安全", "抓好学校食堂食品安全管理工作", "抓好校车安全管理", "抓好校园周边整治"]


@pytest.mark.parametrize("runon, heading", [
    ("守好粮食安全防线入夏以来,全县降雨偏少,旱情露头。", "守好粮食安全防线"),
    ("稳住工业基本盘从前三季度情况看,全县工业增速回落。", "稳住工业基本盘"),
    ("织密防护网近段时间,电信诈骗案件有所上升。", "织密防护网"),
    ("扛起主体责任进入汛期以来,各地险情多发。", "扛起主体责任"),
    ("管住风险点据统计,全县共有隐患点120处。", "管住风险点"),
])
def test_title_that_runs_into_a_body_opener_is_cut_there(runon, heading):
    text = f"一、{runon}各乡镇要抓好落实。\n二、强化督查\n县督查室要跟踪问效。"
    assert headings(text)[0] == heading


def test_time_word_used_attributively_in_a_title_does_not_cut_it():
    text = "一、巩固今年以来的整治成果。各乡镇要防止反弹。\n二、强化督查\n县督查室要跟踪问效。"
    assert headings(text)[0] == "巩固今年以来的整治成果"


def test_sibling_titles_that_are_whole_sentences_are_not_cut_to_a_run_on_siblings_length():
    text = ("一、压实责任今年以来,全县火灾起数同比上升。各乡镇要落实属地责任。\n"
            "二、抓好火灾隐患排查整治工作。消防部门要抓好排查,排查要全覆盖,排查台账要动态更新。\n"
            "三、抓好宣传教育。宣传部门要开展宣传。\n")
    assert headings(text) == ["压实责任", "抓好火灾隐患排查整治工作", "抓好宣传教育"]


@pytest.mark.parametrize("title", ["解决当前突出问题", "完成今年各项目标任务", "抓住目前有利时机"])
def test_time_word_modifying_a_noun_in_a_title_sentence_does_not_cut_it(title):
    text = f"一、{title}。各乡镇要抓好落实。\n二、强化督查\n县督查室要跟踪问效。"
    assert headings(text)[0] == title


def test_title_whose_siblings_stand_on_their_own_lines_is_cut_when_its_body_runs_on():
    # given siblings laid out "title line / body", and one whose body follows on its title's line
    text = ("一、提高站位,增强做好安全生产工作的责任感\n安全生产是底线。全县安全形势总体平稳。\n"
            "二、压实责任安全生产责任重于泰山,一刻也不能放松。各乡镇要落实安全监管责任。\n"
            "三、强化保障\n县财政局要保障经费。\n")
    # then its title is cut before the body, at the speech's topic word
    assert headings(text) == ["提高站位,增强做好安全生产工作的责任感", "压实责任", "强化保障"]
