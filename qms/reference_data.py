"""Rows the application cannot work without: role groups and their permissions, the
system user, the default approval route, the ISO 9001 clause tree, the daily reminder
sweep. Data migrations create them; this puts them back after anything that empties
the database without migrating (``manage.py flush``, the flush that ends every
transactional test), by re-running those same idempotent migration functions.
"""

import importlib

from django.apps import apps as global_apps

# (migration module, function); every function is idempotent (get_or_create and alike).
SEEDS = [
    ("documents.migrations.0002_roles_and_system_user", "create_roles"),
    ("approvals.migrations.0002_signature_triggers_roles_default_route", "roles_and_default_route"),
    ("audits.migrations.0002_iso9001_clauses", "load"),
    ("audits.migrations.0003_audit_role_permissions", "grant"),
    ("nonconformities.migrations.0002_roles", "grant"),
    ("renditions.migrations.0002_officer_permissions", "grant"),
    ("reviews.migrations.0002_officer_permission", "grant"),
    ("reminders.migrations.0002_officer_permission_and_daily_sweep", "forwards"),
    ("reminders.migrations.0003_officers_manage_schedule", "grant"),
    ("renditions.migrations.0004_integrity_and_stuck_build_sweeps", "forwards"),
]


def reference_data_ensure() -> None:
    # Migration functions toggle AppConfig.models_module for create_permissions; on the live
    # registry a config left at None would stop receiving post_migrate, so restore them all.
    saved = {config.label: config.models_module for config in global_apps.get_app_configs()}
    try:
        for module_name, function_name in SEEDS:
            app_label = module_name.split(".", 1)[0]
            if global_apps.is_installed(app_label):
                getattr(importlib.import_module(module_name), function_name)(global_apps, None)
    finally:
        for config in global_apps.get_app_configs():
            config.models_module = saved[config.label]


def on_post_migrate(sender, **kwargs):
    """post_migrate is sent once per app; act once, after the last app's permissions exist."""
    last = [config for config in global_apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label == last.label:
        reference_data_ensure()
