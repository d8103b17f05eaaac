"""Fetching web pages safely, extracting articles from them, and keeping them as evidence.

client.py and addresses.py are pure Python (no Django import) and take their settings as
arguments; configured.py passes them Django's settings; extract.py turns a fetched page
into article text and metadata with trafilatura. The Django app around them: models.py
(PageSnapshot, the kept page; FetchJob, one fetch and its state), services.py (asking for
a fetch, running it, using what it brought back), tasks.py (the background task), and the
pages in views.py (import by URL, update checks, a fetch's state, kept-page downloads).
"""
