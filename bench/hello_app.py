"""The baseline of bench/http_assess.py: a bare Flask app answering one small JSON object.

Served by gunicorn with the same settings as the real app, so the ratio measures what our
request costs over the framework's floor, on the same machine in the same run.
"""
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def hello():
    return jsonify(hello="world")
