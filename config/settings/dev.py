from .base import *  # noqa: F401,F403
from .base import INSTALLED_APPS, env_bool

DEBUG = env_bool("DEBUG", True)

# Demo data, load test, benchmarks and the mail sink: never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
