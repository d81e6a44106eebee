from .base import *  # noqa: F401,F403
from .base import INSTALLED_APPS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Demo data, load test, benchmarks and the mail sink: never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
