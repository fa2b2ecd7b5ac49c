"""The office's speech screens in admin: import (导入讲话) and review, then assign (交办).

Each function is a view of ``SpeechAdmin`` (see ``SpeechAdmin.get_urls``);
all writes go through ``directives.services``.
"""
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..dates import parse_day
from ..forms.speeches import DirectiveReviewForm, DirectiveSplitForm, SpeechImportForm
from ..models import Directive, Meeting, Speech
from ..permissions import is_office
from ..selectors.units import UNIT_GROUPS
from ..services.directives import (
    directive_add,
    directive_drop,
    directive_groups,
    directive_restore,
    directive_split,
    directive_update,
    directives_assign,
    directives_merge,
)
from ..services.speech_jobs import speech_import_job_create, speech_import_runs_in_background
from ..services.speeches import speech_import


def _check_office(model_admin, request):
    if not (is_office(request.user) and model_admin.has_change_permission(request)):
        raise PermissionDenied(_("只有督查室工作人员可以导入、审核和交办讲话要点。"))


def _context(model_admin, request, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        # The review table and the source text need the whole width.
        "is_nav_sidebar_enabled": False,
        **extra,
    }


def _review_url(speech, focus=None):
    url = reverse("admin:directives_speech_review", args=[speech.pk])
    return f"{url}?focus={focus}#point-{focus}" if focus else url


def speech_import_view(model_admin, request):
    """Upload a speech file or paste its text, with its meeting; then go to the review screen."""
    _check_office(model_admin, request)
    if request.method == "POST":
        form = SpeechImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = data.get("source_file")
            if upload is not None and speech_import_runs_in_background(upload):
                return _speech_import_in_background(model_admin, request, form)
            try:
                result = speech_import(
                    meeting=data.get("meeting"),
                    new_meeting=form.meeting_draft(),
                    uploaded_file=data.get("source_file"),
                    text=None if data.get("source_file") else data["text"],
                    title=data.get("title") or None,
                    speaker=data.get("speaker") or None,
                    imported_by=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                level = messages.SUCCESS if result.speeches else messages.WARNING
                model_admin.message_user(request, result.message, level)
                target = (result.speeches or result.duplicates)[0]
                return redirect(_review_url(target))
    else:
        initial = {}
        if request.GET.get("meeting", "").isdigit():
            initial["meeting"] = Meeting.objects.filter(pk=request.GET["meeting"]).first()
        form = SpeechImportForm(initial=initial)
    return TemplateResponse(
        request,
        "admin/directives/speech/import.html",
        _context(model_admin, request, _("导入讲话"), form=form),
    )


def _speech_import_in_background(model_admin, request, form):
    """A big file: kept on a job the worker reads and extracts; the office follows its progress."""
    data = form.cleaned_data
    try:
        job = speech_import_job_create(
            uploaded_file=data["source_file"], requested_by=request.user, meeting=data.get("meeting"),
            new_meeting=form.meeting_draft(), title=data.get("title") or "", speaker=data.get("speaker") or "",
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return TemplateResponse(request, "admin/directives/speech/import.html",
                                _context(model_admin, request, _("导入讲话"), form=form))
    model_admin.message_user(request, _("文件较大,已转入后台读取和识别,完成后从本页进入审核。"), messages.INFO)
    return redirect(reverse("admin:directives_speech_import_job", args=[job.pk]))


def _highlighted(speech, focus):
    """The speech text as HTML, the focused point wrapped in <mark>."""
    text = speech.text
    if focus is None or focus.start_offset is None or focus.end_offset is None:
        return escape(text)
    start, end = focus.start_offset, focus.end_offset
    return mark_safe(
        escape(text[:start])
        + f'<mark id="source-{focus.pk}">'
        + escape(text[start:end])
        + "</mark>"
        + escape(text[end:])
    )


def _typed_values(post, points) -> dict[int, dict]:
    """What staff typed on each row of the review table, as posted (rows shown without inputs are left out)."""
    return {
        pk: {
            "selected": str(pk) in post.getlist("selected"),
            "fan_out": post.get(f"fan_out_{pk}", ""),
            "person": post.get(f"person_{pk}", ""),
            "deadline": post.get(f"deadline_{pk}", ""),
            "open_ended": bool(post.get(f"open_ended_{pk}")),
        }
        for pk in points
        if f"fan_out_{pk}" in post
    }


_TYPED_KEY = "duban-review-typed"


def _keep_typed(request, speech, typed: dict[int, dict], *, op: str, focus) -> None:
    """Keep what was typed on the other rows across a move that succeeded (舍弃, 合并, 新增, 交办), for the next view."""
    if op.startswith("merge") and focus is not None:
        typed.pop(focus, None)  # the merged point is new: it shows its own values
    if op == "assign":
        typed = {pk: dict(values, selected=False) for pk, values in typed.items()}
    request.session[_TYPED_KEY] = {"speech": speech.pk, "rows": {str(pk): values for pk, values in typed.items()}}


def _kept_typed(request, speech) -> dict[int, dict] | None:
    kept = request.session.pop(_TYPED_KEY, None)
    if not kept or kept.get("speech") != speech.pk:
        return None
    return {int(pk): values for pk, values in kept.get("rows", {}).items()}


def _rows(points, typed=None, row_errors=None):
    """Each point with what the review table shows: groups, next sibling to merge with, and the values
    of its inputs: as typed when a refused action re-shows the screen, else as proposed."""
    typed, row_errors = typed or {}, row_errors or {}
    rows = []
    for index, point in enumerate(points):
        next_sibling = next((other for other in points[index + 1:] if other.parent_id == point.parent_id), None)
        groups = directive_groups(point)
        suggested_group = groups[0] if groups and point.lead_unit is None else ""
        values = typed.get(point.pk) or {
            "selected": False,
            "fan_out": suggested_group,
            "person": "",
            "deadline": point.deadline.isoformat() if point.deadline else "",
            "open_ended": point.open_ended,
        }
        rows.append(
            {
                "point": point,
                "cooperating": list(point.cooperating_units.all()),
                "groups": [UNIT_GROUPS[key] for key in groups],
                "merge_with": next_sibling,
                "assignable": point.review_status not in (Directive.Review.ASSIGNED, Directive.Review.DROPPED)
                and point.kind == Directive.Kind.DIRECTIVE,
                "tasks": list(point.tasks.all()),
                "values": values,
                "errors": row_errors.get(point.pk, []),
            }
        )
    return rows


class _Refused(Exception):
    """A review action refused: the messages, and those that concern one row, by point id."""

    def __init__(self, messages_, row_errors=None):
        super().__init__(messages_)
        self.messages = list(messages_)
        self.row_errors = row_errors or {}


def _refused(error: ValidationError) -> _Refused:
    if hasattr(error, "error_dict"):
        rows = {int(key): [str(m) for e in errors for m in e.messages] for key, errors in error.error_dict.items()
                if key.isdigit()}
        return _Refused([m for messages_ in rows.values() for m in messages_], rows)
    return _Refused(error.messages)


def _assign(request, speech, points):
    chosen = [points[int(pk)] for pk in request.POST.getlist("selected") if pk.isdigit() and int(pk) in points]
    deadlines, row_errors = {}, {}
    for point in chosen:
        if f"deadline_{point.pk}" not in request.POST:
            continue  # no date field sent: the point's own deadline stands
        raw = request.POST[f"deadline_{point.pk}"].strip()
        try:
            deadlines[point.pk] = parse_day(raw)
        except ValueError:
            row_errors[point.pk] = [_("“%(value)s”不是有效的日期,请按“年-月-日”填写。") % {"value": raw[:20]}]
    if row_errors:
        raise _Refused([m for ms in row_errors.values() for m in ms], row_errors)
    try:
        tasks = directives_assign(
            directives=chosen,
            created_by=request.user,
            fan_out={p.pk: request.POST[f"fan_out_{p.pk}"] for p in chosen if request.POST.get(f"fan_out_{p.pk}")},
            responsible_persons={p.pk: request.POST.get(f"person_{p.pk}", "") for p in chosen},
            deadlines=deadlines,
            open_ended={p.pk for p in chosen if request.POST.get(f"open_ended_{p.pk}")},
        )
    except ValidationError as error:
        raise _refused(error) from error
    numbers = [t.tracking_number for t in tasks]
    shown = "、".join(numbers[:5]) + ("……" if len(numbers) > 5 else "")
    message = _("已交办%(points)d条要点,生成%(count)d项交办事项:%(numbers)s。") % {
        "points": len(chosen), "count": len(tasks), "numbers": shown
    }
    undated = sum(1 for t in tasks if t.deadline is None)
    if undated:
        message += " " + _("其中%(count)d项为长期工作,没有完成时限。") % {"count": undated}
    return message, None


def _handle_review_post(model_admin, request, speech):
    op, _sep, arg = request.POST.get("op", "").partition(":")
    points = {p.pk: p for p in speech.directives.all()}
    target = points.get(int(arg)) if arg.isdigit() else None
    if op in ("drop", "restore", "merge") and target is None:
        raise Http404(_("没有这条要点。"))
    try:
        if op == "drop":
            directive_drop(directive=target)
            return _("已舍弃“%(point)s”。") % {"point": target}, target.pk
        if op == "restore":
            directive_restore(directive=target)
            return _("已恢复“%(point)s”。") % {"point": target}, target.pk
        if op == "merge":
            other = (
                speech.directives.filter(parent_id=target.parent_id, position__gt=target.position).order_by("position").first()
            )
            if other is None:
                raise ValidationError(_("“%(point)s”后面没有可以合并的同级要点。") % {"point": target})
            merged = directives_merge(first=target, second=other)
            return _("已把“%(b)s”合并进“%(a)s”。") % {"a": merged, "b": other}, merged.pk
        if op == "add":
            start, end = request.POST.get("add_start", ""), request.POST.get("add_end", "")
            if not (start.isdigit() and end.isdigit()):
                raise ValidationError(_("请先在讲话原文中选中要新增的要点文字。"))
            added = directive_add(speech=speech, start=int(start), end=int(end))
            return _("已新增要点“%(point)s”,请核对它的时限和单位。") % {"point": added}, added.pk
    except ValidationError as error:
        refused = _refused(error)
        if target is not None and not refused.row_errors:
            refused.row_errors = {target.pk: refused.messages}
        raise refused from error
    if op == "assign":
        return _assign(request, speech, points)
    raise _Refused([_("未知的操作。")])


def _render_review(model_admin, request, speech, *, typed=None, refused=None):
    points = list(
        speech.directives.select_related("lead_unit", "parent").prefetch_related("cooperating_units", "tasks")
    )
    focus_id = request.GET.get("focus", "")
    focus = next((p for p in points if str(p.pk) == focus_id), points[0] if points else None)
    row_errors = refused.row_errors if refused else {}
    by_pk = {p.pk: p for p in points}
    return TemplateResponse(
        request,
        "admin/directives/speech/review.html",
        _context(
            model_admin,
            request,
            _("审核讲话要点:%(title)s") % {"title": speech.title},
            speech=speech,
            rows=_rows(points, typed, row_errors),
            focus=focus,
            source_html=_highlighted(speech, focus),
            groups=list(UNIT_GROUPS.values()),
            unknown_count=sum(1 for p in points if p.unknown_unit_names),
            refused=refused,
            refused_points=[by_pk[pk] for pk in row_errors if pk in by_pk],
        ),
    )


def speech_review_view(model_admin, request, object_id):
    """Every point of a speech, its source highlighted, with the review moves and the assignment.

    A refused action shows the screen again with everything typed as it was,
    each reason beside its row; after a move that succeeded, the other rows
    keep what was typed on them (kept in the session for the next view)."""
    _check_office(model_admin, request)
    speech = get_object_or_404(Speech.objects.select_related("meeting", "imported_by"), pk=object_id)
    if request.method == "POST":
        try:
            message, focus = _handle_review_post(model_admin, request, speech)
        except _Refused as refused:
            for text in refused.messages:
                model_admin.message_user(request, text, messages.ERROR)
            typed = _typed_values(request.POST, list(speech.directives.values_list("pk", flat=True)))
            return _render_review(model_admin, request, speech, typed=typed, refused=refused)
        model_admin.message_user(request, message, messages.SUCCESS)
        typed = _typed_values(request.POST, list(speech.directives.values_list("pk", flat=True)))
        _keep_typed(request, speech, typed, op=request.POST.get("op", ""), focus=focus)
        return redirect(_review_url(speech, focus))
    return _render_review(model_admin, request, speech, typed=_kept_typed(request, speech))


def _point_of(speech_id, directive_id):
    return get_object_or_404(
        Directive.objects.select_related("speech", "lead_unit"), pk=directive_id, speech_id=speech_id
    )


def directive_edit_view(model_admin, request, object_id, directive_id):
    """Correct one point: number, type, heading, text, deadline, lead and cooperating units."""
    _check_office(model_admin, request)
    point = _point_of(object_id, directive_id)
    if request.method == "POST":
        form = DirectiveReviewForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            cooperating = data.pop("cooperating_units")
            try:
                directive_update(directive=point, cooperating_units=cooperating, **data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                model_admin.message_user(request, _("已保存“%(point)s”。") % {"point": point.heading})
                return redirect(_review_url(point.speech, point.pk))
    else:
        form = DirectiveReviewForm(initial=DirectiveReviewForm.initial_for(point))
    return TemplateResponse(
        request,
        "admin/directives/speech/directive_form.html",
        _context(model_admin, request, _("修改要点"), form=form, point=point, speech=point.speech,
                 media=model_admin.media + form.media),
    )


def directive_split_view(model_admin, request, object_id, directive_id):
    """Split one point in two where the given words begin."""
    _check_office(model_admin, request)
    point = _point_of(object_id, directive_id)
    if request.method == "POST":
        form = DirectiveSplitForm(request.POST)
        if form.is_valid():
            try:
                _first, second = directive_split(directive=point, at=form.cleaned_data["at"])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("at", message)
            else:
                model_admin.message_user(request, _("已拆分,新的一条:“%(point)s”。") % {"point": second.heading})
                return redirect(_review_url(point.speech, second.pk))
    else:
        form = DirectiveSplitForm()
    return TemplateResponse(
        request,
        "admin/directives/speech/directive_form.html",
        _context(model_admin, request, _("拆分要点"), form=form, point=point, speech=point.speech, split=True),
    )


def speech_source_view(model_admin, request, object_id):
    """The uploaded source file, to office staff only (never through MEDIA_URL)."""
    _check_office(model_admin, request)
    speech = get_object_or_404(Speech, pk=object_id)
    if not speech.source_file:
        raise Http404(_("这篇讲话是粘贴导入的,没有原始文件。"))
    try:
        handle = speech.source_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("原始文件已不存在。"))
    name = speech.source_name or PurePath(speech.source_file.name).name
    return FileResponse(handle, as_attachment=True, filename=name)
