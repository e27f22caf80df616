"""Give every install the newsroom's roles and its one review desk.

Wagtail's own migrations create the groups `Editors` (may draft anything) and `Moderators`
(may also publish), and a "Moderators approval" workflow on the root page. Two desks would
fight over every story, so Wagtail's groups become ours, keeping their members: its editors,
who could not publish, become Reporters; its moderators, who could, become Editors. Its
workflow is retired (deactivated, so any history stays readable) in favour of "Newsroom review".

Running it again is harmless: every role is set to exactly what is listed here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTERS, EDITORS, ADMINISTRATORS = "Reporters", "Editors", "Administrators"

# Page permissions, granted on the root so that they cover every section, present and future.
# "add" lets a reporter create stories and edit the ones they own, never publish them.
PAGE_PERMISSIONS = {
    REPORTERS: ["add_page"],
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATORS: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}

# Image and document permissions, on the root collection. "add" also lets people edit the
# files they uploaded themselves.
_USE_FILES = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
_MANAGE_FILES = [
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
]
COLLECTION_PERMISSIONS = {
    REPORTERS: _USE_FILES,
    EDITORS: _USE_FILES + _MANAGE_FILES,
    ADMINISTRATORS: _USE_FILES
    + _MANAGE_FILES
    + [
        ("wagtailcore", "add_collection"),
        ("wagtailcore", "change_collection"),
        ("wagtailcore", "delete_collection"),
    ],
}

# Everything else. Authors are snippets with drafts: reporters draft bios, editors publish them.
# Administrators are given every permission that exists when this runs (users, groups, sites,
# workflows…); a later migration adding a model grants its permissions to them itself.
MODEL_PERMISSIONS = {
    REPORTERS: [
        ("wagtailadmin", "access_admin"),
        ("people", "add_author"),
        ("people", "change_author"),
    ],
    EDITORS: [
        ("wagtailadmin", "access_admin"),
        ("people", "add_author"),
        ("people", "change_author"),
        ("people", "publish_author"),
        ("people", "lock_author"),
        ("people", "unlock_author"),
    ],
}


def create_all_permissions(apps, using):
    # Permissions are normally created after `migrate` finishes; a fresh database has none yet.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None
    # Wagtail adds these to snippets with drafts and locking, also only after `migrate`.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    author = ContentType.objects.get(app_label="people", model="author")
    for action in ["publish", "lock", "unlock"]:
        Permission.objects.get_or_create(
            content_type=author,
            codename=f"{action}_author",
            defaults={"name": f"Can {action} author"},
        )


def reshape_wagtail_groups(Group):
    if not Group.objects.filter(name=REPORTERS).exists():
        Group.objects.filter(name=EDITORS).update(name=REPORTERS)
    if not Group.objects.filter(name=EDITORS).exists():
        Group.objects.filter(name="Moderators").update(name=EDITORS)
    return {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}


def grant_roles(apps, groups, root_page, root_collection):
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    for name, group in groups.items():
        GroupPagePermission.objects.filter(group=group).delete()
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(
                group=group, page=root_page, permission=permission("wagtailcore", codename)
            )
            for codename in PAGE_PERMISSIONS[name]
        )
        GroupCollectionPermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(
                group=group, collection=root_collection, permission=permission(*codename)
            )
            for codename in COLLECTION_PERMISSIONS[name]
        )
        if name == ADMINISTRATORS:
            group.permissions.set(Permission.objects.all())
        else:
            group.permissions.set([permission(*codename) for codename in MODEL_PERMISSIONS[name]])


def open_the_review_desk(apps, reviewers, home_page):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("wagtailcore", "Task")
    DeskReviewTask = apps.get_model("news", "DeskReviewTask")

    retired = Workflow.objects.filter(name="Moderators approval")
    WorkflowPage.objects.filter(workflow__in=retired).delete()
    Task.objects.filter(workflow_tasks__workflow__in=retired).update(active=False)
    retired.update(active=False)

    workflow, _ = Workflow.objects.get_or_create(name="Newsroom review", defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        task = DeskReviewTask.objects.create(
            name="Editor review",
            active=True,
            content_type=ContentType.objects.get_for_model(DeskReviewTask),
        )
        task.groups.set(reviewers)
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=0)
    # On the home page, so every section below it, present and future, uses this desk unless a
    # section is given a desk of its own (Wagtail uses the nearest workflow up the tree).
    WorkflowPage.objects.update_or_create(page=home_page, defaults={"workflow": workflow})


def set_up_the_newsroom(apps, schema_editor):
    create_all_permissions(apps, schema_editor.connection.alias)
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Site = apps.get_model("wagtailcore", "Site")

    groups = reshape_wagtail_groups(apps.get_model("auth", "Group"))
    grant_roles(apps, groups, Page.objects.get(depth=1), Collection.objects.get(depth=1))
    home_page = Site.objects.get(is_default_site=True).root_page
    # Administrators can do everything, reviewing included.
    open_the_review_desk(apps, [groups[EDITORS], groups[ADMINISTRATORS]], home_page)


class Migration(migrations.Migration):
    # Every app's latest migration: Administrators get every permission there is.
    dependencies = [
        ("news", "0003_deskreviewtask"),
        ("home", "0003_newsroom_settings"),
        ("webhooks", "0001_initial"),
        ("people", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sessions", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailembeds", "0009_embed_cache_until"),
        ("wagtailforms", "0005_alter_formsubmission_form_data"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    # Going back leaves the roles in place: taking them away would lock people out.
    operations = [migrations.RunPython(set_up_the_newsroom, migrations.RunPython.noop)]
