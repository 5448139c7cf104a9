"""Periodic jobs run at their interval, once however many runners race for them."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from magazine import periodic
from magazine.models import PeriodicJob

pytestmark = pytest.mark.django_db

SESSIONS = periodic.Job("clearsessions", "clearsessions", timedelta(days=1))
BROKEN = periodic.Job("broken", "process_bounces", timedelta(hours=1), ("/nowhere",))


def test_a_job_runs_when_due_and_not_again_within_its_interval():
    assert periodic.run_due_jobs([SESSIONS]) == ["clearsessions"]
    assert periodic.run_due_jobs([SESSIONS]) == []
    with time_machine.travel(timezone.now() + timedelta(days=1, seconds=1)):
        assert periodic.run_due_jobs([SESSIONS]) == ["clearsessions"]

    job = PeriodicJob.objects.get(name="clearsessions")
    assert job.runs == 2
    assert job.last_succeeded is True
    assert job.next_run_at > timezone.now() + timedelta(hours=23)


def test_a_failing_job_records_why_and_still_waits_its_interval():
    assert periodic.run_due_jobs([BROKEN]) == ["broken"]

    job = PeriodicJob.objects.get(name="broken")
    assert job.last_succeeded is False
    assert "nowhere" in job.last_result
    assert periodic.run_due_jobs([BROKEN]) == []


def test_the_jobs_that_needed_cron_are_configured(settings):
    settings.NEWSLETTER_BOUNCE_MAILDIR = ""
    names = {job.name for job in periodic.configured_jobs()}
    settings.NEWSLETTER_BOUNCE_MAILDIR = "/var/mail/bounces"
    with_bounces = {job.name for job in periodic.configured_jobs()}

    assert {"purge_comment_ips", "clearsessions"} <= names
    assert "process_bounces" not in names
    assert "process_bounces" in with_bounces


def test_the_runner_command_runs_what_is_due_once(capsys):
    call_command("run_periodic_jobs", "--once")
    call_command("run_periodic_jobs", "--once")

    assert capsys.readouterr().out.count("ran clearsessions") == 1
    assert PeriodicJob.objects.get(name="purge_comment_ips").runs == 1


@pytest.mark.django_db(transaction=True)
def test_of_many_runners_racing_exactly_one_runs_the_job():
    if connection.vendor != "postgresql":
        pytest.skip("runners in threads need a database with concurrent writers")
    won = []
    start = threading.Barrier(6)

    def runner():
        start.wait()
        won.extend(periodic.run_due_jobs([SESSIONS]))
        connection.close()

    threads = [threading.Thread(target=runner) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert won == ["clearsessions"]
    assert PeriodicJob.objects.get(name="clearsessions").runs == 1


def test_the_admin_lists_each_jobs_last_and_next_run(admin_client):
    periodic.run_due_jobs([SESSIONS])

    page = admin_client.get("/admin/magazine/periodicjob/")

    assert page.status_code == 200
    assert "clearsessions" in page.text
