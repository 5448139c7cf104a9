"""magazine: the kernel under the apps, and (in ``magazine.site``) the site over them.

Arrows run one way; each floor imports only the floors below it, and
``lint-imports`` (contracts in pyproject.toml, run by .ci/run) keeps it so.

* **Kernel** (``magazine`` but ``magazine.site``): imports no app. Links, rich
  and plain text rules, signing, the bot defences and rate limits, the page
  cache with its registration API (``magazine.cache.shown_on_pages``), the
  per-process memos with their one reset hook (``magazine.memos``), settings,
  ``SiteSettings``, which apps read (the postal address in newsletters), and
  the staff sign-in (``magazine.staff``: limits, second factors, the staff log).
* **Apps** (``articles``, then ``newsletter`` over it): models and QuerySets
  first, then forms, admin, feeds, tasks, services (multi-step writes), views
  and namespaced URLs. Each registers what its pages show and connects its
  signal receivers (``signals.py``) in ``AppConfig.ready()``.
* **Site layer** (``magazine.site``): composes the apps: root URLs, the home
  page and the standing pages (``Page``), sitemaps, the header and footer,
  and the demo magazine.
"""
