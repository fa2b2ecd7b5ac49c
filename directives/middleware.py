"""Request-level rules that hold for every page: health checks, caching of private pages, upload size."""
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.cache import add_never_cache_headers, patch_cache_control

from .health import health_report

HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answer ``/healthz`` with 200 or 503 and what is down, before the host check.

    A load balancer asks by the server's address, which is not one of
    ALLOWED_HOSTS; the answer carries no data, only the state of the database
    and the broker.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_PATH:
            return self.get_response(request)
        report = health_report()
        body = {name: "ok" if report[name] else "down" for name in ("database", "broker")}
        body["ok"] = report["ok"]
        response = JsonResponse(body, status=200 if report["ok"] else 503)
        add_never_cache_headers(response)
        return response


class PrivatePagesNoStoreMiddleware:
    """Mark every page served to a logged-in user ``Cache-Control: no-store``.

    Task lists, reports and downloads name units and people: a shared office
    computer's browser cache, or a proxy, must not keep them after logout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


# Room for the form's other fields and the multipart framing around the one file a form takes.
UPLOAD_FORM_ALLOWANCE = 1024 * 1024


class UploadSizeLimitMiddleware:
    """Refuse a request whose Content-Length passes the upload limit, before a byte of its body is read.

    Runs before any view or CSRF check reads ``request.POST``: the answer is a
    413 page saying what the limit is; the body is never read into memory or
    a temporary file (gunicorn's sync workers then close the connection). A
    body sent without a length (chunked) is never parsed by Django at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DUBAN_MAX_UPLOAD_BYTES
        if length > limit + UPLOAD_FORM_ALLOWANCE:
            back = request.META.get("HTTP_REFERER", "")
            if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                back = ""
            return render(request, "413.html", {"size": length, "limit": limit, "back": back}, status=413)
        return self.get_response(request)
