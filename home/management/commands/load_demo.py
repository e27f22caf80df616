"""Fill a fresh database with a small, believable newsroom, and print how to log in.

Safe to run on every `make run`: stories, sections and authors that exist are left alone,
so an editor's changes to the demo survive a restart.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Site

from home.demo_branding import brand
from home.demo_live import load_live_coverage
from home.models import NewsroomSettings
from news.desk.workflow import ADMINISTRATORS, EDITORS, REPORTERS
from news.importers.articles import article_files, parse_article
from news.importers.stories import save_article
from news.models import CategoryPage, NewsArticle
from people.models import Author

# The seed story is the fixture the tests use; the demo shows it alongside its own stories.
SEED_ARTICLE = settings.BASE_DIR / "tests" / "fixtures" / "seed-article.txt"
DEMO_ARTICLES = settings.BASE_DIR / "home" / "demo_content"

# Hours before now at which the demo stories were published, newest first, so that the
# Recent Posts sidebar reads "2 hours ago", "10 hours ago", "1 day ago" as the seed page does.
PUBLISHED_HOURS_AGO = [2, 10, 12, 13, 20, 27, 32, 50, 75, 100]

SECTION_INTROS = {
    "World": "Reporting from every region, on conflict, diplomacy and the people they touch.",
    "Business": "Markets, companies, trade and the economy.",
    "Science": "Research, discovery and the evidence behind the headlines.",
}

# Host names the demo Site may have been pointed at by an earlier run: Wagtail's own
# "localhost", and the addresses `make run` serves on this machine.
LOCAL_HOSTNAMES = {"localhost", "127.0.0.1", "::1"}

AUTHOR_ROLES = {"Mrityunjoy Kumar Jha": "Senior correspondent, South Asia"}

DEMO_USERS = [
    # username, password, full name, role (a group made by news/migrations/0004), what they may do
    ("admin", "newsdesk-admin", "Ada Admin", ADMINISTRATORS, "administrator: everything"),
    ("editor", "newsdesk-editor", "Ed Editor", EDITORS, "editor: reviews, publishes, schedules"),
    ("reporter", "newsdesk-reporter", "Rita Reporter", REPORTERS, "reporter: writes, submits"),
]


class Command(BaseCommand):
    help = "Load the demo newsroom (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        self.configure_site()
        created = self.load_stories() + load_live_coverage()
        self.describe_sections()
        self.describe_authors()
        self.brand_newsroom()
        self.stdout.write(
            f"Demo newsroom: {NewsArticle.objects.visible().count()} published stories "
            f"({created} new), {CategoryPage.objects.live().count()} sections, "
            f"{Author.objects.live().count()} authors."
        )
        if settings.NEWSDESK_DEMO_USERS:
            self.create_users()
        else:
            self.stdout.write("Demo users are only created with the development settings.")

    def configure_site(self):
        """Point the demo Site at the address `make run` serves (HOST and PORT, through
        WAGTAILADMIN_BASE_URL), so that every absolute URL the site and the API give opens
        there; run again on another port, it follows. A Site given a real host name is left
        alone."""
        address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        port = address.port or (443 if address.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        local = site is not None and site.hostname in {*LOCAL_HOSTNAMES, address.hostname}
        # Saved only when it moves: saving a Site makes every cached response stale.
        if local and (site.hostname, site.port) != (address.hostname, port):
            site.hostname, site.port = address.hostname, port
            site.save()

    def load_stories(self):
        paths = [SEED_ARTICLE, *article_files(DEMO_ARTICLES)]
        if len(paths) > len(PUBLISHED_HOURS_AGO):
            raise CommandError("Give every demo article a publication time in PUBLISHED_HOURS_AGO.")
        now = timezone.now()
        created = 0
        for path, hours_ago in zip(paths, PUBLISHED_HOURS_AGO, strict=False):
            parsed = parse_article(path.read_text(encoding="utf-8"))
            if NewsArticle.objects.filter(slug=parsed.slug).exists():
                continue
            story = save_article(parsed, publish=True).story
            published = now - timedelta(hours=hours_ago)
            NewsArticle.objects.filter(pk=story.pk).update(
                first_published_at=published, last_published_at=published
            )
            created += 1
        return created

    def describe_sections(self):
        for title, intro in SECTION_INTROS.items():
            section = CategoryPage.objects.filter(title=title, intro="").first()
            if section:
                section.intro = intro
                section.save_revision().publish()

    def describe_authors(self):
        for name, role in AUTHOR_ROLES.items():
            Author.objects.filter(name=name, role="").update(role=role)

    def brand_newsroom(self):
        """A logo and a default share image, so every demo story meets Google's NewsArticle
        requirements (an image, a publisher logo) though none has a photo."""
        for site in Site.objects.filter(is_default_site=True):
            added = brand(NewsroomSettings.for_site(site))
            if added:
                self.stdout.write(f"Newsroom branding added: {', '.join(added)}.")

    def create_users(self):
        User = get_user_model()
        self.stdout.write(f"Log in at {settings.WAGTAILADMIN_BASE_URL}/admin/ as:")
        for username, password, full_name, role, description in DEMO_USERS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@newsdesk.localhost"}
            )
            user.first_name, _, user.last_name = full_name.partition(" ")
            # Only the administrator is a superuser: the others get exactly their role's rights.
            user.is_staff = user.is_superuser = role == ADMINISTRATORS
            # Reset on every run so the printed password always works.
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"  {username} / {password}   ({description})")
