import json

import pytest
from django.core.management import call_command

from directives.models import Directive, Unit

SPEECH = """在全县冬季供暖保障工作会议上的讲话
(2026年11月2日)
一、抓好供暖保障
县住建局牵头,会同县财政局,11月15日前完成管网检修。县林草局要做好配合。各乡镇(街道)要摸清困难群众底数。
"""


@pytest.fixture
def speech_file(tmp_path):
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_extract_directives_match_units_lists_unknown_names_as_suggestions(speech_file, county, capsys):
    # given a directory that knows 县住建局 by alias and 县财政局 by name
    Unit.objects.create(name="县住房和城乡建设局", short_name="县住建局", kind="department", parent=county)
    Unit.objects.create(name="县财政局", kind="department", parent=county)
    # when
    call_command("extract_directives", str(speech_file), "--json", "--match-units")
    # then stdout is still the contract JSON, and stderr names the unknown unit
    out, err = capsys.readouterr()
    point = json.loads(out)["speeches"][0]["directives"][0]
    assert point["lead_units"] == ["县住建局"]
    assert "2 matched" in err and "各乡镇(街道)" in err
    assert "suggestion: add “县林草局”" in err
    assert not Directive.objects.exists()  # nothing written
