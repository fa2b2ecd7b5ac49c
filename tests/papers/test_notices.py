"""督办通知书: one notice per lead unit, each task's form, read back with python-docx."""
import datetime
import io
import zipfile

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from directives.models import Directive, Task
from directives.papers.notices import notices_document_write, notices_zip_write
from directives.selectors.papers import notice_tasks, task_source_text
from tests import factories
from tests.papers.conftest import document_text, read_document

ISSUED = datetime.date(2026, 11, 20)


@pytest.fixture
def notice_set(db, office_unit, unit_a, unit_b, meeting):
    speech = factories.SpeechFactory(meeting=meeting, title="在全县冬季安全工作会上的讲话", speaker="王明")
    point = Directive.objects.create(speech=speech, position=1, number="一、", heading="抓好安全生产",
                                     text="抓好安全生产,县卫健委牵头开展医疗机构消防检查。")
    first = factories.make_task(lead_unit=unit_a, title="开展医疗机构消防安全大检查", deadline=datetime.date(2026, 11, 30),
                                cooperating_units=[unit_b], responsible_person="李华", directive=point,
                                remarks="每周五前报送进度")
    second = factories.make_task(lead_unit=unit_a, title="完成疫苗冷链设备更新", deadline=datetime.date(2026, 12, 15),
                                 description="更新乡镇卫生院冷链设备12台。")
    third = factories.make_task(lead_unit=unit_b, title="落实县领导关于春运安全的批示", deadline=datetime.date(2027, 1, 10),
                                source_kind="instruction", source_person="张书记", source_reference="县委批〔2026〕8号",
                                source_date=datetime.date(2026, 11, 15))
    return [first, second, third]


def _write(tasks, writer):
    out = io.BytesIO()
    count = writer(notice_tasks([t.pk for t in tasks]), out, day=ISSUED)
    return count, out.getvalue()


def test_notices_document_has_a_page_per_lead_unit_with_every_task_form(notice_set):
    # given three tasks, two led by 县卫健委 and one by 县交通局
    first, second, third = notice_set
    # when the notices are written as one document
    count, content = _write(notice_set, notices_document_write)
    document = read_document(content)
    text = document_text(document)
    # then there is one notice per lead unit, the second starting a new page
    assert count == 2
    mastheads = [p for p in document.paragraphs if p.text == "督办通知"]
    assert len(mastheads) == 2
    paragraphs = document.paragraphs
    starts = [paragraphs[i - 1] for i, p in enumerate(paragraphs) if p.text == "督办通知"]
    assert [p.text for p in starts] == ["县委督查室", "县委督查室"]
    assert [p.paragraph_format.page_break_before for p in starts] == [None, True]
    # and each task's form holds its number, units, deadline, requirements and the sign-off box
    for task in notice_set:
        assert task.tracking_number in text
    assert "县卫生健康委员会:" in text and "县交通运输局:" in text
    assert "关于办理2项督办事项的通知" in text
    assert "关于办理“落实县领导关于春运安全的批示”的督办通知" in text
    assert "2026年11月30日" in text and "2026年12月15日" in text and "2027年1月10日" in text
    assert "更新乡镇卫生院冷链设备12台。" in text
    assert "李华" in text and "每周五前报送进度" in text

    assert text.count("签收人(签字)") == 3
    assert "抄送:县交通运输局。" in text
    # signed by the office with the date of issue
    assert text.count("2026年11月20日") == 2


def test_notice_names_its_source_meeting_speaker_or_instruction(notice_set, meeting):
    first, _second, third = notice_tasks([t.pk for t in notice_set])
    assert task_source_text(first) == f"2026年11月2日{meeting.title} · 王明讲话 · 要点一"
    assert task_source_text(third) == "领导批示 张书记批示 县委批〔2026〕8号 2026年11月15日"
    text = document_text(read_document(_write([third], notices_document_write)[1]))
    assert "领导批示 张书记批示 县委批〔2026〕8号" in text
    assert "根据张书记同志2026年11月15日的批示要求,现将以下事项交由你单位牵头办理。" in text
    text = document_text(read_document(_write([first], notices_document_write)[1]))
    assert f"根据2026年11月2日{meeting.title}上王明同志的讲话要求," in text


def test_notice_names_the_acceptance_limit_while_it_is_ahead(notice_set, settings):
    # given one task whose 签收时限 is after the notice's date and one whose limit has passed
    settings.DUBAN_ACCEPTANCE_WORKDAYS = 2
    first, second, _third = notice_set
    Task.objects.filter(pk=first.pk).update(accept_by=datetime.date(2026, 11, 25))
    Task.objects.filter(pk=second.pk).update(accept_by=datetime.date(2026, 11, 10))
    # when the notice is written on 20 November
    text = document_text(read_document(_write([first, second], notices_document_write)[1]))
    # then the first names its date, the second counts working days from receipt
    assert "1. 请于2026年11月25日前签收,明确分管领导和具体责任人" in text
    assert "1. 请于收到本通知后2个工作日内签收,明确分管领导和具体责任人" in text
    assert "2026年11月10日前签收" not in text


def test_notice_is_a4_with_east_asian_fonts(notice_set):
    document = read_document(_write(notice_set, notices_document_write)[1])
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert runs
    for run in runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:eastAsia")), run.text
    # every row of a task's form is kept on one page
    for row in document.tables[0].rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    masthead = next(p for p in document.paragraphs if p.text == "县委督查室")
    assert str(masthead.runs[0].font.color.rgb) == "C00000"


def test_notices_zip_has_one_document_per_lead_unit(notice_set):
    count, content = _write(notice_set, notices_zip_write)
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = sorted(archive.namelist())
    assert count == 2
    assert names == ["督办通知书_县交通运输局_20261120.docx", "督办通知书_县卫生健康委员会_20261120.docx"]
    transport = document_text(read_document(archive.read(names[0])))
    assert notice_set[2].tracking_number in transport
    assert notice_set[0].tracking_number not in transport


def test_notice_tasks_runs_a_fixed_number_of_queries(notice_set, django_assert_num_queries):
    ids = [t.pk for t in notice_set]
    with django_assert_num_queries(3):  # tasks (with units, meeting, speech), cooperating units, the office's name
        notices_document_write(notice_tasks(ids), io.BytesIO(), day=ISSUED)
