"""Health of what the app needs to serve: the database and the Celery broker."""
from django.db import connection

# A load balancer asks every few seconds: answer fast even when the broker hangs.
BROKER_TIMEOUT_SECONDS = 2.0


def database_ok() -> bool:
    """Return True when a query round-trips to the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means "not reachable"
        return False


def broker_ok(timeout: float = BROKER_TIMEOUT_SECONDS) -> bool:
    """Return True when a connection to the Celery broker opens within ``timeout`` seconds."""
    from tracker.celery import app

    try:
        with app.connection_for_write(connect_timeout=timeout) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
        return True
    except Exception:  # kombu raises a different error per transport
        return False


def health_report() -> dict:
    """Return {"database": bool, "broker": bool, "ok": bool}."""
    report = {"database": database_ok(), "broker": broker_ok()}
    report["ok"] = all(report.values())
    return report
