"""Residents' assessments: submit answers, get the result, read it again or erase it."""
