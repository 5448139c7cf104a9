"""gunicorn settings for one app server (``gunicorn -c magazine/deploy/gunicorn.conf.py``).

Every value can be overridden from the environment the systemd unit reads, so one
file serves hosts of any size.
"""

import multiprocessing
import os

wsgi_app = "magazine.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: page rendering is CPU and database bound; two per core covers the waits.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
# Longer than nginx's proxy_read_timeout (60 s) would only keep a worker busy for nobody.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# A restart lets requests in flight finish: a rolling restart drops none.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = 5
# Recycle workers now and then, so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "/var/log/magazine/access.log")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "/var/log/magazine/error.log")
# nginx on the same host is the only client; it sets the forwarded headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
