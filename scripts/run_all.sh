#!/usr/bin/env bash
# Start the web server, a Celery worker and Celery beat together; Ctrl-C stops all three.
set -u
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping web server, worker and beat..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  wait
}
trap stop INT TERM EXIT

"$PY" -m celery -A tracker worker --loglevel=INFO --concurrency=2 --pool=prefork &
pids+=($!)
"$PY" -m celery -A tracker beat --loglevel=INFO --schedule var/celerybeat-schedule &
pids+=($!)
"$PY" manage.py runserver "0.0.0.0:${PORT}" &
pids+=($!)

echo "督办 is running: http://127.0.0.1:${PORT}/admin/ (office) and http://127.0.0.1:${PORT}/workspace/ (units)."
echo "Press Ctrl-C to stop the web server, the worker and beat."
# Stop everything when any one of them exits.
wait -n
stop
