from django.core.management.base import BaseCommand

from moderation.services.enforcement import standings_evaluate_all


class Command(BaseCommand):
    help = "Score every vendor and take due enforcement steps (the daily beat task does the same)."

    def handle(self, *args, **options):
        run = standings_evaluate_all()
        self.stdout.write(f"{run.evaluated} vendors evaluated, {run.escalated} escalated, {run.failed} failed")
