"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
application = get_asgi_application()

# Imported after setup, which the line above did.
from factcheck.production import require_secret_key  # noqa: E402

require_secret_key()
