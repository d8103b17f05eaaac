"""WSGI entry point: `gunicorn factcheck.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
application = get_wsgi_application()

# Imported after setup, which the line above did.
from factcheck.production import require_secret_key  # noqa: E402

require_secret_key()
