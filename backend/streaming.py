"""Long streamed responses (exports) under gunicorn's sync workers.

gunicorn's arbiter kills a worker that has not signalled it is alive for ``--timeout``
seconds (30 by default), and a sync worker signals only between requests, so a worker
streaming a million-row export for two minutes would be killed although it is working.
``gunicorn.conf.py`` registers the worker's own ``notify`` here when the worker starts;
a streaming response calls ``heartbeat()`` as it goes (a file time update, at most once a
second). A worker stuck in one query still dies at the timeout: only progress keeps it alive.
Outside gunicorn (tests, ``flask run``) it does nothing.
"""
from __future__ import annotations

import time
from typing import Callable

_notify: Callable[[], None] | None = None
_last = 0.0


def register(notify: Callable[[], None]) -> None:
    """The worker's liveness signal (gunicorn's ``worker.notify``)."""
    global _notify
    _notify = notify


def heartbeat() -> None:
    """Tell the arbiter this worker is making progress (cheap: a clock read, and a file time
    update at most five times a second, so that no pause between two signals comes near even
    a one-second ``--timeout``)."""
    global _last
    now = time.monotonic()
    if _notify is not None and now - _last >= 0.2:
        _last = now
        _notify()
