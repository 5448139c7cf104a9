from django.tasks import task

from newsletter import sending, services


@task
def send_signup_mail(subscriber_pk: int) -> None:
    services.send_signup_mail(subscriber_pk=subscriber_pk)


@task
def send_edition(edition_pk: int) -> int:
    return sending.send_edition(edition_pk)
