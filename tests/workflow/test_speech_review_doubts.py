"""Doubts (issue 17): the extractor's doubts about a point are stored at import and shown on the review screen."""
import pytest
from django.urls import reverse

from directives.models import Directive
from directives.services.speeches import speech_import

TEXT = ("在全县护林防火工作会议上的讲话\n(2026年11月2日)\n同志们:\n今天召开护林防火工作会议,部署今冬明春的护林防火工作。"
        "下面,我讲三点意见:一、压实护林责任,各乡镇要在汛前完成护林员选聘,县应急管理局要加强督导检查。")


@pytest.mark.django_db
def test_doubts_are_stored_and_shown_until_the_point_is_assigned(office_client, meeting, office_user, directory):
    speech = speech_import(meeting=meeting, text=TEXT, imported_by=office_user).speeches[0]
    point = Directive.objects.get(speech=speech, number="一")
    # a lone 一、 after the announcing sentence, a limit with no date
    assert point.extracted_doubts[:2] == ["单独序号", "时限无日期"]
    html = office_client.get(reverse("admin:directives_speech_review", args=[speech.pk])).content.decode()
    assert html.count('class="badge doubt"') == len(point.extracted_doubts)
    assert "? 单独序号" in html and "? 时限无日期" in html


@pytest.mark.django_db
def test_a_unit_missing_from_the_directory_is_a_doubt(meeting, office_user, directory):
    text = TEXT.replace("县应急管理局", "县护林联络中心")
    speech = speech_import(meeting=meeting, text=text, imported_by=office_user).speeches[0]
    point = Directive.objects.get(speech=speech, number="一")
    assert "县护林联络中心" in point.unknown_unit_names
    assert "单位未在名录" in point.extracted_doubts


@pytest.mark.django_db
def test_a_point_with_no_doubt_shows_none(office_client, meeting, office_user, directory):
    text = ("在全县护林防火工作会议上的讲话\n(2026年11月2日)\n同志们:\n今天召开会议,部署今冬明春的护林防火工作。\n"
            "一、压实责任\n县卫健委要在11月底前完成培训。\n二、强化督查\n县卫健委要每周检查一次。")
    speech = speech_import(meeting=meeting, text=text, imported_by=office_user).speeches[0]
    assert [d.extracted_doubts for d in Directive.objects.filter(speech=speech).order_by("position")] == [[], []]
    html = office_client.get(reverse("admin:directives_speech_review", args=[speech.pk])).content.decode()
    assert 'class="badge doubt"' not in html


@pytest.mark.django_db
def test_the_command_doubts_unknown_units_only_when_asked_to_match_them(tmp_path, directory, capsys):
    import json

    from django.core.management import call_command

    path = tmp_path / "speech.txt"
    path.write_text(TEXT.replace("县应急管理局", "县护林联络中心"), encoding="utf-8")
    call_command("extract_directives", str(path), "--json")
    plain = json.loads(capsys.readouterr().out)["speeches"][0]["directives"][0]["doubts"]
    call_command("extract_directives", str(path), "--json", "--match-units")
    matched = json.loads(capsys.readouterr().out)["speeches"][0]["directives"][0]["doubts"]
    assert "单位未在名录" not in plain
    assert matched == plain + ["单位未在名录"]
