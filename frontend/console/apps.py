from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    """The operator console: the pages under /console/ for the marketplace's staff."""

    name = "frontend.console"
    label = "frontend_console"
