"""The written 督查通报 (Word) and the 考核排名 workbook, for office staff and leaders."""
import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..exports.responses import export_response
from ..forms.exports import DateRangeForm
from ..forms.scores import RankingForm
from ..models import ExportJob
from ..papers import DOCX
from ..papers.bulletin import bulletin_document_write
from ..permissions import check_export, check_score_reader
from ..selectors.scores import ScorePeriod, score_board


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
