"""The live desk's roles: who posts entries that publish at once, and who files them for approval.

"Live editors" (editors, and the reporters the desk trusts, added to this group as well) publish
their entries at once; Reporters file entries that wait for a live editor's approval; Editors
and Administrators do both. Running it again sets exactly these grants.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LIVE_EDITORS = "Live editors"
FILE = ["add_liveentry", "change_liveentry"]
PUBLISH = [*FILE, "delete_liveentry", "publish_liveentry"]
GRANTS = {
    "Reporters": FILE,
    "Editors": PUBLISH,
    "Administrators": PUBLISH,
    LIVE_EDITORS: PUBLISH,
}


def grant(apps, schema_editor):
    live = apps.get_app_config("live")
    live.models_module = True
    create_permissions(live, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    live.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    live_permissions = Permission.objects.filter(content_type__app_label="live")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name, codenames in GRANTS.items():
        group, created = Group.objects.get_or_create(name=name)
        group.permissions.remove(*live_permissions)
        group.permissions.add(*live_permissions.filter(codename__in=codenames))
        if name == LIVE_EDITORS:
            group.permissions.add(access_admin)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    live_permissions = Permission.objects.filter(content_type__app_label="live")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*live_permissions)
    Group.objects.filter(name=LIVE_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_initial"),
        ("news", "0004_newsroom_roles_and_review"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
