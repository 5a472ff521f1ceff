"""gunicorn settings read from the project root (``make run``, bench/, tests/hardening/).

The access log names the method, the path without its query string, the status, the size
and the time taken. Never the query string (filters, a language, and anything a client might
put there), never a header (the Authorization token, the session cookie): residents' and
staff's secrets and personal data stay out of the logs. tests/hardening/test_logs.py checks it.
"""
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def post_worker_init(worker):
    """A worker streaming an export signals its progress (backend/streaming.py), so the
    arbiter's timeout kills stuck workers, not a long download."""
    from backend import streaming

    streaming.register(worker.notify)
