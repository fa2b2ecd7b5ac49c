"""Shapes of speeches pasted from web pages (issue 17), in sentences of our own.

Lone enumerators decided by the text around them, forms of enumerators the
genre uses, runs whose start a site hid, page markers, tables of contents,
and headings that lost their line break.
"""
import pytest

from directives.extraction import extract_text


def points(text, meeting_date=None):
    return [d for s in extract_text(text, meeting_date=meeting_date).speeches for d in s.directives]


def numbers(text):
    return [(d.number, d.level) for d in points(text)]


# -- lone enumerators ---------------------------------------------------------

@pytest.mark.parametrize("lead_in", [
    "下面,我讲三点意见:", "下面,我再强调几点意见。", "最后,我讲四点。", "结合实际,我提几点要求:",
])
def test_a_lone_first_item_after_a_sentence_announcing_the_points_is_a_point(lead_in):
    text = f"同志们:今天开会部署春季植树工作。{lead_in}一、抓紧落实造林任务,各乡镇要在4月10日前完成整地。"
    assert numbers(text) == [("一", 1)]


def test_a_lone_first_item_mid_line_without_announcement_stays_text():
    text = "今年的任务很重,要抓住三个重点。一、二级水源地周边的垃圾要全部清运。"
    assert numbers(text) == []


def test_a_first_item_glued_to_the_speech_title_is_a_point():
    text = "县长在全县植树造林动员会上的讲话一、提高认识,扎实推进国土绿化各乡镇要明确专人负责。"
    assert numbers(text) == [("一", 1)]


def test_the_first_sub_point_right_after_its_section_title_is_a_point():
    text = ("下面,我讲两点意见。一、压实责任,确保植树任务按期完成。"
            "(一)细化分解任务。县林业局要把任务分解到村。")
    assert numbers(text) == [("一", 1), ("(一)", 2)]


def test_a_text_cut_off_after_its_first_item_keeps_that_item():
    text = ("一、提高认识\n今年全县造林任务比去年多了一倍,时间紧。一要尽早落实苗木。"
            "县林业局要摸清苗圃存苗情况。\n(未完,全文共3000字)")
    assert numbers(text) == [("一", 1), ("一要", 2)]


def test_a_lone_first_item_followed_by_a_full_run_is_not_a_cut_off_text():
    text = "一要尽早落实苗木,县林业局负责。" + "县里已经安排了资金。" * 60
    assert numbers(text) == []


def test_a_run_missing_its_second_item_keeps_the_first():
    text = ("今年的植树工作呈现三个新的特点。第一,是任务重。面积翻番。"
            "第三,是要求高。成活率要达到九成。第四,是时间紧。只有一个月。")
    assert [n for n, _ in numbers(text)] == ["第一", "第三", "第四"]


# -- runs a site hid the start of ---------------------------------------------

@pytest.mark.parametrize("marker", ["……(某网省略420字,正式会员可完整阅读)……", "……此处隐藏800个字……"])
def test_a_run_starting_at_its_second_item_after_hidden_text_is_kept(marker):
    text = f"同志们:{marker} 是加强苗木管护。二是强化技术指导,县林业局要派员到村。"
    assert numbers(text) == [("二是", 1)]


def test_a_lone_second_item_without_hidden_text_stays_text():
    text = "同志们:今年任务重。二是强化技术指导,县林业局要派员到村。"
    assert numbers(text) == []


def test_a_run_continued_in_another_style_is_one_list():
    text = ("三、目标任务要明确。各乡镇要在5月底前完成栽植。\n"
            "四是质量要保证。要严把苗木质量关。五是建成后要抓好管护。各村要明确管护员。")
    assert numbers(text) == [("三", 1), ("四是", 1), ("五是", 1)]


def test_a_hidden_first_part_then_a_heading_in_another_style_are_siblings():
    text = ("……(省略300字,正式会员可完整阅读)…… 第二,目标再明确。要对照标准逐项整改。"
            "三、责任再压实。各专项办要统筹推进。")
    assert numbers(text) == [("第二", 1), ("三", 1)]


def test_a_heading_list_after_an_inline_preview_run_is_not_nested_in_it():
    text = ("今天重点讲两个问题:一是对上半年工作的评价;二是下半年的工作安排。\n"
            "一、关于上半年工作的评价\n上半年完成了全年任务的六成。\n二、关于下半年的工作安排\n各乡镇要加快进度。")
    assert numbers(text) == [("一是", 1), ("二是", 1), ("一", 1), ("二", 1)]


# -- forms of enumerators ---------------------------------------------------------

def test_di_ju_hua_enumerates_points():
    text = "我讲三句话。第一句话:认清形势。任务很重。第二句话:压实责任。各乡镇要落实。第三句话:严格考核。"
    assert [d.number for d in points(text)] == ["第一句话", "第二句话", "第三句话"]
    assert [d.heading for d in points(text)] == ["认清形势", "压实责任", "严格考核"]


def test_arabic_digit_shi_enumerates_points():
    text = "下一步重点抓好两项工作:1是加快项目建设,县发改局牵头;2是强化要素保障,县自然资源局负责。"
    assert [d.number for d in points(text)] == ["1是", "2是"]


def test_a_glued_first_item_of_a_run_is_a_point():
    text = "当前防汛任务十分艰巨一是抓好隐患排查。各乡镇要逐库检查。二是备足防汛物资。县应急局要补齐储备。"
    assert [d.number for d in points(text)] == ["一是", "二是"]


# -- page markers ---------------------------------------------------------------

def test_a_page_marker_breaking_a_sentence_is_no_point():
    text = ("一、提高认识\n当前部分群众对森林防火的重视程度不够,防范意\n2、识薄弱,野外用火时有发生,"
            "各乡镇要加强宣传。\n二、强化管控\n各村要设卡检查。")
    assert [d.number for d in points(text)] == ["一", "二"]


def test_a_numbered_line_after_a_full_sentence_is_still_a_point():
    text = "一、提高认识\n各乡镇要加强宣传。\n1、开展进村入户宣传。各村要逐户告知。"
    assert [d.number for d in points(text)] == ["一", "1"]


def test_a_table_of_contents_is_not_read_as_points():
    text = ("目录/提纲:……\n一、认清形势\n(一)从雨情看\n二、落实责任\n……\n同志们:\n"
            "今天召开防汛会议。下面我讲两点意见。\n一、认清形势\n今年雨水偏多。\n二、落实责任\n各乡镇要落实责任。")
    assert [d.number for d in points(text)] == ["一", "二"]


# -- headings that lost their line break ----------------------------------------

@pytest.mark.parametrize("text, heading", [
    ("第一,认识上要到位再到位防火工作常抓不懈,任何时候都不能放松。", "认识上要到位再到位"),
    ("一、提高站位,坚决扛起森林防火政治责任森林防火事关群众生命财产安全,事关生态安全,必须高度重视。",
     "提高站位,坚决扛起森林防火政治责任"),
    ("一、统一思想,深刻认识植树造林的重要意义植树造林是一项长期任务,全县上下要常抓不懈,久久为功。",
     "统一思想,深刻认识植树造林的重要意义"),
    ("一、认清形势,坚定信心我县是一个林业大县,森林覆盖率较高,护林任务十分繁重,不能有丝毫松懈。",
     "认清形势,坚定信心"),
    ("一、正视问题,清醒认识严峻形势过去一年,全县共发生火情五起,给我们敲响了警钟,必须引起重视。",
     "正视问题,清醒认识严峻形势"),
    ("一、造林工作的简要回顾春季造林期间,全县共完成造林三万亩,成活率达到九成,比去年提高两个百分点。",
     "造林工作的简要回顾"),
    ("下面我讲四点: 一、思想上重视 护林工作从大局上讲是生态文明建设的重要内容,各村要高度重视,落实到人。",
     "思想上重视"),
])
def test_a_heading_running_into_its_body_is_cut_where_the_body_starts(text, heading):
    assert points(text)[0].heading == heading


# -- context points proposed as directives ----------------------------------------

def kinds(text):
    return {d.number: d.kind for d in points(text, meeting_date="2024-03-04")}


def test_viewpoint_items_giving_reasons_are_context():
    text = ("一、把握形势,增强做好植树工作的责任感\n"
            "第一,从上级的部署看。省里召开了动员会,明确要求各地抓紧抓实。\n"
            "第二,从我县的实际看。我县荒山面积大,任务很重。\n"
            "二、落实责任\n各乡镇要在4月底前完成任务。")
    assert kinds(text) == {"一": "directive", "第一": "context", "第二": "context", "二": "directive"}


def test_explanations_and_features_are_context():
    text = ("为什么说护林必须常抓不懈?首先,这是上级的明确要求。省里多次强调。"
            "其次,是我县林情的要求。我县林区面积大。\n"
            "今年的造林工作呈现两个新的特点。第一,是任务重。为确保完成任务,县里增加了资金。第二,是要求高。")
    assert set(kinds(text).values()) == {"context"}


@pytest.mark.parametrize("title", ["春季造林工作的简要回顾", "关于上半年护林工作的特点", "全县护林工作总体形势分析",
                                   "全县林业怎么看", "为什么要召开这次会议", "关于上半年工作的基本评价"])
def test_review_and_analysis_titles_are_context(title):
    text = f"下面,我讲三点意见:一、{title}\n上半年全县完成造林两万亩,比去年增加一成。"
    assert kinds(text) == {"一": "context"}


def test_an_item_stating_significance_is_context_and_an_order_beside_it_a_directive():
    text = ("一是召开这次片区推进会,是我县实行月调度机制的一次探索,对推动工作具有十分重要的意义。"
            "二是要抓住机遇,各镇要主动作为。")
    assert kinds(text) == {"一是": "context", "二是": "directive"}


def test_achievements_after_a_results_lead_in_are_context_up_to_the_wrap_up():
    text = ("一、认清形势,坚定信心\n近年来,我县林业得到了长足发展。一是造林面积持续扩大,三年新增五万亩;"
            "二是林下经济得到了较快发展,成为增收产业。这一切,都为我们打下了基础。因此,我们要进一步坚定信心。"
            "\n二、突出重点,明确任务\n各乡镇要抓好春季造林。")
    assert kinds(text) == {"一": "directive", "一是": "context", "二是": "context", "二": "directive"}


def test_problems_faced_are_context():
    text = ("一、认清形势\n但也要看到,当前护林工作面临诸多新情况新问题:一是护林员年龄偏大;"
            "二是野外用火管控难度增大。\n二、压实责任\n各村要落实护林员。")
    assert kinds(text) == {"一": "directive", "一是": "context", "二是": "context", "二": "directive"}


def test_items_under_a_section_facing_problems_are_context():
    text = ("一、正视问题,清醒认识护林形势\n(一)隐患依然存在。部分林区防火通道不畅。\n"
            "(二)意识有待提高。一些群众上山带火种。\n二、强化措施\n各乡镇要清理防火通道。")
    assert kinds(text) == {"一": "directive", "(一)": "context", "(二)": "context", "二": "directive"}


def test_a_results_section_titled_with_an_exhortation_is_a_directive_and_its_items_context():
    text = ("下面我讲两点意见。\n一、肯定成绩,进一步坚定发展林业的信心\n近年来全县林业发展较快。\n"
            "(一)林下经济快速发展。去年产值增长两成。\n二、突出重点\n各乡镇要抓好造林。")
    assert kinds(text) == {"一": "directive", "(一)": "context", "二": "directive"}


# -- units --------------------------------------------------------------------------

def units_of(text):
    return [(list(d.lead_units), list(d.units)) for d in points(text, meeting_date="2024-03-04")]


@pytest.mark.parametrize("sentence, units", [
    ("各镇各相关单位要在月底前完成排查。", ["各镇", "各相关单位"]),
    ("全县各级各部门一定要把护林工作摆上位置。", ["各级各部门"]),
    ("各乡镇各部门尤其是主要负责同志一定要亲自过问。", ["各乡镇", "各部门"]),
    ("会议强调各相关单位一定要严格落实巡查制度。", ["各相关单位"]),
    ("县委、县政府两位主要负责同志对这项工作高度重视,各村要立即行动。", ["各村"]),
    ("县林业局、各乡镇负责人参加了今天的会议。各村要落实护林员。", ["各村"]),
    ("县林业局组建工作专班,逐村开展排查。", ["县林业局"]),
])
def test_actors_of_a_point(sentence, units):
    assert units_of("一、强化护林责任\n" + sentence) == [([], units)]


def test_a_lead_stated_as_a_role_is_a_lead():
    assert units_of("一、强化护林责任\n县应急管理局要发挥牵头作用,县林业局配合。") == [
        (["县应急管理局"], ["县应急管理局", "县林业局"])]


def test_bodies_named_in_what_a_higher_level_said_are_context():
    text = ("一、强化护林责任\n省委主要领导作出批示,要求各地要高度重视。上级文件指出,各级政府要压实属地责任。"
            "县林业局要加强巡查。")
    assert units_of(text) == [([], ["县林业局"])]


def test_a_site_footer_is_no_unit_and_no_text():
    text = "一、强化护林责任\n各村要落实护林员。\n本站内容来自网友上传,如有侵权请联系删除。"
    assert units_of(text) == [([], ["各村"])]
    assert "网友" not in points(text)[0].text


def test_traditional_characters_read_like_simplified_and_stay_as_written():
    text = "一、強化護林責任\n各鎮(鄉)、各部門必須要有清醒的認識,縣林業局牽頭,8月底前完成。"
    d = points(text, meeting_date="2024-03-04")[0]
    assert d.kind == "directive"
    assert list(d.lead_units) == ["縣林業局"]
    assert list(d.units) == ["各鎮(鄉)", "各部門", "縣林業局"]
    assert [(x.text, x.date.isoformat()) for x in d.deadlines] == [("8月底前", "2024-08-31")]


# -- deadlines and dates -------------------------------------------------------------

def deadlines_of(text, meeting_date="2026-11-20"):
    return [(x.text, x.date.isoformat() if x.date else None) for d in points(text, meeting_date) for x in d.deadlines]


def test_a_holiday_with_its_year_keeps_the_year():
    assert deadlines_of("一、推进改厕\n各村要在2027年春节前完成改厕。") == [("2027年春节前", "2027-02-06")]
    assert deadlines_of("一、推进改厕\n各村要在明年国庆节前完成改厕。", "2026-03-02") == [("明年国庆节前", "2027-10-01")]


@pytest.mark.parametrize("sentence", ["前年年底启动的河道整治要巩固成果。", "两个月内接连发生了两起火情,教训深刻。"])
def test_past_events_are_no_deadline(sentence):
    assert deadlines_of("一、巩固成果\n" + sentence) == []


def test_a_season_of_next_year_is_a_limit_without_a_date():
    assert deadlines_of("一、抓好项目\n要把明年暑期前必须完成的项目作为重点。") == [("明年暑期前", None)]


def test_the_meeting_date_told_in_prose_is_the_meeting_date():
    text = ("在2025年全县河道清淤推进会上的讲话\n同志们:\n3月8日,县里召开了河道清淤推进会,今天再作调度。"
            "下面我讲两点。一、加快进度\n各乡镇要在3月底前完成清淤。")
    speech = extract_text(text).speeches[0]
    assert speech.meeting_date.isoformat() == "2025-03-08"
    assert [(x.text, x.date.isoformat()) for x in speech.directives[0].deadlines] == [("3月底前", "2025-03-31")]


def test_a_higher_meeting_in_prose_is_not_the_meeting_date():
    text = "在2025年全县防汛会议上的讲话\n同志们:\n4月11日,国家防总召开了全体成员会议。一、加强值守\n各乡镇要加强值守。"
    assert extract_text(text).speeches[0].meeting_date is None


# -- titles and speakers ---------------------------------------------------------------

@pytest.mark.parametrize("first_line", [
    "} 县长在全县河道清淤推进会上的讲话", "| 县长在全县河道清淤推进会上的讲话",
    "376444859县长在全县河道清淤推进会上的讲话", "(精品)县长在全县河道清淤推进会上的讲话",
    "相关推荐:镇长在年终总结会上的讲话县长在全县河道清淤推进会上的讲话",
])
def test_page_chrome_before_a_title_is_not_part_of_it(first_line):
    text = first_line + ("\n同志们:\n今天召开推进会,主要任务是分析清淤形势,部署下一步工作。一、加快进度\n"
                         "各乡镇要在3月底前完成清淤任务,县水利局要加强督导,确保汛前全部完工。")
    assert extract_text(text).speeches[0].title == "县长在全县河道清淤推进会上的讲话"


def test_a_page_footer_naming_the_title_starts_no_speech():
    text = ("在全县河道清淤推进会上的讲话\n同志们:\n今天召开推进会。一、加快进度\n各乡镇要在3月底前完成清淤任务。\n"
            "本文标题:在全县河道清淤推进会上的讲话\n版权声明\n作者原创,不允许二次传播,一经发现追究法律责任。")
    speeches = extract_text(text).speeches
    assert len(speeches) == 1
    assert speeches[0].speaker is None


def test_a_salutation_is_no_speaker():
    text = "在全县河道清淤推进会上的讲话\n尊敬的\n各位领导:\n一、加快进度\n各乡镇要在3月底前完成清淤任务,县水利局要加强督导。"
    assert extract_text(text).speeches[0].speaker is None


# -- doubts ------------------------------------------------------------------------------

def test_each_point_carries_its_doubts_in_the_contract_json():
    from directives.extraction.serialize import to_contract_json

    text = ("下面我讲两点意见:一、抓紧整地,各乡镇要在汛前完成。\n二、落实责任\n"
            "一是思想认识还不到位,有的村要求不严;二是巡查还有空档。")
    data = to_contract_json(extract_text(text, meeting_date="2024-03-04"))
    doubts = {d["number"]: d["doubts"] for d in data["speeches"][0]["directives"]}
    # 二是 gives no order yet reads as a directive beside a problem: its kind is doubted
    assert doubts == {"一": ["时限无日期"], "二": [], "一是": [], "二是": ["类别存疑"]}


def test_a_lone_point_and_a_context_point_that_orders_are_doubted():
    text = "下面,我讲三点意见:一、造林工作的简要回顾\n上半年完成造林两万亩,各乡镇要巩固成果。"
    (d,) = points(text, meeting_date="2024-03-04")
    assert d.kind == "context"
    assert d.doubts == ("单独序号", "类别存疑")


def test_a_footer_crediting_internet_users_gives_no_unit():
    text = "第一,要提高站位。\n全县各级各部门一定要认清形势,高度重视。\n\n本文内容由互联网用户自发贡献,仅代表作者观点"
    assert units_of(text) == [([], ["各级各部门"])]


def test_a_role_before_at_that_leaves_a_body_is_no_speaker():
    text = ("县委书记在全县信访工作会议上的讲话\n同志们:\n今天召开全县信访工作会议,部署当前工作。"
            "一、把握形势\n各乡镇要落实包案责任,县信访局要加强督导,确保矛盾化解在基层。")
    speech = extract_text(text).speeches[0]
    assert speech.title == "县委书记在全县信访工作会议上的讲话" and speech.speaker is None


def test_a_price_and_a_code_before_a_title_are_chrome_and_a_year_is_not():
    body = "\n同志们:\n今天召开全县信访工作会议,部署当前工作。一、把握形势\n各乡镇要落实包案责任,县信访局要加强督导检查。"
    assert extract_text("支付:9.00 B3637在全县信访工作会议上的讲话" + body).speeches[0].title == "在全县信访工作会议上的讲话"
    assert extract_text("2024年在全县信访工作会议上的讲话" + body).speeches[0].title == "2024年在全县信访工作会议上的讲话"


def test_the_items_of_an_agenda_are_context():
    text = ("今天会议主要有几项议程:一是信访局通报当前信访形势;二是各责任单位汇报化解情况。\n"
            "一、压实责任\n各乡镇要落实包案责任。")
    assert kinds(text) == {"一是": "context", "二是": "context", "一": "directive"}


def test_a_site_watermark_after_a_title_is_not_part_of_the_heading():
    text = "一、提高认识,切实增强做好护林工作的责任感和紧迫感 (某某教育)\n各乡镇要加强宣传。\n二、落实责任\n各村要落实护林员。"
    assert [d.heading for d in points(text)] == ["提高认识,切实增强做好护林工作的责任感和紧迫感", "落实责任"]


def test_a_bracketed_remark_that_is_no_watermark_stays():
    text = "一、开展专项整治(试点)\n各乡镇要先行先试。\n二、落实责任\n各村要落实护林员。"
    assert points(text)[0].heading == "开展专项整治(试点)"
