"""ASGI entry point (for an ASGI server such as uvicorn or daphne)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django.setup(set_prefix=False)

# Refuse to serve without a real secret key, before anything reads it.
from factcheck.production import require_secret_key  # noqa: E402

require_secret_key()

from django.core.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()
