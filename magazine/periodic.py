"""Periodic jobs without cron: ``manage.py run_periodic_jobs`` on one or more hosts.

Each job is a management command run at its interval. Several runners (one per
host, for redundancy) race for a due job with one conditional UPDATE on its
:class:`~magazine.models.PeriodicJob` row; the winner runs it, the others skip
it, so it runs once per interval however many hosts run the runner. The admin
lists each job's last run, result and next run.

Why not a library: Celery beat needs a broker we do not run; APScheduler and
django-q keep schedules per process, and exactly-once across hosts needs this
same database lease anyway; django-tasks has no periodic tasks yet.
"""

import io
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from magazine.models import PeriodicJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    every: timedelta
    args: tuple[str, ...] = field(default=())


def configured_jobs() -> list[Job]:
    """What already needed cron, at the intervals README names."""
    jobs = [
        Job("purge_comment_ips", "purge_comment_ips", timedelta(days=1)),
        Job("clearsessions", "clearsessions", timedelta(days=1)),
    ]
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        jobs.append(Job("analyze_database", "analyze_database", timedelta(days=1)))
    backend = settings.TASKS["default"]["BACKEND"]
    if backend == "django_tasks_db.DatabaseBackend":
        jobs.append(
            Job("prune_task_results", "prune_db_task_results", timedelta(hours=6))
        )
    if settings.NEWSLETTER_BOUNCE_MAILDIR:
        jobs.append(
            Job(
                "process_bounces",
                "process_bounces",
                timedelta(minutes=15),
                (str(settings.NEWSLETTER_BOUNCE_MAILDIR),),
            )
        )
    return jobs


def take(job: Job) -> bool:
    """True when this runner won the job's run that is due now."""
    now = timezone.now()
    PeriodicJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    return bool(
        PeriodicJob.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=now + job.every, last_started_at=now
        )
    )


def run(job: Job) -> bool:
    """Run the job's command and record what it said; True when it succeeded."""
    output = io.StringIO()
    try:
        call_command(job.command, *job.args, stdout=output, stderr=output)
        succeeded = True
    except Exception as error:  # any command's failure is recorded, not raised
        logger.exception("Periodic job %s failed", job.name)
        output.write(f"{type(error).__name__}: {error}")
        succeeded = False
    PeriodicJob.objects.filter(name=job.name).update(
        last_finished_at=timezone.now(),
        last_succeeded=succeeded,
        last_result=output.getvalue()[-2000:],
        runs=F("runs") + 1,
    )
    return succeeded


def run_due_jobs(jobs: list[Job] | None = None) -> list[str]:
    """Run every job due now that this runner wins; their names."""
    ran = []
    for job in configured_jobs() if jobs is None else jobs:
        if take(job):
            run(job)
            ran.append(job.name)
    return ran
