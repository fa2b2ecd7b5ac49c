"""Cleaning: banners, page markers, wrapped lines, previews, widths."""
from directives.extraction import extract_text
from directives.extraction.cleaning import clean_text, join_page_markers, join_wrapped_lines


def test_clean_text_drops_download_banners():
    text = ("《全县春耕讲话.docx》由会员分享,可在线阅读,更多相关请在某某文库上搜索。\n"
            "讲话 DOCX   5页   下载0   2024-03-01   浏览12   收藏0\n"
            "温馨提示:当前文档最多只能预览 2 页\n"
            "一、抓好春耕备耕。各乡镇要做好准备。\n"
            "剩余3页未读, 下载浏览全部\n")
    cleaned = clean_text(text)
    assert cleaned == "一、抓好春耕备耕。各乡镇要做好准备。"


def test_clean_text_drops_inline_site_boilerplate_and_page_numbers():
    text = "以下是小编为大家整理的讲话稿3篇,欢迎阅读参考!一、抓好春耕。\n- 2 -\n第3页 共9页\n二、抓好防汛。"
    cleaned = clean_text(text)
    assert [ln for ln in cleaned.split("\n") if ln] == ["一、抓好春耕。", "二、抓好防汛。"]


def test_join_page_markers_rejoins_sentences_split_by_page_numbers():
    lines = ["1、今天召开全县森林防火工作会议,主要任务是部署今冬明春",
             "2、的防火工作。各乡镇要落实巡山护林责任,县林业局要加强",
             "3、督导检查,确保不发生重大火情。一是压实属地责任。二",
             "4、是加强火源管控。"]
    joined = join_page_markers(lines)
    assert joined == ["今天召开全县森林防火工作会议,主要任务是部署今冬明春的防火工作。各乡镇要落实巡山护林责任,"
                      "县林业局要加强督导检查,确保不发生重大火情。一是压实属地责任。二是加强火源管控。"]


def test_join_page_markers_keeps_a_real_numbered_list():
    lines = ["下面讲三点:", "1、落实巡山责任。", "2、加强火源管控。", "3、做好扑救准备。"]
    assert join_page_markers(lines) == lines


def test_page_marker_split_enumerator_is_found():
    text = ("1、在全县森林防火工作会议上的讲话同志们:今冬明春森林防火形势严峻,必须高度重视。一是压实属地责任。各乡镇要落实巡山护林。二\n"
            "2、是加强火源管控。县林业局要加强巡查,严防野外用火。三是做好扑救准备。县应急管理局要备足物资\n"
            "3、器材,确保拉得出、打得赢。")
    directives = extract_text(text).speeches[0].directives
    assert [d.number for d in directives] == ["一是", "二是", "三是"]
    assert directives[1].text.startswith("二是加强火源管控")
    assert directives[2].units == ("县应急管理局",)


def test_join_wrapped_lines_repairs_fixed_width_wrap():
    lines = ["今天我们召开全县安全生产工作会议,主要任务是分析当",
             "前安全生产形势,安排部署下一阶段重点工作。刚才县应",
             "急管理局通报了前一阶段的检查情况,讲得很好,我都同",
             "意,请大家抓好落实。下面我再讲两点意见,请大家认真",
             "抓好落实,确保全年安全形势持续稳定向好,平稳有序。",
             "",
             "一、压实安全责任"]
    out = join_wrapped_lines(lines)
    assert out[0].startswith("今天我们召开") and out[0].endswith("平稳有序。")
    assert out[-1] == "一、压实安全责任"


def test_preview_followed_by_full_text_gives_one_speech():
    full = ("在全县安全生产工作会议上的讲话\n(2024年4月8日)\n同志们:今天召开会议,安排部署安全生产工作。"
            "第一,压实企业主体责任。各企业要落实安全生产主体责任,定期开展隐患排查。"
            "第二,强化监管执法。县应急管理局要加大执法检查力度,4月底前完成一轮全覆盖检查。"
            "第三,做好应急准备。各乡镇要完善应急预案,组织开展应急演练。")
    preview = full[: len(full) * 2 // 3].replace("(2024年4月8日)", "(2024 4 8 日)")
    doc = extract_text(preview + "\n剩余3页未读, 下载浏览全部\n" + full.replace("\n", " "))
    assert len(doc.speeches) == 1
    speech = doc.speeches[0]
    assert [d.number for d in speech.directives] == ["第一", "第二", "第三"]
    assert speech.meeting_date.isoformat() == "2024-04-08"


def test_full_width_and_half_width_punctuation_read_alike():
    half = "一、压实责任。各乡镇(街道)要在3天之内完成排查,县水利局牵头。\n二、做好准备。"
    full = half.replace(",", ",").replace("(", "(").replace(")", ")").replace("3", "3")
    a = extract_text(half, meeting_date="2024-06-03").speeches[0].directives[0]
    b = extract_text(full, meeting_date="2024-06-03").speeches[0].directives[0]
    assert a.heading == b.heading == "压实责任"
    assert b.units == ("各乡镇(街道)", "县水利局")
    assert b.deadlines[0].text == "3天之内" and b.deadlines[0].date == a.deadlines[0].date


def test_clean_text_keeps_speech_paragraphs_that_mention_site_words():
    # given speech lines that use words download sites also use (举报, 会员, 下载, 侵权)
    text = ("(一)公开监督渠道。县市场监管局要在5月20日前公开投诉举报电话,对侵权假冒线索一查到底。\n"
            "(二)服务工会会员。县总工会要组织会员单位开展技能培训,引导职工下载使用服务平台。\n"
            "二是畅通举报渠道\n")
    # when it is cleaned
    cleaned = clean_text(text)
    # then every line is still there
    assert cleaned == text.strip("\n")


def test_clean_text_drops_short_chrome_lines_and_logs_them(caplog):
    # given a scrape with chrome lines before and after the speech
    text = ("本文由某某资料站提供  下载\n"
            "首页 > 公文 > 讲话稿\n"
            "一、抓好春耕备耕。各乡镇要在3月底前完成备耕。\n"
            "上一篇:关于秋收的讲话\n"
            "资料站 版权所有 转载请注明出处\n")
    # when it is cleaned
    with caplog.at_level("WARNING", logger="directives.extraction.cleaning"):
        cleaned = clean_text(text)
    # then only the speech remains, and each dropped line is named in the log
    assert cleaned == "一、抓好春耕备耕。各乡镇要在3月底前完成备耕。"
    assert "4 boilerplate" in caplog.text and "上一篇" in caplog.text


def test_clean_text_drops_a_repeated_running_footer():
    # given a site footer repeated on every page, longer than a lone chrome line may be
    footer = "某某公文写作资料平台 每日更新精品材料 欢迎收藏本站 随时随地免费阅读查看全部文章"
    text = f"一、压实责任。各乡镇要落实。\n{footer}\n二、强化督查。县督查室要跟进。\n{footer}\n三、严肃问责。\n{footer}\n"
    # when it is cleaned
    cleaned = clean_text(text)
    # then the footer is gone and the points stay
    assert footer not in cleaned
    assert cleaned.count("、") == 3


def test_point_mentioning_a_complaint_hotline_is_not_lost():
    text = ("(一)畅通投诉举报渠道。县纪委监委要在6月1日前公布举报邮箱。\n"
            "(二)强化追责问责。县委督查室要开展专项督查。\n")
    directives = extract_text(text).speeches[0].directives
    assert [d.number for d in directives] == ["(一)", "(二)"]
    assert directives[0].units == ("县纪委监委",)


def test_join_wrapped_lines_when_every_line_is_followed_by_a_blank():
    # given PDF text at wide line spacing: every visual line its own paragraph
    lines = ["一、坚持系统治理,全面提升城乡污水收集处理能力和水环境质",
             "", "量综合改善水平",
             "", "(一)摸清底数。县住建局牵头,会同县生态环境分局、县水利局、",
             "", "县农业农村局、县财政局开展管网普查,各乡镇(街道)要配合做好入",
             "", "户调查。",
             "", "(二)加快建设。县城投公司要加快推进城东污水处理厂扩建工程,",
             "", "确保在今年汛期到来之前按期建成投运,县发改委、县自然资源局要",
             "", "开辟审批绿色通道。"]
    # when
    out = [ln for ln in join_wrapped_lines(lines) if ln.strip()]
    # then wrapped lines are joined and each point starts its own line
    assert out == ["一、坚持系统治理,全面提升城乡污水收集处理能力和水环境质量综合改善水平",
                   "(一)摸清底数。县住建局牵头,会同县生态环境分局、县水利局、县农业农村局、县财政局开展管网普查,"
                   "各乡镇(街道)要配合做好入户调查。",
                   "(二)加快建设。县城投公司要加快推进城东污水处理厂扩建工程,确保在今年汛期到来之前按期建成投运,"
                   "县发改委、县自然资源局要开辟审批绿色通道。"]


def test_join_wrapped_lines_keeps_blank_separated_paragraphs_of_prose():
    # given ordinary paragraphs, each followed by a blank line, of varied length
    lines = ["一、压实责任。各乡镇要落实属地责任,主要负责同志要亲自抓。", "",
             "二、强化保障。县财政局要足额安排经费,县人社局要配齐人员,县发改委要做好项目储备。", "",
             "三、严格督查。", "",
             "县委督查室要定期通报进展,对工作不力的单位严肃追责问责,确保各项任务落地见效。", "",
             "四、营造氛围。县委宣传部要加强宣传。", ""]
    # when / then nothing is joined
    assert join_wrapped_lines(lines) == lines


def test_clean_text_removes_spaces_between_digits_and_cjk_only():
    text = "县长  李卫东\n(2025 年 4 月 7 日)\n各乡镇要在 5 月底前完成,6 月 30 日前报送。"
    assert clean_text(text) == "县长  李卫东\n(2025年4月7日)\n各乡镇要在5月底前完成,6月30日前报送。"


def test_clean_text_keeps_titles_dates_and_greetings_repeated_in_a_compilation():
    # given a compilation whose speeches share a title, a date and a greeting
    one = "在全县防汛工作会议上的讲话\n(2024年6月3日)\n同志们:\n一、压实责任。各乡镇要落实。\n二、备足物资。县应急管理局要储备。\n"
    text = one * 3
    # when
    cleaned = clean_text(text)
    # then nothing is dropped
    assert cleaned.count("在全县防汛工作会议上的讲话") == 3
    assert cleaned.count("同志们:") == 3 and cleaned.count("(2024年6月3日)") == 3
