"""Reporters' "add" moves from the root of the page tree to each section (news/desk/section_grants.py).

Held on the root, it let a reporter create, copy or move a section onto the home page through
any route but the one admin view a hook guarded. Held on each section, Wagtail's own permission
checks refuse all of them alike, and stories are filed exactly as before.
"""

from django.db import migrations

REPORTERS = "Reporters"


def reporters_add_grants(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    reporters = Group.objects.filter(name=REPORTERS).first()
    add_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")
    grants = GroupPagePermission.objects.filter(group=reporters, permission=add_page)
    return reporters, add_page, grants


def file_in_sections(apps, schema_editor):
    reporters, add_page, grants = reporters_add_grants(apps)
    if reporters is None:
        return
    CategoryPage = apps.get_model("news", "CategoryPage")
    # The root and the home pages: where a grant would reach the sections themselves.
    grants.filter(page__depth__lte=2).delete()
    for section_id in CategoryPage.objects.values_list("pk", flat=True):
        grants.get_or_create(group=reporters, permission=add_page, page_id=section_id)


def file_anywhere(apps, schema_editor):
    reporters, add_page, grants = reporters_add_grants(apps)
    if reporters is None:
        return
    Page = apps.get_model("wagtailcore", "Page")
    grants.get_or_create(group=reporters, permission=add_page, page=Page.objects.get(depth=1))


class Migration(migrations.Migration):
    dependencies = [("news", "0008_page_children_index")]

    operations = [migrations.RunPython(file_in_sections, file_anywhere)]
