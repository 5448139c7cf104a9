"""The newsletter's background work, run by the task worker (``db_worker``).

Thin: each task calls the delivery code in :mod:`newsletter.sending`;
:mod:`newsletter.services` queues them after its writes commit.
"""

from django.tasks import task

from newsletter import sending


@task
def send_signup_mail(subscriber_pk: int) -> None:
    sending.deliver_signup_mail(subscriber_pk)


@task
def send_edition(edition_pk: int) -> int:
    resume_at = None
    if send_edition.get_backend().supports_defer:

        def resume_at(moment):
            send_edition.using(run_after=moment).enqueue(edition_pk)

    return sending.deliver_edition(edition_pk, resume_at=resume_at)
