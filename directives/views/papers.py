"""The written 督查通报 (Word) and the 考核排名 workbook, for office staff and leaders."""
import io

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exports.responses import export_response
from ..models import ExportJob
from ..papers import DOCX
from ..papers.bulletin import bulletin_document_write
from ..permissions import check_export, check_score_reader
from ..selectors.scores import ScorePeriod, score_board
from ..forms.exports import DateRangeForm


@login_required
def bulletin_document_download(request):
    """The 督查通报 over a date range as a Word document (the same form as the workbook's)."""
    check_export(request.user, kind=ExportJob.Kind.BULLETIN, params={})
    form = DateRangeForm(request.GET)
    if not form.is_valid():
        return render(request, "workspace/exports/bulletin_form.html", {"form": form}, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    out = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        bulletin_document_write(start, end, out)
        filename = _("督查通报_%(start)s至%(end)s.docx") % {"start": f"{start:%Y%m%d}", "end": f"{end:%Y%m%d}"}
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=DOCX)


def period_choices(today, months: int = 12, quarters: int = 4) -> list[tuple[str, str]]:
    """The last ``months`` months and ``quarters`` quarters, newest first, as (key, label)."""
    choices = []
    year, month = today.year, today.month
    for _index in range(months):
        period = ScorePeriod(year, month=month)
        choices.append((period.key, period.label))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    period = ScorePeriod.quarter_of(today)
    for _index in range(quarters):
        choices.append((period.key, period.label))
        year, quarter = (period.year, period.quarter - 1) if period.quarter > 1 else (period.year - 1, 4)
        period = ScorePeriod(year, quarter=quarter)
    return choices


class RankingForm(forms.Form):
    """A period offered from the recent months and quarters; any valid ``YYYY-MM`` / ``YYYY-Qn`` is accepted."""

    period = forms.CharField(label=gettext_lazy("考核期间"), max_length=10, widget=forms.Select)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        choices = period_choices(today)
        asked = (self.data.get("period") or "").strip().upper() if self.is_bound else ""
        if asked and asked not in dict(choices):
            try:
                choices.insert(0, (asked, ScorePeriod.parse(asked).label))
            except ValidationError:
                pass
        self.fields["period"].widget.choices = choices

    def clean_period(self):
        try:
            return ScorePeriod.parse(self.cleaned_data["period"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages)


@login_required
def ranking_download(request):
    """考核排名 of a month or quarter: a form, then the workbook."""
    check_export(request.user, kind=ExportJob.Kind.RANKING, params={})
    today = timezone.localdate()
    form = RankingForm(request.GET if "period" in request.GET else None, today=today,
                       initial={"period": ScorePeriod.month_of(today).key})
    if form.is_bound and form.is_valid():
        return export_response(request, kind=ExportJob.Kind.RANKING, params={"period": form.cleaned_data["period"].key})
    return render(request, "workspace/exports/ranking_form.html", {"form": form}, status=400 if form.is_bound else 200)


def _period_form(request, today) -> tuple[RankingForm, ScorePeriod]:
    form = RankingForm(request.GET if "period" in request.GET else None, today=today,
                       initial={"period": ScorePeriod.month_of(today).key})
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["period"]
    return form, ScorePeriod.month_of(today)


@login_required
def scores_page(request):
    """考核排名 on screen: every assessed unit's score for a month or quarter, best first."""
    check_score_reader(request.user)
    form, period = _period_form(request, timezone.localdate())
    board = score_board(period)
    return render(request, "workspace/scores.html", {
        "form": form, "period": period, "board": board, "weights": board.weights,
        "deduction": f"{board.deduction:g}",
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
def unit_score_page(request, unit_pk):
    """One unit's score and every task and report behind it."""
    check_score_reader(request.user)
    form, period = _period_form(request, timezone.localdate())
    board = score_board(period)
    score = board.unit(unit_pk)
    if score is None:
        raise Http404(_("该单位本期没有考核得分。"))
    return render(request, "workspace/score_unit.html", {
        "form": form, "period": period, "board": board, "score": score, "weights": board.weights,
        "deduction": f"{board.deduction:g}",
    })


urlpatterns = [
    path("bulletin.docx", bulletin_document_download, name="export_bulletin_document"),
    path("ranking/", ranking_download, name="export_ranking"),
]

score_urlpatterns = [
    path("", scores_page, name="scores"),
    path("<int:unit_pk>/", unit_score_page, name="unit_score"),
]
