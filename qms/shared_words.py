"""Words that Django's and installed packages' own catalogues also translate, and that we
translate differently (Django's admin says "Bản ghi nhớ" for "History"; a package leaves
"version" in English).

Django looks a string up in LOCALE_PATHS (``locale/vi``) before any app's catalogue, and
in the apps in INSTALLED_APPS order, so ``django.contrib.admin`` (listed first) would
otherwise win over every app of ours. Listing the words here puts them in ``locale/vi``
(``make messages``), where our translation is the one shown everywhere, the admin
included. ``tests/test_translations.py`` fails when a string of ours is shown with
another catalogue's translation, and names it: add it here (same meaning) or give it a
context in the code (another meaning).

Nothing imports this module; it exists for the message extractor.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

SHARED_WORDS = (
    gettext_noop("History"),
    gettext_noop("version"),
    gettext_noop("active"),
    gettext_noop("name"),
    gettext_noop("group"),
    gettext_noop("None"),
    gettext_noop("Filter"),
    gettext_noop("Save"),
    gettext_noop("Add"),
    gettext_noop("Remove"),
    gettext_noop("Show all"),
)

# Django's own Vietnamese catalogue has no words for the |timesince filter ("3 months").
TIMESINCE_WORDS = (
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
)
