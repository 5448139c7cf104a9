import mailbox

import pytest
from django.core.management import call_command

from newsletter.models import Subscriber
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

HARD_BOUNCE = b"""\
From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: bounces@miamicurrent.com
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

The mail could not be delivered.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; Gone@Example.com
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown

Final-Recipient: rfc822; later@example.com
Action: delayed
Status: 4.2.2

--b1--
"""

COMPLAINT = b"""\
From: feedback@provider.example
To: abuse@miamicurrent.com
Subject: Complaint
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="b2"

--b2
Content-Type: text/plain

A subscriber marked your message as spam.

--b2
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: Provider-FBL/1.0
Version: 1
Original-Rcpt-To: annoyed@example.com

--b2
Content-Type: text/rfc822-headers

From: Miami Current <newsroom@miamicurrent.com>
To: annoyed@example.com
Subject: This week in Miami

--b2--
"""


def test_bounces_and_complaints_in_the_mailbox_stop_further_mail(tmp_path):
    SubscriberFactory(email="gone@example.com")
    SubscriberFactory(email="later@example.com")
    SubscriberFactory(email="annoyed@example.com")
    box = mailbox.Maildir(tmp_path / "bounces")
    box.add(HARD_BOUNCE)
    box.add(COMPLAINT)
    box.add(b"From: someone@example.com\nSubject: hello\n\nJust a reply.\n")
    box.close()

    call_command("process_bounces", str(tmp_path / "bounces"))

    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {
        "gone@example.com": "bounced",
        "later@example.com": "active",
        "annoyed@example.com": "complained",
    }
    assert list(mailbox.Maildir(tmp_path / "bounces").keys()) == []
    assert Subscriber.objects.receiving().count() == 1
