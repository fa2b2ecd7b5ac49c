"""gunicorn settings for Dubàn: `gunicorn -c tracker/gunicorn.conf.py tracker.wsgi`.

Every value can be changed from the environment: DUBAN_BIND (address:port,
127.0.0.1:$PORT unless given), WEB_CONCURRENCY (worker processes, from the
CPU count unless given), GUNICORN_TIMEOUT, FORWARDED_ALLOW_IPS (the TLS proxy's
address when it is not on this machine).
"""
import multiprocessing
import os

bind = os.environ.get("DUBAN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# Sync workers: one request and one database connection each, so PostgreSQL
# sees at most `workers` connections from a web host (CONN_MAX_AGE keeps them).
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A synchronous export may take a while at the row limit; past this the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Replace each worker after a while so a slow leak can never build up.
max_requests = 2000
max_requests_jitter = 200
# Refuse absurd request lines and headers before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "duban-web"
# Heartbeat files in memory: a slow disk must not make workers look dead.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
