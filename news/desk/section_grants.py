"""Reporters write inside sections; the home page, where sections live, is the editors'.

Wagtail decides who may add a page by where the group's "add" permission sits in the tree, and
every route that puts a page somewhere (the admin's add, copy and move views, bulk actions,
API v3 create, copy, move and alias) asks the same `PagePermissionTester`. So Reporters hold
"add" on each section rather than on the root: they may file stories in any section, and no
route lets them create, copy or move a section onto the home page. Each new section grants it,
so the rule needs no one to remember it.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save
from wagtail.models import GroupPagePermission

from news.desk.workflow import REPORTERS
from news.models import CategoryPage


def let_reporters_file_in(section):
    reporters = Group.objects.filter(name=REPORTERS).first()
    if reporters is None:
        return
    GroupPagePermission.objects.get_or_create(
        group=reporters,
        page=section,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="add_page"
        ),
    )


def _new_section(sender, instance, created, raw, **kwargs):
    # A fixture being loaded brings its own grants.
    if created and not raw:
        let_reporters_file_in(instance)


def connect():
    post_save.connect(_new_section, sender=CategoryPage, dispatch_uid="news.desk.section_grants")
