"""Rows the application cannot work without. Apps register an idempotent function here
from their ``AppConfig.ready()`` (organisation: the role groups with their permissions and
the system user); the rest still come from the idempotent functions of data migrations
(the default approval route, the ISO 9001 clause tree, the daily reminder sweep, the
renditions sweeps). All run after every ``migrate`` (post_migrate) and so are put back after
anything that empties the database without migrating (``manage.py flush``, the flush
that ends every transactional test).
"""

import importlib

from django.apps import apps as global_apps

# Registered by apps (reference_data_register); they run first, in registration order.
ENSURERS: list = []

# (migration module, function); every function is idempotent (get_or_create and alike).
SEEDS = [
    ("approvals.migrations.0002_signature_triggers_roles_default_route", "default_route"),
    ("audits.migrations.0002_iso9001_clauses", "load"),
    ("reminders.migrations.0002_officer_permission_and_daily_sweep", "forwards"),
    ("renditions.migrations.0004_integrity_and_stuck_build_sweeps", "forwards"),
]


def reference_data_register(ensure) -> None:
    """Run ``ensure()`` (idempotent, no arguments) after every migrate and flush."""
    if ensure not in ENSURERS:
        ENSURERS.append(ensure)


def reference_data_ensure() -> None:
    for ensure in ENSURERS:
        ensure()
    for module_name, function_name in SEEDS:
        app_label = module_name.split(".", 1)[0]
        if global_apps.is_installed(app_label):
            getattr(importlib.import_module(module_name), function_name)(global_apps, None)


def on_post_migrate(sender, **kwargs):
    """post_migrate is sent once per app; act once, after the last app's permissions exist."""
    last = [config for config in global_apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label == last.label:
        reference_data_ensure()
