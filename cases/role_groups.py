"""Creates one group per role with the model permissions listed in `roles.ROLE_PERMISSIONS`.

Called from data migrations (with the historical app registry), so it is re-run by each later
migration that adds permissions: it only adds what is missing and is safe to run again.
"""

from django.contrib.auth.management import create_permissions

from .roles import ROLE_PERMISSIONS
from .roles import Role


def sync_role_groups(apps, schema_editor=None) -> None:
    # Permissions are normally created after migrate; create them now so groups can hold them.
    # (A migration's historical app configs have no models module; the live ones keep theirs.)
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.label)
        wanted = ROLE_PERMISSIONS.get(role, ())
        for app_label, codename in wanted:
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:  # models of later apps get theirs in their own migration
                group.permissions.add(perm)


def role_group(role: Role):
    """The group of a role, made again (with its permissions) if it has gone: a test database
    flushed between transactional tests loses the rows the data migration wrote."""
    from django.apps import apps as live_apps
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=role.label).first()
    if group is None:
        sync_role_groups(live_apps)
        group = Group.objects.get(name=role.label)
    return group
