import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.config.settings")
application = get_wsgi_application()

# A production start runs the deployment checks first (./lantern check) and refuses to serve on
# any failure, however the WSGI server was started.
from django.conf import settings  # noqa: E402

if settings.PRODUCTION:
    from django.core.management import call_command

    call_command("check", deploy=True, fail_level="WARNING")
