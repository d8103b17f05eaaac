"""Fetching web pages safely and extracting articles from them.

client.py and addresses.py are pure Python (no Django import) and take their settings as
arguments; configured.py passes them Django's settings; extract.py turns a fetched page
into article text and metadata with trafilatura.
"""
