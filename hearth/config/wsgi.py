"""WSGI entry point for `hearth serve` and any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings")
application = get_wsgi_application()
