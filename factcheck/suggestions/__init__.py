"""Check-worthy suggestions and the article's own consistency checks, per revision.

The rules live in the text core (factcheck/text/suggest.py, consistency.py); this app
turns their results into the JSON shape the command, the API and the backup share.
"""
