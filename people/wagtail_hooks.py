from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from news.models import NewsArticle
from news.story_form import own_byline
from people.models import Author
from people.my_byline import create_my_byline, offer_a_byline


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "role", "slug", "live"]
    list_filter = ["live"]
    search_fields = ["name", "role"]


register_snippet(AuthorViewSet)


@hooks.register("register_admin_urls")
def my_byline_url():
    return [path("my-byline/", create_my_byline, name="my_byline")]


@hooks.register("before_create_page")
def offer_a_byline_to_a_reporter_without_one(request, parent_page, page_class):
    if request.method == "GET" and page_class is NewsArticle and own_byline(request.user) is None:
        offer_a_byline(request)
