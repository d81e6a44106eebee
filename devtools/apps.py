from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development tooling: demo data, the load test, benchmarks and the mail sink.

    Installed by the development and test settings only (config.settings.dev, .test); production does not
    install it, so none of its commands exist on a production server.
    """

    name = "devtools"
    verbose_name = "Công cụ phát triển"
