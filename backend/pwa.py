"""Serve the residents' PWA (``pwa/``) from the same origin as the API.

In production the same files can be served by any web server; here Flask serves them so that
``make run`` is one process. The service worker must be served from the root to control it.
"""
from pathlib import Path

from flask import Flask, abort, send_from_directory


def init_app(app: Flask) -> None:
    root = Path(app.config["PWA_DIR"])

    @app.route("/")
    def pwa_index():
        return _send(root, "index.html")

    @app.route("/staff")
    def staff_index():
        # The address staff are told to type; the page itself is staff.html.
        return _send(root, "staff.html")

    @app.route("/<path:filename>")
    def pwa_file(filename: str):
        if filename.startswith("api/"):
            abort(404)
        return _send(root, filename)


def _send(root: Path, filename: str):
    response = send_from_directory(root, filename, max_age=0)
    # Read into memory (the files are small) so that the response can be compressed; a
    # streamed file would only be compressed for clients that accept brotli.
    response.direct_passthrough = False
    response.make_sequence()
    # Revalidate every time: the service worker, not the HTTP cache, keeps files offline.
    response.headers["Cache-Control"] = "no-cache"
    # "inline; filename=…" is what a browser does anyway, and Expires says less than the line
    # above: about 80 bytes on each of the sixty files of a first visit, and on each 304.
    del response.headers["Content-Disposition"]
    del response.headers["Expires"]
    return response
