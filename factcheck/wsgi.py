"""WSGI entry point (`gunicorn factcheck.wsgi`; runserver uses the WSGI one too)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django.setup(set_prefix=False)

# Refuse to serve without a real secret key, before anything reads it.
from factcheck.production import require_secret_key  # noqa: E402

require_secret_key()

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
