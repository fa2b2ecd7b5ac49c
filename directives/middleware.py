"""Request-level rules that hold for every page: health checks and caching of private pages."""
from django.http import JsonResponse
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
        response = JsonResponse(
            {name: ("ok" if up else "down") if name != "ok" else up for name, up in report.items()},
            status=200 if report["ok"] else 503,
        )
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
