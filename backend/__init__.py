"""Zaoshai backend: the Flask application and its pure scoring core."""
