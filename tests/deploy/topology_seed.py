"""What the whole-topology test starts from, written on its scratch primary.

Run as ``python -m tests.deploy.topology_seed N`` with the topology's
environment: an editor with a password and an authenticator app, a section
with a live story, a draft to publish and one to schedule, an English and a
Spanish edition, each with a story and N confirmed subscribers of its language. Prints one JSON line (what the
test needs to sign in and find them).
"""

import json
import sys

# Pages no one has asked yet, for the cold and warm figures: more than wrk asks in
# its 5 s cold run (119 req/s ran out of 600 once the seed left the planner statistics).
WALK = 1200


def seed(subscribers: int) -> dict:
    from django.contrib.auth.models import Group, User
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from articles.models import Article
    from magazine.planner_statistics import refresh_planner_statistics
    from newsletter.models import EditionArticle
    from tests.factories import ArticleFactory, CategoryFactory
    from tests.magazine.staff_helpers import PASSWORD
    from tests.newsletter.factories import EditionFactory, SubscriberFactory

    editor = User.objects.create_user(
        "topology-editor", "editor@miamicurrent.example", PASSWORD, is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    device = TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    section = CategoryFactory(name="Bay", slug="bay")
    live = ArticleFactory(
        category=section, headline="Manatees gather at the power plant"
    )
    draft = ArticleFactory(
        category=section,
        headline="Ferry to Key West back in spring",
        status=Article.Status.DRAFT,
    )
    later = ArticleFactory(
        category=section,
        headline="Night market comes to Wynwood",
        status=Article.Status.DRAFT,
    )
    spanish = ArticleFactory(
        category=section, language="es", headline="Vuelve el ferry a Cayo Hueso"
    )
    editions = []
    for language, story in (("en", live), ("es", spanish)):
        edition = EditionFactory(language=language, subject=f"La bahía ({language})")
        EditionArticle.objects.create(edition=edition, article=story, position=0)
        SubscriberFactory.create_batch(subscribers, language=language)
        editions.append(edition.pk)
    # Pages no one has asked yet, for the cold and warm figures.
    walk = ArticleFactory.create_batch(WALK, category=CategoryFactory(name="Walk"))
    # A bulk load, as an import or the demo ends (they refresh them too).
    refresh_planner_statistics()
    return {
        "walk": [story.get_absolute_url() for story in walk],
        "username": editor.username,
        "password": PASSWORD,
        "totp_key": device.key,
        "section": section.get_absolute_url(),
        "live": {"pk": live.pk, "url": live.get_absolute_url()},
        "draft": {"pk": draft.pk, "url": draft.get_absolute_url()},
        "later": {"pk": later.pk, "url": later.get_absolute_url()},
        "editions": editions,
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(seed(int(sys.argv[1]))))
