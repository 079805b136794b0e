"""Run payouts now, with a progress bar: resumes crashed runs first, then starts a new one."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from payouts.models import PayoutRun
from payouts.services.payout_runs import payout_run_start, payout_runs_resume


class Command(BaseCommand):
    help = "Pay every vendor its available balance (Stripe Transfers); --resume-only finishes crashed runs."

    def add_arguments(self, parser):
        parser.add_argument("--currency", default=None)
        parser.add_argument("--resume-only", action="store_true")

    def handle(self, *args, currency=None, resume_only=False, **options):
        bar = tqdm(unit="payout", file=self.stderr, disable=options.get("verbosity", 1) == 0)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        for run in payout_runs_resume(progress=progress):
            self.stdout.write(f"resumed run {run.pk}: {run.status}")
        if not resume_only:
            run = payout_run_start(trigger=PayoutRun.Trigger.OPERATOR, currency=currency, progress=progress)
            counts = {status: run.payouts.filter(status=status).count() for status in ("paid", "pending", "failed")}
            self.stdout.write(
                f"run {run.pk}: {run.status}; vendors with a balance: {run.vendors_considered}; payouts {counts}"
            )
        bar.close()
